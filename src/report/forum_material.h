// What the collaboration forums put on paper and in calendars (docs/FORUMS.md): a meeting's
// agenda and material as PDF, the meetings as an iCalendar feed (RFC 5545), and the steering
// group's overview of every measure and task as CSV.
//
// Owns: the shapes the forum service fills in (names already put on the ids, free text already
// masked for shared output) and their renderers. May use: domain/, report/pdf_layout.h. Pure (no
// I/O); thread-safe (each call makes its own PDF document).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/forum.h"
#include "domain/period.h"

namespace lagesbild::report {

// A decision as an agenda or the overview lists it.
struct DecisionLine {
  Id id = 0;
  std::string group;         // the group's name
  std::string meeting_date;  // "2026-11-16"
  std::string title;
  std::string kind;  // "task" or "measure"
  std::string organisation;
  std::string due;     // "YYYY-MM-DD"
  std::string status;  // "open" or "closed"
  std::optional<Id> measure_id;
  std::string measure_status;  // the measure's status when kind is measure, else ""
  std::optional<int> people_count;
  bool overdue = false;                        // open and due before the reference day
  std::vector<std::string> areas, categories;  // the measure's, or the group's for a task
};

// The agenda of one meeting, built from the picture for the group's areas and themes.
struct MeetingAgenda {
  std::string municipality, municipality_name;
  ForumGroup group;
  Meeting meeting;
  std::optional<Meeting> previous;  // the group's meeting before this one
  Period period;                    // "since the last meeting": what the flags cover
  struct Flag {
    std::string area, category;
    std::int64_t current = 0;
    double expected = 0, q = 1;
    bool rise = true;
  };
  std::vector<Flag> flags;  // what the lägesbild flags in the group's areas and themes
  // The group's areas that are Gi* hot spots among all the municipality's areas in the period
  // (class 1..3: 90/95/99 %), strongest first. Empty when the municipality has under 3 areas.
  struct Hotspot {
    std::string area;
    double count = 0, z = 0, p = 1;
    int bin = 0;
  };
  std::vector<Hotspot> hotspots;
  struct MeasureDue {
    Id id = 0;
    std::string title, status, organisation;
    std::optional<int> end_day;
    bool overdue = false;  // past its end day and not completed
  };
  std::vector<MeasureDue> measures_due;    // not final, in the group's areas, for follow-up
  std::int64_t unreviewed_reports = 0;     // in the period and the group's areas and themes
  std::vector<std::string> not_reported;   // member organisations without a report or
                                           // "nothing to report" in the period
  std::vector<DecisionLine> open_items;    // earlier meetings' decisions still open
  std::vector<DecisionLine> closed_items;  // earlier decisions closed since the last meeting
  std::vector<DecisionLine> decisions;     // taken at this meeting
  std::vector<std::string> members;        // member organisations' names
  std::vector<std::string> attending;      // attending organisations' names
  std::size_t attending_people = 0;        // members who attended (a count)
  std::string minutes;                     // masked for shared output
};

// The meeting material: agenda, open items, decisions and minutes, A4 PDF. Throws
// std::runtime_error when Cairo fails.
std::string meeting_pdf(const MeetingAgenda& agenda);

// One meeting as a calendar event.
struct CalendarEvent {
  std::string uid;  // stable: "meeting-<id>@<municipality>.lagesbild"
  UtcSeconds starts_at{};
  int duration_minutes = 90;
  std::string summary, location, description;
  bool cancelled = false;
};
// An iCalendar (RFC 5545) VCALENDAR of `events`: text escaped (\\ \; \, \n), lines folded at 75
// octets without splitting a UTF-8 character, CRLF line ends, DTSTART/DTEND in UTC, DTSTAMP
// `now`.
std::string meetings_ics(const std::string& calendar_name, const std::vector<CalendarEvent>& events,
                         UtcSeconds now);

// The steering group's overview: every decision (task or measure) across groups and every
// measure of the register no group decided, with counts.
struct ForumOverview {
  std::string municipality;
  std::string today;  // the reference day for "overdue"
  std::vector<DecisionLine> items;
  struct Count {
    std::string key;
    std::int64_t total = 0, open = 0, overdue = 0;
  };
  std::vector<Count> by_area, by_category, by_organisation, by_status, by_group;
  std::int64_t total = 0, open = 0, overdue = 0;
};
// One row per item: id (of the decision), measure_id, group, meeting_date, kind, title,
// organisation, due, status, measure_status, overdue, areas, categories (lists joined with "; ").
// Text is formula-guarded.
std::string overview_csv(const ForumOverview& overview);
const std::vector<std::string>& overview_csv_columns();

}  // namespace lagesbild::report

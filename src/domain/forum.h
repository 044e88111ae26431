// Collaboration forums (docs/FORUMS.md): the recurring groups that carry the EST work (steering
// group, management group, crime prevention council, the operational EST group, thematic groups,
// local networks, SSPF), their meetings, the decisions taken there (tasks, or measures in the
// register), and the collaboration agreement between municipality and police.
//
// No registers of individuals: these types hold groups, meetings, decisions and aggregated counts
// (Decision::people_count), never the identity of a person a meeting discusses. Members and
// attendees are the platform's own users and organisations.
//
// Owns: the value types, their enum <-> text conversions (with Swedish labels) and the cadence
// arithmetic. No I/O. Depends on domain/model.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.h"

namespace lagesbild {

enum class GroupKind { steering, management, council, operational, thematic, local_network, sspf };
std::string_view to_string(GroupKind k);
std::string_view swedish_label(GroupKind k);  // "Styrgrupp", "Ledningsgrupp", ...
std::optional<GroupKind> group_kind_from_string(std::string_view s);

// How often a group meets. four_times_a_year steps three calendar months.
enum class Cadence { weekly, every_other_week, monthly, four_times_a_year };
std::string_view to_string(Cadence c);
std::string_view swedish_label(Cadence c);  // "varje vecka", "varannan vecka", ...
std::optional<Cadence> cadence_from_string(std::string_view s);
// The local day one cadence step after `day` (days since 1970-01-01). A monthly step keeps the
// day of the month, clamped to the month's last day (31 January -> 28/29 February).
int next_meeting_day(Cadence c, int day);
// The nominal length of one step in days (7, 14, 30, 91), for "since the last meeting" when a
// group has no earlier meeting.
int cadence_days(Cadence c);

struct ForumGroup {
  Id id = 0;
  std::string municipality;
  std::string name;
  GroupKind kind = GroupKind::operational;
  Cadence cadence = Cadence::weekly;
  std::vector<Id> organisation_ids;  // member organisations, of the municipality
  std::vector<Id> member_ids;        // member users, each holding a role in the municipality
  std::vector<Id> area_ids;          // the areas it covers; empty: the whole municipality
  std::vector<Id> category_ids;      // the themes it covers; empty: every category
  Id created_by = 0;                 // 0: the local operator
  UtcSeconds created_at{};
};

enum class MeetingStatus { planned, held, cancelled };
std::string_view to_string(MeetingStatus s);
std::optional<MeetingStatus> meeting_status_from_string(std::string_view s);

struct Meeting {
  Id id = 0;
  Id group_id = 0;
  std::string municipality;
  UtcSeconds starts_at{};
  int duration_minutes = 90;
  std::string location;
  MeetingStatus status = MeetingStatus::planned;
  std::string minutes;                         // free text, through the personal data guard
  std::vector<Id> attending_organisation_ids;  // of the municipality
  std::vector<Id> attending_user_ids;          // members who attended
  Id created_by = 0;
  UtcSeconds created_at{};
};

// A decision becomes a task (an owner organisation does something by a day) or a measure in the
// register (Decision::measure_id). Either stays open until a later meeting closes it.
enum class DecisionKind { task, measure };
std::string_view to_string(DecisionKind k);
std::optional<DecisionKind> decision_kind_from_string(std::string_view s);

enum class DecisionStatus { open, closed };
std::string_view to_string(DecisionStatus s);
std::string_view swedish_name(DecisionStatus s);  // "öppen", "stängd"

struct Decision {
  Id id = 0;
  Id meeting_id = 0;
  std::string municipality;
  std::string title;
  std::string text;  // free text, through the personal data guard
  DecisionKind kind = DecisionKind::task;
  Id organisation_id = 0;  // the owner
  int due_day = 0;         // local day, not before the meeting's day
  std::optional<Id> measure_id;
  // How many people the decision concerns (e.g. young people in an intervention), as a count:
  // the product never records who.
  std::optional<int> people_count;
  DecisionStatus status = DecisionStatus::open;
  std::optional<UtcSeconds> closed_at;
  std::optional<Id> closed_in_meeting;  // the meeting that closed it, if any
  std::string closing_note;
  Id created_by = 0;
  UtcSeconds created_at{};
};

struct AgreementFollowUp {
  Id id = 0;
  Id agreement_id = 0;
  int year = 0;
  std::string text;
  Id by = 0;
  UtcSeconds at{};
};

// A samverkansöverenskommelse between the municipality and the police (and other parties).
struct CollaborationAgreement {
  Id id = 0;
  std::string municipality;
  std::string title;
  int from_day = 0, to_day = 0;  // local days, inclusive
  std::vector<Id> party_ids;     // organisations
  std::vector<Id> area_ids;      // focus areas
  std::vector<Id> category_ids;  // focus themes
  std::string commitments;       // what each party commits to, one per line
  std::vector<Id> promise_ids;   // linked medborgarlöften
  std::vector<Id> measure_ids;   // linked measures
  Id created_by = 0;
  UtcSeconds created_at{};
  std::vector<AgreementFollowUp> follow_ups;  // oldest first; set by the store on read
};

}  // namespace lagesbild

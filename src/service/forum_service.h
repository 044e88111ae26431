// Collaboration forums and governance (docs/FORUMS.md): the groups that carry the EST work, their
// meetings with an agenda generated from the lägesbild, minutes and attendance, decisions that
// become tasks or measures in one action, the collaboration agreement between municipality and
// police with its yearly follow-up, and the steering group's overview of every measure and task.
//
// Owns: validating forum input against the municipality's deployment (organisations, users with
// a role there, areas, categories), the cadence scheduling, the agenda, who may do what, and the
// personal data guard on minutes and decision texts. May use: store/, ingest/ (ReportContext,
// the personal data guard), report/ (forum_material.h), service/ (ReportService for municipality
// resolution, SituationService for the flags, AnalysisService for the agenda's Gi* hot spots
// per area, MeasureService for decisions that are measures).
//
// No registers of individuals: the service records groups, meetings, decisions and counts only.
// Free text (minutes, decision titles and texts, commitments, follow-ups) meets the
// municipality's personal data policy: under block a text with personal data is refused naming
// the field; under warn it is stored and the kinds found are returned; shared outputs (the PDF
// material, the calendar) are masked for everyone, and the JSON for readers who may not write
// minutes.
//
// Access (docs/ACCESS.md): every role of the municipality reads groups, meetings, agendas,
// agreements and the overview; coordinators and admins (Capability::measure_manage) create
// groups, meetings, decisions and agreements and close decisions; analysts, coordinators and
// admins (Capability::situation_write) write minutes and attendance. Every read and write is
// audited; writes in the same transaction as the change. Throws ServiceError: invalid (every
// wrong field by name), forbidden, not_found (no such group, meeting, decision or agreement in
// the municipality), conflict (closing a closed decision). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/forum.h"
#include "ingest/personal_data.h"
#include "report/forum_material.h"
#include "service/analysis_service.h"
#include "service/measure_service.h"
#include "service/situation_service.h"

namespace lagesbild {

// References are names or ids ("#12" or "12"); members are usernames or user ids.
struct GroupInput {
  std::string municipality;  // empty: the caller's only municipality
  std::string name, kind, cadence;
  std::vector<std::string> organisations, members, areas, categories;
};

struct MeetingInput {
  std::string municipality;
  Id group_id = 0;
  std::string starts;  // "2026-11-16T09:00" (Europe/Stockholm unless an offset is given)
  std::optional<int> duration_minutes;  // 1..1440, default 90
  std::string location;
};

// The next `count` meetings of a group by its cadence: after its latest meeting (same local time
// of day), or from `first` when it has none.
struct ScheduleInput {
  std::string municipality;
  Id group_id = 0;
  int count = 1;      // 1..52
  std::string first;  // as MeetingInput::starts; required when the group has no meeting yet
  std::optional<int> duration_minutes;
  std::string location;
};

// Minutes and attendance; an unset member keeps what is stored.
struct MinutesInput {
  std::string municipality;
  std::optional<std::string> minutes, status, location;
  std::optional<std::vector<std::string>> attending_organisations, attending_members;
};

struct MinutesResult {
  Meeting meeting;
  std::vector<ingest::PersonalDataKind> personal_data;  // found in the minutes (warn policy)
};

// A decision. kind "measure" registers a measure (MeasureService) in the same transaction: its
// title and description are the decision's, its owner the decision's organisation, its start
// the meeting's day and its end the due day; areas and categories default to the group's.
struct DecisionInput {
  std::string municipality;
  Id meeting_id = 0;
  std::string title, text, kind, organisation, due;
  std::optional<int> people_count;
  struct MeasurePart {
    std::string kind, level, type, status;  // status: proposed (default) or decided
    std::optional<std::vector<std::string>> areas, categories;
    std::optional<double> cost;
  } measure;
};

struct DecisionResult {
  Decision decision;
  std::optional<Measure> measure;
  std::vector<ingest::PersonalDataKind> personal_data;
};

struct CloseInput {
  std::string municipality;
  std::optional<Id> meeting_id;  // the meeting that closes it, if any
  std::string note;
};

struct AgreementInput {
  std::string municipality;
  std::string title, from, to, commitments;
  std::vector<std::string> parties, areas, categories, promises, measures;
};

struct FollowUpInput {
  std::string municipality;
  std::optional<int> year;
  std::string text;
};

class ForumService {
 public:
  ForumService(Store& store, ContextCache& contexts, ReportService& reports,
               SituationService& situation, MeasureService& measures, AnalysisService& analysis)
      : store_(store),
        contexts_(contexts),
        reports_(reports),
        situation_(situation),
        measures_(measures),
        analysis_(analysis) {}

  ForumGroup create_group(const Principal& who, const GroupInput& input);
  std::vector<ForumGroup> groups(const Principal& who, const std::string& municipality);
  ForumGroup group(const Principal& who, const std::string& municipality, Id id);

  Meeting create_meeting(const Principal& who, const MeetingInput& input);
  std::vector<Meeting> schedule(const Principal& who, const ScheduleInput& input);
  // The municipality's meetings (of one group when set), oldest first.
  std::vector<Meeting> meetings(const Principal& who, const std::string& municipality,
                                std::optional<Id> group);
  Meeting meeting(const Principal& who, const std::string& municipality, Id id);
  MinutesResult record(const Principal& who, Id meeting_id, const MinutesInput& input);

  DecisionResult decide(const Principal& who, const DecisionInput& input);
  Decision close(const Principal& who, Id decision_id, const CloseInput& input);

  // The meeting's agenda: the open items of earlier meetings, what the lägesbild flags since the
  // group's previous meeting in its areas and themes, measures to follow up, unreviewed reports,
  // organisations that have not reported, and this meeting's decisions and minutes.
  report::MeetingAgenda agenda(const Principal& who, const std::string& municipality, Id meeting);
  std::string material_pdf(const Principal& who, const std::string& municipality, Id meeting);
  // The municipality's meetings (one group's when set) as iCalendar text.
  std::string calendar(const Principal& who, const std::string& municipality,
                       std::optional<Id> group);
  // Every decision across groups and every measure no group decided; overdue against today.
  report::ForumOverview overview(const Principal& who, const std::string& municipality);
  std::string overview_csv(const Principal& who, const std::string& municipality);

  CollaborationAgreement create_agreement(const Principal& who, const AgreementInput& input);
  std::vector<CollaborationAgreement> agreements(const Principal& who,
                                                 const std::string& municipality);
  CollaborationAgreement follow_up(const Principal& who, Id agreement, const FollowUpInput& input);

  std::shared_ptr<const ingest::ReportContext> context(const std::string& municipality) {
    return contexts_.get(municipality);
  }
  // Measures and promises of the municipality, for front ends that print what an agreement
  // links (no audit: the caller has read the agreement).
  std::vector<Measure> linked_measures(const std::string& municipality) {
    return store_.measures(municipality);
  }
  std::vector<CitizenPromise> linked_promises(const std::string& municipality) {
    return store_.citizen_promises(municipality);
  }

 private:
  void log(const Principal& who, const std::string& municipality, std::string action,
           std::string object);
  // The personal data kinds in `text`; under the block policy an error on `field` too.
  std::vector<ingest::PersonalDataKind> guard(const std::string& municipality,
                                              const std::string& field, const std::string& text,
                                              Errors& errors);
  ForumGroup find_group(const std::string& municipality, Id id);
  Meeting find_meeting(const std::string& municipality, Id id);
  std::vector<Meeting> plan(const ForumGroup& g, const std::vector<Meeting>& existing,
                            const ScheduleInput& input, const Principal& who, Errors& errors);
  std::vector<report::DecisionLine> lines(const std::string& municipality,
                                          const std::vector<Decision>& decisions, int today);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
  SituationService& situation_;
  MeasureService& measures_;
  AnalysisService& analysis_;
};

}  // namespace lagesbild

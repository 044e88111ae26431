// The follow-up side of EST: measures (åtgärder) decided on the lägesbild, their status workflow
// and follow-up notes, and safety walks (trygghetsvandringar) whose observations can become
// measures. Names follow the glossary in MISSION.md and are the same in the API and the database.
//
// Owns: the measure and safety-walk value types, their enum <-> text conversions (with the
// Swedish labels people see) and the workflow rule. No I/O. Depends on domain/model.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.h"

namespace lagesbild {

// Situational measures change the place or the situation (lighting, cameras); social ones reduce
// the motivation to offend over time (field work, parental support).
enum class MeasureKind { situational, social };
std::string_view to_string(MeasureKind k);
std::optional<MeasureKind> measure_kind_from_string(std::string_view s);

// Prevention level: for everyone (generell), for groups at risk (selektiv), for individuals
// (indikerad).
enum class PreventionLevel { universal, selective, indicated };
std::string_view to_string(PreventionLevel l);
std::optional<PreventionLevel> prevention_level_from_string(std::string_view s);

enum class MeasureType {
  lighting,
  camera_surveillance,
  safety_hosts,
  field_work,
  parental_support,
  sspf_sig,
  physical_repair,
  cleaning,
  other,
};
std::string_view to_string(MeasureType t);
std::string_view swedish_label(MeasureType t);  // "Belysning", "Kamerabevakning", ...
std::optional<MeasureType> measure_type_from_string(std::string_view s);
// Every type, in the order above (for listings and error messages).
const std::vector<MeasureType>& all_measure_types();

// The workflow: proposed -> decided -> ongoing -> completed -> evaluated, forward one step at a
// time. A measure that is dropped becomes cancelled from any state that is not final; evaluated
// and cancelled are final.
enum class MeasureStatus { proposed, decided, ongoing, completed, evaluated, cancelled };
std::string_view to_string(MeasureStatus s);
std::string_view swedish_name(MeasureStatus s);  // "föreslagen", "beslutad", ...
std::optional<MeasureStatus> measure_status_from_string(std::string_view s);
bool is_final(MeasureStatus s);
// True when the workflow allows `to` directly after `from`.
bool may_follow(MeasureStatus from, MeasureStatus to);

// One step of a measure's history: the status it entered, who (0: the local operator) and when.
struct MeasureStep {
  MeasureStatus status = MeasureStatus::proposed;
  Id by = 0;
  UtcSeconds at{};
  std::string note;
};

// A follow-up note: what has been done, what was seen.
struct MeasureNote {
  Id id = 0;
  Id by = 0;  // 0: the local operator
  UtcSeconds at{};
  std::string text;
};

// A decided (or proposed) action with owner, areas, dates, cost and status.
//
// Invariants (checked by the service, relied on by the store): a non-empty title; at least one
// area; every referenced id in the measure's municipality; end_day >= start_day when set;
// cost_sek >= 0; history holds every step in order, the last one's status equals `status`.
struct Measure {
  Id id = 0;
  std::string municipality;
  std::string title;
  std::string description;
  MeasureKind kind = MeasureKind::situational;
  PreventionLevel level = PreventionLevel::universal;
  MeasureType type = MeasureType::other;
  std::vector<Id> area_ids;      // target areas, at least one; the first is the main one
  std::vector<Id> place_ids;     // optional named places
  std::vector<Id> category_ids;  // the problem it answers
  std::string period;            // the lägesbild period where it was decided ("2026-W45"), or ""
  std::string hotspot;           // free-text reference to a hotspot, or ""
  Id organisation_id = 0;        // responsible organisation
  std::vector<Id> partner_ids;   // partner organisations
  int start_day = 0;             // local calendar days since 1970-01-01
  std::optional<int> end_day;    // inclusive
  std::optional<std::int64_t> cost_sek;
  MeasureStatus status = MeasureStatus::proposed;
  std::vector<MeasureStep> history;  // oldest first; set by the store on read
  std::vector<MeasureNote> notes;    // oldest first; set by the store on read
};

enum class ObservationType { lighting, vegetation, graffiti, litter, damaged_property, other };
std::string_view to_string(ObservationType t);
std::string_view swedish_label(ObservationType t);  // "Belysning", "Vegetation", "Klotter", ...
std::optional<ObservationType> observation_type_from_string(std::string_view s);

enum class ObservationStatus { open, in_progress, done };
std::string_view to_string(ObservationStatus s);
std::optional<ObservationStatus> observation_status_from_string(std::string_view s);

// One thing seen on a safety walk, at a point, assigned to an organisation to put right.
struct WalkObservation {
  Id id = 0;
  Id walk_id = 0;
  std::string municipality;
  Location location;
  std::optional<Id> area_id;  // the area the point falls in, if any
  ObservationType type = ObservationType::other;
  std::string description;
  std::optional<Id> organisation_id;  // responsible for putting it right
  ObservationStatus status = ObservationStatus::open;
  std::optional<Id> measure_id;  // the measure made from it, if any
  Id created_by = 0;             // 0: the local operator
  UtcSeconds created_at{};
};

// A trygghetsvandring: residents, the municipality, the housing company and the police walk a
// route and note what makes the place feel unsafe.
struct SafetyWalk {
  Id id = 0;
  std::string municipality;
  int day = 0;  // local calendar day of the walk
  std::vector<Id> area_ids;
  std::string route;
  std::vector<Id> organisation_ids;  // participating organisations
  Id created_by = 0;                 // 0: the local operator
  UtcSeconds created_at{};
  std::vector<WalkObservation> observations;  // oldest first; set by the store on read
};

// A medborgarlöfte: what the local police area and the municipalities promise the residents for
// a year, built on the lägesbild, with activities that are followed up.
enum class ActivityStatus { planned, ongoing, done, cancelled };
std::string_view to_string(ActivityStatus s);
std::string_view swedish_name(ActivityStatus s);  // "planerad", "pågående", "genomförd", ...
std::optional<ActivityStatus> activity_status_from_string(std::string_view s);

struct PromiseActivity {
  Id id = 0;
  Id promise_id = 0;
  std::string text;
  Id organisation_id = 0;           // the owner, an organisation of the promise's municipality
  std::optional<int> deadline_day;  // local day
  ActivityStatus status = ActivityStatus::planned;
};

struct CitizenPromise {
  Id id = 0;
  std::string municipality;  // the municipality that keeps it (and reads it with the others)
  int year = 0;
  std::string police_area;                  // "Lokalpolisområde Borlänge"
  std::vector<std::string> municipalities;  // codes; the first is `municipality`
  std::string period;                       // the lägesbild it builds on ("2025"), or ""
  std::string text;                         // the promise itself
  Id created_by = 0;                        // 0: the local operator
  UtcSeconds created_at{};
  std::vector<PromiseActivity> activities;  // in the order added; set by the store on read
};

}  // namespace lagesbild

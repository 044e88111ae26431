// The vocabulary every stage shares: municipality, organisation, user, category, area, place,
// report. Names follow the glossary in MISSION.md and are the same in the API and the database.
//
// Owns: plain value types and their enum <-> text conversions. No I/O. Depends on domain/time.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace lagesbild {

using Id = std::int64_t;

// A tenant, identified by its 4-digit SCB code (Borlänge "2081").
struct Municipality {
  std::string code;
  std::string name;
  // Days between the reports an organisation is expected to make (EST: 7 or 14).
  int reporting_cadence_days = 7;
  // Optional boundary as a GeoJSON Polygon/MultiPolygon geometry in WGS84; when set, report points
  // must fall inside it. Empty when unknown.
  std::string boundary_geojson;
};

// Checks a municipality code: exactly four digits.
bool is_municipality_code(std::string_view code);

// The national tenant ("Riket"): a municipality row no report belongs to, whose areas are the
// country's municipalities, named as they are (`lagesbild national init`). A role there reads
// the national view: counts per municipality, never a report (docs/ANALYSIS.md).
inline constexpr std::string_view kNationalCode = "0000";

// A reporting body within one municipality (Polisen, Tunabyggen, Räddningstjänsten ...). An
// authority that serves several municipalities has one organisation row in each.
struct Organisation {
  Id id = 0;
  std::string municipality;
  std::string name;
  std::string kind;  // free classification: police, housing, school, social, rescue, transport ...
};

enum class Role { reporter, analyst, coordinator, admin, viewer };
std::string_view to_string(Role r);
std::optional<Role> role_from_string(std::string_view s);

// A role held in one municipality, on behalf of one organisation there.
struct RoleGrant {
  std::string municipality;
  Role role = Role::reporter;
  Id organisation_id = 0;
  bool operator==(const RoleGrant&) const = default;
};

struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;  // argon2id, libsodium's encoded string
  bool disabled = false;
  std::vector<RoleGrant> grants;
};

// A node of a municipality's category tree. `code` is a stable ASCII key ("skadegorelse.klotter")
// unique within the municipality; `name` is the Swedish label shown to people.
struct Category {
  Id id = 0;
  std::string municipality;
  std::string code;
  std::string name;
  std::optional<Id> parent_id;
  bool active = true;
};

// A polygon inside a municipality (Tjärna Ängar, Centrum). The geometry is a GeoJSON Polygon or
// MultiPolygon in WGS84, already validated (see geo/geometry.h).
struct Area {
  Id id = 0;
  std::string municipality;
  std::string name;
  std::string kind;  // e.g. "bostadsområde", "centrum"; free text
  std::string geometry_geojson;
};

// A point location: WGS84 and its SWEREF 99 TM (EPSG:3006) projection, always both.
struct Location {
  double lat = 0, lon = 0;
  double x = 0, y = 0;  // easting, northing in metres
  bool operator==(const Location&) const = default;
};

// A named point (Resecentrum, Maserhallen, a school).
struct Place {
  Id id = 0;
  std::string municipality;
  std::string name;
  std::string kind;
  Location location;
  std::optional<Id> area_id;  // the area the point falls in, if any
};

enum class Source { form, csv, api, polisen };
std::string_view to_string(Source s);
std::optional<Source> source_from_string(std::string_view s);

// How well a report's point says where it happened. Maps and point analyses (hotspots, near
// repeat) treat only `exact` and `place` as a place on the map; `area`, `municipality` and
// `county` points only stand for a region (a police event is known to the municipality: its point
// is drawn inside the municipality, not at the event).
enum class LocationPrecision { exact, place, area, municipality, county };
std::string_view to_string(LocationPrecision p);
std::optional<LocationPrecision> location_precision_from_string(std::string_view s);
// Whether a point of this precision may be drawn or analysed as where something happened.
inline bool is_map_point(LocationPrecision p) {
  return p == LocationPrecision::exact || p == LocationPrecision::place;
}

enum class ReportStatus { submitted, reviewed };
std::string_view to_string(ReportStatus s);
std::optional<ReportStatus> report_status_from_string(std::string_view s);

// One reported observation or incident.
//
// Invariants (checked by ingest/, relied on by store/ and analysis):
// - at least one of location, place_id, area_id is set; with a place, location is the place's
// point;
// - occurred_to, when set, is >= occurred_from and at most kMaxReportInterval later;
// - 1 <= count, 1 <= severity <= 3;
// - external_id is unique per (municipality, source, organisation_id) when not empty.
struct Report {
  Id id = 0;
  std::string municipality;
  Id organisation_id = 0;
  std::optional<Id> reporter_id;  // the user who reported; empty for imports without a user
  Id category_id = 0;
  UtcSeconds occurred_from{};
  std::optional<UtcSeconds> occurred_to;
  std::optional<Location> location;
  std::optional<Id> place_id;
  std::optional<Id> area_id;
  // Set by ingest::resolve (exact for a point, place for a place, area for an area only) and by
  // the police events import (municipality).
  LocationPrecision location_precision = LocationPrecision::exact;
  int count = 1;
  int severity = 1;
  std::string description;
  Source source = Source::form;
  std::string external_id;
  UtcSeconds created_at{};
  ReportStatus status = ReportStatus::submitted;
  std::optional<Id> reviewed_by;
  std::optional<UtcSeconds> reviewed_at;
};

// The EST escalation scale of an area (Örebro's practice): green (calm) to red (serious, a
// coordinated response). A status holds from the period it was set in until it is changed.
enum class AreaStatus { green, yellow, orange, red };
std::string_view to_string(AreaStatus s);     // "green" ...
std::string_view swedish_name(AreaStatus s);  // "grön", "gul", "orange", "röd"
std::optional<AreaStatus> area_status_from_string(std::string_view s);

// The coordinator's written assessment of one period and the actions it proposes. Never edited
// in place: each save is a new version, so the history says who wrote what, when.
struct Assessment {
  Id id = 0;
  std::string municipality;
  std::string period;  // the period's label (domain/period.h), e.g. "2026-W47"
  int version = 0;     // 1, 2, ... per (municipality, period); set by the store
  std::string text;
  std::string proposed_actions;
  Id author_id = 0;  // 0: the local operator (the CLI)
  UtcSeconds created_at{};
  std::string author_name;  // read only: the author's display name (or username)
};

// One change of an area's status, in force from the local day `from_day` (the first day of the
// period it was set for) until the next change with a later `from_day`.
struct AreaStatusChange {
  Id id = 0;
  std::string municipality;
  Id area_id = 0;
  AreaStatus status = AreaStatus::green;
  int from_day = 0;  // local calendar day, days since 1970-01-01
  std::string note;
  Id set_by = 0;  // 0: the local operator
  UtcSeconds set_at{};
};

// "Nothing to report": an organisation went through its checklist for the period and saw
// nothing, in the given area or (area_id empty) anywhere. It lets the picture tell a quiet
// organisation from one that has not reported.
struct NothingToReport {
  Id id = 0;
  std::string municipality;
  Id organisation_id = 0;
  std::optional<Id> area_id;
  int first_day = 0, end_day = 0;  // the local days [first_day, end_day) it covers
  Id declared_by = 0;              // 0: the local operator
  UtcSeconds declared_at{};
};

// A police summary event ("Sammanfattning natt"): the police's digest of a night or a weekend in
// a county or municipality. Kept apart from reports because it retells events that are also
// published one by one: counted as a report it would count them twice. Unique by external_id
// (the police's event id).
struct PoliceSummary {
  Id id = 0;
  std::string external_id;
  std::string county_code;   // two digits (SCB), e.g. "20" for Dalarnas län
  std::string municipality;  // the municipality's code when the summary names one, else empty
  UtcSeconds occurred_at{};
  std::string type;  // "Sammanfattning natt", ...
  std::string title, summary, url;
  bool operator==(const PoliceSummary&) const = default;
};

// An observation interval longer than this is not an observation ("sometime this month"); EST
// reporters report at most every 14 days, so that bounds it. Queries rely on the bound.
inline constexpr std::chrono::seconds kMaxReportInterval = std::chrono::hours{24 * 14};

}  // namespace lagesbild

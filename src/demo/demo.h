// The demo municipality: a seeded simulation of three years of EST reporting in "Borlänge (demo)",
// for demonstrations, manual testing and as data with a known answer for the analyses.
//
// Owns: the synthetic geography (boundary, 15 areas tiling the town, ~30 places), the cast (the ten
// reporting organisations of Borlänge's EST, demo users), the report simulator and its ground
// truth (hotspots, emerging hotspots, injected anomalies, one measure with a known effect).
// May use: domain/, geo/, store/, auth/, nlohmann-json.
//
// Determinism: the same DemoOptions give the same DemoWorld, byte for byte, on every run (the
// geography does not depend on the seed at all; the reports do). Nothing reads the wall clock.
// Thread-safety: the functions are reentrant; generate_demo builds its own Projector.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/model.h"
#include "domain/taxonomy.h"
#include "store/store.h"

namespace lagesbild::demo {

// The password of every demo user. Documented, deliberately: the demo database is for showing the
// product, never for real data.
inline constexpr std::string_view kDemoPassword = "demo-lagesbild";

inline constexpr std::string_view kDemoMunicipalityCode = "2081";
inline constexpr std::string_view kDemoMunicipalityName = "Borlänge (demo)";

struct DemoOptions {
  std::uint64_t seed = 1;
  // "Demo today": the reports end with the ISO week before the one holding this date. A parameter,
  // not the wall clock, so that a seed always gives the same database.
  std::chrono::sys_days today = std::chrono::year{2026} / std::chrono::November / 16;
  int weeks = 156;  // three years of weeks, at least 16 (the emerging hotspots need 12)
};

struct DemoArea {
  std::string name;
  std::string kind;
  std::string geometry_geojson;  // GeoJSON Polygon, WGS84, exterior ring counter-clockwise
};

struct DemoPlace {
  std::string name;
  std::string kind;
  std::string area;  // the area the point lies in
  Location location;
};

struct DemoUser {
  std::string username;
  std::string display_name;
  Role role = Role::reporter;
  std::string organisation;  // the organisation the role is held for
};

// A report naming its organisation, category and place instead of referring to ids.
struct DemoReport {
  std::string organisation;          // Organisation::name
  std::string category;              // CategorySeed::code, always a leaf of the default tree
  std::string reporter;              // DemoUser::username
  std::optional<std::string> place;  // DemoPlace::name; then location is the place's point
  // The area the simulator put the report in: for a point, the area containing it (none for the
  // countryside); for reports without a point (Socialtjänsten reports per area), the only
  // location there is.
  std::optional<std::string> area;
  std::optional<Location> location;
  UtcSeconds occurred_from{};
  std::optional<UtcSeconds> occurred_to;
  int count = 1;
  int severity = 1;
  std::string description;
  Source source = Source::form;
  std::string external_id;  // "demo-000001", unique in the world
  UtcSeconds created_at{};
  ReportStatus status = ReportStatus::submitted;
  std::optional<UtcSeconds> reviewed_at;  // reviewed by the coordinator ("samordnare")
};

// ---- ground truth: what the simulator put in, for checking what the analyses find ----

// A persistent concentration of points around a centre, over the whole period.
struct TruthHotspot {
  std::string name;
  std::string area;
  std::string place;    // the named place at the centre
  double x = 0, y = 0;  // SWEREF 99 TM centre
  double lat = 0, lon = 0;
  double radius_m = 0;  // points are normal around the centre (sigma radius/2), cut at radius
  std::vector<std::string> categories;
  double weekly_rate = 0;  // mean reports per week from the concentration alone
};

// A concentration that starts late and grows: rate(week) = initial_weekly_rate * growth^(week -
// start_week), zero before the start week.
struct TruthEmergingHotspot {
  std::string name;
  std::string area;
  std::string place;
  double x = 0, y = 0;
  double lat = 0, lon = 0;
  double radius_m = 0;
  std::vector<std::string> categories;
  std::string start_week;  // "2026-W35"
  double initial_weekly_rate = 0;
  double weekly_growth = 1;  // multiplicative, per week
};

// One ISO week x area x category with injected extra reports.
struct TruthAnomaly {
  std::string week;  // "2026-W46"
  std::string area;
  std::string category;
  std::string organisation;  // who reports the extra events
  double expected = 0;       // the simulator's mean count for the cell without the injection
  int injected = 0;          // extra reports added to the cell
};

// A measure with a known effect from its start week on: the rate of `categories` in `area` is
// multiplied by (1 + effect); in `displacement_area` by (1 + displacement); `comparison_area` is
// untouched.
struct TruthMeasure {
  std::string name;
  std::string kind;  // "situational"
  std::string area;
  std::vector<std::string> categories;
  std::string start_week;
  double effect = -0.30;
  std::string displacement_area;
  double displacement = 0.10;
  std::string comparison_area;
};

struct GroundTruth {
  std::vector<TruthHotspot> hotspots;
  std::vector<TruthEmergingHotspot> emerging_hotspots;
  std::vector<TruthAnomaly> anomalies;
  TruthMeasure measure;
};

struct DemoWorld {
  DemoOptions options;
  std::string first_week, last_week;  // "2023-W47", "2026-W46": the weeks with reports
  Municipality municipality;          // with the boundary
  std::vector<Organisation>
      organisations;                     // ids 0; the ten reporters, then the municipality itself
  std::vector<CategorySeed> categories;  // default_categories()
  std::vector<DemoArea> areas;
  std::vector<DemoPlace> places;
  std::vector<DemoUser> users;
  std::vector<DemoReport> reports;  // ordered by occurred_from
  GroundTruth truth;
};

// Simulates the demo municipality. Throws std::invalid_argument for options out of range, and
// std::logic_error if the scenario itself is inconsistent (a bug).
DemoWorld generate_demo(const DemoOptions& options);

struct DemoSummary {
  std::string municipality;
  std::size_t organisations = 0, categories = 0, areas = 0, places = 0, users = 0;
  std::size_t reports_inserted = 0, reports_duplicate = 0;
  std::size_t reports_without_area = 0;  // countryside points outside every area
};

// Writes the world into `store` in one transaction: municipality, organisations, categories (with
// parent ids), areas, places (area by AreaIndex), users (password kDemoPassword) and the reports
// in batches (ids resolved by name, area_id by AreaIndex for points). All or nothing: throws
// ConflictError, leaving the store as it was, when the municipality or a demo username already
// exists; StoreError when the engine fails; std::logic_error if the world is inconsistent.
DemoSummary write_demo(Store& store, const DemoWorld& world);

// The ground truth as JSON text (pretty-printed), and written to a file (replacing it). Throws
// std::runtime_error when the file cannot be written.
std::string ground_truth_json(const DemoWorld& world);
void write_ground_truth(const DemoWorld& world, const std::filesystem::path& path);

// Where the ground truth of a demo database goes: next to it, PATH + ".truth.json". Takes the
// database as open_store does ("demo.db" or "sqlite:demo.db").
std::filesystem::path ground_truth_path(std::string_view database);

}  // namespace lagesbild::demo

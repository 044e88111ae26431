// Internal to demo/: the script of the demo municipality, as data. Who reports what, where, when
// and how often; where the hotspots are; which week has an anomaly; what the measure does.
//
// Rates are reports per week over the whole municipality before the seasonal and calendar
// factors (whose yearly mean is about 1, fireworks aside). Everything here is fixed: the seed only
// changes which events the rates produce.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "domain/model.h"

namespace lagesbild::demo::scenario {

// An area and what drives reporting in it. Cells: the town is a 5 x 3 grid of irregular cells,
// column 0 in the west, row 0 in the south.
struct AreaSpec {
  std::string_view name;
  std::string_view kind;
  int col = 0, row = 0;
  double population = 1;     // thousands of residents
  double rental = 1;         // share of public rental housing (Tunabyggen), relative
  double vulnerability = 1;  // socio-economic strain, relative; Tjärna Ängar is the "risk area"
  double nightlife = 0;      // restaurants, late-night transport
  double commerce = 0;       // shops
};
const std::vector<AreaSpec>& areas();

// A named place, positioned by (u, v) in the unit square of its area's grid cell.
struct PlaceSpec {
  std::string_view name;
  std::string_view kind;
  std::string_view area;
  double u = 0.5, v = 0.5;
};
const std::vector<PlaceSpec>& places();

struct OrganisationSpec {
  std::string_view name;
  std::string_view kind;
  std::string_view username;  // its demo reporter
  Source source;              // how its reports arrive
};
// The ten reporting organisations of Borlänge's EST.
const std::vector<OrganisationSpec>& organisations();
// The municipality's own organisation, for the coordinator, analyst and administrator roles (a
// role grant must name an organisation). It reports nothing.
inline constexpr std::string_view kMunicipalOrganisation = "Borlänge kommun";

// When in the week (168 hours) a kind of report happens.
enum class TimeProfile {
  nightlife,          // evenings and nights, Friday and Saturday nights far above the rest
  evening,            // afternoons and evenings, more at weekends
  school,             // school days 8-16
  youth_centre,       // opening hours of a fritidsgård
  daytime,            // office hours
  all_day,            // a soft daily rhythm
  transit,            // rush hours and weekend nights
  arena,              // weekday evenings, weekend afternoons
  morning_discovery,  // damage found in the morning, most on Mondays
};

enum class Season {
  flat,
  summer,         // outdoor life: +35 % in July, -35 % in January
  strong_summer,  // moped season
  growing,        // overgrown bushes: May-September only
  dark,           // lighting faults: the dark half of the year
  winter,         // a mild winter excess (burglary in the dark, indoor arena season)
  fireworks,      // New Year (and a little Valborg and Halloween)
};

enum class Closure {
  none,
  school,        // nothing on school holidays (and nothing at weekends, by the profile)
  youth_centre,  // reduced in July and over Christmas
};

// What interval a report states.
enum class Span {
  point,       // a moment
  discovered,  // found at a moment, happened since the evening before (since Friday on Mondays)
  shift,       // a field shift, e.g. Friday 22:00-02:00
  duration,    // an event of 1-4 hours
  week_span,   // "this week", Monday 08:00 - Friday 17:00
};

enum class Where {
  areas,      // a uniform point in an area (or the countryside, see rural_share)
  places,     // at a place of one of place_kinds
  area_only,  // an area without a point
  cluster,    // around a hotspot centre
};

// The area weight of a stream: population * vulnerability^vulnerability * rental^rental *
// (1 + nightlife * nightlife) * (1 + commerce * commerce).
struct Affinity {
  double vulnerability = 0, rental = 0, nightlife = 0, commerce = 0;
};

// One organisation reporting one category: the unit of simulation.
struct StreamSpec {
  std::string_view organisation;
  std::string_view category;
  double weekly_rate = 0;
  Where where = Where::areas;
  Affinity affinity;
  double rural_share = 0;        // share of Where::areas points in the countryside
  std::string_view place_kinds;  // Where::places: kinds separated by '|'
  TimeProfile profile = TimeProfile::all_day;
  Season season = Season::flat;
  Closure closure = Closure::none;
  Span interval = Span::point;
  double extra_count = 0;  // mean of count - 1 (geometric)
  std::array<double, 3> severity = {0.7, 0.25, 0.05};
};
const std::vector<StreamSpec>& streams();

// A persistent hotspot: extra Where::cluster streams around a place.
struct HotspotSpec {
  std::string_view name;
  std::string_view place;
  double radius_m = 150;
  std::vector<StreamSpec> streams;
};
const std::vector<HotspotSpec>& hotspots();

// An emerging hotspot: cluster streams starting `weeks` before the end and growing each week.
struct EmergingSpec {
  std::string_view name;
  std::string_view place;
  double radius_m = 200;
  int weeks = 12;
  double weekly_growth = 1.2;
  std::vector<StreamSpec> streams;  // weekly_rate is the rate in the first week
};
const std::vector<EmergingSpec>& emerging_hotspots();

// An anomaly: one stream active for one week, `weeks_before_end` weeks before the last week, in
// one area; its weekly_rate is the mean of the injected count.
struct AnomalySpec {
  int weeks_before_end = 0;
  std::string_view area;
  StreamSpec stream;
};
const std::vector<AnomalySpec>& anomalies();

struct MeasureSpec {
  std::string_view name;
  std::string_view area;
  std::vector<std::string_view> categories;
  int weeks_before_end = 62;  // the start week (clamped to the middle of shorter periods)
  double effect = -0.30;
  std::string_view displacement_area;
  double displacement = 0.10;
  std::string_view comparison_area;
};
const MeasureSpec& measure();

}  // namespace lagesbild::demo::scenario

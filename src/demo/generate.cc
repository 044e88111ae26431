// generate_demo: turns the scenario into reports. Every stream (one organisation reporting one
// category) is simulated day by day as a Poisson process whose daily mean is the stream's weekly
// rate x its weekday share x season x calendar, split over the stream's slots (areas, places or a
// hotspot) by their weights and by the measure's effect; each event then gets an hour from the
// stream's profile, a point, an interval, a count, a severity and a description.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "demo/calendar.h"
#include "demo/demo.h"
#include "demo/descriptions.h"
#include "demo/geography.h"
#include "demo/random.h"
#include "demo/rhythm.h"
#include "demo/scenario.h"
#include "geo/projection.h"

namespace lagesbild::demo {
namespace {

using scenario::Span;
using scenario::Where;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr double kMargin = 2;  // metres between a generated point and any area edge

// Where an event of a stream can land: an area (-1: the countryside), possibly a place in it.
struct Slot {
  int area = -1;
  int place = -1;
  double share = 0;
};

struct Cluster {
  int place = 0;
  int area = 0;
  double radius = 0;
};

struct Stream {
  const scenario::StreamSpec* spec = nullptr;
  int organisation = 0;
  int first_day = 0, end_day = 0;  // active days [first_day, end_day) counted from the first Monday
  double weekly_growth = 1;        // the rate grows by this factor every week after the first
  bool baseline = true;            // counted in an anomaly's expected value
  bool measured = false;           // its category is a target of the measure
  int cluster = -1;
  std::vector<Slot> slots;
};

struct Measure {
  int area = 0, displacement_area = 0;
  int start_day = 0;
  double factor = 1, displacement_factor = 1;
};

struct Context {
  const Geography& map;
  const geo::Projector& projector;
  Day first_monday;
  int weeks = 0;
  UtcSeconds cutoff;  // demo today 07:00: nothing is created or reviewed later
  Measure measure;
  std::vector<Cluster> clusters;
  std::vector<Stream> streams;
};

template <class Spec>
int index_of(const std::vector<Spec>& specs, std::string_view name, const char* what) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name == name) return static_cast<int>(i);
  }
  throw std::logic_error(std::string("demo scenario: unknown ") + what + " " + std::string(name));
}

int area_index(std::string_view name) { return index_of(scenario::areas(), name, "area"); }
int place_index(std::string_view name) { return index_of(scenario::places(), name, "place"); }
int organisation_index(std::string_view name) {
  return index_of(scenario::organisations(), name, "organisation");
}

double affinity_weight(const scenario::AreaSpec& a, const scenario::Affinity& f) {
  return a.population * std::pow(a.vulnerability, f.vulnerability) * std::pow(a.rental, f.rental) *
         (1 + f.nightlife * a.nightlife) * (1 + f.commerce * a.commerce);
}

bool has_kind(std::string_view kinds, std::string_view kind) {
  while (!kinds.empty()) {
    const std::size_t bar = kinds.find('|');
    if (kinds.substr(0, bar) == kind) return true;
    if (bar == std::string_view::npos) break;
    kinds.remove_prefix(bar + 1);
  }
  return false;
}

std::vector<Slot> normalised(std::vector<Slot> slots, double total_share) {
  double sum = 0;
  for (const Slot& s : slots) sum += s.share;
  if (sum <= 0) throw std::logic_error("demo scenario: a stream has nowhere to report");
  for (Slot& s : slots) s.share *= total_share / sum;
  return slots;
}

std::vector<Slot> spread_slots(const scenario::StreamSpec& spec, const Geography& map) {
  const auto& areas = scenario::areas();
  std::vector<Slot> slots;
  switch (spec.where) {
    case Where::areas:
    case Where::area_only: {
      for (std::size_t a = 0; a < areas.size(); ++a) {
        slots.push_back({static_cast<int>(a), -1, affinity_weight(areas[a], spec.affinity)});
      }
      const double rural = spec.where == Where::areas ? spec.rural_share : 0;
      slots = normalised(std::move(slots), 1 - rural);
      if (rural > 0) slots.push_back({-1, -1, rural});
      return slots;
    }
    case Where::places: {
      const auto& places = scenario::places();
      for (std::size_t p = 0; p < places.size(); ++p) {
        if (!has_kind(spec.place_kinds, places[p].kind)) continue;
        const int a = map.place_area[p];
        slots.push_back({a, static_cast<int>(p), affinity_weight(areas[a], spec.affinity)});
      }
      return normalised(std::move(slots), 1);
    }
    case Where::cluster:
      break;
  }
  throw std::logic_error("demo scenario: a cluster stream outside a hotspot");
}

bool in_measure(std::string_view category) {
  const auto& cats = scenario::measure().categories;
  return std::find(cats.begin(), cats.end(), category) != cats.end();
}

Stream make_stream(const scenario::StreamSpec& spec, int first_day, int end_day) {
  Stream s;
  s.spec = &spec;
  s.organisation = organisation_index(spec.organisation);
  s.first_day = first_day;
  s.end_day = end_day;
  s.measured = in_measure(spec.category);
  return s;
}

// The mean number of events of a stream on a day, before slots and the measure.
double day_rate(const Context& ctx, const Stream& s, int day) {
  if (day < s.first_day || day >= s.end_day) return 0;
  const Day date = ctx.first_monday + days{day};
  double rate = s.spec->weekly_rate * weekday_shares(s.spec->profile)[day % 7] *
                season_factor(s.spec->season, date) * closure_factor(s.spec->closure, date);
  if (s.weekly_growth != 1) rate *= std::pow(s.weekly_growth, day / 7 - s.first_day / 7);
  return rate;
}

double measure_factor(const Context& ctx, const Stream& s, int area, int day) {
  if (!s.measured || day < ctx.measure.start_day) return 1;
  if (area == ctx.measure.area) return ctx.measure.factor;
  if (area == ctx.measure.displacement_area) return ctx.measure.displacement_factor;
  return 1;
}

geo::Xy point_in_area(const Ring& ring, Rng& rng) {
  for (int attempt = 0; attempt < 100000; ++attempt) {
    const double x = rng.uniform(ring.min_x(), ring.max_x());
    const double y = rng.uniform(ring.min_y(), ring.max_y());
    if (ring.contains_with_margin(x, y, kMargin)) return {x, y};
  }
  throw std::logic_error("demo: no point found in an area");
}

geo::Xy point_in_countryside(const Geography& map, Rng& rng) {
  const Ring& b = map.boundary;
  for (int attempt = 0; attempt < 100000; ++attempt) {
    const double x = rng.uniform(b.min_x(), b.max_x());
    const double y = rng.uniform(b.min_y(), b.max_y());
    if (!b.contains_with_margin(x, y, kMargin)) continue;
    const bool in_town = std::any_of(map.areas.begin(), map.areas.end(), [&](const Ring& r) {
      return x > r.min_x() - kMargin && x < r.max_x() + kMargin && y > r.min_y() - kMargin &&
             y < r.max_y() + kMargin && (r.contains(x, y) || r.distance_to_edge(x, y) < kMargin);
    });
    if (!in_town) return {x, y};
  }
  throw std::logic_error("demo: no point found in the countryside");
}

geo::Xy point_in_cluster(const Context& ctx, const Cluster& c, Rng& rng) {
  const Location& centre = ctx.map.places[c.place];
  const Ring& ring = ctx.map.areas[c.area];
  for (int attempt = 0; attempt < 100000; ++attempt) {
    const double dx = rng.normal() * c.radius / 2, dy = rng.normal() * c.radius / 2;
    if (std::hypot(dx, dy) > c.radius) continue;
    if (ring.contains_with_margin(centre.x + dx, centre.y + dy, kMargin)) {
      return {centre.x + dx, centre.y + dy};
    }
  }
  throw std::logic_error("demo: no point found in a hotspot");
}

UtcSeconds at_local(Day date, int hour, int minute) {
  return stockholm_to_utc(date, hours{hour} + minutes{minute});
}

// Sets occurred_from/occurred_to for an event seen at (date, hour, minute).
void set_interval(DemoReport& r, Span interval, Day date, int hour, int minute, Rng& rng) {
  const int weekday = iso_weekday(date);
  switch (interval) {
    case Span::point:
      r.occurred_from = at_local(date, hour, minute);
      return;
    case Span::discovered: {
      const UtcSeconds found = at_local(date, hour, minute - minute % 15);
      r.occurred_from = weekday == 1 && hour < 12
                            ? at_local(date - days{3}, 16, 0)  // since Friday afternoon
                            : std::chrono::floor<hours>(found - hours{8 + rng.below(33)});
      r.occurred_to = found;
      return;
    }
    case Span::shift: {  // field shifts start at 18, 20 or 22 and last four hours
      Day start = date;
      int start_hour = hour;
      if (hour >= 18) {
        start_hour = 18 + 2 * ((hour - 18) / 2);
      } else if (hour < 6) {
        start = date - days{1};
        start_hour = 22;
      }
      r.occurred_from = at_local(start, start_hour, 0);
      r.occurred_to = r.occurred_from + hours{4};
      return;
    }
    case Span::duration:
      r.occurred_from = at_local(date, hour, rng.chance(0.5) ? 0 : 30);
      r.occurred_to = r.occurred_from + hours{1 + rng.below(4)};
      return;
    case Span::week_span: {
      const Day monday = monday_of(date);
      r.occurred_from = at_local(monday, 8, 0);
      r.occurred_to = at_local(monday + days{4}, 17, 0);
      return;
    }
  }
}

DemoReport make_report(const Context& ctx, const Stream& stream, const Slot& slot, int day,
                       Rng& rng) {
  const scenario::StreamSpec& spec = *stream.spec;
  const scenario::OrganisationSpec& org = scenario::organisations()[stream.organisation];
  const Day date = ctx.first_monday + days{day};
  DemoReport r;
  r.organisation = org.name;
  r.category = spec.category;
  r.reporter = org.username;
  r.source = org.source;

  std::string where;
  std::optional<geo::Xy> point;
  if (slot.area >= 0) r.area = scenario::areas()[slot.area].name;
  if (slot.place >= 0) {
    r.place = scenario::places()[slot.place].name;
    r.location = ctx.map.places[slot.place];
    where = "vid " + *r.place;
  } else if (stream.cluster >= 0) {
    const Cluster& c = ctx.clusters[stream.cluster];
    point = point_in_cluster(ctx, c, rng);
    where = "vid " + std::string(scenario::places()[c.place].name);
  } else if (spec.where == Where::area_only) {
    where = "i " + *r.area;
  } else if (slot.area >= 0) {
    point = point_in_area(ctx.map.areas[slot.area], rng);
    where = "i " + *r.area;
  } else {
    point = point_in_countryside(ctx.map, rng);
    where = "på landsbygden";
  }
  if (point) r.location = ctx.projector.from_sweref(point->x, point->y);

  const int hour = static_cast<int>(rng.pick(week_weights(spec.profile)[day % 7]));
  int minute = rng.below(60);
  if (org.source == Source::form) minute -= minute % 5;  // people round, systems do not
  set_interval(r, spec.interval, date, hour, minute, rng);

  r.count = 1 + (spec.extra_count > 0 ? rng.geometric(spec.extra_count, 19) : 0);
  r.severity = 1 + static_cast<int>(rng.pick(spec.severity));
  r.description = describe(spec.category, where, rng);

  const UtcSeconds end = r.occurred_to.value_or(r.occurred_from);
  const UtcSeconds created = end + minutes{60 + rng.below(71 * 60)};
  r.created_at = std::max(end, std::min(created, ctx.cutoff));
  if (day < ctx.weeks * 7 - 7) {  // the coordinator has reviewed all but the last week
    r.status = ReportStatus::reviewed;
    const UtcSeconds reviewed = r.created_at + minutes{120 + rng.below(94 * 60)};
    r.reviewed_at = std::max(r.created_at, std::min(reviewed, ctx.cutoff));
  }
  return r;
}

void simulate(const Context& ctx, const Stream& stream, std::uint64_t seed, std::uint64_t salt,
              std::vector<DemoReport>& out) {
  Rng rng(mix_seed(seed, salt));
  std::vector<double> lambdas(stream.slots.size());
  const int end = std::min(stream.end_day, ctx.weeks * 7);
  for (int day = std::max(0, stream.first_day); day < end; ++day) {
    const double base = day_rate(ctx, stream, day);
    if (base <= 0) continue;
    double total = 0;
    for (std::size_t i = 0; i < lambdas.size(); ++i) {
      const Slot& slot = stream.slots[i];
      lambdas[i] = base * slot.share * measure_factor(ctx, stream, slot.area, day);
      total += lambdas[i];
    }
    for (int n = rng.poisson(total); n > 0; --n) {
      out.push_back(make_report(ctx, stream, stream.slots[rng.pick(lambdas)], day, rng));
    }
  }
}

// The mean count of `category` in `area` in week `week` from the baseline streams.
double expected_count(const Context& ctx, int area, std::string_view category, int week) {
  double sum = 0;
  for (const Stream& s : ctx.streams) {
    if (!s.baseline || s.spec->category != category) continue;
    for (int day = week * 7; day < week * 7 + 7; ++day) {
      const double base = day_rate(ctx, s, day);
      for (const Slot& slot : s.slots) {
        if (slot.area == area) sum += base * slot.share * measure_factor(ctx, s, area, day);
      }
    }
  }
  return sum;
}

std::vector<std::string> categories_of(const std::vector<scenario::StreamSpec>& specs) {
  std::vector<std::string> out;
  for (const auto& s : specs) {
    if (std::find(out.begin(), out.end(), s.category) == out.end()) out.emplace_back(s.category);
  }
  return out;
}

double rate_of(const std::vector<scenario::StreamSpec>& specs) {
  double sum = 0;
  for (const auto& s : specs) sum += s.weekly_rate;
  return sum;
}

std::string week_label(const Context& ctx, int week) {
  return to_string(iso_week(ctx.first_monday + days{7 * week}));
}

// Builds the streams and clusters and fills in the ground truth they imply (all but the
// anomalies' injected counts).
void cast_streams(Context& ctx, GroundTruth& truth) {
  const int all_days = ctx.weeks * 7;
  for (const auto& spec : scenario::streams()) {
    Stream s = make_stream(spec, 0, all_days);
    s.slots = spread_slots(spec, ctx.map);
    ctx.streams.push_back(std::move(s));
  }
  auto add_cluster = [&](std::string_view place, double radius, auto& t) {
    const int p = place_index(place);
    const Cluster c{p, ctx.map.place_area[p], radius};
    ctx.clusters.push_back(c);
    const Location& at = ctx.map.places[p];
    t.area = scenario::areas()[c.area].name;
    t.place = place;
    t.x = at.x;
    t.y = at.y;
    t.lat = at.lat;
    t.lon = at.lon;
    t.radius_m = radius;
    return static_cast<int>(ctx.clusters.size()) - 1;
  };
  for (const auto& h : scenario::hotspots()) {
    TruthHotspot t{.name = std::string(h.name)};
    const int cluster = add_cluster(h.place, h.radius_m, t);
    for (const auto& spec : h.streams) {
      Stream s = make_stream(spec, 0, all_days);
      s.cluster = cluster;
      s.slots = {{ctx.clusters[cluster].area, -1, 1}};
      ctx.streams.push_back(std::move(s));
    }
    t.categories = categories_of(h.streams);
    t.weekly_rate = rate_of(h.streams);
    truth.hotspots.push_back(std::move(t));
  }
  for (const auto& e : scenario::emerging_hotspots()) {
    TruthEmergingHotspot t{.name = std::string(e.name)};
    const int cluster = add_cluster(e.place, e.radius_m, t);
    const int first_week = ctx.weeks - e.weeks;
    for (const auto& spec : e.streams) {
      Stream s = make_stream(spec, first_week * 7, all_days);
      s.cluster = cluster;
      s.weekly_growth = e.weekly_growth;
      s.slots = {{ctx.clusters[cluster].area, -1, 1}};
      ctx.streams.push_back(std::move(s));
    }
    t.categories = categories_of(e.streams);
    t.start_week = week_label(ctx, first_week);
    t.initial_weekly_rate = rate_of(e.streams);
    t.weekly_growth = e.weekly_growth;
    truth.emerging_hotspots.push_back(std::move(t));
  }
}

DemoWorld reference_data(const DemoOptions& options, const Geography& map) {
  DemoWorld w;
  w.options = options;
  w.municipality = {std::string(kDemoMunicipalityCode), std::string(kDemoMunicipalityName), 14,
                    map.boundary_geojson};
  for (const auto& o : scenario::organisations()) {
    w.organisations.push_back({0, w.municipality.code, std::string(o.name), std::string(o.kind)});
  }
  w.organisations.push_back(
      {0, w.municipality.code, std::string(scenario::kMunicipalOrganisation), "municipality"});
  w.categories = default_categories();
  const auto& areas = scenario::areas();
  for (std::size_t a = 0; a < areas.size(); ++a) {
    w.areas.push_back(
        {std::string(areas[a].name), std::string(areas[a].kind), map.area_geojson[a]});
  }
  const auto& places = scenario::places();
  for (std::size_t p = 0; p < places.size(); ++p) {
    w.places.push_back({std::string(places[p].name), std::string(places[p].kind),
                        std::string(places[p].area), map.places[p]});
  }
  const std::string kommun(scenario::kMunicipalOrganisation);
  w.users = {
      {"admin", "Administratör", Role::admin, kommun},
      {"samordnare", "EST-samordnare", Role::coordinator, kommun},
      {"analytiker", "Analytiker", Role::analyst, kommun},
      {"kommunpolis", "Kommunpolis", Role::analyst, "Polisen"},
      {"styrgrupp", "Styrgruppen", Role::viewer, kommun},
  };
  for (const auto& o : scenario::organisations()) {
    w.users.push_back({std::string(o.username), "Rapportör " + std::string(o.name), Role::reporter,
                       std::string(o.name)});
  }
  return w;
}

// Every category the scenario uses must be a leaf of the default tree and have descriptions.
void check_categories(const std::vector<const scenario::StreamSpec*>& specs) {
  const auto& seeds = default_categories();
  Rng scratch(0);
  for (const scenario::StreamSpec* s : specs) {
    const bool leaf = std::any_of(seeds.begin(), seeds.end(),
                                  [&](const CategorySeed& c) { return c.code == s->category; });
    const bool has_child = std::any_of(seeds.begin(), seeds.end(), [&](const CategorySeed& c) {
      return c.code.size() > s->category.size() && c.code.starts_with(s->category) &&
             c.code[s->category.size()] == '.';
    });
    if (!leaf || has_child) {
      throw std::logic_error("demo scenario: not a leaf category: " + std::string(s->category));
    }
    describe(s->category, "", scratch);
  }
}

}  // namespace

DemoWorld generate_demo(const DemoOptions& options) {
  if (options.weeks < 16 || options.weeks > 52 * 20) {
    throw std::invalid_argument("demo: weeks must be between 16 and 1040");
  }
  const int year = static_cast<int>(std::chrono::year_month_day{options.today}.year());
  if (year < 2000 || year > 2100) throw std::invalid_argument("demo: today must be in 2000-2100");

  const geo::Projector projector;
  const Geography map = build_geography(projector);
  DemoWorld world = reference_data(options, map);

  const Day last_monday = monday_of(options.today) - days{7};
  Context ctx{map,
              projector,
              last_monday - days{7 * (options.weeks - 1)},
              options.weeks,
              at_local(options.today, 7, 0),
              {},
              {},
              {}};
  world.first_week = to_string(iso_week(ctx.first_monday));
  world.last_week = to_string(iso_week(last_monday));

  const scenario::MeasureSpec& m = scenario::measure();
  const int measure_week = options.weeks - 1 - std::min(m.weeks_before_end, options.weeks / 2);
  ctx.measure = {area_index(m.area), area_index(m.displacement_area), measure_week * 7,
                 1 + m.effect, 1 + m.displacement};
  world.truth.measure = {std::string(m.name),
                         "situational",
                         std::string(m.area),
                         {m.categories.begin(), m.categories.end()},
                         week_label(ctx, measure_week),
                         m.effect,
                         std::string(m.displacement_area),
                         m.displacement,
                         std::string(m.comparison_area)};
  area_index(m.comparison_area);  // only checks the name

  cast_streams(ctx, world.truth);
  struct Injection {
    std::size_t stream;
    TruthAnomaly truth;
  };
  std::vector<Injection> injections;
  for (const auto& a : scenario::anomalies()) {
    const int week = options.weeks - 1 - a.weeks_before_end;
    if (week < 0) continue;
    const int area = area_index(a.area);
    Stream s = make_stream(a.stream, week * 7, week * 7 + 7);
    s.baseline = false;
    s.slots = {{area, -1, 1}};
    injections.push_back({ctx.streams.size(),
                          {week_label(ctx, week), std::string(a.area),
                           std::string(a.stream.category), std::string(a.stream.organisation),
                           expected_count(ctx, area, a.stream.category, week), 0}});
    ctx.streams.push_back(std::move(s));
  }
  std::vector<const scenario::StreamSpec*> specs;
  for (const Stream& s : ctx.streams) specs.push_back(s.spec);
  check_categories(specs);

  std::vector<DemoReport>& reports = world.reports;
  reports.reserve(static_cast<std::size_t>(options.weeks) * 130);
  for (std::size_t i = 0; i < ctx.streams.size(); ++i) {
    const std::size_t before = reports.size();
    simulate(ctx, ctx.streams[i], options.seed, i, reports);
    for (Injection& inj : injections) {
      if (inj.stream != i) continue;
      // Counted by occurred_from, as a weekly count will see them (a night shift reported on a
      // Monday morning began in the week before).
      const Day monday = ctx.first_monday + days{ctx.streams[i].first_day};
      const UtcSeconds from = at_local(monday, 0, 0), to = at_local(monday + days{7}, 0, 0);
      inj.truth.injected = static_cast<int>(std::count_if(
          reports.begin() + static_cast<std::ptrdiff_t>(before), reports.end(),
          [&](const DemoReport& r) { return r.occurred_from >= from && r.occurred_from < to; }));
    }
  }
  for (Injection& inj : injections) world.truth.anomalies.push_back(std::move(inj.truth));

  std::stable_sort(reports.begin(), reports.end(), [](const DemoReport& a, const DemoReport& b) {
    return a.occurred_from < b.occurred_from;
  });
  char id[32];
  for (std::size_t i = 0; i < reports.size(); ++i) {
    std::snprintf(id, sizeof id, "demo-%06zu", i + 1);
    reports[i].external_id = id;
  }
  return world;
}

}  // namespace lagesbild::demo

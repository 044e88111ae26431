// Compiling one period's lägesbild (issue 3): SituationService::compile on a municipality holding
// ~1,000,000 reports over 10 years (bench/run.sh situation builds the database). Target: one
// week < 50 ms (median). The peer (the same counts as one SQL query in the sqlite3 CLI) runs in
// bench/run.sh, in the same run.
//
// Lines:  compile/<period>          the service end to end (store read + reduce + analysis + audit)
//         store_read/<period>       Store::query_reports over the periods (their union), nothing
//                                   else: the floor of compile's read as the store is today
//         compile_situation/<period> analysis::compile_situation alone on that window's events
//
// Usage: LB_SITUATION_DB=build-h2/bench-work/situation.db situation_bench
//          [--benchmark_repetitions=5 --benchmark_report_aggregates_only=true]
// (or the database path as the first argument).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/situation.h"
#include "domain/period.h"
#include "service/services.h"

namespace lagesbild {
namespace {

constexpr const char* kMunicipality = "2081";
std::string g_db;

struct World {
  std::unique_ptr<Store> store;
  std::unique_ptr<Services> services;
  Principal analyst;
};

World& world() {
  static World w = [] {
    World w;
    w.store = open_store(g_db);
    w.services = std::make_unique<Services>(*w.store);
    Id org = 0;
    for (const auto& o : w.store->organisations(kMunicipality)) {
      if (o.name == "Borlänge kommun") org = o.id;
    }
    w.analyst.username = "bench";
    w.analyst.address = "bench";
    w.analyst.grants = {{kMunicipality, Role::analyst, org}};
    return w;
  }();
  return w;
}

// The periods compile() counts (the period, `baseline` before it, the same period last year) and
// what a reader of them must read: the union of the periods as disjoint time ranges (for a week:
// the 9 weeks up to its end, and last year's week).
struct Window {
  std::vector<Interval> periods;
  std::vector<Interval> reads;
};

Window window_of(const std::string& label) {
  const Period p = *parse_period(label);
  // The service's default baseline: 3 years before a year, else 8 periods.
  const int baseline = p.kind == PeriodKind::year ? 3 : 8;
  Window w;
  w.periods.push_back(p.utc());
  for (int i = 1; i <= baseline; ++i) w.periods.push_back(previous_period(p, i).utc());
  w.periods.push_back(same_period_last_year(p).utc());
  std::vector<Interval> sorted = w.periods;
  std::sort(sorted.begin(), sorted.end(),
            [](const Interval& a, const Interval& b) { return a.from < b.from; });
  for (const Interval& i : sorted) {
    if (!w.reads.empty() && i.from <= w.reads.back().to) {
      w.reads.back().to = std::max(w.reads.back().to, i.to);
    } else {
      w.reads.push_back(i);
    }
  }
  return w;
}

// Calls `each` for every report starting in one of the window's ranges, read as full rows
// (Store::query_reports) in chunks as compile() reads them; returns how many.
template <class Each>
std::size_t read_window(const Window& w, Each each) {
  std::size_t n = 0;
  for (const Interval& range : w.reads) {
    ReportQuery q;
    q.municipality = kMunicipality;
    q.from = range.from;
    q.to = range.to;
    q.limit = 100'000;
    for (;;) {
      const auto chunk = world().store->query_reports(q);
      for (const Report& r : chunk) {
        // The store selects by overlap; the picture counts a report where it starts.
        if (r.occurred_from >= range.from && r.occurred_from < range.to) {
          each(r);
          ++n;
        }
      }
      if (static_cast<int>(chunk.size()) < q.limit) break;
      q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
    }
  }
  return n;
}

// The analysis input for a window, reduced from the reports as the service reduces them.
struct Input {
  std::vector<int> category_parent;
  std::vector<analysis::SituationEvent> events;
  int areas = 0, organisations = 0, places = 0, baseline = 8;
};

Input input_of(const std::string& label) {
  const Window w = window_of(label);
  const auto ctx = world().services->contexts.get(kMunicipality);
  const auto index = [](const auto& items) {
    std::unordered_map<Id, int> m;
    for (const auto& x : items) m.emplace(x.id, static_cast<int>(m.size()));
    return m;
  };
  const auto areas = index(ctx->areas()), cats = index(ctx->categories()),
             orgs = index(ctx->organisations()), places = index(ctx->places());
  Input in;
  in.baseline = static_cast<int>(w.periods.size()) - 2;
  in.areas = static_cast<int>(areas.size());
  in.organisations = static_cast<int>(orgs.size());
  in.places = static_cast<int>(places.size());
  for (const auto& c : ctx->categories()) {
    in.category_parent.push_back(c.parent_id ? cats.at(*c.parent_id) : -1);
  }
  read_window(w, [&](const Report& r) {
    analysis::SituationEvent e;
    e.category = cats.at(r.category_id);
    e.organisation = orgs.at(r.organisation_id);
    e.area = r.area_id ? areas.at(*r.area_id) : -1;
    e.place = r.place_id ? places.at(*r.place_id) : -1;
    e.count = r.count;
    e.severity = r.severity;
    e.week_minute = local_minute_of_week(r.occurred_from);
    if (r.occurred_to) {
      e.duration_minutes = static_cast<int>((*r.occurred_to - r.occurred_from).count() / 60);
    }
    for (std::size_t i = 0; i < w.periods.size(); ++i) {
      if (r.occurred_from < w.periods[i].from || r.occurred_from >= w.periods[i].to) continue;
      e.period = static_cast<int>(i);
      in.events.push_back(e);
    }
  });
  return in;
}

void BM_compile(benchmark::State& state, const std::string& period) {
  World& w = world();
  SituationRequest r;
  r.municipality = kMunicipality;
  r.period = period;
  std::int64_t current = 0;
  for (auto _ : state) {
    const SituationPicture pic = w.services->situation.compile(w.analyst, r);
    current = pic.situation.total_current;
    benchmark::DoNotOptimize(pic.situation.cells.data());
  }
  state.counters["reports_in_period"] = static_cast<double>(current);
}

void BM_store_read(benchmark::State& state, const std::string& period) {
  const Window w = window_of(period);
  std::size_t n = 0;
  for (auto _ : state) {
    std::int64_t sum = 0;
    n = read_window(w, [&](const Report& r) { sum += r.count; });
    benchmark::DoNotOptimize(sum);
  }
  state.counters["reports_read"] = static_cast<double>(n);
}

void BM_compile_situation(benchmark::State& state, const std::string& period) {
  const Input input = input_of(period);
  analysis::SituationInput in;
  in.areas = input.areas;
  in.organisations = input.organisations;
  in.places = input.places;
  in.category_parent = input.category_parent;
  in.events = input.events;
  in.options.baseline_periods = input.baseline;
  for (auto _ : state) {
    const auto s = analysis::compile_situation(in);
    benchmark::DoNotOptimize(s.cells.data());
  }
  state.counters["events"] = static_cast<double>(input.events.size());
}

}  // namespace
}  // namespace lagesbild

// LB_SITUATION_DUMP=FILE: writes the week's cells as CSV (area id or empty for the
// municipality, category id, reports in the week, the week before, the same week last year, and
// the sum over the 8 baseline weeks), then exits: the check that the peer counts the same thing.
int dump_cells(const char* path) {
  using namespace lagesbild;
  World& w = world();
  SituationRequest r;
  r.municipality = kMunicipality;
  r.period = "2026-W45";
  r.baseline_periods = 8;
  const SituationPicture pic = w.services->situation.compile(w.analyst, r);
  std::FILE* f = std::fopen(path, "w");
  if (!f) return 1;
  for (const auto& c : pic.situation.cells) {
    const std::string area =
        c.area < 0 ? "" : std::to_string(pic.areas[static_cast<std::size_t>(c.area)]->id);
    std::fprintf(f, "%s,%lld,%lld,%lld,%lld,%.0f\n", area.c_str(),
                 static_cast<long long>(pic.categories[static_cast<std::size_t>(c.category)]->id),
                 static_cast<long long>(c.current), static_cast<long long>(c.previous),
                 static_cast<long long>(c.last_year), c.baseline_mean * 8);
  }
  std::fclose(f);
  return 0;
}

int main(int argc, char** argv) {
  using namespace lagesbild;
  if (const char* env = std::getenv("LB_SITUATION_DB")) g_db = env;
  if (argc > 1 && argv[1][0] != '-') {
    g_db = argv[1];
    for (int i = 1; i + 1 < argc; ++i) argv[i] = argv[i + 1];
    --argc;
  }
  if (g_db.empty()) {
    std::fprintf(stderr,
                 "usage: LB_SITUATION_DB=PATH situation_bench [benchmark flags]  (the database "
                 "bench/run.sh situation builds)\n");
    return 2;
  }
  if (const char* dump = std::getenv("LB_SITUATION_DUMP")) return dump_cells(dump);
  const std::vector<std::pair<std::string, std::string>> periods = {
      {"week", "2026-W45"}, {"month", "2026-10"}, {"year", "2025"}};
  for (const auto& [name, label] : periods) {
    benchmark::RegisterBenchmark(("compile/" + name + ":" + label).c_str(), BM_compile, label)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  for (const auto& [name, label] : periods) {
    benchmark::RegisterBenchmark(("store_read/" + name + ":" + label).c_str(), BM_store_read, label)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  for (const auto& [name, label] : periods) {
    benchmark::RegisterBenchmark(("compile_situation/" + name + ":" + label).c_str(),
                                 BM_compile_situation, label)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

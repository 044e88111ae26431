// Near-repeat analysis (issue 4 item 5): analysis::knox_test on real Philadelphia incidents
// (../shared/data/points/philadelphia_2023_2024.csv.gz, the first N of 2023), projected to metres
// with a local equirectangular projection, times as whole local days. Bands 100 m × 10 and
// 7 days × 10, Manhattan distance, a same-location row. Target: 100,000 events at 999
// permutations < 30 s on 2 cores.
//
// Lines:  knox/100000/999/1  the target case: the first 100,000 incidents of 2023 (Jan 1 - Aug 9)
//         knox/12334/99/8    the size of the NRC's documented 510 s case: every 8th incident of
//                            the first 98,672 (the same seven months, an eighth of the density)
//         knox/100000/1/1    the fixed cost: finding the near pairs, and one pass of the counting
//                            kernel (16 columns: the observed times and one permutation)
//
// The peer (bench/near_repeat_peer.py: numpy + scipy cKDTree) runs on the events this writes:
// with LB_NEAR_REPEAT_OUT=DIR set, each line writes DIR/events_N.csv (x,y,day as the bench used
// them) and DIR/observed_N.csv (the observed table) for the peer to compare against.
//
// Usage: LB_NEAR_REPEAT_OUT=/tmp/nr build-h3/bench/near_repeat_bench  (LB_SHARED_DATA overrides
// the data folder, ../shared/data beside the source tree by default)
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "analysis/near_repeat.h"

namespace lagesbild {
namespace {

struct Events {
  std::vector<double> x, y, t;
};

double days_since_epoch(int y, int m, int d) {  // proleptic Gregorian
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

// $LB_SHARED_DATA, else ../shared/data beside the source tree.
std::string shared_data() {
  if (const char* dir = std::getenv("LB_SHARED_DATA")) return dir;
  const std::string source = __FILE__;  // .../main/bench/near_repeat_bench.cc
  return source.substr(0, source.rfind("/bench/")) + "/../shared/data";
}

// `n` incidents of 2023, every `stride`-th from the first (the file is sorted by time): lat/lon
// to metres around their mean (equirectangular: fine over a city), the local date as a whole day.
Events philadelphia(std::size_t n, std::size_t stride) {
  const std::string path = shared_data() + "/points/philadelphia_2023_2024.csv.gz";
  FILE* in = popen(("gzip -dc '" + path + "'").c_str(), "r");
  if (in == nullptr) throw std::runtime_error("cannot read " + path);
  std::vector<double> lat, lon, day;
  char line[512];
  bool header = true;  // id,datetime,lat,lon,category
  std::size_t seen = 0;
  while (lat.size() < n && std::fgets(line, sizeof line, in) != nullptr) {
    if (std::exchange(header, false)) continue;
    int y, m, d;
    double la, lo;
    // id,YYYY-MM-DDThh:mm:ss±hh:mm,lat,lon,...
    if (std::sscanf(line, "%*[^,],%d-%d-%d%*[^,],%lf,%lf", &y, &m, &d, &la, &lo) != 5) continue;
    if (y != 2023 || seen++ % stride != 0) continue;
    lat.push_back(la);
    lon.push_back(lo);
    day.push_back(days_since_epoch(y, m, d));
  }
  pclose(in);
  if (lat.size() < n) throw std::runtime_error("fewer incidents than asked for in " + path);
  double lat0 = 0, lon0 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    lat0 += lat[i] / static_cast<double>(n);
    lon0 += lon[i] / static_cast<double>(n);
  }
  constexpr double kEarthRadius = 6371008.8, kRad = std::numbers::pi / 180;
  Events e;
  for (std::size_t i = 0; i < n; ++i) {
    e.x.push_back((lon[i] - lon0) * kRad * kEarthRadius * std::cos(lat0 * kRad));
    e.y.push_back((lat[i] - lat0) * kRad * kEarthRadius);
    e.t.push_back(day[i]);
  }
  return e;
}

analysis::KnoxOptions options(int permutations) {
  analysis::KnoxOptions o;
  o.spatial_bandwidth = 100;
  o.spatial_bands = 10;
  o.temporal_bandwidth = 7;
  o.temporal_bands = 10;
  o.metric = analysis::DistanceMetric::manhattan;
  o.permutations = permutations;
  o.seed = 2023;
  o.threads = 2;
  return o;
}

void write_files(const Events& e, const analysis::KnoxResult& r) {
  const char* dir = std::getenv("LB_NEAR_REPEAT_OUT");
  if (dir == nullptr) return;
  const std::string n = std::to_string(e.x.size());
  std::FILE* events = std::fopen((std::string(dir) + "/events_" + n + ".csv").c_str(), "w");
  if (events == nullptr) throw std::runtime_error(std::string("cannot write into ") + dir);
  std::fprintf(events, "x,y,day\n");
  for (std::size_t i = 0; i < e.x.size(); ++i) {
    std::fprintf(events, "%.17g,%.17g,%.17g\n", e.x[i], e.y[i], e.t[i]);
  }
  std::fclose(events);
  std::ofstream table(std::string(dir) + "/observed_" + n + ".csv");
  table << "row,column,observed,simulated_mean,p_value\n";
  for (std::size_t row = 0; row < r.spatial.size(); ++row) {
    for (std::size_t col = 0; col < r.temporal.size(); ++col) {
      const auto& c = r.cell(row, col);
      table << row << ',' << col << ',' << c.observed << ',' << c.simulated_mean << ',' << c.p_value
            << '\n';
    }
  }
}

void print_table(const analysis::KnoxResult& r) {
  std::fprintf(stderr, "observed (rows: spatial bands, columns: temporal bands)\n%-22s", "");
  for (const auto& t : r.temporal) std::fprintf(stderr, " %13s", t.label.c_str());
  for (std::size_t row = 0; row < r.spatial.size(); ++row) {
    std::fprintf(stderr, "\n%-22s", r.spatial[row].label.c_str());
    for (std::size_t col = 0; col < r.temporal.size(); ++col) {
      std::fprintf(stderr, " %13lld", static_cast<long long>(r.cell(row, col).observed));
    }
  }
  std::fprintf(stderr, "\n");
}

void knox(benchmark::State& state) {
  static std::map<std::size_t, Events> cache;
  const auto n = static_cast<std::size_t>(state.range(0));
  if (!cache.contains(n)) cache[n] = philadelphia(n, static_cast<std::size_t>(state.range(2)));
  const Events& e = cache[n];
  const auto o = options(static_cast<int>(state.range(1)));
  analysis::KnoxResult r;
  for (auto _ : state) {
    r = analysis::knox_test(e.x, e.y, e.t, o);
    benchmark::DoNotOptimize(r.cells.data());
  }
  state.counters["near_pairs"] = static_cast<double>(r.near_pairs);
  state.counters["pair_permutations_per_s"] = benchmark::Counter(
      static_cast<double>(r.near_pairs) * (o.permutations + 1), benchmark::Counter::kIsRate);
  print_table(r);
  write_files(e, r);
}

BENCHMARK(knox)
    ->Args({100000, 1, 1})  // first: the files of the 999 line overwrite its
    ->Args({100000, 999, 1})
    ->Args({12334, 99, 8})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace
}  // namespace lagesbild

BENCHMARK_MAIN();

// Gi* hot spots on lattices of real incidents: the Philadelphia 2023–2024 points
// (../shared/data/points/philadelphia_2023_2024.csv.gz) binned into rows × cols cells over
// their bounding box, queen contiguity with self, binary weights.
//
//   build/bench/gistar_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// On start it writes the 316 × 316 counts to $GISTAR_COUNTS (default /tmp/gistar_counts.csv),
// one `count` column row by row, for the peer: bench/gistar_peer.R runs spdep's localG_perm on
// the same counts and weights.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/local_statistics.h"
#include "analysis/weights.h"

namespace {

using namespace lagesbild::analysis;

struct LatLon {
  double lat, lon;
};

const std::vector<LatLon>& incidents() {
  static const std::vector<LatLon> points = [] {
    // $GISTAR_POINTS, else ../shared/data next to this repository.
    const char* env = std::getenv("GISTAR_POINTS");
    const std::string path = env ? env
                                 : (std::filesystem::path(__FILE__).parent_path() /
                                    "../../shared/data/points/philadelphia_2023_2024.csv.gz")
                                       .string();
    std::unique_ptr<FILE, int (*)(FILE*)> in(popen(("gzip -dc " + path).c_str(), "r"), pclose);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<LatLon> out;
    char line[1024];
    bool header = true;
    while (std::fgets(line, sizeof line, in.get())) {
      if (header) {  // id,datetime,lat,lon,category
        header = false;
        continue;
      }
      const char* p = line;
      for (int comma = 0; comma < 2 && p; ++comma) {
        p = std::strchr(p, ',');
        if (p) ++p;
      }
      if (!p) continue;
      char* end = nullptr;
      const double lat = std::strtod(p, &end);
      if (end == p || *end != ',') continue;
      const double lon = std::strtod(end + 1, &end);
      if (std::isfinite(lat) && std::isfinite(lon) && lat != 0 && lon != 0)
        out.push_back({lat, lon});
    }
    return out;
  }();
  return points;
}

std::vector<double> binned_counts(std::size_t rows, std::size_t cols) {
  const auto& pts = incidents();
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  for (const auto& p : pts) {
    min_lat = std::min(min_lat, p.lat);
    max_lat = std::max(max_lat, p.lat);
    min_lon = std::min(min_lon, p.lon);
    max_lon = std::max(max_lon, p.lon);
  }
  std::vector<double> counts(rows * cols, 0.0);
  for (const auto& p : pts) {
    const auto r = std::min(
        rows - 1, static_cast<std::size_t>((max_lat - p.lat) / (max_lat - min_lat) * rows));
    const auto c = std::min(
        cols - 1, static_cast<std::size_t>((p.lon - min_lon) / (max_lon - min_lon) * cols));
    counts[r * cols + c] += 1;
  }
  return counts;
}

void write_peer_counts(const std::vector<double>& counts) {
  const char* env = std::getenv("GISTAR_COUNTS");
  std::ofstream out(env ? env : "/tmp/gistar_counts.csv");
  out << "count\n";
  for (double c : counts) out << static_cast<long>(c) << '\n';
}

// Gi* with 999 conditional permutations, 316 × 316 = 99,856 cells.
void BM_GiStarPermutations(benchmark::State& state) {
  const std::size_t side = 316;
  const auto counts = binned_counts(side, side);
  static bool written = false;
  if (!written) write_peer_counts(counts);
  written = true;
  const auto w = lattice_weights(side, side, Contiguity::queen, {true, WeightStyle::binary});
  LocalOptions o;
  o.permutation = {999, 1, static_cast<int>(state.range(0))};
  o.significance = Significance::permutation;
  for (auto _ : state) benchmark::DoNotOptimize(getis_ord(counts, w, o));
  state.counters["cells"] = static_cast<double>(counts.size());
  state.counters["incidents"] = static_cast<double>(incidents().size());
}
BENCHMARK(BM_GiStarPermutations)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Analytic Gi* (z, p, Benjamini–Hochberg, bins) on 1000 × 1000 = 1,000,000 cells.
void BM_GiStarAnalytic(benchmark::State& state) {
  const auto counts = binned_counts(1000, 1000);
  const auto w = lattice_weights(1000, 1000, Contiguity::queen, {true, WeightStyle::binary});
  LocalOptions o;
  o.permutation.permutations = 0;
  for (auto _ : state) benchmark::DoNotOptimize(getis_ord(counts, w, o));
  state.counters["cells"] = static_cast<double>(counts.size());
}
BENCHMARK(BM_GiStarAnalytic)->Unit(benchmark::kMillisecond)->UseRealTime();

// Building those weights.
void BM_QueenLatticeWeights(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(
        lattice_weights(1000, 1000, Contiguity::queen, {true, WeightStyle::binary}));
}
BENCHMARK(BM_QueenLatticeWeights)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

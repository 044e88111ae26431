// Kernel density and grid counting, against spatstat's density.ppp in the same run.
//
//   build-h5/bench/kde_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// Kde/*: our kernel_density() on a 1000 × 1000 raster, edge = FALSE: 1,000,000 synthetic
// clustered points (10 km square, 10 m cells) and the 315,679 Philadelphia incidents
// (/work/shared/data/points, projected with a local equirectangular projection, 30 m cells).
// Peer/*: the same points, kernel, sigma and raster through bench/kde_peer.R (density.ppp, timed
// inside R); its counters give our median on the same data measured just before (ours_ms), the
// ratio spatstat / ours, and the largest difference between the two surfaces relative to the
// peak (they differ by spatstat's nearest-pixel assignment against our linear binning).
// Count/*: count_points() of the 1,000,000 points into 100 m squares and hexagons.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/grid.h"
#include "analysis/kde.h"

namespace {

using namespace lagesbild::analysis;
namespace fs = std::filesystem;

struct Cloud {
  std::vector<double> x;
  std::vector<double> y;
  RasterSpec raster;
};

// 1,000,000 points in a 10 km square: 70 % in 200 Gaussian clusters (sd 30–300 m), 30 % uniform.
const Cloud& synthetic_million() {
  static const Cloud cloud = [] {
    Cloud c;
    c.raster = {500000, 6700000, 10, 1000, 1000};
    const double side = 10000;
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double> cx(200), cy(200), sd(200);
    for (int k = 0; k < 200; ++k) {
      cx[k] = u(rng) * side;
      cy[k] = u(rng) * side;
      sd[k] = 30 + u(rng) * 270;
    }
    std::normal_distribution<double> normal(0, 1);
    std::uniform_int_distribution<int> pick(0, 199);
    while (c.x.size() < 1'000'000) {
      double x = u(rng) * side;
      double y = u(rng) * side;
      if (u(rng) < 0.7) {
        const int k = pick(rng);
        x = cx[k] + sd[k] * normal(rng);
        y = cy[k] + sd[k] * normal(rng);
      }
      if (x <= 0 || x >= side || y <= 0 || y >= side) continue;  // spatstat needs them inside
      c.x.push_back(c.raster.origin_x + x);
      c.y.push_back(c.raster.origin_y + y);
    }
    return c;
  }();
  return cloud;
}

fs::path shared_data() {
  if (const char* dir = std::getenv("LB_SHARED_DATA")) return dir;
  return fs::path(__FILE__).parent_path() / ".." / ".." / "shared" / "data";
}

// The Philadelphia incidents (id,datetime,lat,lon,category), projected to metres around their
// mean with x = R (lon − lon0) cos(lat0), y = R (lat − lat0), on a 1000 × 1000 raster of 30 m
// cells centred on the points' bounding box.
const Cloud& philadelphia() {
  static const Cloud cloud = [] {
    const fs::path file = shared_data() / "points" / "philadelphia_2023_2024.csv.gz";
    FILE* pipe = popen(("zcat '" + file.string() + "'").c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot read " + file.string());
    std::vector<double> lat;
    std::vector<double> lon;
    char line[4096];
    bool header = true;
    while (std::fgets(line, sizeof line, pipe) != nullptr) {
      if (header) {
        if (std::string(line).rfind("id,datetime,lat,lon,", 0) != 0) {
          throw std::runtime_error("unexpected header in " + file.string());
        }
        header = false;
        continue;
      }
      // lat and lon are the third and fourth fields; the category after them may hold commas.
      const char* p = line;
      for (int commas = 0; commas < 2 && p != nullptr; ++commas) {
        p = std::strchr(p, ',');
        if (p != nullptr) ++p;
      }
      if (p == nullptr) continue;
      char* end = nullptr;
      const double la = std::strtod(p, &end);
      if (end == p || *end != ',') continue;
      const double lo = std::strtod(end + 1, &end);
      lat.push_back(la);
      lon.push_back(lo);
    }
    pclose(pipe);
    double lat0 = 0;
    double lon0 = 0;
    for (std::size_t i = 0; i < lat.size(); ++i) {
      lat0 += lat[i];
      lon0 += lon[i];
    }
    lat0 /= static_cast<double>(lat.size());
    lon0 /= static_cast<double>(lon.size());
    const double radius = 6371008.8;
    const double rad = std::numbers::pi / 180;
    Cloud c;
    for (std::size_t i = 0; i < lat.size(); ++i) {
      c.x.push_back(radius * (lon[i] - lon0) * rad * std::cos(lat0 * rad));
      c.y.push_back(radius * (lat[i] - lat0) * rad);
    }
    const auto [xmin, xmax] = std::minmax_element(c.x.begin(), c.x.end());
    const auto [ymin, ymax] = std::minmax_element(c.y.begin(), c.y.end());
    const double cell = 30;
    c.raster = {(*xmin + *xmax) / 2 - 500 * cell, (*ymin + *ymax) / 2 - 500 * cell, cell, 1000,
                1000};
    return c;
  }();
  return cloud;
}

KdeOptions kde_options(DensityKernel kernel, double sigma, int threads = 2) {
  KdeOptions o;
  o.kernel = kernel;
  o.bandwidth = sigma;
  o.threads = threads;
  return o;
}

void Kde(benchmark::State& state, const Cloud& (*data)(), DensityKernel kernel, double sigma,
         int threads) {
  const Cloud& c = data();
  const KdeOptions o = kde_options(kernel, sigma, threads);
  benchmark::DoNotOptimize(kernel_density(c.raster, c.x, c.y, o));  // plans the FFT size
  for (auto _ : state) {
    DensityRaster d = kernel_density(c.raster, c.x, c.y, o);
    benchmark::DoNotOptimize(d.density.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.x.size()));
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// spatstat on the same input: one Rscript run timing `reps` calls, and ours measured just before.
void Peer(benchmark::State& state, const Cloud& (*data)(), DensityKernel kernel, double sigma) {
  const Cloud& c = data();
  const KdeOptions o = kde_options(kernel, sigma);
  DensityRaster ours = kernel_density(c.raster, c.x, c.y, o);
  std::vector<double> our_seconds;
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    ours = kernel_density(c.raster, c.x, c.y, o);
    our_seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const fs::path dir = fs::temp_directory_path() / ("lb_kde_peer_" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    std::ofstream points(dir / "points.bin", std::ios::binary);
    points.write(reinterpret_cast<const char*>(c.x.data()),
                 static_cast<std::streamsize>(c.x.size() * sizeof(double)));
    points.write(reinterpret_cast<const char*>(c.y.data()),
                 static_cast<std::streamsize>(c.y.size() * sizeof(double)));
  }
  std::ostringstream command;
  command.precision(17);
  command << "Rscript " << (fs::path(__FILE__).parent_path() / "kde_peer.R") << " "
          << (dir / "points.bin") << " " << c.x.size() << " " << c.raster.origin_x << " "
          << c.raster.origin_y << " " << c.raster.cell_size << " " << c.raster.cols << " "
          << c.raster.rows << " " << (kernel == DensityKernel::kGaussian ? "gaussian" : "quartic")
          << " " << sigma << " 3 " << (dir / "density.bin") << " > " << (dir / "out.txt")
          << " 2>&1";
  if (std::system(command.str().c_str()) != 0) {
    state.SkipWithError("Rscript bench/kde_peer.R failed (is spatstat installed?)");
    fs::remove_all(dir);
    for (auto _ : state) {
    }
    return;
  }
  std::ifstream out(dir / "out.txt");
  std::string word;
  std::vector<double> peer_seconds;
  while (out >> word && word != "seconds") {
  }
  double s = 0;
  while (out >> s) peer_seconds.push_back(s);
  std::vector<double> theirs(ours.density.size());
  std::ifstream density(dir / "density.bin", std::ios::binary);
  density.read(reinterpret_cast<char*>(theirs.data()),
               static_cast<std::streamsize>(theirs.size() * sizeof(double)));
  fs::remove_all(dir);
  double peak = 0;
  double worst = 0;
  for (std::size_t i = 0; i < theirs.size(); ++i) {
    peak = std::max(peak, ours.density[i]);
    worst = std::max(worst, std::abs(ours.density[i] - theirs[i]));
  }
  const double peer = peer_seconds.empty() ? 0 : median(peer_seconds);
  for (auto _ : state) state.SetIterationTime(peer);
  state.counters["ours_ms"] = median(our_seconds) * 1e3;
  state.counters["ratio"] = peer / median(our_seconds);
  state.counters["max_diff_of_peak"] = worst / peak;
}

void Count(benchmark::State& state, CellShape shape) {
  const Cloud& c = synthetic_million();
  const Grid grid = Grid::over_extent(
      shape,
      {c.raster.origin_x, c.raster.origin_y, c.raster.origin_x + 10000, c.raster.origin_y + 10000},
      100);
  for (auto _ : state) {
    CellCounts counts = count_points(grid, c.x, c.y);
    benchmark::DoNotOptimize(counts.counts.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.x.size()));
}

BENCHMARK_CAPTURE(Kde, synthetic_1M_quartic_sd50, synthetic_million, DensityKernel::kQuartic, 50, 2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(Kde, synthetic_1M_quartic_sd50_1thread, synthetic_million,
                  DensityKernel::kQuartic, 50, 1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(Kde, synthetic_1M_gaussian_sd50, synthetic_million, DensityKernel::kGaussian, 50,
                  2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(Kde, philadelphia_quartic_sd100, philadelphia, DensityKernel::kQuartic, 100, 2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(Peer, synthetic_1M_quartic_sd50, synthetic_million, DensityKernel::kQuartic, 50)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(Peer, synthetic_1M_gaussian_sd50, synthetic_million, DensityKernel::kGaussian, 50)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(Peer, philadelphia_quartic_sd100, philadelphia, DensityKernel::kQuartic, 100)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);
BENCHMARK_CAPTURE(Count, square_100m, CellShape::kSquare)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(Count, hexagon_100m, CellShape::kHexagon)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// Near-repeat analysis: the Knox test over a table of spatial × temporal distance bands, with
// Monte-Carlo significance from permuting the times over the fixed locations, as Ratcliffe's
// Near Repeat Calculator (NRC 1.3) does. "Do events close in space happen close in time more
// often than chance would have them?"
//
// Owns: the pair counting and the permutation test. Pure computation over arrays (no I/O);
// thread-safe (knox_test starts and joins its own worker threads).
//
// THE TABLE. Rows are spatial bands, columns temporal bands; a pair of events {i, j} (i != j,
// each unordered pair once, n(n-1)/2 in all) is counted in exactly one cell. With d the spatial
// distance of the pair, bw = spatial_bandwidth, S = spatial_bands, and products k·bw computed in
// double precision:
//   row "same location"  d == 0 exactly (only when same_location_band; then row 1 starts above 0)
//   row k, 1 <= k <= S   (k-1)·bw <= d < k·bw   (row 1 is 0 < d < bw with a same-location row)
//   row "more than"      d >= S·bw
// With dt = |t_i - t_j| (days, double precision), tw = temporal_bandwidth, T = temporal_bands:
//   column k, 1 <= k <= T  (k-1)·tw <= dt < k·tw
//   column "more than"     dt >= T·tw
// Every interval is half-open [from, to), except the closed point of "same location". The labels
// of KnoxBand say exactly this; nrc_label gives the NRC's own (misleading) label of the same band:
// the NRC calls [0, 7) days "0 to 7" and [7, 14) "8 to 14", and [100, 200) m "101 to 200".
//
// THE NRC-COMPATIBLE MODE (nrc_compatible = true) reproduces the NRC 1.3's observed tables
// exactly: coordinates are rounded to float32 before differencing (the NRC stores Singles), the
// distance is Manhattan, "same location" is d == 0 of the rounded coordinates, and times are
// floored to whole days before differencing (so column [0, 7) holds pairs 0..6 days apart).
// It requires metric == manhattan and same_location_band == true.
//
// THE TEST. Permutation r (1..permutations) shuffles the times over the fixed locations with its
// own random stream, derived from (seed, r) alone: the result depends on the seed and the input,
// never on the number of threads. Per cell: the observed count, the mean, sample standard
// deviation, minimum and maximum of the simulated counts, the Knox ratio and the one-sided
// Monte-Carlo p-value (#{r : simulated_r >= observed} + 1) / (permutations + 1), whose floor is
// 1 / (permutations + 1).
//
// COST. Only pairs closer than S·bw ("near pairs") are enumerated (a grid of cells of side S·bw)
// and recounted per permutation; the far row is the pairs per temporal column (which depend only
// on the multiset of times, so permutation does not change them) minus the near ones. Time and
// memory grow with the number of near pairs (4 bytes each), not with n². Times that are whole
// numbers within a span of 32,766 days take a 16-bit vectorised path; other times take a
// double-precision path that is about four times slower.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lagesbild::analysis {

enum class DistanceMetric {
  manhattan,  // |dx| + |dy|
  euclidean,  // sqrt(dx² + dy²)
};

struct KnoxOptions {
  double spatial_bandwidth = 100;  // metres, finite and > 0
  int spatial_bands = 3;           // finite spatial bands, 1..1000
  double temporal_bandwidth = 7;   // days, finite and > 0
  int temporal_bands = 3;          // finite temporal bands, 1..1000
  DistanceMetric metric = DistanceMetric::manhattan;
  bool same_location_band = true;  // a row of its own for d == 0
  bool nrc_compatible = false;     // see above
  int permutations = 999;          // Monte-Carlo permutations, >= 1
  std::uint64_t seed = 1;
  int threads = 2;  // worker threads, >= 1; does not change the result
};

// One band of the table: the interval of distances (metres) or time differences (days) it holds.
struct KnoxBand {
  std::string label;      // the exact interval, e.g. "[100, 200) m", "(0, 100) m", ">= 21 days"
  std::string nrc_label;  // the NRC's label of the same band, e.g. "101 to 200", "More than 21"
  double from = 0;        // lower end, included unless from_excluded
  double to = 0;          // upper end, excluded; +infinity for "more than"; 0 for same location
  bool from_excluded = false;  // true for row 1 when there is a same-location row
  bool same_location = false;  // the closed point d == 0
};

struct KnoxCell {
  std::int64_t observed = 0;  // pairs in the cell
  double simulated_mean = 0;
  double simulated_sd = 0;  // sample standard deviation (n - 1); 0 with one permutation
  std::int64_t simulated_min = 0;
  std::int64_t simulated_max = 0;
  // observed / simulated_mean; 0 when both are 0, +infinity when only the mean is 0 (as
  // rate_test in analysis/stats.h). Never NaN.
  double knox_ratio = 0;
  double p_value = 1;  // (#{simulated >= observed} + 1) / (permutations + 1)
};

struct KnoxResult {
  std::vector<KnoxBand> spatial;   // rows: [same location,] 1..S, more than
  std::vector<KnoxBand> temporal;  // columns: 1..T, more than
  std::vector<KnoxCell> cells;     // row-major: cells[row * temporal.size() + column]
  std::int64_t pairs = 0;          // n(n-1)/2, the sum of every row's observed counts
  std::int64_t near_pairs = 0;     // pairs with d < S·bw (enumerated and permuted)
  int permutations = 0;

  const KnoxCell& cell(std::size_t row, std::size_t column) const {
    return cells[row * temporal.size() + column];
  }
};

// The Knox test of events at (x[i], y[i]) (metres, a projected system) at times t[i] (days).
// Throws std::invalid_argument naming the field for empty input, arrays of different lengths,
// NaN or infinite coordinates or times, bandwidths that are not finite and > 0, band counts
// outside 1..1000, permutations < 1, threads < 1, or an NRC-compatible mode with a Euclidean
// metric or without the same-location row. A single event gives a table of zeros (p = 1).
KnoxResult knox_test(std::span<const double> x, std::span<const double> y,
                     std::span<const double> t, const KnoxOptions& options);

}  // namespace lagesbild::analysis

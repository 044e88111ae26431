// Emerging hot spot analysis: how hot and cold spots change over time, in the 17 categories of
// ArcGIS Pro's Emerging Hot Spot Analysis.
//
// Input is a space-time cube (locations × time slices, e.g. weekly counts per grid cell) and
// spatial weights that include self (Gi*). For every slice, Gi* z-scores and p-values are
// computed over the locations (local_statistics.h: analytic, or permutation p when asked; FDR
// across the locations of the slice when options.local.fdr, as ArcGIS does), and a bin is a
// significant hot spot when z > 0 and its p (q with FDR) <= alpha, a cold spot when z < 0 and
// the same holds. Then, per location, the Mann–Kendall trend test runs on the series of Gi*
// z-scores ("the intensity of clustering") and, as ArcGIS's Create Space Time Cube reports it,
// on the series of values (counts).
//
// Each slice's Gi* uses that slice's values only: ArcGIS's "neighborhood time step" (neighbours
// in earlier slices too) is not applied. ArcGIS analyses only locations with at least one event
// in some slice: to do the same, pass only those locations.
//
// Mann–Kendall (Mann 1945, Kendall 1975): S = Σ_{a<b} sign(x_b − x_a); with ties the variance is
// Var S = [n(n − 1)(2n + 5) − Σ_g t_g(t_g − 1)(2t_g + 5)] / 18 over the groups g of t_g equal
// values; z = (S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0 (continuity correction), 0 for
// S = 0; p two-sided normal; tau is Kendall's tau-b, S / √(n0 (n0 − n1)) with n0 = n(n − 1)/2 and
// n1 = Σ t_g(t_g − 1)/2. Fewer than 2 values, or all equal: S = 0, z = 0, p = 1, tau = 0.
//
// The categories, from ArcGIS Pro's "How Emerging Hot Spot Analysis works" (hot shown; cold is
// the same with cold bins and the trend's sign reversed). n is the number of slices, "90 %"
// means at least 0.9 n slices, and the trend is significant when its p <= trend_alpha:
//   new          the final slice is hot and no earlier slice was hot;
//   consecutive  a single uninterrupted run of at least two hot slices ends at the final slice,
//                no slice before that run was hot, and fewer than 90 % of slices are hot;
//   intensifying at least 90 % of slices are hot, the final one included, and the z-score
//                trend is significantly increasing (for cold: decreasing);
//   persistent   at least 90 % of slices are hot, the final one included, and the z-score trend
//                is not significant;
//   diminishing  at least 90 % of slices are hot, the final one included, and the z-score trend
//                is significantly decreasing (for cold: increasing);
//   sporadic     the final slice is hot, fewer than 90 % of slices are hot, no slice was cold,
//                and the hot slices are not all in the final run (on again, off again);
//   oscillating  the final slice is hot, fewer than 90 % of slices are hot, and some earlier
//                slice was cold;
//   historical   the final slice is not hot, but at least 90 % of slices are hot;
//   no pattern   none of the above, hot or cold.
// Where ArcGIS's text leaves two categories open, we choose: a location whose only hot slice is
// the final one but which was cold before is oscillating (not new), and likewise for a final
// hot run after a cold slice (oscillating, not consecutive); persistent requires the final slice
// to be hot (otherwise the location is historical), so the 17 categories never overlap.
//
// Pure computation; thread-safe; permutations use the threads of options.local.permutation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analysis/local_statistics.h"
#include "analysis/weights.h"

namespace lagesbild::analysis {

struct SpaceTimeCube {
  std::size_t locations = 0;
  std::size_t slices = 0;
  std::vector<double> values;  // values[t * locations + i], oldest slice first
};

struct MannKendall {
  double s = 0;
  double variance = 0;
  double z = 0;
  double p = 1;  // two-sided
  double tau = 0;
};

// Mann–Kendall trend test of a series, oldest first, as defined above. NaN or infinite values
// throw std::invalid_argument naming the position.
MannKendall mann_kendall(std::span<const double> series);

enum class EmergingPattern : std::uint8_t {
  no_pattern,
  new_hot_spot,
  consecutive_hot_spot,
  intensifying_hot_spot,
  persistent_hot_spot,
  diminishing_hot_spot,
  sporadic_hot_spot,
  oscillating_hot_spot,
  historical_hot_spot,
  new_cold_spot,
  consecutive_cold_spot,
  intensifying_cold_spot,
  persistent_cold_spot,
  diminishing_cold_spot,
  sporadic_cold_spot,
  oscillating_cold_spot,
  historical_cold_spot,
};

// ArcGIS's label: "No Pattern Detected", "New Hot Spot", …, "Historical Cold Spot".
std::string_view pattern_name(EmergingPattern pattern);

// The category of one location from its per-slice states (+1 significant hot spot, −1
// significant cold spot, 0 neither; oldest first) and the trend of its Gi* z-scores. An empty
// series is no_pattern.
EmergingPattern classify_emerging(std::span<const std::int8_t> states, const MannKendall& z_trend,
                                  double trend_alpha = 0.05);

struct EmergingOptions {
  LocalOptions local;         // Gi* per slice: permutations, which p, FDR across locations
  double alpha = 0.05;        // a bin is a significant hot/cold spot when its p (q) <= alpha
  double trend_alpha = 0.05;  // a Mann–Kendall trend is significant when p <= trend_alpha
};

struct EmergingHotSpots {
  std::size_t locations = 0;
  std::size_t slices = 0;
  // Per bin, laid out as the cube (t * locations + i):
  std::vector<double> z;           // Gi* z-score
  std::vector<double> p;           // the p-value decided on (q when options.local.fdr)
  std::vector<std::int8_t> bin;    // Gi_Bin −3 … 3
  std::vector<std::int8_t> state;  // +1 hot, −1 cold, 0 neither, at options.alpha
  // Per location:
  std::vector<MannKendall> z_trend;      // of the Gi* z-scores
  std::vector<MannKendall> value_trend;  // of the values (counts)
  std::vector<EmergingPattern> pattern;
};

// Runs the analysis above. Throws std::invalid_argument naming the field when the cube's
// values are not locations × slices, a value is not finite, there are no slices, the weights do
// not have `locations` rows or do not include self (Gi* is needed), or an option is out of range
// (alpha and trend_alpha in (0, 1)).
EmergingHotSpots emerging_hot_spots(const SpaceTimeCube& cube, const SpatialWeights& w,
                                    const EmergingOptions& options = {});

}  // namespace lagesbild::analysis

// Which hotspot map predicts best? The methods the product offers, judged the way Chainey,
// Tompson & Uhlig (2008) judge them: on held-out time slices (rolling origin). For every test
// slice t, each method scores the cells from the `training_slices` slices before t only; the
// cells covering `area_share` of the study area with the highest scores are "the hotspots", and
// the events of slice t that fall in them give the hit rate, the PAI and the PEI
// (hotspot_quality.h). Nothing a method sees comes from slice t or later.
//
// Methods:
//   counts  — the training slices' events per cell (the "where it happened lately" map);
//   kde     — a quartic kernel density of the training events (bandwidth = search radius);
//   gistar  — the Gi* z-score of the training counts per cell (binary queen neighbours, self
//             included, analytic), the hot spot map of analysis/local_statistics.h.
// Ties are ranked by cell index (hotspot_quality.h): a method that scores many cells equal (the
// counts of sparse data) is not flattered by the held-out events.
//
// Owns: the evaluation loop. May use: analysis/ (grid, kde, weights, local statistics, hotspot
// quality). Pure computation; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "analysis/grid.h"
#include "analysis/hotspot_quality.h"

namespace lagesbild::analysis {

enum class HotspotMethod { counts, kde, gistar };
std::string_view method_name(HotspotMethod m);  // "counts", "kde", "gistar"

struct MethodComparisonOptions {
  int training_slices = 8;     // >= 1
  double area_share = 0.05;    // (0, 1]; at least one study cell
  double kde_bandwidth = 300;  // metres, the quartic's search radius (> 0)
};

struct SliceScore {
  int slice = 0;      // the test slice
  double events = 0;  // its events in the study area
  HotspotQuality quality;
};

struct MethodScore {
  HotspotMethod method = HotspotMethod::counts;
  std::vector<SliceScore> slices;  // the scored test slices, ascending
  // Means over the scored slices (0 when none was scored).
  double mean_pai = 0, mean_hit_rate = 0, mean_pei = 0;
};

struct MethodComparison {
  std::int64_t study_cells = 0;
  std::int64_t cells_selected = 0;   // per test slice: floor(area_share × study_cells)
  std::vector<int> skipped_slices;   // test slices without events in the study area
  std::vector<MethodScore> methods;  // counts, kde, gistar
};

// Events (x[i], y[i]) in slice slices[i] of [0, slice_count), on the square `grid`; `study`
// marks the cells of the study area (1) per grid cell, or is empty for every cell. The test
// slices are training_slices .. slice_count − 1. Events outside the grid or its study area are
// ignored. Throws std::invalid_argument naming the field: "grid" (not square), "study" (length,
// or no study cell), "y"/"slices" (length), "slices[i]" (out of range), "x[i]"/"y[i]" (not
// finite), "training_slices" (< 1, or no test slice left), "area_share", "kde_bandwidth".
MethodComparison compare_hotspot_methods(const Grid& grid, std::span<const std::uint8_t> study,
                                         std::span<const double> x, std::span<const double> y,
                                         std::span<const int> slices, int slice_count,
                                         const MethodComparisonOptions& options = {});

}  // namespace lagesbild::analysis

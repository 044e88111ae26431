// How good is a hotspot map? The prediction accuracy index (PAI, Chainey, Tompson & Uhlig 2008),
// the hit rate at a share of the area, and the predictive efficiency index (PEI, Hunt 2016) of
// a predicted surface against held-out events.
//
// Owns: the formulas. May use: the standard library. Pure computation over per-cell arrays of
// equal-area cells (a grid or a raster; pass only the cells of the study area); thread-safe.
//
// Cells are ranked by predicted score, highest first; cells with equal scores are ranked by cell
// index, lowest first. The rule is deterministic and never looks at the held-out events, so ties
// cannot flatter the map; `tied_beyond_cutoff` says how many unselected cells share the last
// selected cell's score (when it is not 0, the choice among them was by index alone).
#pragma once

#include <cstdint>
#include <span>

namespace lagesbild::analysis {

struct HotspotQuality {
  std::int64_t cells_selected = 0;
  double area_share = 0;  // cells_selected / cells
  double hits = 0;        // held-out events in the selected cells
  double hit_rate = 0;    // hits / all held-out events
  double pai = 0;         // hit_rate / area_share
  // hits / the most events any cells_selected cells hold (1: no selection of that size would
  // have caught more); PAI / the best possible PAI at this area.
  double pei = 0;
  std::int64_t tied_beyond_cutoff = 0;
};

// The top `k` cells by `scores` against the held-out `events` per cell (same length). Throws
// std::invalid_argument naming the field: "scores" (empty, or a value not finite, as
// "scores[i]"), "events" (length, a negative or non-finite count as "events[i]", or no events at
// all), "k" (not in [1, cells]).
HotspotQuality evaluate_top_cells(std::span<const double> scores, std::span<const double> events,
                                  std::int64_t k);

// The top cells covering at most `area_share` of the area (0 < share <= 1): floor(share × cells)
// cells, never more than the share. Throws as evaluate_top_cells, and "area_share" when it is
// not in (0, 1] or smaller than one cell.
HotspotQuality evaluate_area_share(std::span<const double> scores, std::span<const double> events,
                                   double area_share);

}  // namespace lagesbild::analysis

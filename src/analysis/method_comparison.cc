#include "analysis/method_comparison.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "analysis/kde.h"
#include "analysis/local_statistics.h"
#include "analysis/weights.h"

namespace lagesbild::analysis {

std::string_view method_name(HotspotMethod m) {
  switch (m) {
    case HotspotMethod::counts:
      return "counts";
    case HotspotMethod::kde:
      return "kde";
    case HotspotMethod::gistar:
      return "gistar";
  }
  return "";
}

MethodComparison compare_hotspot_methods(const Grid& grid, std::span<const std::uint8_t> study,
                                         std::span<const double> x, std::span<const double> y,
                                         std::span<const int> slices, int slice_count,
                                         const MethodComparisonOptions& options) {
  const std::int64_t cells = grid.cell_count();
  if (grid.shape() != CellShape::kSquare) throw std::invalid_argument("grid: must be square");
  if (!study.empty() && static_cast<std::int64_t>(study.size()) != cells) {
    throw std::invalid_argument("study: one entry per grid cell");
  }
  if (y.size() != x.size()) throw std::invalid_argument("y: must be as long as x");
  if (slices.size() != x.size()) throw std::invalid_argument("slices: must be as long as x");
  if (options.training_slices < 1) throw std::invalid_argument("training_slices: must be >= 1");
  if (options.training_slices >= slice_count) {
    throw std::invalid_argument("training_slices: leaves no test slice of " +
                                std::to_string(slice_count));
  }
  if (!(options.area_share > 0 && options.area_share <= 1)) {
    throw std::invalid_argument("area_share: must be in (0, 1]");
  }
  if (!(options.kde_bandwidth > 0 && std::isfinite(options.kde_bandwidth))) {
    throw std::invalid_argument("kde_bandwidth: must be a positive number of metres");
  }
  std::vector<std::int64_t> study_cells;
  for (std::int64_t c = 0; c < cells; ++c) {
    if (study.empty() || study[static_cast<std::size_t>(c)]) study_cells.push_back(c);
  }
  if (study_cells.empty()) throw std::invalid_argument("study: no cell is in the study area");
  const auto k = static_cast<std::int64_t>(
      std::floor(options.area_share * static_cast<double>(study_cells.size())));
  if (k < 1) throw std::invalid_argument("area_share: smaller than one cell of the study area");

  // Each slice's events as (cell, point index), for the sliding training window.
  std::vector<std::vector<std::size_t>> by_slice(static_cast<std::size_t>(slice_count));
  std::vector<std::int64_t> cell_of(x.size(), -1);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]))
      throw std::invalid_argument("x[" + std::to_string(i) + "]: not finite");
    if (!std::isfinite(y[i]))
      throw std::invalid_argument("y[" + std::to_string(i) + "]: not finite");
    if (slices[i] < 0 || slices[i] >= slice_count) {
      throw std::invalid_argument("slices[" + std::to_string(i) + "]: not in [0, " +
                                  std::to_string(slice_count) + ")");
    }
    cell_of[i] = grid.cell_of(x[i], y[i]);
    if (cell_of[i] >= 0) by_slice[static_cast<std::size_t>(slices[i])].push_back(i);
  }

  const auto weights =
      lattice_weights(static_cast<std::size_t>(grid.rows()), static_cast<std::size_t>(grid.cols()),
                      Contiguity::queen, {true, WeightStyle::binary});
  LocalOptions gi_options;
  gi_options.permutation.permutations = 0;
  RasterSpec raster{grid.extent().min_x, grid.extent().min_y, grid.cell_size(), grid.cols(),
                    grid.rows()};
  KdeOptions kde_options;
  kde_options.kernel = DensityKernel::kQuartic;
  kde_options.bandwidth = options.kde_bandwidth;
  kde_options.scale = BandwidthScale::kSupportRadius;
  kde_options.threads = 1;

  MethodComparison out;
  out.study_cells = static_cast<std::int64_t>(study_cells.size());
  out.cells_selected = k;
  for (HotspotMethod m : {HotspotMethod::counts, HotspotMethod::kde, HotspotMethod::gistar}) {
    out.methods.push_back({m, {}, 0, 0, 0});
  }
  std::vector<double> training(static_cast<std::size_t>(cells), 0.0);
  const auto add_slice = [&](int s, double sign) {
    for (std::size_t i : by_slice[static_cast<std::size_t>(s)]) {
      training[static_cast<std::size_t>(cell_of[i])] += sign;
    }
  };
  for (int s = 0; s < options.training_slices; ++s) add_slice(s, 1);
  std::vector<double> held_out(study_cells.size()), scores(study_cells.size());
  std::vector<double> tx, ty;
  for (int t = options.training_slices; t < slice_count; ++t) {
    if (t > options.training_slices) {
      add_slice(t - 1, 1);
      add_slice(t - 1 - options.training_slices, -1);
    }
    std::fill(held_out.begin(), held_out.end(), 0.0);
    std::vector<double> events_full(static_cast<std::size_t>(cells), 0.0);
    for (std::size_t i : by_slice[static_cast<std::size_t>(t)]) {
      events_full[static_cast<std::size_t>(cell_of[i])] += 1;
    }
    double total = 0;
    for (std::size_t j = 0; j < study_cells.size(); ++j) {
      held_out[j] = events_full[static_cast<std::size_t>(study_cells[j])];
      total += held_out[j];
    }
    if (total == 0) {
      out.skipped_slices.push_back(t);
      continue;
    }
    for (MethodScore& method : out.methods) {
      switch (method.method) {
        case HotspotMethod::counts:
          for (std::size_t j = 0; j < study_cells.size(); ++j) {
            scores[j] = training[static_cast<std::size_t>(study_cells[j])];
          }
          break;
        case HotspotMethod::kde: {
          tx.clear();
          ty.clear();
          for (int s = t - options.training_slices; s < t; ++s) {
            for (std::size_t i : by_slice[static_cast<std::size_t>(s)]) {
              tx.push_back(x[i]);
              ty.push_back(y[i]);
            }
          }
          const auto d = kernel_density(raster, tx, ty, kde_options);
          for (std::size_t j = 0; j < study_cells.size(); ++j) {
            scores[j] = d.density[static_cast<std::size_t>(study_cells[j])];
          }
          break;
        }
        case HotspotMethod::gistar: {
          const auto g = getis_ord(training, weights, gi_options);
          for (std::size_t j = 0; j < study_cells.size(); ++j) {
            scores[j] = g.z[static_cast<std::size_t>(study_cells[j])];
          }
          break;
        }
      }
      method.slices.push_back({t, total, evaluate_top_cells(scores, held_out, k)});
    }
  }
  for (MethodScore& method : out.methods) {
    if (method.slices.empty()) continue;
    for (const SliceScore& s : method.slices) {
      method.mean_pai += s.quality.pai;
      method.mean_hit_rate += s.quality.hit_rate;
      method.mean_pei += s.quality.pei;
    }
    const auto n = static_cast<double>(method.slices.size());
    method.mean_pai /= n;
    method.mean_hit_rate /= n;
    method.mean_pei /= n;
  }
  return out;
}

}  // namespace lagesbild::analysis

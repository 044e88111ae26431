#include "analysis/hotspot_quality.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace lagesbild::analysis {
namespace {

[[noreturn]] void reject(const std::string& field, const std::string& why) {
  throw std::invalid_argument(field + ": " + why);
}

std::string indexed(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

// Validates the arrays and returns the total of held-out events.
double check_inputs(std::span<const double> scores, std::span<const double> events) {
  if (scores.empty()) reject("scores", "no cells");
  if (events.size() != scores.size()) reject("events", "must have one count per cell of scores");
  double total = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (!std::isfinite(scores[i])) reject(indexed("scores", i), "not finite");
    if (!std::isfinite(events[i]) || events[i] < 0) {
      reject(indexed("events", i), "must be finite and >= 0");
    }
    total += events[i];
  }
  if (!(total > 0)) reject("events", "no held-out events to evaluate against");
  return total;
}

// The sum of the k largest events (the best any selection of k cells could have done).
double best_hits(std::span<const double> events, std::int64_t k) {
  std::vector<double> sorted(events.begin(), events.end());
  std::nth_element(sorted.begin(), sorted.begin() + (k - 1), sorted.end(), std::greater<>());
  return std::accumulate(sorted.begin(), sorted.begin() + k, 0.0);
}

}  // namespace

HotspotQuality evaluate_top_cells(std::span<const double> scores, std::span<const double> events,
                                  std::int64_t k) {
  const double total = check_inputs(scores, events);
  const auto cells = static_cast<std::int64_t>(scores.size());
  if (k < 1 || k > cells) reject("k", "must be between 1 and the number of cells");

  std::vector<std::int64_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  auto ranks_before = [&](std::int64_t a, std::int64_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : a < b;
  };
  std::partial_sort(order.begin(), order.begin() + k, order.end(), ranks_before);

  HotspotQuality q;
  q.cells_selected = k;
  q.area_share = static_cast<double>(k) / static_cast<double>(cells);
  for (std::int64_t i = 0; i < k; ++i) q.hits += events[order[i]];
  q.hit_rate = q.hits / total;
  q.pai = q.hit_rate / q.area_share;
  const double best = best_hits(events, k);
  q.pei = best > 0 ? q.hits / best : 0.0;
  const double cutoff = scores[order[k - 1]];
  const auto tied = std::count(scores.begin(), scores.end(), cutoff);
  const auto tied_selected = std::count_if(order.begin(), order.begin() + k,
                                           [&](std::int64_t c) { return scores[c] == cutoff; });
  q.tied_beyond_cutoff = tied - tied_selected;
  return q;
}

HotspotQuality evaluate_area_share(std::span<const double> scores, std::span<const double> events,
                                   double area_share) {
  if (!std::isfinite(area_share) || area_share <= 0 || area_share > 1) {
    reject("area_share", "must be in (0, 1]");
  }
  // The slack keeps 0.05 × 200 at 10 cells despite binary fractions.
  const auto k = static_cast<std::int64_t>(
      std::floor(area_share * static_cast<double>(scores.size()) * (1 + 1e-12)));
  if (!scores.empty() && k < 1) reject("area_share", "smaller than one cell");
  check_inputs(scores, events);
  return evaluate_top_cells(scores, events, k);
}

}  // namespace lagesbild::analysis

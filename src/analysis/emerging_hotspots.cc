#include "analysis/emerging_hotspots.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace lagesbild::analysis {

MannKendall mann_kendall(std::span<const double> series) {
  const std::size_t n = series.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(series[i]))
      throw std::invalid_argument("series[" + std::to_string(i) + "]: not a finite number");
  }
  MannKendall mk;
  if (n < 2) return mk;
  double s = 0;
  for (std::size_t a = 0; a + 1 < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) s += (series[b] > series[a]) - (series[b] < series[a]);
  }
  std::vector<double> sorted(series.begin(), series.end());
  std::sort(sorted.begin(), sorted.end());
  double tie_var = 0, tie_pairs = 0;
  for (std::size_t a = 0; a < n;) {
    std::size_t b = a;
    while (b < n && sorted[b] == sorted[a]) ++b;
    const double t = static_cast<double>(b - a);
    tie_var += t * (t - 1) * (2 * t + 5);
    tie_pairs += t * (t - 1) / 2;
    a = b;
  }
  const double nd = static_cast<double>(n);
  const double pairs = nd * (nd - 1) / 2;
  mk.s = s;
  mk.variance = (nd * (nd - 1) * (2 * nd + 5) - tie_var) / 18;
  if (mk.variance <= 0 || s == 0) return mk;
  mk.z = (s > 0 ? s - 1 : s + 1) / std::sqrt(mk.variance);
  mk.p = std::erfc(std::abs(mk.z) / std::sqrt(2.0));
  mk.tau = s / std::sqrt(pairs * (pairs - tie_pairs));
  return mk;
}

std::string_view pattern_name(EmergingPattern pattern) {
  switch (pattern) {
    case EmergingPattern::no_pattern:
      return "No Pattern Detected";
    case EmergingPattern::new_hot_spot:
      return "New Hot Spot";
    case EmergingPattern::consecutive_hot_spot:
      return "Consecutive Hot Spot";
    case EmergingPattern::intensifying_hot_spot:
      return "Intensifying Hot Spot";
    case EmergingPattern::persistent_hot_spot:
      return "Persistent Hot Spot";
    case EmergingPattern::diminishing_hot_spot:
      return "Diminishing Hot Spot";
    case EmergingPattern::sporadic_hot_spot:
      return "Sporadic Hot Spot";
    case EmergingPattern::oscillating_hot_spot:
      return "Oscillating Hot Spot";
    case EmergingPattern::historical_hot_spot:
      return "Historical Hot Spot";
    case EmergingPattern::new_cold_spot:
      return "New Cold Spot";
    case EmergingPattern::consecutive_cold_spot:
      return "Consecutive Cold Spot";
    case EmergingPattern::intensifying_cold_spot:
      return "Intensifying Cold Spot";
    case EmergingPattern::persistent_cold_spot:
      return "Persistent Cold Spot";
    case EmergingPattern::diminishing_cold_spot:
      return "Diminishing Cold Spot";
    case EmergingPattern::sporadic_cold_spot:
      return "Sporadic Cold Spot";
    case EmergingPattern::oscillating_cold_spot:
      return "Oscillating Cold Spot";
    case EmergingPattern::historical_cold_spot:
      return "Historical Cold Spot";
  }
  return "No Pattern Detected";
}

namespace {

// The hot-side rules with `sign` = +1 (hot) or −1 (cold); returns the offset of the category
// within its side (1 = new … 8 = historical), or 0 when no rule holds.
int classify_side(std::span<const std::int8_t> states, const MannKendall& trend, double alpha,
                  int sign) {
  const std::size_t n = states.size();
  std::size_t count = 0, opposite = 0;
  for (auto s : states) {
    count += s == sign;
    opposite += s == -sign;
  }
  const bool mostly = static_cast<double>(count) >= 0.9 * static_cast<double>(n);
  const bool final = states[n - 1] == sign;
  if (!final) return mostly ? 8 : 0;  // historical
  if (mostly) {
    const double direction = trend.z * sign;
    if (trend.p <= alpha && direction > 0) return 3;  // intensifying
    if (trend.p <= alpha && direction < 0) return 5;  // diminishing
    return 4;                                         // persistent
  }
  if (opposite > 0) return 7;  // oscillating
  if (count == 1) return 1;    // new
  std::size_t run = 0;
  while (run < n && states[n - 1 - run] == sign) ++run;
  return run == count ? 2 : 6;  // consecutive (run >= 2 since count >= 2), else sporadic
}

}  // namespace

EmergingPattern classify_emerging(std::span<const std::int8_t> states, const MannKendall& z_trend,
                                  double trend_alpha) {
  if (states.empty()) return EmergingPattern::no_pattern;
  if (const int hot = classify_side(states, z_trend, trend_alpha, +1); hot > 0)
    return static_cast<EmergingPattern>(hot);
  if (const int cold = classify_side(states, z_trend, trend_alpha, -1); cold > 0)
    return static_cast<EmergingPattern>(8 + cold);
  return EmergingPattern::no_pattern;
}

EmergingHotSpots emerging_hot_spots(const SpaceTimeCube& cube, const SpatialWeights& w,
                                    const EmergingOptions& options) {
  const std::size_t L = cube.locations, T = cube.slices;
  if (T == 0) throw std::invalid_argument("slices: the cube has no time slices");
  if (L == 0 || cube.values.size() / L != T || cube.values.size() % L != 0)
    throw std::invalid_argument("values: expected locations × slices = " + std::to_string(L) +
                                " × " + std::to_string(T) + " values, got " +
                                std::to_string(cube.values.size()));
  if (w.size() != L)
    throw std::invalid_argument("weights: " + std::to_string(w.size()) + " rows for " +
                                std::to_string(L) + " locations");
  if (!w.self_included)
    throw std::invalid_argument(
        "weights: must include self (Gi*); use WeightOptions::include_self");
  if (!(options.alpha > 0 && options.alpha < 1))
    throw std::invalid_argument("alpha: must be in (0, 1)");
  if (!(options.trend_alpha > 0 && options.trend_alpha < 1))
    throw std::invalid_argument("trend_alpha: must be in (0, 1)");

  EmergingHotSpots r;
  r.locations = L;
  r.slices = T;
  r.z.resize(L * T);
  r.p.resize(L * T);
  r.bin.resize(L * T);
  r.state.resize(L * T);
  for (std::size_t t = 0; t < T; ++t) {
    const std::span<const double> slice(cube.values.data() + t * L, L);
    LocalOptions local = options.local;
    local.permutation.seed = options.local.permutation.seed + t;  // a stream per slice
    GetisOrdResult g;
    try {
      g = getis_ord(slice, w, local);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("slice " + std::to_string(t) + ": " + e.what());
    }
    const auto& raw = local.significance == Significance::permutation ? g.p_sim : g.p;
    const auto& decided = local.fdr ? g.q : raw;
    for (std::size_t i = 0; i < L; ++i) {
      const std::size_t at = t * L + i;
      r.z[at] = g.z[i];
      r.p[at] = decided[i];
      r.bin[at] = g.bin[i];
      r.state[at] = decided[i] <= options.alpha ? (g.z[i] > 0 ? 1 : (g.z[i] < 0 ? -1 : 0)) : 0;
    }
  }
  r.z_trend.resize(L);
  r.value_trend.resize(L);
  r.pattern.resize(L);
  std::vector<double> z_series(T), value_series(T);
  std::vector<std::int8_t> states(T);
  for (std::size_t i = 0; i < L; ++i) {
    for (std::size_t t = 0; t < T; ++t) {
      z_series[t] = r.z[t * L + i];
      value_series[t] = cube.values[t * L + i];
      states[t] = r.state[t * L + i];
    }
    r.z_trend[i] = mann_kendall(z_series);
    r.value_trend[i] = mann_kendall(value_series);
    r.pattern[i] = classify_emerging(states, r.z_trend[i], options.trend_alpha);
  }
  return r;
}

}  // namespace lagesbild::analysis

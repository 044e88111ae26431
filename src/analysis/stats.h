// The statistics of "what is unusual": exact count tests against a baseline, false-discovery
// control, and a control chart for gradual rises.
//
// Owns: the formulas and their numerics. May use: the standard library and Boost.Math's
// distributions. Pure computation; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lagesbild::analysis {

// P(X >= k) for X ~ Poisson(mean). 1 for k <= 0; for mean == 0, 0 when k > 0.
double poisson_upper_p(std::int64_t k, double mean);
// P(X <= k) for X ~ Poisson(mean).
double poisson_lower_p(std::int64_t k, double mean);

// P(X >= k) and P(X <= k) for X ~ Binomial(n, p), 0 <= k <= n, 0 <= p <= 1.
double binomial_upper_p(std::int64_t k, std::int64_t n, double p);
double binomial_lower_p(std::int64_t k, std::int64_t n, double p);

// Is this period's count `current` unusual against `baseline_total` counted over
// `baseline_periods` earlier periods of the same length?
//
// The conditional binomial test (the exact comparison of two Poisson rates): under "same rate",
// given the n = current + baseline_total events, the current period's share is
// Binomial(n, 1 / (baseline_periods + 1)). Conditioning on n removes the unknown rate, so the
// baseline's own uncertainty is accounted for (a plain Poisson test against the baseline mean
// would treat that mean as exact and flag too much when the baseline is short or sparse).
// Two-sided p = min(1, 2 · min(upper, lower)): doubling the smaller tail (R's binom.test instead
// sums the outcomes no more likely than the observed one; the two agree closely for flags).
struct RateTest {
  double expected = 0;  // baseline_total / baseline_periods
  double ratio = 0;     // current / expected; 0 when expected is 0 and current is 0
  double p_upper = 1;   // evidence of a rise
  double p_lower = 1;   // evidence of a fall
  double p_two_sided = 1;
};
RateTest rate_test(std::int64_t current, std::int64_t baseline_total, int baseline_periods);

// Benjamini–Hochberg adjusted p-values (q-values), in the input's order: flag the cells whose q
// is at most the chosen false discovery rate. Monotone and capped at 1, as R's p.adjust("BH").
std::vector<double> benjamini_hochberg(std::span<const double> p);

// EWMA control chart for counts (Roberts 1959, with the exact time-varying limits of Lucas &
// Saccucci 1990): z_t = λ x_t + (1 − λ) z_{t−1}, z_0 = mean, and the upper limit
// mean + L σ sqrt(λ / (2 − λ) · (1 − (1 − λ)^{2t})) with σ = sqrt(mean) (Poisson). Gradual rises
// that no single period's test catches push z over the limit. `series` is oldest first.
struct Ewma {
  double value = 0;        // z at the last period
  double upper_limit = 0;  // at the last period
  bool alarm = false;      // z > limit at the last period
};
Ewma ewma(std::span<const double> series, double mean, double lambda = 0.3,
          double limit_sigmas = 2.7);

}  // namespace lagesbild::analysis

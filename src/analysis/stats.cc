#include "analysis/stats.h"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <numeric>

namespace lagesbild::analysis {

double poisson_upper_p(std::int64_t k, double mean) {
  if (k <= 0) return 1.0;
  if (mean <= 0) return 0.0;
  const boost::math::poisson_distribution<double> d(mean);
  return boost::math::cdf(boost::math::complement(d, static_cast<double>(k - 1)));
}

double poisson_lower_p(std::int64_t k, double mean) {
  if (k < 0) return 0.0;
  if (mean <= 0) return 1.0;
  const boost::math::poisson_distribution<double> d(mean);
  return boost::math::cdf(d, static_cast<double>(k));
}

double binomial_upper_p(std::int64_t k, std::int64_t n, double p) {
  if (k <= 0) return 1.0;
  if (k > n) return 0.0;
  const boost::math::binomial_distribution<double> d(static_cast<double>(n), p);
  return boost::math::cdf(boost::math::complement(d, static_cast<double>(k - 1)));
}

double binomial_lower_p(std::int64_t k, std::int64_t n, double p) {
  if (k < 0) return 0.0;
  if (k >= n) return 1.0;
  const boost::math::binomial_distribution<double> d(static_cast<double>(n), p);
  return boost::math::cdf(d, static_cast<double>(k));
}

RateTest rate_test(std::int64_t current, std::int64_t baseline_total, int baseline_periods) {
  RateTest t;
  if (baseline_periods <= 0) return t;
  t.expected = static_cast<double>(baseline_total) / baseline_periods;
  t.ratio =
      t.expected > 0 ? static_cast<double>(current) / t.expected : (current > 0 ? INFINITY : 0);
  const std::int64_t n = current + baseline_total;
  if (n == 0) return t;
  const double share = 1.0 / (baseline_periods + 1);
  t.p_upper = binomial_upper_p(current, n, share);
  t.p_lower = binomial_lower_p(current, n, share);
  t.p_two_sided = std::min(1.0, 2 * std::min(t.p_upper, t.p_lower));
  return t;
}

std::vector<double> benjamini_hochberg(std::span<const double> p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  std::vector<double> q(m);
  double running = 1.0;
  for (std::size_t r = 0; r < m; ++r) {  // from the largest p down
    const std::size_t i = order[r];
    const double rank = static_cast<double>(m - r);
    running = std::min(running, p[i] * static_cast<double>(m) / rank);
    q[i] = std::min(1.0, running);
  }
  return q;
}

Ewma ewma(std::span<const double> series, double mean, double lambda, double limit_sigmas) {
  Ewma e;
  e.value = mean;
  const double sigma = std::sqrt(std::max(mean, 0.0));
  double decay = 1.0;  // (1 − λ)^{2t}
  for (const double x : series) {
    e.value = lambda * x + (1 - lambda) * e.value;
    decay *= (1 - lambda) * (1 - lambda);
  }
  e.upper_limit = mean + limit_sigmas * sigma * std::sqrt(lambda / (2 - lambda) * (1 - decay));
  e.alarm = !series.empty() && e.value > e.upper_limit;
  return e;
}

}  // namespace lagesbild::analysis

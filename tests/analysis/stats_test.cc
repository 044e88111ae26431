#include "analysis/stats.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>

namespace lagesbild::analysis {
namespace {

// Reference values below were computed independently, by summing the probability mass
// functions term by term in Python (math.comb, math.factorial), not with Boost.

TEST(Stats, PoissonTails) {
  EXPECT_NEAR(poisson_upper_p(5, 1.5), 0.01857593622214071, 1e-14);
  EXPECT_NEAR(poisson_lower_p(0, 3.0), 0.04978706836786395, 1e-14);
  // Far tails keep their relative precision (1 - cdf would give 0).
  EXPECT_NEAR(poisson_upper_p(4, 0.145) / 1.6406100485434947e-05, 1, 1e-10);
  EXPECT_NEAR(poisson_upper_p(19, 0.145) / 8.338419188085051e-34, 1, 1e-8);
  EXPECT_EQ(poisson_upper_p(0, 2.0), 1.0);
  EXPECT_EQ(poisson_upper_p(1, 0.0), 0.0);
  EXPECT_EQ(poisson_lower_p(3, 0.0), 1.0);
}

TEST(Stats, BinomialTails) {
  EXPECT_NEAR(binomial_upper_p(19, 28, 1.0 / 9) / 1.8759212624518764e-12, 1, 1e-10);
  EXPECT_NEAR(binomial_lower_p(3, 19, 1.0 / 9), 0.8470180445118234, 1e-13);
  EXPECT_NEAR(binomial_upper_p(3, 19, 1.0 / 9), 0.3548910539216213, 1e-13);
  EXPECT_EQ(binomial_upper_p(0, 5, 0.3), 1.0);
  EXPECT_EQ(binomial_upper_p(6, 5, 0.3), 0.0);
  EXPECT_EQ(binomial_lower_p(5, 5, 0.3), 1.0);
}

TEST(Stats, RateTestAgainstTheBaseline) {
  // 19 this week against 9 in the 8 weeks before: the injected kind of spike.
  const auto spike = rate_test(19, 9, 8);
  EXPECT_DOUBLE_EQ(spike.expected, 9.0 / 8);
  EXPECT_NEAR(spike.ratio, 19 / (9.0 / 8), 1e-12);
  EXPECT_NEAR(spike.p_upper / 1.8759212624518764e-12, 1, 1e-10);
  EXPECT_NEAR(spike.p_two_sided / (2 * 1.8759212624518764e-12), 1, 1e-10);
  // 3 against 16 in 8 weeks is ordinary.
  const auto ordinary = rate_test(3, 16, 8);
  EXPECT_NEAR(ordinary.p_upper, 0.3548910539216213, 1e-13);
  EXPECT_NEAR(ordinary.p_two_sided, 0.7097821078432426, 1e-12);
  // Nothing anywhere: nothing to say, and no division by zero.
  const auto none = rate_test(0, 0, 8);
  EXPECT_EQ(none.p_two_sided, 1.0);
  EXPECT_EQ(none.ratio, 0.0);
  // A first report ever is a rise of unknown size, not NaN.
  const auto first = rate_test(2, 0, 8);
  EXPECT_TRUE(std::isinf(first.ratio));
  EXPECT_NEAR(first.p_upper, 1.0 / 81, 1e-15);  // (1/9)^2
}

TEST(Stats, BenjaminiHochbergMatchesRsPAdjust) {
  const std::vector<double> p{0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205};
  const std::vector<double> expected{
      0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.08457142857142856, 0.205};
  const auto q = benjamini_hochberg(p);
  ASSERT_EQ(q.size(), p.size());
  for (std::size_t i = 0; i < p.size(); ++i) EXPECT_NEAR(q[i], expected[i], 1e-15) << i;
  EXPECT_TRUE(benjamini_hochberg({}).empty());
}

// q_i = min over j with p_j >= p_i of min(1, m p_j / rank_j): the definition, by brute force.
RC_GTEST_PROP(StatsProperty, BenjaminiHochbergEqualsItsDefinition, ()) {
  const auto raw = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 1001));
  std::vector<double> p;
  for (int v : raw) p.push_back(v / 1000.0);
  const auto q = benjamini_hochberg(p);
  const std::size_t m = p.size();
  for (std::size_t i = 0; i < m; ++i) {
    double best = 1.0;
    for (std::size_t j = 0; j < m; ++j) {
      if (p[j] < p[i]) continue;
      std::size_t rank = 0;  // the largest rank among ties is what the sorted procedure uses
      for (std::size_t k = 0; k < m; ++k) rank += p[k] <= p[j];
      best = std::min(best, p[j] * static_cast<double>(m) / static_cast<double>(rank));
    }
    RC_ASSERT(std::abs(q[i] - best) < 1e-12);
  }
}

TEST(Stats, EwmaRaisesAnAlarmOnAGradualRiseThatNoSingleWeekShows) {
  // Mean 4 per week; a slow climb 4,5,5,6,6,7,7,8: no week alone is extreme.
  const std::vector<double> climb{4, 5, 5, 6, 6, 7, 7, 8};
  const auto e = ewma(climb, 4.0);
  // By hand: z runs 4, 4.3, 4.51, 4.957, 5.2699, 5.78893, 6.152251, 6.7065757.
  EXPECT_NEAR(e.value, 6.7065757, 1e-7);
  const double limit = 4 + 2.7 * 2 * std::sqrt(0.3 / 1.7 * (1 - std::pow(0.7, 16)));
  EXPECT_NEAR(e.upper_limit, limit, 1e-12);
  EXPECT_TRUE(e.alarm);
  for (std::size_t t = 0; t < climb.size(); ++t) {
    EXPECT_GT(poisson_upper_p(static_cast<std::int64_t>(climb[t]), 4.0), 0.05) << t;
  }
  const std::vector<double> steady{4, 3, 5, 4, 4, 5, 3, 4};
  EXPECT_FALSE(ewma(steady, 4.0).alarm);
  EXPECT_FALSE(ewma({}, 4.0).alarm);
}

}  // namespace
}  // namespace lagesbild::analysis

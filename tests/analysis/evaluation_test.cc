// The evaluation of a measure: the WDD test against the worked example of Wheeler & Ratcliffe
// (2018) and the cases of the ptools package, the rate ratios, the displacement quotient, the
// weights of unequal periods, and the verdict's wording.
#include "analysis/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lagesbild::analysis {
namespace {

EvaluationInput input(BeforeAfter target, BeforeAfter comparison, double days = 365) {
  EvaluationInput in;
  in.target = target;
  in.comparison = comparison;
  in.before_days = in.after_days = days;
  return in;
}

TEST(Evaluation, WddReproducesThePapersWorkedExample) {
  // Wheeler & Ratcliffe (2018), table 2: control 308 → 318, treated 207 → 110, displacement
  // control 150 → 140, displacement 178 → 157: WDD −118, variance 1568, z −2.98, 95 % CI
  // (−196, −40).
  EvaluationInput in = input({207, 110}, {308, 318});
  in.displacement = BeforeAfter{178, 157};
  in.displacement_comparison = BeforeAfter{150, 140};
  const auto r = evaluate_measure(in);
  EXPECT_DOUBLE_EQ(r.wdd.local, -107);
  EXPECT_DOUBLE_EQ(r.wdd.local_se * r.wdd.local_se, 207 + 110 + 308 + 318);  // ptools SE_Local
  EXPECT_DOUBLE_EQ(r.wdd.displaced, -11);
  EXPECT_DOUBLE_EQ(r.wdd.estimate, -118);
  EXPECT_DOUBLE_EQ(r.wdd.se * r.wdd.se, 1568);
  EXPECT_NEAR(r.wdd.z, -2.98, 0.005);
  EXPECT_NEAR(r.wdd.ci_low, -196, 0.5);
  EXPECT_NEAR(r.wdd.ci_high, -40, 0.5);
  EXPECT_NEAR(r.wdd.p_two_sided, 0.00290, 0.00005);
  EXPECT_FALSE(r.too_few);
}

TEST(Evaluation, WddMatchesThePtoolsCases) {
  EXPECT_DOUBLE_EQ(evaluate_measure(input({20, 10}, {20, 20})).wdd.local, -10);
  EvaluationInput displaced = input({20, 20}, {20, 20});
  displaced.displacement = BeforeAfter{20, 10};
  displaced.displacement_comparison = BeforeAfter{20, 20};
  EXPECT_DOUBLE_EQ(evaluate_measure(displaced).wdd.displaced, -10);
  displaced.target = {20, 10};
  EXPECT_DOUBLE_EQ(evaluate_measure(displaced).wdd.estimate, -20);
}

TEST(Evaluation, OneComparisonForBothAreasCountsItsVarianceFourTimes) {
  EvaluationInput in = input({100, 70}, {100, 100});
  in.displacement = BeforeAfter{50, 60};
  const auto r = evaluate_measure(in);
  EXPECT_DOUBLE_EQ(r.wdd.estimate, (70 - 100) - 0 + (60 - 50) - 0);
  // Var = T + D + 4·C.
  EXPECT_DOUBLE_EQ(r.wdd.se * r.wdd.se, 170 + 110 + 4 * 200);
}

TEST(Evaluation, UnequalPeriodsAreComparedAsRates) {
  // Half a year after against a year before: 50 after is the same rate as 100 before.
  EvaluationInput in = input({100, 50}, {200, 100});
  in.before_days = 364;
  in.after_days = 182;
  const auto r = evaluate_measure(in);
  EXPECT_NEAR(r.wdd.estimate, 0, 1e-12);
  EXPECT_DOUBLE_EQ(r.wdd.se * r.wdd.se, 100 + 4 * 50 + 200 + 4 * 100);  // w = 2: w²·after
  EXPECT_NEAR(r.rate_ratio.target_ratio, 1, 1e-12);
  EXPECT_NEAR(r.rate_ratio.target_p, 1, 1e-9);
  EXPECT_NEAR(r.rate_ratio.ratio, 1, 1e-12);
}

TEST(Evaluation, RateRatiosAndTheExactTestOfTheTargetsRates) {
  const auto r = evaluate_measure(input({200, 140}, {300, 300}));
  EXPECT_NEAR(r.rate_ratio.ratio, 0.7, 1e-12);
  EXPECT_NEAR(r.relative_change, -0.3, 1e-12);
  const double se = std::sqrt(1 / 200.0 + 1 / 140.0 + 2 / 300.0);
  EXPECT_NEAR(r.rate_ratio.ci_low, 0.7 * std::exp(-1.959963984540054 * se), 1e-9);
  EXPECT_NEAR(r.rate_ratio.ci_high, 0.7 * std::exp(1.959963984540054 * se), 1e-9);
  // R: poisson.test(c(140, 200), c(365, 365))$p.value is the exact two-sided binomial test of
  // 140 of 340 at 1/2; doubling the smaller tail gives 0.0013410 (summed term by term).
  EXPECT_NEAR(r.rate_ratio.target_p, 0.0013410446705104078, 1e-12);
  EXPECT_TRUE(r.rate_ratio.defined);
  const auto zero = evaluate_measure(input({0, 5}, {10, 10}));
  EXPECT_FALSE(zero.rate_ratio.defined);
  EXPECT_TRUE(std::isinf(zero.rate_ratio.ci_high));
  EXPECT_FALSE(std::isnan(zero.rate_ratio.ratio));
}

TEST(Evaluation, DisplacementQuotientSaysWhetherTheProblemMoved) {
  EvaluationInput in = input({200, 100}, {100, 100});
  in.displacement = BeforeAfter{100, 150};  // the buffer went up: displacement
  const auto moved = evaluate_measure(in);
  ASSERT_TRUE(moved.wdq.has_value());
  EXPECT_NEAR(*moved.wdq, (1.5 - 1.0) / (1.0 - 2.0), 1e-12);  // −0.5
  in.displacement = BeforeAfter{100, 80};  // it went down too: diffusion of benefits
  EXPECT_GT(*evaluate_measure(in).wdq, 0);
  in.target = {100, 100};  // no change in the target: the quotient is undefined
  EXPECT_FALSE(evaluate_measure(in).wdq.has_value());
}

TEST(Evaluation, TheVerdictSaysHowCertainItIsAndWarnsWhenCountsAreSmall) {
  EvaluationInput in = input({207, 110}, {308, 318});
  in.displacement = BeforeAfter{178, 157};
  in.displacement_comparison = BeforeAfter{150, 140};
  const auto text =
      evaluation_verdict(evaluate_measure(in), "Tjärna Ängar", "Islingby", "Hagalund");
  EXPECT_NE(text.find("färre"), std::string::npos) << text;
  EXPECT_NE(text.find("statistiskt säkerställd"), std::string::npos) << text;
  EXPECT_NE(text.find("Hagalund"), std::string::npos) << text;
  EXPECT_EQ(text.find("för få"), std::string::npos) << text;
  const auto small = evaluate_measure(input({6, 3}, {7, 8}));
  EXPECT_TRUE(small.too_few);
  const auto warned = evaluation_verdict(small, "Gylle", "Islingby", "");
  EXPECT_NE(warned.find("för få händelser"), std::string::npos) << warned;
  EXPECT_NE(warned.find("inte statistiskt säkerställd"), std::string::npos) << warned;
}

TEST(Evaluation, BadInputNamesTheField) {
  const auto message = [](EvaluationInput in) {
    try {
      evaluate_measure(in);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(input({-1, 3}, {1, 1})).rfind("target:", 0), 0u);
  EvaluationInput days = input({1, 3}, {1, 1});
  days.after_days = 0;
  EXPECT_EQ(message(days).rfind("after_days:", 0), 0u);
  days.after_days = NAN;
  EXPECT_EQ(message(days).rfind("after_days:", 0), 0u);
  EvaluationInput confidence = input({1, 3}, {1, 1});
  confidence.confidence = 1;
  EXPECT_EQ(message(confidence).rfind("confidence:", 0), 0u);
}

}  // namespace
}  // namespace lagesbild::analysis

// The Wilson interval and the two-proportion test against values computed by hand from the
// formulas (z = 1.959964 for 95 %), and the Swedish reading.
#include "analysis/proportions.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace lagesbild::analysis {
namespace {

TEST(WilsonInterval, HalfOfAHundred) {
  // centre (0.5 + z²/200) / (1 + z²/100) = 0.5; half z/(1+z²/100)·sqrt(0.0025 + z²/40000).
  const auto ci = wilson_interval(0.5, 100);
  EXPECT_NEAR(ci.low, 0.403832, 1e-6);
  EXPECT_NEAR(ci.high, 0.596168, 1e-6);
}

TEST(WilsonInterval, IsAsymmetricAwayFromAHalf) {
  // 10 of 50: centre (0.2 + 0.038415)/1.076829 = 0.221404, half 0.108966.
  const auto ci = wilson_interval(0.2, 50);
  EXPECT_NEAR(ci.low, 0.112438, 1e-6);
  EXPECT_NEAR(ci.high, 0.330371, 1e-6);
  EXPECT_GT(0.2 - ci.low, 0.08);
  EXPECT_GT(ci.high - 0.2, 0.13);
}

TEST(WilsonInterval, StaysInsideZeroToOneAtTheEdges) {
  const auto none = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(none.low, 0);
  EXPECT_NEAR(none.high, 0.277533, 1e-6);  // z²/(n + z²)
  const auto all = wilson_interval(1, 10);
  EXPECT_NEAR(all.low, 0.722467, 1e-6);
  EXPECT_DOUBLE_EQ(all.high, 1);
}

TEST(WilsonInterval, NarrowsWithConfidenceAndRespondents) {
  const auto c90 = wilson_interval(0.3, 400, 0.90);  // z = 1.644854
  EXPECT_NEAR(c90.low, 0.263758, 1e-6);
  EXPECT_NEAR(c90.high, 0.338929, 1e-6);
  const auto c95 = wilson_interval(0.3, 400);
  EXPECT_LT(c95.low, c90.low);
  const auto small = wilson_interval(0.3, 40);
  EXPECT_GT(small.high - small.low, 2.5 * (c95.high - c95.low));
}

TEST(WilsonInterval, RefusesImpossibleInput) {
  EXPECT_THROW(wilson_interval(1.2, 10), std::invalid_argument);
  EXPECT_THROW(wilson_interval(0.5, 0), std::invalid_argument);
  EXPECT_THROW(wilson_interval(0.5, 10, 1.0), std::invalid_argument);
}

TEST(TwoProportionTest, MatchesTheHandComputation) {
  // 30 % of 200 then 22 % of 250: pooled 115/450 = 0.255556,
  // se = sqrt(0.255556·0.744444·(1/200 + 1/250)) = 0.041379, z = −0.08/se = −1.933348,
  // p = erfc(1.933348/√2) = 0.053193.
  const auto c = two_proportion_test(0.30, 200, 0.22, 250);
  EXPECT_NEAR(c.difference, -0.08, 1e-12);
  EXPECT_NEAR(c.pooled, 0.255556, 1e-6);
  EXPECT_NEAR(c.se, 0.041379, 1e-6);
  EXPECT_NEAR(c.z, -1.933348, 1e-6);
  EXPECT_NEAR(c.p_two_sided, 0.053193, 1e-6);
  EXPECT_FALSE(c.small_sample);
}

TEST(TwoProportionTest, FlagsSmallSamples) {
  // 40 % then 30 % of 20 each: z = −0.662994, p = 0.507335; 20 respondents is too few.
  const auto c = two_proportion_test(0.4, 20, 0.3, 20);
  EXPECT_NEAR(c.z, -0.662994, 1e-6);
  EXPECT_NEAR(c.p_two_sided, 0.507335, 1e-6);
  EXPECT_TRUE(c.small_sample);
  // Many respondents but a rare answer: 1 % of 300 expects 3 answers.
  EXPECT_TRUE(two_proportion_test(0.01, 300, 0.012, 300).small_sample);
}

TEST(TwoProportionTest, EqualExtremesHaveNoEvidence) {
  const auto c = two_proportion_test(0, 100, 0, 120);
  EXPECT_DOUBLE_EQ(c.z, 0);
  EXPECT_DOUBLE_EQ(c.p_two_sided, 1);
}

TEST(ChangeReading, SaysDirectionCertaintyAndWarns) {
  const std::string clear =
      change_reading(two_proportion_test(0.40, 500, 0.30, 500), "känner sig otrygg", 2023, 2025);
  EXPECT_NE(clear.find("minskade från 40 % (2023) till 30 % (2025)"), std::string::npos) << clear;
  EXPECT_NE(clear.find("statistiskt säkerställd (p < 0,001)"), std::string::npos) << clear;
  EXPECT_EQ(clear.find("Varning"), std::string::npos);

  const std::string thin =
      change_reading(two_proportion_test(0.3, 20, 0.4, 20), "känner sig otrygg", 2024, 2025);
  EXPECT_EQ(thin.rfind("Varning: för få svarande", 0), 0u) << thin;
  EXPECT_NE(thin.find("ökade"), std::string::npos);
  EXPECT_NE(thin.find("inte statistiskt säkerställd"), std::string::npos);

  const std::string moderate =
      change_reading(two_proportion_test(0.30, 200, 0.20, 250), "oro för brott", 2024, 2025);
  EXPECT_NE(moderate.find("evidensen är måttlig"), std::string::npos) << moderate;
}

}  // namespace
}  // namespace lagesbild::analysis

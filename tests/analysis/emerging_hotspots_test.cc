#include "analysis/emerging_hotspots.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace lagesbild::analysis {
namespace {

// ---------------------------------------------------------------------------------------------
// Mann–Kendall, against values worked out by hand from the definition.

TEST(MannKendall, StrictlyIncreasing) {
  const auto mk = mann_kendall(std::vector<double>{1, 2, 3, 4, 5});
  EXPECT_EQ(mk.s, 10);                                         // all 10 pairs rise
  EXPECT_NEAR(mk.variance, 5.0 * 4 * 15 / 18, 1e-12);          // 16.667
  EXPECT_NEAR(mk.z, 9 / std::sqrt(5.0 * 4 * 15 / 18), 1e-12);  // (S − 1)/σ = 2.2045
  EXPECT_NEAR(mk.p, 0.027486, 1e-6);                           // 2 (1 − Φ(2.2045))
  EXPECT_DOUBLE_EQ(mk.tau, 1.0);
}

TEST(MannKendall, TiesCorrectTheVarianceAndTau) {
  // 1 2 2 3: pairs + + + 0 + + → S = 5; one tie group of 2:
  // Var = (4·3·13 − 2·1·9)/18 = 138/18; tau-b = 5 / sqrt(6 · (6 − 1)).
  const auto mk = mann_kendall(std::vector<double>{1, 2, 2, 3});
  EXPECT_EQ(mk.s, 5);
  EXPECT_NEAR(mk.variance, 138.0 / 18, 1e-12);
  EXPECT_NEAR(mk.z, 4 / std::sqrt(138.0 / 18), 1e-12);
  EXPECT_NEAR(mk.tau, 5 / std::sqrt(30.0), 1e-12);
  // 0 0 0 1 0 0: S = 3 − 2 = 1 → z = 0 after continuity correction.
  const auto flat = mann_kendall(std::vector<double>{0, 0, 0, 1, 0, 0});
  EXPECT_EQ(flat.s, 1);
  EXPECT_EQ(flat.z, 0);
  EXPECT_EQ(flat.p, 1);
}

TEST(MannKendall, DecreasingAndDegenerate) {
  // 5 3 4 1: pairs − − − + − − → S = −4; Var = 4·3·13/18; z = (S + 1)/σ.
  const auto mk = mann_kendall(std::vector<double>{5, 3, 4, 1});
  EXPECT_EQ(mk.s, -4);
  EXPECT_NEAR(mk.z, -3 / std::sqrt(156.0 / 18), 1e-12);
  EXPECT_NEAR(mk.tau, -4.0 / 6, 1e-12);
  const auto constant = mann_kendall(std::vector<double>{2, 2, 2});
  EXPECT_EQ(constant.variance, 0);
  EXPECT_EQ(constant.z, 0);
  EXPECT_EQ(constant.p, 1);
  EXPECT_EQ(mann_kendall(std::vector<double>{}).p, 1);
  EXPECT_EQ(mann_kendall(std::vector<double>{7}).z, 0);
  EXPECT_THROW(mann_kendall(std::vector<double>{1, NAN}), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// The categories on hand-made series of states ('+' hot, '-' cold, '.' neither).

std::vector<std::int8_t> states(const std::string& s) {
  std::vector<std::int8_t> out;
  for (char c : s) out.push_back(c == '+' ? 1 : (c == '-' ? -1 : 0));
  return out;
}

const MannKendall kRising{30, 125, 2.6, 0.009, 0.67};
const MannKendall kFalling{-30, 125, -2.6, 0.009, -0.67};
const MannKendall kFlat{2, 125, 0.09, 0.93, 0.04};

EmergingPattern classify(const std::string& s, const MannKendall& trend = kFlat) {
  return classify_emerging(states(s), trend, 0.05);
}

TEST(EmergingCategories, HotSpots) {
  using P = EmergingPattern;
  EXPECT_EQ(classify(".........+"), P::new_hot_spot);
  EXPECT_EQ(classify("......+++"), P::consecutive_hot_spot);
  EXPECT_EQ(classify("........++"), P::consecutive_hot_spot);
  EXPECT_EQ(classify("++++++++++", kRising), P::intensifying_hot_spot);
  EXPECT_EQ(classify(".+++++++++", kRising), P::intensifying_hot_spot);  // 90 %
  EXPECT_EQ(classify("++++++++++", kFlat), P::persistent_hot_spot);
  EXPECT_EQ(classify("++++++++++", kFalling), P::diminishing_hot_spot);
  EXPECT_EQ(classify("+...+....+"), P::sporadic_hot_spot);
  EXPECT_EQ(classify("+.......++"), P::sporadic_hot_spot);  // not all hot slices in the run
  EXPECT_EQ(classify("-...+....+"), P::oscillating_hot_spot);
  EXPECT_EQ(classify("-........+"), P::oscillating_hot_spot);  // cold history wins over new
  EXPECT_EQ(classify("+++++++++."), P::historical_hot_spot);
  EXPECT_EQ(classify("+++++++++-"), P::historical_hot_spot);
  // 80 % hot, final hot, never cold: below the 90 % line, so sporadic.
  EXPECT_EQ(classify("++.+++.+++", kRising), P::sporadic_hot_spot);
  // Not significant enough: a trend with p above trend_alpha is no trend.
  EXPECT_EQ(classify("++++++++++", {30, 125, 1.9, 0.057, 0.6}), P::persistent_hot_spot);
}

TEST(EmergingCategories, ColdSpotsMirrorHotSpots) {
  using P = EmergingPattern;
  EXPECT_EQ(classify(".........-"), P::new_cold_spot);
  EXPECT_EQ(classify(".......---"), P::consecutive_cold_spot);
  // Colder over time: the z-scores fall.
  EXPECT_EQ(classify("----------", kFalling), P::intensifying_cold_spot);
  EXPECT_EQ(classify("----------", kFlat), P::persistent_cold_spot);
  EXPECT_EQ(classify("----------", kRising), P::diminishing_cold_spot);
  EXPECT_EQ(classify("-..-.....-"), P::sporadic_cold_spot);
  EXPECT_EQ(classify("+..-.....-"), P::oscillating_cold_spot);
  EXPECT_EQ(classify("---------."), P::historical_cold_spot);
}

TEST(EmergingCategories, NoPattern) {
  using P = EmergingPattern;
  EXPECT_EQ(classify(".........."), P::no_pattern);
  EXPECT_EQ(classify("+...-...+."), P::no_pattern);
  EXPECT_EQ(classify("++++++++.."), P::no_pattern);  // 80 % then quiet
  EXPECT_EQ(classify(""), P::no_pattern);
  EXPECT_EQ(pattern_name(P::no_pattern), "No Pattern Detected");
  EXPECT_EQ(pattern_name(P::oscillating_cold_spot), "Oscillating Cold Spot");
  EXPECT_EQ(pattern_name(P::intensifying_hot_spot), "Intensifying Hot Spot");
}

// ---------------------------------------------------------------------------------------------
// End to end on a synthetic cube: 12 × 12 cells, 10 slices, planted 3 × 3 blocks.

constexpr std::size_t kRows = 12, kCols = 12, kSlices = 10;

bool in_block(std::size_t r, std::size_t c, std::size_t r0, std::size_t c0) {
  return r >= r0 && r < r0 + 3 && c >= c0 && c < c0 + 3;
}

SpaceTimeCube planted_cube() {
  SpaceTimeCube cube{kRows * kCols, kSlices, {}};
  std::mt19937_64 rng(17);
  std::poisson_distribution<int> background(6);
  for (std::size_t t = 0; t < kSlices; ++t) {
    for (std::size_t r = 0; r < kRows; ++r) {
      for (std::size_t c = 0; c < kCols; ++c) {
        double v = background(rng);
        if (in_block(r, c, 1, 1) && t == kSlices - 1) v = 25;  // new
        if (in_block(r, c, 1, 8) && t < kSlices - 1) v = 25;   // historical
        if (in_block(r, c, 8, 1)) v = 20 + 2.0 * t;            // hot all along
        if (in_block(r, c, 8, 8)) v = 0;                       // cold all along
        cube.values.push_back(v);
      }
    }
  }
  return cube;
}

TEST(EmergingHotSpots, FindsThePlantedPatterns) {
  const auto cube = planted_cube();
  const auto w = lattice_weights(kRows, kCols, Contiguity::queen, {true, WeightStyle::binary});
  EmergingOptions o;
  o.local.permutation.permutations = 0;
  const auto r = emerging_hot_spots(cube, w, o);
  auto at = [](std::size_t row, std::size_t col) { return row * kCols + col; };
  using P = EmergingPattern;
  EXPECT_EQ(r.pattern[at(2, 2)], P::new_hot_spot);
  EXPECT_EQ(r.pattern[at(2, 9)], P::historical_hot_spot);
  const auto hot = r.pattern[at(9, 2)];
  EXPECT_TRUE(hot == P::intensifying_hot_spot || hot == P::persistent_hot_spot ||
              hot == P::diminishing_hot_spot)
      << pattern_name(hot);
  const auto cold = r.pattern[at(9, 9)];
  EXPECT_TRUE(cold == P::intensifying_cold_spot || cold == P::persistent_cold_spot ||
              cold == P::diminishing_cold_spot)
      << pattern_name(cold);
  // The counts of the rising block trend upwards (Mann–Kendall on values, as ArcGIS's cube).
  EXPECT_GT(r.value_trend[at(9, 2)].z, 3);
  EXPECT_LT(r.value_trend[at(9, 2)].p, 0.01);
  // Far from every block, most cells show nothing.
  std::size_t quiet = 0;
  for (std::size_t row = 5; row <= 6; ++row) {
    for (std::size_t col = 5; col <= 6; ++col) quiet += r.pattern[at(row, col)] == P::no_pattern;
  }
  EXPECT_GE(quiet, 3u);
  // Each slice's z-scores are Gi* of that slice.
  for (std::size_t t : {std::size_t{0}, kSlices - 1}) {
    const std::span<const double> slice(cube.values.data() + t * cube.locations, cube.locations);
    const auto g = getis_ord(slice, w, o.local);
    for (std::size_t i = 0; i < cube.locations; ++i) {
      EXPECT_EQ(r.z[t * cube.locations + i], g.z[i]);
      EXPECT_EQ(r.bin[t * cube.locations + i], g.bin[i]);
    }
  }
}

TEST(EmergingHotSpots, PermutationInferenceIsDeterministic) {
  const auto cube = planted_cube();
  const auto w = lattice_weights(kRows, kCols, Contiguity::queen, {true, WeightStyle::binary});
  EmergingOptions o;
  o.local.permutation = {999, 5, 2};
  o.local.significance = Significance::permutation;
  const auto a = emerging_hot_spots(cube, w, o);
  o.local.permutation.threads = 1;
  const auto b = emerging_hot_spots(cube, w, o);
  EXPECT_EQ(a.p, b.p);
  EXPECT_EQ(a.pattern, b.pattern);
  EXPECT_EQ(a.pattern[1 * kCols + 9 + kCols], EmergingPattern::historical_hot_spot);
}

TEST(EmergingHotSpots, EmptySlicesAndBadInput) {
  const auto w = lattice_weights(3, 3, Contiguity::queen, {true, WeightStyle::binary});
  // All-zero slices (no events that week) are no hot spot, not NaN.
  SpaceTimeCube quiet{9, 4, std::vector<double>(36, 0.0)};
  quiet.values[3 * 9 + 4] = 6;
  const auto r = emerging_hot_spots(quiet, w);
  for (double z : r.z) EXPECT_TRUE(std::isfinite(z));
  for (std::size_t i = 0; i < 27; ++i) EXPECT_EQ(r.z[i], 0.0);

  auto error_of = [](auto&& f) {
    try {
      f();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  EXPECT_NE(error_of([&] {
              emerging_hot_spots({9, 4, std::vector<double>(35, 0.0)}, w);
            }).find("values"),
            std::string::npos);
  EXPECT_NE(error_of([&] { emerging_hot_spots({9, 0, {}}, w); }).find("slices"), std::string::npos);
  EXPECT_NE(error_of([&] {
              emerging_hot_spots(quiet, lattice_weights(3, 3, Contiguity::queen));
            }).find("include self"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              emerging_hot_spots(quiet, lattice_weights(2, 2, Contiguity::queen, {true}));
            }).find("weights"),
            std::string::npos);
  SpaceTimeCube with_nan = quiet;
  with_nan.values[20] = NAN;
  EXPECT_NE(error_of([&] { emerging_hot_spots(with_nan, w); }).find("slice 2: values[2]"),
            std::string::npos);
  EmergingOptions bad;
  bad.alpha = 0;
  EXPECT_NE(error_of([&] { emerging_hot_spots(quiet, w, bad); }).find("alpha"), std::string::npos);
}

}  // namespace
}  // namespace lagesbild::analysis

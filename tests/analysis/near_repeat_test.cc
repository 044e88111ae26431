#include "analysis/near_repeat.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lagesbild::analysis {
namespace {

struct Events {
  std::vector<double> x, y, t;
};

// Clustered events with exact duplicates of locations, so that every row of the table is used.
Events random_events(int n, std::uint32_t seed, bool whole_days) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(0, 1);
  Events e;
  for (int i = 0; i < n; ++i) {
    if (i > 0 && u(gen) < 0.1) {
      const auto j = static_cast<std::size_t>(u(gen) * i);
      e.x.push_back(e.x[j]);
      e.y.push_back(e.y[j]);
    } else {
      const double cx = 300 * std::floor(u(gen) * 3), cy = 300 * std::floor(u(gen) * 3);
      e.x.push_back(cx + 250 * u(gen));
      e.y.push_back(cy + 250 * u(gen));
    }
    const double day = std::floor(u(gen) * 60);
    e.t.push_back(whole_days ? day : day + u(gen));
  }
  return e;
}

// The table by definition: every pair, every band tested against its interval.
std::vector<std::int64_t> brute_force_observed(const Events& e, const KnoxOptions& o) {
  const int same = o.same_location_band ? 1 : 0;
  const int rows = same + o.spatial_bands + 1, columns = o.temporal_bands + 1;
  std::vector<std::int64_t> table(static_cast<std::size_t>(rows * columns), 0);
  const std::size_t n = e.x.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const double dx = e.x[i] - e.x[j], dy = e.y[i] - e.y[j];
      const double d = o.metric == DistanceMetric::euclidean ? std::sqrt(dx * dx + dy * dy)
                                                             : std::fabs(dx) + std::fabs(dy);
      int row = rows - 1;
      if (same == 1 && d == 0) {
        row = 0;
      } else {
        for (int k = 1; k <= o.spatial_bands; ++k) {
          if ((k - 1) * o.spatial_bandwidth <= d && d < k * o.spatial_bandwidth) {
            row = same + k - 1;
            break;
          }
        }
      }
      const double dt = std::fabs(e.t[i] - e.t[j]);
      int column = columns - 1;
      for (int k = 1; k <= o.temporal_bands; ++k) {
        if ((k - 1) * o.temporal_bandwidth <= dt && dt < k * o.temporal_bandwidth) {
          column = k - 1;
          break;
        }
      }
      ++table[static_cast<std::size_t>(row * columns + column)];
    }
  }
  return table;
}

std::vector<std::int64_t> observed(const KnoxResult& r) {
  std::vector<std::int64_t> out;
  for (const auto& c : r.cells) out.push_back(c.observed);
  return out;
}

KnoxResult knox(const Events& e, const KnoxOptions& o) { return knox_test(e.x, e.y, e.t, o); }

TEST(NearRepeat, ObservedTableEqualsBruteForceForBothMetricsAndTimeKinds) {
  for (const auto metric : {DistanceMetric::manhattan, DistanceMetric::euclidean}) {
    for (const bool whole_days : {true, false}) {
      for (const bool same : {true, false}) {
        const Events e = random_events(700, whole_days ? 7 : 8, whole_days);
        KnoxOptions o;
        o.spatial_bandwidth = 60;
        o.spatial_bands = 4;
        o.temporal_bandwidth = whole_days ? 3 : 2.5;
        o.temporal_bands = 5;
        o.metric = metric;
        o.same_location_band = same;
        o.permutations = 19;
        const auto r = knox(e, o);
        EXPECT_EQ(observed(r), brute_force_observed(e, o))
            << "metric " << static_cast<int>(metric) << " whole_days " << whole_days;
        EXPECT_EQ(r.pairs, 700 * 699 / 2);
        EXPECT_EQ(r.spatial.size(), static_cast<std::size_t>(o.spatial_bands + 1 + same));
        EXPECT_EQ(r.temporal.size(), static_cast<std::size_t>(o.temporal_bands + 1));
      }
    }
  }
}

// Up to 12 temporal bands are counted by kernels with the count fixed at compile time (odd counts
// padded); more by a loop. Every count of bands gives the brute-force table.
TEST(NearRepeat, EveryNumberOfTemporalBandsCountsTheSame) {
  for (const bool whole_days : {true, false}) {
    const Events e = random_events(300, 21, whole_days);
    for (int bands = 1; bands <= 14; ++bands) {
      KnoxOptions o;
      o.spatial_bandwidth = 80;
      o.spatial_bands = 2;
      o.temporal_bandwidth = 60.0 / bands;
      o.temporal_bands = bands;
      o.permutations = 3;
      EXPECT_EQ(observed(knox(e, o)), brute_force_observed(e, o)) << bands << " bands";
    }
  }
}

// Permutation moves times between locations: every permutation keeps the pairs of each row (the
// locations) and of each column (the multiset of times), so the simulated means sum to the
// observed totals of every row and column.
TEST(NearRepeat, SimulatedMeansKeepRowAndColumnTotals) {
  const Events e = random_events(500, 3, true);
  KnoxOptions o;
  o.spatial_bandwidth = 50;
  o.temporal_bandwidth = 4;
  o.permutations = 99;
  const auto r = knox(e, o);
  for (std::size_t row = 0; row < r.spatial.size(); ++row) {
    double mean = 0, seen = 0;
    for (std::size_t col = 0; col < r.temporal.size(); ++col) {
      mean += r.cell(row, col).simulated_mean;
      seen += static_cast<double>(r.cell(row, col).observed);
    }
    EXPECT_NEAR(mean, seen, 1e-6 * (1 + seen));
  }
  for (std::size_t col = 0; col < r.temporal.size(); ++col) {
    double mean = 0, seen = 0;
    for (std::size_t row = 0; row < r.spatial.size(); ++row) {
      mean += r.cell(row, col).simulated_mean;
      seen += static_cast<double>(r.cell(row, col).observed);
    }
    EXPECT_NEAR(mean, seen, 1e-6 * (1 + seen));
  }
  for (const auto& c : r.cells) {
    EXPECT_LE(c.simulated_min, c.simulated_mean);
    EXPECT_GE(c.simulated_max, c.simulated_mean);
    EXPECT_GE(c.p_value, 1.0 / 100);
    EXPECT_LE(c.p_value, 1.0);
    EXPECT_FALSE(std::isnan(c.knox_ratio));
  }
}

TEST(NearRepeat, SameSeedSameResultWhateverTheThreads) {
  const Events e = random_events(600, 11, true);
  KnoxOptions o;
  o.spatial_bandwidth = 40;
  o.temporal_bandwidth = 3;
  o.permutations = 77;  // not a multiple of the lanes of a block
  o.seed = 42;
  o.threads = 1;
  const auto one = knox(e, o);
  o.threads = 3;
  const auto three = knox(e, o);
  ASSERT_EQ(one.cells.size(), three.cells.size());
  for (std::size_t m = 0; m < one.cells.size(); ++m) {
    EXPECT_EQ(one.cells[m].simulated_mean, three.cells[m].simulated_mean);
    EXPECT_EQ(one.cells[m].simulated_sd, three.cells[m].simulated_sd);
    EXPECT_EQ(one.cells[m].p_value, three.cells[m].p_value);
  }
  o.seed = 43;
  const auto other = knox(e, o);
  bool differs = false;
  for (std::size_t m = 0; m < one.cells.size(); ++m) {
    differs |= one.cells[m].simulated_mean != other.cells[m].simulated_mean;
  }
  EXPECT_TRUE(differs) << "another seed gives other permutations";
}

// Shifting every time by half a day changes no difference but sends the times through the
// double-precision path instead of the 16-bit one: the results must be identical.
TEST(NearRepeat, WholeDayAndFractionalPathsAgree) {
  Events e = random_events(400, 5, true);
  KnoxOptions o;
  o.spatial_bandwidth = 70;
  o.temporal_bandwidth = 2.5;  // a threshold between whole days
  o.temporal_bands = 4;
  o.permutations = 39;
  const auto whole = knox(e, o);
  for (auto& t : e.t) t += 0.5;
  const auto fractional = knox(e, o);
  for (std::size_t m = 0; m < whole.cells.size(); ++m) {
    EXPECT_EQ(whole.cells[m].observed, fractional.cells[m].observed);
    EXPECT_EQ(whole.cells[m].simulated_mean, fractional.cells[m].simulated_mean);
    EXPECT_EQ(whole.cells[m].p_value, fractional.cells[m].p_value);
  }
}

TEST(NearRepeat, PlantedNearRepeatsAreSignificantAndRatiosAreNeverNaN) {
  Events e = random_events(400, 9, true);
  for (int i = 0; i < 80; ++i) {  // 80 repeat victimisations: 5 m away, next day
    e.x.push_back(e.x[static_cast<std::size_t>(i)] + 5);
    e.y.push_back(e.y[static_cast<std::size_t>(i)]);
    e.t.push_back(e.t[static_cast<std::size_t>(i)] + 1);
  }
  KnoxOptions o;
  o.spatial_bandwidth = 50;
  o.temporal_bandwidth = 3;
  o.permutations = 199;
  const auto r = knox(e, o);
  EXPECT_EQ(r.cell(1, 0).p_value, 1.0 / 200);  // (0, 50) m × [0, 3) days
  EXPECT_GT(r.cell(1, 0).knox_ratio, 1.5)
      << r.cell(1, 0).observed << " / " << r.cell(1, 0).simulated_mean;

  const Events lone{{0, 1000}, {0, 0}, {0, 100}};  // one pair, far in space and time
  const auto two = knox(lone, o);
  EXPECT_EQ(two.cell(0, 0).knox_ratio, 0);  // 0 observed over 0 expected
  EXPECT_EQ(two.cell(4, 3).observed, 1);
  EXPECT_EQ(two.cell(4, 3).knox_ratio, 1);
  const Events single{{5}, {5}, {5}};
  for (const auto& c : knox(single, o).cells) {
    EXPECT_EQ(c.observed, 0);
    EXPECT_EQ(c.p_value, 1);
  }
  const Events twins{{0, 0}, {0, 0}, {3, 3}};  // observed 1, never simulated otherwise: mean 1
  EXPECT_EQ(knox(twins, o).cell(0, 0).knox_ratio, 1);
}

TEST(NearRepeat, LabelsStateTheIntervals) {
  KnoxOptions o;
  o.spatial_bandwidth = 100;
  o.temporal_bandwidth = 7;
  const Events e{{0, 1}, {0, 1}, {0, 1}};
  const auto r = knox(e, o);
  EXPECT_EQ(r.spatial[0].label, "0 m (same location)");
  EXPECT_EQ(r.spatial[1].label, "(0, 100) m");
  EXPECT_EQ(r.spatial[2].label, "[100, 200) m");
  EXPECT_EQ(r.spatial[4].label, ">= 300 m");
  EXPECT_EQ(r.spatial[2].nrc_label, "101 to 200");
  EXPECT_EQ(r.temporal[0].label, "[0, 7) days");
  EXPECT_EQ(r.temporal[1].nrc_label, "8 to 14");
  EXPECT_EQ(r.temporal[3].label, ">= 21 days");
  EXPECT_EQ(r.temporal[3].nrc_label, "More than 21");
  EXPECT_TRUE(std::isinf(r.temporal[3].to));
}

void expect_invalid(const Events& e, const KnoxOptions& o, const std::string& field) {
  try {
    knox(e, o);
    ADD_FAILURE() << "no error for " << field;
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), ::testing::StartsWith(field)) << error.what();
  }
}

TEST(NearRepeat, BadInputIsRejectedNamingTheField) {
  const Events good{{0, 1, 2}, {0, 1, 2}, {0, 1, 2}};
  const KnoxOptions o;
  expect_invalid(Events{}, o, "x");
  expect_invalid(Events{{0, 1}, {0}, {0, 1}}, o, "y");
  expect_invalid(Events{{0, 1}, {0, 1}, {0}}, o, "t");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  expect_invalid(Events{{0, nan}, {0, 1}, {0, 1}}, o, "x[1]");
  expect_invalid(Events{{0, 1}, {inf, 1}, {0, 1}}, o, "y[0]");
  expect_invalid(Events{{0, 1}, {0, 1}, {0, -inf}}, o, "t[1]");
  auto with = [&](auto change) {
    KnoxOptions bad = o;
    change(bad);
    return bad;
  };
  expect_invalid(good, with([](auto& b) { b.spatial_bandwidth = 0; }), "spatial_bandwidth");
  expect_invalid(good, with([&](auto& b) { b.spatial_bandwidth = nan; }), "spatial_bandwidth");
  expect_invalid(good, with([](auto& b) { b.temporal_bandwidth = -1; }), "temporal_bandwidth");
  expect_invalid(good, with([](auto& b) { b.spatial_bands = 0; }), "spatial_bands");
  expect_invalid(good, with([](auto& b) { b.temporal_bands = 0; }), "temporal_bands");
  expect_invalid(good, with([](auto& b) { b.permutations = 0; }), "permutations");
  expect_invalid(good, with([](auto& b) { b.threads = 0; }), "threads");
  expect_invalid(good, with([](auto& b) {
                   b.nrc_compatible = true;
                   b.metric = DistanceMetric::euclidean;
                 }),
                 "metric");
  expect_invalid(good, with([](auto& b) { b.spatial_bandwidth = 1e-300; }), "spatial_bandwidth");
}

// ---- The NRC 1.3 runs (../shared/data/nearrepeat-nrc/README.txt) ----

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream s(line);
    for (std::string f; std::getline(s, f, ',');) fields.push_back(f);
    rows.push_back(fields);
  }
  return rows;
}

double days_since_epoch(const std::string& date) {  // YYYY-MM-DD, proleptic Gregorian
  int y = std::stoi(date.substr(0, 4));
  const int m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct NrcCase {
  const char* name;
  double spatial_bandwidth, temporal_bandwidth;
  int nrc_iterations;
};

class NrcRun : public ::testing::TestWithParam<NrcCase> {};

TEST_P(NrcRun, ReproducesTheObservedTableAndAgreesWithTheSimulations) {
  const NrcCase& c = GetParam();
  const std::string dir = std::string(LB_SHARED_DATA) + "/nearrepeat-nrc/" + c.name + "/";
  Events e;
  for (const auto& row : read_csv(dir + "input.csv")) {
    e.x.push_back(std::stod(row[1]));
    e.y.push_back(std::stod(row[2]));
    e.t.push_back(days_since_epoch(row[3]));
  }
  KnoxOptions o;
  o.nrc_compatible = true;
  o.spatial_bandwidth = c.spatial_bandwidth;
  o.temporal_bandwidth = c.temporal_bandwidth;
  o.spatial_bands = 3;
  o.temporal_bands = 3;
  o.permutations = 4999;
  o.seed = 2016;
  const auto r = knox(e, o);
  ASSERT_EQ(r.cells.size(), 20u);

  const auto expected = read_csv(dir + "expected_nrc_observed.csv");
  ASSERT_EQ(expected.size(), 20u);
  for (std::size_t m = 0; m < 20; ++m) {
    const std::size_t row = m / 4, col = m % 4;
    EXPECT_EQ(expected[m][0], r.spatial[row].nrc_label);
    EXPECT_EQ(expected[m][1], r.temporal[col].nrc_label);
    EXPECT_EQ(r.cell(row, col).observed, std::stoll(expected[m][2]))
        << c.name << " " << expected[m][0] << " × " << expected[m][1];
  }

  // The NRC's simulated means come from few iterations (99 or 19): ours (4999) must lie within
  // 4 standard errors of the NRC's mean, the standard error being sd / sqrt(NRC iterations).
  // p-value classes: where the NRC is at its floor (every simulation below the observed count)
  // ours is below 0.05; where the NRC finds nothing (p >= 0.25) ours is above 0.01.
  const double floor = 1.0 / (c.nrc_iterations + 1);
  double worst = 0;
  for (const auto& sim : read_csv(dir + "nrc_cell_simulations.csv")) {
    const std::size_t row = std::stoul(sim[0]) - 1, col = std::stoul(sim[1]) - 1;
    const KnoxCell& cell = r.cell(row, col);
    const double nrc_mean = std::stod(sim[7]), nrc_p = std::stod(sim[8]);
    const double se = cell.simulated_sd / std::sqrt(c.nrc_iterations);
    const std::string where = std::string(c.name) + " " + sim[2] + " × " + sim[3];
    if (se == 0) {
      EXPECT_NEAR(cell.simulated_mean, nrc_mean, 1e-9) << where;
    } else {
      EXPECT_LT(std::fabs(cell.simulated_mean - nrc_mean) / se, 4.0) << where;
      worst = std::max(worst, std::fabs(cell.simulated_mean - nrc_mean) / se);
    }
    if (nrc_p <= floor + 1e-9) {
      EXPECT_LT(cell.p_value, 0.05) << where;
    }
    if (nrc_p >= 0.25) {
      EXPECT_GT(cell.p_value, 0.01) << where;
    }
  }
  RecordProperty("largest_standard_errors", std::to_string(worst));
}

INSTANTIATE_TEST_SUITE_P(Chicago, NrcRun,
                         ::testing::Values(NrcCase{"chicago_arson", 200, 1, 99},
                                           NrcCase{"chicago_be_month1", 100, 7, 19}),
                         [](const auto& info) { return std::string(info.param.name); });

// The float32 rounding is what reproduces the NRC: in double precision the arson table differs
// (pair 89-319 at 399.9614 m, pair 57-58 at 0.559 m), which this pins down as a real difference.
TEST(NearRepeat, DoublePrecisionDiffersFromTheNrcOnArson) {
  Events e;
  for (const auto& row :
       read_csv(std::string(LB_SHARED_DATA) + "/nearrepeat-nrc/chicago_arson/input.csv")) {
    e.x.push_back(std::stod(row[1]));
    e.y.push_back(std::stod(row[2]));
    e.t.push_back(days_since_epoch(row[3]));
  }
  KnoxOptions o;
  o.spatial_bandwidth = 200;
  o.temporal_bandwidth = 1;
  o.permutations = 1;
  const auto plain = knox(e, o);
  o.nrc_compatible = true;
  const auto nrc = knox(e, o);
  int differing = 0;
  for (std::size_t m = 0; m < nrc.cells.size(); ++m) {
    differing += plain.cells[m].observed != nrc.cells[m].observed;
  }
  EXPECT_EQ(differing, 2);
}

}  // namespace
}  // namespace lagesbild::analysis

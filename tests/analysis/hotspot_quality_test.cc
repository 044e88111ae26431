#include "analysis/hotspot_quality.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <vector>

namespace lagesbild::analysis {
namespace {

// Ten equal cells; 10 held-out events.
const std::vector<double> kScores{5, 4, 4, 1, 0, 3, 2, 0, 0, 0};
const std::vector<double> kEvents{3, 0, 2, 1, 0, 0, 4, 0, 0, 0};

TEST(HotspotQuality, PaiHitRateAndPeiOfTheTopCells) {
  const HotspotQuality q = evaluate_top_cells(kScores, kEvents, 3);
  EXPECT_EQ(q.cells_selected, 3);
  EXPECT_DOUBLE_EQ(q.area_share, 0.3);
  EXPECT_DOUBLE_EQ(q.hits, 5);  // cells 0, 1, 2
  EXPECT_DOUBLE_EQ(q.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(q.pai, 0.5 / 0.3);
  EXPECT_DOUBLE_EQ(q.pei, 5.0 / 9.0);  // the best three cells hold 4 + 3 + 2
  EXPECT_EQ(q.tied_beyond_cutoff, 0) << "both cells scoring 4 are in";
}

TEST(HotspotQuality, TiesAreBrokenByCellIndexAndReported) {
  // Cells 1 and 2 both score 4; with room for two cells, cell 1 (the lower index) is taken,
  // although cell 2 holds the events: the rule never looks at the held-out data.
  const HotspotQuality q = evaluate_top_cells(kScores, kEvents, 2);
  EXPECT_DOUBLE_EQ(q.hits, 3);
  EXPECT_EQ(q.tied_beyond_cutoff, 1);
  EXPECT_DOUBLE_EQ(q.pei, 3.0 / 7.0);
  // Reversing the cells reverses which of the tied pair is taken.
  const std::vector<double> scores{kScores.rbegin(), kScores.rend()};
  const std::vector<double> events{kEvents.rbegin(), kEvents.rend()};
  EXPECT_DOUBLE_EQ(evaluate_top_cells(scores, events, 2).hits, 5);
}

TEST(HotspotQuality, HitRateAtAShareOfTheArea) {
  const HotspotQuality q = evaluate_area_share(kScores, kEvents, 0.2);
  EXPECT_EQ(q.cells_selected, 2);
  EXPECT_DOUBLE_EQ(q.hit_rate, 0.3);
  EXPECT_DOUBLE_EQ(q.pai, 1.5);
  // 5 % of 200 cells is 10 cells despite 0.05 × 200 in binary.
  std::vector<double> scores(200, 0.0);
  std::vector<double> events(200, 0.0);
  for (int i = 0; i < 200; ++i) scores[i] = 200 - i;
  for (int i = 0; i < 20; ++i) events[i] = 1;
  const HotspotQuality five = evaluate_area_share(scores, events, 0.05);
  EXPECT_EQ(five.cells_selected, 10);
  EXPECT_DOUBLE_EQ(five.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(five.pai, 10.0);
  EXPECT_DOUBLE_EQ(five.pei, 1.0) << "no ten cells could hold more than ten events";
  // A share that is not a whole number of cells rounds down, never over the share.
  EXPECT_EQ(evaluate_area_share(scores, events, 0.0549).cells_selected, 10);
  // The whole area catches everything: PAI 1.
  EXPECT_DOUBLE_EQ(evaluate_area_share(kScores, kEvents, 1.0).pai, 1.0);
}

TEST(HotspotQuality, BadInputIsRejectedNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto rejects = [](auto call, const std::string& field) {
    try {
      call();
      ADD_FAILURE() << "no exception; expected one naming " << field;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  };
  const std::vector<double> empty;
  rejects([&] { evaluate_top_cells(empty, empty, 1); }, "scores");
  rejects([&] { evaluate_top_cells(kScores, kEvents, 0); }, "k");
  rejects([&] { evaluate_top_cells(kScores, kEvents, 11); }, "k");
  const std::vector<double> short_events{1, 2};
  rejects([&] { evaluate_top_cells(kScores, short_events, 1); }, "events");
  std::vector<double> bad = kScores;
  bad[4] = nan;
  rejects([&] { evaluate_top_cells(bad, kEvents, 1); }, "scores[4]");
  std::vector<double> negative = kEvents;
  negative[2] = -1;
  rejects([&] { evaluate_top_cells(kScores, negative, 1); }, "events[2]");
  const std::vector<double> zeros(10, 0.0);
  rejects([&] { evaluate_top_cells(kScores, zeros, 1); }, "events");
  rejects([&] { evaluate_area_share(kScores, kEvents, 0.05); }, "area_share");
  rejects([&] { evaluate_area_share(kScores, kEvents, 0); }, "area_share");
  rejects([&] { evaluate_area_share(kScores, kEvents, 1.5); }, "area_share");
  rejects([&] { evaluate_area_share(kScores, kEvents, nan); }, "area_share");
}

}  // namespace
}  // namespace lagesbild::analysis

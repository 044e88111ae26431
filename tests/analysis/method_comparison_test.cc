// Hotspot methods judged on held-out slices: the training window never sees the test slice, the
// figures follow hotspot_quality's definitions, and a persistent hotspot is predicted.
#include "analysis/method_comparison.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace lagesbild::analysis {
namespace {

// A 10 × 10 grid of 100 m cells over [0, 1000) × [0, 1000).
Grid grid10() { return Grid::over_extent(CellShape::kSquare, {0, 0, 1000, 1000}, 100); }

const MethodScore& score_of(const MethodComparison& c, HotspotMethod m) {
  for (const auto& s : c.methods) {
    if (s.method == m) return s;
  }
  throw std::logic_error("no such method");
}

TEST(MethodComparison, ThePredictionSeesOnlyTheWeeksBeforeTheTestWeek) {
  // Training weeks 0-1: events in the cell at (50, 50). Test week 2: all its events in the
  // far corner cell (950, 950). No method may know about the corner: hits = 0 for counts, whose
  // top cell is the training cell.
  std::vector<double> x, y;
  std::vector<int> s;
  for (int i = 0; i < 5; ++i) {
    x.push_back(50), y.push_back(50), s.push_back(i % 2);
    x.push_back(950), y.push_back(950), s.push_back(2);
  }
  MethodComparisonOptions o;
  o.training_slices = 2;
  o.area_share = 0.01;  // one cell of 100
  o.kde_bandwidth = 150;
  const auto c = compare_hotspot_methods(grid10(), {}, x, y, s, 3, o);
  EXPECT_EQ(c.study_cells, 100);
  EXPECT_EQ(c.cells_selected, 1);
  for (const auto& m : c.methods) {
    ASSERT_EQ(m.slices.size(), 1u) << method_name(m.method);
    EXPECT_EQ(m.slices[0].slice, 2);
    EXPECT_EQ(m.slices[0].events, 5);
    EXPECT_EQ(m.slices[0].quality.hits, 0) << method_name(m.method);
    EXPECT_EQ(m.mean_pai, 0);
  }
}

TEST(MethodComparison, APersistentHotspotIsPredictedAndThePaiFollowsItsDefinition) {
  // Every week: 6 events in cell (row 3, col 4), 4 scattered at random. Area share 0.05 = 5 of
  // 100 cells; hit rate of counts >= 6/10 every week, so PAI >= 0.6 / 0.05 = 12.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<double> x, y;
  std::vector<int> s;
  for (int week = 0; week < 12; ++week) {
    for (int i = 0; i < 6; ++i) x.push_back(450), y.push_back(350), s.push_back(week);
    for (int i = 0; i < 4; ++i) x.push_back(u(rng)), y.push_back(u(rng)), s.push_back(week);
  }
  MethodComparisonOptions o;
  o.training_slices = 4;
  o.area_share = 0.05;
  o.kde_bandwidth = 150;
  const auto c = compare_hotspot_methods(grid10(), {}, x, y, s, 12, o);
  EXPECT_TRUE(c.skipped_slices.empty());
  for (const auto& m : c.methods) {
    ASSERT_EQ(m.slices.size(), 8u);
    double pai = 0;
    for (const auto& w : m.slices) {
      // Gi* smooths: the hotspot's eight neighbours share its neighbourhood sum, so the five
      // top cells need not hold it. Counts and the density peak at it.
      if (m.method != HotspotMethod::gistar) {
        EXPECT_GE(w.quality.hits, 6) << method_name(m.method) << " week " << w.slice;
      }
      EXPECT_DOUBLE_EQ(w.quality.hit_rate, w.quality.hits / w.events);
      EXPECT_DOUBLE_EQ(w.quality.pai, w.quality.hit_rate / 0.05);
      pai += w.quality.pai;
    }
    EXPECT_NEAR(m.mean_pai, pai / 8, 1e-12);
    EXPECT_GE(m.mean_pai, m.method == HotspotMethod::gistar ? 1.5 : 12) << method_name(m.method);
  }
  EXPECT_LT(score_of(c, HotspotMethod::gistar).mean_pai,
            score_of(c, HotspotMethod::counts).mean_pai);
}

TEST(MethodComparison, TheStudyAreaLimitsTheCellsAndWeeksWithoutEventsAreSkipped) {
  // Study area: the western half. Week 3 has events only in the eastern half: skipped.
  std::vector<std::uint8_t> study(100, 0);
  for (int r = 0; r < 10; ++r) {
    for (int col = 0; col < 5; ++col) study[static_cast<std::size_t>(r * 10 + col)] = 1;
  }
  std::vector<double> x{150, 150, 250, 850, 250};
  std::vector<double> y{150, 150, 250, 850, 250};
  std::vector<int> s{0, 1, 2, 3, 4};
  MethodComparisonOptions o;
  o.training_slices = 2;
  o.area_share = 0.02;  // 1 of 50 cells
  const auto c = compare_hotspot_methods(grid10(), study, x, y, s, 5, o);
  EXPECT_EQ(c.study_cells, 50);
  EXPECT_EQ(c.cells_selected, 1);
  ASSERT_EQ(c.skipped_slices, std::vector<int>{3});
  const auto& counts = score_of(c, HotspotMethod::counts);
  ASSERT_EQ(counts.slices.size(), 2u);  // weeks 2 and 4
  // Week 2 sees weeks 0-1 (two events at (150, 150)); its event is at (250, 250): a miss.
  EXPECT_EQ(counts.slices[0].quality.hits, 0);
  // Week 4 sees weeks 2-3: (250, 250), and (850, 850) outside the study area; its event is at
  // (250, 250): a hit.
  EXPECT_EQ(counts.slices[1].quality.hits, 1);
  EXPECT_DOUBLE_EQ(counts.slices[1].quality.pai, 1.0 / 0.02);
}

TEST(MethodComparison, BadInputNamesTheField) {
  const auto g = grid10();
  std::vector<double> x{1}, y{1};
  std::vector<int> s{0};
  const auto field_of = [&](auto&& fn) -> std::string {
    try {
      fn();
    } catch (const std::invalid_argument& e) {
      const std::string w = e.what();
      return w.substr(0, w.find(':'));
    }
    return "";
  };
  MethodComparisonOptions o;
  o.training_slices = 3;
  EXPECT_EQ(field_of([&] { compare_hotspot_methods(g, {}, x, y, s, 3, o); }), "training_slices");
  o.training_slices = 1;
  o.area_share = 0;
  EXPECT_EQ(field_of([&] { compare_hotspot_methods(g, {}, x, y, s, 3, o); }), "area_share");
  o.area_share = 0.001;  // less than one of 100 cells
  EXPECT_EQ(field_of([&] { compare_hotspot_methods(g, {}, x, y, s, 3, o); }), "area_share");
  o.area_share = 0.05;
  std::vector<int> bad_slice{5};
  EXPECT_EQ(field_of([&] { compare_hotspot_methods(g, {}, x, y, bad_slice, 3, o); }), "slices[0]");
  std::vector<double> nan_x{std::nan("")};
  EXPECT_EQ(field_of([&] { compare_hotspot_methods(g, {}, nan_x, y, s, 3, o); }), "x[0]");
  std::vector<std::uint8_t> none(100, 0);
  EXPECT_EQ(field_of([&] { compare_hotspot_methods(g, none, x, y, s, 3, o); }), "study");
  const auto hex = Grid::over_extent(CellShape::kHexagon, {0, 0, 1000, 1000}, 100);
  EXPECT_EQ(field_of([&] { compare_hotspot_methods(hex, {}, x, y, s, 3, o); }), "grid");
}

}  // namespace
}  // namespace lagesbild::analysis

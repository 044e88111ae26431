// The ground truth is both written down and visible in the generated reports.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "worlds.h"

namespace lagesbild::demo {
namespace {

using testing::week_index;
using testing::world;

bool measured(const DemoWorld& w, const DemoReport& r) {
  const auto& cats = w.truth.measure.categories;
  return std::find(cats.begin(), cats.end(), r.category) != cats.end();
}

// Reports per week of the measure's categories in `area`, after the start / before it.
struct RateRatio {
  double before = 0, after = 0;
  double ratio() const { return after / before; }
};

RateRatio rate_ratio(const std::vector<std::uint64_t>& seeds, const std::string& area) {
  RateRatio counts;
  int weeks_before = 0, weeks_after = 0;
  for (std::uint64_t seed : seeds) {
    const DemoWorld& w = world(seed);
    const int start = week_index(w, w.truth.measure.start_week);
    weeks_before += start;
    weeks_after += w.options.weeks - start;
    for (const DemoReport& r : w.reports) {
      if (r.area != area || !measured(w, r)) continue;
      const int week = week_index(w, r.occurred_from);
      if (week < 0) continue;
      (week < start ? counts.before : counts.after) += 1;
    }
  }
  return {counts.before / weeks_before, counts.after / weeks_after};
}

TEST(DemoTruth, MeasureCutsTheTargetAreaByThirtyPercent) {
  const TruthMeasure& m = world(1).truth.measure;
  EXPECT_EQ(m.area, "Tjärna Ängar");
  EXPECT_EQ(m.start_week, "2025-W36");
  EXPECT_DOUBLE_EQ(m.effect, -0.30);
  // One seed, raw counts.
  const RateRatio one = rate_ratio({1}, m.area);
  std::printf("seed 1: %s %.2f -> %.2f per week, ratio %.3f\n", m.area.c_str(), one.before,
              one.after, one.ratio());
  EXPECT_NEAR(one.ratio(), 0.70, 0.10);
  // Eight seeds: tighter, and the comparison and displacement areas too.
  const std::vector<std::uint64_t> seeds = {1, 2, 3, 4, 5, 6, 7, 8};
  const RateRatio target = rate_ratio(seeds, m.area);
  const RateRatio displaced = rate_ratio(seeds, m.displacement_area);
  const RateRatio comparison = rate_ratio(seeds, m.comparison_area);
  std::printf(
      "eight seeds: target %.2f -> %.2f (%.3f), displacement %.2f -> %.2f (%.3f), "
      "comparison %.2f -> %.2f (%.3f)\n",
      target.before, target.after, target.ratio(), displaced.before, displaced.after,
      displaced.ratio(), comparison.before, comparison.after, comparison.ratio());
  EXPECT_NEAR(target.ratio(), 0.70, 0.06);
  EXPECT_NEAR(displaced.ratio(), 1.10, 0.09);
  EXPECT_NEAR(comparison.ratio(), 1.00, 0.08);
  EXPECT_NEAR(target.ratio() / comparison.ratio(), 0.70, 0.08);
}

TEST(DemoTruth, AnomaliesStandOutInTheirCell) {
  const DemoWorld& w = world(1);
  ASSERT_EQ(w.truth.anomalies.size(), 3u);
  EXPECT_EQ(w.truth.anomalies.back().week, w.last_week);
  for (const TruthAnomaly& a : w.truth.anomalies) {
    SCOPED_TRACE(a.week + " " + a.area + " " + a.category);
    const int week = week_index(w, a.week);
    const auto observed = std::count_if(w.reports.begin(), w.reports.end(), [&](const auto& r) {
      return r.area == a.area && r.category == a.category && week_index(w, r.occurred_from) == week;
    });
    EXPECT_GE(a.injected, 5);
    EXPECT_LT(a.expected, 2.5);
    EXPECT_GE(observed, a.injected);
    EXPECT_GT(observed, 3 * a.expected + 4);
  }
}

int within(const DemoWorld& w, double x, double y, double radius,
           const std::vector<std::string>& categories, int from_week, int to_week) {
  int n = 0;
  for (const DemoReport& r : w.reports) {
    if (!r.location || std::hypot(r.location->x - x, r.location->y - y) > radius) continue;
    if (std::find(categories.begin(), categories.end(), r.category) == categories.end()) continue;
    const int week = week_index(w, r.occurred_from);
    n += week >= from_week && week < to_week ? 1 : 0;
  }
  return n;
}

TEST(DemoTruth, HotspotsConcentrateTheirCategories) {
  const DemoWorld& w = world(1);
  ASSERT_EQ(w.truth.hotspots.size(), 3u);
  for (const TruthHotspot& h : w.truth.hotspots) {
    const int n = within(w, h.x, h.y, h.radius_m, h.categories, 0, w.options.weeks);
    std::printf("hotspot %s: %d reports within %.0f m\n", h.name.c_str(), n, h.radius_m);
    // The measure takes 30 % off part of Tjärna torg for the last 63 weeks; seasons average out.
    EXPECT_GT(n, 0.7 * h.weekly_rate * w.options.weeks) << h.name;
  }
}

TEST(DemoTruth, EmergingHotspotsGrowOverTheLastTwelveWeeks) {
  const DemoWorld& w = world(1);
  ASSERT_EQ(w.truth.emerging_hotspots.size(), 2u);
  for (const TruthEmergingHotspot& e : w.truth.emerging_hotspots) {
    const int start = week_index(w, e.start_week);
    EXPECT_EQ(start, w.options.weeks - 12);
    const int before = within(w, e.x, e.y, e.radius_m, e.categories, start - 4, start);
    const int early = within(w, e.x, e.y, e.radius_m, e.categories, start, start + 4);
    const int late = within(w, e.x, e.y, e.radius_m, e.categories, start + 8, start + 12);
    std::printf("emerging %s: %d before, %d first 4 weeks, %d last 4 weeks\n", e.name.c_str(),
                before, early, late);
    EXPECT_GT(late, 2 * early) << e.name;
    EXPECT_GT(late, 3 * before + 5) << e.name;
  }
}

TEST(DemoTruth, WrittenAsJsonThatParses) {
  const DemoWorld& w = world(1);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("lb_demo_truth_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "demo.db.truth.json";
  write_ground_truth(w, path);
  write_ground_truth(w, path);  // replaces
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  std::filesystem::remove_all(dir);

  EXPECT_EQ(j["municipality"]["code"], "2081");
  EXPECT_EQ(j["seed"], 1);
  EXPECT_EQ(j["reports"], w.reports.size());
  EXPECT_EQ(j["last_week"], "2026-W46");
  ASSERT_EQ(j["hotspots"].size(), 3u);
  EXPECT_TRUE(j["hotspots"][0]["centre"]["x"].is_number());
  EXPECT_GT(j["hotspots"][0]["radius_m"].get<double>(), 0);
  EXPECT_EQ(j["emerging_hotspots"].size(), 2u);
  EXPECT_EQ(j["emerging_hotspots"][0]["start_week"], "2026-W35");
  ASSERT_EQ(j["anomalies"].size(), 3u);
  for (const auto& a : j["anomalies"]) {
    EXPECT_TRUE(lagesbild::parse_iso_week(a["week"].get<std::string>()));
    EXPECT_GT(a["injected"].get<int>(), a["expected"].get<double>());
  }
  const auto& m = j["measure"];
  EXPECT_EQ(m["area"], "Tjärna Ängar");
  EXPECT_EQ(m["effect"], -0.30);
  EXPECT_EQ(m["displacement_area"], "Hagalund");
  EXPECT_EQ(m["displacement"], 0.10);
  EXPECT_EQ(m["comparison_area"], "Islingby");
  EXPECT_EQ(m["categories"].size(), 4u);
}

TEST(DemoTruth, SitsNextToTheDatabase) {
  EXPECT_EQ(ground_truth_path("/tmp/demo.db"), "/tmp/demo.db.truth.json");
  EXPECT_EQ(ground_truth_path("sqlite:demo.db"), "demo.db.truth.json");
}

TEST(DemoTruth, UnwritablePathIsAnError) {
  EXPECT_THROW(write_ground_truth(world(1), "/nonexistent-dir/x.truth.json"), std::runtime_error);
}

}  // namespace
}  // namespace lagesbild::demo

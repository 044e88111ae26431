// Hotspots of stored reports on the demo municipality, whose planted hotspots are known: each
// must come out hot; the rest of what comes out hot is counted and printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "demo_store.h"

namespace lagesbild {
namespace {

using test_support::DemoStore;
using test_support::kind_of;
using test_support::with_role;

TEST(AnalysisService, ThePlantedHotspotsAreHotAndTheRestIsCounted) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  HotspotRequest r;
  r.period = "2025";
  r.permutations = 99;
  const HotspotMap map = demo.services->analysis.hotspots(analyst, r);
  ASSERT_GT(map.reports, 1000u);
  std::size_t found = 0, hot = 0, near_truth = 0;
  const auto distance = [](const HotspotCell& c, double x, double y) {
    return std::hypot(c.x - x, c.y - y);
  };
  for (const auto& h : demo.world.truth.hotspots) {
    bool is_hot = false;
    for (const HotspotCell& c : map.cells) {
      if (distance(c, h.x, h.y) <= h.radius_m && c.bin >= 2) is_hot = true;
    }
    found += is_hot;
    EXPECT_TRUE(is_hot) << h.name;
  }
  for (const HotspotCell& c : map.cells) {
    if (c.bin < 2) continue;
    ++hot;
    bool near = false;
    for (const auto& h : demo.world.truth.hotspots) near |= distance(c, h.x, h.y) <= 750;
    for (const auto& h : demo.world.truth.emerging_hotspots) near |= distance(c, h.x, h.y) <= 750;
    near_truth += near;
  }
  std::printf(
      "hotspots on the demo (2025, 250 m cells): %zu of %zu planted hotspots hot at 95 %%; %zu hot "
      "cells, %zu of them within 750 m of a planted (or emerging) hotspot; the rest follow the "
      "simulated population (centre, dense housing)\n",
      found, demo.world.truth.hotspots.size(), hot, near_truth);
  EXPECT_EQ(found, demo.world.truth.hotspots.size());
  for (const HotspotCell& c : map.cells) {
    EXPECT_FALSE(std::isnan(c.z) || std::isnan(c.p) || std::isnan(c.q)) << c.cell;
    ASSERT_EQ(c.ring_wgs84.size(), 5u);
  }
}

TEST(AnalysisService, OnlyAnalystsRunItAndBadInputNamesTheField) {
  DemoStore demo(1);
  HotspotRequest r;
  r.period = "2025-Q3";
  EXPECT_EQ(kind_of([&] {
              demo.services->analysis.hotspots(
                  with_role(*demo.store, Role::viewer, "Borlänge kommun"), r);
            }),
            ServiceError::Kind::forbidden);
  EXPECT_EQ(kind_of([&] {
              demo.services->analysis.hotspots(with_role(*demo.store, Role::reporter, "Polisen"),
                                               r);
            }),
            ServiceError::Kind::forbidden);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  HotspotRequest bad;
  bad.cell_size = 10;
  bad.permutations = -1;
  bad.categories = {"nope"};
  std::vector<std::string> fields;
  try {
    demo.services->analysis.hotspots(analyst, bad);
  } catch (const ServiceError& e) {
    for (const auto& f : e.errors()) fields.push_back(f.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"period", "cell_size", "permutations", "category"}));
  r.period = "2019";  // before the demo's reports: an empty map, not an error
  const HotspotMap empty = demo.services->analysis.hotspots(analyst, r);
  EXPECT_EQ(empty.reports, 0u);
  EXPECT_TRUE(empty.cells.empty());
}

TEST(AnalysisService, DensityPeaksAtAPlantedHotspotAndKeepsEveryReportsMass) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  DensityRequest r;
  r.period = "2025";
  r.cell_size = 50;
  r.bandwidth = 300;
  const DensityMap map = demo.services->analysis.density(analyst, r);
  ASSERT_GT(map.reports, 1000u);
  const auto& spec = map.raster.raster;
  // The raster reaches a bandwidth past every point, so (quartic support) no mass is lost.
  EXPECT_NEAR(map.raster.mass(), static_cast<double>(map.reports), 1e-6 * map.reports);
  EXPECT_EQ(map.raster.points_out_of_reach, 0);
  EXPECT_LT(map.south_west[0], map.north_east[0]);
  EXPECT_LT(map.south_west[1], map.north_east[1]);
  std::size_t peak = 0;
  for (std::size_t i = 0; i < map.raster.density.size(); ++i) {
    if (map.raster.density[i] > map.raster.density[peak]) peak = i;
  }
  const double px = spec.origin_x + (static_cast<double>(peak % spec.cols) + 0.5) * spec.cell_size;
  const double py = spec.origin_y + (static_cast<double>(peak / spec.cols) + 0.5) * spec.cell_size;
  double nearest = 1e18;
  for (const auto& h : demo.world.truth.hotspots) {
    nearest = std::min(nearest, std::hypot(px - h.x, py - h.y));
  }
  std::printf("density 2025 (quartic, 300 m): peak %.0f m from the nearest planted hotspot\n",
              nearest);
  EXPECT_LT(nearest, 750);

  DensityRequest bad;
  bad.period = "2025";
  bad.cell_size = 5;
  bad.bandwidth = 0;
  std::vector<std::string> fields;
  try {
    demo.services->analysis.density(analyst, bad);
  } catch (const ServiceError& e) {
    for (const auto& f : e.errors()) fields.push_back(f.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"cell_size", "bandwidth"}));
  EXPECT_EQ(kind_of([&] {
              demo.services->analysis.density(
                  with_role(*demo.store, Role::viewer, "Borlänge kommun"), r);
            }),
            ServiceError::Kind::forbidden);
}

TEST(AnalysisService, TheEmergingHotspotsComeOutAsNewOrGrowing) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  using P = analysis::EmergingPattern;
  for (const auto& truth : demo.world.truth.emerging_hotspots) {
    EmergingRequest r;
    // Monthly slices: the demo's emerging hotspots start at 0.65–0.8 reports a week and grow
    // about 20 % a week for 12 weeks, so a single week per 250 m cell is too sparse for Gi*
    // with FDR (weekly slices leave them "sporadic" or without pattern); three months of
    // growth come out as a run of hot months.
    r.period = "2026-01-01..2026-11-15";
    r.slice = "month";
    r.categories = truth.categories;
    const EmergingMap map = demo.services->analysis.emerging(analyst, r);
    ASSERT_EQ(map.slices, 11);
    bool emerging = false;
    // A cell's centre is the mean of its four corners; metres from degrees locally (at 250 m
    // cells the error is far below a cell).
    for (const EmergingCell& c : map.cells) {
      double lon = 0, lat = 0;
      for (std::size_t k = 0; k + 1 < c.ring_wgs84.size(); ++k) {
        lon += c.ring_wgs84[k][0] / 4;
        lat += c.ring_wgs84[k][1] / 4;
      }
      const double dx = (lon - truth.lon) * 111'320 * std::cos(truth.lat * M_PI / 180);
      const double dy = (lat - truth.lat) * 110'574;
      if (std::hypot(dx, dy) > truth.radius_m + 250) continue;
      if (c.pattern == P::new_hot_spot || c.pattern == P::consecutive_hot_spot ||
          c.pattern == P::intensifying_hot_spot) {
        emerging = true;
      }
      std::printf("%s: cell %lld %s (hot %d of %d months)\n", truth.name.c_str(),
                  static_cast<long long>(c.cell),
                  std::string(analysis::pattern_name(c.pattern)).c_str(), c.hot_slices, map.slices);
    }
    EXPECT_TRUE(emerging) << truth.name;
  }
  EmergingRequest short_period;
  short_period.period = "2026-W45";
  try {
    demo.services->analysis.emerging(analyst, short_period);
    ADD_FAILURE() << "a one-week period was accepted";
  } catch (const ServiceError& e) {
    ASSERT_FALSE(e.errors().empty());
    EXPECT_EQ(e.errors()[0].field, "period");
  }
}

TEST(AnalysisService, HexagonalCellsFindThePlantedHotspotsToo) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  HotspotRequest r;
  r.period = "2025";
  r.shape = "hexagon";
  r.permutations = 0;
  const HotspotMap map = demo.services->analysis.hotspots(analyst, r);
  ASSERT_FALSE(map.cells.empty());
  for (const HotspotCell& c : map.cells) ASSERT_EQ(c.ring_wgs84.size(), 7u) << "a closed hexagon";
  for (const auto& h : demo.world.truth.hotspots) {
    bool hot = false;
    for (const HotspotCell& c : map.cells) {
      hot |= std::hypot(c.x - h.x, c.y - h.y) <= h.radius_m + 250 && c.bin >= 2;
    }
    EXPECT_TRUE(hot) << h.name;
  }
  r.shape = "triangle";
  try {
    demo.services->analysis.hotspots(analyst, r);
    ADD_FAILURE() << "a triangle grid was accepted";
  } catch (const ServiceError& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].field, "shape");
  }
}

}  // namespace
}  // namespace lagesbild

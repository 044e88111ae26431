// Hotspots of stored reports on the demo municipality, whose planted hotspots are known: each
// must come out hot; the rest of what comes out hot is counted and printed.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lagesbild

#include "demo/geography.h"

#include <gtest/gtest.h>

#include "demo/random.h"
#include "demo/scenario.h"
#include "geo/geometry.h"
#include "worlds.h"

namespace lagesbild::demo {
namespace {

TEST(DemoGeography, CentreIsBorlange) {
  const geo::Projector projector;
  const Geography g = build_geography(projector);
  EXPECT_NEAR(g.centre.x, 525000, 1500);
  EXPECT_NEAR(g.centre.y, 6707000, 1500);
}

TEST(DemoGeography, FifteenValidAreasInsideTheBoundary) {
  const DemoWorld& w = testing::world(1);
  ASSERT_EQ(w.areas.size(), 15u);
  EXPECT_TRUE(geo::normalise_area_geometry(w.municipality.boundary_geojson, "boundary", false));
  const geo::Boundary boundary(w.municipality.boundary_geojson);
  const geo::Projector projector;
  const Geography g = build_geography(projector);
  for (std::size_t a = 0; a < w.areas.size(); ++a) {
    const Expected<std::string> norm =
        geo::normalise_area_geometry(w.areas[a].geometry_geojson, w.areas[a].name, false);
    EXPECT_TRUE(norm) << w.areas[a].name << ": " << (norm ? "" : to_string(norm.errors()));
    for (const geo::Xy& p : g.areas[a].points()) EXPECT_TRUE(boundary.contains(p.x, p.y));
  }
}

TEST(DemoGeography, AreasTileTheTownWithoutOverlaps) {
  const geo::Projector projector;
  const Geography g = build_geography(projector);
  Rng rng(3);
  int in_town = 0;
  for (int i = 0; i < 20000; ++i) {
    const double x = g.centre.x + rng.uniform(-4400, 4400);
    const double y = g.centre.y + rng.uniform(-2600, 2600);
    int containing = 0;
    for (const Ring& r : g.areas) containing += r.contains(x, y) ? 1 : 0;
    EXPECT_LE(containing, 1);
    in_town += containing;
  }
  // The sampled rectangle lies inside the outer jitter of the grid: no gaps either.
  EXPECT_EQ(in_town, 20000);
}

TEST(DemoGeography, PlacesLieInTheirAreasByTheAreaIndex) {
  const DemoWorld& w = testing::world(1);
  EXPECT_GE(w.places.size(), 30u);
  std::vector<Area> areas;
  for (std::size_t i = 0; i < w.areas.size(); ++i) {
    areas.push_back({static_cast<Id>(i + 1), w.municipality.code, w.areas[i].name, w.areas[i].kind,
                     w.areas[i].geometry_geojson});
  }
  const geo::AreaIndex index(areas);
  for (const DemoPlace& p : w.places) {
    const std::optional<Id> id = index.locate(p.location.x, p.location.y);
    ASSERT_TRUE(id) << p.name;
    EXPECT_EQ(w.areas[*id - 1].name, p.area) << p.name;
  }
}

TEST(DemoGeography, MapDoesNotDependOnTheSeed) {
  const DemoWorld& a = testing::world(1);
  const DemoWorld& b = testing::world(2);
  EXPECT_EQ(a.municipality.boundary_geojson, b.municipality.boundary_geojson);
  for (std::size_t i = 0; i < a.areas.size(); ++i) {
    EXPECT_EQ(a.areas[i].geometry_geojson, b.areas[i].geometry_geojson);
  }
}

}  // namespace
}  // namespace lagesbild::demo

#include "geo/projection.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <vector>

namespace lagesbild::geo {
namespace {

struct Reference {
  const char* place;
  double lat, lon;
  double x, y;  // easting, northing
};

// From PROJ's own command-line tool (proj-bin 9.1.1), independent of our code path:
//   printf "60.4858 15.4371\n..." | cs2cs -f %.4f EPSG:4326 EPSG:3006
// which prints northing then easting (EPSG:3006's axis order).
constexpr Reference kReferences[] = {
    {"Borlänge", 60.4858, 15.4371, 524021.9789, 6705595.3679},
    {"Stockholm", 59.3293, 18.0686, 674571.8664, 6580743.0083},
    {"Malmö", 55.6050, 13.0038, 374243.7585, 6163926.5534},
    {"Kiruna", 67.8558, 20.2253, 719583.1230, 7536069.9699},
    {"Visby", 57.6348, 18.2948, 696685.5412, 6392831.2584},
};

TEST(Projector, MatchesCs2csReferencePoints) {
  const Projector p;
  for (const auto& r : kReferences) {
    const Xy xy = p.to_sweref(r.lat, r.lon);
    EXPECT_NEAR(xy.x, r.x, 0.001) << r.place;
    EXPECT_NEAR(xy.y, r.y, 0.001) << r.place;
  }
}

TEST(Projector, InverseMatchesReferencePoints) {
  const Projector p;
  for (const auto& r : kReferences) {
    const LatLon g = p.to_wgs84(r.x, r.y);
    EXPECT_NEAR(g.lat, r.lat, 1e-8) << r.place;  // ~1 mm
    EXPECT_NEAR(g.lon, r.lon, 1e-8) << r.place;
  }
}

TEST(Projector, BatchedEqualsOneByOneAndPutsEastingFirst) {
  const Projector p;
  std::vector<double> a, b;
  for (const auto& r : kReferences) a.push_back(r.lat), b.push_back(r.lon);
  p.to_sweref(a, b);
  for (std::size_t i = 0; i < std::size(kReferences); ++i) {
    const Xy one = p.to_sweref(kReferences[i].lat, kReferences[i].lon);
    EXPECT_EQ(a[i], one.x) << kReferences[i].place;
    EXPECT_EQ(b[i], one.y) << kReferences[i].place;
  }
}

TEST(Projector, BatchedRejectsSpansOfDifferentLength) {
  const Projector p;
  std::vector<double> a(3), b(2);
  EXPECT_THROW(p.to_sweref(a, b), std::invalid_argument);
}

TEST(Projector, LocationCarriesBothPairs) {
  const Projector p;
  const Location from_geo = p.from_wgs84(60.4858, 15.4371);
  EXPECT_EQ(from_geo.lat, 60.4858);
  EXPECT_EQ(from_geo.lon, 15.4371);
  EXPECT_NEAR(from_geo.x, 524021.9789, 0.001);
  EXPECT_NEAR(from_geo.y, 6705595.3679, 0.001);
  const Location from_grid = p.from_sweref(524021.9789, 6705595.3679);
  EXPECT_EQ(from_grid.x, 524021.9789);
  EXPECT_NEAR(from_grid.lat, 60.4858, 1e-8);
  EXPECT_NEAR(from_grid.lon, 15.4371, 1e-8);
}

TEST(Projector, UntransformableInputIsNotFiniteAndDoesNotStickToTheProjector) {
  const Projector p;
  const Xy bad = p.to_sweref(NAN, 15.0);
  EXPECT_FALSE(std::isfinite(bad.x) && std::isfinite(bad.y));
  const Xy good = p.to_sweref(60.4858, 15.4371);
  EXPECT_NEAR(good.x, 524021.9789, 0.001);
  std::vector<double> a{60.4858, NAN}, b{15.4371, 15.0};
  p.to_sweref(a, b);
  EXPECT_NEAR(a[0], 524021.9789, 0.001);
  EXPECT_FALSE(std::isfinite(a[1]) && std::isfinite(b[1]));
}

RC_GTEST_PROP(Projector, RoundTripWithinSwedenIsSubMillimetre, ()) {
  static const Projector p;  // rapidcheck runs cases one after another on this thread
  const double lat = 55.0 + *rc::gen::inRange(0, 1'400'000) / 100'000.0;
  const double lon = 10.5 + *rc::gen::inRange(0, 1'450'000) / 100'000.0;
  const Xy xy = p.to_sweref(lat, lon);
  const LatLon back = p.to_wgs84(xy.x, xy.y);
  RC_ASSERT(std::abs(back.lat - lat) < 1e-8);
  RC_ASSERT(std::abs(back.lon - lon) < 1e-8);
}

}  // namespace
}  // namespace lagesbild::geo

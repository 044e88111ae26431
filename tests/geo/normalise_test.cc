#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>

#include "geo/geometry.h"

namespace lagesbild::geo {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A square in Borlänge, counter-clockwise.
const char* const kSquare =
    R"({"type":"Polygon","coordinates":[[[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]]]})";

// The single reason normalise_area_geometry gives, with the field checked.
std::string rejection(const std::string& geojson, bool repair = false) {
  const auto r = normalise_area_geometry(geojson, "/geometry", repair);
  if (r.ok()) return "accepted: " + r.value();
  EXPECT_EQ(r.errors().size(), 1u) << to_string(r.errors());
  EXPECT_EQ(r.errors().front().field, "/geometry");
  EXPECT_EQ(r.errors().front().line, 0);
  return r.errors().front().reason;
}

// Twice the signed area (shoelace): positive when counter-clockwise.
double signed_area2(const json& ring) {
  double a = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    a += ring[i][0].get<double>() * ring[i + 1][1].get<double>() -
         ring[i + 1][0].get<double>() * ring[i][1].get<double>();
  }
  return a;
}

TEST(NormaliseAreaGeometry, AcceptsAValidPolygonUnchanged) {
  const auto r = normalise_area_geometry(kSquare, "/geometry", false);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(*r, kSquare);
}

TEST(NormaliseAreaGeometry, RejectsTextThatIsNotJson) {
  EXPECT_THAT(rejection("{\"type\": \"Polygon\","), HasSubstr("not JSON: parse error at line 1"));
}

TEST(NormaliseAreaGeometry, RejectsJsonThatIsNotAGeometry) {
  EXPECT_EQ(rejection("[1, 2]"), "not a GeoJSON geometry: expected an object with a \"type\"");
  EXPECT_EQ(rejection(R"({"coordinates": []})"),
            "not a GeoJSON geometry: expected an object with a \"type\"");
}

TEST(NormaliseAreaGeometry, RejectsOtherGeometryTypes) {
  EXPECT_EQ(rejection(R"({"type":"Point","coordinates":[15.4,60.4]})"),
            "geometry type is \"Point\"; expected Polygon or MultiPolygon");
  EXPECT_EQ(rejection(R"({"type":"Feature","geometry":null})"),
            "geometry type is \"Feature\"; expected Polygon or MultiPolygon");
}

TEST(NormaliseAreaGeometry, RejectsMissingOrEmptyCoordinates) {
  EXPECT_EQ(rejection(R"({"type":"Polygon"})"), "\"coordinates\" is missing or not an array");
  EXPECT_EQ(rejection(R"({"type":"Polygon","coordinates":[]})"),
            "ring 0 is missing: a polygon needs an array of rings, exterior first");
  EXPECT_EQ(rejection(R"({"type":"MultiPolygon","coordinates":[]})"),
            "a MultiPolygon needs at least one polygon");
}

TEST(NormaliseAreaGeometry, RejectsAPositionThatIsNotANumberPair) {
  EXPECT_EQ(
      rejection(
          R"({"type":"Polygon","coordinates":[[[15.4,60.4],[15.5],[15.5,60.5],[15.4,60.4]]]})"),
      "ring 0 position 1 is not a [lon, lat] pair of numbers");
  EXPECT_EQ(
      rejection(
          R"({"type":"Polygon","coordinates":[[[15.4,60.4],["15.5",60.4],[15.5,60.5],[15.4,60.4]]]})"),
      "ring 0 position 1 is not a [lon, lat] pair of numbers");
}

TEST(NormaliseAreaGeometry, RejectsARingWithFewerThanFourPositions) {
  EXPECT_EQ(
      rejection(R"({"type":"Polygon","coordinates":[[[15.4,60.4],[15.5,60.4],[15.4,60.4]]]})"),
      "ring 0 has 3 positions; a closed ring needs at least 4");
}

TEST(NormaliseAreaGeometry, RejectsARingThatIsNotClosedSayingWhichPositionsDiffer) {
  EXPECT_EQ(
      rejection(
          R"({"type":"Polygon","coordinates":[[[15.1,60.2],[15.5,60.2],[15.5,60.5],[15.2,60.3]]]})"),
      "ring 0 is not closed: first position [15.1, 60.2] differs from last [15.2, 60.3]");
}

TEST(NormaliseAreaGeometry, NamesThePolygonAndRingOfAMultiPolygon) {
  const std::string open_hole = R"({"type":"MultiPolygon","coordinates":[
      [[[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]]],
      [[[16.4,60.4],[16.5,60.4],[16.5,60.5],[16.4,60.5],[16.4,60.4]],
       [[16.42,60.42],[16.44,60.42],[16.44,60.44],[16.42,60.43]]]]})";
  EXPECT_EQ(rejection(open_hole),
            "polygon 1 ring 1 is not closed: first position [16.42, 60.42] differs from last "
            "[16.42, 60.43]");
}

TEST(NormaliseAreaGeometry, ReportsEveryBadRing) {
  const auto r = normalise_area_geometry(
      R"({"type":"MultiPolygon","coordinates":[[[[15.4,60.4],[15.5,60.4],[15.4,60.4]]],
          [[[16.4,60.4],[16.5,60.4],[16.5,60.5],[16.4,60.41]]]]})",
      "area", false);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.errors(),
              ElementsAre(FieldError{"area", 0,
                                     "polygon 0 ring 0 has 3 positions; a closed ring needs at "
                                     "least 4"},
                          FieldError{"area", 0,
                                     "polygon 1 ring 0 is not closed: first position [16.4, "
                                     "60.4] differs from last [16.4, 60.41]"}));
}

TEST(NormaliseAreaGeometry, RejectsCoordinatesOutsideWgs84Range) {
  EXPECT_EQ(
      rejection(
          R"({"type":"Polygon","coordinates":[[[15.4,60.4],[195.5,60.4],[195.5,95],[15.4,60.4]]]})"),
      "ring 0 position 1 [195.5, 60.4] is outside the WGS84 range (lon -180..180, lat -90..90), "
      "and so are 1 more");
}

TEST(NormaliseAreaGeometry, RejectsAnAreaOutsideSweden) {
  // Oslo.
  EXPECT_EQ(
      rejection(
          R"({"type":"Polygon","coordinates":[[[10.7,59.9],[10.8,59.9],[10.8,60.0],[10.7,59.9]]]})"),
      "ring 0 position 0 [10.7, 59.9] is outside Sweden, and so are 2 more");
}

TEST(NormaliseAreaGeometry, HintsAtSwappedLatAndLon) {
  EXPECT_EQ(
      rejection(
          R"({"type":"Polygon","coordinates":[[[60.4,15.4],[60.4,15.5],[60.5,15.5],[60.4,15.4]]]})"),
      "ring 0 position 0 [60.4, 15.4] is outside Sweden, and so are 2 more (lon and lat swapped? "
      "GeoJSON positions are [lon, lat])");
}

const char* const kBowTie =
    R"({"type":"Polygon","coordinates":[[[15.0,60.0],[15.2,60.2],[15.2,60.0],[15.0,60.2],[15.0,60.0]]]})";

TEST(NormaliseAreaGeometry, RejectsASelfIntersectionSayingWhere) {
  EXPECT_EQ(rejection(kBowTie), "self-intersection at lon 15.1 lat 60.1");
}

TEST(NormaliseAreaGeometry, RejectsAHoleOutsideItsShellSayingWhere) {
  EXPECT_THAT(rejection(R"({"type":"Polygon","coordinates":[
                  [[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]],
                  [[15.6,60.4],[15.7,60.4],[15.7,60.5],[15.6,60.4]]]})"),
              HasSubstr("hole lies outside shell at lon 15."));
}

TEST(NormaliseAreaGeometry, RepairsABowTieIntoTwoTrianglesWhenAsked) {
  const auto r = normalise_area_geometry(kBowTie, "/geometry", true);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  const json g = json::parse(*r);
  ASSERT_EQ(g["type"], "MultiPolygon") << *r;
  ASSERT_EQ(g["coordinates"].size(), 2u) << *r;
  double area2 = 0;
  for (const auto& polygon : g["coordinates"]) {
    ASSERT_EQ(polygon.size(), 1u);
    EXPECT_EQ(polygon[0].size(), 4u) << "a triangle";
    EXPECT_GT(signed_area2(polygon[0]), 0) << "exterior counter-clockwise";
    area2 += signed_area2(polygon[0]);
  }
  EXPECT_NEAR(area2 / 2, 2 * (0.2 * 0.1 / 2), 1e-12);  // two triangles, base 0.2, height 0.1
  // And the repaired geometry is now accepted as it stands.
  EXPECT_TRUE(normalise_area_geometry(*r, "/geometry", false).ok());
}

TEST(NormaliseAreaGeometry, RefusesARepairThatLeavesNoArea) {
  EXPECT_THAT(
      rejection(
          R"({"type":"Polygon","coordinates":[[[15.0,60.0],[15.1,60.0],[15.2,60.0],[15.0,60.0]]]})",
          true),
      HasSubstr("repairing it did not leave a polygon of non-zero area"));
}

TEST(NormaliseAreaGeometry, RewindsAClockwiseExteriorAndACounterClockwiseHole) {
  const auto r = normalise_area_geometry(R"({"type":"Polygon","coordinates":[
      [[15.4,60.4],[15.4,60.5],[15.5,60.5],[15.5,60.4],[15.4,60.4]],
      [[15.42,60.42],[15.44,60.42],[15.44,60.44],[15.42,60.44],[15.42,60.42]]]})",
                                         "/geometry", false);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(*r, R"({"type":"Polygon","coordinates":[)"
                R"([[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]],)"
                R"([[15.42,60.42],[15.42,60.44],[15.44,60.44],[15.44,60.42],[15.42,60.42]]]})");
}

TEST(NormaliseAreaGeometry, DropsAltitudes) {
  const auto r = normalise_area_geometry(
      R"({"type":"Polygon","coordinates":[[[15.4,60.4,3],[15.5,60.4,3],[15.5,60.5,3],[15.4,60.5,3],[15.4,60.4,3]]]})",
      "/geometry", false);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(*r, kSquare);
}

// A star-shaped polygon around Borlänge (never self-intersecting) in either direction.
RC_GTEST_PROP(NormaliseAreaGeometry, OutputIsCounterClockwiseAndAFixedPoint, ()) {
  const auto n = *rc::gen::inRange(3, 40);
  const auto radii = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(10, 1000));
  const bool clockwise = *rc::gen::arbitrary<bool>();
  json ring = json::array();
  for (int i = 0; i < n; ++i) {
    const double angle = (clockwise ? -1 : 1) * 2 * std::numbers::pi * i / n;
    const double r = radii[static_cast<std::size_t>(i)] / 10'000.0;
    ring.push_back({15.43 + r * std::cos(angle), 60.48 + r * std::sin(angle)});
  }
  ring.push_back(ring[0]);
  const json input = {{"type", "Polygon"}, {"coordinates", {ring}}};
  const auto once = normalise_area_geometry(input.dump(), "g", false);
  RC_ASSERT(once.ok());
  RC_ASSERT(signed_area2(json::parse(*once)["coordinates"][0]) > 0);
  const auto twice = normalise_area_geometry(*once, "g", false);
  RC_ASSERT(twice.ok());
  RC_ASSERT(*twice == *once);
}

}  // namespace
}  // namespace lagesbild::geo

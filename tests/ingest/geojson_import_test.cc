#include "ingest/geojson_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "borlange_fixture.h"

namespace lagesbild::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace testing;  // NOLINT: the fixture's names

class GeoJsonImportTest : public ::testing::Test {
 protected:
  GeoJsonImportTest() : ctx_(borlange_context(projector_)) {}

  GeoJsonImport parse(std::string_view content) const {
    ResolveOptions o;
    o.source = Source::api;
    o.now = test_now();
    return parse_reports_geojson(content, *ctx_, projector_, o);
  }

  std::string collection(const std::string& features) const {
    return R"({"type":"FeatureCollection","features":[)" + features + "]}";
  }

  geo::Projector projector_;
  std::unique_ptr<ReportContext> ctx_;
};

TEST_F(GeoJsonImportTest, PointAndNullGeometryFeaturesBecomeReports) {
  const auto p = projector_.from_sweref(527000, 6703000);
  const auto result = parse(collection(
      R"({"type":"Feature","geometry":{"type":"Point","coordinates":[)" + number_text(p.lon) + "," +
      number_text(p.lat) + R"(]},"properties":{"category":"Klotter","organisation":"Polisen",
         "occurred_at":"2026-11-20T22:00","count":2,"severity":3.0,"external_id":7}},
       {"type":"Feature","geometry":null,"properties":{"category":"Stök","organisation":"Polisen",
         "occurred_from":"2026-11-20T22:00","area":2,"description":null,"id":99}})"));
  ASSERT_THAT(result.errors, IsEmpty()) << to_string(result.errors);
  ASSERT_EQ(result.reports.size(), 2u);
  EXPECT_EQ(result.reports[0].area_id, kTjarnaAngar);
  EXPECT_EQ(result.reports[0].count, 2);
  EXPECT_EQ(result.reports[0].severity, 3);
  EXPECT_EQ(result.reports[0].external_id, "7");
  EXPECT_EQ(result.reports[0].source, Source::api);
  EXPECT_EQ(result.reports[1].area_id, kTjarnaAngar);
  EXPECT_FALSE(result.reports[1].location.has_value());
}

// Found by fuzz_geojson: a "type" that is not a string is bad input (an error), never a throw.
TEST_F(GeoJsonImportTest, ATypeThatIsNotAStringIsAnError) {
  for (const std::string& doc :
       {std::string(R"({"type": [[[[15, 60.48]]]]})"),
        collection(R"({"type": 7, "geometry": null, "properties": {}})"),
        collection(R"({"type": "Feature", "geometry": {"type": {}, "coordinates": [15, 60]}})")}) {
    GeoJsonImport r;
    ASSERT_NO_THROW(r = parse(doc)) << doc;
    EXPECT_TRUE(r.reports.empty()) << doc;
    EXPECT_FALSE(r.errors.empty()) << doc;
  }
}

TEST_F(GeoJsonImportTest, ProblemsAreAddressedByJsonPointer) {
  const auto result = parse(collection(
      R"({"type":"Feature","geometry":{"type":"Point","coordinates":[13.40,52.52]},
          "properties":{"category":"Klotter","organisation":"Polisen","occurred_at":"2026-11-20"}},
         {"type":"Feature","geometry":{"type":"LineString","coordinates":[[15,60],[15.1,60]]},
          "properties":{"category":"Klotter","organisation":"Polisen","occurred_at":"2026-11-20",
                        "colour":"red","count":"två"}},
         {"type":"Polygon"})"));
  EXPECT_THAT(
      result.errors,
      ElementsAre(FieldError{"/features/0/geometry/coordinates/1", 0, "outside Sweden"},
                  FieldError{"/features/1/geometry", 0, "must be a Point [lon, lat] or null"},
                  FieldError{"/features/1/properties/colour", 0, "unknown property"},
                  FieldError{"/features/1/properties/count", 0, "must be a whole number"},
                  FieldError{"/features/2", 0, "must be a GeoJSON Feature"}));
}

TEST_F(GeoJsonImportTest, RepeatedExternalIdIsReportedOnTheLaterFeature) {
  const std::string f = R"({"type":"Feature","geometry":null,"properties":{"category":"Klotter",
      "organisation":"Polisen","occurred_at":"2026-11-20","area":"Norr","external_id":"X"}})";
  EXPECT_THAT(parse(collection(f + "," + f)).errors,
              ElementsAre(FieldError{"/features/1/properties/external_id", 0,
                                     "external_id 'X' of this organisation is also in feature 0"}));
}

TEST_F(GeoJsonImportTest, NotAFeatureCollectionIsRejected) {
  EXPECT_THAT(parse("{\"type\":").errors,
              ElementsAre(FieldError{"", 0, "not valid JSON (byte 9)"}));
  EXPECT_THAT(
      parse(R"({"type":"Feature"})").errors,
      ElementsAre(FieldError{"/type", 0, "expected a GeoJSON FeatureCollection with features"}));
}

}  // namespace
}  // namespace lagesbild::ingest

#include "report/export.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

#include "../ingest/borlange_fixture.h"
#include "ingest/csv_import.h"
#include "ingest/geojson_import.h"

namespace lagesbild::report {
namespace {

using ingest::testing::borlange_context;
using ingest::testing::test_now;
using json = nlohmann::json;
using ::testing::IsEmpty;
namespace fixture = ingest::testing;

class Export : public ::testing::Test {
 protected:
  Export() : ctx_(borlange_context(projector_)) {}

  // Tunabyggen's report at Resecentrum, winter time.
  Report at_resecentrum() const {
    Report r;
    r.id = 5;
    r.municipality = "2081";
    r.organisation_id = fixture::kTunabyggen;
    r.category_id = fixture::category_id(ctx_->categories(), "skadegorelse.klotter");
    r.occurred_from = *parse_timestamp("2026-11-20T21:00:00Z");
    r.place_id = fixture::kResecentrum;
    r.location = ctx_->places()[0].location;
    r.area_id = fixture::kCentrum;
    r.count = 2;
    r.severity = 3;
    r.description = "Tag, \"KGB\"\npå väggen";
    r.source = Source::form;
    r.external_id = "TB-9";
    r.created_at = *parse_timestamp("2026-07-01T06:00:00Z");
    r.status = ReportStatus::reviewed;
    return r;
  }

  geo::Projector projector_;
  std::unique_ptr<ingest::ReportContext> ctx_;
};

TEST_F(Export, CsvHasTheImportColumnsLocalTimesAndQuotesOnlyWhenNeeded) {
  const Report r = at_resecentrum();
  const std::string lat = fixture::number_text(r.location->lat);
  const std::string lon = fixture::number_text(r.location->lon);
  EXPECT_EQ(reports_to_csv(std::span(&r, 1), *ctx_),
            "id,municipality,organisation,category,occurred_at,occurred_to,lat,lon,place,area,"
            "count,severity,description,source,external_id,status,created_at\r\n"
            "5,2081,Tunabyggen,skadegorelse.klotter,2026-11-20T22:00:00+01:00,," +
                lat + "," + lon +
                ",Resecentrum,Centrum,2,3,\"Tag, \"\"KGB\"\"\npå väggen\",form,TB-9,reviewed,"
                "2026-07-01T08:00:00+02:00\r\n");
}

TEST_F(Export, BothFormatsMaskPersonalDataInTheDescription) {
  Report r = at_resecentrum();
  r.description = "Pojke 811228-9874, ring 070-123 45 67, bil ABC 123";
  const std::string masked =
      "Pojke [personnummer], ring [telefonnummer], bil [registreringsnummer]";
  const std::string csv = reports_to_csv(std::span(&r, 1), *ctx_);
  EXPECT_NE(csv.find("\"" + masked + "\""), std::string::npos) << csv;
  EXPECT_EQ(csv.find("9874"), std::string::npos) << csv;
  const json geojson = json::parse(reports_to_geojson(std::span(&r, 1), *ctx_));
  EXPECT_EQ(geojson["features"][0]["properties"]["description"], masked);
}

TEST_F(Export, CsvTextThatASpreadsheetWouldRunIsGuardedAndImportsBack) {
  Report r = at_resecentrum();
  r.description = "=HYPERLINK(\"http://evil.example\",\"klicka\")";
  r.external_id = "-2+3";
  const std::string csv = reports_to_csv(std::span(&r, 1), *ctx_);
  EXPECT_NE(csv.find(",\"'=HYPERLINK("), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'-2+3,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);
  ingest::ResolveOptions o;
  o.source = Source::csv;
  o.now = test_now();
  const auto back = ingest::parse_reports_csv(csv, *ctx_, o);
  ASSERT_THAT(back.errors, IsEmpty());
  ASSERT_EQ(back.reports.size(), 1u);
  EXPECT_EQ(back.reports[0].description, r.description);
  EXPECT_EQ(back.reports[0].external_id, r.external_id);
}

TEST(UnguardCell, RemovesOnlyTheExportsGuard) {
  EXPECT_EQ(ingest::unguard_cell("'=1+2"), "=1+2");
  EXPECT_EQ(ingest::unguard_cell("''x"), "'x");
  EXPECT_EQ(ingest::unguard_cell("'abc"), "'abc");
  EXPECT_EQ(ingest::unguard_cell("'"), "'");
  EXPECT_EQ(ingest::unguard_cell("=1"), "=1");
  EXPECT_EQ(ingest::unguard_cell(""), "");
}

TEST_F(Export, UnknownPlaceOrAreaIsWrittenAsItsId) {
  Report r = at_resecentrum();
  r.place_id = 77;
  r.area_id = 78;
  const std::string csv = reports_to_csv(std::span(&r, 1), *ctx_);
  EXPECT_THAT(csv, ::testing::HasSubstr(",#77,#78,"));
}

TEST_F(Export, GeoJsonHasPointsOrNullGeometryAndTheSameProperties) {
  Report area_only = at_resecentrum();
  area_only.id = 6;
  area_only.location.reset();
  area_only.place_id.reset();
  area_only.external_id.clear();
  area_only.occurred_to = area_only.occurred_from + std::chrono::hours{2};
  const std::vector<Report> reports{at_resecentrum(), area_only};
  const json doc = json::parse(reports_to_geojson(reports, *ctx_));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  ASSERT_EQ(doc["features"].size(), 2u);
  const json& point = doc["features"][0];
  EXPECT_EQ(point["type"], "Feature");
  EXPECT_EQ(point["id"], 5);
  EXPECT_EQ(point["geometry"]["type"], "Point");
  EXPECT_EQ(point["geometry"]["coordinates"][0].get<double>(), reports[0].location->lon);
  EXPECT_EQ(point["geometry"]["coordinates"][1].get<double>(), reports[0].location->lat);
  EXPECT_EQ(point["properties"],
            json::parse(R"({"id":5,"municipality":"2081","organisation":"Tunabyggen",
              "category":"skadegorelse.klotter","occurred_at":"2026-11-20T22:00:00+01:00",
              "occurred_to":null,"place":"Resecentrum","area":"Centrum","count":2,"severity":3,
              "description":"Tag, \"KGB\"\npå väggen","source":"form","external_id":"TB-9",
              "location_precision":"exact",
              "status":"reviewed","created_at":"2026-07-01T08:00:00+02:00"})"));
  const json& area = doc["features"][1];
  EXPECT_TRUE(area["geometry"].is_null());
  EXPECT_EQ(area["properties"]["occurred_to"], "2026-11-21T00:00:00+01:00");
  EXPECT_TRUE(area["properties"]["external_id"].is_null());
  EXPECT_TRUE(area["properties"]["place"].is_null());
}

TEST_F(Export, EmptyExportsAreValid) {
  EXPECT_EQ(reports_to_csv({}, *ctx_).find("\r\n"), reports_to_csv({}, *ctx_).size() - 2);
  EXPECT_EQ(json::parse(reports_to_geojson({}, *ctx_))["features"], json::array());
}

// Random valid reports, made the way every report is made: by resolving a draft.
std::vector<Report> random_reports(const ingest::ReportContext& ctx, const geo::Projector& p) {
  std::vector<std::string> codes;
  for (const auto& c : ctx.categories()) {
    if (c.active) codes.push_back(c.code);
  }
  const auto piece = rc::gen::elementOf(
      std::vector<std::string>{"a", "Ö", "ä", "€", " ", ",", ";", "\"", "\n", "\r\n", "\r", "\t",
                               "=1+2", "\\", "#", "'", "-", "@", "+"});
  // Text of up to `max_pieces` pieces (each at most 4 characters).
  const auto text = [&](int max_pieces) {
    const auto parts =
        *rc::gen::container<std::vector<std::string>>(*rc::gen::inRange(0, max_pieces + 1), piece);
    std::string s;
    for (const auto& part : parts) s += part;
    return s;
  };
  const auto n = *rc::gen::inRange(0, 25);
  std::vector<Report> reports;
  for (int i = 0; i < n; ++i) {
    ingest::ReportDraft d;
    d.category = *rc::gen::elementOf(codes);
    d.organisation = *rc::gen::elementOf(
        std::vector<std::string>{"Polisen", "Tunabyggen", "Räddningstjänsten Dala Mitt"});
    const auto from = *rc::gen::inRange<std::int64_t>(1704067200, to_unix(test_now()));
    d.occurred_from = format_utc(from_unix(from));
    if (*rc::gen::arbitrary<bool>()) {
      d.occurred_to =
          format_utc(from_unix(from + *rc::gen::inRange<std::int64_t>(0, 14 * 86400 + 1)));
    }
    const double x = *rc::gen::inRange<std::int64_t>(512000000, 538000000) / 1000.0;
    const double y = *rc::gen::inRange<std::int64_t>(6692000000, 6718000000) / 1000.0;
    switch (*rc::gen::inRange(0, 4)) {
      case 0:
        d.x = x;
        d.y = y;
        break;
      case 1: {
        const auto ll = p.to_wgs84(x, y);
        d.lat = ll.lat;
        d.lon = ll.lon;
        break;
      }
      case 2:
        d.place = *rc::gen::elementOf(std::vector<std::string>{"Resecentrum", "Maserhallen"});
        break;
      default:
        d.area = *rc::gen::elementOf(std::vector<std::string>{"Centrum", "Tjärna Ängar", "Norr"});
    }
    if (*rc::gen::arbitrary<bool>()) d.count = *rc::gen::inRange(1, 10001);
    if (*rc::gen::arbitrary<bool>()) d.severity = *rc::gen::inRange(1, 4);
    d.description = text(300);
    if (*rc::gen::arbitrary<bool>()) d.external_id = "ext " + std::to_string(i) + text(40);
    ingest::ResolveOptions o;
    o.source = *rc::gen::elementOf(std::vector<Source>{Source::form, Source::api, Source::polisen});
    o.now = test_now();
    auto r = ingest::resolve(d, ctx, p, ingest::FieldNames{}, o);
    RC_ASSERT(r.ok());
    r->id = i + 1;
    r->status = *rc::gen::elementOf(
        std::vector<ReportStatus>{ReportStatus::submitted, ReportStatus::reviewed});
    reports.push_back(std::move(*r));
  }
  return reports;
}

// Equal in everything an import can carry (not id, source, status or created_at).
void require_same(const std::vector<Report>& exported, const std::vector<Report>& imported) {
  RC_ASSERT(imported.size() == exported.size());
  for (std::size_t i = 0; i < exported.size(); ++i) {
    const Report &a = exported[i], &b = imported[i];
    RC_ASSERT(a.municipality == b.municipality);
    RC_ASSERT(a.organisation_id == b.organisation_id);
    RC_ASSERT(a.category_id == b.category_id);
    RC_ASSERT(a.occurred_from == b.occurred_from);
    RC_ASSERT(a.occurred_to == b.occurred_to);
    RC_ASSERT(a.place_id == b.place_id);
    RC_ASSERT(a.area_id == b.area_id);
    RC_ASSERT(a.count == b.count);
    RC_ASSERT(a.severity == b.severity);
    RC_ASSERT(a.description == b.description);
    RC_ASSERT(a.external_id == b.external_id);
    RC_ASSERT(a.location.has_value() == b.location.has_value());
    if (!a.location) continue;
    RC_ASSERT(a.location->lat == b.location->lat);
    RC_ASSERT(a.location->lon == b.location->lon);
    RC_ASSERT(std::abs(a.location->x - b.location->x) < 1e-6);
    RC_ASSERT(std::abs(a.location->y - b.location->y) < 1e-6);
  }
}

class RoundTrip : public Export {};

TEST_F(RoundTrip, CsvExportImportsAsTheSameReports) {
  const auto ok = rc::check([&] {
    const auto reports = random_reports(*ctx_, projector_);
    ingest::ResolveOptions o;
    o.source = Source::csv;
    o.now = test_now();
    const auto back = ingest::parse_reports_csv(reports_to_csv(reports, *ctx_), *ctx_, o);
    RC_ASSERT(back.errors.empty());
    require_same(reports, back.reports);
  });
  EXPECT_TRUE(ok);
}

TEST_F(RoundTrip, GeoJsonExportImportsAsTheSameReports) {
  const auto ok = rc::check([&] {
    const auto reports = random_reports(*ctx_, projector_);
    ingest::ResolveOptions o;
    o.now = test_now();
    const auto back =
        ingest::parse_reports_geojson(reports_to_geojson(reports, *ctx_), *ctx_, projector_, o);
    RC_ASSERT(back.errors.empty());
    require_same(reports, back.reports);
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace lagesbild::report

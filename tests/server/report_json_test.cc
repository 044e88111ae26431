#include "server/report_json.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>

namespace lagesbild::server {
namespace {

using nlohmann::json;

// Random valid UTF-8 text that includes quotes, backslashes, control characters and Swedish
// letters: what the writer must escape, and what it must pass through.
rc::Gen<std::string> text_gen() {
  return rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 9)),
                      [](const std::vector<int>& picks) {
                        static const char* kPieces[] = {"\"", "\\", "\n", "\x01", "\x1f",
                                                        "å",  "Ä",  "€",  "a b"};
                        std::string s;
                        for (int p : picks) s += kPieces[p];
                        return s;
                      });
}

RC_GTEST_PROP(ReportJson, StringsRoundTripThroughAJsonParser, ()) {
  const std::string s = *text_gen();
  std::string out;
  append_json_string(out, s);
  RC_ASSERT(json::parse(out).get<std::string>() == s);
}

ingest::ReportContext context() {
  Municipality m{"2081", "Borlänge", 14, ""};
  return ingest::ReportContext(
      m, {{7, "2081", "Polisen", "police"}},
      {{3, "2081", "skadegorelse.klotter", "Klotter", std::nullopt, true}},
      {{11, "2081", "Resecentrum", "station", {60.48, 15.43, 525000, 6707000}, 5}}, {});
}

TEST(ReportJson, WritesEveryFieldWithNamesAndLocalTimes) {
  const auto ctx = context();
  Report r;
  r.id = 42;
  r.municipality = "2081";
  r.organisation_id = 7;
  r.category_id = 3;
  r.occurred_from = *parse_timestamp("2026-11-13T22:00");
  r.occurred_to = *parse_timestamp("2026-11-14T02:00");
  r.location = Location{60.4858, 15.4371, 525123.25, 6707456.5};
  r.place_id = 11;
  r.area_id = 99;  // not in the context: id kept, name null
  r.count = 2;
  r.severity = 3;
  r.description = "Klotter \"tag\" på väggen\n";
  r.external_id = "ext-1";
  r.created_at = *parse_timestamp("2026-11-14T08:00");
  std::string out;
  append_report_json(out, r, ctx);
  const json j = json::parse(out);
  EXPECT_EQ(j["id"], 42);
  EXPECT_EQ(j["organisation"], "Polisen");
  EXPECT_EQ(j["category"], "skadegorelse.klotter");
  EXPECT_EQ(j["category_name"], "Klotter");
  EXPECT_EQ(j["place"], "Resecentrum");
  EXPECT_EQ(j["area_id"], 99);
  EXPECT_TRUE(j["area"].is_null());
  EXPECT_EQ(j["occurred_from"], "2026-11-13T22:00:00+01:00");
  EXPECT_EQ(j["occurred_to"], "2026-11-14T02:00:00+01:00");
  EXPECT_DOUBLE_EQ(j["x"].get<double>(), 525123.25);
  EXPECT_DOUBLE_EQ(j["lat"].get<double>(), 60.4858);
  EXPECT_EQ(j["description"], r.description);
  EXPECT_EQ(j["external_id"], "ext-1");
  EXPECT_EQ(j["status"], "submitted");
  EXPECT_TRUE(j["reviewed_at"].is_null());
  EXPECT_EQ(j["location_precision"], "exact");
  EXPECT_EQ(j.size(), 28u);
}

TEST(ReportJson, ReportWithoutPointHasNullCoordinates) {
  const auto ctx = context();
  Report r;
  r.municipality = "2081";
  r.area_id = 5;
  const json j = json::parse(report_page_json(std::vector<Report>{r, r}, ctx, std::string("1_2")));
  ASSERT_EQ(j["reports"].size(), 2u);
  EXPECT_TRUE(j["reports"][0]["lat"].is_null());
  EXPECT_TRUE(j["reports"][0]["x"].is_null());
  EXPECT_EQ(j["next_cursor"], "1_2");
  EXPECT_TRUE(json::parse(report_page_json({}, ctx, std::nullopt))["next_cursor"].is_null());
}

}  // namespace
}  // namespace lagesbild::server

// PoliceEventService on small inline JSON, on both engines: which database takes which events,
// the police organisation, precision, summaries kept apart, idempotency, and every reason an
// event is not imported.
#include <gtest/gtest.h>

#include "domain/taxonomy.h"
#include "police_fixture.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using police_testing::EngineTest;

std::string event(std::int64_t id, const std::string& type, const std::string& location,
                  const std::string& name,
                  const std::string& datetime = "2026-08-22 19:51:41 +02:00") {
  return "{\"id\":" + std::to_string(id) + ",\"datetime\":\"" + datetime + "\",\"name\":\"" + name +
         "\",\"summary\":\"Sammanfattning.\",\"url\":\"/aktuellt/" + std::to_string(id) +
         "/\",\"type\":\"" + type + "\",\"location\":{\"name\":\"" + location +
         "\",\"gps\":\"60.6,15.6\"}}";
}

// Borlänge twice (by location and by name), Falun, a Dalarna summary, a Stockholm event.
std::string sample() {
  return "[" + event(1, "Brand", "Borlänge", "22 augusti 17.59, Brand, Borlänge") + "," +
         event(2, "Misshandel", "Dalarnas län", "22 augusti 18.10, Misshandel, Borlänge",
               "2026-08-22 8:02:00 +02:00") +
         "," + event(3, "Stöld", "Dalarnas län", "22 augusti 18.20, Stöld, Falun") + "," +
         event(4, "Sammanfattning natt", "Dalarnas län",
               "23 augusti 06.00, Sammanfattning natt, Dalarnas län") +
         "," + event(5, "Rån", "Stockholm", "22 augusti 20.00, Rån, Stockholm") + "]";
}

std::vector<Report> reports_of(Store& store, const std::string& municipality) {
  ReportQuery q;
  q.municipality = municipality;
  q.limit = -1;
  return store.query_reports(q);
}

TEST_P(EngineTest, EventsGoToTheMunicipalitiesInTheDatabaseOnly) {
  add_municipality("2081", "Borlänge");
  const auto r = import(sample());
  EXPECT_EQ(r.elements, 5u);
  EXPECT_EQ(r.reports_inserted, 2u);
  EXPECT_EQ(r.summaries_inserted, 1u);  // Dalarna's summary: Borlänge is in Dalarna
  EXPECT_EQ(r.skipped.at("2080"), 1u);  // Falun
  EXPECT_EQ(r.skipped.at("0180"), 1u);  // Stockholm
  EXPECT_TRUE(r.rejected.empty());
  EXPECT_EQ(r.organisations_created, std::vector<std::string>{"2081"});

  const auto stored = reports_of(*store_, "2081");
  ASSERT_EQ(stored.size(), 2u);
  const auto orgs = store_->organisations("2081");
  for (const Report& rep : stored) {
    EXPECT_EQ(rep.source, Source::polisen);
    EXPECT_EQ(rep.location_precision, LocationPrecision::municipality);
    ASSERT_TRUE(rep.location);
    EXPECT_EQ(*rep.location, police_testing::places().municipality("2081")->point);
    EXPECT_FALSE(rep.area_id);
    const auto org = std::find_if(orgs.begin(), orgs.end(), [&](const Organisation& o) {
      return o.id == rep.organisation_id;
    });
    ASSERT_NE(org, orgs.end());
    EXPECT_EQ(org->name, kPoliceEventsOrganisation);
  }
  // Newest first: event 1 at 17:51 UTC, event 2 (hour "8") at 06:02 UTC.
  EXPECT_EQ(stored[0].external_id, "1");
  EXPECT_EQ(stored[0].description,
            "Brand: 22 augusti 17.59, Brand, Borlänge\nSammanfattning.\n"
            "https://polisen.se/aktuellt/1/");
  EXPECT_EQ(format_utc(stored[1].occurred_from),
            format_utc(*ingest::parse_police_time("2026-08-22 06:02:00 +00:00")));
  const auto categories = store_->categories("2081");
  const auto misshandel = std::find_if(categories.begin(), categories.end(), [](const Category& c) {
    return c.code == "hot_vald.misshandel";
  });
  EXPECT_EQ(stored[1].category_id, misshandel->id);
}

TEST_P(EngineTest, ReimportingAddsNothing) {
  add_municipality("2081", "Borlänge");
  import(sample());
  const auto again = import(sample());
  EXPECT_EQ(again.reports_inserted, 0u);
  EXPECT_EQ(again.reports_already_stored, 2u);
  EXPECT_EQ(again.summaries_inserted, 0u);
  EXPECT_EQ(again.summaries_already_stored, 1u);
  EXPECT_TRUE(again.organisations_created.empty());
  EXPECT_EQ(reports_of(*store_, "2081").size(), 2u);
  EXPECT_EQ(db_->count("SELECT count(*) FROM police_summary"), 1);
}

TEST_P(EngineTest, SummariesAreKeptApartFromReports) {
  add_municipality("2081", "Borlänge");
  import(sample());
  const auto summaries = store_->police_summaries("20", from_unix(0), from_unix(4'000'000'000));
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].external_id, "4");
  EXPECT_EQ(summaries[0].type, "Sammanfattning natt");
  EXPECT_EQ(summaries[0].municipality, "");  // the whole county
  EXPECT_EQ(summaries[0].url, "https://polisen.se/aktuellt/4/");
  // Not a report: the lägesbild of the week counts only the two incidents.
  SituationRequest request;
  request.municipality = "2081";
  request.period = "2026-W34";
  const auto pic = services_->situation.compile(Principal::operator_cli(), request);
  EXPECT_EQ(pic.situation.total_current, 2);
  EXPECT_EQ(pic.reports_by_source[static_cast<std::size_t>(Source::polisen)], 2);
  EXPECT_TRUE(pic.points.empty());  // municipality points are never drawn as places
  // Nor analysed as places: the near-repeat test finds no point to pair.
  NearRepeatRequest near;
  near.municipality = "2081";
  near.period = "2026-08";
  try {
    services_->analysis.near_repeat(Principal::operator_cli(), near);
    ADD_FAILURE() << "the near-repeat test ran on municipality points";
  } catch (const ServiceError& e) {
    EXPECT_NE(std::string(e.what()).find("has 0 report(s) with a point"), std::string::npos)
        << e.what();
  }
}

TEST_P(EngineTest, OneMunicipalityTakesOnlyItsOwnEvents) {
  add_municipality("2081", "Borlänge");
  add_municipality("2080", "Falun");
  const auto r = import(sample(), {"2080", false});
  EXPECT_EQ(r.reports_inserted, 1u);
  EXPECT_EQ(r.skipped.at("2081"), 2u);
  EXPECT_TRUE(reports_of(*store_, "2081").empty());
  EXPECT_EQ(reports_of(*store_, "2080").size(), 1u);
  EXPECT_THROW(import(sample(), {"1280", false}), ServiceError);  // Malmö is not in the database
}

TEST_P(EngineTest, AllMunicipalitiesCreatesTheMunicipalitiesTheEventsName) {
  const auto r = import(sample(), {"", true});
  EXPECT_EQ(r.reports_inserted, 4u);
  EXPECT_EQ(r.municipalities_created.size(), 3u);
  const auto stockholm = store_->municipality("0180");
  ASSERT_TRUE(stockholm);
  EXPECT_EQ(stockholm->name, "Stockholm");
  EXPECT_EQ(store_->categories("0180").size(), default_categories().size());
}

TEST_P(EngineTest, EveryEventNotImportedIsListedWithItsReason) {
  add_municipality("2081", "Borlänge");
  const std::string json =
      "[" + event(1, "Ufo", "Borlänge", "x, Ufo, Borlänge") + "," +
      event(2, "Brand", "Atlantis", "x, Brand, Atlantis") + "," +
      event(3, "Brand", "Dalarnas län", "x, Brand, Dalarnas län") + "," +
      R"({"id":4,"datetime":"2026-08-22 19:51:41 +02:00","name":"x","type":"Brand","location":{"name":"Borlänge","gps":"x"}},)" +
      event(5, "Brand", "Borlänge", "x, Brand, Borlänge") + "," +
      event(5, "Brand", "Borlänge", "x, Brand, Borlänge") + "," +
      R"({"datetime":"2026-08-22 19:51:41 +02:00"}])";
  const auto r = import(json);
  EXPECT_EQ(r.reports_inserted, 1u);
  ASSERT_EQ(r.rejected.size(), 6u);
  std::vector<std::pair<std::size_t, std::string>> got;
  for (const auto& p : r.rejected) got.emplace_back(p.index, p.reason.substr(0, 20));
  EXPECT_EQ(got, (std::vector<std::pair<std::size_t, std::string>>{{0, "unknown type 'Ufo' ("},
                                                                   {1, "unknown place 'Atlan"},
                                                                   {2, "unknown place: the l"},
                                                                   {3, "bad gps 'x': not 'la"},
                                                                   {5, "duplicate id 5 withi"},
                                                                   {6, "missing field id"}}));
}

TEST_P(EngineTest, ACategoryRemovedFromTheMunicipalityIsAReason) {
  add_municipality("2081", "Borlänge");
  for (const Category& c : store_->categories("2081"))
    if (c.code == "brand.anlagd") store_->remove_category("2081", c.id);
  const auto r = import("[" + event(1, "Mordbrand", "Borlänge", "x, Mordbrand, Borlänge") + "]");
  EXPECT_EQ(r.reports_inserted, 0u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].reason,
            "category 'brand.anlagd' is not in municipality 2081's category tree");
}

TEST_P(EngineTest, ATruncatedFileImportsItsCompleteEventsAndSaysWhereItStopped) {
  add_municipality("2081", "Borlänge");
  const std::string whole = sample();
  const auto r = import(whole.substr(0, whole.find("\"id\":2") + 10));
  EXPECT_EQ(r.reports_inserted, 1u);
  EXPECT_NE(r.stopped.find("ends inside element 1"), std::string::npos) << r.stopped;
  // The whole file later adds exactly the rest.
  const auto rest = import(whole);
  EXPECT_EQ(rest.reports_inserted, 1u);
  EXPECT_EQ(rest.reports_already_stored, 1u);
}

TEST_P(EngineTest, OnlyTheOperatorImports) {
  add_municipality("2081", "Borlänge");
  Principal admin;
  admin.user_id = 1;
  admin.grants = {{"2081", Role::admin, 1}};
  EXPECT_THROW(services_->police.import(admin, sample(), police_testing::places(),
                                        police_testing::types(), {}),
               ServiceError);
}

INSTANTIATE_TEST_SUITE_P(Engines, EngineTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace lagesbild

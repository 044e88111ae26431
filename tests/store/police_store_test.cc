// The store contract of schema 4 on both engines: a report's location precision through every
// write path (one row, a staged batch, the import stream), the police's summary events
// (idempotent by id, read per county and time), and migration 4's default for existing reports.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <memory>

#include "store/schema.h"
#include "store/store.h"
#include "test_engine.h"

namespace lagesbild {
namespace {

class PoliceStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test_support::TestDatabase>(GetParam());
    if (!db_->available()) {
      if (test_support::postgres_required()) FAIL() << "LB_TEST_PG_URL is not set";
      GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
    }
    store_ = open_store(db_->url());
    store_->put_municipality({"2081", "Borlänge", 14, ""});
    org_ = store_->insert_organisation({0, "2081", "Polisen (öppna händelser)", "police"});
    cat_ = store_->insert_category({0, "2081", "brand", "Brand", std::nullopt, true});
  }

  Report report(int i, LocationPrecision precision) const {
    Report r;
    r.municipality = "2081";
    r.organisation_id = org_;
    r.category_id = cat_;
    r.occurred_from = from_unix(1'780'000'000 + i * 60);
    r.location = Location{60.48, 15.43, 525000, 6707000};
    r.location_precision = precision;
    r.source = Source::polisen;
    r.external_id = std::to_string(i);
    r.created_at = from_unix(1'780'000'000);
    return r;
  }

  std::unique_ptr<test_support::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  Id org_ = 0, cat_ = 0;
};

constexpr LocationPrecision kAll[] = {LocationPrecision::exact, LocationPrecision::place,
                                      LocationPrecision::area, LocationPrecision::municipality,
                                      LocationPrecision::county};

TEST_P(PoliceStoreTest, ThePrecisionRoundTripsThroughEveryWritePath) {
  // One row at a time (a prepared insert), a batch of 40 (PostgreSQL stages it with COPY), and
  // the import stream.
  std::vector<Report> single, batch, stream;
  for (int i = 0; i < 5; ++i) single.push_back(report(i, kAll[i]));
  for (int i = 0; i < 40; ++i) batch.push_back(report(100 + i, kAll[i % 5]));
  for (int i = 0; i < 10; ++i) stream.push_back(report(200 + i, kAll[(i + 2) % 5]));
  for (const Report& r : single) store_->insert_reports(std::span(&r, 1));
  store_->insert_reports(batch);
  bool given = false;
  store_->insert_report_stream([&](std::vector<Report>& out) {
    if (!given) out = stream;
    given = true;
    return false;
  });
  ReportQuery q;
  q.municipality = "2081";
  q.limit = -1;
  const auto back = store_->query_reports(q);
  ASSERT_EQ(back.size(), 55u);
  for (const Report& r : back) {
    const int i = std::stoi(r.external_id);
    const LocationPrecision want = i < 100   ? kAll[i]
                                   : i < 200 ? kAll[(i - 100) % 5]
                                             : kAll[(i - 200 + 2) % 5];
    EXPECT_EQ(r.location_precision, want) << r.external_id;
    EXPECT_EQ(store_->report(r.id)->location_precision, want);
  }
}

TEST_P(PoliceStoreTest, SummariesAreStoredOncePerPoliceIdAndReadPerCounty) {
  const std::vector<PoliceSummary> rows{
      {0, "9001", "20", "", from_unix(1'780'000'000), "Sammanfattning natt", "t1", "s1", "u1"},
      {0, "9002", "20", "2081", from_unix(1'780'090'000), "Sammanfattning helg", "t2", "s2", "u2"},
      {0, "9003", "01", "", from_unix(1'780'000'000), "Sammanfattning natt", "t3", "s3", "u3"}};
  EXPECT_EQ(store_->insert_police_summaries(rows), 3u);
  EXPECT_EQ(store_->insert_police_summaries(rows), 0u);
  auto dalarna = store_->police_summaries("20", from_unix(0), from_unix(2'000'000'000));
  ASSERT_EQ(dalarna.size(), 2u);
  EXPECT_GT(dalarna[0].id, 0);
  for (auto& s : dalarna) s.id = 0;
  EXPECT_EQ(dalarna[0], rows[0]);
  EXPECT_EQ(dalarna[1], rows[1]);
  // [from, to): the second summary is at 1,780,090,000.
  EXPECT_EQ(
      store_->police_summaries("20", from_unix(1'780'000'001), from_unix(1'780'090'000)).size(),
      0u);
  // A municipality that does not exist is refused, and nothing of the batch is stored.
  const std::vector<PoliceSummary> bad{
      {0, "9004", "01", "", from_unix(1'780'000'000), "Sammanfattning natt", "", "", ""},
      {0, "9005", "12", "1280", from_unix(1'780'000'000), "Sammanfattning natt", "", "", ""}};
  EXPECT_THROW(store_->insert_police_summaries(bad), StoreError);
  EXPECT_EQ(store_->police_summaries("01", from_unix(0), from_unix(2'000'000'000)).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, PoliceStoreTest, ::testing::Values("sqlite", "postgresql"));

// Migration 4 on a database that already holds reports: those with a point become exact, those
// without (area only) area.
TEST(PoliceStoreMigration, ExistingReportsGetAPrecisionFromTheirPoint) {
  test_support::TestDatabase db("sqlite");
  {
    SQLite::Database raw(db.url(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (std::size_t v = 0; v < 3; ++v) raw.exec(std::string(sqlite_migrations()[v]));
    raw.exec("PRAGMA user_version=3");
    raw.exec(
        "INSERT INTO municipality (code, name) VALUES ('2081', 'Borlänge');"
        "INSERT INTO organisation (id, municipality, name) VALUES (1, '2081', 'Polisen');"
        "INSERT INTO category (id, municipality, code, name) VALUES (1, '2081', 'brand', 'Brand');"
        "INSERT INTO area (id, municipality, name, geometry_geojson) VALUES (1, '2081', 'A', '{}');"
        "INSERT INTO report (id, municipality, organisation_id, category_id, occurred_from, lat, "
        "lon, x, y, count, severity, source, created_at) VALUES (1, '2081', 1, 1, 0, 60.4, 15.4, "
        "525000, 6707000, 1, 1, 'form', 0);"
        "INSERT INTO report (id, municipality, organisation_id, category_id, occurred_from, "
        "area_id, count, severity, source, created_at) VALUES (2, '2081', 1, 1, 0, 1, 1, 1, "
        "'form', 0);");
  }
  const auto store = open_store(db.url());
  EXPECT_EQ(store->schema_version(), static_cast<int>(sqlite_migrations().size()));
  EXPECT_EQ(store->report(1)->location_precision, LocationPrecision::exact);
  EXPECT_EQ(store->report(2)->location_precision, LocationPrecision::area);
}

}  // namespace
}  // namespace lagesbild

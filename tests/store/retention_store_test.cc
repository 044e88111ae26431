// The store contract of retention (migration 7) on both engines: settings per municipality, and
// a run that empties old free text and coarsens old exact points, keeps everything else, counts
// the same dry as for real, touches no other municipality, and changes nothing when repeated.
#include <gtest/gtest.h>

#include <memory>

#include "store/store.h"
#include "test_engine.h"

namespace lagesbild {
namespace {

constexpr std::int64_t kCut = 1'780'000'000;  // the cut-off of the tests
const Location kPoint{60.48, 15.43, 525000, 6707000};
const Location kMunicipalityPoint{60.5, 15.4, 523000, 6709000};

class RetentionStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test_support::TestDatabase>(GetParam());
    if (!db_->available()) {
      if (test_support::postgres_required()) FAIL() << "LB_TEST_PG_URL is not set";
      GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
    }
    store_ = open_store(db_->url());
    for (const char* code : {"2081", "2080"}) {
      store_->put_municipality({code, code, 7, ""});
      org_[code] = store_->insert_organisation({0, code, "Polisen", "police"});
      cat_[code] = store_->insert_category({0, code, "brand", "Brand", std::nullopt, true});
      area_[code] = store_->insert_area({0, code, "Centrum", "", "{}"});
    }
    place_ = store_->insert_place({0, "2081", "Torget", "", kPoint, area_["2081"]});
  }

  // A report of `code`, `days` days from the cut-off (negative: older than it).
  Report report(const std::string& code, int days, std::string external_id) {
    Report r;
    r.municipality = code;
    r.organisation_id = org_[code];
    r.category_id = cat_[code];
    r.occurred_from = from_unix(kCut + days * 86400LL);
    r.location = kPoint;
    r.area_id = area_[code];
    r.location_precision = LocationPrecision::exact;
    r.description = "Anna Andersson 070-123 45 67 såg det";
    r.source = Source::api;
    r.external_id = std::move(external_id);
    r.created_at = r.occurred_from;
    return r;
  }

  // Old and new reports of every kind in 2081, one old one in 2080, a police summary each side
  // of the cut, a done and an open observation of a walk before it.
  void seed() {
    std::vector<Report> rs;
    rs.push_back(report("2081", -10, "old-exact"));
    Report no_area = report("2081", -10, "old-no-area");
    no_area.area_id.reset();
    rs.push_back(no_area);
    Report at_place = report("2081", -10, "old-place");
    at_place.place_id = place_;
    at_place.location_precision = LocationPrecision::place;
    rs.push_back(at_place);
    Report area_only = report("2081", -10, "old-area");
    area_only.location.reset();
    area_only.location_precision = LocationPrecision::area;
    rs.push_back(area_only);
    rs.push_back(report("2081", 3, "new-exact"));
    rs.push_back(report("2080", -10, "other-municipality"));
    store_->insert_reports(rs);
    store_->insert_police_summaries(std::vector<PoliceSummary>{
        {0, "p-old", "20", "2081", from_unix(kCut - 86400), "Sammanfattning natt", "Natt",
         "Polisen grep en man på Torget.", "u"},
        {0, "p-new", "20", "2081", from_unix(kCut + 86400), "Sammanfattning natt", "Natt",
         "Lugn natt.", "u"}});
    SafetyWalk w;
    w.municipality = "2081";
    w.day = static_cast<int>((kCut - 5 * 86400) / 86400);
    w.created_at = from_unix(kCut - 5 * 86400);
    const Id walk = store_->insert_safety_walk(w);
    for (const ObservationStatus status : {ObservationStatus::done, ObservationStatus::open}) {
      WalkObservation o;
      o.walk_id = walk;
      o.municipality = "2081";
      o.location = kPoint;
      o.description = "Trasig lampa vid gångtunneln";
      o.status = status;
      o.created_at = from_unix(kCut - 5 * 86400);
      store_->insert_walk_observation(o);
    }
  }

  std::map<std::string, Report> reports() {
    std::map<std::string, Report> out;
    for (const char* code : {"2081", "2080"}) {
      ReportQuery q;
      q.municipality = code;
      q.limit = -1;
      for (Report& r : store_->query_reports(q)) out[r.external_id] = std::move(r);
    }
    return out;
  }

  RetentionCut cut(bool dry_run) const {
    return {"2081", from_unix(kCut), from_unix(kCut), kMunicipalityPoint, dry_run};
  }

  std::unique_ptr<test_support::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  std::map<std::string, Id> org_, cat_, area_;
  Id place_ = 0;
};

TEST_P(RetentionStoreTest, SettingsAreKeptPerMunicipality) {
  EXPECT_EQ(store_->retention_settings("2081"), RetentionSettings{});
  EXPECT_TRUE(store_->set_retention_settings("2081", {24, 6}));
  EXPECT_TRUE(store_->set_retention_settings("2080", {std::nullopt, 12}));
  EXPECT_EQ(store_->retention_settings("2081"), (RetentionSettings{24, 6}));
  EXPECT_EQ(store_->retention_settings("2080"), (RetentionSettings{std::nullopt, 12}));
  EXPECT_TRUE(store_->set_retention_settings("2081", {}));
  EXPECT_EQ(store_->retention_settings("2081"), RetentionSettings{});
  EXPECT_FALSE(store_->retention_settings("9999"));
  EXPECT_FALSE(store_->set_retention_settings("9999", {1, 1}));
  // The schema's bounds hold whoever writes.
  EXPECT_THROW(store_->set_retention_settings("2081", {0, std::nullopt}), StoreError);
}

TEST_P(RetentionStoreTest, ARunPurgesOldTextAndPointsAndKeepsTheRest) {
  seed();
  const auto before = reports();
  const RetentionCounts dry = store_->apply_retention(cut(true));
  EXPECT_EQ(reports().at("old-exact").description, before.at("old-exact").description);
  const RetentionCounts done = store_->apply_retention(cut(false));
  EXPECT_EQ(dry, done);
  // Texts: the four old reports of 2081; the old police summary; the done observation.
  EXPECT_EQ(done.report_texts, 4);
  EXPECT_EQ(done.police_summary_texts, 1);
  EXPECT_EQ(done.walk_observation_texts, 1);
  EXPECT_EQ(done.report_points_to_area, 1);
  EXPECT_EQ(done.report_points_to_municipality, 1);
  EXPECT_EQ(done.points_without_area, 0);

  const auto after = reports();
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [key, r] : after) {
    const Report& was = before.at(key);
    // What counting needs is kept.
    EXPECT_EQ(r.category_id, was.category_id) << key;
    EXPECT_EQ(r.area_id, was.area_id) << key;
    EXPECT_EQ(r.place_id, was.place_id) << key;
    EXPECT_EQ(r.occurred_from, was.occurred_from) << key;
    EXPECT_EQ(r.count, was.count) << key;
    EXPECT_EQ(r.organisation_id, was.organisation_id) << key;
  }
  EXPECT_EQ(after.at("old-exact").description, "");
  EXPECT_FALSE(after.at("old-exact").location);
  EXPECT_EQ(after.at("old-exact").location_precision, LocationPrecision::area);
  EXPECT_EQ(after.at("old-no-area").location, kMunicipalityPoint);
  EXPECT_EQ(after.at("old-no-area").location_precision, LocationPrecision::municipality);
  // A place's point is the place's, not the event's: kept.
  EXPECT_EQ(after.at("old-place").location, kPoint);
  EXPECT_EQ(after.at("old-place").location_precision, LocationPrecision::place);
  EXPECT_EQ(after.at("old-place").description, "");
  // Newer than the cut, or another municipality: untouched.
  EXPECT_EQ(after.at("new-exact").description, before.at("new-exact").description);
  EXPECT_EQ(after.at("new-exact").location, kPoint);
  EXPECT_EQ(after.at("other-municipality").description,
            before.at("other-municipality").description);
  EXPECT_EQ(after.at("other-municipality").location, kPoint);

  const auto summaries = store_->police_summaries("20", from_unix(0), from_unix(kCut * 2));
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_EQ(summaries[0].summary, "");
  EXPECT_EQ(summaries[0].title, "Natt");
  EXPECT_EQ(summaries[1].summary, "Lugn natt.");
  const auto walks = store_->safety_walks("2081");
  ASSERT_EQ(walks.size(), 1u);
  for (const WalkObservation& o : walks[0].observations) {
    EXPECT_EQ(o.description.empty(), o.status == ObservationStatus::done);
  }

  // Idempotent: the second run finds nothing.
  EXPECT_EQ(store_->apply_retention(cut(false)), RetentionCounts{});
  EXPECT_EQ(store_->apply_retention(cut(true)), RetentionCounts{});
}

TEST_P(RetentionStoreTest, WithoutAMunicipalityPointAnAreaLessPointIsCountedAndLeft) {
  seed();
  RetentionCut c = cut(false);
  c.free_text_before.reset();
  c.municipality_point.reset();
  const RetentionCounts n = store_->apply_retention(c);
  EXPECT_EQ(n.report_texts, 0);
  EXPECT_EQ(n.report_points_to_area, 1);
  EXPECT_EQ(n.points_without_area, 1);
  const auto after = reports();
  EXPECT_EQ(after.at("old-no-area").location, kPoint);
  EXPECT_EQ(after.at("old-no-area").location_precision, LocationPrecision::exact);
  EXPECT_FALSE(after.at("old-exact").description.empty());
}

TEST_P(RetentionStoreTest, ARunJoinsTheCallersTransaction) {
  seed();
  EXPECT_THROW(store_->transaction([&] {
    store_->apply_retention(cut(false));
    throw std::runtime_error("the audit entry failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(reports().at("old-exact").description.empty());
  EXPECT_TRUE(reports().at("old-exact").location);
}

INSTANTIATE_TEST_SUITE_P(Engines, RetentionStoreTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace lagesbild

// Survey values (trygghetsmätningar) in the Store contract, on every engine: values round-trip
// in the contract's order, a value for a stored (area, year, indicator) replaces it, and a batch
// with a reference outside the municipality stores nothing.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "store/store.h"
#include "test_engine.h"

namespace lagesbild {
namespace {

class SurveyStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test_support::TestDatabase>(GetParam());
    if (!db_->available()) {
      if (test_support::postgres_required()) FAIL() << "LB_TEST_PG_URL is not set";
      GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
    }
    store_ = open_store(db_->url());
    store_->put_municipality({"2081", "Borlänge", 14, ""});
    store_->put_municipality({"0490", "Borås", 7, ""});
    const std::string square =
        R"({"type":"Polygon","coordinates":[[[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]]]})";
    area_ = store_->insert_area({0, "2081", "Tjärna Ängar", "", square});
    other_area_ = store_->insert_area({0, "2081", "Islingby", "", square});
    elsewhere_area_ = store_->insert_area({0, "0490", "Norrby", "", square});
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  static SurveyValue value(std::optional<Id> area, int year, std::string indicator, double share,
                           std::int64_t n) {
    SurveyValue v;
    v.municipality = "2081";
    v.area_id = area;
    v.year = year;
    v.indicator = std::move(indicator);
    v.share = share;
    v.respondents = n;
    v.imported_at = from_unix(1'790'000'000);
    return v;
  }

  std::unique_ptr<test_support::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  Id area_ = 0, other_area_ = 0, elsewhere_area_ = 0;
};

TEST_P(SurveyStoreTest, ValuesRoundTripInIndicatorAreaYearOrder) {
  const std::vector<SurveyValue> in{value(area_, 2025, "otrygg", 0.34, 212),
                                    value(std::nullopt, 2025, "otrygg", 0.21, 1830),
                                    value(area_, 2023, "otrygg", 0.41, 198),
                                    value(other_area_, 2025, "oro för brott", 0.125, 77)};
  EXPECT_EQ(store_->put_survey_values(in), 0u);
  const auto out = store_->survey_values("2081");
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].indicator, "oro för brott");
  EXPECT_EQ(out[1].indicator, "otrygg");
  EXPECT_FALSE(out[1].area_id);  // the whole municipality first
  EXPECT_EQ(out[2].area_id, std::optional<Id>(area_));
  EXPECT_EQ(out[2].year, 2023);
  EXPECT_EQ(out[3].year, 2025);
  EXPECT_DOUBLE_EQ(out[3].share, 0.34);
  EXPECT_EQ(out[3].respondents, 212);
  EXPECT_EQ(out[3].imported_at, from_unix(1'790'000'000));
  EXPECT_EQ(out[3].imported_by, 0);
  EXPECT_GT(out[3].id, 0);
  EXPECT_TRUE(store_->survey_values("0490").empty());
}

TEST_P(SurveyStoreTest, ASecondImportReplacesTheSameCell) {
  store_->put_survey_values(std::vector{value(area_, 2025, "otrygg", 0.34, 212),
                                        value(std::nullopt, 2025, "otrygg", 0.21, 1830)});
  const std::vector<SurveyValue> again{value(area_, 2025, "otrygg", 0.30, 220),
                                       value(std::nullopt, 2025, "otrygg", 0.20, 1900),
                                       value(area_, 2024, "otrygg", 0.36, 205)};
  EXPECT_EQ(store_->put_survey_values(again), 2u);
  const auto out = store_->survey_values("2081");
  ASSERT_EQ(out.size(), 3u);
  EXPECT_DOUBLE_EQ(out[0].share, 0.20);
  EXPECT_EQ(out[2].respondents, 220);
}

TEST_P(SurveyStoreTest, AnAreaOfAnotherMunicipalityStoresNothing) {
  const std::vector<SurveyValue> in{value(area_, 2025, "otrygg", 0.34, 212),
                                    value(elsewhere_area_, 2025, "otrygg", 0.2, 100)};
  EXPECT_THROW(store_->put_survey_values(in), ConflictError);
  EXPECT_TRUE(store_->survey_values("2081").empty());
}

TEST_P(SurveyStoreTest, TheSchemaRefusesAShareOutsideZeroToOne) {
  EXPECT_THROW(store_->put_survey_values(std::vector{value(area_, 2025, "otrygg", 0.5, 10),
                                                     value(area_, 2024, "otrygg", 1.5, 10)}),
               StoreError);
  EXPECT_THROW(store_->put_survey_values(std::vector{value(area_, 2024, "otrygg", 0.5, 0)}),
               StoreError);
  EXPECT_TRUE(store_->survey_values("2081").empty());
}

TEST_P(SurveyStoreTest, AnAreaWithSurveyValuesIsNotRemoved) {
  store_->put_survey_values(std::vector{value(area_, 2025, "otrygg", 0.34, 212)});
  EXPECT_THROW(store_->remove_area("2081", area_), ConflictError);
  EXPECT_EQ(store_->survey_values("2081").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, SurveyStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lagesbild

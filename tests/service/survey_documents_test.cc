// Safety surveys and the register's yearly documents on the demo municipality: the demo's survey
// is deterministic in the seed, the trends count the stored reports beside the shares exactly as
// the simulator made them, and the annual report and the action plan find the simulated
// measure's effect. Also the import's all-or-none rule and roles at the service.
#include <gtest/gtest.h>

#include <map>

#include "demo/surveys.h"
#include "demo_store.h"
#include "domain/period.h"

namespace lagesbild {
namespace {

using test_support::DemoStore;
using test_support::with_role;

const char* const kIndicator = "känner sig otrygg ute sent på kvällen";

TEST(DemoSurvey, IsDeterministicInTheSeedAndCoversEveryArea) {
  demo::DemoOptions options;
  options.seed = 7;
  const demo::DemoWorld w = demo::generate_demo(options);
  std::map<std::string, Id> ids;
  const auto id_of = [&](const std::string& name) {
    return ids.emplace(name, static_cast<Id>(ids.size() + 1)).first->second;
  };
  const auto a = demo::demo_surveys(w, id_of), b = demo::demo_surveys(w, id_of);
  ASSERT_EQ(a.size(), b.size());
  // Two indicators × three years × (every area + the whole municipality).
  EXPECT_EQ(a.size(), 2 * 3 * (w.areas.size() + 1));
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].share, b[i].share);
    EXPECT_EQ(a[i].respondents, b[i].respondents);
    EXPECT_GE(a[i].share, 0.0);
    EXPECT_LE(a[i].share, 1.0);
    EXPECT_GT(a[i].respondents, 0);
  }
  options.seed = 8;
  const auto other = demo::demo_surveys(demo::generate_demo(options), id_of);
  int differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) differ += a[i].share != other[i].share;
  EXPECT_GT(differ, 0);
}

class SurveyDocumentsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { demo_ = new DemoStore(1); }
  static void TearDownTestSuite() { delete demo_; }
  static DemoStore* demo_;
};
DemoStore* SurveyDocumentsTest::demo_ = nullptr;

TEST_F(SurveyDocumentsTest, TrendsCountTheReportsOfTheSameAreaAndYear) {
  const auto viewer = with_role(*demo_->store, Role::viewer, "Borlänge kommun");
  SurveyTrendRequest r;
  r.filter.area = demo_->world.truth.measure.area;
  r.filter.indicator = kIndicator;
  const SurveyTrends t = demo_->services->surveys.trends(viewer, r);
  ASSERT_EQ(t.series.size(), 1u);
  const SurveySeries& s = t.series.front();
  ASSERT_EQ(s.points.size(), 3u);
  // The simulator's own reports, counted independently by area and local year.
  std::map<int, std::int64_t> expected;
  for (const demo::DemoReport& d : demo_->world.reports) {
    if (d.area != demo_->world.truth.measure.area) continue;
    expected[std::stoi(period_containing(PeriodKind::year, d.occurred_from).label())] += d.count;
  }
  for (const SurveyPoint& p : s.points) {
    EXPECT_EQ(p.incidents, expected[p.year]) << p.year;
    EXPECT_LE(p.ci.low, p.share);
    EXPECT_GE(p.ci.high, p.share);
  }
  // The share falls after the measure, and the test of the last two years says so.
  ASSERT_TRUE(s.change);
  EXPECT_LT(s.change->difference, 0);
  EXPECT_NE(s.reading.find("minskade"), std::string::npos) << s.reading;
}

TEST_F(SurveyDocumentsTest, TheAnnualReportFindsTheSimulatedMeasuresEffect) {
  const auto viewer = with_role(*demo_->store, Role::viewer, "Borlänge kommun");
  const report::AnnualReportView v =
      demo_->services->measure_documents.annual_report(viewer, "", 2026);
  ASSERT_EQ(v.measures.size(), 1u);
  const report::InventoryMeasure& m = v.measures.front();
  EXPECT_EQ(m.status, "pågående");
  EXPECT_TRUE(m.effect.effect) << m.effect.short_text << " / " << m.effect.verdict;
  EXPECT_FALSE(m.effect.too_few);
  EXPECT_EQ(v.evaluated, 1);
  EXPECT_EQ(v.with_effect, 1);
  ASSERT_EQ(v.by_type.size(), 1u);
  EXPECT_EQ(v.by_type.front().label, "Kamerabevakning");
}

TEST_F(SurveyDocumentsTest, TheActionPlanFollowsTheMeasureUpAgainstThePlan) {
  const auto viewer = with_role(*demo_->store, Role::viewer, "Borlänge kommun");
  const report::ActionPlanView v = demo_->services->measure_documents.action_plan(viewer, "", 2026);
  ASSERT_EQ(v.measures.size(), 1u);
  const report::PlannedMeasure& m = v.measures.front();
  EXPECT_EQ(m.status_planned, "pågående");  // ongoing since 2025
  EXPECT_TRUE(v.follow_up);
  EXPECT_EQ(m.status_actual, "pågående");
  EXPECT_TRUE(m.effect.effect) << m.effect.short_text;
  // The demo's survey covers the measure's area: the plan follows it up there too.
  EXPECT_NE(m.follow_up.find("Trygghetsmätning i " + demo_->world.truth.measure.area),
            std::string::npos)
      << m.follow_up;
  EXPECT_THROW(demo_->services->measure_documents.action_plan(viewer, "", 1999), ServiceError);
}

TEST_F(SurveyDocumentsTest, AnImportIsAllOrNoneAndForCoordinators) {
  const auto analyst = with_role(*demo_->store, Role::analyst, "Borlänge kommun");
  const auto coordinator = with_role(*demo_->store, Role::coordinator, "Borlänge kommun");
  const std::string good = "area,year,indicator,value,n\n,2026,servicetest,0.2,300\n";
  EXPECT_EQ(
      test_support::kind_of([&] { demo_->services->surveys.import_csv(analyst, "", good, false); }),
      ServiceError::Kind::forbidden);
  const std::string bad = good + ",2025,servicetest,0.2,0\n";
  EXPECT_EQ(test_support::kind_of(
                [&] { demo_->services->surveys.import_csv(coordinator, "", bad, false); }),
            ServiceError::Kind::invalid);
  SurveyFilter f;
  f.indicator = "servicetest";
  EXPECT_TRUE(demo_->services->surveys.list(analyst, f).empty());
  const auto s = demo_->services->surveys.import_csv(coordinator, "", good, false);
  EXPECT_EQ(s.inserted, 1u);
  EXPECT_EQ(demo_->services->surveys.list(analyst, f).size(), 1u);
}

}  // namespace
}  // namespace lagesbild

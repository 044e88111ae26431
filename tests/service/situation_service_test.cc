// The weekly picture over a real store: access, bad input, and the demo municipality's known
// truth (its injected anomalies must be flagged; ordinary weeks must stay quiet).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>

#include "demo_store.h"

namespace lagesbild {
namespace {

using test_support::DemoStore;
using test_support::kind_of;
using test_support::with_role;
using Kind = ServiceError::Kind;

TEST(SituationService, FindsTheInjectedAnomaliesAndStaysQuietOtherwise) {
  std::size_t anomalies = 0, found = 0, cells = 0, false_flags = 0, weeks = 0;
  for (std::uint64_t seed : {1, 2, 3}) {
    DemoStore demo(seed);
    const Principal analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
    std::set<std::string> anomaly_weeks;
    for (const auto& a : demo.world.truth.anomalies) {
      anomaly_weeks.insert(a.week);
      SituationRequest r;
      r.period = a.week;
      const auto pic = demo.services->situation.compile(analyst, r);
      bool flagged = false;
      for (const auto& c : pic.situation.cells) {
        if (c.area >= 0 && pic.areas[static_cast<std::size_t>(c.area)]->name == a.area &&
            pic.categories[static_cast<std::size_t>(c.category)]->code == a.category) {
          flagged = c.flagged && c.rise;
        }
      }
      ++anomalies;
      found += flagged;
      EXPECT_TRUE(flagged) << "seed " << seed << ": " << a.week << " " << a.area << " "
                           << a.category;
    }
    // Every week from the first with a full year behind it to the last, except anomaly weeks.
    Period week = *parse_period(demo.world.last_week);
    const Period first = *parse_period(demo.world.first_week);
    for (; week.first_day >= first.first_day + 7 * 52; week = previous_period(week)) {
      if (anomaly_weeks.count(week.label())) continue;
      SituationRequest r;
      r.period = week.label();
      const auto pic = demo.services->situation.compile(analyst, r);
      ++weeks;
      cells += pic.situation.cells.size();
      for (const auto& c : pic.situation.cells) false_flags += c.flagged;
    }
  }
  const double recall = static_cast<double>(found) / static_cast<double>(anomalies);
  const double false_rate = static_cast<double>(false_flags) / static_cast<double>(cells);
  std::printf(
      "situation on the demo (seeds 1-3): recall %zu/%zu = %.2f; %zu weeks without an injected "
      "anomaly: %zu of %zu area x category cells flagged = %.4f\n",
      found, anomalies, recall, weeks, false_flags, cells, false_rate);
  EXPECT_GE(recall, 0.9);
  EXPECT_LE(false_rate, 0.05);
  EXPECT_GT(weeks, 100u);
}

TEST(SituationService, EveryRoleSeesCountsButOnlyReadersSeeTexts) {
  DemoStore demo(1);
  SituationRequest r;
  r.period = demo.world.last_week;
  const auto analyst =
      demo.services->situation.compile(with_role(*demo.store, Role::analyst, "Borlänge kommun"), r);
  const auto viewer =
      demo.services->situation.compile(with_role(*demo.store, Role::viewer, "Borlänge kommun"), r);
  const auto reporter =
      demo.services->situation.compile(with_role(*demo.store, Role::reporter, "Tunabyggen"), r);
  EXPECT_GT(analyst.situation.total_current, 0);
  EXPECT_EQ(viewer.situation.total_current, analyst.situation.total_current);
  EXPECT_EQ(reporter.situation.total_current, analyst.situation.total_current)
      << "the picture counts every organisation's reports for every role";
  EXPECT_FALSE(analyst.serious.empty());
  EXPECT_TRUE(viewer.serious.empty()) << "a viewer never sees report texts";
  const Id tunabyggen =
      with_role(*demo.store, Role::reporter, "Tunabyggen").grants[0].organisation_id;
  for (const Report& s : reporter.serious) EXPECT_EQ(s.organisation_id, tunabyggen);
  EXPECT_LT(reporter.serious.size(), analyst.serious.size());
  Principal stranger;
  stranger.grants = {{"0490", Role::analyst, 1}};
  r.municipality = std::string(demo::kDemoMunicipalityCode);
  EXPECT_EQ(kind_of([&] { demo.services->situation.compile(stranger, r); }), Kind::forbidden);
}

TEST(SituationService, BadPeriodsAndNamesAreInvalidAndAnEmptyWeekSaysSo) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  SituationRequest r;
  for (const char* bad : {"2026-W54", "2026-13", "2026-11-30..2026-11-01", "soon"}) {
    r.period = bad;
    EXPECT_EQ(kind_of([&] { demo.services->situation.compile(analyst, r); }), Kind::invalid) << bad;
  }
  r.period = "2026-W47";
  r.categories = {"no-such-category"};
  EXPECT_EQ(kind_of([&] { demo.services->situation.compile(analyst, r); }), Kind::invalid);
  r.categories.clear();
  r.baseline_periods = 53;
  EXPECT_EQ(kind_of([&] { demo.services->situation.compile(analyst, r); }), Kind::invalid);
  r.baseline_periods = 8;
  r.period = "2019-W10";  // long before the demo's first report
  const auto empty = demo.services->situation.compile(analyst, r);
  EXPECT_EQ(empty.situation.total_current, 0);
  EXPECT_TRUE(empty.situation.cells.empty());
  EXPECT_EQ(empty.situation.coverage.size(), empty.organisations.size());
}

TEST(SituationService, FiltersNarrowThePicture) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  SituationRequest r;
  r.period = demo.world.last_week;
  const auto all = demo.services->situation.compile(analyst, r);
  r.categories = {"skadegorelse"};
  const auto vandalism = demo.services->situation.compile(analyst, r);
  EXPECT_TRUE(vandalism.filtered);
  EXPECT_GT(vandalism.situation.total_current, 0);
  EXPECT_LT(vandalism.situation.total_current, all.situation.total_current);
  for (const auto& c : vandalism.situation.counts) {
    const std::string& code = vandalism.categories[static_cast<std::size_t>(c.category)]->code;
    EXPECT_EQ(code.rfind("skadegorelse", 0), 0u) << code;
  }
}

TEST(SituationService, AYearsPictureListsEachWeeksFlagsAndCountsPoliceEventsApart) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  SituationRequest r;
  r.period = "2026";
  const auto year = demo.services->situation.compile(analyst, r);
  EXPECT_EQ(year.baseline.size(), 3u) << "a year compares with the three years before";
  std::int64_t by_source = 0;
  for (const auto n : year.reports_by_source) by_source += n;
  EXPECT_EQ(by_source, year.situation.total_current);
  EXPECT_GT(year.reports_by_source[static_cast<std::size_t>(Source::csv)], 0);

  // Every anomaly the simulator injected in 2026 is among the year's weekly flags.
  std::size_t injected = 0;
  for (const auto& a : demo.world.truth.anomalies) {
    if (a.week.rfind("2026-", 0) != 0) continue;
    ++injected;
    const bool listed = std::any_of(year.year_flags.begin(), year.year_flags.end(), [&](auto& f) {
      return f.week.label() == a.week && f.area >= 0 &&
             year.areas[static_cast<std::size_t>(f.area)]->name == a.area &&
             year.categories[static_cast<std::size_t>(f.category)]->code == a.category;
    });
    EXPECT_TRUE(listed) << a.week << " " << a.area << " " << a.category;
  }
  EXPECT_GE(injected, 1u);
  for (std::size_t i = 1; i < year.year_flags.size(); ++i) {
    EXPECT_LE(year.year_flags[i - 1].week.first_day, year.year_flags[i].week.first_day);
  }
  for (const auto& f : year.year_flags) {
    EXPECT_LE(f.q, 0.05);
    EXPECT_GT(static_cast<double>(f.current), f.expected);
  }
  // The year's hotspots: the planted ones are in their areas, and nothing is a point.
  std::set<std::string> hot_areas;
  for (const auto& h : year.year_hotspots) {
    EXPECT_GT(h.cells, 0);
    EXPECT_GT(h.reports, 0);
    if (h.area >= 0) hot_areas.insert(year.areas[static_cast<std::size_t>(h.area)]->name);
  }
  for (const auto& h : demo.world.truth.hotspots) {
    EXPECT_TRUE(hot_areas.count(h.area)) << h.name << " in " << h.area;
  }
  const auto viewer = with_role(*demo.store, Role::viewer, "Borlänge kommun");
  r.period = "2026";
  const auto seen = demo.services->situation.compile(viewer, r);
  EXPECT_TRUE(seen.points.empty());
  ASSERT_EQ(seen.year_hotspots.size(), year.year_hotspots.size()) << "aggregate: every role";
  // A week's picture has no year review.
  r.period = "2026-W24";
  const auto week = demo.services->situation.compile(analyst, r);
  EXPECT_TRUE(week.year_flags.empty());
  EXPECT_TRUE(week.year_hotspots.empty());
}

}  // namespace
}  // namespace lagesbild

#include "analysis/situation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace lagesbild::analysis {
namespace {

// Categories: 0 skadegörelse, 1 klotter (under 0), 2 brand. Areas: 0 Centrum, 1 Norr.
// Organisations: 0 Polisen, 1 Tunabyggen, 2 Fältgruppen. Places: 0 Resecentrum.
SituationInput input(const std::vector<SituationEvent>& events) {
  SituationInput in;
  in.areas = 2;
  in.organisations = 3;
  in.places = 1;
  in.category_parent = {-1, 0, -1};
  in.events = events;
  return in;
}

SituationEvent ev(int period, int area, int category, int organisation = 0) {
  SituationEvent e;
  e.period = period;
  e.area = area;
  e.category = category;
  e.organisation = organisation;
  return e;
}

const Cell* cell(const Situation& s, int area, int category) {
  for (const Cell& c : s.cells) {
    if (c.area == area && c.category == category) return &c;
  }
  return nullptr;
}

TEST(Situation, CountsRollUpToParentsAndTheWholeMunicipality) {
  std::vector<SituationEvent> events{ev(0, 0, 1, 0),  ev(0, 0, 1, 1), ev(0, 1, 0, 0),
                                     ev(0, -1, 2, 2), ev(1, 0, 1),    ev(9, 0, 1),
                                     ev(9, 0, 1),     ev(42, 0, 1)};
  events[1].count = 5;
  const Situation s = compile_situation(input(events));
  EXPECT_EQ(s.total_current, 4);
  EXPECT_EQ(s.total_previous, 1);
  EXPECT_EQ(s.total_last_year, 2);  // period 9 = baseline_periods + 1
  ASSERT_NE(cell(s, 0, 1), nullptr);
  EXPECT_EQ(cell(s, 0, 1)->current, 2);
  EXPECT_EQ(cell(s, 0, 1)->events, 6);
  EXPECT_EQ(cell(s, 0, 1)->previous, 1);
  EXPECT_EQ(cell(s, 0, 1)->last_year, 2);
  EXPECT_EQ(cell(s, 0, 0)->current, 2) << "klotter counts in skadegörelse";
  EXPECT_EQ(cell(s, 1, 0)->current, 1);
  EXPECT_EQ(cell(s, -1, 0)->current, 3) << "the municipality's skadegörelse";
  EXPECT_EQ(cell(s, -1, 2)->current, 1) << "a report without an area counts in the total";
  EXPECT_EQ(cell(s, 1, 1), nullptr) << "no cell without reports in the window";
  // The leaf counts by organisation.
  ASSERT_EQ(s.counts.size(), 4u);
  EXPECT_EQ(s.counts[0].area, -1);
  EXPECT_EQ(s.counts[1].area, 0);
  EXPECT_EQ(s.counts[1].organisation, 0);
  EXPECT_EQ(s.counts[2].events, 5);
}

TEST(Situation, BaselineMeanSpreadAndAFlaggedSpike) {
  std::vector<SituationEvent> events;
  const int weekly[] = {1, 0, 2, 1, 1, 0, 1, 2};  // periods 1..8
  for (int t = 1; t <= 8; ++t) {
    for (int i = 0; i < weekly[t - 1]; ++i) events.push_back(ev(t, 0, 2));
  }
  for (int i = 0; i < 12; ++i) events.push_back(ev(0, 0, 2));  // the spike
  for (int t = 0; t <= 8; ++t) events.push_back(ev(t, 1, 1));  // steady elsewhere
  const Situation s = compile_situation(input(events));
  const Cell* spike = cell(s, 0, 2);
  ASSERT_NE(spike, nullptr);
  EXPECT_DOUBLE_EQ(spike->baseline_mean, 1.0);
  EXPECT_NEAR(spike->baseline_sd, std::sqrt(4.0 / 7), 1e-12);  // deviations 0,-1,1,0,0,-1,0,1
  EXPECT_NEAR(spike->test.p_upper, binomial_upper_p(12, 20, 1.0 / 9), 1e-15);
  EXPECT_TRUE(spike->flagged);
  EXPECT_TRUE(spike->rise);
  EXPECT_TRUE(spike->ewma.alarm);
  // Flags come first, most significant first: the spike is also the municipality's.
  EXPECT_EQ(&s.cells[1], spike);
  EXPECT_EQ(s.cells[0].area, -1);
  EXPECT_EQ(s.cells[0].category, 2);
  EXPECT_FALSE(cell(s, 1, 1)->flagged);
  EXPECT_LE(spike->test.p_two_sided, spike->q);
}

TEST(Situation, TimeOfWeekSpreadsAnIntervalOverItsHours) {
  SituationEvent friday_night = ev(0, 0, 1);
  friday_night.week_minute = (4 * 24 + 22) * 60;  // Friday 22:00
  friday_night.duration_minutes = 4 * 60;         // to Saturday 02:00
  SituationEvent sunday = ev(0, 0, 1);
  sunday.week_minute = (6 * 24 + 23) * 60 + 30;  // Sunday 23:30 for an hour: wraps to Monday
  sunday.duration_minutes = 60;
  const Situation s = compile_situation(input({friday_night, sunday}));
  EXPECT_DOUBLE_EQ(s.time_of_week[4][22], 0.25);
  EXPECT_DOUBLE_EQ(s.time_of_week[4][23], 0.25);
  EXPECT_DOUBLE_EQ(s.time_of_week[5][0], 0.25);
  EXPECT_DOUBLE_EQ(s.time_of_week[5][1], 0.25);
  EXPECT_DOUBLE_EQ(s.time_of_week[6][23], 0.5);
  EXPECT_DOUBLE_EQ(s.time_of_week[0][0], 0.5);
  double total = 0;
  for (const auto& day : s.time_of_week) total = std::accumulate(day.begin(), day.end(), total);
  EXPECT_DOUBLE_EQ(total, 2.0) << "each report adds exactly 1";
}

TEST(Situation, CoverageListsEveryOrganisationAndTopPlaces) {
  auto at_station = ev(0, 0, 1, 1);
  at_station.place = 0;
  const Situation s = compile_situation(input({at_station, at_station, ev(1, 0, 1, 2)}));
  ASSERT_EQ(s.coverage.size(), 3u);
  EXPECT_EQ(s.coverage[0].reports, 0);
  EXPECT_EQ(s.coverage[1].reports, 2);
  EXPECT_EQ(s.coverage[2].reports, 0) << "a report in an earlier period is not coverage";
  ASSERT_EQ(s.top_places.size(), 1u);
  EXPECT_EQ(s.top_places[0], std::make_pair(0, std::int64_t{2}));
}

TEST(Situation, NoReportsIsAnExplicitlyEmptyPicture) {
  const Situation s = compile_situation(input({}));
  EXPECT_EQ(s.total_current, 0);
  EXPECT_TRUE(s.cells.empty());
  EXPECT_EQ(s.total_baseline_mean, 0.0);
  EXPECT_EQ(s.coverage.size(), 3u);
}

TEST(Situation, BadInputNamesTheField) {
  const auto message = [](SituationInput in) {
    try {
      compile_situation(in);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(input({ev(0, 2, 1)})), "events[0].area: out of range");
  EXPECT_EQ(message(input({ev(0, 0, 3)})), "events[0].category: out of range");
  EXPECT_EQ(message(input({ev(0, 0, 1, 3)})), "events[0].organisation: out of range");
  auto cyclic = input({});
  cyclic.category_parent = {1, 0};
  EXPECT_EQ(message(cyclic), "category_parent: a cycle through category 0");
  auto no_baseline = input({});
  no_baseline.options.baseline_periods = 0;
  EXPECT_EQ(message(no_baseline), "baseline_periods: must be at least 1");
}

}  // namespace
}  // namespace lagesbild::analysis

#include "domain/period.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace lagesbild {
namespace {

Period period(std::string_view text) {
  std::string why;
  const auto p = parse_period(text, &why);
  EXPECT_TRUE(p) << text << ": " << why;
  return p.value_or(Period{});
}

std::string local(UtcSeconds t) { return format_local(t); }

TEST(Period, IsoWeekRunsMondayToMondayInStockholm) {
  const auto w = period("2026-W47").utc();
  EXPECT_EQ(local(w.from), "2026-11-16T00:00:00+01:00");
  EXPECT_EQ(local(w.to), "2026-11-23T00:00:00+01:00");
  EXPECT_EQ(period("2026-w47"), period("2026-W47"));
}

TEST(Period, WeekOneCanStartInTheOldYearAndWeek53Exists) {
  // 2026-W01 starts Monday 29 December 2025; 2026 has 53 weeks (it starts on a Thursday).
  EXPECT_EQ(local(period("2026-W01").utc().from), "2025-12-29T00:00:00+01:00");
  EXPECT_EQ(local(period("2026-W53").utc().from), "2026-12-28T00:00:00+01:00");
  std::string why;
  EXPECT_FALSE(parse_period("2025-W53", &why));
  EXPECT_EQ(why, "week 53 does not exist in 2025");
  EXPECT_FALSE(parse_period("2026-W54", &why));
  EXPECT_FALSE(parse_period("2026-W00", &why));
}

TEST(Period, TheWeekOfTheAutumnClockChangeIs169Hours) {
  // Clocks went back at 03:00 on Sunday 26 October 2025 (week 43).
  const auto w = period("2025-W43").utc();
  EXPECT_EQ(w.to - w.from, std::chrono::hours{169});
  const auto spring = period("2026-W13").utc();  // 29 March 2026, 02:00 → 03:00
  EXPECT_EQ(spring.to - spring.from, std::chrono::hours{167});
  // 02:30 on the autumn night happens twice; both instants are in the week.
  const auto first = *parse_timestamp("2025-10-26T02:30:00+02:00");
  const auto second = *parse_timestamp("2025-10-26T02:30:00+01:00");
  for (const auto t : {first, second}) {
    EXPECT_TRUE(w.from <= t && t < w.to);
    EXPECT_EQ(period_containing(PeriodKind::week, t), period("2025-W43"));
  }
}

TEST(Period, MonthsQuartersYearsAndRanges) {
  EXPECT_EQ(local(period("2026-02").utc().to), "2026-03-01T00:00:00+01:00");
  EXPECT_EQ(local(period("2026-Q2").utc().from), "2026-04-01T00:00:00+02:00");
  EXPECT_EQ(local(period("2026-Q2").utc().to), "2026-07-01T00:00:00+02:00");
  EXPECT_EQ(local(period("2026").utc().to), "2027-01-01T00:00:00+01:00");
  const auto r = period("2026-11-01..2026-11-30");
  EXPECT_EQ(r.end_day - r.first_day, 30);
  EXPECT_EQ(local(r.utc().to), "2026-12-01T00:00:00+01:00");
}

TEST(Period, BadPeriodsSayWhy) {
  std::string why;
  for (const char* bad : {"", "2026-", "2026-W4", "2026-13", "2026-00", "2026-Q5", "26-W47",
                          "2026-W47x", "2026-02-30..2026-03-01", "2026-11-30..2026-11-01"}) {
    why.clear();
    EXPECT_FALSE(parse_period(bad, &why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
  parse_period("2026-11-30..2026-11-01", &why);
  EXPECT_EQ(why, "the range ends before it starts");
}

TEST(Period, PreviousAndLastYear) {
  EXPECT_EQ(previous_period(period("2026-W01")).label(), "2025-W52");
  EXPECT_EQ(previous_period(period("2026-W47"), 8).label(), "2026-W39");
  EXPECT_EQ(previous_period(period("2026-01")).label(), "2025-12");
  EXPECT_EQ(previous_period(period("2026-Q1")).label(), "2025-Q4");
  EXPECT_EQ(previous_period(period("2026")).label(), "2025");
  EXPECT_EQ(previous_period(period("2026-11-01..2026-11-10")).label(), "2026-10-22..2026-10-31");
  EXPECT_EQ(same_period_last_year(period("2026-W47")).label(), "2025-W47");
  EXPECT_EQ(same_period_last_year(period("2026-W53")).label(), "2025-W52");
  EXPECT_EQ(same_period_last_year(period("2026-03")).label(), "2025-03");
  EXPECT_EQ(same_period_last_year(period("2028-02-29..2028-03-01")).label(),
            "2027-02-28..2027-03-01");
}

TEST(Period, LocalMinuteOfWeek) {
  EXPECT_EQ(local_minute_of_week(*parse_timestamp("2026-11-16T00:00")), 0);  // Monday
  EXPECT_EQ(local_minute_of_week(*parse_timestamp("2026-11-20T22:00")), (4 * 24 + 22) * 60);
  EXPECT_EQ(local_minute_of_week(*parse_timestamp("2026-11-22T23:59")), 7 * 24 * 60 - 1);
  // Summer time: 21:00 UTC is 23:00 local.
  EXPECT_EQ(local_minute_of_week(*parse_timestamp("2026-07-05T21:00:00Z")), (6 * 24 + 23) * 60);
}

// Every label parses back to its period, and consecutive periods tile time without gaps.
RC_GTEST_PROP(PeriodProperty, LabelsRoundTripAndPeriodsTile, ()) {
  const auto kind =
      *rc::gen::element(PeriodKind::week, PeriodKind::month, PeriodKind::quarter, PeriodKind::year);
  const auto t = from_unix(*rc::gen::inRange<std::int64_t>(946684800, 4102444800));
  const Period p = period_containing(kind, t);
  const auto back = parse_period(p.label());
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == p);
  RC_ASSERT(previous_period(p).end_day == p.first_day);
  RC_ASSERT(p.utc().from <= t);
  RC_ASSERT(t < p.utc().to);
}

}  // namespace
}  // namespace lagesbild

#include "demo/calendar.h"

#include <gtest/gtest.h>

namespace lagesbild::demo {
namespace {

using std::chrono::hours;
using namespace std::chrono;

TEST(DemoCalendar, IsoWeeksAtYearEnds) {
  EXPECT_EQ(to_string(iso_week(sys_days{2026y / November / 16})), "2026-W47");
  EXPECT_EQ(to_string(iso_week(sys_days{2024y / December / 30})), "2025-W01");
  EXPECT_EQ(to_string(iso_week(sys_days{2021y / January / 3})), "2020-W53");
  EXPECT_EQ(to_string(iso_week(sys_days{2026y / December / 31})), "2026-W53");
  EXPECT_EQ(monday_of(sys_days{2026y / January / 1}), sys_days{2025y / December / 29});
  EXPECT_EQ(iso_weekday(sys_days{2026y / November / 16}), 1);
}

TEST(DemoCalendar, StockholmWallClockFollowsDaylightSaving) {
  // Winter: UTC+1; summer: UTC+2.
  EXPECT_EQ(format_utc(stockholm_to_utc(sys_days{2026y / January / 9}, hours{22})),
            "2026-01-09T21:00:00Z");
  EXPECT_EQ(format_utc(stockholm_to_utc(sys_days{2026y / July / 10}, hours{22})),
            "2026-07-10T20:00:00Z");
  // 02:30 on the spring-forward night does not exist: the moment the gap ends.
  EXPECT_EQ(format_utc(stockholm_to_utc(sys_days{2026y / March / 29}, minutes{150})),
            "2026-03-29T01:00:00Z");
  const LocalTime t = utc_to_stockholm(stockholm_to_utc(sys_days{2026y / July / 10}, hours{23}));
  EXPECT_EQ(t.date, sys_days{2026y / July / 10});
  EXPECT_EQ(t.hour, 23);
}

TEST(DemoCalendar, SchoolHolidays) {
  EXPECT_TRUE(school_holiday(sys_days{2026y / July / 1}));
  EXPECT_TRUE(school_holiday(sys_days{2026y / December / 28}));
  EXPECT_TRUE(school_holiday(sys_days{2026y / October / 28}));  // week 44
  EXPECT_FALSE(school_holiday(sys_days{2026y / November / 11}));
}

}  // namespace
}  // namespace lagesbild::demo

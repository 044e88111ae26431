#include "domain/time.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace lagesbild {
namespace {

UtcSeconds utc(const char* s) {
  auto t = parse_timestamp(s);
  EXPECT_TRUE(t) << s;
  return t.value_or(UtcSeconds{});
}

TEST(ParseTimestamp, LocalTimeWithoutOffsetIsStockholm) {
  // Winter: UTC+1; summer: UTC+2.
  EXPECT_EQ(format_utc(utc("2026-11-20T22:00")), "2026-11-20T21:00:00Z");
  EXPECT_EQ(format_utc(utc("2026-07-03 22:15:30")), "2026-07-03T20:15:30Z");
  EXPECT_EQ(format_utc(utc("2026-11-20")), "2026-11-19T23:00:00Z");
}

TEST(ParseTimestamp, ExplicitOffsetsAndPoliceFormat) {
  EXPECT_EQ(format_utc(utc("2026-11-20T21:00:00Z")), "2026-11-20T21:00:00Z");
  EXPECT_EQ(format_utc(utc("2026-08-22 19:51:41 +02:00")), "2026-08-22T17:51:41Z");
  EXPECT_EQ(format_utc(utc("2026-08-22 7:32:06 +02:00")), "2026-08-22T05:32:06Z");
  EXPECT_EQ(format_utc(utc("2026-08-22T19:51:41+0200")), "2026-08-22T17:51:41Z");
  EXPECT_EQ(format_utc(utc("2026-08-22T19:51:41.123-01:30")), "2026-08-22T21:21:41Z");
}

TEST(ParseTimestamp, RejectsWithAReason) {
  std::string why;
  EXPECT_FALSE(parse_timestamp("2026-02-30T10:00", &why));
  EXPECT_NE(why.find("no such date"), std::string::npos) << why;
  EXPECT_FALSE(parse_timestamp("2026-11-20T25:00", &why));
  EXPECT_NE(why.find("out of range"), std::string::npos) << why;
  EXPECT_FALSE(parse_timestamp("20/11/2026", &why));
  EXPECT_FALSE(parse_timestamp("", &why));
  EXPECT_FALSE(parse_timestamp("2026-11-20T22:00 junk", &why));
  // Spring forward: 02:30 on the last Sunday of March 2026 does not exist in Stockholm.
  EXPECT_FALSE(parse_timestamp("2026-03-29T02:30", &why));
  EXPECT_NE(why.find("does not exist"), std::string::npos) << why;
}

TEST(ParseTimestamp, AmbiguousAutumnTimeMeansTheFirstOccurrence) {
  // 02:30 happens twice on 2026-10-25; the first is still summer time (UTC+2).
  EXPECT_EQ(format_utc(utc("2026-10-25T02:30")), "2026-10-25T00:30:00Z");
}

TEST(FormatLocal, ShowsStockholmOffset) {
  EXPECT_EQ(format_local(utc("2026-11-20T21:00:00Z")), "2026-11-20T22:00:00+01:00");
  EXPECT_EQ(format_local(utc("2026-07-01T10:00:00Z")), "2026-07-01T12:00:00+02:00");
}

RC_GTEST_PROP(FormatLocal, RoundTripsThroughParse, ()) {
  const auto secs = *rc::gen::inRange<std::int64_t>(0, 4'000'000'000);
  const UtcSeconds t = from_unix(secs);
  const auto back = parse_timestamp(format_local(t));
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == t);
}

TEST(IsoWeek, IsMondayToMondayInStockholm) {
  auto w = parse_iso_week("2026-W47");
  ASSERT_TRUE(w);
  EXPECT_EQ(format_local(w->from), "2026-11-16T00:00:00+01:00");
  EXPECT_EQ(format_local(w->to), "2026-11-23T00:00:00+01:00");
  // Week 1 of 2027 starts on Monday 2027-01-04.
  auto w1 = parse_iso_week("2027-W01");
  ASSERT_TRUE(w1);
  EXPECT_EQ(format_local(w1->from), "2027-01-04T00:00:00+01:00");
  // A week that spans the autumn DST change is 169 hours long.
  auto dst = parse_iso_week("2026-W43");
  ASSERT_TRUE(dst);
  EXPECT_EQ((dst->to - dst->from).count(), 169 * 3600);
  std::string why;
  EXPECT_FALSE(parse_iso_week("2026-W54", &why));
  EXPECT_FALSE(parse_iso_week("2026-47", &why));
  EXPECT_TRUE(parse_iso_week("2026-W53").has_value());   // 2026 starts on a Thursday: 53 weeks
  EXPECT_FALSE(parse_iso_week("2027-W53").has_value());  // 2027 has 52
  EXPECT_TRUE(parse_iso_week("2020-W53").has_value());   // 2020 had 53
}

}  // namespace
}  // namespace lagesbild

// The retention cut-off: whole calendar months back from the local day, at local midnight.
#include "domain/retention.h"

#include <gtest/gtest.h>

namespace lagesbild {
namespace {

UtcSeconds at(const char* text) { return *parse_timestamp(text); }

TEST(RetentionCutoff, IsLocalMidnightOfTheSameDayMonthsBefore) {
  EXPECT_EQ(retention_cutoff(at("2026-11-20T15:30"), 1), at("2026-10-20T00:00"));
  EXPECT_EQ(retention_cutoff(at("2026-11-20T15:30"), 12), at("2025-11-20T00:00"));
  EXPECT_EQ(retention_cutoff(at("2026-11-20T15:30"), 24), at("2024-11-20T00:00"));
  EXPECT_EQ(retention_cutoff(at("2026-01-10T08:00"), 1), at("2025-12-10T00:00"));
}

TEST(RetentionCutoff, ADayTheEarlierMonthLacksBecomesItsLastDay) {
  EXPECT_EQ(retention_cutoff(at("2026-05-31T12:00"), 3), at("2026-02-28T00:00"));
  EXPECT_EQ(retention_cutoff(at("2024-05-31T12:00"), 3), at("2024-02-29T00:00"));
  EXPECT_EQ(retention_cutoff(at("2026-03-31T12:00"), 1), at("2026-02-28T00:00"));
}

TEST(RetentionCutoff, CountsFromTheLocalDayNotTheUtcDay) {
  // 00:30 on 2 December in Stockholm is still 1 December in UTC.
  EXPECT_EQ(retention_cutoff(at("2026-12-02T00:30+01:00"), 1), at("2026-11-02T00:00"));
  // Across the spring clock change: midnight in winter time.
  EXPECT_EQ(retention_cutoff(at("2026-04-15T10:00"), 1), at("2026-03-15T00:00+01:00"));
  EXPECT_EQ(retention_cutoff(at("2026-11-15T10:00"), 2), at("2026-09-15T00:00+02:00"));
}

TEST(RetentionCutoff, MoreMonthsReachFurtherBack) {
  const UtcSeconds now = at("2026-08-31T23:59");
  for (int m = 1; m < 60; ++m) {
    EXPECT_LT(retention_cutoff(now, m + 1), retention_cutoff(now, m)) << m;
    EXPECT_LT(retention_cutoff(now, m), now);
  }
}

}  // namespace
}  // namespace lagesbild

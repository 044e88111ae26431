// Reporting periods of the lägesbild: ISO weeks (the EST default), months, quarters, years and
// custom date ranges, all as local dates in Europe/Stockholm.
//
// Owns: the period notation, its parsing, and the period arithmetic the picture compares with
// (the previous period, the same period last year). May use: domain/time.h. Pure; thread-safe.
//
// Notation (parse_period):  "2026-W47"   ISO week (Monday 00:00 to next Monday 00:00)
//                           "2026-11"    calendar month
//                           "2026-Q4"    calendar quarter
//                           "2026"       calendar year
//                           "2026-11-01..2026-11-30"  days, both inclusive
// A period is a half-open UTC interval [from, to) whose ends are local midnights, so a week
// with the autumn clock change is 169 hours long and counts the night's 02:30 twice-occurring
// hour once, by its UTC instant.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/time.h"

namespace lagesbild {

enum class PeriodKind { week, month, quarter, year, range };

struct Period {
  PeriodKind kind = PeriodKind::week;
  // Local calendar days, days since 1970-01-01: [first_day, end_day).
  int first_day = 0, end_day = 0;
  Interval utc() const;       // [local midnight of first_day, local midnight of end_day)
  std::string label() const;  // the notation above; parse_period(label()) gives the period back
  bool operator==(const Period&) const = default;
};

// nullopt (and `why`, in English, naming what was expected) for a malformed period, a week or
// month that does not exist ("2026-W54", "2026-13"), or a range that ends before it starts.
std::optional<Period> parse_period(std::string_view text, std::string* why = nullptr);

// The period `n` steps before `p`, of the same kind: the week before, the month before, ... A
// range steps back by its own length in days.
Period previous_period(const Period& p, int n = 1);

// The same period one year earlier: the same ISO week number in the previous ISO year (week 53
// becomes week 52 where that year has no week 53), the same month, quarter or year; a range moves
// back one calendar year (29 February becomes 28 February).
Period same_period_last_year(const Period& p);

// A local calendar day (days since 1970-01-01) as "YYYY-MM-DD".
std::string format_day(int day);

// The period of `kind` containing the local day of instant `t` (for kind range: that one day).
Period period_containing(PeriodKind kind, UtcSeconds t);

}  // namespace lagesbild

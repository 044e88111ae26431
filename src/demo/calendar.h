// Calendar arithmetic the simulator and its ground truth need: ISO weeks, Swedish local time, and
// the Borlänge school year.
//
// Owns: nothing shared; the lead may move IsoWeek to domain/ when analysis needs the same thing.
// Thread-safe: pure functions (the tz database is read once, thread-safely, by date/tz).
#pragma once

#include <chrono>
#include <string>

#include "domain/time.h"

namespace lagesbild::demo {

using Day = std::chrono::sys_days;  // a calendar date (no zone)

// An ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday.
struct IsoWeek {
  int year = 0;
  int week = 0;
  auto operator<=>(const IsoWeek&) const = default;
};

IsoWeek iso_week(Day d);
// "2026-W07" (domain/time.h's parse_iso_week reads it back).
std::string to_string(IsoWeek w);

// 1 = Monday ... 7 = Sunday.
int iso_weekday(Day d);
Day monday_of(Day d);
int day_of_year(Day d);  // 1..366
// "2026-11-16".
std::string to_string(Day d);

// The instant of a wall-clock time in Europe/Stockholm. A time in the spring-forward gap maps to
// the moment the gap ends; an ambiguous autumn time means its first (summer-time) occurrence.
UtcSeconds stockholm_to_utc(Day date, std::chrono::seconds since_midnight);

// Wall-clock reading of an instant in Europe/Stockholm.
struct LocalTime {
  Day date;
  int hour = 0, minute = 0;
};
LocalTime utc_to_stockholm(UtcSeconds t);

// True on days the municipal schools of Borlänge (Dalarna) are closed for a holiday: the summer
// break, Christmas, the winter sports week (ISO week 9), the Easter break (approximated as ISO
// week 15) and the autumn break (ISO week 44). Weekends are not holidays here.
bool school_holiday(Day d);

}  // namespace lagesbild::demo

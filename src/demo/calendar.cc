#include "demo/calendar.h"

#include <date/tz.h>

#include <cstdio>

namespace lagesbild::demo {
namespace {

using std::chrono::days;

const date::time_zone* stockholm() {
  static const date::time_zone* tz = date::locate_zone("Europe/Stockholm");
  return tz;
}

}  // namespace

int iso_weekday(Day d) { return static_cast<int>(std::chrono::weekday{d}.iso_encoding()); }

Day monday_of(Day d) { return d - days{iso_weekday(d) - 1}; }

IsoWeek iso_week(Day d) {
  const Day thursday = monday_of(d) + days{3};
  const int year = static_cast<int>(std::chrono::year_month_day{thursday}.year());
  const Day jan1 = std::chrono::year{year} / std::chrono::January / 1;
  return {year, static_cast<int>((thursday - jan1).count() / 7) + 1};
}

std::string to_string(IsoWeek w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", w.year, w.week);
  return buf;
}

int day_of_year(Day d) {
  const std::chrono::year y = std::chrono::year_month_day{d}.year();
  return static_cast<int>((d - Day{y / std::chrono::January / 1}).count()) + 1;
}

std::string to_string(Day d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

UtcSeconds stockholm_to_utc(Day date, std::chrono::seconds since_midnight) {
  const date::local_seconds local{date.time_since_epoch() + since_midnight};
  return UtcSeconds{stockholm()->to_sys(local, date::choose::earliest).time_since_epoch()};
}

LocalTime utc_to_stockholm(UtcSeconds t) {
  const date::local_seconds local = stockholm()->to_local(date::sys_seconds{t.time_since_epoch()});
  const auto since_epoch = local.time_since_epoch();
  const auto day = std::chrono::floor<days>(since_epoch);
  const auto rest = std::chrono::duration_cast<std::chrono::minutes>(since_epoch - day);
  return {Day{day}, static_cast<int>(rest.count() / 60), static_cast<int>(rest.count() % 60)};
}

bool school_holiday(Day d) {
  const std::chrono::year_month_day ymd{d};
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  // Summer break: about 12 June to 17 August; Christmas: 21 December to 7 January.
  if ((month == 6 && day >= 12) || month == 7 || (month == 8 && day <= 17)) return true;
  if ((month == 12 && day >= 21) || (month == 1 && day <= 7)) return true;
  const int week = iso_week(d).week;
  return week == 9 || week == 15 || week == 44;
}

}  // namespace lagesbild::demo

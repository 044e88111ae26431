#include "domain/period.h"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include <charconv>
#include <cstdio>

namespace lagesbild {
namespace {

using date::days;
using date::local_days;
using date::sys_days;

const date::time_zone* zone() {
  static const date::time_zone* z = date::locate_zone("Europe/Stockholm");
  return z;
}

int day_number(date::year_month_day ymd) {
  return static_cast<int>(sys_days{ymd}.time_since_epoch().count());
}
date::year_month_day ymd_of(int day) { return date::year_month_day{sys_days{days{day}}}; }

// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  std::from_chars(s.data() + pos, s.data() + pos + n, out);
  pos += n;
  return true;
}

std::optional<Period> fail(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

constexpr const char* kExpected =
    "expected a period like 2026-W47, 2026-11, 2026-Q4, 2026 or 2026-11-01..2026-11-30";

Period week_period(iso_week::year y, iso_week::weeknum w) {
  const auto monday = static_cast<sys_days>(y / w / iso_week::mon);
  const int first = static_cast<int>(monday.time_since_epoch().count());
  return {PeriodKind::week, first, first + 7};
}

Period month_period(date::year_month ym) {
  const int first = day_number(ym / 1);
  return {PeriodKind::month, first, day_number((ym + date::months{1}) / 1)};
}

Period quarter_period(date::year y, unsigned q) {  // q in 1..4
  const date::year_month start{y, date::month{3 * (q - 1) + 1}};
  return {PeriodKind::quarter, day_number(start / 1), day_number((start + date::months{3}) / 1)};
}

Period year_period(date::year y) {
  return {PeriodKind::year, day_number(y / 1 / 1), day_number((y + date::years{1}) / 1 / 1)};
}

std::optional<int> parse_day(std::string_view s, std::string* why) {
  std::size_t pos = 0;
  int y = 0, m = 0, d = 0;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, m) ||
      pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, d) || pos != s.size()) {
    if (why) *why = kExpected;
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    if (why) *why = "the day " + std::string(s) + " does not exist";
    return std::nullopt;
  }
  return day_number(ymd);
}

}  // namespace

Interval Period::utc() const {
  const auto at = [](int day) {
    return std::chrono::time_point_cast<std::chrono::seconds>(
        zone()->to_sys(local_days{days{day}}));
  };
  return {at(first_day), at(end_day)};
}

std::string Period::label() const {
  const auto ymd = ymd_of(first_day);
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  char buf[32];
  switch (kind) {
    case PeriodKind::week: {
      const iso_week::year_weeknum_weekday w{sys_days{days{first_day}}};
      std::snprintf(buf, sizeof buf, "%04d-W%02u", static_cast<int>(w.year()),
                    static_cast<unsigned>(w.weeknum()));
      return buf;
    }
    case PeriodKind::month:
      std::snprintf(buf, sizeof buf, "%04d-%02u", y, m);
      return buf;
    case PeriodKind::quarter:
      std::snprintf(buf, sizeof buf, "%04d-Q%u", y, (m - 1) / 3 + 1);
      return buf;
    case PeriodKind::year:
      std::snprintf(buf, sizeof buf, "%04d", y);
      return buf;
    case PeriodKind::range: {
      const auto last = ymd_of(end_day - 1);
      std::snprintf(buf, sizeof buf, "%04d-%02u-%02u..%04d-%02u-%02u", y, m,
                    static_cast<unsigned>(ymd.day()), static_cast<int>(last.year()),
                    static_cast<unsigned>(last.month()), static_cast<unsigned>(last.day()));
      return buf;
    }
  }
  return {};
}

std::string format_day(int day) {
  const auto ymd = ymd_of(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<Period> parse_period(std::string_view s, std::string* why) {
  if (const auto dots = s.find(".."); dots != std::string_view::npos) {
    const auto first = parse_day(s.substr(0, dots), why);
    if (!first) return std::nullopt;
    const auto last = parse_day(s.substr(dots + 2), why);
    if (!last) return std::nullopt;
    if (*last < *first) return fail(why, "the range ends before it starts");
    return Period{PeriodKind::range, *first, *last + 1};
  }
  std::size_t pos = 0;
  int y = 0;
  if (!digits(s, pos, 4, y)) return fail(why, kExpected);
  if (pos == s.size()) return year_period(date::year{y});
  if (s[pos++] != '-' || pos >= s.size()) return fail(why, kExpected);
  if (s[pos] == 'W' || s[pos] == 'w') {
    int w = 0;
    ++pos;
    if (!digits(s, pos, 2, w) || pos != s.size()) return fail(why, kExpected);
    const iso_week::weeknum wn{static_cast<unsigned>(w)};
    if (w < 1 || !(iso_week::year{y} / wn / iso_week::mon).ok()) {
      return fail(why, "week " + std::to_string(w) + " does not exist in " + std::to_string(y));
    }
    return week_period(iso_week::year{y}, wn);
  }
  if (s[pos] == 'Q' || s[pos] == 'q') {
    int q = 0;
    ++pos;
    if (!digits(s, pos, 1, q) || pos != s.size()) return fail(why, kExpected);
    if (q < 1 || q > 4) return fail(why, "a quarter is Q1 to Q4");
    return quarter_period(date::year{y}, static_cast<unsigned>(q));
  }
  int m = 0;
  if (!digits(s, pos, 2, m) || pos != s.size()) return fail(why, kExpected);
  if (m < 1 || m > 12) return fail(why, "month " + std::to_string(m) + " does not exist");
  return month_period(date::year{y} / date::month{static_cast<unsigned>(m)});
}

Period previous_period(const Period& p, int n) {
  const auto ymd = ymd_of(p.first_day);
  switch (p.kind) {
    case PeriodKind::week:
      return {p.kind, p.first_day - 7 * n, p.end_day - 7 * n};
    case PeriodKind::month:
      return month_period(date::year_month{ymd.year(), ymd.month()} - date::months{n});
    case PeriodKind::quarter: {
      const auto ym = date::year_month{ymd.year(), ymd.month()} - date::months{3 * n};
      return quarter_period(ym.year(), (static_cast<unsigned>(ym.month()) - 1) / 3 + 1);
    }
    case PeriodKind::year:
      return year_period(ymd.year() - date::years{n});
    case PeriodKind::range: {
      const int length = p.end_day - p.first_day;
      return {p.kind, p.first_day - length * n, p.end_day - length * n};
    }
  }
  return p;
}

Period same_period_last_year(const Period& p) {
  switch (p.kind) {
    case PeriodKind::week: {
      const iso_week::year_weeknum_weekday w{sys_days{days{p.first_day}}};
      const auto y = w.year() - iso_week::years{1};
      const bool exists = (y / w.weeknum() / iso_week::mon).ok();
      return week_period(y, exists ? w.weeknum() : iso_week::weeknum{52});
    }
    case PeriodKind::month:
    case PeriodKind::quarter:
    case PeriodKind::year:
      return previous_period(p, p.kind == PeriodKind::month     ? 12
                                : p.kind == PeriodKind::quarter ? 4
                                                                : 1);
    case PeriodKind::range: {
      const auto back = [](int day) {
        auto ymd = ymd_of(day);
        date::year_month_day earlier{ymd.year() - date::years{1}, ymd.month(), ymd.day()};
        if (!earlier.ok()) earlier = earlier.year() / earlier.month() / date::last;
        return day_number(earlier);
      };
      return {p.kind, back(p.first_day), back(p.end_day - 1) + 1};
    }
  }
  return p;
}

Period period_containing(PeriodKind kind, UtcSeconds t) {
  const auto local = zone()->to_local(t);
  const int day = static_cast<int>(std::chrono::floor<days>(local).time_since_epoch().count());
  const auto ymd = ymd_of(day);
  switch (kind) {
    case PeriodKind::week: {
      const iso_week::year_weeknum_weekday w{sys_days{days{day}}};
      return week_period(w.year(), w.weeknum());
    }
    case PeriodKind::month:
      return month_period(date::year_month{ymd.year(), ymd.month()});
    case PeriodKind::quarter:
      return quarter_period(ymd.year(), (static_cast<unsigned>(ymd.month()) - 1) / 3 + 1);
    case PeriodKind::year:
      return year_period(ymd.year());
    case PeriodKind::range:
      return {kind, day, day + 1};
  }
  return {kind, day, day + 1};
}

}  // namespace lagesbild

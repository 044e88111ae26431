#include "domain/time.h"

#include <date/date.h>
#include <date/iso_week.h>
#include <date/tz.h>

#include <cctype>

namespace lagesbild {
namespace {

const date::time_zone* stockholm() {
  static const date::time_zone* tz = date::locate_zone("Europe/Stockholm");
  return tz;
}

// Reads exactly `n` digits (or 1..n when `at_least_one` is set) at `pos`; advances `pos`.
bool read_digits(std::string_view s, size_t& pos, int min_digits, int max_digits, int& out) {
  int value = 0, n = 0;
  while (pos < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    value = value * 10 + (s[pos] - '0');
    ++pos;
    ++n;
  }
  out = value;
  return n >= min_digits;
}

std::optional<UtcSeconds> fail(std::string* why, std::string reason) {
  if (why) *why = std::move(reason);
  return std::nullopt;
}

}  // namespace

std::optional<UtcSeconds> parse_timestamp(std::string_view s, std::string* why) {
  constexpr const char* kFormat =
      "expected a date-time like 2026-11-20T22:00 (Europe/Stockholm) or 2026-11-20T21:00:00Z";
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, pos, 4, 4, y) || pos >= s.size() || s[pos++] != '-' ||
      !read_digits(s, pos, 2, 2, mo) || pos >= s.size() || s[pos++] != '-' ||
      !read_digits(s, pos, 2, 2, d)) {
    return fail(why, kFormat);
  }
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return fail(why, "no such date: " + std::string(s.substr(0, 10)));
  bool has_time = false;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    ++pos;
    has_time = true;
    if (!read_digits(s, pos, 1, 2, h) || pos >= s.size() || s[pos++] != ':' ||
        !read_digits(s, pos, 2, 2, mi)) {
      return fail(why, kFormat);
    }
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_digits(s, pos, 2, 2, sec)) return fail(why, kFormat);
      if (pos < s.size() && s[pos] == '.') {  // fractional seconds are dropped
        ++pos;
        int ignored;
        if (!read_digits(s, pos, 1, 9, ignored)) return fail(why, kFormat);
      }
    }
    if (h > 23 || mi > 59 || sec > 59) return fail(why, "time of day out of range");
  }
  if (has_time && pos < s.size() && s[pos] == ' ') ++pos;
  std::optional<int> offset_minutes;
  if (has_time && pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      offset_minutes = 0;
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      ++pos;
      int oh = 0, om = 0;
      if (!read_digits(s, pos, 2, 2, oh)) return fail(why, "bad UTC offset");
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (pos < s.size() && !read_digits(s, pos, 2, 2, om)) return fail(why, "bad UTC offset");
      if (oh > 18 || om > 59) return fail(why, "bad UTC offset");
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (pos != s.size()) return fail(why, kFormat);

  const auto local = date::local_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
                     std::chrono::seconds{sec};
  if (offset_minutes) {
    return UtcSeconds{local.time_since_epoch()} - std::chrono::minutes{*offset_minutes};
  }
  const auto info = stockholm()->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
      return UtcSeconds{local.time_since_epoch()} - info.first.offset;
    case date::local_info::ambiguous:
      return UtcSeconds{local.time_since_epoch()} - info.first.offset;
    case date::local_info::nonexistent:
    default:
      return fail(why, "this local time does not exist in Europe/Stockholm (clocks move forward)");
  }
}

namespace {

// Writes "YYYY-MM-DDTHH:MM:SS" (19 characters) for the civil time `t` (already shifted to the
// wanted zone). By hand rather than date::format: this runs for every timestamp of every API
// response, and the stream-based formatter costs microseconds each.
char* write_civil(char* buf, std::chrono::sys_seconds t) {
  const auto day = std::chrono::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const auto secs = (t - day).count();
  const int y = static_cast<int>(ymd.year());
  const unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  const auto two = [&](int at, unsigned v) {
    buf[at] = static_cast<char>('0' + v / 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  buf[0] = static_cast<char>('0' + y / 1000 % 10);
  buf[1] = static_cast<char>('0' + y / 100 % 10);
  buf[2] = static_cast<char>('0' + y / 10 % 10);
  buf[3] = static_cast<char>('0' + y % 10);
  buf[4] = '-';
  two(5, mo);
  buf[7] = '-';
  two(8, d);
  buf[10] = 'T';
  two(11, static_cast<unsigned>(secs / 3600));
  buf[13] = ':';
  two(14, static_cast<unsigned>(secs / 60 % 60));
  buf[16] = ':';
  two(17, static_cast<unsigned>(secs % 60));
  return buf + 19;
}

}  // namespace

char* write_local(char* p, UtcSeconds t) {
  const auto info = stockholm()->get_info(t);
  const auto off = std::chrono::duration_cast<std::chrono::minutes>(info.offset).count();
  p = write_civil(p, t + info.offset);
  const int a = static_cast<int>(off < 0 ? -off : off);
  *p++ = off < 0 ? '-' : '+';
  *p++ = static_cast<char>('0' + a / 600);
  *p++ = static_cast<char>('0' + a / 60 % 10);
  *p++ = ':';
  *p++ = static_cast<char>('0' + a % 60 / 10);
  *p++ = static_cast<char>('0' + a % 10);
  return p;
}

int local_minute_of_week(UtcSeconds t) {
  const auto local = stockholm()->to_local(t);
  const auto day = std::chrono::floor<date::days>(local);
  const unsigned monday_based = (date::weekday{day}.c_encoding() + 6) % 7;  // Monday = 0
  const auto minutes = std::chrono::floor<std::chrono::minutes>(local - day).count();
  return static_cast<int>(monday_based * 24 * 60 + minutes);
}

std::string format_local(UtcSeconds t) {
  std::string out(kLocalTimeChars, '\0');
  write_local(out.data(), t);
  return out;
}

std::string format_utc(UtcSeconds t) {
  std::string out(20, 'Z');
  write_civil(out.data(), t);
  return out;
}

std::optional<Interval> parse_iso_week(std::string_view s, std::string* why) {
  size_t pos = 0;
  int y = 0, w = 0;
  if (!read_digits(s, pos, 4, 4, y) || pos + 2 > s.size() || s[pos] != '-' ||
      (s[pos + 1] != 'W' && s[pos + 1] != 'w')) {
    if (why) *why = "expected an ISO week like 2026-W47";
    return std::nullopt;
  }
  pos += 2;
  if (!read_digits(s, pos, 2, 2, w) || pos != s.size()) {
    if (why) *why = "expected an ISO week like 2026-W47";
    return std::nullopt;
  }
  const auto week = iso_week::year{y} / iso_week::weeknum{static_cast<unsigned>(w)} / iso_week::mon;
  if (!week.ok() || w < 1) {
    if (why) *why = "week " + std::to_string(w) + " does not exist in " + std::to_string(y);
    return std::nullopt;
  }
  const date::local_days monday{static_cast<date::sys_days>(week).time_since_epoch()};
  const auto start = stockholm()->to_sys(monday);
  const auto end = stockholm()->to_sys(monday + date::days{7});
  return Interval{std::chrono::time_point_cast<std::chrono::seconds>(start),
                  std::chrono::time_point_cast<std::chrono::seconds>(end)};
}

UtcSeconds now_utc() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace lagesbild

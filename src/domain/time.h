// Time as the product sees it: instants are stored in UTC (whole seconds); people read and write
// local time in Europe/Stockholm.
//
// Owns: parsing of the timestamps users type (ISO 8601 with or without an offset) and formatting
// for display. Uses howardhinnant-date's tz database (the OS zoneinfo). Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lagesbild {

using UtcSeconds = std::chrono::sys_seconds;

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DD HH:MM:SS", each optionally followed by "Z"
// or an offset "+HH:MM" / "+HHMM" / "+HH" (a space before the offset is allowed, as in the police
// API's "2026-08-22 19:51:41 +02:00"). An hour may have one digit ("7:32:06").
// Without an offset the time is local time in Europe/Stockholm: a time that falls in the spring
// DST gap is rejected; one that occurs twice in autumn means the first (summer time) occurrence.
// On failure returns nullopt and, if `why` is given, sets it to a reason in English.
std::optional<UtcSeconds> parse_timestamp(std::string_view text, std::string* why = nullptr);

// "2026-11-20T22:00:00+01:00": the instant in Europe/Stockholm with its offset.
std::string format_local(UtcSeconds t);

// The same 25 characters written at `p` (room for kLocalTimeChars); returns the end. For writers
// that serialise many timestamps without a string each.
inline constexpr std::size_t kLocalTimeChars = 25;
char* write_local(char* p, UtcSeconds t);

// Minutes since Monday 00:00 local time (Europe/Stockholm) of the week containing `t`: 0..10079.
int local_minute_of_week(UtcSeconds t);

// "2026-11-20T21:00:00Z".
std::string format_utc(UtcSeconds t);

UtcSeconds now_utc();

// An ISO week such as "2026-W47" as the interval [Monday 00:00, next Monday 00:00) in
// Europe/Stockholm, in UTC. nullopt (and `why`) for a malformed or non-existent week.
struct Interval {
  UtcSeconds from, to;
};
std::optional<Interval> parse_iso_week(std::string_view text, std::string* why = nullptr);

// Seconds since the epoch, for storage.
inline std::int64_t to_unix(UtcSeconds t) { return t.time_since_epoch().count(); }
inline UtcSeconds from_unix(std::int64_t s) { return UtcSeconds{std::chrono::seconds{s}}; }

}  // namespace lagesbild

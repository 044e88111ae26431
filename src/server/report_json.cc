#include "server/report_json.h"

#include <charconv>
#include <cstring>

namespace lagesbild::server {
namespace {

// Writes at a raw cursor into room the caller reserved (see Room): a response is thousands of
// tiny pieces, and std::string::append's checks and calls cost more than the pieces.
struct Cursor {
  char* p;

  template <std::size_t N>
  void lit(const char (&s)[N]) {  // a literal: its length is known at compile time
    std::memcpy(p, s, N - 1);
    p += N - 1;
  }
  void ch(char c) { *p++ = c; }
  void integer(long long v) { p = std::to_chars(p, p + 24, v).ptr; }
  void real(double v) { p = std::to_chars(p, p + 32, v).ptr; }
  void coordinate(const std::optional<Location>& l, double Location::*field) {
    if (l)
      real((*l).*field);
    else
      lit("null");
  }
  template <class T>
  void optional_integer(const std::optional<T>& v) {
    if (v)
      integer(static_cast<long long>(*v));
    else
      lit("null");
  }
  void time(const std::optional<UtcSeconds>& t) {
    if (!t) {
      lit("null");
      return;
    }
    ch('"');
    p = write_local(p, *t);
    ch('"');
  }
  void string(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    ch('"');
    std::size_t run = 0;  // start of the current run of bytes that need no escaping
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      std::memcpy(p, s.data() + run, i - run);
      p += i - run;
      run = i + 1;
      switch (c) {
        case '"':
          lit("\\\"");
          break;
        case '\\':
          lit("\\\\");
          break;
        case '\n':
          lit("\\n");
          break;
        case '\r':
          lit("\\r");
          break;
        case '\t':
          lit("\\t");
          break;
        case '\b':
          lit("\\b");
          break;
        case '\f':
          lit("\\f");
          break;
        default:
          lit("\\u00");
          ch(kHex[c >> 4]);
          ch(kHex[c & 15]);
      }
    }
    std::memcpy(p, s.data() + run, s.size() - run);
    p += s.size() - run;
    ch('"');
  }
  void string_or_null(const std::string* s) {
    if (s)
      string(*s);
    else
      lit("null");
  }
};

// The most a string of n bytes takes escaped: 6 bytes per byte (\u00XX) and the quotes.
constexpr std::size_t escaped_max(std::size_t n) { return 6 * n + 2; }

// Grows `out` by `bound` bytes for a Cursor and trims it to what was written.
class Room {
 public:
  Room(std::string& out, std::size_t bound) : out_(out), start_(out.size()) {
    out_.resize(start_ + bound);
  }
  Cursor cursor() { return {out_.data() + start_}; }
  void done(const Cursor& c) { out_.resize(static_cast<std::size_t>(c.p - out_.data())); }

 private:
  std::string& out_;
  std::size_t start_;
};

template <class T>
const std::string* name_of(const T* x) {
  return x ? &x->name : nullptr;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  Room room(out, escaped_max(s.size()));
  Cursor c = room.cursor();
  c.string(s);
  room.done(c);
}

// Keys are written in the order nlohmann::json (a std::map) would sort them, so both
// serialisations of a report are byte-comparable after a parse.
void append_report_json(std::string& out, const Report& r, const ingest::ReportContext& ctx) {
  const Organisation* org = ctx.organisation_by_id(r.organisation_id);
  const Category* cat = ctx.category_by_id(r.category_id);
  const Place* place = r.place_id ? ctx.place_by_id(*r.place_id) : nullptr;
  const Area* area = r.area_id ? ctx.area_by_id(*r.area_id) : nullptr;
  const std::string_view source = to_string(r.source), status = to_string(r.status);
  // Everything but the strings fits in 1 KiB: 26 keys, 11 integers, 4 numbers, 3 times.
  std::size_t bound = 1024;
  for (const std::string* s :
       {name_of(area), cat ? &cat->code : nullptr, name_of(cat), &r.description, &r.external_id,
        &r.municipality, name_of(org), name_of(place)}) {
    if (s) bound += escaped_max(s->size());
  }
  bound += escaped_max(source.size()) + escaped_max(status.size());

  Room room(out, bound);
  Cursor c = room.cursor();
  c.lit("{\"area\":");
  c.string_or_null(name_of(area));
  c.lit(",\"area_id\":");
  c.optional_integer(r.area_id);
  c.lit(",\"category\":");
  c.string_or_null(cat ? &cat->code : nullptr);
  c.lit(",\"category_id\":");
  c.integer(r.category_id);
  c.lit(",\"category_name\":");
  c.string_or_null(name_of(cat));
  c.lit(",\"count\":");
  c.integer(r.count);
  c.lit(",\"created_at\":");
  c.time(r.created_at);
  c.lit(",\"description\":");
  c.string(r.description);
  c.lit(",\"external_id\":");
  c.string_or_null(r.external_id.empty() ? nullptr : &r.external_id);
  c.lit(",\"id\":");
  c.integer(r.id);
  c.lit(",\"lat\":");
  c.coordinate(r.location, &Location::lat);
  c.lit(",\"location_precision\":");
  c.string(to_string(r.location_precision));
  c.lit(",\"lon\":");
  c.coordinate(r.location, &Location::lon);
  c.lit(",\"municipality\":");
  c.string(r.municipality);
  c.lit(",\"occurred_from\":");
  c.time(r.occurred_from);
  c.lit(",\"occurred_to\":");
  c.time(r.occurred_to);
  c.lit(",\"organisation\":");
  c.string_or_null(name_of(org));
  c.lit(",\"organisation_id\":");
  c.integer(r.organisation_id);
  c.lit(",\"place\":");
  c.string_or_null(name_of(place));
  c.lit(",\"place_id\":");
  c.optional_integer(r.place_id);
  c.lit(",\"reporter_id\":");
  c.optional_integer(r.reporter_id);
  c.lit(",\"reviewed_at\":");
  c.time(r.reviewed_at);
  c.lit(",\"reviewed_by\":");
  c.optional_integer(r.reviewed_by);
  c.lit(",\"severity\":");
  c.integer(r.severity);
  c.lit(",\"source\":");
  c.string(source);
  c.lit(",\"status\":");
  c.string(status);
  c.lit(",\"x\":");
  c.coordinate(r.location, &Location::x);
  c.lit(",\"y\":");
  c.coordinate(r.location, &Location::y);
  c.ch('}');
  room.done(c);
}

std::string report_page_json(std::span<const Report> reports, const ingest::ReportContext& ctx,
                             const std::optional<std::string>& next_cursor) {
  std::string out;
  out.reserve(64 + reports.size() * 800);
  out += "{\"next_cursor\":";
  if (next_cursor)
    append_json_string(out, *next_cursor);
  else
    out += "null";
  out += ",\"reports\":[";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (i) out += ',';
    append_report_json(out, reports[i], ctx);
  }
  out += "]}";
  return out;
}

}  // namespace lagesbild::server

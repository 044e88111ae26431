#include "server/report_json.h"

#include <charconv>

namespace lagesbild::server {
namespace {

void append_number(std::string& out, double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void append_number(std::string& out, long long v) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

template <class T>
void append_optional(std::string& out, const std::optional<T>& v) {
  if (v)
    append_number(out, static_cast<long long>(*v));
  else
    out += "null";
}

void append_time(std::string& out, const std::optional<UtcSeconds>& t) {
  if (!t) {
    out += "null";
    return;
  }
  out += '"';
  out += format_local(*t);
  out += '"';
}

// Keys are written in the order nlohmann::json (a std::map) would sort them, so both
// serialisations of a report are byte-comparable after a parse.
struct Writer {
  std::string& out;
  bool first = true;
  void key(const char* k) {
    if (!first) out += ',';
    first = false;
    out += '"';
    out += k;
    out += "\":";
  }
};

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the current run of bytes that need no escaping
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void append_report_json(std::string& out, const Report& r, const ingest::ReportContext& ctx) {
  const Organisation* org = ctx.organisation_by_id(r.organisation_id);
  const Category* cat = ctx.category_by_id(r.category_id);
  const Place* place = r.place_id ? ctx.place_by_id(*r.place_id) : nullptr;
  const Area* area = r.area_id ? ctx.area_by_id(*r.area_id) : nullptr;
  out += '{';
  Writer w{out};
  w.key("area");
  if (area)
    append_json_string(out, area->name);
  else
    out += "null";
  w.key("area_id");
  append_optional(out, r.area_id);
  w.key("category");
  if (cat)
    append_json_string(out, cat->code);
  else
    out += "null";
  w.key("category_id");
  append_number(out, static_cast<long long>(r.category_id));
  w.key("category_name");
  if (cat)
    append_json_string(out, cat->name);
  else
    out += "null";
  w.key("count");
  append_number(out, static_cast<long long>(r.count));
  w.key("created_at");
  append_time(out, r.created_at);
  w.key("description");
  append_json_string(out, r.description);
  w.key("external_id");
  if (r.external_id.empty())
    out += "null";
  else
    append_json_string(out, r.external_id);
  w.key("id");
  append_number(out, static_cast<long long>(r.id));
  w.key("lat");
  if (r.location)
    append_number(out, r.location->lat);
  else
    out += "null";
  w.key("lon");
  if (r.location)
    append_number(out, r.location->lon);
  else
    out += "null";
  w.key("municipality");
  append_json_string(out, r.municipality);
  w.key("occurred_from");
  append_time(out, r.occurred_from);
  w.key("occurred_to");
  append_time(out, r.occurred_to);
  w.key("organisation");
  if (org)
    append_json_string(out, org->name);
  else
    out += "null";
  w.key("organisation_id");
  append_number(out, static_cast<long long>(r.organisation_id));
  w.key("place");
  if (place)
    append_json_string(out, place->name);
  else
    out += "null";
  w.key("place_id");
  append_optional(out, r.place_id);
  w.key("reporter_id");
  append_optional(out, r.reporter_id);
  w.key("reviewed_at");
  append_time(out, r.reviewed_at);
  w.key("reviewed_by");
  append_optional(out, r.reviewed_by);
  w.key("severity");
  append_number(out, static_cast<long long>(r.severity));
  w.key("source");
  append_json_string(out, to_string(r.source));
  w.key("status");
  append_json_string(out, to_string(r.status));
  w.key("x");
  if (r.location)
    append_number(out, r.location->x);
  else
    out += "null";
  w.key("y");
  if (r.location)
    append_number(out, r.location->y);
  else
    out += "null";
  out += '}';
}

std::string report_page_json(std::span<const Report> reports, const ingest::ReportContext& ctx,
                             const std::optional<std::string>& next_cursor) {
  std::string out;
  out.reserve(64 + reports.size() * 700);
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

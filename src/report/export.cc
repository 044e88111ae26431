#include "report/export.h"

#include <array>
#include <charconv>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "domain/time.h"
#include "ingest/personal_data.h"
#include "report/csv_field.h"

namespace lagesbild::report {
namespace {

// Names by id. Views point into the caller's context, which outlives the export call.
class NameIndex {
 public:
  explicit NameIndex(const ingest::ReportContext& ctx) {
    for (const auto& o : ctx.organisations()) organisations_.emplace(o.id, o.name);
    for (const auto& c : ctx.categories()) categories_.emplace(c.id, c.code);
    for (const auto& p : ctx.places()) places_.emplace(p.id, p.name);
    for (const auto& a : ctx.areas()) areas_.emplace(a.id, a.name);
  }

  std::string organisation(Id id) const { return find(organisations_, id); }
  std::string category(Id id) const { return find(categories_, id); }
  std::string place(Id id) const { return find(places_, id); }
  std::string area(Id id) const { return find(areas_, id); }

 private:
  using Map = std::unordered_map<Id, std::string_view>;
  static std::string find(const Map& map, Id id) {
    const auto it = map.find(id);
    return it != map.end() ? std::string(it->second) : "#" + std::to_string(id);
  }

  Map organisations_, categories_, places_, areas_;
};

constexpr std::array<std::string_view, 17> kColumns{
    "id",          "municipality", "organisation", "category", "occurred_at", "occurred_to",
    "lat",         "lon",          "place",        "area",     "count",       "severity",
    "description", "source",       "external_id",  "status",   "created_at"};
constexpr std::size_t kLat = 6, kLon = 7;

struct Value {
  std::optional<std::string> text;  // nullopt: absent
  bool number = false;              // a JSON number rather than a string
};
using Row = std::array<Value, kColumns.size()>;

// The shortest text that reads back as exactly `v`.
std::string exact(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

template <class T, class F>
std::optional<std::string> maybe(const std::optional<T>& v, F&& f) {
  if (!v) return std::nullopt;
  return f(*v);
}

// The report's values in kColumns order.
Row row_of(const Report& r, const NameIndex& names) {
  const auto lat = [](const Location& l) { return exact(l.lat); };
  const auto lon = [](const Location& l) { return exact(l.lon); };
  return Row{{
      {std::to_string(r.id), true},
      {r.municipality},
      {names.organisation(r.organisation_id)},
      {names.category(r.category_id)},
      {format_local(r.occurred_from)},
      {maybe(r.occurred_to, format_local)},
      {maybe(r.location, lat), true},
      {maybe(r.location, lon), true},
      {maybe(r.place_id, [&](Id id) { return names.place(id); })},
      {maybe(r.area_id, [&](Id id) { return names.area(id); })},
      {std::to_string(r.count), true},
      {std::to_string(r.severity), true},
      {ingest::mask_personal_data(r.description)},
      {std::string(to_string(r.source))},
      {r.external_id.empty() ? std::nullopt : std::optional(r.external_id)},
      {std::string(to_string(r.status))},
      {format_local(r.created_at)},
  }};
}

void append_json_string(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char c : v) {
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
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string reports_to_csv(std::span<const Report> reports, const ingest::ReportContext& ctx) {
  const NameIndex names(ctx);
  std::string out;
  out.reserve(200 * (reports.size() + 1));
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (c > 0) out += ',';
    out += kColumns[c];
  }
  out += "\r\n";
  for (const Report& r : reports) {
    const Row row = row_of(r, names);
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += ',';
      if (!row[i].text) continue;
      if (row[i].number) {
        append_csv_field(out, *row[i].text);
      } else {
        append_csv_text(out, *row[i].text);
      }
    }
    out += "\r\n";
  }
  return out;
}

std::string reports_to_geojson(std::span<const Report> reports, const ingest::ReportContext& ctx) {
  const NameIndex names(ctx);
  std::string out = R"({"type":"FeatureCollection","features":[)";
  out.reserve(300 * (reports.size() + 1));
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Row row = row_of(reports[i], names);
    if (i > 0) out += ',';
    out += R"({"type":"Feature","id":)" + *row[0].text + R"(,"geometry":)";
    if (row[kLat].text) {
      out += R"({"type":"Point","coordinates":[)" + *row[kLon].text + ',' + *row[kLat].text + "]}";
    } else {
      out += "null";
    }
    out += R"(,"properties":{)";
    bool first = true;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c == kLat || c == kLon) continue;
      if (!first) out += ',';
      first = false;
      append_json_string(out, kColumns[c]);
      out += ':';
      const Value& v = row[c];
      if (!v.text) {
        out += "null";
      } else if (v.number) {
        out += *v.text;
      } else {
        append_json_string(out, *v.text);
      }
    }
    // How far to trust the point: a map draws only exact and place points as places.
    out += R"(,"location_precision":)";
    append_json_string(out, to_string(reports[i].location_precision));
    out += "}}";
  }
  out += "]}";
  return out;
}

}  // namespace lagesbild::report

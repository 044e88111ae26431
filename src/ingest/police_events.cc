#include "ingest/police_events.h"

#include <date/date.h>
#include <zlib.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "geo/interior_point.h"
#include "geo/projection.h"
#include "ingest/csv_reader.h"

namespace lagesbild::ingest {
namespace {

using json = nlohmann::json;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The end (one past) of the JSON value that starts at `pos` (after whitespace): for an object or
// array its closing bracket, for a scalar the next ',' ']' or '}' at depth 0. std::string::npos
// when the text ends first (a truncated file).
std::size_t value_end(std::string_view s, std::size_t pos) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = pos; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;  // a scalar ended by the array's ']'
      if (--depth == 0) return i + 1;
    } else if (c == ',' && depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Reads one element into `e`; returns why it cannot be used, empty when it can.
std::string read_event(const json& j, PoliceEvent& e) {
  std::vector<std::string> why;
  const auto text = [&](const json& obj, const char* key, const std::string& path, std::string& out,
                        bool required) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) why.push_back("missing field " + path);
      return;
    }
    if (!it->is_string()) {
      why.push_back(path + " is not a string");
      return;
    }
    out = it->get<std::string>();
    if (required && trim(out).empty()) why.push_back("empty field " + path);
  };
  std::string datetime, gps;
  text(j, "datetime", "datetime", datetime, true);
  text(j, "name", "name", e.name, true);
  text(j, "summary", "summary", e.summary, false);
  text(j, "url", "url", e.url, false);
  text(j, "type", "type", e.type, true);
  e.type = std::string(trim(e.type));
  if (const auto loc = j.find("location"); loc == j.end() || loc->is_null()) {
    why.push_back("missing field location");
  } else if (!loc->is_object()) {
    why.push_back("location is not an object");
  } else {
    text(*loc, "name", "location.name", e.location_name, true);
    text(*loc, "gps", "location.gps", gps, true);
    e.location_name = std::string(trim(e.location_name));
  }
  if (!datetime.empty()) {
    if (auto t = parse_police_time(datetime))
      e.occurred_at = *t;
    else
      why.push_back("datetime '" + datetime + "' is not 'YYYY-MM-DD HH:MM:SS +HH:MM'");
  }
  if (!gps.empty()) {
    const std::string_view g = gps;
    const auto comma = g.find(',');
    double lat = NAN, lon = NAN;
    bool ok = comma != std::string_view::npos;
    if (ok) {
      const auto a = trim(g.substr(0, comma)), b = trim(g.substr(comma + 1));
      ok = std::from_chars(a.data(), a.data() + a.size(), lat).ptr == a.data() + a.size() &&
           std::from_chars(b.data(), b.data() + b.size(), lon).ptr == b.data() + b.size() &&
           !a.empty() && !b.empty();
    }
    if (!ok)
      why.push_back("bad gps '" + gps + "': not 'lat,lon'");
    else if (!geo::in_sweden(lat, lon))
      why.push_back("bad gps '" + gps + "': outside Sweden");
    else
      e.lat = lat, e.lon = lon;
  }
  e.url = absolute_police_url(e.url);
  std::string out;
  for (const std::string& w : why) out += (out.empty() ? "" : "; ") + w;
  return out;
}

// The element's id: a whole number, or a string of digits (some mirrors quote it).
std::optional<std::int64_t> event_id(const json& j, std::string& why) {
  const auto it = j.find("id");
  if (it == j.end() || it->is_null()) {
    why = "missing field id";
    return std::nullopt;
  }
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) {
    const std::string s = it->get<std::string>();
    std::int64_t v = 0;
    if (!s.empty() && std::from_chars(s.data(), s.data() + s.size(), v).ptr == s.data() + s.size())
      return v;
  }
  why = "id " + it->dump() + " is not a whole number";
  return std::nullopt;
}

// UTF-8 lower case for ASCII and Latin-1 capitals (Å Ä Ö É Ü ...: C3 80..C3 9E except ×).
std::string lower(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

}  // namespace

std::optional<UtcSeconds> parse_police_time(std::string_view text) {
  text = trim(text);
  std::size_t p = 0;
  const auto number = [&](int min_digits, int max_digits) -> std::optional<int> {
    int v = 0, n = 0;
    while (p < text.size() && n < max_digits && text[p] >= '0' && text[p] <= '9') {
      v = v * 10 + (text[p++] - '0');
      ++n;
    }
    if (n < min_digits) return std::nullopt;
    return v;
  };
  const auto expect = [&](char c) { return p < text.size() && text[p++] == c; };
  const auto y = number(4, 4);
  if (!y || !expect('-')) return std::nullopt;
  const auto mo = number(2, 2);
  if (!mo || !expect('-')) return std::nullopt;
  const auto d = number(2, 2);
  if (!d || p >= text.size() || (text[p] != ' ' && text[p] != 'T')) return std::nullopt;
  ++p;
  const auto h = number(1, 2);  // the police sometimes drop the hour's leading zero
  if (!h || !expect(':')) return std::nullopt;
  const auto mi = number(2, 2);
  if (!mi || !expect(':')) return std::nullopt;
  const auto s = number(2, 2);
  if (!s) return std::nullopt;
  while (p < text.size() && text[p] == ' ') ++p;
  int offset_minutes = 0;
  if (p < text.size() && text[p] == 'Z') {
    ++p;
  } else {
    if (p >= text.size() || (text[p] != '+' && text[p] != '-')) return std::nullopt;
    const int sign = text[p++] == '-' ? -1 : 1;
    const auto oh = number(2, 2);
    if (!oh) return std::nullopt;
    if (p < text.size() && text[p] == ':') ++p;
    const auto om = number(2, 2);
    if (!om || *oh > 14 || *om > 59) return std::nullopt;
    offset_minutes = sign * (*oh * 60 + *om);
  }
  if (p != text.size() || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*mo)},
                                 date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  const auto local = date::sys_days{ymd} + std::chrono::hours{*h} + std::chrono::minutes{*mi} +
                     std::chrono::seconds{*s};
  return UtcSeconds{local.time_since_epoch() - std::chrono::minutes{offset_minutes}};
}

std::string absolute_police_url(std::string_view url) {
  url = trim(url);
  if (url.empty() || url.starts_with("https://") || url.starts_with("http://"))
    return std::string(url);
  return "https://polisen.se" + std::string(url.starts_with('/') ? "" : "/") + std::string(url);
}

std::string normalise_place_name(std::string_view name) {
  std::string s = lower(trim(name));
  for (char& c : s)
    if (c == '-' || is_space(c)) c = ' ';
  std::string out;
  for (char c : s) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.size() > 7 && out.ends_with(" kommun")) out.resize(out.size() - 7);
  return out;
}

std::string gunzip_if_compressed(std::string_view bytes, std::string* stopped) {
  if (bytes.size() < 2 || static_cast<unsigned char>(bytes[0]) != 0x1f ||
      static_cast<unsigned char>(bytes[1]) != 0x8b)
    return std::string(bytes);
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: inflateInit2");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended inside the stream
  }
  if (rc != Z_STREAM_END && stopped) {
    *stopped = "the gzip stream " + std::string(rc == Z_BUF_ERROR ? "ends early" : "is corrupt") +
               " after " + std::to_string(z.total_in) + " compressed bytes (" +
               std::to_string(out.size()) + " bytes of JSON)";
  }
  inflateEnd(&z);
  return out;
}

PoliceEventRead read_police_events(std::string_view s) {
  PoliceEventRead out;
  std::size_t p = 0;
  const auto skip = [&] {
    while (p < s.size() && is_space(s[p])) ++p;
  };
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") p = 3;
  skip();
  if (p >= s.size() || s[p] != '[') {
    out.stopped = p >= s.size() ? "the file is empty" : "the document is not a JSON array";
    return out;
  }
  ++p;
  std::unordered_set<std::int64_t> seen;
  for (std::size_t index = 0;; ++index) {
    skip();
    if (p < s.size() && s[p] == ']' && index == 0) return out;  // []
    const std::size_t start = p;
    const std::size_t end = p < s.size() ? value_end(s, p) : std::string_view::npos;
    if (end == std::string_view::npos) {
      out.stopped = "the file ends inside element " + std::to_string(index) + " (byte " +
                    std::to_string(start) + "), after " + std::to_string(out.elements) +
                    " complete elements";
      return out;
    }
    if (end == start) {
      out.stopped = "expected an element at byte " + std::to_string(start);
      return out;
    }
    ++out.elements;
    PoliceEventProblem problem{index, std::nullopt, ""};
    try {
      const json j = json::parse(s.substr(start, end - start));
      if (!j.is_object()) {
        problem.reason = "not an object";
      } else if (const auto id = event_id(j, problem.reason)) {
        problem.id = id;
        PoliceEvent e;
        e.id = *id;
        problem.reason = read_event(j, e);
        if (problem.reason.empty() && !seen.insert(*id).second)
          problem.reason = "duplicate id " + std::to_string(*id) + " within the file";
        if (problem.reason.empty()) {
          out.events.push_back(std::move(e));
          out.indices.push_back(index);
        }
      }
    } catch (const json::exception& e) {  // parse_error, or out_of_range for 1e999
      problem.reason = std::string("not JSON: ") + e.what();
    }
    if (!problem.reason.empty()) out.problems.push_back(std::move(problem));
    p = end;
    skip();
    if (p < s.size() && s[p] == ',') {
      ++p;
      continue;
    }
    if (p < s.size() && s[p] == ']') {
      ++p;
      skip();
      if (p != s.size()) out.stopped = "text after the closing ']' at byte " + std::to_string(p);
      return out;
    }
    out.stopped = p >= s.size() ? "the file ends after element " + std::to_string(index) +
                                      " without the closing ']'"
                                : "expected ',' or ']' after element " + std::to_string(index) +
                                      " at byte " + std::to_string(p);
    return out;
  }
}

// ---- places ----------------------------------------------------------------------------------

Expected<SwedishPlaces> SwedishPlaces::load(std::string_view admin_csv,
                                            std::string_view polygons_geojson) {
  Errors errors;
  SwedishPlaces places;
  CsvReader reader(admin_csv, ',');
  CsvRecord record;
  std::unordered_map<std::string, std::size_t> column;
  if (!reader.next(record)) return Errors{{"admin areas", 1, "empty file"}};
  for (std::size_t i = 0; i < record.fields.size(); ++i)
    column[std::string(trim(record.fields[i]))] = i;
  for (const char* c : {"municipality_code", "municipality_name", "county_code", "county_name"}) {
    if (!column.contains(c)) errors.push_back({c, 1, "missing column"});
  }
  if (!errors.empty()) return errors;
  const auto field = [&](const char* name) {
    const std::size_t i = column.at(name);
    return i < record.fields.size() ? std::string(trim(record.fields[i])) : std::string();
  };
  while (reader.next(record)) {
    MunicipalityInfo m{
        field("municipality_code"), field("municipality_name"), field("county_code"), {}};
    const std::string county = field("county_name");
    if (!is_municipality_code(m.code) || m.name.empty() || m.county_code.size() != 2 ||
        county.empty()) {
      errors.push_back({"admin areas", record.line, "incomplete row"});
      continue;
    }
    places.by_name_[normalise_place_name(m.name)] = places.municipalities_.size();
    places.by_code_[m.code] = places.municipalities_.size();
    places.county_by_name_[normalise_place_name(county)] = m.county_code;
    places.county_names_[m.county_code] = county;
    places.county_members_[m.county_code].push_back(m.code);
    places.municipalities_.push_back(std::move(m));
  }
  json doc;
  try {
    doc = json::parse(polygons_geojson);
  } catch (const json::parse_error& e) {
    errors.push_back({"municipality polygons", 0, e.what()});
    return errors;
  }
  const geo::Projector projector;
  std::unordered_set<std::string> placed;
  if (doc.contains("features") && doc["features"].is_array()) {
    for (const json& f : doc["features"]) {
      const json* id = f.contains("properties") ? &f["properties"]["id"] : nullptr;
      if (!id || !id->is_string() || !f.contains("geometry")) continue;
      const auto it = places.by_code_.find(id->get<std::string>());
      if (it == places.by_code_.end()) continue;
      const auto point = geo::interior_point(f["geometry"].dump());
      if (!point) {
        errors.push_back({"municipality polygons", 0, "no polygon for " + it->first});
        continue;
      }
      places.municipalities_[it->second].point = projector.from_wgs84(point->lat, point->lon);
      placed.insert(it->first);
    }
  }
  for (const MunicipalityInfo& m : places.municipalities_) {
    if (!placed.contains(m.code))
      errors.push_back({"municipality polygons", 0, "no polygon for " + m.code + " " + m.name});
  }
  if (!errors.empty()) return errors;
  return places;
}

const SwedishPlaces::MunicipalityInfo* SwedishPlaces::municipality_by_name(
    std::string_view name) const {
  const auto it = by_name_.find(normalise_place_name(name));
  return it == by_name_.end() ? nullptr : &municipalities_[it->second];
}

const SwedishPlaces::MunicipalityInfo* SwedishPlaces::municipality(std::string_view code) const {
  const auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &municipalities_[it->second];
}

std::optional<std::string> SwedishPlaces::county_by_name(std::string_view name) const {
  const auto it = county_by_name_.find(normalise_place_name(name));
  if (it == county_by_name_.end()) return std::nullopt;
  return it->second;
}

const std::string& SwedishPlaces::county_name(const std::string& county_code) const {
  static const std::string kNone;
  const auto it = county_names_.find(county_code);
  return it == county_names_.end() ? kNone : it->second;
}

const std::vector<std::string>& SwedishPlaces::municipalities_in(
    const std::string& county_code) const {
  static const std::vector<std::string> kNone;
  const auto it = county_members_.find(county_code);
  return it == county_members_.end() ? kNone : it->second;
}

// ---- types -----------------------------------------------------------------------------------

Expected<PoliceTypeTable> PoliceTypeTable::parse(std::string_view csv) {
  Errors errors;
  PoliceTypeTable table;
  CsvReader reader(csv, ',');
  CsvRecord record;
  if (!reader.next(record) || record.fields.size() < 3 || trim(record.fields[0]) != "police_type" ||
      trim(record.fields[1]) != "category" || trim(record.fields[2]) != "kind") {
    return Errors{{"police types", 1, "the header must be police_type,category,kind"}};
  }
  while (reader.next(record)) {
    if (record.error) {
      errors.push_back({"police types", record.line, record.error->reason});
      continue;
    }
    if (record.fields.size() == 1 && trim(record.fields[0]).empty()) continue;
    if (record.fields.size() != 3) {
      errors.push_back({"police types", record.line, "expected 3 columns"});
      continue;
    }
    const std::string type(trim(record.fields[0]));
    Mapping m{std::string(trim(record.fields[1])), PoliceEventKind::incident};
    const std::string_view kind = trim(record.fields[2]);
    if (type.empty()) errors.push_back({"police_type", record.line, "empty"});
    if (kind == "summary")
      m.kind = PoliceEventKind::summary;
    else if (kind != "incident")
      errors.push_back({"kind", record.line, "must be incident or summary"});
    if (m.kind == PoliceEventKind::incident && m.category.empty())
      errors.push_back({"category", record.line, "an incident type needs a category"});
    if (!table.mappings_.emplace(lower(type), m).second)
      errors.push_back({"police_type", record.line, "'" + type + "' is listed twice"});
  }
  if (!errors.empty()) return errors;
  return table;
}

const PoliceTypeTable::Mapping* PoliceTypeTable::find(std::string_view police_type) const {
  const auto it = mappings_.find(lower(trim(police_type)));
  return it == mappings_.end() ? nullptr : &it->second;
}

// ---- resolution ------------------------------------------------------------------------------

PoliceEventResolution resolve_police_event(const PoliceEvent& event, const SwedishPlaces& places,
                                           const PoliceTypeTable& types) {
  PoliceEventResolution r;
  const PoliceTypeTable::Mapping* mapping = types.find(event.type);
  if (!mapping) {
    r.reason = "unknown type '" + event.type + "' (not in the type table)";
    return r;
  }
  r.kind = mapping->kind;
  r.category = mapping->category;
  if (const auto* m = places.municipality_by_name(event.location_name)) {
    r.municipality = m->code;
    r.county_code = m->county_code;
    return r;
  }
  const auto county = places.county_by_name(event.location_name);
  if (!county) {
    r.reason = "unknown place '" + event.location_name + "': neither a municipality nor a county";
    return r;
  }
  r.county_code = *county;
  const std::string_view name = event.name;
  const auto comma = name.rfind(',');
  const std::string_view last = comma == std::string_view::npos ? "" : trim(name.substr(comma + 1));
  const auto* named = places.municipality_by_name(last);
  if (named && named->county_code == *county) {
    r.municipality = named->code;
    return r;
  }
  if (const auto& members = places.municipalities_in(*county); members.size() == 1) {
    r.municipality = members.front();
    return r;
  }
  if (mapping->kind == PoliceEventKind::summary) {
    r.precision = LocationPrecision::county;
    return r;
  }
  r.reason = named ? "unknown place: '" + std::string(last) + "' is not in " + event.location_name
                   : "unknown place: the location is the county '" + event.location_name +
                         "' and the name's last part '" + std::string(last) +
                         "' names no municipality";
  return r;
}

}  // namespace lagesbild::ingest

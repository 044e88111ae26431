#include "geo/polygon_json.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace lagesbild::geo::detail {
namespace {

using nlohmann::json;

// Reads one polygon's rings into `out`, appending a reason to `errors` for each problem; `where`
// names a ring for those reasons.
template <class Where>
void read_polygon(const json& rings, Polygon& out, std::vector<std::string>& errors,
                  const Where& where) {
  if (!rings.is_array() || rings.empty()) {
    errors.push_back(where(0) + " is missing: a polygon needs an array of rings, exterior first");
    return;
  }
  for (std::size_t r = 0; r < rings.size(); ++r) {
    const json& ring = rings[r];
    if (!ring.is_array()) {
      errors.push_back(where(r) + " is not an array of positions");
      continue;
    }
    Ring positions;
    positions.reserve(ring.size());
    bool shape_ok = true;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      const json& p = ring[i];
      // RFC 7946 allows an altitude as a third element; areas are flat, so it is dropped.
      if (!p.is_array() || p.size() < 2 || p.size() > 3 || !p[0].is_number() || !p[1].is_number() ||
          (p.size() == 3 && !p[2].is_number())) {
        errors.push_back(where(r) + " position " + std::to_string(i) +
                         " is not a [lon, lat] pair of numbers");
        shape_ok = false;
        break;
      }
      positions.push_back({p[0].get<double>(), p[1].get<double>()});
    }
    if (!shape_ok) continue;
    if (positions.size() < 4) {
      errors.push_back(where(r) + " has " + std::to_string(positions.size()) +
                       " positions; a closed ring needs at least 4");
      continue;
    }
    if (positions.front() != positions.back()) {
      errors.push_back(where(r) + " is not closed: first position " +
                       format_position(positions.front()) + " differs from last " +
                       format_position(positions.back()));
      continue;
    }
    std::size_t bad = 0, first_bad = 0;
    for (std::size_t i = 0; i + 1 < positions.size(); ++i) {  // the last repeats the first
      const auto [lon, lat] = positions[i];
      if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) && bad++ == 0) first_bad = i;
    }
    if (bad > 0) {
      std::string reason = where(r) + " position " + std::to_string(first_bad) + " " +
                           format_position(positions[first_bad]) +
                           " is outside the WGS84 range (lon -180..180, lat -90..90)";
      if (bad > 1) reason += ", and so are " + std::to_string(bad - 1) + " more";
      errors.push_back(std::move(reason));
      continue;
    }
    out.push_back(std::move(positions));
  }
}

}  // namespace

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string format_position(const Position& p) {
  return "[" + format_number(p[0]) + ", " + format_number(p[1]) + "]";
}

std::string ring_name(const ParsedGeometry& g, std::size_t polygon, std::size_t ring) {
  return (g.multi ? "polygon " + std::to_string(polygon) + " " : std::string()) + "ring " +
         std::to_string(ring);
}

Expected<ParsedGeometry> parse_polygon_geojson(const std::string& text, const std::string& field) {
  const auto fail = [&](std::string reason) -> Expected<ParsedGeometry> {
    return FieldError{field, 0, std::move(reason)};
  };
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix: the rest says where.
    std::string what = e.what();
    if (const auto cut = what.find("] "); cut != std::string::npos) what.erase(0, cut + 2);
    return fail("not JSON: " + what);
  } catch (const json::exception&) {  // out_of_range 406: a number such as 1e999
    return fail("not JSON: a number is out of range");
  }
  if (!doc.is_object() || !doc.contains("type") || !doc["type"].is_string()) {
    return fail("not a GeoJSON geometry: expected an object with a \"type\"");
  }
  ParsedGeometry g;
  const std::string type = doc["type"].get<std::string>();
  if (type == "MultiPolygon") {
    g.multi = true;
  } else if (type != "Polygon") {
    return fail("geometry type is \"" + type + "\"; expected Polygon or MultiPolygon");
  }
  if (!doc.contains("coordinates") || !doc["coordinates"].is_array()) {
    return fail("\"coordinates\" is missing or not an array");
  }
  const json& coords = doc["coordinates"];
  std::vector<std::string> errors;
  if (g.multi) {
    if (coords.empty()) return fail("a MultiPolygon needs at least one polygon");
    for (std::size_t p = 0; p < coords.size(); ++p) {
      Polygon polygon;
      read_polygon(coords[p], polygon, errors, [&](std::size_t r) { return ring_name(g, p, r); });
      g.polygons.push_back(std::move(polygon));
    }
  } else {
    Polygon polygon;
    read_polygon(coords, polygon, errors, [&](std::size_t r) { return ring_name(g, 0, r); });
    g.polygons.push_back(std::move(polygon));
  }
  if (errors.empty()) return g;
  Errors out;
  for (auto& reason : errors) out.push_back({field, 0, std::move(reason)});
  return out;
}

void orient_rfc7946(ParsedGeometry& g) {
  for (Polygon& polygon : g.polygons) {
    for (std::size_t r = 0; r < polygon.size(); ++r) {
      Ring& ring = polygon[r];
      double twice_area = 0;  // shoelace; positive when counter-clockwise
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        twice_area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      }
      const bool exterior = r == 0;
      if ((exterior && twice_area < 0) || (!exterior && twice_area > 0)) {
        std::reverse(ring.begin(), ring.end());
      }
    }
  }
}

std::string to_geojson(const ParsedGeometry& g) {
  using ordered = nlohmann::ordered_json;  // "type" first, as people expect to read it
  const auto polygon_json = [](const Polygon& polygon) {
    ordered rings = ordered::array();
    for (const Ring& ring : polygon) {
      ordered positions = ordered::array();
      for (const auto& [x, y] : ring) positions.push_back({x, y});
      rings.push_back(std::move(positions));
    }
    return rings;
  };
  ordered coords;
  if (g.multi) {
    coords = ordered::array();
    for (const Polygon& p : g.polygons) coords.push_back(polygon_json(p));
  } else {
    coords = polygon_json(g.polygons.at(0));
  }
  return ordered{{"type", g.multi ? "MultiPolygon" : "Polygon"}, {"coordinates", std::move(coords)}}
      .dump();
}

}  // namespace lagesbild::geo::detail

#include "service/national.h"

#include <map>
#include <nlohmann/json.hpp>

#include "geo/geometry.h"
#include "service/service_error.h"

namespace lagesbild {

NationalInit init_national(Store& store, ReferenceService& reference, const Principal& who,
                           std::string_view polygons_geojson) {
  if (!who.local_operator) {
    throw ServiceError(ServiceError::Kind::forbidden,
                       "the national tenant is set up by the operator (lagesbild national init)");
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(polygons_geojson);
  } catch (const nlohmann::json::exception& e) {
    throw ServiceError::invalid("polygons", std::string("not JSON: ") + e.what());
  }
  if (!doc.is_object() || !doc.contains("features") || !doc["features"].is_array()) {
    throw ServiceError::invalid("polygons", "not a GeoJSON FeatureCollection");
  }
  // Check every feature first, so that a bad one stores nothing.
  struct Row {
    std::string code, name, geometry;
  };
  std::vector<Row> rows;
  Errors errors;
  std::map<std::string, std::size_t> seen;
  std::size_t index = 0;
  for (const auto& f : doc["features"]) {
    ++index;
    const std::string where = "feature " + std::to_string(index);
    const auto props =
        f.is_object() ? f.value("properties", nlohmann::json::object()) : nlohmann::json::object();
    const std::string code = props.is_object() && props.contains("id") && props["id"].is_string()
                                 ? props["id"].get<std::string>()
                                 : "";
    const std::string name =
        props.is_object() && props.contains("kom_namn") && props["kom_namn"].is_string()
            ? props["kom_namn"].get<std::string>()
            : "";
    if (!is_municipality_code(code) || code == kNationalCode) {
      errors.push_back({where, 0, "property id must be a municipality code (four digits)"});
      continue;
    }
    if (name.empty()) {
      errors.push_back({where, 0, "property kom_namn (the name) is missing"});
      continue;
    }
    if (!seen.emplace(code, index).second) {
      errors.push_back({where, 0, "municipality " + code + " appears twice"});
      continue;
    }
    if (!f.contains("geometry")) {
      errors.push_back({where, 0, "has no geometry"});
      continue;
    }
    auto geometry = geo::normalise_area_geometry(f["geometry"].dump(), where, /*repair=*/true);
    if (!geometry) {
      for (const auto& e : geometry.errors()) errors.push_back(e);
      continue;
    }
    rows.push_back({code, name, *geometry});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));

  NationalInit out;
  std::map<std::string, Municipality> existing;
  for (const Municipality& m : store.municipalities()) existing.emplace(m.code, m);
  if (!existing.count(std::string(kNationalCode))) {
    reference.create_municipality(who, {std::string(kNationalCode), "Riket", 7, ""});
  }
  std::map<std::string, Id> areas;
  for (const Area& a : store.areas(std::string(kNationalCode))) areas.emplace(a.name, a.id);
  for (const Row& r : rows) {
    std::string name = r.name;
    if (const auto it = existing.find(r.code); it != existing.end()) {
      name = it->second.name;
    } else {
      reference.create_municipality(who, {r.code, r.name, 7, ""});
      ++out.municipalities_created;
    }
    if (areas.count(name)) {
      ++out.areas_kept;
      continue;
    }
    Area a;
    a.municipality = std::string(kNationalCode);
    a.name = name;
    a.kind = "kommun";
    a.geometry_geojson = r.geometry;
    reference.create_area(who, a, /*repair=*/true);
    ++out.areas_created;
  }
  return out;
}

}  // namespace lagesbild

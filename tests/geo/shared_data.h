// Test helpers: the real municipality polygons from shared/data (LB_SHARED_DATA).
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/model.h"

namespace lagesbild::geo::testing {

struct MunicipalityShape {
  std::string code, name, county;
  std::string geometry;     // GeoJSON Polygon or MultiPolygon, WGS84
  double lat = 0, lon = 0;  // the file's geo_point_2d
};

inline const std::vector<MunicipalityShape>& municipalities() {
  static const std::vector<MunicipalityShape> all = [] {
    std::ifstream in(LB_SHARED_DATA "/swedish_municipalities.geojson");
    if (!in) throw std::runtime_error("cannot open swedish_municipalities.geojson");
    const auto doc = nlohmann::json::parse(in);
    std::vector<MunicipalityShape> out;
    for (const auto& f : doc.at("features")) {
      const auto& props = f.at("properties");
      out.push_back({props.at("id"), props.at("kom_namn"), props.at("lan_code"),
                     f.at("geometry").dump(), props.at("geo_point_2d").at(0),
                     props.at("geo_point_2d").at(1)});
    }
    return out;
  }();
  return all;
}

// The municipalities of a county as areas, id = municipality code (Borlänge 2081).
inline std::vector<Area> county_areas(const std::string& county) {
  std::vector<Area> out;
  for (const auto& m : municipalities()) {
    if (m.county == county)
      out.push_back({std::stoll(m.code), m.code, m.name, "kommun", m.geometry});
  }
  return out;
}

}  // namespace lagesbild::geo::testing

#include "server/analysis_json.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "service/service_error.h"

namespace lagesbild::server {
namespace {

using json = nlohmann::json;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

bool is_hotspot_format(std::string_view format) { return format == "geojson" || format == "csv"; }

SituationDocument render_hotspots(const HotspotMap& map, std::string_view format,
                                  const std::string& field) {
  const std::string base = "hotspots-" + map.municipality + "-" + map.period.label();
  if (format == "csv") {
    std::string out = "id,value,z,p,p_sim,class,row,col,x,y\r\n";
    for (const HotspotCell& c : map.cells) {
      out += std::to_string(c.cell) + "," + number(c.count) + "," + number(c.z) + "," +
             number(c.p) + "," + number(c.p_sim) + "," + std::to_string(c.bin) + "," +
             std::to_string(c.row) + "," + std::to_string(c.col) + "," + number(c.x) + "," +
             number(c.y) + "\r\n";
    }
    return {out, "text/csv; charset=utf-8", base + ".csv"};
  }
  if (format != "geojson") throw ServiceError::invalid(field, "must be geojson or csv");
  json features = json::array();
  for (const HotspotCell& c : map.cells) {
    json ring = json::array();
    for (const auto& [lon, lat] : c.ring_wgs84) ring.push_back({lon, lat});
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}},
                        {"properties",
                         {{"id", c.cell},
                          {"count", c.count},
                          {"z", c.z},
                          {"p", c.p},
                          {"p_sim", c.p_sim},
                          {"q", c.q},
                          {"class", c.bin}}}});
  }
  const json doc = {{"type", "FeatureCollection"},
                    {"municipality", map.municipality},
                    {"period", map.period.label()},
                    {"cell_size", map.cell_size},
                    {"rows", map.rows},
                    {"cols", map.cols},
                    {"reports", map.reports},
                    {"method",
                     "Getis–Ord Gi* (queen, binary, self included), "
                     "conditional permutations, Benjamini–Hochberg classes"},
                    {"features", features}};
  return {doc.dump(-1, ' ', false, json::error_handler_t::replace), "application/geo+json",
          base + ".geojson"};
}

}  // namespace lagesbild::server

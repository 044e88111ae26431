#include "server/analysis_json.h"

#include <cmath>
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

bool is_near_repeat_format(std::string_view format) { return format == "json" || format == "csv"; }

SituationDocument render_near_repeat(const NearRepeatTable& table, std::string_view format,
                                     const std::string& field) {
  const auto& r = table.result;
  const std::string base = "nearrepeat-" + table.municipality + "-" + table.period.label();
  // JSON has no infinity: a ratio over an expected count of 0 is null.
  const auto finite = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  if (format == "csv") {
    std::string out = "spatial_band,temporal_band,observed,expected,knox_ratio,p\r\n";
    for (std::size_t i = 0; i < r.spatial.size(); ++i) {
      for (std::size_t j = 0; j < r.temporal.size(); ++j) {
        const auto& c = r.cell(i, j);
        out += "\"" + r.spatial[i].label + "\",\"" + r.temporal[j].label + "\"," +
               std::to_string(c.observed) + "," + number(c.simulated_mean) + "," +
               (std::isfinite(c.knox_ratio) ? number(c.knox_ratio) : "") + "," + number(c.p_value) +
               "\r\n";
      }
    }
    return {out, "text/csv; charset=utf-8", base + ".csv"};
  }
  if (format != "json") throw ServiceError::invalid(field, "must be json or csv");
  const auto bands = [](const std::vector<analysis::KnoxBand>& list) {
    json out = json::array();
    for (const auto& b : list) {
      out.push_back({{"label", b.label},
                     {"nrc_label", b.nrc_label},
                     {"from", b.from},
                     {"to", std::isfinite(b.to) ? json(b.to) : json(nullptr)},
                     {"from_excluded", b.from_excluded},
                     {"same_location", b.same_location}});
    }
    return out;
  };
  json cells = json::array();
  for (std::size_t i = 0; i < r.spatial.size(); ++i) {
    json row = json::array();
    for (std::size_t j = 0; j < r.temporal.size(); ++j) {
      const auto& c = r.cell(i, j);
      row.push_back({{"observed", c.observed},
                     {"expected", c.simulated_mean},
                     {"sd", c.simulated_sd},
                     {"knox_ratio", finite(c.knox_ratio)},
                     {"p", c.p_value}});
    }
    cells.push_back(row);
  }
  const auto& o = table.options;
  const json doc = {
      {"municipality", table.municipality},
      {"period", table.period.label()},
      {"reports", table.reports},
      {"options",
       {{"spatial_bandwidth", o.spatial_bandwidth},
        {"spatial_bands", o.spatial_bands},
        {"temporal_bandwidth", o.temporal_bandwidth},
        {"temporal_bands", o.temporal_bands},
        {"metric", o.metric == analysis::DistanceMetric::manhattan ? "manhattan" : "euclidean"},
        {"permutations", r.permutations},
        {"seed", o.seed}}},
      {"pairs", r.pairs},
      {"near_pairs", r.near_pairs},
      {"spatial", bands(r.spatial)},
      {"temporal", bands(r.temporal)},
      {"cells", cells}};
  return {doc.dump(-1, ' ', false, json::error_handler_t::replace), "application/json",
          base + ".json"};
}

}  // namespace lagesbild::server

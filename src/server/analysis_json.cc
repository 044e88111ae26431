#include "server/analysis_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "report/csv_field.h"
#include "service/service_error.h"

namespace lagesbild::server {
namespace {

using json = nlohmann::json;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// A cell as a GeoJSON polygon feature: its closed ring of [lon, lat] and its properties.
json cell_feature(const std::vector<std::array<double, 2>>& ring_wgs84, json properties) {
  json ring = json::array();
  for (const auto& [lon, lat] : ring_wgs84) ring.push_back({lon, lat});
  return {{"type", "Feature"},
          {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}},
          {"properties", std::move(properties)}};
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
    features.push_back(cell_feature(c.ring_wgs84, {{"id", c.cell},
                                                   {"count", c.count},
                                                   {"z", c.z},
                                                   {"p", c.p},
                                                   {"p_sim", c.p_sim},
                                                   {"q", c.q},
                                                   {"class", c.bin}}));
  }
  const json doc = {{"type", "FeatureCollection"},
                    {"municipality", map.municipality},
                    {"period", map.period.label()},
                    {"cell_size", map.cell_size},
                    {"rows", map.rows},
                    {"cols", map.cols},
                    {"reports", map.reports},
                    {"method",
                     "Getis–Ord Gi* (queen neighbours of squares or the six of hexagons, binary, "
                     "self included), conditional permutations, Benjamini–Hochberg classes"},
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

bool is_density_format(std::string_view format) { return format == "json" || format == "asc"; }

SituationDocument render_density(const DensityMap& map, std::string_view format,
                                 const std::string& field) {
  const std::string base = "density-" + map.municipality + "-" + map.period.label();
  const auto& spec = map.raster.raster;
  constexpr double kPerKm2 = 1e6;
  if (format == "asc") {
    std::string out = "ncols " + std::to_string(spec.cols) + "\nnrows " +
                      std::to_string(spec.rows) + "\nxllcorner " + number(spec.origin_x) +
                      "\nyllcorner " + number(spec.origin_y) + "\ncellsize " +
                      number(spec.cell_size) + "\nNODATA_value -9999\n";
    for (int row = spec.rows - 1; row >= 0; --row) {
      for (int col = 0; col < spec.cols; ++col) {
        if (col) out += ' ';
        out += number(map.raster.at(row, col) * kPerKm2);
      }
      out += '\n';
    }
    return {out, "text/plain; charset=utf-8", base + ".asc"};
  }
  if (format != "json") throw ServiceError::invalid(field, "must be json or asc");
  json values = json::array();
  double max = 0;
  for (double v : map.raster.density) {
    // 1e-4 reports per km² is far below what a map can show, and keeps the answer small.
    values.push_back(std::round(v * kPerKm2 * 1e4) / 1e4);
    max = std::max(max, v * kPerKm2);
  }
  const json doc = {
      {"municipality", map.municipality},
      {"period", map.period.label()},
      {"reports", map.reports},
      {"kernel", map.kernel == analysis::DensityKernel::kQuartic ? "quartic" : "gaussian"},
      {"bandwidth", map.bandwidth},
      {"bandwidth_meaning", map.kernel == analysis::DensityKernel::kQuartic
                                ? "search radius (ArcGIS, CrimeStat)"
                                : "standard deviation"},
      {"crs", "EPSG:3006"},
      {"origin_x", spec.origin_x},
      {"origin_y", spec.origin_y},
      {"cell_size", spec.cell_size},
      {"cols", spec.cols},
      {"rows", spec.rows},
      {"south_west", {map.south_west[0], map.south_west[1]}},
      {"north_east", {map.north_east[0], map.north_east[1]}},
      {"unit", "reports per km²"},
      {"max", max},
      {"values", values}};
  return {doc.dump(-1, ' ', false, json::error_handler_t::replace), "application/json",
          base + ".json"};
}

std::string_view swedish_pattern_name(analysis::EmergingPattern pattern) {
  using P = analysis::EmergingPattern;
  switch (pattern) {
    case P::no_pattern:
      return "Inget mönster";
    case P::new_hot_spot:
      return "Ny hotspot";
    case P::consecutive_hot_spot:
      return "Sammanhängande hotspot";
    case P::intensifying_hot_spot:
      return "Intensifierad hotspot";
    case P::persistent_hot_spot:
      return "Ihållande hotspot";
    case P::diminishing_hot_spot:
      return "Avtagande hotspot";
    case P::sporadic_hot_spot:
      return "Sporadisk hotspot";
    case P::oscillating_hot_spot:
      return "Växlande hotspot";
    case P::historical_hot_spot:
      return "Historisk hotspot";
    case P::new_cold_spot:
      return "Ny coldspot";
    case P::consecutive_cold_spot:
      return "Sammanhängande coldspot";
    case P::intensifying_cold_spot:
      return "Intensifierad coldspot";
    case P::persistent_cold_spot:
      return "Ihållande coldspot";
    case P::diminishing_cold_spot:
      return "Avtagande coldspot";
    case P::sporadic_cold_spot:
      return "Sporadisk coldspot";
    case P::oscillating_cold_spot:
      return "Växlande coldspot";
    case P::historical_cold_spot:
      return "Historisk coldspot";
  }
  return "Inget mönster";
}

bool is_emerging_format(std::string_view format) { return format == "geojson" || format == "csv"; }

SituationDocument render_emerging(const EmergingMap& map, std::string_view format,
                                  const std::string& field) {
  const std::string base = "emerging-" + map.municipality + "-" + map.period.label();
  if (format == "csv") {
    std::string out = "id,pattern,count,hot_slices,cold_slices,z_trend,p_trend\r\n";
    for (const EmergingCell& c : map.cells) {
      out += std::to_string(c.cell) + ",\"" + std::string(analysis::pattern_name(c.pattern)) +
             "\"," + number(c.count) + "," + std::to_string(c.hot_slices) + "," +
             std::to_string(c.cold_slices) + "," + number(c.z_trend) + "," + number(c.p_trend) +
             "\r\n";
    }
    return {out, "text/csv; charset=utf-8", base + ".csv"};
  }
  if (format != "geojson") throw ServiceError::invalid(field, "must be geojson or csv");
  json features = json::array();
  for (const EmergingCell& c : map.cells) {
    features.push_back(cell_feature(c.ring_wgs84, {{"id", c.cell},
                                                   {"pattern", analysis::pattern_name(c.pattern)},
                                                   {"pattern_sv", swedish_pattern_name(c.pattern)},
                                                   {"pattern_code", static_cast<int>(c.pattern)},
                                                   {"count", c.count},
                                                   {"hot_slices", c.hot_slices},
                                                   {"cold_slices", c.cold_slices},
                                                   {"z_trend", c.z_trend},
                                                   {"p_trend", c.p_trend}}));
  }
  const json doc = {{"type", "FeatureCollection"},
                    {"municipality", map.municipality},
                    {"period", map.period.label()},
                    {"cell_size", map.cell_size},
                    {"slice", map.slice},
                    {"slices", map.slices},
                    {"reports", map.reports},
                    {"method",
                     "Gi* per slice (queen neighbours among cells with reports, self included, "
                     "Benjamini–Hochberg), Mann–Kendall trend of z, ArcGIS's 17 patterns"},
                    {"features", features}};
  return {doc.dump(-1, ' ', false, json::error_handler_t::replace), "application/geo+json",
          base + ".geojson"};
}

std::string_view moran_cluster_name(analysis::Quadrant q) {
  switch (q) {
    case analysis::Quadrant::high_high:
      return "High-High";
    case analysis::Quadrant::low_low:
      return "Low-Low";
    case analysis::Quadrant::high_low:
      return "High-Low";
    case analysis::Quadrant::low_high:
      return "Low-High";
    case analysis::Quadrant::none:
      break;
  }
  return "";
}

SituationDocument render_area_hotspots(const AreaHotspotMap& map, std::string_view format,
                                       const std::string& field) {
  const std::string base = "area-hotspots-" + map.municipality + "-" + map.period.label();
  if (format == "csv") {
    std::string out =
        "id,name,value,z,p,p_sim,class,count,area_km2,neighbours,moran_i,moran_z,moran_p,"
        "moran_cluster\r\n";
    for (const AreaHotspot& a : map.areas) {
      std::string neighbours;
      for (Id id : a.neighbours) neighbours += (neighbours.empty() ? "" : " ") + std::to_string(id);
      out += std::to_string(a.area_id) + ",";
      report::append_csv_text(out, a.name);
      out += "," + number(a.value) + "," + number(a.z) + "," + number(a.p) + "," + number(a.p_sim) +
             "," + std::to_string(a.bin) + "," + number(a.count) + "," + number(a.area_km2) + "," +
             neighbours + "," + number(a.moran_i) + "," + number(a.moran_z) + "," +
             number(a.moran_p) + "," + std::string(moran_cluster_name(a.moran_cluster)) + "\r\n";
    }
    return {out, "text/csv; charset=utf-8", base + ".csv"};
  }
  if (format != "geojson") throw ServiceError::invalid(field, "must be geojson or csv");
  json features = json::array();
  for (const AreaHotspot& a : map.areas) {
    features.push_back({{"type", "Feature"},
                        {"geometry", json::parse(a.geometry_geojson)},
                        {"properties",
                         {{"id", a.area_id},
                          {"name", a.name},
                          {"count", a.count},
                          {"value", a.value},
                          {"area_km2", a.area_km2},
                          {"neighbours", a.neighbours},
                          {"z", a.z},
                          {"p", a.p},
                          {"p_sim", a.p_sim},
                          {"q", a.q},
                          {"class", a.bin},
                          {"moran_i", a.moran_i},
                          {"moran_z", a.moran_z},
                          {"moran_p", a.moran_p},
                          {"moran_cluster", moran_cluster_name(a.moran_cluster)}}}});
  }
  const json doc = {
      {"type", "FeatureCollection"},
      {"municipality", map.municipality},
      {"period", map.period.label()},
      {"contiguity", map.contiguity},
      {"tolerance", map.tolerance},
      {"measure", map.measure},
      {"reports", map.reports},
      {"unassigned", map.unassigned},
      {"isolates", map.isolates},
      {"method",
       "Getis–Ord Gi* (binary, self included) and local Moran (row-standardised) per area, "
       "neighbours from the boundaries within the tolerance, conditional permutations, "
       "Benjamini–Hochberg classes"},
      {"features", features}};
  return {doc.dump(-1, ' ', false, json::error_handler_t::replace), "application/geo+json",
          base + ".geojson"};
}

bool is_comparison_format(std::string_view format) { return format == "json" || format == "csv"; }

SituationDocument render_method_comparison(const MethodComparisonResult& result,
                                           std::string_view format, const std::string& field) {
  const auto& c = result.comparison;
  const std::string base = "hotspot-methods-" + result.municipality + "-" + result.period.label();
  const auto day = [&](int slice) { return result.slice_days.at(static_cast<std::size_t>(slice)); };
  if (format == "csv") {
    std::string out = "method,first_day,events,cells_selected,hits,hit_rate,pai,pei\r\n";
    for (const auto& m : c.methods) {
      for (const auto& s : m.slices) {
        out += std::string(analysis::method_name(m.method)) + "," + day(s.slice) + "," +
               number(s.events) + "," + std::to_string(s.quality.cells_selected) + "," +
               number(s.quality.hits) + "," + number(s.quality.hit_rate) + "," +
               number(s.quality.pai) + "," + number(s.quality.pei) + "\r\n";
      }
    }
    return {out, "text/csv; charset=utf-8", base + ".csv"};
  }
  if (format != "json") throw ServiceError::invalid(field, "must be json or csv");
  json methods = json::array();
  std::string best;
  double best_pai = -1;
  for (const auto& m : c.methods) {
    json weeks = json::array();
    for (const auto& s : m.slices) {
      weeks.push_back({{"first_day", day(s.slice)},
                       {"events", s.events},
                       {"hits", s.quality.hits},
                       {"hit_rate", s.quality.hit_rate},
                       {"pai", s.quality.pai},
                       {"pei", s.quality.pei},
                       {"tied_beyond_cutoff", s.quality.tied_beyond_cutoff}});
    }
    const std::string name(analysis::method_name(m.method));
    if (!m.slices.empty() && m.mean_pai > best_pai) {
      best_pai = m.mean_pai;
      best = name;
    }
    methods.push_back({{"method", name},
                       {"mean_pai", m.mean_pai},
                       {"mean_hit_rate", m.mean_hit_rate},
                       {"mean_pei", m.mean_pei},
                       {"weeks", weeks}});
  }
  json skipped = json::array();
  for (int s : c.skipped_slices) skipped.push_back(day(s));
  const auto& r = result.request;
  const json doc = {{"municipality", result.municipality},
                    {"period", result.period.label()},
                    {"training_weeks", r.training_weeks},
                    {"cell_size", r.cell_size},
                    {"area_share", r.area_share},
                    {"bandwidth", r.bandwidth},
                    {"reports", result.reports},
                    {"study_cells", c.study_cells},
                    {"cells_selected", c.cells_selected},
                    {"skipped_weeks", skipped},
                    {"best", best.empty() ? json(nullptr) : json(best)},
                    {"methods", methods}};
  return {doc.dump(-1, ' ', false, json::error_handler_t::replace), "application/json",
          base + ".json"};
}

}  // namespace lagesbild::server

// Hotspot maps as GeoJSON (cells with their counts, z, p and class) and CSV
// (id,value,z,p,p_sim,class, the columns of `analyse gistar`), for the API and the CLI.
//
// Owns: the output shapes of AnalysisService results. May use: service/analysis_service.h.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "server/situation_formats.h"
#include "service/analysis_service.h"

namespace lagesbild::server {

// format: geojson (default) or csv; anything else is ServiceError(invalid) naming `field`.
bool is_hotspot_format(std::string_view format);
SituationDocument render_hotspots(const HotspotMap& map, std::string_view format,
                                  const std::string& field = "format");

// The Knox table as JSON (bands with their exact intervals, cells with observed, expected,
// ratio, p) or CSV (one row per cell).
bool is_near_repeat_format(std::string_view format);
SituationDocument render_near_repeat(const NearRepeatTable& table, std::string_view format,
                                     const std::string& field = "format");

// The density raster as JSON (the raster's geometry in SWEREF 99 TM and WGS84 corners, values in
// reports per km², row 0 = south, for the web map's overlay) or as an ESRI ASCII grid ("asc":
// rows from north to south, as GIS tools read it).
bool is_density_format(std::string_view format);
SituationDocument render_density(const DensityMap& map, std::string_view format,
                                 const std::string& field = "format");

// Emerging hot spots as GeoJSON (one polygon per cell with its pattern, in ArcGIS's English name
// and in Swedish) or CSV (id,pattern,count,hot_slices,cold_slices,z_trend,p_trend).
bool is_emerging_format(std::string_view format);
SituationDocument render_emerging(const EmergingMap& map, std::string_view format,
                                  const std::string& field = "format");

// Gi* and local Moran per area as GeoJSON (each area's geometry with count, value, z, p, p_sim,
// q, class, its neighbours' ids and its Moran cluster) or CSV (id,name,value,z,p,p_sim,class,
// count,area_km2,neighbours,moran_i,moran_z,moran_p,moran_cluster).
SituationDocument render_area_hotspots(const AreaHotspotMap& map, std::string_view format,
                                       const std::string& field = "format");

// The comparison of hotspot methods on held-out weeks as JSON (per method the mean PAI, hit rate
// and PEI and every week's figures; "best" is the method with the highest mean PAI) or CSV (one
// row per method and week: method,first_day,events,cells_selected,hits,hit_rate,pai,pei).
bool is_comparison_format(std::string_view format);
SituationDocument render_method_comparison(const MethodComparisonResult& result,
                                           std::string_view format,
                                           const std::string& field = "format");

// The local Moran cluster's name as GeoDa writes it: "High-High", "Low-Low", "High-Low",
// "Low-High", or "" when not significant.
std::string_view moran_cluster_name(analysis::Quadrant q);

// The Swedish name of an emerging hot spot pattern ("Ny hotspot", ..., "Inget mönster").
std::string_view swedish_pattern_name(analysis::EmergingPattern pattern);

}  // namespace lagesbild::server

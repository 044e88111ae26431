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

}  // namespace lagesbild::server

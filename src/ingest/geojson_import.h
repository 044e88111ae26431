// Reports from a GeoJSON FeatureCollection, as GIS tools (and report/export.h) write them.
//
// Owns: the GeoJSON report format. May use: domain/, geo/, ingest/report_draft.h, nlohmann-json.
// Pure: no I/O.
//
// Each feature is one report: its geometry is a Point [lon, lat] (WGS84) or null; its properties
// use the CSV column names (see csv_import.h) except the coordinates: category, organisation,
// occurred_at (or occurred_from), occurred_to, place, area, count, severity, description,
// external_id, and the export's id, municipality, source, status, created_at (municipality must
// be the context's; the others are ignored). Values are strings or numbers; null means not given.
#pragma once

#include <string_view>
#include <vector>

#include "domain/expected.h"
#include "domain/model.h"
#include "geo/projection.h"
#include "ingest/report_draft.h"

namespace lagesbild::ingest {

struct GeoJsonImport {
  std::vector<Report> reports;  // the valid features, in document order
  // Every problem, addressed by JSON pointer ("/features/3/properties/category"), line 0; a
  // repeated external_id of an organisation is reported on the later feature. The caller stores
  // all reports or none: empty means all good.
  Errors errors;
};

// Parses and resolves every feature; `base` is applied to each (set `now` and `source`).
GeoJsonImport parse_reports_geojson(std::string_view content, const ReportContext& ctx,
                                    const geo::Projector& projector, const ResolveOptions& base);

}  // namespace lagesbild::ingest

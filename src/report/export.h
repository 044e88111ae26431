// Reports as files for other tools: CSV (Excel, statistics packages) and GeoJSON (GIS).
//
// Owns: the export formats. May use: domain/, the reference data of ingest::ReportContext and
// the personal data guard (ingest/personal_data.h). Pure: no I/O. Thread-safe.
//
// Both formats use the column names of the CSV import (ingest/csv_import.h), so an exported file
// imports again: id, municipality (code), organisation (name), category (code), occurred_at,
// occurred_to, lat, lon, place (name), area (name), count, severity, description, source,
// external_id, status, created_at. Times are local Europe/Stockholm with their offset
// (format_local); coordinates are WGS84 written exactly (shortest round-trip form). A place or
// area whose name is not in the context is written as "#id", which the import also reads.
// Exports leave the system (meetings, partners, GIS), so the description is written with
// personal data masked (ingest/personal_data.h) for every reader.
#pragma once

#include <span>
#include <string>

#include "domain/model.h"
#include "ingest/report_draft.h"

namespace lagesbild::report {

// RFC 4180 CSV with a header line, `,` separators and CRLF line ends; fields with a separator,
// quote or line break are quoted. Reports in the given order. A text cell that starts with
// = + - @ tab CR or ' gets a leading ' so spreadsheets never run it as a formula; the import
// removes it again (ingest::unguard_cell).
// Names come from `ctx` (the reports' municipality).
std::string reports_to_csv(std::span<const Report> reports, const ingest::ReportContext& ctx);

// A GeoJSON FeatureCollection: one Feature per report with a Point [lon, lat] geometry, or a null
// geometry for a report without a point (an area-only report); properties as the CSV columns
// without lat and lon, absent values as null.
std::string reports_to_geojson(std::span<const Report> reports, const ingest::ReportContext& ctx);

}  // namespace lagesbild::report

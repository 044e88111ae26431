// The compiled lägesbild as data files for other tools: the area × category cells as CSV (Excel,
// statistics packages) and the areas with their change and status as GeoJSON (GIS).
//
// Owns: these two formats. May use: report/situation_picture.h, report/situation_view.h,
// report/csv_field.h,
// nlohmann-json. Pure: no I/O. Thread-safe. Neither file carries report texts or points: they
// are aggregates any reader of the picture may pass on.
#pragma once

#include <string>

#include "report/situation_picture.h"

namespace lagesbild::report {

// RFC 4180 CSV, `,` separated, CRLF line ends, a header line and one line per cell of
// pic.situation.cells in the analysis' order (flagged first, then by q):
//   area, category, category_name, current, previous, last_year, baseline_mean, baseline_sd,
//   expected, ratio, p_rise, p_fall, q, flagged, direction, early_warning
// `area` is empty for the whole municipality; `category` is the code. Decimals are written with
// a point in their shortest exact form; `ratio` is empty when nothing was expected; `flagged` and
// `early_warning` are true/false; `direction` is rise, fall or empty. Names get the formula guard
// of reports_to_csv (a leading ').
std::string situation_csv(const SituationPicture& pic);

// A GeoJSON FeatureCollection with one Feature per area of the picture (pic.areas order): the
// area's WGS84 geometry (null if it does not parse), "id" the area id, and properties
//   name, status ("green".."red", or null when never set), status_name ("grön".., or null),
//   current (reports in the period, over root categories), expected (the baseline mean),
//   ratio (current / expected, null when nothing was expected), flagged (cells flagged),
//   early_warnings (cells with an EWMA alarm).
// The collection carries "municipality" and "period" (its label) as foreign members.
std::string situation_geojson(const SituationPicture& pic);

}  // namespace lagesbild::report

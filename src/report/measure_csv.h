// The measures register as CSV: one row per measure, names instead of ids, for the steering
// group's spreadsheet and the yearly inventory (docs/MEASURES.md lists the columns).
//
// Owns: the export's columns. May use: domain/, ingest/ (ReportContext for names),
// report/csv_field.h. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "domain/measure.h"
#include "ingest/report_draft.h"

namespace lagesbild::report {

// The header and one row per measure, UTF-8 with CRLF line ends (RFC 4180). Lists (areas,
// partners ...) are joined with "; ". Free text is guarded against formula injection.
std::string measures_to_csv(const std::vector<Measure>& measures, const ingest::ReportContext& ctx);

// The column names, in order.
const std::vector<std::string>& measure_csv_columns();

}  // namespace lagesbild::report

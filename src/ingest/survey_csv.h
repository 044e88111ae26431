// Survey indicator tables (trygghetsmätningar) from CSV, as the survey's publisher or the
// municipality's analyst exports them from a spreadsheet.
//
// Owns: the survey CSV format and its checks. May use: domain/, ingest/csv_reader.h,
// ingest/report_draft.h (ReportContext for area names). Pure: no I/O. Thread-safe.
//
// The format. The first line names the columns (case-insensitive, trimmed, Swedish aliases in
// brackets):
//   area        [område]      an area of the municipality by name or id; empty, "*", "kommunen",
//                             "hela kommunen" or the municipality's name or code: the whole
//                             municipality
//   year        [år]          2000..2100
//   indicator   [indikator]   the question/answer, e.g. "känner sig otrygg ute sent på kvällen"
//   value       [share, andel] the share who answered so, 0..1 ("0.34" or "0,34")
//   n           [respondents, svarande, antal_svar]  respondents behind the share, a whole
//                             number > 0
// Every column is required. The separator is `;` or `,` (chosen by the header). Rows whose cells
// are all empty are skipped. A second row for the same (area, year, indicator) is an error on
// the later line.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/expected.h"
#include "domain/survey.h"
#include "ingest/report_draft.h"

namespace lagesbild::ingest {

struct SurveyCsv {
  std::vector<SurveyValue> values;  // the valid rows, in file order (municipality set, id 0)
  std::vector<std::int64_t> lines;  // lines[i]: the line of values[i]
  // Every problem, by line: header errors (line 1; then no rows are read), then one per bad
  // field of each row, named by the header's spelling of the column. Empty means all good; the
  // caller stores all rows or none.
  Errors errors;
};

SurveyCsv parse_survey_csv(std::string_view content, const ReportContext& ctx);

}  // namespace lagesbild::ingest

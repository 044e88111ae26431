// Reports from a CSV file, as organisations with their own systems (or Excel) send them.
//
// Owns: the CSV report format: its columns, number formats, and the checks that span rows.
// May use: domain/, geo/, ingest/csv_reader.h, ingest/report_draft.h. Pure: no I/O.
// Thread-safety: parse_reports_csv may be called concurrently (it only reads the context).
//
// The format. The first line names the columns; names are case-insensitive and trimmed:
//   occurred_at (or occurred_from)    required: when, see parse_timestamp in domain/time.h
//   category, organisation            required columns (an empty organisation cell means the
//                                     default organisation of ResolveOptions)
//   lat and lon | x and y | place | area    at least one way to say where
//   occurred_to, count, severity, description, external_id      optional
//   id, municipality, source, status, created_at   written by the export (report/export.h) and
//                                     accepted so an export imports again; municipality must be
//                                     the context's, the others are ignored (a new report gets a
//                                     new id, this import's source, now and status submitted).
// The separator is `;` or `,`, chosen by the header (report/export.h writes `,`; Swedish Excel
// writes `;`). Coordinates accept a decimal comma ("60,4858") as well as a point. Rows whose
// cells are all empty are skipped (Excel writes them).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/expected.h"
#include "domain/model.h"
#include "ingest/report_draft.h"

namespace lagesbild::ingest {

struct CsvImport {
  std::vector<Report> reports;      // the rows that are valid, in file order
  std::vector<std::int64_t> lines;  // lines[i]: the line where reports[i] starts
  // Every problem in the file, ordered by line: header errors (line 1, and then no rows are
  // read), one or more per bad row (the line where its record starts, or for a CSV syntax or
  // encoding error the line of the offending byte), and a repeated external_id of an
  // organisation (on the later line). The caller stores all rows or none: empty means all good.
  Errors errors;
};

// Parses and resolves a whole CSV file held in memory (100 MB for 1M rows is fine).
// `base` is applied to every row (its `line` is replaced by each row's line; set `now` and
// `source`). The rows are split into `threads` contiguous parts (0 = one per core, at most 8, for
// files of a megabyte or more, else 1), each resolved on its own thread with its own
// geo::Projector; the result is the same for any number of threads.
CsvImport parse_reports_csv(std::string_view content, const ReportContext& ctx,
                            const ResolveOptions& base, int threads = 0);

}  // namespace lagesbild::ingest

// Reports from a CSV file, as organisations with their own systems (or Excel) send them.
//
// Owns: the CSV report format: its columns, number formats, and the checks that span rows.
// May use: domain/, geo/, ingest/csv_reader.h, ingest/report_draft.h. Pure: no I/O.
// Thread-safety: parse_reports_csv may be called concurrently (it only reads the context); a
// CsvReportStream is used by one thread (it runs its own worker).
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
// cells are all empty are skipped (Excel writes them). Text cells lose the export's formula
// guard (see unguard_cell).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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

// The same parse, handed over chunk by chunk while it runs: for an import that stores chunk k
// while chunk k+1 is parsed. One worker thread (with its own geo::Projector) reads the file in
// order, one chunk ahead of the caller; at most a few chunks wait, so memory stays bounded.
//
// The reports, their order and the errors are exactly those of parse_reports_csv. A chunk is
// handed over only while the file is clean up to its end, so a caller that receives reports and
// later finds errors must discard what it received (e.g. roll back). `content`, `ctx` and `base`
// must outlive the stream. Destroying the stream early (e.g. when storing failed) stops and joins
// the worker.
// Undoes the export's formula guard (report/export.h): "'=x" → "=x", "''x" → "'x". Any other
// cell, including "'abc", is returned as it is.
std::string_view unguard_cell(std::string_view cell);

class CsvReportStream {
 public:
  static constexpr std::size_t kDefaultChunkBytes = std::size_t{8} << 20;

  // Reads the header at once (its errors end the stream before any chunk) and starts the worker.
  // A chunk ends at the first record boundary at or after `chunk_bytes` of input (at least one
  // record per chunk, so tests may pass 1); the first chunks are smaller (from 1/16 of that,
  // doubling) so the caller can start early.
  CsvReportStream(std::string_view content, const ReportContext& ctx, const ResolveOptions& base,
                  std::size_t chunk_bytes = kDefaultChunkBytes);
  ~CsvReportStream();
  CsvReportStream(const CsvReportStream&) = delete;
  CsvReportStream& operator=(const CsvReportStream&) = delete;

  // Replaces `out` with the next chunk's reports (never empty) and returns true; returns false,
  // with `out` empty, at the end of the file or once an error has been found. Waits for the
  // worker. Rethrows what the worker threw (an exception, not an input error).
  bool next(std::vector<Report>& out);

  // Waits until the whole file is parsed (also after next() stopped early) and returns every
  // error, as CsvImport::errors of parse_reports_csv: empty means every report was handed over.
  // Call once, after next() returned false. Rethrows what the worker threw.
  Errors finish();

 private:
  struct State;
  Errors header_errors_;  // when the header is bad: no worker, no state
  std::unique_ptr<State> state_;
};

// CsvReportStream as a loop: calls `consume` with each chunk on the calling thread, in file
// order, and returns every error (see CsvReportStream::finish). If `consume` throws, the worker
// is stopped and the exception propagates.
Errors parse_reports_csv_streaming(std::string_view content, const ReportContext& ctx,
                                   const ResolveOptions& base,
                                   const std::function<void(std::vector<Report>&&)>& consume,
                                   std::size_t chunk_bytes = CsvReportStream::kDefaultChunkBytes);

}  // namespace lagesbild::ingest

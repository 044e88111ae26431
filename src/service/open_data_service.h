// Open data (docs/TRUST.md): weekly counts per area and main category of a municipality, small
// counts suppressed, for anyone (no login). Counts every report of the weeks, submitted or
// reviewed, by the week its occurred_from falls in (local time), summing the reports' counts
// under their main (top-level) category. Reads are not written to the access log: what they read
// is already public, and an anonymous caller could otherwise grow the hash chain at will.
//
// May use: domain/, analysis/, store/, report/. Thread-safety: safe for concurrent use.
// Errors: throws ServiceError (invalid naming the parameter; not_found for a municipality the
// database does not hold).
#pragma once

#include <string>

#include "report/open_data.h"
#include "store/store.h"

namespace lagesbild {

// The most weeks one request spans (ten years).
inline constexpr int kMaxOpenDataWeeks = 522;

class OpenDataService {
 public:
  explicit OpenDataService(Store& store) : store_(store) {}

  // The weeks from_week..to_week (ISO weeks, "2026-W45", both inclusive). An area-less report
  // counts in the row "Utan område".
  OpenCounts weekly_counts(const std::string& municipality, const std::string& from_week,
                           const std::string& to_week);

 private:
  Store& store_;
};

}  // namespace lagesbild

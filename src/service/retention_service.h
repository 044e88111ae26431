// Retention (docs/TRUST.md): per municipality, reports' free text and exact points older than a
// number of months are purged or coarsened; counts, categories, areas, places and times stay.
// The settings are read by the municipality's members and changed by its admins; a run is made by
// the local operator (`lagesbild retention apply`) or the server's schedule, one transaction and
// one audit entry (with the counts) per municipality.
//
// May use: domain/, geo/, store/. Thread-safety: safe for concurrent use (runs serialise in the
// store's write transaction).
// Errors: throws ServiceError for what the caller did wrong (see service_error.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/principal.h"
#include "store/store.h"

namespace lagesbild {

// One municipality's part of a run.
struct RetentionRun {
  std::string municipality;
  RetentionSettings settings;
  std::optional<UtcSeconds> free_text_before, points_before;  // the cut-offs applied
  RetentionCounts counts;
  bool dry_run = false;
};

// The audit object of a run: "retention free_text<2025-12-02T00:00:00+01:00 report_texts=12 ...".
std::string retention_audit_object(const RetentionRun& run);

class RetentionService {
 public:
  explicit RetentionService(Store& store) : store_(store) {}

  // Any role in the municipality reads its settings; only its admins (settings_manage) change
  // them. Months must be whole numbers in 1..kMaxRetentionMonths (or empty: keep). The change is
  // audited as settings.retention.
  RetentionSettings settings(const Principal& who, const std::string& municipality);
  RetentionSettings set_settings(const Principal& who, const std::string& municipality,
                                 const RetentionSettings& settings);

  // Applies each municipality's settings at `now` (`municipality` empty: every municipality that
  // has a setting; otherwise that one, even without a setting, which is then a no-op), one
  // transaction and one audit entry (`retention.apply`) per municipality; a dry run only counts
  // and logs nothing. Only the local operator runs it (forbidden otherwise); not_found for an
  // unknown municipality.
  std::vector<RetentionRun> apply(const Principal& who, const std::string& municipality,
                                  UtcSeconds now, bool dry_run);

 private:
  std::optional<Location> municipality_point(const std::string& municipality);
  void require_member(const Principal& who, const std::string& municipality);

  Store& store_;
};

}  // namespace lagesbild

// Reports: submit, list, read, review, import and export, each scoped by the caller's roles and
// written to the access log. The HTTP server and the CLI are thin adapters over this class.
//
// May use: domain/, ingest/, store/, report/. Thread-safety: safe for concurrent use.
// Errors: throws ServiceError (see service_error.h) for anything the caller did wrong.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ingest/personal_data.h"
#include "ingest/report_draft.h"
#include "service/context_cache.h"
#include "service/principal.h"
#include "store/store.h"

namespace lagesbild {

// Filters as a user gives them: categories, areas and organisations by id, code or name.
struct ReportFilter {
  std::string municipality;  // empty: the caller's only municipality
  std::optional<UtcSeconds> from, to;
  std::vector<std::string> areas, categories, organisations;
  std::optional<ReportStatus> status;
  std::optional<ReportQuery::Cursor> after;
  int limit = 100;
};

struct SubmitResult {
  Report report;
  bool created = true;  // false when the external_id was already stored (an idempotent retry)
  // What the personal data guard found in the description (stored anyway: the municipality's
  // policy is warn). The front ends show it as warnings.
  std::vector<ingest::PersonalDataKind> personal_data;
};

struct ReviewPatch {
  std::optional<ReportStatus> status;
  std::string category;  // id, code or name; empty = unchanged
  std::string area;      // id or name
  std::string place;     // id or name
  std::optional<long long> count, severity;
  std::optional<std::string> description;
};

// A page of reports and the municipality context to name their references with.
struct ReportPage {
  std::vector<Report> reports;
  std::shared_ptr<const ingest::ReportContext> context;
};

struct ImportSummary {
  std::size_t rows = 0;
  std::size_t inserted = 0;
  std::size_t duplicates = 0;
};

// The store query for `filter` in `ctx`'s municipality, names resolved (a category includes its
// sub-categories), without any scoping by role. Throws ServiceError(invalid) naming each unknown
// area, category or organisation, and a `to` not after `from`.
ReportQuery query_for(const ReportFilter& filter, const ingest::ReportContext& ctx);

// The audit entry of `who` doing `action` on `object` in `municipality`, now: the one shape every
// service writes.
AuditEntry audit_entry(const Principal& who, std::string municipality, std::string action,
                       std::string object);

class ReportService {
 public:
  ReportService(Store& store, ContextCache& contexts) : store_(store), contexts_(contexts) {}

  // The municipality a call is about: `requested`, or the only one the caller (or the database,
  // for the local operator) has. Throws bad_request when it is ambiguous.
  std::string municipality_for(const Principal& who, const std::string& requested);
  // municipality_for, and the caller must hold some role there (the local operator always
  // does): for registers every role of the municipality reads. Throws ServiceError(forbidden).
  std::string readable_municipality(const Principal& who, const std::string& requested);

  // Throws ServiceError(invalid) naming the description and the kinds found when it holds
  // personal data and the municipality's policy is block (as do review for a new description
  // and the imports for each row).
  SubmitResult submit(const Principal& who, const std::string& municipality,
                      const ingest::ReportDraft& draft, Source source,
                      const ingest::FieldNames& names);

  // Newest first; at most filter.limit (1..1000) reports.
  ReportPage list(const Principal& who, const ReportFilter& filter);
  Report get(const Principal& who, Id id);
  Report review(const Principal& who, Id id, const ReviewPatch& patch,
                const ingest::FieldNames& names);

  // All rows or none: any bad row makes it throw ServiceError(invalid) listing every bad row.
  ImportSummary import_csv(const Principal& who, const std::string& municipality,
                           std::string_view content, std::optional<Id> reporter_id = {});
  // The same checks as import_csv, storing nothing (the web app's preview): the summary's
  // `inserted` is 0 and `rows` counts the valid rows; any bad row throws as import_csv does.
  ImportSummary check_csv(const Principal& who, const std::string& municipality,
                          std::string_view content);
  ImportSummary import_geojson_reports(const Principal& who, const std::string& municipality,
                                       std::string_view content);

  // Every matching report (no paging), for export.
  std::vector<Report> all(const Principal& who, ReportFilter filter);

  std::shared_ptr<const ingest::ReportContext> context(const std::string& municipality) {
    return contexts_.get(municipality);
  }

 private:
  ReportQuery scoped_query(const Principal& who, const ReportFilter& filter,
                           const ingest::ReportContext& ctx);
  bool can_see(const Principal& who, const Report& r) const;
  // Whether the municipality's personal data policy is block (docs/TRUST.md).
  bool refuses_personal_data(const std::string& municipality);
  void log(const Principal& who, const std::string& municipality, std::string action,
           std::string object);

  Store& store_;
  ContextCache& contexts_;
};

}  // namespace lagesbild

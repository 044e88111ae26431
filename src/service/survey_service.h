// Trygghetsmätningar (safety surveys): importing the survey's indicator tables, listing them,
// and their trends per area and indicator with confidence intervals, a test of the change
// between two years, and the reported incidents of the same areas and years beside them.
//
// Owns: who may import and read survey values, the import's all-or-none rule, and gathering the
// trends. May use: store/, ingest/ (survey_csv, ReportContext), analysis/proportions.h,
// service/ (ReportService for municipality resolution and the report query).
//
// Access (docs/ACCESS.md): every role of the municipality reads (shares and counts: aggregates,
// no personal data); coordinators and admins import (Capability::import_files). Every call is
// audited. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/proportions.h"
#include "domain/survey.h"
#include "service/context_cache.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

struct SurveyImportSummary {
  std::size_t rows = 0;      // valid rows in the file
  std::size_t inserted = 0;  // new values stored (0 on a dry run)
  std::size_t replaced = 0;  // stored values a row replaced (0 on a dry run)
  bool dry_run = false;
};

struct SurveyFilter {
  std::string municipality;  // empty: the caller's only one
  std::string area;          // name or id; "kommunen" (or the municipality) for the whole; "" all
  std::string indicator;     // exact (case-insensitive); "" all
};

struct SurveyTrendRequest {
  SurveyFilter filter;
  // The change test compares these two years of each series; unset: its two latest years.
  std::optional<int> from_year, to_year;
  // The incidents counted beside the shares: reports of these categories (codes or names, with
  // sub-categories); empty: every category.
  std::vector<std::string> categories;
  double confidence = 0.95;
};

struct SurveyPoint {
  int year = 0;
  double share = 0;
  std::int64_t respondents = 0;
  analysis::ProportionInterval ci;
  std::int64_t incidents = 0;  // reported events (the reports' counts) in the area that year
};

// One area (or the whole municipality) × one indicator, years ascending.
struct SurveySeries {
  std::optional<Id> area_id;
  std::string area_name;  // the municipality's name for the whole municipality
  std::string indicator;
  std::vector<SurveyPoint> points;
  std::optional<analysis::ProportionChange> change;  // when both compared years are present
  int change_from = 0, change_to = 0;
  std::string reading;  // analysis::change_reading, "" without a change
};

struct SurveyTrends {
  std::string municipality, municipality_name;
  double confidence = 0.95;
  std::vector<std::string> categories;  // names of the incident categories; empty: all
  std::vector<SurveySeries> series;     // by indicator, then area (whole municipality first)
};

class SurveyService {
 public:
  SurveyService(Store& store, ContextCache& contexts, ReportService& reports)
      : store_(store), contexts_(contexts), reports_(reports) {}

  // Parses the CSV (ingest/survey_csv.h) and stores every row or none. A dry run checks the
  // same and stores nothing. Throws ServiceError: invalid (every bad row, with line and column),
  // forbidden (not coordinator or admin there), not_found / bad_request (municipality).
  SurveyImportSummary import_csv(const Principal& who, const std::string& municipality,
                                 std::string_view content, bool dry_run);
  // The stored values matching the filter, in the store's order. Throws ServiceError: invalid
  // ("area": unknown), forbidden, not_found.
  std::vector<SurveyValue> list(const Principal& who, const SurveyFilter& filter);
  // Throws ServiceError: invalid (area, categories, confidence, years), forbidden, not_found.
  SurveyTrends trends(const Principal& who, const SurveyTrendRequest& request);

  std::shared_ptr<const ingest::ReportContext> context(const std::string& municipality) {
    return contexts_.get(municipality);
  }

 private:
  // The filter's values in municipality `m` (resolved, readable).
  std::vector<SurveyValue> select(const std::string& m, const ingest::ReportContext& ctx,
                                  const SurveyFilter& filter);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
};

}  // namespace lagesbild

// The register's yearly documents: the action plan (åtgärdsplan, lag 2023:196) for a year with
// its follow-up against the plan, and the annual evaluation report (the inventory of the year's
// measures with status, evaluation and cost). Rendered by report/measure_documents.h.
//
// Owns: choosing the measures of a year, reading a measure's status at a day from its history,
// how each measure is followed up, and running the effect evaluation for each measure.
// May use: store/, service/ (ReportService, EvaluationService), report/measure_documents.h.
//
// Which measures: the plan for year Y takes every measure that runs during Y or was decided on
// a lägesbild of Y−1 (its `period`), except those already cancelled when Y began and those
// registered after Y ended. The annual report for Y takes every measure that ran during Y
// (cancelled ones included, with their status; also those registered afterwards, for the
// record). Statuses and evaluations are read as of the end of Y, or today while Y is not over.
//
// The evaluation of a measure: its first area against the comparison area whose count of the
// measure's categories in the before period (the 365 days before the start) is closest to the
// target's (the register stores no comparison area), after = the start to the as-of day. A
// measure that has not started by then, or a municipality with one area, is "not evaluable".
//
// Access (docs/ACCESS.md): every role of the municipality (the register and aggregate counts);
// each document is audited, and each evaluation as measure.evaluate. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "report/measure_documents.h"
#include "service/evaluation_service.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

struct MeasureDocument {
  std::string content;
  std::string content_type;  // "text/html; charset=utf-8" or "application/pdf"
  std::string file_name;     // "atgardsplan-2081-2026.pdf"
};

class MeasureDocumentService {
 public:
  MeasureDocumentService(Store& store, ContextCache& contexts, ReportService& reports,
                         EvaluationService& evaluation)
      : store_(store), contexts_(contexts), reports_(reports), evaluation_(evaluation) {}

  // `year` unset: the current year. Throws ServiceError: invalid ("year" outside 2000..2100),
  // forbidden (no role in the municipality), not_found / bad_request (municipality).
  report::ActionPlanView action_plan(const Principal& who, const std::string& municipality,
                                     std::optional<int> year);
  report::AnnualReportView annual_report(const Principal& who, const std::string& municipality,
                                         std::optional<int> year);
  // The same, rendered: `format` "html" or "pdf" (else invalid "format").
  MeasureDocument action_plan_document(const Principal& who, const std::string& municipality,
                                       std::optional<int> year, std::string_view format);
  MeasureDocument annual_report_document(const Principal& who, const std::string& municipality,
                                         std::optional<int> year, std::string_view format);

 private:
  // The effect of `m` with data up to (not including) local day `as_of`.
  report::MeasureEffect effect_of(const Principal& who, const std::string& municipality,
                                  const ingest::ReportContext& ctx, const Measure& m, int as_of);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
  EvaluationService& evaluation_;
};

}  // namespace lagesbild

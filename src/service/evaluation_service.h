// Did a measure work? Counts the chosen categories in a target, a comparison and (optionally) a
// displacement area before and after, from the stored reports, and evaluates them
// (analysis/evaluation.h).
//
// Owns: turning an evaluation request into counts and the result into names. May use: store/,
// ingest/ (ReportContext), analysis/, service/ (ReportService for municipality resolution).
//
// Access: every role of the municipality (the result is aggregate counts: steering groups follow
// up measures); every evaluation is audited.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/measure_evaluation.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

struct EvaluationRequest {
  std::string municipality;
  std::string title;
  std::string target_area, comparison_area;  // required; names or "#id"
  std::string displacement_area;             // optional
  std::string displacement_comparison_area;  // optional; default the comparison area
  std::vector<std::string> categories;       // codes or names (with sub-categories); empty: all
  std::string before, after;                 // periods (domain/period.h); required
  // A measure of the register (measure_service.h). It supplies what is left empty: the target
  // area (its first area), the categories, the title, "after" (from its start to yesterday) and
  // "before" (the 365 days before its start). Explicit values win.
  std::optional<Id> measure_id;
};

class EvaluationService {
 public:
  EvaluationService(Store& store, ContextCache& contexts, ReportService& reports)
      : store_(store), contexts_(contexts), reports_(reports) {}

  // Throws ServiceError: invalid (every wrong field, by name: unknown areas or categories, the
  // same area twice, periods that do not parse, "after" starting before "before" ends, a
  // measure that has not started yet), not_found (no such measure),
  // forbidden (not a member of the municipality), not_found (unknown municipality).
  MeasureEvaluation evaluate(const Principal& who, const EvaluationRequest& request);

 private:
  // `request` with what it leaves empty taken from its measure, if it names one.
  EvaluationRequest with_measure(const EvaluationRequest& request, const std::string& municipality,
                                 const ingest::ReportContext& ctx);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
};

}  // namespace lagesbild

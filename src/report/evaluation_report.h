// The evaluation of a measure as a small report: the verdict in Swedish, the counts before and
// after per area, the statistics (WDD, rate ratio, WDQ) and a weekly chart of the target against
// the comparison with the start of the measure marked. HTML (self-contained) and PDF (Cairo +
// Pango, the lägesbild's layout machinery).
//
// Owns: the evaluation's documents. May use: report/measure_evaluation.h, report/pdf_layout.h,
// report/situation_view.h (Swedish number formats). Pure (no I/O); thread-safe.
#pragma once

#include <string>

#include "report/measure_evaluation.h"

namespace lagesbild::report {

std::string evaluation_html(const MeasureEvaluation& e);
// Throws std::runtime_error if Cairo fails.
std::string evaluation_pdf(const MeasureEvaluation& e);

}  // namespace lagesbild::report

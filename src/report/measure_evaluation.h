// The evaluation of a measure with names on it: what the service compiles from stored reports
// and every output (JSON, HTML, PDF) renders.
//
// Owns: the shape of a compiled evaluation. May use: domain/, analysis/evaluation.h. A plain
// value; safe to read from many threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/evaluation.h"
#include "domain/model.h"
#include "domain/period.h"

namespace lagesbild {

struct MeasureEvaluation {
  std::string municipality, municipality_name;
  std::string title;  // the measure's name, or a description of the comparison
  std::string target, comparison, displacement, displacement_comparison;  // area names ("" = none)
  std::vector<std::string> categories;  // names; empty = every category
  Period before, after;
  analysis::EvaluationInput input;
  analysis::EvaluationResult result;
  std::string verdict;  // Swedish, analysis::evaluation_verdict
  // Reports per ISO week from the first week of `before` to the last of `after`, for the chart:
  // the first day of each week, and the target's and comparison's counts.
  std::vector<int> week_first_day;
  std::vector<std::int64_t> target_weekly, comparison_weekly;
};

}  // namespace lagesbild

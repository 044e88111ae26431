// The evaluation of a measure as JSON (GET /api/v1/evaluation, `lagesbild evaluate`), and the
// one switch between its formats.
//
// Owns: the JSON shape of a MeasureEvaluation. May use: report/. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "report/measure_evaluation.h"
#include "server/situation_formats.h"

namespace lagesbild::server {

nlohmann::json evaluation_to_json(const MeasureEvaluation& e);

// format: json, html or pdf; anything else is ServiceError(invalid) naming `field`.
bool is_evaluation_format(std::string_view format);
SituationDocument render_evaluation(const MeasureEvaluation& e, std::string_view format,
                                    const std::string& field = "format");

}  // namespace lagesbild::server

// Survey values and their trends as JSON: what the API answers and `lagesbild survey` prints.
// Areas come out as {"id", "name"}, null for the whole municipality.
//
// Owns: the JSON shape of surveys. May use: service/survey_service.h, ingest/ (ReportContext).
// Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "service/survey_service.h"

namespace lagesbild::server {

using nlohmann::json;

json survey_value_json(const SurveyValue& v, const ingest::ReportContext& ctx);
json trends_json(const SurveyTrends& t);

}  // namespace lagesbild::server

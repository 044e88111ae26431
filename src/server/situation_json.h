// The joint picture as JSON: GET /api/v1/situation and `lagesbild situation --format json`.
//
// Owns: the JSON shape of a SituationPicture (documented in docs/SITUATION.md). May use:
// service/situation_service.h, server/json_mapping.h. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "service/situation_service.h"

namespace lagesbild::server {

nlohmann::json situation_to_json(const SituationPicture& picture);
nlohmann::json assessment_to_json(const Assessment& a);
nlohmann::json area_status_to_json(const AreaStatusChange& c);
nlohmann::json nothing_to_report_to_json(const NothingToReport& n);

}  // namespace lagesbild::server

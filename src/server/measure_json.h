// Measures and safety walks <-> the API's JSON (docs/MEASURES.md). References go out as
// {"id", "name"}; they come in as ids, names, or {"id": ...} objects, so a client can send back
// what it read.
//
// Owns: the measure and safety-walk JSON shapes. May use: service/ (input types), ingest/
// (ReportContext for names), nlohmann/json. Reading functions collect every problem with its JSON
// pointer and throw ServiceError(invalid).
#pragma once

#include <nlohmann/json.hpp>

#include "service/citizen_promise_service.h"
#include "service/measure_service.h"
#include "service/safety_walk_service.h"

namespace lagesbild::server {

using nlohmann::json;

// `user_name` (optional) gives the display name of a user id for the history's and notes'
// "by_name" (0 is the local operator, the CLI).
json measure_to_json(const Measure& m, const ingest::ReportContext& ctx,
                     const std::function<std::string(Id)>& user_name = {});
json safety_walk_to_json(const SafetyWalk& w, const ingest::ReportContext& ctx);
json observation_to_json(const WalkObservation& o, const ingest::ReportContext& ctx);

// A create (POST) or an update (PATCH: only the members present change; "end" and "cost" may be
// null to clear them). "status" is refused: it changes through POST .../status.
MeasureInput measure_input_from_json(const json& body);
StatusChange status_change_from_json(const json& body);
// {"text": ...}
std::string note_text_from_json(const json& body);
SafetyWalkInput safety_walk_input_from_json(const json& body);
ObservationInput observation_input_from_json(const json& body);
ObservationPatch observation_patch_from_json(const json& body);

// Citizen promises: {"id", "municipality", "year", "police_area", "municipalities", "period",
// "text", "activities": [{"id", "text", "organisation", "deadline", "status", "status_label"}]}.
json citizen_promise_to_json(const CitizenPromise& p, const ingest::ReportContext& ctx);
CitizenPromiseInput citizen_promise_input_from_json(const json& body);
ActivityInput activity_input_from_json(const json& body);
ActivityPatch activity_patch_from_json(const json& body);

}  // namespace lagesbild::server

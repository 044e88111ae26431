// Domain values <-> the API's JSON. Field names are the glossary's and the CSV columns'.
//
// Reading functions collect every problem with its JSON pointer and throw ServiceError(invalid).
#pragma once

#include <nlohmann/json.hpp>

#include "ingest/report_draft.h"
#include "service/reference_service.h"
#include "service/report_service.h"
#include "service/situation_service.h"

namespace lagesbild::server {

using nlohmann::json;

// Parses a request body as a JSON object; throws ServiceError(bad_request) when it is not one.
json parse_body(const std::string& body);

json to_json(const Report& r, const ingest::ReportContext& ctx);
json to_json(const Organisation& o);
json to_json(const Category& c);
// Areas as GeoJSON Features (geometry in WGS84, properties id, name, kind).
json to_json(const Area& a);
json to_json(const Place& p);
json to_json(const Municipality& m);
json to_json(const User& u);

ingest::ReportDraft report_draft_from_json(const json& body);
ReviewPatch review_patch_from_json(const json& body);
PlaceInput place_input_from_json(const json& body);
AssessmentRequest assessment_request_from_json(const json& body);
AreaStatusRequest area_status_request_from_json(const json& body);
NothingToReportRequest nothing_to_report_request_from_json(const json& body);

// {"error": {"status": 422, "message": "...", "errors": [{"field": "/lat", "reason": "..."}]}}
json error_json(int status, const std::string& message, const Errors& errors);

}  // namespace lagesbild::server

// The API's JSON bodies (server/json_mapping.h): any bytes give a parsed request or a
// ServiceError, never a crash; a parsed report draft resolves or is refused with field errors;
// a report's JSON (server/report_json.h) of any text is valid JSON that reads back the same text.
#include <nlohmann/json.hpp>

#include "fuzz_common.h"
#include "ingest/text.h"
#include "server/json_mapping.h"
#include "server/report_json.h"
#include "service/service_error.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(fuzz::text_of(data, size));
  try {
    const auto json = server::parse_body(body);
    try {
      const auto draft = server::report_draft_from_json(json);
      (void)ingest::resolve(draft, fuzz::borlange(), fuzz::projector(),
                            ingest::FieldNames::json_pointers(), fuzz::import_options(Source::api));
    } catch (const ServiceError&) {
    }
    try {
      (void)server::review_patch_from_json(json);
    } catch (const ServiceError&) {
    }
    try {
      (void)server::place_input_from_json(json);
    } catch (const ServiceError&) {
    }
    try {
      (void)server::assessment_request_from_json(json);
    } catch (const ServiceError&) {
    }
    try {
      (void)server::area_status_request_from_json(json);
    } catch (const ServiceError&) {
    }
    try {
      (void)server::nothing_to_report_request_from_json(json);
    } catch (const ServiceError&) {
    }
  } catch (const ServiceError&) {
  }
  // Free text as the report JSON writes it: valid JSON for every valid UTF-8 text (stored texts
  // are, by the ingest rules; append_json_string's contract).
  if (ingest::find_invalid_utf8(body)) return 0;
  std::string out;
  server::append_json_string(out, body);
  try {
    const auto back = nlohmann::json::parse(out);
    if (!back.is_string()) fuzz::broken("append_json_string wrote a non-string");
  } catch (const nlohmann::json::exception&) {
    fuzz::broken("append_json_string wrote invalid JSON");
  }
  return 0;
}

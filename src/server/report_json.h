// The JSON of reports, written directly into a string.
//
// GET /api/v1/reports is the API's hottest path (the weekly picture pages through it); building
// a nlohmann::json tree per report costs more than the query. This writer produces exactly the
// object that json_mapping.h's to_json(Report) returns (tests/server checks they agree), in a
// fraction of the time. Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "domain/model.h"
#include "ingest/report_draft.h"

namespace lagesbild::server {

// Appends one report object.
void append_report_json(std::string& out, const Report& r, const ingest::ReportContext& ctx);

// {"reports":[...],"next_cursor":"..." or null}
std::string report_page_json(std::span<const Report> reports, const ingest::ReportContext& ctx,
                             const std::optional<std::string>& next_cursor);

// Appends `s` as a JSON string literal (quotes, backslash and control characters escaped; the
// text is valid UTF-8 by the ingest rules and is copied as is).
void append_json_string(std::string& out, std::string_view s);

}  // namespace lagesbild::server

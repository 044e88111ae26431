// The lägesbild in each of its formats, chosen by name: one switch for the API
// (GET /api/v1/situation?format=) and the CLI (lagesbild situation --format).
//
// Owns: format names, their content types and file names. May use: report/ renderers and
// server/situation_json.h. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "report/situation_picture.h"

namespace lagesbild::server {

struct SituationDocument {
  std::string content;
  std::string content_type;  // e.g. "application/pdf"
  std::string file_name;     // e.g. "lagesbild-2081-2026-W47.pdf"
};

// True for the names render_situation knows: check before compiling a picture for nothing.
bool is_situation_format(std::string_view format);

// format: json, html, pdf, csv or geojson. Throws ServiceError(invalid) naming `field` for any
// other.
SituationDocument render_situation(const SituationPicture& pic, std::string_view format,
                                   const std::string& field = "format");

}  // namespace lagesbild::server

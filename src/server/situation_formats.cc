#include "server/situation_formats.h"

#include "report/situation_html.h"
#include "report/situation_pdf.h"
#include "report/situation_tables.h"
#include "server/situation_json.h"
#include "service/service_error.h"

namespace lagesbild::server {

bool is_situation_format(std::string_view format) {
  for (const char* known : {"json", "html", "pdf", "csv", "geojson"}) {
    if (format == known) return true;
  }
  return false;
}

SituationDocument render_situation(const SituationPicture& pic, std::string_view format,
                                   const std::string& field) {
  const std::string base = "lagesbild-" + pic.municipality + "-" + pic.period.label();
  if (format == "json") {
    return {
        situation_to_json(pic).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
        "application/json", base + ".json"};
  }
  if (format == "html")
    return {report::situation_html(pic), "text/html; charset=utf-8", base + ".html"};
  if (format == "pdf") return {report::situation_pdf(pic), "application/pdf", base + ".pdf"};
  if (format == "csv")
    return {report::situation_csv(pic), "text/csv; charset=utf-8", base + ".csv"};
  if (format == "geojson") {
    return {report::situation_geojson(pic), "application/geo+json", base + ".geojson"};
  }
  throw ServiceError::invalid(field, "must be json, html, pdf, csv or geojson");
}

}  // namespace lagesbild::server

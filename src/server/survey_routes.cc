// The survey routes (trygghetsmätningar) and the register's yearly documents (the action plan
// and the annual evaluation report) of the API (see http_internal.h and docs/ACCESS.md).
#include "server/http_internal.h"
#include "server/situation_formats.h"
#include "server/survey_json.h"

namespace lagesbild::server {
namespace {

std::optional<int> year_param(const httplib::Request& req, const char* key) {
  if (!req.has_param(key)) return std::nullopt;
  return int_param(req, key, 0);
}

SurveyFilter survey_filter(const httplib::Request& req) {
  return {param(req, "municipality"), param(req, "area"), param(req, "indicator")};
}

}  // namespace

void HttpServer::Impl::survey_routes() {
  http.Post("/api/v1/surveys/import", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const bool dry_run = param(req, "dry_run") == "1" || param(req, "dry_run") == "true";
      const auto s = services.surveys.import_csv(p, param(req, "municipality"), req.body, dry_run);
      send(res, 200,
           {{"rows", s.rows},
            {"inserted", s.inserted},
            {"replaced", s.replaced},
            {"dry_run", s.dry_run}});
    });
  });
  http.Get("/api/v1/surveys", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      const SurveyFilter f = survey_filter(req);
      const auto values = services.surveys.list(p, f);
      json out = json::array();
      if (!values.empty()) {
        const auto ctx = services.surveys.context(values.front().municipality);
        for (const SurveyValue& v : values) out.push_back(survey_value_json(v, *ctx));
      }
      send(res, 200, out);
    });
  });
  http.Get("/api/v1/surveys/trends", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      SurveyTrendRequest r;
      r.filter = survey_filter(req);
      r.from_year = year_param(req, "from");
      r.to_year = year_param(req, "to");
      r.categories = params(req, "category");
      r.confidence = number_param(req, "confidence", 0.95);
      send(res, 200, trends_json(services.surveys.trends(p, r)));
    });
  });

  const auto document = [](httplib::Response& res, MeasureDocument d, const std::string& format) {
    send_document(res, SituationDocument{std::move(d.content), d.content_type, d.file_name},
                  format);
  };
  http.Get("/api/v1/action-plan",
           [this, document](const httplib::Request& req, httplib::Response& res) {
             query_guarded(res, [&] {
               const Principal p = who(req);
               const std::string format = req.has_param("format") ? param(req, "format") : "html";
               document(res,
                        services.measure_documents.action_plan_document(
                            p, param(req, "municipality"), year_param(req, "year"), format),
                        format);
             });
           });
  http.Get("/api/v1/annual-report",
           [this, document](const httplib::Request& req, httplib::Response& res) {
             query_guarded(res, [&] {
               const Principal p = who(req);
               const std::string format = req.has_param("format") ? param(req, "format") : "html";
               document(res,
                        services.measure_documents.annual_report_document(
                            p, param(req, "municipality"), year_param(req, "year"), format),
                        format);
             });
           });
}

}  // namespace lagesbild::server

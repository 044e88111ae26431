// The routes of retention settings and open data (docs/TRUST.md, docs/ACCESS.md).
#include "domain/retention.h"
#include "server/http_internal.h"
#include "server/json_mapping.h"

namespace lagesbild::server {
namespace {

json retention_json(const std::string& code, const RetentionSettings& s) {
  const auto months = [](const std::optional<int>& m) { return m ? json(*m) : json(nullptr); };
  return json{{"municipality", code},
              {"free_text_months", months(s.free_text_months)},
              {"points_months", months(s.points_months)}};
}

// {"free_text_months": N|null, "points_months": N|null}: a member left out is null (keep);
// anything else is named.
RetentionSettings retention_from_json(const json& body) {
  if (!body.is_object()) throw ServiceError::invalid("", "must be a JSON object");
  Errors errors;
  RetentionSettings out;
  for (const auto& [key, value] : body.items()) {
    std::optional<int>* target = key == "free_text_months" ? &out.free_text_months
                                 : key == "points_months"  ? &out.points_months
                                                           : nullptr;
    if (!target) {
      errors.push_back({"/" + key, 0, "unknown member; expected free_text_months, points_months"});
      continue;
    }
    if (value.is_null()) continue;
    if (!value.is_number_integer() || value.get<long long>() < 1 ||
        value.get<long long>() > kMaxRetentionMonths) {
      errors.push_back({"/" + key, 0,
                        "must be a whole number of months from 1 to " +
                            std::to_string(kMaxRetentionMonths) + ", or null to keep"});
      continue;
    }
    *target = static_cast<int>(value.get<long long>());
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  return out;
}

}  // namespace

void HttpServer::Impl::trust_data_routes() {
  // Retention (admin sets, members read), like the personal data policy.
  constexpr const char* kRetentionPath = R"(/api/v1/municipalities/(\d{4})/retention)";
  http.Get(kRetentionPath, [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const std::string code = req.matches[1];
      send(res, 200, retention_json(code, services.retention.settings(who(req), code)));
    });
  });
  http.Put(kRetentionPath, [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const std::string code = req.matches[1];
      const RetentionSettings wanted = retention_from_json(parse_body(req.body));
      send(res, 200, retention_json(code, services.retention.set_settings(p, code, wanted)));
    });
  });
  // Open data: no session, no audit entry (docs/TRUST.md, "Open data").
  http.Get("/api/v1/open/counts", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const std::string format = param(req, "format").empty() ? "json" : param(req, "format");
      if (format != "json" && format != "csv") {
        throw ServiceError::invalid("format", "must be json or csv");
      }
      const OpenCounts counts = services.open_data.weekly_counts(
          param(req, "municipality"), param(req, "from_week"), param(req, "to_week"));
      if (format == "csv") {
        res.set_header("Content-Disposition",
                       "attachment; filename=\"oppna-data-" + counts.municipality + ".csv\"");
        res.set_content(open_counts_csv(counts), "text/csv; charset=utf-8");
      } else {
        res.set_content(open_counts_json(counts), kJson);
      }
    });
  });
}

}  // namespace lagesbild::server

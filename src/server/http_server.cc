#include "server/http_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <functional>
#include <thread>

#include "server/analysis_json.h"
#include "server/evaluation_json.h"
#include "server/http_internal.h"
#include "server/measure_json.h"
#include "server/report_json.h"
#include "server/situation_formats.h"
#include "server/situation_json.h"

namespace lagesbild::server {
namespace {

// cpp-httplib (0.11, built into Debian's shared library) listens with a backlog of 5: a burst of
// connections (a browser opens six, a meeting room of users logs in at once) overflows it, and
// the kernel drops the SYNs, which clients resend only after a second. There is no setter, but
// listen() on a listening socket changes its backlog, so find our socket and widen it.
void widen_listen_backlog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    int listening = 0;
    socklen_t len = sizeof listening;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 || !listening) continue;
    sockaddr_storage addr{};
    socklen_t alen = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &alen) != 0) continue;
    int bound = -1;
    if (addr.ss_family == AF_INET) bound = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    if (addr.ss_family == AF_INET6)
      bound = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
    if (bound == port && ::listen(fd, SOMAXCONN) != 0) {
      spdlog::warn("could not widen the listen backlog: {}", std::strerror(errno));
    }
  }
}

const char* kLandingPage = R"html(<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Lägesbild</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 2em auto">
<h1>Lägesbild</h1>
<p>Gemensam lägesbild för EST – effektiv samordning för trygghet.</p>
<p>API: <a href="/api/v1/health">/api/v1/health</a> ·
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>
</body></html>)html";

// The grants of a users request body, {"role", "organisation_id", "municipality"} each; a grant
// without a municipality takes `default_municipality`, and without one that is an error. Each
// problem goes to `errors` under its JSON pointer (/grants/i/...); a grant is kept only while no
// problem has been found.
std::vector<RoleGrant> grants_from_json(const json& list,
                                        const std::optional<std::string>& default_municipality,
                                        Errors& errors) {
  std::vector<RoleGrant> grants;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& g = list[i];
    const std::string at = "/grants/" + std::to_string(i);
    const bool object = g.is_object();
    const auto role = object && g.contains("role") && g["role"].is_string()
                          ? role_from_string(g["role"].get<std::string>())
                          : std::nullopt;
    if (!role) {
      errors.push_back({at + "/role", 0, "one of reporter, analyst, coordinator, admin, viewer"});
    }
    std::optional<std::string> m = default_municipality;
    if (object && g.contains("municipality") && g["municipality"].is_string()) {
      m = g["municipality"].get<std::string>();
    }
    if (!m) errors.push_back({at + "/municipality", 0, "required"});
    if (!object || !g.contains("organisation_id") || !g["organisation_id"].is_number_integer()) {
      errors.push_back({at + "/organisation_id", 0, "required (integer)"});
    }
    if (errors.empty()) grants.push_back({*m, *role, g["organisation_id"].get<Id>()});
  }
  return grants;
}

}  // namespace

void HttpServer::Impl::routes() {
  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kLandingPage, "text/html; charset=utf-8");
  });
  http.Get("/api/v1/health", [this](const httplib::Request&, httplib::Response& res) {
    guarded(res, [&] {
      send(res, 200,
           {{"status", "ok"},
            {"version", "0.1.0"},
            {"store", services.store.describe()},
            {"schema_version", services.store.schema_version()}});
    });
  });
  http.Get("/api/v1/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(openapi_document(), kJson);
  });
  http.Post("/api/v1/login", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const json body = parse_body(req.body);
      if (!body.contains("username") || !body["username"].is_string() ||
          !body.contains("password") || !body["password"].is_string()) {
        throw ServiceError::invalid(
            {{"/username", 0, "username and password (strings) are required"}});
      }
      auto login = services.auth.login(body["username"], body["password"], req.remote_addr);
      res.set_header("Set-Cookie", std::string(kCookie) + "=" + login.token +
                                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                       std::to_string(kSessionLifetime.count() * 3600));
      send(res, 200,
           {{"token", login.token},
            {"csrf_token", auth::csrf_token(login.token)},
            {"expires_at", format_local(login.expires_at)},
            {"user", to_json(login.user)}});
    });
  });
  http.Post("/api/v1/logout", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      who(req);
      services.auth.logout(token_of(req));
      res.set_header("Set-Cookie",
                     std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
      send(res, 200, {{"status", "logged out"}});
    });
  });
  http.Get("/api/v1/me", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json me = to_json(*services.store.user(*p.user_id));
      me["csrf_token"] = auth::csrf_token(token_of(req));  // for a reloaded browser page
      send(res, 200, me);
    });
  });
  http.Post("/api/v1/users", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const json body = parse_body(req.body);
      Errors errors;
      std::vector<RoleGrant> grants;
      if (body.contains("grants") && body["grants"].is_array()) {
        grants = grants_from_json(body["grants"], std::nullopt, errors);
      }
      if (!body.contains("username") || !body["username"].is_string())
        errors.push_back({"/username", 0, "required"});
      if (!body.contains("password") || !body["password"].is_string())
        errors.push_back({"/password", 0, "required"});
      if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
      auto user = services.auth.add_user(p, body["username"], body.value("display_name", ""),
                                         body["password"], grants);
      send(res, 201, to_json(user));
    });
  });
  http.Get("/api/v1/users", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      for (const auto& u : services.auth.users(p, municipality(p, req))) out.push_back(to_json(u));
      send(res, 200, out);
    });
  });
  http.Patch(R"(/api/v1/users/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    body_guarded(res, [&] {
      // {"disabled": bool} and/or {"grants": [{"role", "organisation_id"}]}: the user's roles
      // in the request's municipality, replaced (docs/ACCESS.md).
      const Principal p = who(req);
      const json body = parse_body(req.body);
      const bool has_disabled = body.contains("disabled");
      const bool has_grants = body.contains("grants");
      if (!has_disabled && !has_grants) {
        throw ServiceError::invalid("/disabled", "give disabled (true or false) or grants");
      }
      if (has_disabled && !body["disabled"].is_boolean()) {
        throw ServiceError::invalid("/disabled", "must be true or false");
      }
      const Id id = require_id(req);
      std::optional<User> out;
      if (has_grants) {
        const std::string m = municipality(p, req);
        if (!body["grants"].is_array()) throw ServiceError::invalid("/grants", "must be a list");
        Errors errors;
        const auto grants = grants_from_json(body["grants"], m, errors);
        if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
        out = services.auth.set_grants(p, id, m, grants);
      }
      if (has_disabled) out = services.auth.set_disabled(p, id, body["disabled"]);
      send(res, 200, to_json(*out));
    });
  });
  http.Get("/api/v1/municipalities", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      json out = json::array();
      for (const auto& m : services.reference.municipalities(who(req))) out.push_back(to_json(m));
      send(res, 200, out);
    });
  });
  // The personal data policy (docs/TRUST.md): members read it, the municipality's admin sets it.
  constexpr const char* kPolicyPath = R"(/api/v1/municipalities/(\d{4})/personal-data-policy)";
  const auto policy_json = [](const std::string& code, PersonalDataPolicy p) {
    return json{{"municipality", code},
                {"personal_data_policy", p == PersonalDataPolicy::block ? "block" : "warn"}};
  };
  http.Get(kPolicyPath, [this, policy_json](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const std::string code = req.matches[1];
      send(res, 200, policy_json(code, services.reference.personal_data_policy(who(req), code)));
    });
  });
  http.Put(kPolicyPath, [this, policy_json](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const std::string code = req.matches[1];
      const json body = parse_body(req.body);
      const auto it = body.find("personal_data_policy");
      const std::string value = it != body.end() && it->is_string() ? it->get<std::string>() : "";
      if (value != "warn" && value != "block") {
        throw ServiceError::invalid("/personal_data_policy", "must be \"warn\" or \"block\"");
      }
      const auto policy = value == "block" ? PersonalDataPolicy::block : PersonalDataPolicy::warn;
      services.reference.set_personal_data_policy(p, code, policy);
      send(res, 200, policy_json(code, policy));
    });
  });
  report_routes();
  measure_routes();
  forum_routes();
  survey_routes();
  trust_data_routes();
  reference_routes();
  analysis_routes();
}

void HttpServer::Impl::report_routes() {
  http.Get("/api/v1/reports", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      const ReportFilter f = filter_from(req);
      auto page = services.reports.list(p, f);
      std::optional<std::string> next;
      if (static_cast<int>(page.reports.size()) == f.limit && !page.reports.empty()) {
        next = std::to_string(to_unix(page.reports.back().occurred_from)) + "_" +
               std::to_string(page.reports.back().id);
      }
      res.status = 200;
      res.body = report_page_json(page.reports, *page.context, next);  // moved, not copied
      res.set_header("Content-Type", kJson);
    });
  });
  http.Get("/api/v1/situation", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      SituationRequest r;
      scope_from(req, r);
      if (const auto b = param(req, "baseline"); !b.empty()) {
        int v = 0;
        const auto [end, ec] = std::from_chars(b.data(), b.data() + b.size(), v);
        if (ec != std::errc() || end != b.data() + b.size()) {
          throw ServiceError::invalid("baseline", "must be a whole number of periods");
        }
        r.baseline_periods = v;
      }
      const std::string format = req.has_param("format") ? param(req, "format") : "json";
      if (!is_situation_format(format)) {
        throw ServiceError::invalid("format", "must be json, html, pdf, csv or geojson");
      }
      if (format == "json") {  // the common case, without the indented copy
        send(res, 200, situation_to_json(services.situation.compile(who(req), r)));
        return;
      }
      send_document(res, render_situation(services.situation.compile(who(req), r), format), format);
    });
  });
  http.Get("/api/v1/analysis/hotspots", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    query_guarded(res, [&] {
      HotspotRequest r;
      scope_from(req, r);
      r.cell_size = number_param(req, "cell", r.cell_size);
      if (req.has_param("shape")) r.shape = param(req, "shape");
      r.permutations = int_param(req, "permutations", r.permutations);
      r.seed = static_cast<std::uint64_t>(std::abs(int_param(req, "seed", 1)));
      const std::string format = req.has_param("format") ? param(req, "format") : "geojson";
      if (!is_hotspot_format(format)) {
        throw ServiceError::invalid("format", "must be geojson or csv");
      }
      send_document(res, render_hotspots(services.analysis.hotspots(who(req), r), format), format);
    });
  });
  http.Get(
      "/api/v1/analysis/nearrepeat", [this](const httplib::Request& req, httplib::Response& res) {
        query_guarded(res, [&] {
          NearRepeatRequest r;
          scope_from(req, r);
          auto& o = r.options;
          o.spatial_bandwidth = number_param(req, "spatial_bandwidth", o.spatial_bandwidth);
          o.spatial_bands = int_param(req, "spatial_bands", o.spatial_bands);
          o.temporal_bandwidth = number_param(req, "temporal_bandwidth", o.temporal_bandwidth);
          o.temporal_bands = int_param(req, "temporal_bands", o.temporal_bands);
          o.permutations = int_param(req, "permutations", o.permutations);
          o.seed = static_cast<std::uint64_t>(std::abs(int_param(req, "seed", 1)));
          const std::string metric = param(req, "metric");
          if (metric == "euclidean") {
            o.metric = analysis::DistanceMetric::euclidean;
          } else if (!metric.empty() && metric != "manhattan") {
            throw ServiceError::invalid("metric", "must be manhattan or euclidean");
          }
          const std::string format = req.has_param("format") ? param(req, "format") : "json";
          if (!is_near_repeat_format(format)) {
            throw ServiceError::invalid("format", "must be json or csv");
          }
          send_document(res, render_near_repeat(services.analysis.near_repeat(who(req), r), format),
                        format);
        });
      });
  http.Get("/api/v1/analysis/density", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      DensityRequest r;
      scope_from(req, r);
      r.cell_size = number_param(req, "cell", r.cell_size);
      r.bandwidth = number_param(req, "bandwidth", r.bandwidth);
      const std::string kernel = param(req, "kernel");
      if (kernel == "gaussian") {
        r.kernel = analysis::DensityKernel::kGaussian;
      } else if (!kernel.empty() && kernel != "quartic") {
        throw ServiceError::invalid("kernel", "must be quartic or gaussian");
      }
      const std::string format = req.has_param("format") ? param(req, "format") : "json";
      if (!is_density_format(format)) throw ServiceError::invalid("format", "must be json or asc");
      send_document(res, render_density(services.analysis.density(who(req), r), format), format);
    });
  });
  http.Get("/api/v1/analysis/emerging", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    query_guarded(res, [&] {
      EmergingRequest r;
      scope_from(req, r);
      r.cell_size = number_param(req, "cell", r.cell_size);
      if (req.has_param("slice")) r.slice = param(req, "slice");
      r.permutations = int_param(req, "permutations", r.permutations);
      r.seed = static_cast<std::uint64_t>(std::abs(int_param(req, "seed", 1)));
      const std::string format = req.has_param("format") ? param(req, "format") : "geojson";
      if (!is_emerging_format(format)) {
        throw ServiceError::invalid("format", "must be geojson or csv");
      }
      send_document(res, render_emerging(services.analysis.emerging(who(req), r), format), format);
    });
  });
  http.Get("/api/v1/evaluation", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      EvaluationRequest r;
      r.municipality = param(req, "municipality");
      r.title = param(req, "title");
      r.target_area = param(req, "target_area");
      r.comparison_area = param(req, "comparison_area");
      r.displacement_area = param(req, "displacement_area");
      r.displacement_comparison_area = param(req, "displacement_comparison_area");
      r.categories = params(req, "category");
      r.before = param(req, "before");
      r.after = param(req, "after");
      if (req.has_param("measure")) {
        const std::string id = param(req, "measure");
        Id measure = 0;
        const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), measure);
        if (ec != std::errc() || end != id.data() + id.size()) {
          throw ServiceError::invalid("measure", "must be a measure id");
        }
        r.measure_id = measure;
      }
      const std::string format = req.has_param("format") ? param(req, "format") : "json";
      if (!is_evaluation_format(format)) {
        throw ServiceError::invalid("format", "must be json, html or pdf");
      }
      send_document(res, render_evaluation(services.evaluation.evaluate(who(req), r), format),
                    format);
    });
  });
  http.Get("/api/v1/assessments", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      json out = json::array();
      for (const Assessment& a : services.situation.assessments(
               who(req), param(req, "municipality"), param(req, "period"))) {
        out.push_back(assessment_to_json(a));
      }
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/assessments", [this](const httplib::Request& req, httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      auto r = assessment_request_from_json(parse_body(req.body));
      if (r.municipality.empty()) r.municipality = param(req, "municipality");
      send(res, 201, assessment_to_json(services.situation.assess(p, r)));
    });
  });
  http.Post("/api/v1/area-statuses", [this](const httplib::Request& req, httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      auto r = area_status_request_from_json(parse_body(req.body));
      if (r.municipality.empty()) r.municipality = param(req, "municipality");
      send(res, 201, area_status_to_json(services.situation.set_area_status(p, r)));
    });
  });
  http.Post("/api/v1/nothing-to-report",
            [this](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                auto r = nothing_to_report_request_from_json(parse_body(req.body));
                if (r.municipality.empty()) r.municipality = param(req, "municipality");
                json out = json::array();
                for (const auto& n : services.situation.declare_nothing_to_report(p, r)) {
                  out.push_back(nothing_to_report_to_json(n));
                }
                send(res, 201, out);
              });
            });
  http.Post("/api/v1/reports", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const json body = parse_body(req.body);
      std::string m = param(req, "municipality");
      if (m.empty() && body.contains("municipality") && body["municipality"].is_string()) {
        m = body["municipality"];
      }
      m = services.reports.municipality_for(p, m);
      const auto draft = report_draft_from_json(body);
      auto result =
          services.reports.submit(p, m, draft, Source::api, ingest::FieldNames::json_pointers());
      auto ctx = services.reports.context(m);
      json out = to_json(result.report, *ctx);
      // The personal data guard's findings (stored anyway under the policy warn), so a client
      // without the web app's own check still tells the reporter. Absent when there are none:
      // the answer is then the report as GET /reports/{id} gives it.
      for (const auto kind : result.personal_data) {
        out["warnings"].push_back({{"field", "/description"},
                                   {"kind", ingest::to_string(kind)},
                                   {"message", "beskrivningen innehåller personuppgifter (" +
                                                   std::string(ingest::to_string(kind)) +
                                                   ") / the description holds personal data"}});
      }
      send(res, result.created ? 201 : 200, out);
    });
  });
  http.Get(R"(/api/v1/reports/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      auto r = services.reports.get(p, require_id(req));
      send(res, 200, to_json(r, *services.reports.context(r.municipality)));
    });
  });
  http.Patch(R"(/api/v1/reports/(\d+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               guarded(res, [&] {
                 const Principal p = who(req);
                 const auto patch = review_patch_from_json(parse_body(req.body));
                 auto r = services.reports.review(p, require_id(req), patch,
                                                  ingest::FieldNames::json_pointers());
                 send(res, 200, to_json(r, *services.reports.context(r.municipality)));
               });
             });
  http.Post("/api/v1/reports/import", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const std::string m = municipality(p, req);
      const bool dry_run = param(req, "dry_run") == "1" || param(req, "dry_run") == "true";
      const auto summary = dry_run ? services.reports.check_csv(p, m, req.body)
                                   : services.reports.import_csv(p, m, req.body);
      send(res, 200,
           {{"rows", summary.rows},
            {"inserted", summary.inserted},
            {"duplicates", summary.duplicates},
            {"dry_run", dry_run}});
    });
  });
  http.Get("/api/v1/reports/export", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      const ReportFilter f = filter_from(req);
      const std::string format = req.has_param("format") ? param(req, "format") : "csv";
      if (format != "csv" && format != "geojson") {
        throw ServiceError::invalid("format", "must be csv or geojson");
      }
      auto reports = services.reports.all(p, f);
      auto ctx = services.reports.context(services.reports.municipality_for(p, f.municipality));
      if (format == "csv") {
        res.set_content(report::reports_to_csv(reports, *ctx), "text/csv; charset=utf-8");
      } else {
        res.set_content(report::reports_to_geojson(reports, *ctx), "application/geo+json");
      }
    });
  });
}

HttpServer::HttpServer(Services& services, ServerOptions options)
    : impl_(std::make_unique<Impl>(services, std::move(options))) {
  auto& http = impl_->http;
  const size_t threads = static_cast<size_t>(std::max(2, impl_->options.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_keep_alive_max_count(100000);
  http.set_keep_alive_timeout(10);
  http.set_tcp_nodelay(true);
  install_request_limits(http);  // 413 / 431 before a body is read (http_limits.cc)
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          if (send_if_unavailable(res, e)) return;
          spdlog::error("unhandled: {}", e.what());
        }
        send(res, 500, error_json(500, "internal error; see the server log", {}));
      });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.body.empty() && req.path.rfind("/api/", 0) == 0) {
      send(res, res.status,
           error_json(res.status, res.status == 404 ? "no such endpoint" : "error", {}));
    }
  });
  if (!impl_->options.static_dir.empty()) http.set_mount_point("/", impl_->options.static_dir);
  impl_->routes();
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind() {
  auto& o = impl_->options;
  if (o.port == 0) {
    impl_->bound_port = impl_->http.bind_to_any_port(o.host);
    if (impl_->bound_port > 0) widen_listen_backlog(impl_->bound_port);
    return impl_->bound_port > 0;
  }
  if (!impl_->http.bind_to_port(o.host, o.port)) {
    spdlog::error("cannot listen on {}:{} (in use, or not allowed)", o.host, o.port);
    return false;
  }
  impl_->bound_port = o.port;
  widen_listen_backlog(impl_->bound_port);
  return true;
}

int HttpServer::port() const { return impl_->bound_port; }
bool HttpServer::serve() { return impl_->http.listen_after_bind(); }
void HttpServer::stop() { impl_->http.stop(); }

}  // namespace lagesbild::server

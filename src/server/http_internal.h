// What the route files of src/server/ share: the request helpers (parameters, ids, filters), the
// mapping of service errors to HTTP answers, and HttpServer::Impl, which owns the routes. Private
// to src/server/: nothing outside it includes this header.
//
// Route groups live one per file (report routes in http_server.cc, measure_routes.cc,
// reference_routes.cc, ...), each a member of Impl declared below.
#pragma once

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/password.h"
#include "report/export.h"
#include "server/http_server.h"
#include "server/json_mapping.h"
#include "server/situation_formats.h"
#include "service/service_error.h"

namespace lagesbild::server {

using Kind = ServiceError::Kind;
inline constexpr const char* kJson = "application/json; charset=utf-8";
inline constexpr const char* kCookie = "lagesbild_session";

int status_of(Kind k);
// The reason in a json::exception without the library's "[json.exception.type_error.302] " tag:
// "the JSON body is malformed: type must be string, but is number".
std::string json_error_reason(const json::exception& e);
void send(httplib::Response& res, int status, const json& body);

// When `e` says the database cannot take requests now (disk full, read-only, failing I/O:
// store/store_errors.h), answers 503 with the reason and Retry-After, and returns true.
bool send_if_unavailable(httplib::Response& res, const std::exception& e);

// Refuses, before the body is read, a body over its endpoint's limit (413: 512 MiB for
// .../import, 64 MiB for areas, 4 MiB otherwise) and header fields over 64 KiB in all (431), and
// closes the connection (http_limits.cc). Sets the server's payload_max_length.
void install_request_limits(httplib::Server& http);

// Admission to the handler gate (see FairGate in http_support.cc): every handler body runs
// between these two calls.
void handler_acquire();
void handler_release();

// Runs a handler body and turns every error into the API's error JSON.
template <class Fn>
void guarded(httplib::Response& res, Fn&& fn) {
  handler_acquire();
  struct Release {
    ~Release() { handler_release(); }
  } release;
  try {
    fn();
  } catch (const ServiceError& e) {
    const int status = status_of(e.kind());
    if (e.retry_after().count() > 0) {
      res.set_header("Retry-After", std::to_string(e.retry_after().count()));
    }
    send(res, status, error_json(status, e.what(), e.errors()));
  } catch (const json::exception& e) {
    // A body member of the wrong type ({"name": 5}) or a missing one read with at(): the
    // request is malformed, whichever handler read it.
    send(res, 400, error_json(400, json_error_reason(e), {}));
  } catch (const std::exception& e) {
    if (send_if_unavailable(res, e)) return;
    spdlog::error("internal error: {}", e.what());
    send(res, 500, error_json(500, "internal error; see the server log", {}));
  }
}

// Runs a GET handler's body: a GET has no body, so input the service rejects came from the query
// string, which is a malformed request (400) rather than invalid content (422).
template <class Fn>
void query_guarded(httplib::Response& res, Fn&& fn) {
  guarded(res, [&] {
    try {
      fn();
    } catch (const ServiceError& e) {
      if (e.kind() != Kind::invalid) throw;
      throw ServiceError(Kind::bad_request, "a query parameter is wrong", e.errors());
    }
  });
}

// Runs a handler whose service names fields by their JSON member ("period"): errors then point
// into the body as JSON pointers ("/period"), as every other API error does. A conflict that
// names a field (a measure's "status") points the same way.
template <class Fn>
void body_guarded(httplib::Response& res, Fn&& fn) {
  guarded(res, [&] {
    try {
      fn();
    } catch (const ServiceError& e) {
      if (e.kind() != Kind::invalid && e.kind() != Kind::conflict) throw;
      Errors errors = e.errors();
      for (FieldError& f : errors) {
        if (!f.field.empty() && f.field.front() != '/') f.field = "/" + f.field;
      }
      throw ServiceError(e.kind(), e.kind() == Kind::invalid ? "" : e.what(), std::move(errors));
    }
  });
}

// The session token of a request: the bearer token, else the session cookie; "" when neither.
std::string token_of(const httplib::Request& req);
// The first path capture as an id; nullopt when it is not a number.
std::optional<Id> path_id(const httplib::Request& req);
// path_id, or ServiceError not_found.
Id require_id(const httplib::Request& req);
// Every value of a query parameter; repeated keys and comma-separated lists both give several.
std::vector<std::string> params(const httplib::Request& req, const std::string& key);
// A query parameter's value, "" when absent.
std::string param(const httplib::Request& req, const std::string& key);
// A numeric query parameter, or `fallback` when it is absent; ServiceError naming it otherwise.
double number_param(const httplib::Request& req, const char* key, double fallback);
// A whole-number query parameter (an int), or `fallback`; ServiceError naming it otherwise.
int int_param(const httplib::Request& req, const char* key, int fallback);
// A rendered document: shown in the browser (HTML) or downloaded with its file name.
void send_document(httplib::Response& res, SituationDocument doc, std::string_view format);
// An ISO 8601 time query parameter; ServiceError naming it otherwise.
UtcSeconds time_param(const httplib::Request& req, const std::string& key);
// The report filters of GET /reports and the exports (week, from, to, area, category, ...).
ReportFilter filter_from(const httplib::Request& req);

// The scope every analysis of stored reports shares: municipality, period and the report filters.
template <class AnalysisRequest>
void scope_from(const httplib::Request& req, AnalysisRequest& r) {
  r.municipality = param(req, "municipality");
  r.period = param(req, "period");
  r.areas = params(req, "area");
  r.categories = params(req, "category");
  r.organisations = params(req, "organisation");
}

struct HttpServer::Impl {
  Impl(Services& s, ServerOptions o) : services(s), options(std::move(o)) {}

  // The caller of a request. A browser session (the HttpOnly cookie, no Authorization header)
  // must also send X-CSRF-Token on every write, so that another site cannot make the browser
  // write on the user's behalf; API clients with a bearer token are not exposed to that.
  Principal who(const httplib::Request& req) {
    const std::string token = token_of(req);
    Principal p = services.auth.authenticate(token, req.remote_addr);
    const bool write = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
    if (write && !req.has_header("Authorization") &&
        !auth::equal_secrets(req.get_header_value("X-CSRF-Token"), auth::csrf_token(token))) {
      throw ServiceError(ServiceError::Kind::forbidden,
                         "a browser session must send the X-CSRF-Token header it got at login");
    }
    return p;
  }
  // Display names for the user ids in a measure's history and notes (ids the service already
  // let the caller see: the measure's own).
  std::function<std::string(Id)> user_names() {
    return [this](Id id) -> std::string {
      if (id == 0) return "CLI";
      auto u = services.store.user(id);
      if (!u) return "användare " + std::to_string(id);
      return u->display_name.empty() ? u->username : u->display_name;
    };
  }
  std::string municipality(const Principal& p, const httplib::Request& req) {
    return services.reports.municipality_for(p, param(req, "municipality"));
  }
  void routes();
  void report_routes();
  void measure_routes();
  void forum_routes();
  void survey_routes();  // survey_routes.cc: surveys, the action plan, the annual report
  // trust_data_routes.cc: retention settings, open data.
  void trust_data_routes();
  void reference_routes();
  void analysis_routes();  // analysis_routes.cc: per-area Gi*, method comparison, national

  Services& services;
  ServerOptions options;
  httplib::Server http;
  int bound_port = 0;
};

}  // namespace lagesbild::server

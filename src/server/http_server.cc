#include "server/http_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "auth/password.h"
#include "report/export.h"
#include "server/analysis_json.h"
#include "server/evaluation_json.h"
#include "server/json_mapping.h"
#include "server/measure_json.h"
#include "server/report_json.h"
#include "server/situation_formats.h"
#include "server/situation_json.h"
#include "service/service_error.h"

namespace lagesbild::server {
namespace {

using Kind = ServiceError::Kind;
constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kCookie = "lagesbild_session";

int status_of(Kind k) {
  switch (k) {
    case Kind::invalid:
      return 422;
    case Kind::bad_request:
      return 400;
    case Kind::unauthenticated:
      return 401;
    case Kind::forbidden:
      return 403;
    case Kind::not_found:
      return 404;
    case Kind::conflict:
      return 409;
    case Kind::too_many_requests:
      return 429;
  }
  return 500;
}

void send(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

// Bounds how many handler bodies run at once. cpp-httplib gives every keep-alive connection its
// own thread; with 64 busy connections on 2 cores, 64 runnable threads time-slice each other and
// a few requests wait hundreds of milliseconds. Admitting a few at a time keeps the CPU as busy
// and the waiting short. Admission is first come, first served (a semaphore lets late arrivals
// overtake, which is what makes a p99): a release hands its slot straight to the oldest waiter.
// Socket I/O happens outside the gate.
class FairGate {
 public:
  explicit FairGate(int slots) : free_(slots) {}
  void acquire() {
    std::unique_lock lk(mu_);
    if (free_ > 0 && waiting_.empty()) {
      --free_;
      return;
    }
    Waiter me;
    waiting_.push_back(&me);
    me.cv.wait(lk, [&] { return me.admitted; });
  }
  void release() {
    std::lock_guard lk(mu_);
    if (waiting_.empty()) {
      ++free_;
      return;
    }
    Waiter* next = waiting_.front();
    waiting_.pop_front();
    next->admitted = true;
    next->cv.notify_one();  // under the lock: `next` lives on its owner's stack
  }

 private:
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };
  std::mutex mu_;
  int free_;
  std::deque<Waiter*> waiting_;
};

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

FairGate& handler_gate() {
  static FairGate gate(
      static_cast<int>(std::clamp(2 * std::thread::hardware_concurrency(), 2u, 64u)));
  return gate;
}

// Runs a handler body and turns every error into the API's error JSON.
template <class Fn>
void guarded(httplib::Response& res, Fn&& fn) {
  handler_gate().acquire();
  struct Release {
    ~Release() { handler_gate().release(); }
  } release;
  try {
    fn();
  } catch (const ServiceError& e) {
    const int status = status_of(e.kind());
    if (e.retry_after().count() > 0) {
      res.set_header("Retry-After", std::to_string(e.retry_after().count()));
    }
    send(res, status, error_json(status, e.what(), e.errors()));
  } catch (const std::exception& e) {
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

std::string token_of(const httplib::Request& req) {
  const auto auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) return auth.substr(7);
  const auto cookies = req.get_header_value("Cookie");
  const std::string key = std::string(kCookie) + "=";
  for (size_t pos = 0; pos < cookies.size();) {
    size_t end = cookies.find(';', pos);
    if (end == std::string::npos) end = cookies.size();
    std::string_view part(cookies.data() + pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.rfind(key, 0) == 0) return std::string(part.substr(key.size()));
    pos = end + 1;
  }
  return "";
}

std::optional<Id> path_id(const httplib::Request& req) {
  Id id = 0;
  const std::string& s = req.matches[1].str();
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return id;
}

Id require_id(const httplib::Request& req) {
  auto id = path_id(req);
  if (!id) throw ServiceError(Kind::not_found, "no such id");
  return *id;
}

std::vector<std::string> params(const httplib::Request& req, const std::string& key) {
  std::vector<std::string> out;
  auto range = req.params.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) {
    // Repeated keys and comma-separated lists both select several values.
    std::string_view v = it->second;
    while (!v.empty()) {
      const size_t comma = v.find(',');
      std::string_view part = v.substr(0, comma);
      if (!part.empty()) out.emplace_back(part);
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  return out;
}

std::string param(const httplib::Request& req, const std::string& key) {
  return req.has_param(key.c_str()) ? req.get_param_value(key.c_str()) : "";
}

// A numeric query parameter, or `fallback` when it is absent; ServiceError naming it otherwise.
double number_param(const httplib::Request& req, const char* key, double fallback) {
  const std::string v = param(req, key);
  if (v.empty()) return fallback;
  try {
    std::size_t used = 0;
    const double d = std::stod(v, &used);
    if (used == v.size() && std::isfinite(d)) return d;
  } catch (const std::exception&) {
  }
  throw ServiceError::invalid(key, "must be a number");
}

// A whole-number query parameter (an int), or `fallback`; ServiceError naming it otherwise.
int int_param(const httplib::Request& req, const char* key, int fallback) {
  const double d = number_param(req, key, fallback);
  if (d != std::floor(d) || std::abs(d) > 1e9) {
    throw ServiceError::invalid(key, "must be a whole number");
  }
  return static_cast<int>(d);
}

// A rendered document: shown in the browser (HTML) or downloaded with its file name.
void send_document(httplib::Response& res, SituationDocument doc, std::string_view format) {
  res.status = 200;
  if (format == "html" || format == "pdf") {
    res.set_header("Content-Disposition",
                   (format == "html" ? "inline; filename=\"" : "attachment; filename=\"") +
                       doc.file_name + "\"");
  }
  res.set_content(std::move(doc.content), doc.content_type);
}

// The scope every analysis of stored reports shares: municipality, period and the report filters.
template <class AnalysisRequest>
void scope_from(const httplib::Request& req, AnalysisRequest& r) {
  r.municipality = param(req, "municipality");
  r.period = param(req, "period");
  r.areas = params(req, "area");
  r.categories = params(req, "category");
  r.organisations = params(req, "organisation");
}

UtcSeconds time_param(const httplib::Request& req, const std::string& key) {
  std::string why;
  auto t = parse_timestamp(param(req, key), &why);
  if (!t) throw ServiceError::invalid(key, why);
  return *t;
}

ReportFilter filter_from(const httplib::Request& req) {
  ReportFilter f;
  f.municipality = param(req, "municipality");
  if (req.has_param("week")) {
    std::string why;
    auto week = parse_iso_week(param(req, "week"), &why);
    if (!week) throw ServiceError::invalid("week", why);
    f.from = week->from;
    f.to = week->to;
  }
  if (req.has_param("from")) f.from = time_param(req, "from");
  if (req.has_param("to")) f.to = time_param(req, "to");
  f.areas = params(req, "area");
  f.categories = params(req, "category");
  f.organisations = params(req, "organisation");
  if (req.has_param("status")) {
    f.status = report_status_from_string(param(req, "status"));
    if (!f.status) throw ServiceError::invalid("status", "must be 'submitted' or 'reviewed'");
  }
  if (req.has_param("limit")) {
    const std::string s = param(req, "limit");
    int limit = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), limit);
    if (ec != std::errc() || p != s.data() + s.size()) {
      throw ServiceError::invalid("limit", "must be an integer");
    }
    f.limit = limit;
  }
  if (req.has_param("cursor")) {
    // The cursor is "<occurred_from unix seconds>_<id>" of the last report of the previous page.
    const std::string c = param(req, "cursor");
    const size_t sep = c.find('_');
    std::int64_t t = 0;
    Id id = 0;
    bool ok = sep != std::string::npos;
    if (ok) {
      auto r1 = std::from_chars(c.data(), c.data() + sep, t);
      auto r2 = std::from_chars(c.data() + sep + 1, c.data() + c.size(), id);
      ok = r1.ec == std::errc() && r1.ptr == c.data() + sep && r2.ec == std::errc() &&
           r2.ptr == c.data() + c.size();
    }
    if (!ok) throw ServiceError::invalid("cursor", "not a cursor returned by this API");
    f.after = ReportQuery::Cursor{from_unix(t), id};
  }
  return f;
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

}  // namespace

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
  void reference_routes();

  Services& services;
  ServerOptions options;
  httplib::Server http;
  int bound_port = 0;
};

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
      std::vector<RoleGrant> grants;
      Errors errors;
      if (body.contains("grants") && body["grants"].is_array()) {
        for (size_t i = 0; i < body["grants"].size(); ++i) {
          const auto& g = body["grants"][i];
          const std::string at = "/grants/" + std::to_string(i);
          auto role = g.contains("role") && g["role"].is_string()
                          ? role_from_string(g["role"].get<std::string>())
                          : std::nullopt;
          if (!role)
            errors.push_back(
                {at + "/role", 0, "one of reporter, analyst, coordinator, admin, viewer"});
          if (!g.contains("municipality") || !g["municipality"].is_string())
            errors.push_back({at + "/municipality", 0, "required"});
          if (!g.contains("organisation_id") || !g["organisation_id"].is_number_integer())
            errors.push_back({at + "/organisation_id", 0, "required (integer)"});
          if (errors.empty()) grants.push_back({g["municipality"], *role, g["organisation_id"]});
        }
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
    guarded(res, [&] {
      const Principal p = who(req);
      const json body = parse_body(req.body);
      if (!body.contains("disabled") || !body["disabled"].is_boolean()) {
        throw ServiceError::invalid("/disabled", "required (true or false)");
      }
      send(res, 200, to_json(services.auth.set_disabled(p, require_id(req), body["disabled"])));
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
  reference_routes();
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

void HttpServer::Impl::measure_routes() {
  // The municipality of a call: the query parameter, else the body's "municipality".
  const auto municipality_of = [](const httplib::Request& req, const std::string& from_body) {
    const std::string q = param(req, "municipality");
    return q.empty() ? from_body : q;
  };
  const auto filter_of = [](const httplib::Request& req) {
    return MeasureFilter{param(req, "municipality"), param(req, "status"), param(req, "area"),
                         param(req, "organisation")};
  };
  http.Get("/api/v1/measures",
           [this, filter_of](const httplib::Request& req, httplib::Response& res) {
             query_guarded(res, [&] {
               const Principal p = who(req);
               const MeasureFilter f = filter_of(req);
               json out = json::array();
               const auto measures = services.measures.list(p, f);
               if (!measures.empty()) {
                 const auto ctx = services.measures.context(measures.front().municipality);
                 for (const Measure& m : measures)
                   out.push_back(measure_to_json(m, *ctx, user_names()));
               }
               send(res, 200, out);
             });
           });
  http.Get("/api/v1/measures/export", [this, filter_of](const httplib::Request& req,
                                                        httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      res.set_header("Content-Disposition", "attachment; filename=\"atgarder.csv\"");
      res.set_content(services.measures.export_csv(p, filter_of(req)), "text/csv; charset=utf-8");
    });
  });
  http.Get(R"(/api/v1/measures/(\d+))", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const Measure m = services.measures.get(p, param(req, "municipality"), require_id(req));
      send(res, 200, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Post("/api/v1/measures", [this, municipality_of](const httplib::Request& req,
                                                        httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      MeasureInput in = measure_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const Measure m = services.measures.create(p, in);
      send(res, 201, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Patch(R"(/api/v1/measures/(\d+))", [this, municipality_of](const httplib::Request& req,
                                                                  httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      MeasureInput in = measure_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const Measure m = services.measures.update(p, require_id(req), in);
      send(res, 200, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Post(R"(/api/v1/measures/(\d+)/status)", [this](const httplib::Request& req,
                                                       httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      const StatusChange change = status_change_from_json(parse_body(req.body));
      const Measure m =
          services.measures.change_status(p, param(req, "municipality"), require_id(req), change);
      send(res, 200, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });
  http.Post(R"(/api/v1/measures/(\d+)/notes)", [this](const httplib::Request& req,
                                                      httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      const std::string text = note_text_from_json(parse_body(req.body));
      const Measure m =
          services.measures.add_note(p, param(req, "municipality"), require_id(req), text);
      send(res, 201, measure_to_json(m, *services.measures.context(m.municipality), user_names()));
    });
  });

  // Safety walks.
  http.Get("/api/v1/safety-walks", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      const auto walks = services.safety_walks.list(p, param(req, "municipality"));
      if (!walks.empty()) {
        const auto ctx = services.safety_walks.context(walks.front().municipality);
        for (const SafetyWalk& w : walks) out.push_back(safety_walk_to_json(w, *ctx));
      }
      send(res, 200, out);
    });
  });
  http.Get(
      R"(/api/v1/safety-walks/(\d+))", [this](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
          const Principal p = who(req);
          const SafetyWalk w =
              services.safety_walks.get(p, param(req, "municipality"), require_id(req));
          send(res, 200, safety_walk_to_json(w, *services.safety_walks.context(w.municipality)));
        });
      });
  http.Post("/api/v1/safety-walks", [this, municipality_of](const httplib::Request& req,
                                                            httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      SafetyWalkInput in = safety_walk_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      const SafetyWalk w = services.safety_walks.create(p, in);
      send(res, 201, safety_walk_to_json(w, *services.safety_walks.context(w.municipality)));
    });
  });
  http.Post(R"(/api/v1/safety-walks/(\d+)/observations)",
            [this, municipality_of](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                ObservationInput in = observation_input_from_json(parse_body(req.body));
                in.municipality = municipality_of(req, in.municipality);
                const WalkObservation o = services.safety_walks.observe(p, require_id(req), in);
                send(res, 201,
                     observation_to_json(o, *services.safety_walks.context(o.municipality)));
              });
            });
  http.Patch(R"(/api/v1/safety-walks/observations/(\d+))",
             [this, municipality_of](const httplib::Request& req, httplib::Response& res) {
               body_guarded(res, [&] {
                 const Principal p = who(req);
                 ObservationPatch patch = observation_patch_from_json(parse_body(req.body));
                 patch.municipality = municipality_of(req, patch.municipality);
                 const WalkObservation o =
                     services.safety_walks.update_observation(p, require_id(req), patch);
                 send(res, 200,
                      observation_to_json(o, *services.safety_walks.context(o.municipality)));
               });
             });
  http.Post(R"(/api/v1/safety-walks/observations/(\d+)/measure)",
            [this](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                const Measure m = services.safety_walks.to_measure(p, param(req, "municipality"),
                                                                   require_id(req));
                send(res, 201,
                     measure_to_json(m, *services.measures.context(m.municipality), user_names()));
              });
            });

  // Citizen promises (medborgarlöften).
  const auto promise_json = [this](const CitizenPromise& p) {
    return citizen_promise_to_json(p, *services.citizen_promises.context(p.municipality));
  };
  http.Get("/api/v1/citizen-promises",
           [this, promise_json](const httplib::Request& req, httplib::Response& res) {
             query_guarded(res, [&] {
               const Principal p = who(req);
               json out = json::array();
               for (const auto& x : services.citizen_promises.list(p, param(req, "municipality"))) {
                 out.push_back(promise_json(x));
               }
               send(res, 200, out);
             });
           });
  http.Get(R"(/api/v1/citizen-promises/(\d+))",
           [this, promise_json](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               const Principal p = who(req);
               send(res, 200,
                    promise_json(services.citizen_promises.get(p, param(req, "municipality"),
                                                               require_id(req))));
             });
           });
  http.Get(R"(/api/v1/citizen-promises/(\d+)/report)",
           [this](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               const Principal p = who(req);
               res.set_content(services.citizen_promises.report_html(p, param(req, "municipality"),
                                                                     require_id(req)),
                               "text/html; charset=utf-8");
             });
           });
  http.Post("/api/v1/citizen-promises", [this, promise_json, municipality_of](
                                            const httplib::Request& req, httplib::Response& res) {
    body_guarded(res, [&] {
      const Principal p = who(req);
      CitizenPromiseInput in = citizen_promise_input_from_json(parse_body(req.body));
      in.municipality = municipality_of(req, in.municipality);
      send(res, 201, promise_json(services.citizen_promises.create(p, in)));
    });
  });
  http.Post(R"(/api/v1/citizen-promises/(\d+)/activities)",
            [this, promise_json](const httplib::Request& req, httplib::Response& res) {
              body_guarded(res, [&] {
                const Principal p = who(req);
                const ActivityInput in = activity_input_from_json(parse_body(req.body));
                send(res, 201,
                     promise_json(services.citizen_promises.add_activity(
                         p, param(req, "municipality"), require_id(req), in)));
              });
            });
  http.Patch(
      R"(/api/v1/citizen-promises/activities/(\d+))",
      [this, promise_json, municipality_of](const httplib::Request& req, httplib::Response& res) {
        body_guarded(res, [&] {
          const Principal p = who(req);
          ActivityPatch patch = activity_patch_from_json(parse_body(req.body));
          patch.municipality = municipality_of(req, patch.municipality);
          send(res, 200,
               promise_json(services.citizen_promises.update_activity(p, require_id(req), patch)));
        });
      });
}

void HttpServer::Impl::reference_routes() {
  // Organisations.
  http.Get("/api/v1/organisations", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      for (const auto& o : services.reference.organisations(p, municipality(p, req)))
        out.push_back(to_json(o));
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/organisations", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const json body = parse_body(req.body);
      Organisation o{0, municipality(p, req), body.value("name", ""), body.value("kind", "")};
      send(res, 201, to_json(services.reference.create_organisation(p, o)));
    });
  });
  http.Patch(R"(/api/v1/organisations/(\d+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               guarded(res, [&] {
                 const Principal p = who(req);
                 const json body = parse_body(req.body);
                 Organisation o{require_id(req), municipality(p, req), body.value("name", ""),
                                body.value("kind", "")};
                 send(res, 200, to_json(services.reference.update_organisation(p, o)));
               });
             });
  http.Delete(R"(/api/v1/organisations/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_organisation(p, municipality(p, req), require_id(req));
                  res.status = 204;
                });
              });

  // Categories.
  auto category_from = [](const json& body, Id id, const std::string& m) {
    Category c{id,
               m,
               body.value("code", ""),
               body.value("name", ""),
               std::nullopt,
               body.value("active", true)};
    if (body.contains("parent_id") && body["parent_id"].is_number_integer())
      c.parent_id = body["parent_id"].get<Id>();
    return c;
  };
  http.Get("/api/v1/categories", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      for (const auto& c : services.reference.categories(p, municipality(p, req)))
        out.push_back(to_json(c));
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/categories",
            [this, category_from](const httplib::Request& req, httplib::Response& res) {
              guarded(res, [&] {
                const Principal p = who(req);
                auto c = category_from(parse_body(req.body), 0, municipality(p, req));
                send(res, 201, to_json(services.reference.create_category(p, c)));
              });
            });
  http.Patch(R"(/api/v1/categories/(\d+))", [this, category_from](const httplib::Request& req,
                                                                  httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      auto c = category_from(parse_body(req.body), require_id(req), municipality(p, req));
      send(res, 200, to_json(services.reference.update_category(p, c)));
    });
  });
  http.Delete(R"(/api/v1/categories/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_category(p, municipality(p, req), require_id(req));
                  res.status = 204;
                });
              });

  // Areas, as GeoJSON.
  auto area_from = [](const json& body, Id id, const std::string& m) {
    // A Feature {"type":"Feature","geometry":...,"properties":{"name":...}} or a flat object.
    const json& props =
        body.contains("properties") && body["properties"].is_object() ? body["properties"] : body;
    Area a{id, m, props.value("name", ""), props.value("kind", ""), ""};
    if (body.contains("geometry")) a.geometry_geojson = body["geometry"].dump();
    return a;
  };
  http.Get("/api/v1/areas", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json features = json::array();
      for (const auto& a : services.reference.areas(p, municipality(p, req)))
        features.push_back(to_json(a));
      res.status = 200;
      res.set_content(json{{"type", "FeatureCollection"}, {"features", features}}.dump(),
                      "application/geo+json");
    });
  });
  http.Post(
      "/api/v1/areas", [this, area_from](const httplib::Request& req, httplib::Response& res) {
        guarded(res, [&] {
          const Principal p = who(req);
          const json body = parse_body(req.body);
          const std::string m = municipality(p, req);
          const bool repair = param(req, "repair") == "true";
          if (body.value("type", "") == "FeatureCollection") {
            json out = json::array();
            for (const auto& a : services.reference.import_areas(p, m, req.body, repair))
              out.push_back(to_json(a));
            send(res, 201, {{"type", "FeatureCollection"}, {"features", out}});
            return;
          }
          send(res, 201, to_json(services.reference.create_area(p, area_from(body, 0, m), repair)));
        });
      });
  http.Patch(R"(/api/v1/areas/(\d+))", [this, area_from](const httplib::Request& req,
                                                         httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      auto a = area_from(parse_body(req.body), require_id(req), municipality(p, req));
      send(res, 200, to_json(services.reference.update_area(p, a, param(req, "repair") == "true")));
    });
  });
  http.Delete(R"(/api/v1/areas/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_area(p, municipality(p, req), require_id(req));
                  res.status = 204;
                });
              });

  // Places.
  http.Get("/api/v1/places", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      json out = json::array();
      for (const auto& pl : services.reference.places(p, municipality(p, req)))
        out.push_back(to_json(pl));
      send(res, 200, out);
    });
  });
  http.Post("/api/v1/places", [this](const httplib::Request& req, httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const auto in = place_input_from_json(parse_body(req.body));
      send(res, 201, to_json(services.reference.create_place(p, municipality(p, req), in)));
    });
  });
  http.Patch(R"(/api/v1/places/(\d+))", [this](const httplib::Request& req,
                                               httplib::Response& res) {
    guarded(res, [&] {
      const Principal p = who(req);
      const auto in = place_input_from_json(parse_body(req.body));
      send(res, 200,
           to_json(services.reference.update_place(p, municipality(p, req), require_id(req), in)));
    });
  });
  http.Delete(R"(/api/v1/places/(\d+))",
              [this](const httplib::Request& req, httplib::Response& res) {
                guarded(res, [&] {
                  const Principal p = who(req);
                  services.reference.remove_place(p, municipality(p, req), require_id(req));
                  res.status = 204;
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
  http.set_payload_max_length(512u << 20);  // large CSV imports
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
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

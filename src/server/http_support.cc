// The shared request helpers of src/server/ (http_internal.h): error mapping, the handler gate,
// parameters, ids and report filters.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "server/http_internal.h"
#include "store/store_errors.h"

namespace lagesbild::server {

std::string json_error_reason(const json::exception& e) {
  std::string_view what = e.what();
  if (!what.empty() && what.front() == '[') {
    if (const auto end = what.find("] "); end != std::string_view::npos)
      what.remove_prefix(end + 2);
  }
  return "the JSON body is malformed: " + std::string(what);
}

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

bool send_if_unavailable(httplib::Response& res, const std::exception& e) {
  const auto why = store::unavailable_reason(e);
  if (!why) return false;
  spdlog::warn("database unavailable: {}", e.what());
  res.set_header("Retry-After", "30");
  send(res, 503,
       error_json(503,
                  "databasen kan inte ta emot ändringar just nu (" + *why +
                      "); försök igen senare / the database cannot take changes now (" + *why +
                      "); try again later",
                  {}));
  return true;
}

namespace {

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

FairGate& handler_gate() {
  static FairGate gate(
      static_cast<int>(std::clamp(2 * std::thread::hardware_concurrency(), 2u, 64u)));
  return gate;
}

}  // namespace

void handler_acquire() { handler_gate().acquire(); }
void handler_release() { handler_gate().release(); }

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

int int_param(const httplib::Request& req, const char* key, int fallback) {
  const double d = number_param(req, key, fallback);
  if (d != std::floor(d) || std::abs(d) > 1e9) {
    throw ServiceError::invalid(key, "must be a whole number");
  }
  return static_cast<int>(d);
}

void send_document(httplib::Response& res, SituationDocument doc, std::string_view format) {
  res.status = 200;
  if (format == "html" || format == "pdf") {
    res.set_header("Content-Disposition",
                   (format == "html" ? "inline; filename=\"" : "attachment; filename=\"") +
                       doc.file_name + "\"");
  }
  res.set_content(std::move(doc.content), doc.content_type);
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

}  // namespace lagesbild::server

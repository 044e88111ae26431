// The police's open events API over HTTP(S): one GET of https://polisen.se/api/events, within
// the police's rules for the open data (docs/POLICE_EVENTS.md): a User-Agent on every call
// (without one the answer is 403), at least 10 s between calls, at most 60 calls an hour and
// 1,440 a day (else 429). A 404 is permanent (the address is gone); 429, 5xx, a timeout or a
// refused connection are reported and may be retried later.
//
// Owns: the HTTP call and the call budget. May use: domain/, cpp-httplib (with OpenSSL).
// The body is returned as it came (JSON, maybe gzip): reading it is ingest/police_events.h.
// Thread-safety: a PolisenClient is used by one thread at a time.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "domain/time.h"

namespace lagesbild::fetch {

struct PolisenClientOptions {
  std::string url = "https://polisen.se/api/events";  // scheme://host[:port]/path
  std::string user_agent = "Lagesbild/0.1 (kommunal lägesbild; EST)";
  std::chrono::seconds timeout{30};
  // Where the times of past calls are kept (one unix second a line), so separate runs of the CLI
  // share the budget; empty: kept in memory only (the server's poller).
  std::string call_log;
  // The police's limits.
  std::chrono::seconds min_interval{10};
  int per_hour = 60, per_day = 1440;
};

struct FetchResult {
  enum class Outcome {
    ok,           // body holds the answer
    permanent,    // 404: do not call this address again
    retry_later,  // 429, 5xx, timeout, connection refused, or our own budget is spent
    failed,       // any other answer (403: no User-Agent; 400: a bad parameter)
  };
  Outcome outcome = Outcome::failed;
  int status = 0;  // the HTTP status, 0 when there was no answer
  std::string body;
  std::string message;  // why, for anything but ok
};

class PolisenClient {
 public:
  using Clock = std::function<UtcSeconds()>;
  using Sleep = std::function<void(std::chrono::seconds)>;
  // `now` and `sleep` default to the real clock and std::this_thread::sleep_for; tests pass
  // their own.
  explicit PolisenClient(PolisenClientOptions options, Clock now = {}, Sleep sleep = {});

  // GET with the optional query parameters locationname and type. Waits (up to
  // options.min_interval) when the previous call was less than that ago; when the hourly or
  // daily budget is spent it does not call and says when the next call is allowed.
  FetchResult fetch(const std::string& location = "", const std::string& type = "");

  // How long until a call is allowed under the budget (zero: now).
  std::chrono::seconds wait_needed();

 private:
  void load_calls();
  void record_call(UtcSeconds t);

  PolisenClientOptions options_;
  Clock now_;
  Sleep sleep_;
  std::vector<UtcSeconds> calls_;  // the last day's calls, oldest first
};

}  // namespace lagesbild::fetch

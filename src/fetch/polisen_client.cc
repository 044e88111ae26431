#include "fetch/polisen_client.h"

#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

namespace lagesbild::fetch {
namespace {

// "https://polisen.se/api/events" → {"https://polisen.se", "/api/events"}.
std::pair<std::string, std::string> split_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

std::string format_time(UtcSeconds t) { return format_utc(t); }

}  // namespace

PolisenClient::PolisenClient(PolisenClientOptions options, Clock now, Sleep sleep)
    : options_(std::move(options)), now_(std::move(now)), sleep_(std::move(sleep)) {
  if (!now_) now_ = [] { return now_utc(); };
  if (!sleep_) sleep_ = [](std::chrono::seconds s) { std::this_thread::sleep_for(s); };
  load_calls();
}

void PolisenClient::load_calls() {
  if (options_.call_log.empty()) return;
  std::ifstream in(options_.call_log);
  long long t = 0;
  while (in >> t) calls_.push_back(from_unix(t));
  std::sort(calls_.begin(), calls_.end());
}

void PolisenClient::record_call(UtcSeconds t) {
  calls_.push_back(t);
  const UtcSeconds day_ago = t - std::chrono::hours{24};
  std::erase_if(calls_, [&](UtcSeconds c) { return c <= day_ago; });
  if (options_.call_log.empty()) return;
  const std::filesystem::path path(options_.call_log);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const std::string tmp = options_.call_log + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (UtcSeconds c : calls_) out << to_unix(c) << "\n";
  }
  std::filesystem::rename(tmp, path);
}

std::chrono::seconds PolisenClient::wait_needed() {
  const UtcSeconds now = now_();
  std::chrono::seconds wait{0};
  const auto within = [&](std::chrono::seconds span, int limit) {
    // Calls in (now - span, now]; when `limit` of them were made, the oldest must age out.
    std::vector<UtcSeconds> recent;
    for (UtcSeconds c : calls_)
      if (c > now - span) recent.push_back(c);
    if (static_cast<int>(recent.size()) >= limit) {
      const UtcSeconds oldest = recent[recent.size() - static_cast<std::size_t>(limit)];
      wait = std::max(wait, std::chrono::duration_cast<std::chrono::seconds>(oldest + span - now));
    }
  };
  if (!calls_.empty() && calls_.back() + options_.min_interval > now)
    wait = std::chrono::duration_cast<std::chrono::seconds>(calls_.back() + options_.min_interval -
                                                            now);
  within(std::chrono::hours{1}, options_.per_hour);
  within(std::chrono::hours{24}, options_.per_day);
  return wait;
}

FetchResult PolisenClient::fetch(const std::string& location, const std::string& type) {
  FetchResult result;
  const std::chrono::seconds wait = wait_needed();
  if (wait > options_.min_interval) {
    result.outcome = FetchResult::Outcome::retry_later;
    result.message = "the police's call limit (" + std::to_string(options_.per_hour) +
                     " an hour, " + std::to_string(options_.per_day) +
                     " a day) is spent: the next call is allowed at " + format_time(now_() + wait);
    return result;
  }
  if (wait.count() > 0) sleep_(wait);

  const auto [base, path] = split_url(options_.url);
  httplib::Client client(base);
  client.set_connection_timeout(options_.timeout);
  client.set_read_timeout(options_.timeout);
  client.set_write_timeout(options_.timeout);
  client.set_follow_location(true);
  httplib::Params params;
  if (!location.empty()) params.emplace("locationname", location);
  if (!type.empty()) params.emplace("type", type);
  const httplib::Headers headers{{"User-Agent", options_.user_agent},
                                 {"Accept", "application/json"}};
  record_call(now_());  // a call that fails still counts against the police's limits
  const auto answer = client.Get(path, params, headers);
  if (!answer) {
    result.outcome = FetchResult::Outcome::retry_later;
    result.message = "no answer from " + options_.url + ": " + httplib::to_string(answer.error());
    return result;
  }
  result.status = answer->status;
  if (answer->status == 200) {
    result.outcome = FetchResult::Outcome::ok;
    result.body = answer->body;
    return result;
  }
  const std::string status = "HTTP " + std::to_string(answer->status) + " from " + options_.url;
  if (answer->status == 404) {
    result.outcome = FetchResult::Outcome::permanent;
    result.message = status + ": the address does not exist (permanent; not retried)";
  } else if (answer->status == 429) {
    result.outcome = FetchResult::Outcome::retry_later;
    result.message = status + ": too many calls (the police allow 60 an hour, 1,440 a day)";
  } else if (answer->status >= 500) {
    result.outcome = FetchResult::Outcome::retry_later;
    result.message = status + ": the police's server failed; try again later";
  } else {
    result.outcome = FetchResult::Outcome::failed;
    result.message = status + (answer->status == 403 ? ": refused (is a User-Agent sent?)" : "");
  }
  return result;
}

}  // namespace lagesbild::fetch

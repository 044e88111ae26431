#include "cli/police_poller.h"

#include <spdlog/spdlog.h>

namespace lagesbild::cli {

PolicePoller::PolicePoller(Services& services, ingest::SwedishPlaces places,
                           ingest::PoliceTypeTable types, PollerOptions options)
    : services_(services),
      places_(std::move(places)),
      types_(std::move(types)),
      options_(std::move(options)) {
  if (options_.interval.count() > 0) thread_ = std::thread([this] { loop(); });
}

PolicePoller::~PolicePoller() { stop(); }

void PolicePoller::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool PolicePoller::round(fetch::PolisenClient& client) {
  auto answer = client.fetch(options_.location, options_.type);
  using Outcome = fetch::FetchResult::Outcome;
  if (answer.outcome == Outcome::permanent) {
    spdlog::error("police events: {}; the poller stops (restart the server to try again)",
                  answer.message);
    return false;
  }
  if (answer.outcome != Outcome::ok) {
    spdlog::warn("police events: {}; trying again in {} s", answer.message,
                 options_.interval.count());
    return true;
  }
  std::string gzip_stopped;
  const std::string json = ingest::gunzip_if_compressed(answer.body, &gzip_stopped);
  Principal poller = Principal::operator_cli();
  poller.address = "poller";
  // The events of every municipality this database holds; never creates one.
  const auto r = services_.police.import(poller, json, places_, types_, {"", false});
  spdlog::info(
      "police events: {} read, {} reports new, {} already stored, {} summaries new, {} for "
      "other municipalities, {} rejected{}",
      r.elements, r.reports_inserted, r.reports_already_stored, r.summaries_inserted,
      r.skipped_total(), r.rejected.size(),
      gzip_stopped.empty() && r.stopped.empty() ? ""
                                                : "; stopped early: " + gzip_stopped + r.stopped);
  return true;
}

void PolicePoller::loop() {
  // The calls are timed by the client against the real clock; waiting between rounds is ours,
  // so that stop() ends a wait at once.
  fetch::PolisenClient client(options_.client, {}, [this](std::chrono::seconds s) {
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, s, [this] { return stopping_; });
  });
  std::unique_lock lk(mu_);
  while (!stopping_) {
    lk.unlock();
    bool go_on = true;
    try {
      go_on = round(client);
    } catch (const std::exception& e) {
      // The database briefly unavailable, or a bug in an answer: the next round tries again.
      spdlog::error("police events: the round failed: {}", e.what());
    }
    lk.lock();
    if (!go_on) break;
    cv_.wait_for(lk, options_.interval, [this] { return stopping_; });
  }
}

}  // namespace lagesbild::cli

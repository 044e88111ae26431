// The server's poller of the police's open events API (`serve --poll-polisen SECONDS`). The API
// answers with only the latest ~500 events, so a municipality's history exists only if someone
// fetches on a schedule and keeps it: each round fetches once (PolisenClient keeps the police's
// limits: 10 s between calls, 60 an hour, 1,440 a day) and imports the answer into the
// municipalities the database holds (idempotent by event id, so overlapping answers add
// nothing). A 429, 5xx, timeout or refused connection waits for the next round; a 404 stops the
// poller (the address is gone, and calling it again is what the police ask us not to do).
//
// Lives in cli/ because it joins fetch/ (the call) and service/ (the import), which may not use
// each other. Thread-safety: start in the constructor, stop() from any thread (idempotent).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "fetch/polisen_client.h"
#include "ingest/police_events.h"
#include "service/services.h"

namespace lagesbild::cli {

struct PollerOptions {
  std::chrono::seconds interval{0};  // 0: no poller; else at least client.min_interval
  fetch::PolisenClientOptions client;
  std::string location, type;  // optional filters of the API
};

class PolicePoller {
 public:
  // Starts polling at once (the first round at start) unless interval is 0.
  PolicePoller(Services& services, ingest::SwedishPlaces places, ingest::PoliceTypeTable types,
               PollerOptions options);
  ~PolicePoller();
  PolicePoller(const PolicePoller&) = delete;
  PolicePoller& operator=(const PolicePoller&) = delete;
  void stop();

 private:
  void loop();
  // One fetch and import; false when the poller should stop for good.
  bool round(fetch::PolisenClient& client);

  Services& services_;
  ingest::SwedishPlaces places_;
  ingest::PoliceTypeTable types_;
  PollerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lagesbild::cli

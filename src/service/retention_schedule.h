// The server's retention schedule: a background thread that applies every municipality's
// retention settings (RetentionService::apply, as the local operator with address "schedule")
// right after start and then every `interval`. Stopping (stop() or the destructor) wakes the
// thread and joins it; a run in progress finishes its transaction first.
//
// May use: service/. Thread-safety: stop() may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/retention_service.h"

namespace lagesbild {

class RetentionSchedule {
 public:
  // An interval of zero starts no thread.
  RetentionSchedule(RetentionService& retention, std::chrono::seconds interval);
  ~RetentionSchedule();
  RetentionSchedule(const RetentionSchedule&) = delete;
  RetentionSchedule& operator=(const RetentionSchedule&) = delete;

  void stop();

 private:
  void loop();

  RetentionService& retention_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lagesbild

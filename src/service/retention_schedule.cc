#include "service/retention_schedule.h"

#include <spdlog/spdlog.h>

namespace lagesbild {

RetentionSchedule::RetentionSchedule(RetentionService& retention, std::chrono::seconds interval)
    : retention_(retention), interval_(interval) {
  if (interval_.count() > 0) thread_ = std::thread([this] { loop(); });
}

RetentionSchedule::~RetentionSchedule() { stop(); }

void RetentionSchedule::stop() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionSchedule::loop() {
  Principal schedule = Principal::operator_cli();
  schedule.address = "schedule";
  std::unique_lock lk(mu_);
  while (!stopping_) {
    lk.unlock();
    try {
      for (const RetentionRun& run : retention_.apply(schedule, "", now_utc(), false)) {
        spdlog::info("retention in {}: {}", run.municipality, retention_audit_object(run));
      }
    } catch (const std::exception& e) {
      // A failed run (the database briefly unavailable) is retried at the next interval.
      spdlog::error("retention run failed: {}", e.what());
    }
    lk.lock();
    cv_.wait_for(lk, interval_, [this] { return stopping_; });
  }
}

}  // namespace lagesbild

// The server's poller of the police's events API (`serve --poll-polisen`), against a fake API on
// loopback: the first round at start stores the answer's events, a later round adds only the new
// one (the API answers with its latest events, so rounds overlap), every call carries a
// User-Agent and the calls are at least the interval apart.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "harness.h"

namespace lagesbild::testing {
namespace {

using Clock = std::chrono::steady_clock;

json police_event(long id, const std::string& when, const std::string& type) {
  return {{"id", id},
          {"datetime", "2026-12-0" + when + " +01:00"},
          {"name", "2 december 10.00, " + type + ", Borlänge"},
          {"summary", "Händelse i Borlänge."},
          {"url", "/aktuellt/handelser/2026/december/" + std::to_string(id)},
          {"type", type},
          {"location", {{"name", "Dalarnas län"}, {"gps", "60.607,15.631"}}}};
}

class FakePoliceApi {
 public:
  FakePoliceApi() {
    server_.Get("/api/events", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lk(mu_);
      calls_.push_back(Clock::now());
      user_agents_.push_back(req.get_header_value("User-Agent"));
      res.set_content(answer_.dump(), "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FakePoliceApi() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/events"; }
  void answer(json events) {
    std::lock_guard lk(mu_);
    answer_ = std::move(events);
  }
  std::vector<Clock::time_point> calls() {
    std::lock_guard lk(mu_);
    return calls_;
  }
  std::vector<std::string> user_agents() {
    std::lock_guard lk(mu_);
    return user_agents_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  json answer_ = json::array();
  std::vector<Clock::time_point> calls_;
  std::vector<std::string> user_agents_;
};

// The fake API's events stored in Borlänge, read back through the CLI's export (another
// process, the same database).
std::size_t police_reports(const std::string& db) {
  const auto r = run_cli({"export", "csv", "--db", db, "--municipality", "2081"});
  if (r.exit_code != 0) return 0;
  std::size_t n = 0;
  for (std::size_t at = r.out.find(",90000"); at != std::string::npos;
       at = r.out.find(",90000", at + 1)) {
    ++n;
  }
  return n;
}

TEST(PolicePoller, StoresEachRoundsNewEventsOnceWithinThePoliceLimits) {
  TempDir dir;
  const std::string db = dir.file("poll.db");
  seed_database(db, dir);
  FakePoliceApi api;
  api.answer({police_event(900001, "1 21:05:00", "Brand"),
              police_event(900002, "1 23:40:00", "Skadegörelse")});
  ServerProcess server(db, 8, {"--poll-polisen", "10", "--polisen-url", api.url()});
  const auto wait_for = [&](std::size_t want, std::chrono::seconds limit) {
    const auto until = Clock::now() + limit;
    std::size_t n = 0;
    while (Clock::now() < until && (n = police_reports(db)) < want) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return n;
  };
  ASSERT_EQ(wait_for(2, std::chrono::seconds(20)), 2u) << api.calls().size() << " calls";
  // The next answer overlaps the first (the API lists its latest events) and adds one.
  api.answer({police_event(900001, "1 21:05:00", "Brand"),
              police_event(900002, "1 23:40:00", "Skadegörelse"),
              police_event(900003, "2 07:32:06", "Rån")});
  ASSERT_EQ(wait_for(3, std::chrono::seconds(15)), 3u);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(police_reports(db), 3u);  // nothing twice
  const auto calls = api.calls();
  ASSERT_GE(calls.size(), 2u);
  for (std::size_t i = 1; i < calls.size(); ++i) {
    EXPECT_GE(calls[i] - calls[i - 1], std::chrono::milliseconds(9900)) << i;
  }
  for (const auto& ua : api.user_agents()) EXPECT_NE(ua.find("Lagesbild"), std::string::npos);
}

TEST(PolicePoller, AnIntervalBelowThePoliceMinimumIsRefused) {
  TempDir dir;
  const auto r = run_cli({"serve", "--db", dir.file("x.db"), "--poll-polisen", "5"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--poll-polisen"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lagesbild::testing

// An acknowledged write survives kill -9: a stream of concurrent POSTs is cut by SIGKILL; after a
// restart every report whose 201 reached a client is there.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "harness.h"

namespace lagesbild::testing {
namespace {

TEST(Durability, EveryAcknowledgedReportSurvivesSigkill) {
  TempDir dir;
  const std::string db = dir.file("durable.db");
  seed_database(db, dir);
  std::vector<std::string> acknowledged;
  std::mutex mu;
  {
    ServerProcess server(db);
    std::string token;
    {
      auto c = server.client();
      token = login(c, "polis");
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        auto c = server.client();
        c.set_keep_alive(true);
        for (int i = 0; !stop && i < 100000; ++i) {
          const std::string ext = "w" + std::to_string(t) + "-" + std::to_string(i);
          const json body = {{"category", "klotter"},
                             {"occurred_from", "2026-11-13T22:00"},
                             {"lat", 60.485},
                             {"lon", 15.42},
                             {"external_id", ext}};
          auto r = c.Post("/api/v1/reports", bearer(token), body.dump(), "application/json");
          if (!r) break;  // the server is gone
          if (r->status == 201) {
            std::lock_guard lk(mu);
            acknowledged.push_back(ext);
          }
        }
      });
    }
    // Let a few hundred writes through, then pull the plug mid-stream.
    for (int i = 0; i < 200; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::lock_guard lk(mu);
      if (acknowledged.size() >= 500) break;
    }
    server.kill9();
    stop = true;
    for (auto& w : writers) w.join();
  }
  ASSERT_GE(acknowledged.size(), 100u);

  ServerProcess restarted(db);
  auto c = restarted.client();
  const auto h = bearer(login(c, "analytiker"));
  std::set<std::string> stored;
  std::string cursor;
  for (int pages = 0; pages < 1000; ++pages) {
    auto r = c.Get("/api/v1/reports?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor), h);
    ASSERT_EQ(r->status, 200);
    const auto body = json::parse(r->body);
    for (const auto& rep : body["reports"]) stored.insert(rep["external_id"].get<std::string>());
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  size_t missing = 0;
  for (const auto& ext : acknowledged) missing += stored.count(ext) == 0;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged reports";
}

}  // namespace
}  // namespace lagesbild::testing

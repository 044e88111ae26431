// An acknowledged write survives kill -9: 32 clients write concurrently and the server is killed
// once more than 1,000 writes have been acknowledged, mid-stream; after a restart every report
// whose 201 reached a client is there exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
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
    for (int t = 0; t < 32; ++t) {
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
    // Let over a thousand writes through, then pull the plug mid-stream.
    for (int i = 0; i < 3000; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::lock_guard lk(mu);
      if (acknowledged.size() >= 1000) break;
    }
    server.kill9();
    stop = true;
    for (auto& w : writers) w.join();
  }
  ASSERT_GE(acknowledged.size(), 1000u);

  ServerProcess restarted(db);
  auto c = restarted.client();
  const auto h = bearer(login(c, "analytiker"));
  std::map<std::string, int> stored;
  std::string cursor;
  for (int pages = 0; pages < 1000; ++pages) {
    auto r = c.Get("/api/v1/reports?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor), h);
    ASSERT_EQ(r->status, 200);
    const auto body = json::parse(r->body);
    for (const auto& rep : body["reports"]) {
      if (rep["external_id"].is_string()) ++stored[rep["external_id"].get<std::string>()];
    }
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  size_t missing = 0, repeated = 0;
  for (const auto& ext : acknowledged) {
    const auto it = stored.find(ext);
    missing += it == stored.end();
    repeated += it != stored.end() && it->second != 1;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged reports";
  EXPECT_EQ(repeated, 0u) << "acknowledged reports stored more than once";
  std::printf("sigkill: %zu writes acknowledged by 32 clients, all stored once\n",
              acknowledged.size());
}

}  // namespace
}  // namespace lagesbild::testing

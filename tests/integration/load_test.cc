// A bounded load test: 64 keep-alive connections on loopback send mixed reads and writes to the
// real server for LB_LOAD_SECONDS (default 60) seconds. Every request must succeed, and the
// server's resident memory (VmRSS from /proc) may grow only by a bounded amount between the end
// of a warm-up and the end of the run. Runs only as the ctest `load` (LB_LOAD_TEST=1), which
// prints the figures docs/BENCHMARKS.md quotes.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "harness.h"

namespace lagesbild::testing {
namespace {

using Clock = std::chrono::steady_clock;

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

TEST(Load, SixtyFourConnectionsOfMixedReadsAndWritesWithoutErrorsOrGrowingMemory) {
  if (std::getenv("LB_LOAD_TEST") == nullptr) GTEST_SKIP() << "runs as the ctest `load`";
  const int seconds = env_int("LB_LOAD_SECONDS", 60);
  const int connections = 64;
  TempDir dir;
  const std::string db = dir.file("load.db");
  seed_database(db, dir);
  ServerProcess server(db, connections + 8);
  std::vector<httplib::Headers> sessions;
  {
    auto c = server.client();
    for (const char* user : {"polis", "bostad", "analytiker", "betraktare"}) {
      sessions.push_back(bearer(login(c, user)));
    }
    // Something to read from the start.
    for (int i = 0; i < 200; ++i) {
      const json body = {{"category", i % 2 ? "klotter" : "Stök"},
                         {"occurred_from", "2026-11-" + std::to_string(10 + i % 10) + "T22:00"},
                         {"lat", 60.475 + 0.0001 * (i % 200)},
                         {"lon", 15.41 + 0.0003 * (i % 100)},
                         {"description", "Tag nummer " + std::to_string(i)}};
      c.Post("/api/v1/reports", sessions[0], body.dump(), "application/json");
    }
  }
  // The mix: a quarter writes (new reports), the rest the reads of a working day.
  const std::vector<std::string> reads = {"/api/v1/reports?limit=50",
                                          "/api/v1/situation?period=2026-W47",
                                          "/api/v1/health",
                                          "/api/v1/reports?limit=20&category=klotter",
                                          "/api/v1/areas",
                                          "/api/v1/measures",
                                          "/api/v1/"
                                          "evaluation?target_area=Centrum&comparison_area=Tj%C3%"
                                          "A4rna%20%C3%84ngar&before=2025-Q1&after=2026-Q1"};
  std::atomic<bool> warm{false}, stop{false};
  std::atomic<long> requests{0}, writes{0}, errors{0};
  std::mutex mu;
  // Latencies of the measured phase, milliseconds: [0] writes, [1] reads, [2] health (the
  // server's floor in the same run, the peer figure of docs/BENCHMARKS.md).
  std::vector<double> latencies[3];
  std::string first_error;
  std::vector<std::thread> clients;
  for (int t = 0; t < connections; ++t) {
    clients.emplace_back([&, t] {
      auto c = server.client();
      c.set_keep_alive(true);
      std::vector<double> mine[3];
      std::uint64_t state = 0x9e3779b97f4a7c15ull * static_cast<std::uint64_t>(t + 1);
      for (long i = 0; !stop; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        const auto t0 = Clock::now();
        const bool write = state % 4 == 0;
        int kind = write ? 0 : 1;
        const auto& path = reads[(state >> 8) % reads.size()];
        if (!write && path == "/api/v1/health") kind = 2;
        httplib::Result r = [&] {
          if (write) {
            const json body = {
                {"category", "klotter"},
                {"occurred_from", "2026-11-18T21:00"},
                {"lat", 60.475 + 0.00001 * static_cast<double>(state % 2000)},
                {"lon", 15.41 + 0.00001 * static_cast<double>(state % 6000)},
                {"description", "Last " + std::to_string(t) + "-" + std::to_string(i)},
                {"external_id", "load-" + std::to_string(t) + "-" + std::to_string(i)}};
            return c.Post("/api/v1/reports", sessions[state % 2], body.dump(), "application/json");
          }
          const auto& who =
              path.find("reports") != std::string::npos ? sessions[2] : sessions[(state >> 16) % 4];
          return c.Get(path, who);
        }();
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!warm) continue;
        ++requests;
        writes += write;
        if (!r || r->status / 100 != 2) {
          ++errors;
          std::lock_guard lk(mu);
          if (first_error.empty()) {
            first_error = r ? std::to_string(r->status) + " " + r->body.substr(0, 200)
                            : httplib::to_string(r.error());
          }
        }
        mine[kind].push_back(ms);
      }
      std::lock_guard lk(mu);
      for (int k = 0; k < 3; ++k)
        latencies[k].insert(latencies[k].end(), mine[k].begin(), mine[k].end());
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(5));  // warm-up: caches, pools, sessions
  const long rss_start = rss_kib(server.pid());
  warm = true;
  const auto t0 = Clock::now();
  long rss_peak = rss_start;
  while (Clock::now() - t0 < std::chrono::seconds(seconds)) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    rss_peak = std::max(rss_peak, rss_kib(server.pid()));
  }
  const long rss_end = rss_kib(server.pid());
  stop = true;
  for (auto& c : clients) c.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  const auto pct = [&](int k, double p) {
    auto& v = latencies[k];
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
  };
  std::printf(
      "load: %d connections, %.0f s: %ld requests (%ld writes), %.0f/s, %ld errors\n"
      "load: p50 / p99 ms: writes %.1f / %.1f, reads %.1f / %.1f, health (floor) %.1f / %.1f\n"
      "load: server RSS %ld MiB after the warm-up, %ld MiB at the end (peak %ld MiB)\n",
      connections, elapsed, requests.load(), writes.load(),
      static_cast<double>(requests.load()) / elapsed, errors.load(), pct(0, 0.5), pct(0, 0.99),
      pct(1, 0.5), pct(1, 0.99), pct(2, 0.5), pct(2, 0.99), rss_start / 1024, rss_end / 1024,
      rss_peak / 1024);
  EXPECT_EQ(errors.load(), 0) << "first: " << first_error;
  EXPECT_GT(requests.load(), 1000);
  // Bounded growth: caches fill and the database grows by the writes; a leak of a few hundred
  // bytes per request would exceed this within the run.
  EXPECT_LT(rss_end - rss_start, 128 * 1024) << "KiB of growth";
}

}  // namespace
}  // namespace lagesbild::testing

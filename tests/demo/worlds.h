// Demo worlds shared by the tests of one binary: generating one takes a fraction of a second, so
// each seed is generated once.
#pragma once

#include <map>
#include <mutex>

#include "demo/calendar.h"
#include "demo/demo.h"

namespace lagesbild::demo::testing {

inline const DemoWorld& world(std::uint64_t seed) {
  static std::mutex mu;
  static std::map<std::uint64_t, DemoWorld> worlds;
  std::lock_guard lock(mu);
  auto it = worlds.find(seed);
  if (it == worlds.end()) {
    DemoOptions options;
    options.seed = seed;
    it = worlds.emplace(seed, generate_demo(options)).first;
  }
  return it->second;
}

// The week of an instant, counted from the world's first week (0-based), in local time.
inline int week_index(const DemoWorld& w, UtcSeconds t) {
  const Day first = utc_to_stockholm(lagesbild::parse_iso_week(w.first_week)->from).date;
  return static_cast<int>((monday_of(utc_to_stockholm(t).date) - first).count() / 7);
}

// The index of an ISO week ("2026-W35") in the world.
inline int week_index(const DemoWorld& w, const std::string& label) {
  return week_index(w, lagesbild::parse_iso_week(label)->from);
}

}  // namespace lagesbild::demo::testing

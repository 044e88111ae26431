// The short id lists the forum tables keep in a row ("12,7,3", schema migration 6): written and
// read whole, in order. Internal to store/.
#pragma once

#include <charconv>
#include <string>
#include <vector>

#include "domain/model.h"
#include "store/store.h"

namespace lagesbild::id_list {

inline std::string join(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

// StoreError on anything but comma-separated decimal ids (a row edited by hand).
inline std::vector<Id> split(const std::string& text) {
  std::vector<Id> out;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    Id id = 0;
    const auto [next, ec] = std::from_chars(p, end, id);
    if (ec != std::errc() || (next != end && *next != ',')) {
      throw StoreError("malformed id list '" + text + "'");
    }
    out.push_back(id);
    p = next == end ? end : next + 1;
  }
  return out;
}

}  // namespace lagesbild::id_list

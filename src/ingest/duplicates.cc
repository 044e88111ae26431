#include "ingest/duplicates.h"

#include <bit>
#include <functional>
#include <string_view>

namespace lagesbild::ingest {
namespace {

std::size_t key_hash(const Report& r) {
  return std::hash<std::string_view>{}(r.external_id) ^
         (static_cast<std::size_t>(r.organisation_id) * 0x9E3779B97F4A7C15ull);
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> repeated_external_ids(
    std::span<const Report> reports) {
  // Open addressing with linear probing over report indices: imports of a million rows would
  // otherwise spend most of this pass allocating hash nodes.
  constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);
  const std::size_t mask = std::bit_ceil(2 * reports.size() + 1) - 1;
  std::vector<std::size_t> slots(mask + 1, kEmpty);
  std::vector<std::pair<std::size_t, std::size_t>> repeats;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Report& r = reports[i];
    if (r.external_id.empty()) continue;
    for (std::size_t s = key_hash(r) & mask;; s = (s + 1) & mask) {
      if (slots[s] == kEmpty) {
        slots[s] = i;
        break;
      }
      const Report& seen = reports[slots[s]];
      if (seen.organisation_id == r.organisation_id && seen.external_id == r.external_id) {
        repeats.emplace_back(i, slots[s]);
        break;
      }
    }
  }
  return repeats;
}

}  // namespace lagesbild::ingest

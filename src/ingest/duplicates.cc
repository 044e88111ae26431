#include "ingest/duplicates.h"

#include <algorithm>
#include <bit>
#include <functional>
#include <numeric>
#include <string_view>

namespace lagesbild::ingest {
namespace {

std::size_t key_hash(const Report& r) {
  return std::hash<std::string_view>{}(r.external_id) ^
         (static_cast<std::size_t>(r.organisation_id) * 0x9E3779B97F4A7C15ull);
}

}  // namespace

std::vector<std::pair<std::size_t, std::int64_t>> ExternalIdTracker::add(
    std::span<const Report> reports, std::span<const std::int64_t> tags) {
  std::vector<std::pair<std::size_t, std::int64_t>> repeats;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (reports[i].external_id.empty()) continue;
    bool inserted = false;
    const Entry& e = find_or_insert(reports[i], tags[i], inserted);
    if (!inserted) repeats.emplace_back(i, e.tag);
  }
  return repeats;
}

const ExternalIdTracker::Entry& ExternalIdTracker::find_or_insert(const Report& r, std::int64_t tag,
                                                                  bool& inserted) {
  if (2 * (entries_.size() + 1) > slots_.size()) grow();  // load factor at most 1/2
  const std::size_t hash = key_hash(r);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
    if (slots_[s] == kEmpty) {
      slots_[s] = static_cast<std::uint32_t>(entries_.size());
      entries_.push_back({hash, r.organisation_id, keys_.size(), r.external_id.size(), tag});
      keys_ += r.external_id;
      inserted = true;
      return entries_.back();
    }
    const Entry& seen = entries_[slots_[s]];
    if (seen.hash == hash && seen.organisation_id == r.organisation_id &&
        std::string_view(keys_).substr(seen.offset, seen.size) == r.external_id) {
      return seen;
    }
  }
}

void ExternalIdTracker::grow() {
  slots_.assign(std::max<std::size_t>(64, 2 * slots_.size()), kEmpty);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t i = 0; i < entries_.size(); ++i) {
    std::size_t s = entries_[i].hash & mask;
    while (slots_[s] != kEmpty) s = (s + 1) & mask;
    slots_[s] = i;
  }
}

std::vector<std::pair<std::size_t, std::size_t>> repeated_external_ids(
    std::span<const Report> reports) {
  std::vector<std::int64_t> indices(reports.size());
  std::iota(indices.begin(), indices.end(), 0);
  std::vector<std::pair<std::size_t, std::size_t>> repeats;
  for (const auto& [later, first] : ExternalIdTracker().add(reports, indices)) {
    repeats.emplace_back(later, static_cast<std::size_t>(first));
  }
  return repeats;
}

}  // namespace lagesbild::ingest

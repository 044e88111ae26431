// Repeated external ids within one batch of reports (one file or one request).
//
// The store treats a known (municipality, source, organisation, external_id) as an idempotent
// retry; within one batch a repeat is a mistake in the file, so importers report it.
//
// Thread-safety: an ExternalIdTracker is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/model.h"

namespace lagesbild::ingest {

// Remembers every (organisation, external_id) seen so far, for a batch that arrives in pieces
// (a file parsed chunk by chunk): a repeat is found however far apart the two rows are.
class ExternalIdTracker {
 public:
  // Adds `reports` (a piece that follows all earlier ones) where tags[i] names reports[i] (a line
  // or an index; tags.size() == reports.size()). Returns, for each report whose non-empty
  // external_id repeats that of an earlier report of the same organisation, in this piece or an
  // earlier one: {its index in `reports`, the tag of the first such report}, in input order.
  std::vector<std::pair<std::size_t, std::int64_t>> add(std::span<const Report> reports,
                                                        std::span<const std::int64_t> tags);

 private:
  struct Entry {
    std::size_t hash;
    Id organisation_id;
    std::size_t offset, size;  // the external_id in keys_
    std::int64_t tag;
  };
  static constexpr std::uint32_t kEmpty = static_cast<std::uint32_t>(-1);

  // The entry of (organisation, external_id), or the new one made for it (then `inserted`).
  const Entry& find_or_insert(const Report& r, std::int64_t tag, bool& inserted);
  void grow();

  // Open addressing with linear probing over indices into entries_: imports of a million rows
  // would otherwise spend much of this pass allocating hash nodes; keys_ holds every id's text.
  std::vector<std::uint32_t> slots_;
  std::vector<Entry> entries_;
  std::string keys_;
};

// For each report whose non-empty external_id repeats that of an earlier report of the same
// organisation: {its index, the index of the first such report}, in input order.
std::vector<std::pair<std::size_t, std::size_t>> repeated_external_ids(
    std::span<const Report> reports);

}  // namespace lagesbild::ingest

// Repeated external ids within one batch of reports (one file or one request).
//
// The store treats a known (municipality, source, organisation, external_id) as an idempotent
// retry; within one batch a repeat is a mistake in the file, so importers report it.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "domain/model.h"

namespace lagesbild::ingest {

// For each report whose non-empty external_id repeats that of an earlier report of the same
// organisation: {its index, the index of the first such report}, in input order.
std::vector<std::pair<std::size_t, std::size_t>> repeated_external_ids(
    std::span<const Report> reports);

}  // namespace lagesbild::ingest

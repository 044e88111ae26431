// A table of values per observation from CSV (`id,value`, as GeoDa and PySAL exchange them):
// the plain input of `lagesbild analyse gistar|moran --values FILE`.
//
// Owns: reading such a file. May use: ingest/csv_reader.h, domain/expected.h. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/expected.h"

namespace lagesbild::ingest {

struct ValuesTable {
  std::vector<std::string> ids;
  std::vector<double> values;
};

// Columns by header name: `id` and `value` (case-insensitive; `,` or `;` separated; a decimal
// comma is read with `;`). Every bad row is listed (line, column, why): a missing or duplicate
// id, a value that is not a finite number, a syntax error, a file without rows. Throws nothing.
ValuesTable parse_values_csv(std::string_view content, Errors& errors);

}  // namespace lagesbild::ingest

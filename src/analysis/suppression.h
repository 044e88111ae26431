// Small-count suppression of a two-way table of counts for open data (docs/TRUST.md, "Open
// data"): which cells and totals may be published so that no count of 1 or 2 can be read off,
// directly or by subtracting published cells from a published total.
//
// Owns: the suppression rule. Pure computation, no I/O; thread-safe.
//
// The table is extended by its margins: entry (r, c) for r < rows, c < cols is a cell, (r, cols)
// row r's total, (rows, c) column c's total, (rows, cols) the grand total. Every row r <= rows
// and every column c <= cols of the extended table is a *line*: its first entries add up to its
// last one (the totals row adds up to the grand total, so does the totals column).
//
// The rule:
// 1. Primary: every entry (cell or total) of 1 or 2 is published as "<3"; 0 is published as 0.
// 2. Secondary, repeated until nothing changes: a line is an equation (its entries add up to its
//    total), and a line with exactly one hidden member, entry or total, would give it away by
//    subtraction (or, for a hidden total, by addition). The smallest published non-zero entry of
//    that line is withheld too (the first on ties), or a 0 when every other published entry is 0,
//    or, when the line has no published entry, its total is withheld.
// Every published entry is its true value; the totals are computed from the true cells.
// Guarantee (tests/analysis/suppression_test.cc, a property test): every line has 0 or at least 2
// hidden members, so no hidden entry or total can be derived by subtraction or addition within
// rows and columns, however often repeated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace lagesbild::analysis {

enum class Publish : std::uint8_t {
  value,     // the true value
  small,     // a count of 1 or 2, published as "<3"
  withheld,  // hidden so that a total cannot reveal a small count (secondary suppression)
};

struct SuppressedTable {
  std::size_t rows = 0, cols = 0;
  // The extended table, row-major, (rows + 1) x (cols + 1): true values and what is published.
  std::vector<std::int64_t> values;
  std::vector<Publish> publish;

  std::size_t index(std::size_t r, std::size_t c) const { return r * (cols + 1) + c; }
  std::int64_t value(std::size_t r, std::size_t c) const { return values[index(r, c)]; }
  Publish state(std::size_t r, std::size_t c) const { return publish[index(r, c)]; }
};

// Suppresses the rows x cols table `cells` (row-major, counts >= 0) and its totals.
SuppressedTable suppress_small_counts(std::size_t rows, std::size_t cols,
                                      std::span<const std::int64_t> cells);

}  // namespace lagesbild::analysis

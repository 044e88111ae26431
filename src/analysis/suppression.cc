#include "analysis/suppression.h"

#include <optional>

namespace lagesbild::analysis {
namespace {

bool hidden(Publish p) { return p != Publish::value; }

// One line of the extended table: `count` entries at index(first) + k * step, then its total.
struct Line {
  std::size_t first, step, count, total;
};

// Hides what the rule's step 2 hides in `line`; false when the line is already safe. A line is
// an equation, entries = total: with exactly one of its members hidden, that one is derived.
bool protect(SuppressedTable& t, const Line& line) {
  std::size_t n_hidden = hidden(t.publish[line.total]) ? 1 : 0;
  std::optional<std::size_t> smallest;  // the smallest published entry, non-zero preferred
  for (std::size_t k = 0; k < line.count; ++k) {
    const std::size_t i = line.first + k * line.step;
    if (hidden(t.publish[i])) {
      ++n_hidden;
      continue;
    }
    if (!smallest) {
      smallest = i;
      continue;
    }
    const std::int64_t v = t.values[i], best = t.values[*smallest];
    const bool better = (v != 0 && best == 0) || ((v == 0) == (best == 0) && v < best);
    if (better) smallest = i;
  }
  if (n_hidden != 1) return false;
  if (smallest) {
    t.publish[*smallest] = Publish::withheld;
  } else if (!hidden(t.publish[line.total])) {
    t.publish[line.total] = Publish::withheld;
  } else {
    return false;  // a line without entries: its total is 0, never hidden
  }
  return true;
}

}  // namespace

SuppressedTable suppress_small_counts(std::size_t rows, std::size_t cols,
                                      std::span<const std::int64_t> cells) {
  SuppressedTable t;
  t.rows = rows;
  t.cols = cols;
  t.values.assign((rows + 1) * (cols + 1), 0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const std::int64_t v = cells[r * cols + c];
      t.values[t.index(r, c)] = v;
      t.values[t.index(r, cols)] += v;
      t.values[t.index(rows, c)] += v;
      t.values[t.index(rows, cols)] += v;
    }
  }
  t.publish.resize(t.values.size());
  for (std::size_t i = 0; i < t.values.size(); ++i) {
    t.publish[i] = t.values[i] == 1 || t.values[i] == 2 ? Publish::small : Publish::value;
  }
  std::vector<Line> lines;
  for (std::size_t r = 0; r <= rows; ++r)
    lines.push_back({t.index(r, 0), 1, cols, t.index(r, cols)});
  for (std::size_t c = 0; c <= cols; ++c) {
    lines.push_back({t.index(0, c), cols + 1, rows, t.index(rows, c)});
  }
  // Each pass hides at least one entry or ends the loop: at most values.size() passes.
  for (bool changed = true; changed;) {
    changed = false;
    for (const Line& line : lines) changed = protect(t, line) || changed;
  }
  return t;
}

}  // namespace lagesbild::analysis

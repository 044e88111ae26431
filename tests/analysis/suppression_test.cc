// Small-count suppression for open data: the rule on worked tables, and a property test that no
// hidden entry can be derived by subtraction within rows and columns, however often repeated.
#include "analysis/suppression.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <vector>

namespace lagesbild::analysis {
namespace {

bool hidden(const SuppressedTable& t, std::size_t r, std::size_t c) {
  return t.state(r, c) != Publish::value;
}

// What an attacker derives: starting from the published entries, a line (row or column of the
// extended table) whose total is known and that has exactly one unknown entry gives it away by
// subtraction; repeated until nothing more is learnt. Returns which entries are known.
std::vector<bool> derivable(const SuppressedTable& t) {
  const std::size_t R = t.rows, C = t.cols;
  std::vector<bool> known(t.values.size());
  for (std::size_t i = 0; i < known.size(); ++i) known[i] = t.publish[i] == Publish::value;
  for (bool learnt = true; learnt;) {
    learnt = false;
    const auto line = [&](std::vector<std::size_t> entries, std::size_t total) {
      std::vector<std::size_t> unknown;
      for (std::size_t e : entries)
        if (!known[e]) unknown.push_back(e);
      if (known[total] && unknown.size() == 1) {
        known[unknown[0]] = true;
        learnt = true;
      }
      // All entries known reveal the total too.
      if (!known[total] && unknown.empty()) {
        known[total] = true;
        learnt = true;
      }
    };
    for (std::size_t r = 0; r <= R; ++r) {
      std::vector<std::size_t> e;
      for (std::size_t c = 0; c < C; ++c) e.push_back(t.index(r, c));
      line(e, t.index(r, C));
    }
    for (std::size_t c = 0; c <= C; ++c) {
      std::vector<std::size_t> e;
      for (std::size_t r = 0; r < R; ++r) e.push_back(t.index(r, c));
      line(e, t.index(R, c));
    }
  }
  return known;
}

TEST(Suppression, SmallCountsReadAsLessThanThreeAndZeroAsZero) {
  const std::vector<std::int64_t> cells = {0, 7, 9, 12};
  const SuppressedTable t = suppress_small_counts(2, 2, cells);
  for (std::size_t i = 0; i < t.publish.size(); ++i) EXPECT_EQ(t.publish[i], Publish::value);
  EXPECT_EQ(t.value(0, 0), 0);
  EXPECT_EQ(t.value(0, 2), 7);   // row 0's total
  EXPECT_EQ(t.value(2, 1), 19);  // column 1's total
  EXPECT_EQ(t.value(2, 2), 28);
}

TEST(Suppression, ALoneSmallCellTakesTheNextSmallestOfItsRowAndColumnWithIt) {
  // Row 0: 5 [1] 7; row 1: 4 6 8. The 1 alone in row 0 and column 1 would be 13 - 5 - 7 and
  // 7 - 6: the 5 and the 6 go with it, and then the 6 alone in row 1 takes the 4.
  const std::vector<std::int64_t> cells = {5, 1, 7, 4, 6, 8};
  const SuppressedTable t = suppress_small_counts(2, 3, cells);
  EXPECT_EQ(t.state(0, 1), Publish::small);
  EXPECT_EQ(t.state(0, 0), Publish::withheld);
  EXPECT_EQ(t.state(1, 1), Publish::withheld);
  EXPECT_EQ(t.state(1, 0), Publish::withheld);
  EXPECT_EQ(t.state(0, 2), Publish::value);
  EXPECT_EQ(t.state(1, 2), Publish::value);
  // Every total stays published: each line hides two entries or none.
  for (std::size_t r = 0; r <= 2; ++r) EXPECT_EQ(t.state(r, 3), Publish::value);
  for (std::size_t c = 0; c <= 3; ++c) EXPECT_EQ(t.state(2, c), Publish::value);
}

TEST(Suppression, ATotalIsWithheldWhenItsLineHasNothingElseToHide) {
  // One cell per row: the row total would equal the cell. Column totals 2 and 9.
  const std::vector<std::int64_t> cells = {2, 9};
  const SuppressedTable t = suppress_small_counts(2, 1, cells);
  EXPECT_EQ(t.state(0, 0), Publish::small);
  EXPECT_EQ(t.state(0, 1), Publish::small);  // the row total is 2 too
  EXPECT_EQ(t.state(1, 0), Publish::withheld);
  EXPECT_EQ(t.state(1, 1), Publish::withheld);
  EXPECT_FALSE(derivable(t)[t.index(0, 0)]);
}

TEST(Suppression, ASmallTotalIsItselfSuppressed) {
  const std::vector<std::int64_t> cells = {0, 0, 1, 0};
  const SuppressedTable t = suppress_small_counts(2, 2, cells);
  EXPECT_EQ(t.state(1, 0), Publish::small);
  EXPECT_EQ(t.state(2, 2), Publish::small);  // the grand total of 1
  EXPECT_EQ(t.state(1, 2), Publish::small);
  EXPECT_EQ(t.state(2, 0), Publish::small);
  const auto known = derivable(t);
  EXPECT_FALSE(known[t.index(1, 0)]);
}

TEST(Suppression, AnEmptyTableHasOnlyAZeroTotal) {
  const SuppressedTable t = suppress_small_counts(0, 3, {});
  EXPECT_EQ(t.value(0, 3), 0);
  EXPECT_EQ(t.state(0, 3), Publish::value);
}

// Tables of 1-7 rows and columns whose cells are mostly small, as a week of a small area is.
rc::Gen<std::vector<std::int64_t>> small_counts(std::size_t n) {
  return rc::gen::container<std::vector<std::int64_t>>(
      n, rc::gen::weightedOneOf<std::int64_t>({{4, rc::gen::just<std::int64_t>(0)},
                                               {3, rc::gen::inRange<std::int64_t>(1, 3)},
                                               {2, rc::gen::inRange<std::int64_t>(3, 8)},
                                               {1, rc::gen::inRange<std::int64_t>(8, 60)}}));
}

RC_GTEST_PROP(Suppression, NoHiddenEntryCanBeDerivedBySubtraction, ()) {
  const auto rows = *rc::gen::inRange<std::size_t>(1, 8);
  const auto cols = *rc::gen::inRange<std::size_t>(1, 8);
  const auto cells = *small_counts(rows * cols);
  const SuppressedTable t = suppress_small_counts(rows, cols, cells);
  const auto known = derivable(t);
  for (std::size_t r = 0; r <= rows; ++r) {
    for (std::size_t c = 0; c <= cols; ++c) {
      const std::int64_t v = t.value(r, c);
      if (r < rows && c < cols) RC_ASSERT(v == cells[r * cols + c]);
      // Every 1 or 2 is hidden, and "<3" is never said of anything else.
      RC_ASSERT((v == 1 || v == 2) == (t.state(r, c) == Publish::small));
      // Nothing hidden is learnt.
      RC_ASSERT(known[t.index(r, c)] == !hidden(t, r, c));
    }
  }
  // The totals are the true sums.
  std::int64_t grand = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    std::int64_t sum = 0;
    for (std::size_t c = 0; c < cols; ++c) sum += cells[r * cols + c];
    RC_ASSERT(t.value(r, cols) == sum);
    grand += sum;
  }
  RC_ASSERT(t.value(rows, cols) == grand);
}

}  // namespace
}  // namespace lagesbild::analysis

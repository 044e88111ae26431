#include "analysis/weights.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace lagesbild::analysis {
namespace {

std::vector<std::uint32_t> row(const SpatialWeights& w, std::size_t i) {
  const auto nb = w.neighbours_of(i);
  return {nb.begin(), nb.end()};
}

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no exception";
}

TEST(Lattice, QueenAndRookNeighbourCounts) {
  const auto queen = lattice_weights(3, 4, Contiguity::queen);
  ASSERT_EQ(queen.size(), 12u);
  EXPECT_EQ(row(queen, 0), (std::vector<std::uint32_t>{1, 4, 5}));
  EXPECT_EQ(row(queen, 5), (std::vector<std::uint32_t>{0, 1, 2, 4, 6, 8, 9, 10}));
  EXPECT_EQ(row(queen, 11), (std::vector<std::uint32_t>{6, 7, 10}));
  const auto rook = lattice_weights(3, 4, Contiguity::rook);
  EXPECT_EQ(row(rook, 5), (std::vector<std::uint32_t>{1, 4, 6, 9}));
  EXPECT_EQ(row(rook, 3), (std::vector<std::uint32_t>{2, 7}));
  EXPECT_EQ(queen.isolates(), 0u);
  EXPECT_EQ(lattice_weights(1, 1, Contiguity::queen).isolates(), 1u);
}

TEST(Lattice, SelfAndRowStandardisedMatchTheGeneralPath) {
  for (auto c : {Contiguity::queen, Contiguity::rook}) {
    for (bool self : {false, true}) {
      for (auto style : {WeightStyle::binary, WeightStyle::row_standardised}) {
        const WeightOptions o{self, style};
        const auto direct = lattice_weights(5, 7, c, o);
        const auto general = with_style(lattice_weights(5, 7, c), o);
        EXPECT_EQ(direct.offsets, general.offsets);
        EXPECT_EQ(direct.neighbours, general.neighbours);
        ASSERT_EQ(direct.weights.size(), general.weights.size());
        for (std::size_t m = 0; m < direct.weights.size(); ++m)
          EXPECT_NEAR(direct.weights[m], general.weights[m], 1e-15);
        EXPECT_EQ(direct.self_included, self);
        EXPECT_EQ(general.self_included, self);
      }
    }
  }
  const auto w = lattice_weights(4, 4, Contiguity::queen, {true, WeightStyle::row_standardised});
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto wt = w.weights_of(i);
    EXPECT_NEAR(std::accumulate(wt.begin(), wt.end(), 0.0), 1.0, 1e-15);
  }
  EXPECT_NE(error_of([] { lattice_weights(0, 3, Contiguity::queen); }).find("rows"),
            std::string::npos);
}

std::vector<Point> random_points(std::mt19937_64& rng, std::size_t n, bool on_a_grid) {
  std::uniform_real_distribution<double> u(0, 50);
  std::uniform_int_distribution<int> g(0, 12);
  std::vector<Point> p(n);
  for (auto& q : p) q = on_a_grid ? Point{double(g(rng)), double(g(rng))} : Point{u(rng), u(rng)};
  return p;
}

// The grid searches agree with brute force, including coincident points and distance ties
// (integer coordinates).
RC_GTEST_PROP(PointWeights, DistanceBandEqualsBruteForce, ()) {
  std::mt19937_64 rng(*rc::gen::arbitrary<std::uint64_t>());
  const auto n = static_cast<std::size_t>(*rc::gen::inRange(2, 200));
  const bool grid = *rc::gen::arbitrary<bool>();
  const auto pts = random_points(rng, n, grid);
  const double threshold = *rc::gen::inRange(0, 200) / 10.0;
  const auto w = distance_band_weights(pts, threshold);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::uint32_t> expected;
    for (std::uint32_t j = 0; j < n; ++j) {
      const double dx = pts[j].x - pts[i].x, dy = pts[j].y - pts[i].y;
      if (j != i && dx * dx + dy * dy <= threshold * threshold) expected.push_back(j);
    }
    RC_ASSERT(row(w, i) == expected);
  }
}

RC_GTEST_PROP(PointWeights, KNearestEqualsBruteForceWithIndexTieBreak, ()) {
  std::mt19937_64 rng(*rc::gen::arbitrary<std::uint64_t>());
  const auto n = static_cast<std::size_t>(*rc::gen::inRange(2, 150));
  const bool grid = *rc::gen::arbitrary<bool>();
  const auto pts = random_points(rng, n, grid);
  const int k = *rc::gen::inRange(1, static_cast<int>(std::min<std::size_t>(n, 12)));
  const auto w = knn_weights(pts, k);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::pair<double, std::uint32_t>> all;
    for (std::uint32_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const double dx = pts[j].x - pts[i].x, dy = pts[j].y - pts[i].y;
      all.emplace_back(dx * dx + dy * dy, j);
    }
    std::sort(all.begin(), all.end());
    std::vector<std::uint32_t> expected;
    for (int m = 0; m < k; ++m) expected.push_back(all[m].second);
    std::sort(expected.begin(), expected.end());
    RC_ASSERT(row(w, i) == expected);
  }
}

TEST(PointWeights, BadInput) {
  const std::vector<Point> pts{{0, 0}, {1, 1}, {NAN, 2}};
  EXPECT_NE(error_of([&] { distance_band_weights(pts, 1); }).find("points[2]"), std::string::npos);
  EXPECT_NE(error_of([&] { distance_band_weights(pts, -1); }).find("threshold"), std::string::npos);
  EXPECT_NE(error_of([&] { knn_weights(pts, 3); }).find("k:"), std::string::npos);
  EXPECT_NE(error_of([&] { knn_weights(pts, 0); }).find("k:"), std::string::npos);
}

Polygon square(double x, double y, double size = 1) {
  return {{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}};
}

TEST(PolygonContiguity, SharedEdgeAndSharedCorner) {
  // 0 and 1 share an edge; 2 touches 1 only at its corner (2, 1); 3 is alone.
  const std::vector<Polygon> polygons{square(0, 0), square(1, 0), square(2, 1), square(9, 9)};
  const auto queen = contiguity_weights(polygons, Contiguity::queen);
  EXPECT_EQ(row(queen, 0), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(row(queen, 1), (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(row(queen, 2), (std::vector<std::uint32_t>{1}));
  EXPECT_TRUE(row(queen, 3).empty());
  const auto rook = contiguity_weights(polygons, Contiguity::rook);
  EXPECT_EQ(row(rook, 1), (std::vector<std::uint32_t>{0}));
  EXPECT_TRUE(row(rook, 2).empty());
  EXPECT_EQ(rook.isolates(), 2u);
}

TEST(PolygonContiguity, ClosingVertexCountsOnce) {
  // Both rings start and end at the shared corner (1, 1): one shared vertex, not rook.
  const std::vector<Polygon> polygons{
      {{{1, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 1}}},
      {{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}},
  };
  EXPECT_TRUE(row(contiguity_weights(polygons, Contiguity::rook), 0).empty());
  EXPECT_EQ(row(contiguity_weights(polygons, Contiguity::queen), 0),
            (std::vector<std::uint32_t>{1}));
}

TEST(PolygonContiguity, SnapTolerance) {
  Polygon near = square(1 + 1e-9, 0);  // within spdep's default snap (1.49e-8)
  Polygon far = square(1 + 1e-6, 0);
  EXPECT_EQ(row(contiguity_weights(std::vector{square(0, 0), near}, Contiguity::rook), 0).size(),
            1u);
  EXPECT_TRUE(
      row(contiguity_weights(std::vector{square(0, 0), far}, Contiguity::queen), 0).empty());
  EXPECT_EQ(
      row(contiguity_weights(std::vector{square(0, 0), far}, Contiguity::rook, 1e-5), 0).size(),
      1u);
  // Rings without the closing vertex, and with a hole, work the same.
  const Polygon open{{{2, 0}, {3, 0}, {3, 1}, {2, 1}}, {{2.2, 0.2}, {2.8, 0.2}, {2.8, 0.8}}};
  EXPECT_EQ(row(contiguity_weights(std::vector{square(1, 0), open}, Contiguity::rook), 1).size(),
            1u);
  EXPECT_NE(error_of([] {
              contiguity_weights(std::vector{square(0, 0), Polygon{}}, Contiguity::queen);
            }).find("polygons[1]"),
            std::string::npos);
}

TEST(WeightsFromNeighbours, ValidatesAndStyles) {
  const auto w =
      weights_from_neighbours({{1, 2}, {0}, {0}, {}}, {true, WeightStyle::row_standardised});
  EXPECT_TRUE(w.self_included);
  EXPECT_EQ(row(w, 0), (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(row(w, 3), (std::vector<std::uint32_t>{3}));
  EXPECT_DOUBLE_EQ(w.weights_of(0)[0], 1.0 / 3);
  EXPECT_DOUBLE_EQ(w.weights_of(3)[0], 1.0);
  EXPECT_EQ(w.isolates(), 1u);
  EXPECT_NE(error_of([] {
              weights_from_neighbours({{1}, {5}});
            }).find("neighbours[1]"),
            std::string::npos);
  EXPECT_NE(error_of([] { weights_from_neighbours({{0}}); }).find("itself"), std::string::npos);
  EXPECT_NE(error_of([] {
              weights_from_neighbours({{1, 1}, {}});
            }).find("twice"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// GAL and GWT.

TEST(GalGwt, RoundTrip) {
  const auto w = lattice_weights(3, 3, Contiguity::queen, {false, WeightStyle::row_standardised});
  std::vector<std::string> ids;
  for (int i = 0; i < 9; ++i) ids.push_back("cell" + std::to_string(i));
  const auto gal = parse_gal(to_gal(w, ids));
  EXPECT_EQ(gal.ids, ids);
  EXPECT_EQ(gal.weights.offsets, w.offsets);
  EXPECT_EQ(gal.weights.neighbours, w.neighbours);
  for (double v : gal.weights.weights) EXPECT_EQ(v, 1.0);  // GAL is binary
  const auto gwt = parse_gwt(to_gwt(w, ids));
  EXPECT_EQ(gwt.ids, ids);
  EXPECT_EQ(gwt.weights.neighbours, w.neighbours);
  EXPECT_EQ(gwt.weights.weights, w.weights);  // shortest round-trip formatting: exact
  EXPECT_FALSE(gwt.weights.self_included);
  const auto star = lattice_weights(2, 2, Contiguity::rook, {true, WeightStyle::binary});
  EXPECT_TRUE(
      parse_gal(to_gal(star, std::vector<std::string>{"a", "b", "c", "d"})).weights.self_included);
}

TEST(GalGwt, ReadsGeoDaFilesWithIsolatesAndCrLf) {
  const auto gal = parse_gal(
      "0 4 columbus POLYID\r\n"
      "10 2\r\n"
      "20 30\r\n"
      "20 1\r\n"
      "10\r\n"
      "40 0\r\n"
      "\r\n"
      "30 1\r\n"
      "10\r\n");
  EXPECT_EQ(gal.ids, (std::vector<std::string>{"10", "20", "40", "30"}));
  EXPECT_EQ(row(gal.weights, 0), (std::vector<std::uint32_t>{1, 3}));
  EXPECT_TRUE(row(gal.weights, 2).empty());
  EXPECT_EQ(gal.weights.isolates(), 1u);
  // Old header (count only) and an isolate without its empty line.
  const auto old = parse_gal("3\n1 1\n2\n2 1\n1\n3 0\n");
  EXPECT_EQ(old.weights.isolates(), 1u);
  const auto gwt = parse_gwt("0 3 shp id\n a b 0.5\n a c 1.5\n b a 0.5\n");
  EXPECT_EQ(gwt.ids, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(gwt.weights.weights, (std::vector<double>{0.5, 1.5, 0.5}));
  EXPECT_TRUE(row(gwt.weights, 2).empty());
}

TEST(GalGwt, MalformedFilesNameTheLine) {
  EXPECT_EQ(error_of([] { parse_gal(""); }).rfind("line 1:", 0), 0u);
  EXPECT_EQ(error_of([] { parse_gal("x 3\n"); }).rfind("line 1:", 0), 0u);
  EXPECT_EQ(error_of([] { parse_gal("0 two\n"); }).rfind("line 1:", 0), 0u);
  const auto wrong_count = error_of([] { parse_gal("0 2 s id\n1 2\n2\n2 1\n1\n"); });
  EXPECT_EQ(wrong_count.rfind("line 3:", 0), 0u) << wrong_count;
  EXPECT_NE(wrong_count.find("declares 2"), std::string::npos);
  const auto duplicate = error_of([] { parse_gal("0 2 s id\n1 1\n2\n1 1\n2\n"); });
  EXPECT_EQ(duplicate.rfind("line 4:", 0), 0u) << duplicate;
  EXPECT_NE(duplicate.find("duplicate id '1'"), std::string::npos);
  const auto unknown = error_of([] { parse_gal("0 2 s id\n1 1\n7\n2 1\n1\n"); });
  EXPECT_EQ(unknown.rfind("line 3:", 0), 0u) << unknown;
  EXPECT_NE(unknown.find("'7'"), std::string::npos);
  EXPECT_NE(error_of([] { parse_gal("0 3 s id\n1 1\n2\n2 1\n1\n"); }).find("header says 3"),
            std::string::npos);
  EXPECT_EQ(error_of([] { parse_gal("0 1 s id\n1 0\n\n2 0\n"); }).rfind("line 4:", 0), 0u);
  EXPECT_EQ(error_of([] { parse_gal("0 1 s id\n1 x\n"); }).rfind("line 2:", 0), 0u);

  EXPECT_EQ(error_of([] { parse_gwt("0 2 s id\na b\n"); }).rfind("line 2:", 0), 0u);
  EXPECT_EQ(error_of([] { parse_gwt("0 2 s id\na b 1\nb a -1\n"); }).rfind("line 3:", 0), 0u);
  EXPECT_EQ(error_of([] { parse_gwt("0 2 s id\na b 1\nb a nan\n"); }).rfind("line 3:", 0), 0u);
  EXPECT_NE(error_of([] { parse_gwt("0 2 s id\na b 1\na b 2\n"); }).find("repeated"),
            std::string::npos);
  EXPECT_EQ(error_of([] { parse_gwt("0 2 s id\na b 1\na c 1\n"); }).rfind("line 3:", 0), 0u);
}

TEST(GalGwt, WritingChecksIds) {
  const auto w = lattice_weights(1, 2, Contiguity::rook);
  EXPECT_NE(error_of([&] { to_gal(w, std::vector<std::string>{"a"}); }).find("ids"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              to_gal(w, std::vector<std::string>{"a", "a"});
            }).find("duplicate"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              to_gwt(w, std::vector<std::string>{"a", "b c"});
            }).find("ids[1]"),
            std::string::npos);
}

TEST(GalGwt, AlignToTheValuesOrder) {
  const auto gal = parse_gal("0 3 s id\nA 1\nB\nB 2\nA C\nC 1\nB\n");
  const std::vector<std::string> values{"C", "D", "B", "A"};
  const auto w = align_weights(gal, values);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(row(w, 0), (std::vector<std::uint32_t>{2}));     // C: B
  EXPECT_TRUE(row(w, 1).empty());                            // D: not in the file, an isolate
  EXPECT_EQ(row(w, 2), (std::vector<std::uint32_t>{3, 0}));  // B: A, C
  EXPECT_NE(error_of([&] {
              align_weights(gal, std::vector<std::string>{"A", "B"});
            }).find("'C' is not among the values"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              align_weights(gal, std::vector<std::string>{"A", "B", "C", "A"});
            }).find("duplicate id 'A'"),
            std::string::npos);
}

}  // namespace
}  // namespace lagesbild::analysis

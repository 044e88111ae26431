#include "analysis/grid.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace lagesbild::analysis {
namespace {

// SWEREF 99 TM-like coordinates, so the arithmetic sees realistic magnitudes.
constexpr double kX0 = 500000;
constexpr double kY0 = 6700000;

// The square cell holding (x, y) found the slow way: the cell whose half-open box holds the
// point, with the grid's east and north boundaries closed.
std::int64_t brute_square_cell(const Grid& g, double x, double y) {
  const GridExtent& e = g.extent();
  if (x < e.min_x || x > e.max_x || y < e.min_y || y > e.max_y) return -1;
  for (int r = 0; r < g.rows(); ++r) {
    for (int c = 0; c < g.cols(); ++c) {
      const double x0 = e.min_x + c * g.cell_size();
      const double y0 = e.min_y + r * g.cell_size();
      const bool in_x = x >= x0 && (x < x0 + g.cell_size() || c == g.cols() - 1);
      const bool in_y = y >= y0 && (y < y0 + g.cell_size() || r == g.rows() - 1);
      if (in_x && in_y) return g.cell_index(r, c);
    }
  }
  return -1;
}

// The hexagon holding (x, y) found the slow way: the nearest centre, ties to the smaller index.
std::int64_t brute_nearest_centre(const Grid& g, double x, double y) {
  std::int64_t best = -1;
  double best_d2 = std::numeric_limits<double>::infinity();
  for (std::int64_t cell = 0; cell < g.cell_count(); ++cell) {
    const PlanePoint c = g.centroid(cell);
    const double d2 = (x - c.x) * (x - c.x) + (y - c.y) * (y - c.y);
    if (d2 < best_d2) {
      best_d2 = d2;
      best = cell;
    }
  }
  return best;
}

bool ring_contains(const std::vector<PlanePoint>& ring, double x, double y) {
  bool inside = false;
  for (std::size_t i = 0, j = ring.size() - 2; i + 1 < ring.size(); j = i++) {
    const PlanePoint& a = ring[i];
    const PlanePoint& b = ring[j];
    if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

double signed_area(const std::vector<PlanePoint>& ring) {
  double twice = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    twice += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
  }
  return twice / 2;
}

TEST(Grid, SquareCountsMatchBruteForceIncludingPointsOnEdges) {
  const Grid g = Grid::over_extent(CellShape::kSquare, {kX0, kY0, kX0 + 1000, kY0 + 600}, 100);
  ASSERT_EQ(g.cols(), 10);
  ASSERT_EQ(g.rows(), 6);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> ux(kX0 - 50, kX0 + 1050);
  std::uniform_real_distribution<double> uy(kY0 - 50, kY0 + 650);
  std::uniform_int_distribution<int> edge(0, 10);
  std::vector<double> x;
  std::vector<double> y;
  for (int i = 0; i < 3000; ++i) {
    // A third of the points lie on cell edges or corners, including the outer boundary.
    const int kind = i % 3;
    x.push_back(kind == 0 ? ux(rng) : kX0 + 100.0 * edge(rng));
    y.push_back(kind == 1 ? uy(rng) : kY0 + 100.0 * std::min(edge(rng), 6));
  }
  const CellCounts counts = count_points(g, x, y);
  std::vector<double> expected(static_cast<std::size_t>(g.cell_count()), 0.0);
  std::int64_t outside = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const std::int64_t cell = brute_square_cell(g, x[i], y[i]);
    ASSERT_EQ(g.cell_of(x[i], y[i]), cell) << "point " << i << " at " << x[i] << ", " << y[i];
    if (cell < 0) {
      ++outside;
    } else {
      expected[static_cast<std::size_t>(cell)] += 1;
    }
  }
  EXPECT_EQ(counts.counts, expected);
  EXPECT_EQ(static_cast<std::int64_t>(counts.outside_extent.size()), outside);
  EXPECT_GT(outside, 0);
  EXPECT_EQ(counts.points_counted + outside, static_cast<std::int64_t>(x.size()));
}

TEST(Grid, SquareEdgesGoEastAndNorthAndTheOuterBoundaryIsClosed) {
  const Grid g = Grid::over_extent(CellShape::kSquare, {0, 0, 300, 200}, 100);
  EXPECT_EQ(g.cell_of(100, 50), g.cell_index(0, 1)) << "a shared vertical edge goes east";
  EXPECT_EQ(g.cell_of(50, 100), g.cell_index(1, 0)) << "a shared horizontal edge goes north";
  EXPECT_EQ(g.cell_of(100, 100), g.cell_index(1, 1));
  EXPECT_EQ(g.cell_of(300, 200), g.cell_index(1, 2)) << "the north-east corner is inside";
  EXPECT_EQ(g.cell_of(0, 0), 0);
  EXPECT_EQ(g.cell_of(std::nextafter(300.0, 400.0), 10), -1);
  EXPECT_EQ(g.cell_of(-1e-9, 10), -1);
  EXPECT_EQ(g.cell_of(std::numeric_limits<double>::quiet_NaN(), 10), -1);
}

TEST(Grid, ExplicitExtentGrowsToWholeSquareCells) {
  const Grid g = Grid::over_extent(CellShape::kSquare, {0, 0, 250, 0.3}, 100);
  EXPECT_EQ(g.cols(), 3);
  EXPECT_EQ(g.rows(), 1);
  EXPECT_DOUBLE_EQ(g.extent().max_x, 300);
  const Grid tenths = Grid::over_extent(CellShape::kSquare, {0, 0, 0.3, 0.7}, 0.1);
  EXPECT_EQ(tenths.cols(), 3) << "0.3 / 0.1 is 2.9999999999999996, still 3 columns";
  EXPECT_EQ(tenths.rows(), 7);
}

TEST(Grid, HexagonAssignmentIsTheNearestCentre) {
  const double s = 120;
  const Grid g = Grid::over_extent(CellShape::kHexagon, {kX0, kY0, kX0 + 1000, kY0 + 700}, s);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> ux(kX0, kX0 + 1000);
  std::uniform_real_distribution<double> uy(kY0, kY0 + 700);
  int checked = 0;
  for (int i = 0; i < 4000; ++i) {
    const double x = ux(rng);
    const double y = uy(rng);
    const std::int64_t cell = g.cell_of(x, y);
    ASSERT_GE(cell, 0) << "the hexagons cover the extent";
    ASSERT_EQ(cell, brute_nearest_centre(g, x, y)) << x << ", " << y;
    EXPECT_TRUE(ring_contains(g.ring(cell), x, y)) << "the cell's outline holds the point";
    ++checked;
  }
  // The extent's corners and sides are covered too.
  for (double x : {kX0, kX0 + 500, kX0 + 1000}) {
    for (double y : {kY0, kY0 + 350, kY0 + 700}) {
      ASSERT_EQ(g.cell_of(x, y), brute_nearest_centre(g, x, y)) << x << ", " << y;
    }
  }
  EXPECT_EQ(checked, 4000);
}

TEST(Grid, HexagonTiesGoToTheSmallerIndex) {
  // With s = 2 the vertical edge between two cells of row 0 is at x = 1, exactly.
  const Grid g = Grid::over_extent(CellShape::kHexagon, {0, 0, 10, 10}, 2);
  EXPECT_EQ(g.cell_of(1, 0), g.cell_index(0, 0)) << "west of the two";
  EXPECT_EQ(g.cell_of(1, 0), brute_nearest_centre(g, 1, 0));
  EXPECT_EQ(g.cell_of(3, 0.25), brute_nearest_centre(g, 3, 0.25));
  // Odd rows sit half a cell west: row 1's first centre is at x = -1.
  EXPECT_DOUBLE_EQ(g.centroid(g.cell_index(1, 0)).x, -1);
  EXPECT_DOUBLE_EQ(g.centroid(g.cell_index(1, 0)).y, std::numbers::sqrt3);
}

TEST(Grid, RingsAreClosedCounterClockwiseWithTheCellsArea) {
  for (CellShape shape : {CellShape::kSquare, CellShape::kHexagon}) {
    const Grid g = Grid::over_extent(shape, {kX0, kY0, kX0 + 500, kY0 + 500}, 100);
    for (std::int64_t cell : {std::int64_t{0}, g.cell_count() - 1}) {
      const std::vector<PlanePoint> ring = g.ring(cell);
      ASSERT_EQ(ring.size(), shape == CellShape::kSquare ? 5u : 7u);
      EXPECT_DOUBLE_EQ(ring.front().x, ring.back().x);
      EXPECT_DOUBLE_EQ(ring.front().y, ring.back().y);
      EXPECT_NEAR(signed_area(ring), g.cell_area(), 1e-6 * g.cell_area());
      const PlanePoint c = g.centroid(cell);
      EXPECT_TRUE(ring_contains(ring, c.x, c.y));
    }
  }
  EXPECT_NEAR(Grid::over_extent(CellShape::kHexagon, {0, 0, 1, 1}, 100).cell_area(),
              std::sqrt(3.0) / 2 * 100 * 100, 1e-9);
}

TEST(Grid, FittedGridHoldsEveryPointAndSnapsToTheCellSize) {
  const std::vector<double> x{kX0 + 37, kX0 + 420, kX0 + 999.5, kX0 + 500};
  const std::vector<double> y{kY0 + 12, kY0 + 250, kY0 + 300, kY0 + 1000};
  for (CellShape shape : {CellShape::kSquare, CellShape::kHexagon}) {
    const Grid g = Grid::fitted_to_points(shape, x, y, 50);
    EXPECT_DOUBLE_EQ(std::fmod(g.extent().min_x, 50), 0);
    EXPECT_DOUBLE_EQ(std::fmod(g.extent().min_y, 50), 0);
    const CellCounts counts = count_points(g, x, y);
    EXPECT_TRUE(counts.outside_extent.empty());
    EXPECT_EQ(counts.points_counted, 4);
  }
  // A single point (a zero-area bounding box) gets one cell.
  const std::vector<double> one{kX0};
  const Grid single = Grid::fitted_to_points(CellShape::kSquare, one, one, 100);
  EXPECT_EQ(single.cell_count(), 1);
  EXPECT_EQ(count_points(single, one, one).points_counted, 1);
}

TEST(Grid, WeightsAndTimeSlicesMakeASpaceTimeCube) {
  const Grid g = Grid::over_extent(CellShape::kSquare, {0, 0, 200, 100}, 100);
  const std::vector<double> x{10, 150, 150, 150, 10, 500};
  const std::vector<double> y{10, 50, 50, 50, 10, 50};
  const std::vector<double> w{1, 2, 0.5, 3, 1, 1};
  const std::vector<int> slice{0, 0, 1, 7, 2, 1};
  const CellCounts c = count_points(g, x, y, {.weights = w, .slices = slice, .slice_count = 3});
  EXPECT_DOUBLE_EQ(c.at(0, 0), 1);
  EXPECT_DOUBLE_EQ(c.at(1, 0), 2);
  EXPECT_DOUBLE_EQ(c.at(1, 1), 0.5);
  EXPECT_DOUBLE_EQ(c.at(0, 2), 1);
  EXPECT_DOUBLE_EQ(c.counted_weight, 4.5);
  EXPECT_EQ(c.points_counted, 4);
  EXPECT_EQ(c.outside_slices, std::vector<std::int64_t>{3}) << "slice 7 of 3 is reported";
  EXPECT_EQ(c.outside_extent, std::vector<std::int64_t>{5}) << "x = 500 is reported";
  EXPECT_EQ(c.counts.size(), 6u);
}

void expect_rejects(const std::function<void()>& call, const std::string& field) {
  try {
    call();
    ADD_FAILURE() << "no exception; expected one naming " << field;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

TEST(Grid, BadInputIsRejectedNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const GridExtent box{0, 0, 100, 100};
  expect_rejects([&] { Grid::over_extent(CellShape::kSquare, box, 0); }, "cell_size");
  expect_rejects([&] { Grid::over_extent(CellShape::kHexagon, box, -5); }, "cell_size");
  expect_rejects([&] { Grid::over_extent(CellShape::kSquare, box, nan); }, "cell_size");
  expect_rejects([&] { Grid::over_extent(CellShape::kSquare, {0, 0, 0, 100}, 10); }, "extent");
  expect_rejects([&] { Grid::over_extent(CellShape::kSquare, {0, 5, 10, 5}, 10); }, "extent");
  expect_rejects([&] { Grid::over_extent(CellShape::kSquare, {0, 0, inf, 1}, 10); }, "extent");
  expect_rejects(
      [&] {
        Grid::over_extent(CellShape::kSquare, {0, 0, 1e6, 1e6}, 0.01);
      },
      "cell_size");
  const std::vector<double> empty;
  expect_rejects([&] { Grid::fitted_to_points(CellShape::kSquare, empty, empty, 10); }, "x");
  const Grid g = Grid::over_extent(CellShape::kSquare, box, 10);
  const std::vector<double> x{1, 2, 3, nan};
  const std::vector<double> y{1, 2, 3, 4};
  expect_rejects([&] { count_points(g, x, y); }, "x[3]");
  expect_rejects([&] { Grid::fitted_to_points(CellShape::kHexagon, x, y, 10); }, "x[3]");
  const std::vector<double> ok{1, 2, 3, 4};
  const std::vector<double> bad_w{1, -1, 1, 1};
  expect_rejects([&] { count_points(g, ok, y, {.weights = bad_w}); }, "weights[1]");
  const std::vector<double> short_w{1};
  expect_rejects([&] { count_points(g, ok, y, {.weights = short_w}); }, "weights");
  expect_rejects([&] { count_points(g, ok, short_w); }, "y");
  expect_rejects([&] { count_points(g, ok, y, {.slice_count = 0}); }, "slice_count");
  expect_rejects([&] { count_points(g, ok, y, {.slice_count = 2}); }, "slices");
  const CellCounts none = count_points(g, empty, empty);
  EXPECT_EQ(none.points_counted, 0);
  EXPECT_EQ(none.counts.size(), 100u);
}

}  // namespace
}  // namespace lagesbild::analysis

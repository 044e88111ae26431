// Aggregation grids in projected metres (SWEREF 99 TM): a square fishnet and a hexagonal grid,
// point → cell in O(1), counts per cell (optionally weighted, optionally per time slice: a
// space-time cube), and each cell's centroid and polygon for output.
//
// Owns: the cell geometry and the counting. May use: the standard library. Pure computation
// over the caller's x/y arrays; a Grid is immutable after construction, so every const method
// is safe to call from several threads at once.
//
// Layout, shared by both shapes: rows run south to north (row 0 is the southernmost), columns
// west to east, and a cell's index is row * cols() + col (row-major). Spatial weights and Gi*
// (analysis/weights.h) build on rows(), cols(), cell_index(), centroid() and ring().
//
// Square cells are half-open, [x0, x0 + s) × [y0, y0 + s): a point on an edge shared by two
// cells goes to the cell east / north of the edge. The grid's outer east and north boundaries
// are closed, so a point on them counts in the last column / row rather than outside.
//
// Hexagons are pointy-topped (a vertex points north; rows are horizontal), and cell_size is the
// distance between the centres of two neighbouring cells, which is also the flat-to-flat width;
// side length = circumradius = s / √3, area = (√3 / 2) s². Row r's centres lie at
// y = min_y + 1.5 · (s / √3) · r; even rows start at x = min_x, odd rows half a cell west
// (x = min_x − s / 2), so the cells cover the whole extent and stick out of it at the borders.
// A point belongs to the cell with the nearest centre; a point equidistant from several
// centres (on a shared edge or vertex) goes to the one with the smallest cell index (the
// southernmost, then westernmost).
#pragma once

#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace lagesbild::analysis {

struct PlanePoint {
  double x = 0;
  double y = 0;
};

// An axis-aligned rectangle in metres, closed: min_x <= x <= max_x, min_y <= y <= max_y.
struct GridExtent {
  double min_x = 0;
  double min_y = 0;
  double max_x = 0;
  double max_y = 0;
};

enum class CellShape { kSquare, kHexagon };

// The largest grid accepted: 50,000,000 cells (400 MB of counts as doubles). Larger requests
// are an std::invalid_argument naming "cell_size".
inline constexpr std::int64_t kMaxGridCells = 50'000'000;

class Grid {
 public:
  // A grid of `shape` cells of size `cell_size` (metres) over an explicit extent. A square grid
  // grows the extent east and north to whole cells (extent() reports the grown one); a hexagonal
  // grid keeps the extent and places as many cells as cover it. Throws std::invalid_argument
  // naming the field for a non-finite or non-positive cell_size, a non-finite extent, an extent
  // with zero or negative width or height, or more than kMaxGridCells cells.
  static Grid over_extent(CellShape shape, const GridExtent& extent, double cell_size);

  // A grid over the points' bounding box with its south-west corner snapped down to a multiple
  // of cell_size (so grids of the same size over different data line up). Every point falls
  // inside (a single point or a line of points gets one row or column). Throws
  // std::invalid_argument for empty or mismatched arrays, a non-finite coordinate (naming
  // "x[i]" / "y[i]"), and the cases of over_extent.
  static Grid fitted_to_points(CellShape shape, std::span<const double> x,
                               std::span<const double> y, double cell_size);

  CellShape shape() const { return shape_; }
  double cell_size() const { return cell_size_; }
  const GridExtent& extent() const { return extent_; }
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  std::int64_t cell_count() const { return static_cast<std::int64_t>(rows_) * cols_; }
  double cell_area() const;

  std::int64_t cell_index(int row, int col) const {
    return static_cast<std::int64_t>(row) * cols_ + col;
  }
  int row_of(std::int64_t cell) const { return static_cast<int>(cell / cols_); }
  int col_of(std::int64_t cell) const { return static_cast<int>(cell % cols_); }

  // The cell holding (x, y), or -1 when the point lies outside extent() or is not finite. O(1).
  std::int64_t cell_of(double x, double y) const;

  // The cell's centre (for hexagons, the centre of the hexagon, which may lie outside extent()).
  // `cell` must be in [0, cell_count()).
  PlanePoint centroid(std::int64_t cell) const;

  // The cell's outline as a closed ring, counter-clockwise, first vertex repeated last (5 points
  // for a square, 7 for a hexagon), ready for GeoJSON or WKT output.
  std::vector<PlanePoint> ring(std::int64_t cell) const;

 private:
  Grid(CellShape shape, const GridExtent& extent, double cell_size, int rows, int cols)
      : shape_(shape),
        extent_(extent),
        cell_size_(cell_size),
        row_step_(0.5 * std::numbers::sqrt3 * cell_size),
        rows_(rows),
        cols_(cols) {}
  std::int64_t square_cell_of(double x, double y) const;
  PlanePoint hexagon_centre(int row, int col) const {
    return {extent_.min_x + ((row & 1) ? -0.5 * cell_size_ : 0.0) + col * cell_size_,
            extent_.min_y + row * row_step_};
  }
  std::int64_t hexagon_cell_of(double x, double y) const;

  CellShape shape_;
  GridExtent extent_;
  double cell_size_;
  double row_step_;  // between hexagon rows: 1.5 circumradii
  int rows_;
  int cols_;
};

// What to count. Empty `weights` counts each point once; otherwise point i counts weights[i]
// (finite and >= 0). `slice_count` > 1 with `slices` (one index per point) makes a space-time
// cube; with slice_count == 1, `slices` must be empty.
struct CountOptions {
  std::span<const double> weights;
  std::span<const int> slices;
  int slice_count = 1;
};

// Counts per cell, slice-major: counts[slice * grid.cell_count() + cell]. Nothing is dropped
// silently: points outside the grid's extent and points whose slice index is not in
// [0, slice_count) are counted apart and listed by index (in input order).
struct CellCounts {
  int slice_count = 1;
  std::int64_t cell_count = 0;
  std::vector<double> counts;
  double counted_weight = 0;  // the sum of counts
  std::int64_t points_counted = 0;
  std::vector<std::int64_t> outside_extent;  // point indexes
  std::vector<std::int64_t> outside_slices;  // point indexes (inside the extent)

  double at(std::int64_t cell, int slice = 0) const { return counts[slice * cell_count + cell]; }
};

// Counts the points (x[i], y[i]) per cell and slice. Throws std::invalid_argument naming the
// field for mismatched lengths ("y", "weights", "slices"), a non-finite coordinate ("x[i]"),
// a non-finite or negative weight ("weights[i]"), slice_count < 1 or a cube larger than
// kMaxGridCells cells × slices ("slice_count"). Empty input gives all-zero counts.
CellCounts count_points(const Grid& grid, std::span<const double> x, std::span<const double> y,
                        const CountOptions& options = {});

}  // namespace lagesbild::analysis

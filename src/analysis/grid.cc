#include "analysis/grid.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace lagesbild::analysis {
namespace {

constexpr double kSqrt3 = std::numbers::sqrt3;

[[noreturn]] void reject(const std::string& field, const std::string& why) {
  throw std::invalid_argument(field + ": " + why);
}

std::string indexed(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

void check_cell_size(double cell_size) {
  if (!std::isfinite(cell_size) || cell_size <= 0) {
    reject("cell_size", "must be a finite number of metres > 0");
  }
}

// A whole number of cells as an int, at least 1, rejected when absurdly many (the product of
// rows and columns is checked by the caller).
int cells_for(double cells) {
  if (!(cells <= static_cast<double>(kMaxGridCells))) {
    reject("cell_size",
           "too small for the extent: more than " + std::to_string(kMaxGridCells) + " cells");
  }
  return std::max(1, static_cast<int>(cells));
}

// Distances between hexagon rows and the circumradius, for cell size s.
double hex_radius(double s) { return s / kSqrt3; }
double hex_row_step(double s) { return 0.5 * kSqrt3 * s; }
double hex_row_offset(int row, double s) { return (row % 2 == 1) ? -0.5 * s : 0.0; }

}  // namespace

Grid Grid::over_extent(CellShape shape, const GridExtent& e, double cell_size) {
  check_cell_size(cell_size);
  if (!std::isfinite(e.min_x) || !std::isfinite(e.min_y) || !std::isfinite(e.max_x) ||
      !std::isfinite(e.max_y)) {
    reject("extent", "coordinates must be finite");
  }
  if (!(e.max_x > e.min_x)) reject("extent", "max_x must be greater than min_x (zero width)");
  if (!(e.max_y > e.min_y)) reject("extent", "max_y must be greater than min_y (zero height)");
  const double width = e.max_x - e.min_x;
  const double height = e.max_y - e.min_y;
  int rows = 0;
  int cols = 0;
  GridExtent extent = e;
  if (shape == CellShape::kSquare) {
    // A relative slack keeps 0.3 / 0.1 at 3 columns rather than 4.
    cols = cells_for(std::ceil(width / cell_size * (1 - 1e-12)));
    rows = cells_for(std::ceil(height / cell_size * (1 - 1e-12)));
    extent.max_x = std::max(e.max_x, e.min_x + cols * cell_size);
    extent.max_y = std::max(e.max_y, e.min_y + rows * cell_size);
  } else {
    const double radius = hex_radius(cell_size);
    rows = cells_for(std::floor((height + radius) / hex_row_step(cell_size)) + 1);
    cols = cells_for(std::floor((width + radius) / cell_size + 0.5) + 1);
  }
  if (static_cast<std::int64_t>(rows) * cols > kMaxGridCells) {
    reject("cell_size",
           "too small for the extent: more than " + std::to_string(kMaxGridCells) + " cells");
  }
  return Grid(shape, extent, cell_size, rows, cols);
}

Grid Grid::fitted_to_points(CellShape shape, std::span<const double> x, std::span<const double> y,
                            double cell_size) {
  check_cell_size(cell_size);
  if (x.empty()) reject("x", "no points");
  if (y.size() != x.size()) reject("y", "must have as many values as x");
  GridExtent box{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                 -std::numeric_limits<double>::infinity(),
                 -std::numeric_limits<double>::infinity()};
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) reject(indexed("x", i), "not a finite coordinate");
    if (!std::isfinite(y[i])) reject(indexed("y", i), "not a finite coordinate");
    box.min_x = std::min(box.min_x, x[i]);
    box.max_x = std::max(box.max_x, x[i]);
    box.min_y = std::min(box.min_y, y[i]);
    box.max_y = std::max(box.max_y, y[i]);
  }
  GridExtent snapped = box;
  snapped.min_x = std::floor(box.min_x / cell_size) * cell_size;
  snapped.min_y = std::floor(box.min_y / cell_size) * cell_size;
  if (shape == CellShape::kSquare) {
    // floor(v) + 1 > v: the easternmost point lies strictly inside the last column.
    const int cols = cells_for(std::floor((box.max_x - snapped.min_x) / cell_size) + 1);
    const int rows = cells_for(std::floor((box.max_y - snapped.min_y) / cell_size) + 1);
    snapped.max_x = std::max(box.max_x, snapped.min_x + cols * cell_size);
    snapped.max_y = std::max(box.max_y, snapped.min_y + rows * cell_size);
    return over_extent(shape, snapped, cell_size);
  }
  // Hexagons cover the box itself; a box of zero width or height is widened to one cell.
  snapped.max_x = std::max(box.max_x, snapped.min_x + cell_size);
  snapped.max_y = std::max(box.max_y, snapped.min_y + cell_size);
  return over_extent(shape, snapped, cell_size);
}

double Grid::cell_area() const {
  return shape_ == CellShape::kSquare ? cell_size_ * cell_size_
                                      : 0.5 * kSqrt3 * cell_size_ * cell_size_;
}

std::int64_t Grid::cell_of(double x, double y) const {
  // Written to be false for NaN.
  if (!(x >= extent_.min_x && x <= extent_.max_x && y >= extent_.min_y && y <= extent_.max_y)) {
    return -1;
  }
  return shape_ == CellShape::kSquare ? square_cell_of(x, y) : hexagon_cell_of(x, y);
}

std::int64_t Grid::square_cell_of(double x, double y) const {
  // Clamping puts the closed east / north boundary in the last column / row.
  const int col = std::min(static_cast<int>((x - extent_.min_x) / cell_size_), cols_ - 1);
  const int row = std::min(static_cast<int>((y - extent_.min_y) / cell_size_), rows_ - 1);
  return cell_index(row, col);
}

std::int64_t Grid::hexagon_cell_of(double x, double y) const {
  // The nearest centre is within one circumradius, and rows are 1.5 radii apart, so it lies in
  // one of the two rows around y; in a row, in one of the two columns around x. Of these four
  // candidates, the nearest wins, ties going to the smaller index (the order of the loops).
  const int row0 = static_cast<int>((y - extent_.min_y) / row_step_);
  std::int64_t best = -1;
  double best_d2 = std::numeric_limits<double>::infinity();
  for (int row = row0; row <= row0 + 1; ++row) {
    if (row < 0 || row >= rows_) continue;
    const double along = (x - extent_.min_x - hex_row_offset(row, cell_size_)) / cell_size_;
    const int col0 = static_cast<int>(std::floor(along));
    for (int col = col0; col <= col0 + 1; ++col) {
      if (col < 0 || col >= cols_) continue;
      const PlanePoint c = hexagon_centre(row, col);
      const double d2 = (x - c.x) * (x - c.x) + (y - c.y) * (y - c.y);
      if (d2 < best_d2) {
        best_d2 = d2;
        best = cell_index(row, col);
      }
    }
  }
  return best;
}

PlanePoint Grid::centroid(std::int64_t cell) const {
  const int row = row_of(cell);
  const int col = col_of(cell);
  if (shape_ == CellShape::kSquare) {
    return {extent_.min_x + (col + 0.5) * cell_size_, extent_.min_y + (row + 0.5) * cell_size_};
  }
  return hexagon_centre(row, col);
}

std::vector<PlanePoint> Grid::ring(std::int64_t cell) const {
  std::vector<PlanePoint> out;
  if (shape_ == CellShape::kSquare) {
    const double x0 = extent_.min_x + col_of(cell) * cell_size_;
    const double y0 = extent_.min_y + row_of(cell) * cell_size_;
    const double x1 = x0 + cell_size_;
    const double y1 = y0 + cell_size_;
    out = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    return out;
  }
  // Pointy-topped: vertices at 30° + k · 60°, counter-clockwise from east-north-east.
  const PlanePoint c = centroid(cell);
  const double r = hex_radius(cell_size_);
  const double half = 0.5 * cell_size_;
  out = {{c.x + half, c.y + 0.5 * r}, {c.x, c.y + r}, {c.x - half, c.y + 0.5 * r},
         {c.x - half, c.y - 0.5 * r}, {c.x, c.y - r}, {c.x + half, c.y - 0.5 * r},
         {c.x + half, c.y + 0.5 * r}};
  return out;
}

CellCounts count_points(const Grid& grid, std::span<const double> x, std::span<const double> y,
                        const CountOptions& options) {
  if (y.size() != x.size()) reject("y", "must have as many values as x");
  const bool weighted = !options.weights.empty();
  if (weighted && options.weights.size() != x.size()) {
    reject("weights", "must be empty or have one value per point");
  }
  if (options.slice_count < 1) reject("slice_count", "must be at least 1");
  if (grid.cell_count() * options.slice_count > kMaxGridCells) {
    reject("slice_count", "cells × slices exceeds " + std::to_string(kMaxGridCells));
  }
  const bool sliced = !options.slices.empty();
  if (sliced && options.slices.size() != x.size()) {
    reject("slices", "must be empty or have one slice index per point");
  }
  if (!sliced && options.slice_count != 1) {
    reject("slices", "needed when slice_count > 1");
  }

  CellCounts out;
  out.slice_count = options.slice_count;
  out.cell_count = grid.cell_count();
  out.counts.assign(static_cast<std::size_t>(out.cell_count * out.slice_count), 0.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) reject(indexed("x", i), "not a finite coordinate");
    if (!std::isfinite(y[i])) reject(indexed("y", i), "not a finite coordinate");
    const double w = weighted ? options.weights[i] : 1.0;
    if (!std::isfinite(w) || w < 0) reject(indexed("weights", i), "must be finite and >= 0");
    const std::int64_t cell = grid.cell_of(x[i], y[i]);
    if (cell < 0) {
      out.outside_extent.push_back(static_cast<std::int64_t>(i));
      continue;
    }
    const int slice = sliced ? options.slices[i] : 0;
    if (slice < 0 || slice >= options.slice_count) {
      out.outside_slices.push_back(static_cast<std::int64_t>(i));
      continue;
    }
    out.counts[static_cast<std::size_t>(slice * out.cell_count + cell)] += w;
    out.counted_weight += w;
    ++out.points_counted;
  }
  return out;
}

}  // namespace lagesbild::analysis

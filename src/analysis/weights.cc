#include "analysis/weights.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace lagesbild::analysis {
namespace {

using NeighbourLists = std::vector<std::vector<std::uint32_t>>;

std::string fmt_double(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

void check_points(std::span<const Point> points) {
  if (points.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("points: more than 2^32 - 2 points");
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y))
      throw std::invalid_argument("points[" + std::to_string(i) + "]: coordinate is not finite");
  }
}

// Binary CSR from lists already validated.
SpatialWeights binary_from_lists(const NeighbourLists& lists) {
  SpatialWeights w;
  w.offsets.reserve(lists.size() + 1);
  std::size_t total = 0;
  for (const auto& l : lists) total += l.size();
  w.neighbours.reserve(total);
  for (const auto& l : lists) {
    w.neighbours.insert(w.neighbours.end(), l.begin(), l.end());
    w.offsets.push_back(w.neighbours.size());
  }
  w.weights.assign(total, 1.0);
  return w;
}

// A uniform grid over points: cell (cx, cy) holds the points whose coordinates fall in it.
class PointGrid {
 public:
  PointGrid(std::span<const Point> points, double cell) : points_(points), cell_(cell) {
    min_x_ = min_y_ = std::numeric_limits<double>::infinity();
    double max_x = -min_x_, max_y = -min_y_;
    for (const auto& p : points) {
      min_x_ = std::min(min_x_, p.x);
      min_y_ = std::min(min_y_, p.y);
      max_x = std::max(max_x, p.x);
      max_y = std::max(max_y, p.y);
    }
    cols_ = static_cast<std::int64_t>((max_x - min_x_) / cell_) + 1;
    rows_ = static_cast<std::int64_t>((max_y - min_y_) / cell_) + 1;
    start_.assign(static_cast<std::size_t>(cols_ * rows_) + 1, 0);
    cell_of_.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      cell_of_[i] = index(cx(points[i].x), cy(points[i].y));
      ++start_[cell_of_[i] + 1];
    }
    std::partial_sum(start_.begin(), start_.end(), start_.begin());
    members_.resize(points.size());
    std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < points.size(); ++i)
      members_[fill[cell_of_[i]]++] = static_cast<std::uint32_t>(i);
  }

  std::int64_t cx(double x) const {
    return std::min(cols_ - 1, static_cast<std::int64_t>((x - min_x_) / cell_));
  }
  std::int64_t cy(double y) const {
    return std::min(rows_ - 1, static_cast<std::int64_t>((y - min_y_) / cell_));
  }
  std::int64_t cols() const { return cols_; }
  std::int64_t rows() const { return rows_; }

  // Calls f(j) for every point in cell (x, y); nothing when the cell is outside the grid.
  template <typename F>
  void for_each_in(std::int64_t x, std::int64_t y, F&& f) const {
    if (x < 0 || y < 0 || x >= cols_ || y >= rows_) return;
    const std::size_t c = index(x, y);
    for (std::size_t m = start_[c]; m < start_[c + 1]; ++m) f(members_[m]);
  }

 private:
  std::size_t index(std::int64_t x, std::int64_t y) const {
    return static_cast<std::size_t>(y * cols_ + x);
  }

  std::span<const Point> points_;
  double cell_;
  double min_x_, min_y_;
  std::int64_t cols_ = 1, rows_ = 1;
  std::vector<std::size_t> start_;
  std::vector<std::size_t> cell_of_;
  std::vector<std::uint32_t> members_;
};

// A cell size that keeps the grid at about `per_cell` points per cell, and never smaller than
// `at_least`.
double grid_cell(std::span<const Point> points, double at_least, double per_cell) {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  for (const auto& p : points) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  const double ex = max_x - min_x, ey = max_y - min_y;
  const double n = static_cast<double>(points.size());
  double cell = 0;
  if (ex > 0 && ey > 0) {
    cell = std::sqrt(ex * ey * per_cell / n);
  } else {
    cell = std::max(ex, ey) * per_cell / n;  // all points on a line
  }
  // No more cells than points (plus a row and column), whatever the shape.
  cell = std::max(cell, std::max(ex, ey) / std::max(1.0, n));
  cell = std::max(cell, at_least);
  return cell > 0 ? cell : 1.0;
}

struct Entry {
  std::uint32_t j;
  double w;
};

SpatialWeights from_rows(const std::vector<std::vector<Entry>>& rows, bool self_included) {
  SpatialWeights w;
  w.self_included = self_included;
  w.offsets.reserve(rows.size() + 1);
  for (const auto& r : rows) {
    for (const auto& e : r) {
      w.neighbours.push_back(e.j);
      w.weights.push_back(e.w);
    }
    w.offsets.push_back(w.neighbours.size());
  }
  return w;
}

// Lines of a text with their 1-based numbers; '\r' before '\n' is dropped.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    pos = end + 1;
  }
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string_view::npos)
    lines.pop_back();
  return lines;
}

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    pos = line.find_first_not_of(" \t,", pos);
    if (pos == std::string_view::npos) break;
    std::size_t end = line.find_first_of(" \t,", pos);
    if (end == std::string_view::npos) end = line.size();
    out.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

[[noreturn]] void fail_line(std::size_t line, const std::string& what) {
  throw std::invalid_argument("line " + std::to_string(line) + ": " + what);
}

std::size_t parse_count(std::string_view token, std::size_t line, const char* what) {
  std::size_t v = 0;
  const auto r = std::from_chars(token.data(), token.data() + token.size(), v);
  if (r.ec != std::errc() || r.ptr != token.data() + token.size())
    fail_line(line,
              std::string(what) + " '" + std::string(token) + "' is not a non-negative integer");
  return v;
}

// The header "n" or "0 n [shape] [id]"; returns n. Skips leading blank lines.
std::size_t parse_header(const std::vector<std::string_view>& lines, std::size_t& at) {
  while (at < lines.size() && tokens(lines[at]).empty()) ++at;
  if (at >= lines.size()) throw std::invalid_argument("line 1: empty weights file, no header");
  const auto t = tokens(lines[at]);
  std::size_t n = 0;
  if (t.size() == 1) {
    n = parse_count(t[0], at + 1, "header count");
  } else if (t[0] == "0") {
    n = parse_count(t[1], at + 1, "header count");
  } else {
    fail_line(at + 1, "header must be 'n' or '0 n [shape_file] [id_field]'");
  }
  ++at;
  return n;
}

void check_ids(std::span<const std::string> ids, std::size_t n) {
  if (ids.size() != n)
    throw std::invalid_argument("ids: " + std::to_string(ids.size()) + " ids for " +
                                std::to_string(n) + " observations");
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i].empty() || ids[i].find_first_of(" \t\r\n,") != std::string::npos)
      throw std::invalid_argument("ids[" + std::to_string(i) + "]: empty or contains whitespace");
    if (!seen.emplace(ids[i], i).second)
      throw std::invalid_argument("ids[" + std::to_string(i) + "]: duplicate id '" + ids[i] + "'");
  }
}

bool every_row_has_self(const SpatialWeights& w) {
  if (w.size() == 0) return false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto nb = w.neighbours_of(i);
    if (std::find(nb.begin(), nb.end(), i) == nb.end()) return false;
  }
  return true;
}

}  // namespace

std::size_t SpatialWeights::isolates() const {
  std::size_t count = 0;
  for (std::size_t i = 0; i < size(); ++i) {
    bool any = false;
    for (auto j : neighbours_of(i)) any = any || j != i;
    count += !any;
  }
  return count;
}

SpatialWeights with_style(const SpatialWeights& w, const WeightOptions& options) {
  SpatialWeights out;
  const std::size_t n = w.size();
  if (options.include_self && !w.self_included) {
    out.offsets.reserve(n + 1);
    out.neighbours.reserve(w.neighbours.size() + n);
    out.weights.reserve(w.neighbours.size() + n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto nb = w.neighbours_of(i);
      const auto wt = w.weights_of(i);
      const bool has_self = std::find(nb.begin(), nb.end(), i) != nb.end();
      bool placed = has_self;
      for (std::size_t m = 0; m < nb.size(); ++m) {
        if (!placed && nb[m] > i) {
          out.neighbours.push_back(static_cast<std::uint32_t>(i));
          out.weights.push_back(1.0);
          placed = true;
        }
        out.neighbours.push_back(nb[m]);
        out.weights.push_back(wt[m]);
      }
      if (!placed) {
        out.neighbours.push_back(static_cast<std::uint32_t>(i));
        out.weights.push_back(1.0);
      }
      out.offsets.push_back(out.neighbours.size());
    }
    out.self_included = true;
  } else {
    out = w;
  }
  if (options.style == WeightStyle::row_standardised) {
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0;
      for (std::size_t m = out.offsets[i]; m < out.offsets[i + 1]; ++m) sum += out.weights[m];
      if (sum <= 0) continue;
      for (std::size_t m = out.offsets[i]; m < out.offsets[i + 1]; ++m) out.weights[m] /= sum;
    }
  }
  return out;
}

SpatialWeights weights_from_neighbours(const NeighbourLists& lists, const WeightOptions& options) {
  const std::size_t n = lists.size();
  std::vector<std::uint32_t> mark(n, std::numeric_limits<std::uint32_t>::max());
  for (std::size_t i = 0; i < n; ++i) {
    for (auto j : lists[i]) {
      const std::string where = "neighbours[" + std::to_string(i) + "]: ";
      if (j >= n)
        throw std::invalid_argument(where + "index " + std::to_string(j) +
                                    " >= " + std::to_string(n));
      if (j == i) throw std::invalid_argument(where + "lists itself");
      if (mark[j] == i)
        throw std::invalid_argument(where + "index " + std::to_string(j) + " appears twice");
      mark[j] = static_cast<std::uint32_t>(i);
    }
  }
  return with_style(binary_from_lists(lists), options);
}

SpatialWeights distance_band_weights(std::span<const Point> points, double threshold,
                                     const WeightOptions& options) {
  if (!(threshold >= 0) || !std::isfinite(threshold))
    throw std::invalid_argument("threshold: must be a finite number >= 0");
  check_points(points);
  const PointGrid grid(points, grid_cell(points, threshold, 4.0));
  const double t2 = threshold * threshold;
  NeighbourLists lists(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point p = points[i];
    const auto x = grid.cx(p.x), y = grid.cy(p.y);
    auto& list = lists[i];
    for (std::int64_t dy = -1; dy <= 1; ++dy) {
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        grid.for_each_in(x + dx, y + dy, [&](std::uint32_t j) {
          if (j == i) return;
          const double ex = points[j].x - p.x, ey = points[j].y - p.y;
          if (ex * ex + ey * ey <= t2) list.push_back(j);
        });
      }
    }
    std::sort(list.begin(), list.end());
  }
  return with_style(binary_from_lists(lists), options);
}

SpatialWeights knn_weights(std::span<const Point> points, int k, const WeightOptions& options) {
  if (k < 1 || static_cast<std::size_t>(k) >= points.size())
    throw std::invalid_argument("k: must be at least 1 and less than the number of points (" +
                                std::to_string(points.size()) + ")");
  check_points(points);
  const double cell = grid_cell(points, 0.0, std::max(2.0, k / 2.0));
  const PointGrid grid(points, cell);
  NeighbourLists lists(points.size());
  using Candidate = std::pair<double, std::uint32_t>;  // (squared distance, index)
  std::vector<Candidate> heap;
  const auto max_ring = std::max(grid.cols(), grid.rows());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point p = points[i];
    const auto x = grid.cx(p.x), y = grid.cy(p.y);
    heap.clear();
    auto consider = [&](std::uint32_t j) {
      if (j == i) return;
      const double ex = points[j].x - p.x, ey = points[j].y - p.y;
      const Candidate c{ex * ex + ey * ey, j};
      if (heap.size() < static_cast<std::size_t>(k)) {
        heap.push_back(c);
        std::push_heap(heap.begin(), heap.end());
      } else if (c < heap.front()) {
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = c;
        std::push_heap(heap.begin(), heap.end());
      }
    };
    for (std::int64_t r = 0; r <= max_ring; ++r) {
      if (r == 0) {
        grid.for_each_in(x, y, consider);
      } else {
        for (std::int64_t d = -r; d <= r; ++d) {
          grid.for_each_in(x + d, y - r, consider);
          grid.for_each_in(x + d, y + r, consider);
        }
        for (std::int64_t d = -r + 1; d <= r - 1; ++d) {
          grid.for_each_in(x - r, y + d, consider);
          grid.for_each_in(x + r, y + d, consider);
        }
      }
      // Every point beyond ring r is at least r cells away.
      const double reach = static_cast<double>(r) * cell;
      if (heap.size() == static_cast<std::size_t>(k) && heap.front().first < reach * reach) break;
    }
    std::sort_heap(heap.begin(), heap.end());
    auto& list = lists[i];
    for (const auto& c : heap) list.push_back(c.second);
    std::sort(list.begin(), list.end());
  }
  return with_style(binary_from_lists(lists), options);
}

SpatialWeights contiguity_weights(std::span<const Polygon> polygons, Contiguity contiguity,
                                  double snap, const WeightOptions& options) {
  if (!(snap >= 0) || !std::isfinite(snap))
    throw std::invalid_argument("snap: must be a finite number >= 0");
  if (polygons.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument("polygons: more than 2^32 - 2 polygons");
  struct Vertex {
    double x, y;
    std::uint32_t polygon;
  };
  std::vector<Vertex> vertices;
  double extent = 0;
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    std::size_t count = 0;
    for (const auto& ring : polygons[i]) {
      std::size_t m = ring.size();
      if (m > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) --m;
      for (std::size_t v = 0; v < m; ++v) {
        if (!std::isfinite(ring[v].x) || !std::isfinite(ring[v].y))
          throw std::invalid_argument("polygons[" + std::to_string(i) +
                                      "]: coordinate is not finite");
        vertices.push_back({ring[v].x, ring[v].y, static_cast<std::uint32_t>(i)});
        extent = std::max({extent, std::abs(ring[v].x), std::abs(ring[v].y)});
      }
      count += m;
    }
    if (count == 0) throw std::invalid_argument("polygons[" + std::to_string(i) + "]: empty");
  }
  // Hash cells no smaller than snap (so a match is in one of the 3 × 3 cells around a vertex)
  // and coarse enough that the cell numbers fit in 32 bits each.
  const double cell = std::max({snap, extent / 1e9, std::numeric_limits<double>::min()});
  auto key_of = [&](double x, double y) {
    const auto kx = static_cast<std::int64_t>(std::floor(x / cell));
    const auto ky = static_cast<std::int64_t>(std::floor(y / cell));
    return std::pair{kx, ky};
  };
  std::vector<std::pair<std::pair<std::int64_t, std::int64_t>, std::uint32_t>> keyed;
  keyed.reserve(vertices.size());
  for (std::size_t v = 0; v < vertices.size(); ++v)
    keyed.push_back({key_of(vertices[v].x, vertices[v].y), static_cast<std::uint32_t>(v)});
  std::sort(keyed.begin(), keyed.end());

  const int criterion = contiguity == Contiguity::queen ? 0 : 1;  // spdep: hits > criterion
  NeighbourLists lists(polygons.size());
  std::vector<int> hits(polygons.size(), 0);
  std::vector<std::uint32_t> touched;
  std::size_t v = 0;
  for (std::uint32_t i = 0; i < polygons.size(); ++i) {
    touched.clear();
    for (; v < vertices.size() && vertices[v].polygon == i; ++v) {
      const auto [kx, ky] = key_of(vertices[v].x, vertices[v].y);
      for (std::int64_t dy = -1; dy <= 1; ++dy) {
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
          const std::pair<std::int64_t, std::int64_t> key{kx + dx, ky + dy};
          auto it = std::lower_bound(keyed.begin(), keyed.end(), std::pair{key, 0u});
          for (; it != keyed.end() && it->first == key; ++it) {
            const Vertex& u = vertices[it->second];
            if (u.polygon <= i) continue;
            const double ex = u.x - vertices[v].x, ey = u.y - vertices[v].y;
            if (std::abs(ex) > snap || std::abs(ey) > snap || std::hypot(ex, ey) > snap) continue;
            if (hits[u.polygon]++ == 0) touched.push_back(u.polygon);
          }
        }
      }
    }
    for (auto j : touched) {
      if (hits[j] > criterion) {
        lists[i].push_back(j);
        lists[j].push_back(i);
      }
      hits[j] = 0;
    }
  }
  for (auto& l : lists) std::sort(l.begin(), l.end());
  return with_style(binary_from_lists(lists), options);
}

SpatialWeights lattice_weights(std::size_t rows, std::size_t cols, Contiguity contiguity,
                               const WeightOptions& options) {
  if (rows == 0 || cols == 0) throw std::invalid_argument("rows, cols: must both be at least 1");
  if (rows > std::numeric_limits<std::uint32_t>::max() / cols)
    throw std::invalid_argument("rows, cols: more than 2^32 - 1 cells");
  const std::size_t n = rows * cols;
  const bool queen = contiguity == Contiguity::queen;
  SpatialWeights w;
  w.self_included = options.include_self;
  w.offsets.reserve(n + 1);
  w.neighbours.reserve(n * (queen ? 9 : 5));
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t i = r * cols + c;
      for (int dr = -1; dr <= 1; ++dr) {
        if ((dr < 0 && r == 0) || (dr > 0 && r + 1 == rows)) continue;
        for (int dc = -1; dc <= 1; ++dc) {
          if ((dc < 0 && c == 0) || (dc > 0 && c + 1 == cols)) continue;
          if (dr == 0 && dc == 0 && !options.include_self) continue;
          if (!queen && dr != 0 && dc != 0) continue;
          w.neighbours.push_back(static_cast<std::uint32_t>(i + dr * static_cast<long>(cols) + dc));
        }
      }
      w.offsets.push_back(w.neighbours.size());
    }
  }
  w.weights.assign(w.neighbours.size(), 1.0);
  if (options.style == WeightStyle::row_standardised) {
    for (std::size_t i = 0; i < n; ++i) {
      const double share = 1.0 / static_cast<double>(w.offsets[i + 1] - w.offsets[i]);
      for (std::size_t m = w.offsets[i]; m < w.offsets[i + 1]; ++m) w.weights[m] = share;
    }
  }
  return w;
}

IdentifiedWeights parse_gal(std::string_view text) {
  const auto lines = split_lines(text);
  std::size_t at = 0;
  const std::size_t n = parse_header(lines, at);
  struct Row {
    std::string_view id;
    std::vector<std::string_view> neighbours;
    std::size_t line;  // of the neighbour line
  };
  std::vector<Row> rows;
  std::unordered_map<std::string_view, std::uint32_t> index;
  while (at < lines.size()) {
    auto t = tokens(lines[at]);
    if (t.empty()) {
      ++at;
      continue;
    }
    const std::size_t row_line = at + 1;
    if (t.size() != 2) fail_line(row_line, "expected 'id neighbour_count'");
    const std::size_t k = parse_count(t[1], row_line, "neighbour count");
    if (rows.size() == n)
      fail_line(row_line, "more rows than the " + std::to_string(n) + " in the header");
    if (!index.emplace(t[0], static_cast<std::uint32_t>(rows.size())).second)
      fail_line(row_line, "duplicate id '" + std::string(t[0]) + "'");
    Row row{t[0], {}, row_line + 1};
    ++at;
    if (k > 0) {
      if (at >= lines.size())
        fail_line(row_line + 1, "missing the neighbour line of id '" + std::string(t[0]) + "'");
      row.neighbours = tokens(lines[at]);
      if (row.neighbours.size() != k)
        fail_line(row_line + 1, "id '" + std::string(t[0]) + "' declares " + std::to_string(k) +
                                    " neighbours but lists " +
                                    std::to_string(row.neighbours.size()));
      ++at;
    } else if (at < lines.size() && tokens(lines[at]).empty()) {
      ++at;  // the empty neighbour line of an isolate
    }
    rows.push_back(std::move(row));
  }
  if (rows.size() != n)
    fail_line(lines.size(), "the header says " + std::to_string(n) +
                                " observations, the file has " + std::to_string(rows.size()));
  IdentifiedWeights out;
  out.ids.reserve(n);
  NeighbourLists lists(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.ids.emplace_back(rows[i].id);
    for (auto id : rows[i].neighbours) {
      const auto it = index.find(id);
      if (it == index.end())
        fail_line(rows[i].line, "neighbour '" + std::string(id) + "' has no row of its own");
      if (std::find(lists[i].begin(), lists[i].end(), it->second) != lists[i].end())
        fail_line(rows[i].line, "neighbour '" + std::string(id) + "' listed twice");
      lists[i].push_back(it->second);
    }
  }
  out.weights = binary_from_lists(lists);
  out.weights.self_included = every_row_has_self(out.weights);
  return out;
}

IdentifiedWeights parse_gwt(std::string_view text) {
  const auto lines = split_lines(text);
  std::size_t at = 0;
  const std::size_t n = parse_header(lines, at);
  IdentifiedWeights out;
  std::unordered_map<std::string, std::uint32_t> index;
  std::vector<std::vector<Entry>> rows;
  auto intern = [&](std::string_view id, std::size_t line) {
    auto [it, added] = index.emplace(std::string(id), static_cast<std::uint32_t>(out.ids.size()));
    if (added) {
      if (out.ids.size() == n)
        fail_line(line, "id '" + std::string(id) + "' is one more than the header's " +
                            std::to_string(n) + " observations");
      out.ids.emplace_back(id);
      rows.emplace_back();
    }
    return it->second;
  };
  struct Link {
    std::string_view from, to;
    double weight;
    std::size_t line;
  };
  std::vector<Link> links;
  for (; at < lines.size(); ++at) {
    const auto t = tokens(lines[at]);
    if (t.empty()) continue;
    const std::size_t line = at + 1;
    if (t.size() != 3) fail_line(line, "expected 'from_id to_id weight'");
    double weight = 0;
    const auto r = std::from_chars(t[2].data(), t[2].data() + t[2].size(), weight);
    if (r.ec != std::errc() || r.ptr != t[2].data() + t[2].size() || !std::isfinite(weight) ||
        weight <= 0)
      fail_line(line, "weight '" + std::string(t[2]) + "' is not a finite positive number");
    links.push_back({t[0], t[1], weight, line});
  }
  // Observations in order of first appearance as "from", then those only ever a "to".
  for (const auto& l : links) intern(l.from, l.line);
  for (const auto& l : links) {
    const auto from = index.at(std::string(l.from));
    const auto to = intern(l.to, l.line);
    for (const auto& e : rows[from]) {
      if (e.j == to)
        fail_line(l.line,
                  "pair '" + std::string(l.from) + "' '" + std::string(l.to) + "' repeated");
    }
    rows[from].push_back({to, l.weight});
  }
  out.weights = from_rows(rows, false);
  out.weights.self_included = every_row_has_self(out.weights);
  return out;
}

std::string to_gal(const SpatialWeights& w, std::span<const std::string> ids) {
  check_ids(ids, w.size());
  std::string s = "0 " + std::to_string(w.size()) + " unknown id\n";
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto nb = w.neighbours_of(i);
    s += ids[i] + ' ' + std::to_string(nb.size()) + '\n';
    for (std::size_t m = 0; m < nb.size(); ++m) {
      if (m > 0) s += ' ';
      s += ids[nb[m]];
    }
    s += '\n';
  }
  return s;
}

std::string to_gwt(const SpatialWeights& w, std::span<const std::string> ids) {
  check_ids(ids, w.size());
  std::string s = "0 " + std::to_string(w.size()) + " unknown id\n";
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto nb = w.neighbours_of(i);
    const auto wt = w.weights_of(i);
    for (std::size_t m = 0; m < nb.size(); ++m)
      s += ids[i] + ' ' + ids[nb[m]] + ' ' + fmt_double(wt[m]) + '\n';
  }
  return s;
}

SpatialWeights align_weights(const IdentifiedWeights& weights,
                             std::span<const std::string> value_ids) {
  std::unordered_map<std::string_view, std::uint32_t> position;
  for (std::size_t i = 0; i < value_ids.size(); ++i) {
    if (!position.emplace(value_ids[i], static_cast<std::uint32_t>(i)).second)
      throw std::invalid_argument("value_ids[" + std::to_string(i) + "]: duplicate id '" +
                                  value_ids[i] + "'");
  }
  std::vector<std::uint32_t> target(weights.ids.size());
  for (std::size_t i = 0; i < weights.ids.size(); ++i) {
    const auto it = position.find(weights.ids[i]);
    if (it == position.end())
      throw std::invalid_argument("weights: id '" + weights.ids[i] +
                                  "' is not among the values' ids");
    target[i] = it->second;
  }
  std::vector<std::vector<Entry>> rows(value_ids.size());
  const SpatialWeights& w = weights.weights;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto nb = w.neighbours_of(i);
    const auto wt = w.weights_of(i);
    for (std::size_t m = 0; m < nb.size(); ++m) rows[target[i]].push_back({target[nb[m]], wt[m]});
  }
  SpatialWeights out = from_rows(rows, false);
  out.self_included = every_row_has_self(out);
  return out;
}

}  // namespace lagesbild::analysis

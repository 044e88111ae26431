#include "geo/polygon_locator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <thread>

#include "geo/geos_util.h"

namespace lagesbild::geo::detail {
namespace {

// The grid has at most this many cells a side: 4 MB of codes at most, and with municipality-sized
// extents cells of tens of metres, so few points fall in boundary cells.
constexpr double kMaxCellsPerSide = 1024;
// Boundary marking widens every segment by this much (in cells), so that rounding, in marking or
// in mapping a query point to its cell (errors of ~1e-9 m at SWEREF magnitudes), can only make
// too many cells crossed, never too few; a crossed cell is merely answered exactly.
constexpr double kSlack = 1e-4;

enum State : std::uint8_t { kOutside, kInside, kCrossed };

// One polygon's cell states over its bounding box of cells.
struct Raster {
  std::int64_t col0 = 0, row0 = 0, cols = 0, rows = 0;
  std::vector<std::uint8_t> state;
  std::uint8_t& at(std::int64_t col, std::int64_t row) {
    return state[(row - row0) * cols + (col - col0)];
  }
};

// Marks every cell of `r` that the segment (grid units) passes within kSlack of.
void mark_segment(Raster& r, double u0, double v0, double u1, double v1) {
  const auto clamp_col = [&](double u) {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(u)), r.col0,
                                    r.col0 + r.cols - 1);
  };
  const auto clamp_row = [&](double v) {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(v)), r.row0,
                                    r.row0 + r.rows - 1);
  };
  const std::int64_t row_lo = clamp_row(std::min(v0, v1) - kSlack);
  const std::int64_t row_hi = clamp_row(std::max(v0, v1) + kSlack);
  for (std::int64_t row = row_lo; row <= row_hi; ++row) {
    // The part of the segment within the row's band, widened.
    double ua = std::min(u0, u1), ub = std::max(u0, u1);
    if (v1 != v0) {
      double t0 = (static_cast<double>(row) - kSlack - v0) / (v1 - v0);
      double t1 = (static_cast<double>(row + 1) + kSlack - v0) / (v1 - v0);
      if (t0 > t1) std::swap(t0, t1);
      t0 = std::clamp(t0, 0.0, 1.0);
      t1 = std::clamp(t1, 0.0, 1.0);
      ua = std::min(u0 + t0 * (u1 - u0), u0 + t1 * (u1 - u0));
      ub = std::max(u0 + t0 * (u1 - u0), u0 + t1 * (u1 - u0));
    }
    for (std::int64_t col = clamp_col(ua - kSlack), hi = clamp_col(ub + kSlack); col <= hi; ++col) {
      r.at(col, row) = kCrossed;
    }
  }
}

}  // namespace

struct PolygonLocator::Lane {
  GeosContext ctx;  // declared first: destroyed after the geometries made with it
  std::vector<GeomPtr> geometries;
  std::vector<PreparedPtr> prepared;
};

// Takes an idle lane, or makes one when every lane is busy, and puts it back when done. Taking
// swaps the slot to nullptr (acquire) and putting back fills an empty slot (release), so a lane
// has one user at a time and sees everything its previous user wrote.
class PolygonLocator::Lease {
 public:
  explicit Lease(const PolygonLocator& owner) : owner_(owner), start_(thread_number()) {
    const std::size_t n = owner_.slots_.size();
    for (std::size_t i = 0; i < n && lane_ == nullptr; ++i) {
      lane_.reset(
          owner_.slots_[(start_ + i) % n].lane.exchange(nullptr, std::memory_order_acquire));
    }
    if (lane_ == nullptr) lane_ = owner_.make_lane();
  }
  ~Lease() {
    const std::size_t n = owner_.slots_.size();
    for (std::size_t i = 0; i < n; ++i) {
      Lane* empty = nullptr;
      if (owner_.slots_[(start_ + i) % n].lane.compare_exchange_strong(
              empty, lane_.get(), std::memory_order_release, std::memory_order_relaxed)) {
        lane_.release();
        return;
      }
    }
    // More threads than slots tested at once: this lane is surplus and goes with lane_.
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Lane& operator*() const { return *lane_; }

 private:
  static std::size_t thread_number() {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed);
    return mine;
  }

  const PolygonLocator& owner_;
  const std::size_t start_;
  std::unique_ptr<Lane> lane_;
};

PolygonLocator::PolygonLocator(std::vector<MultiPolygon> polygons)
    : polygons_(std::move(polygons)),
      slots_(std::max(4u, 2 * std::thread::hardware_concurrency())) {
  build_grid();
}

PolygonLocator::~PolygonLocator() {
  for (Slot& s : slots_) delete s.lane.load(std::memory_order_acquire);
}

std::unique_ptr<PolygonLocator::Lane> PolygonLocator::make_lane() const {
  auto lane = std::make_unique<Lane>();
  const GEOSContextHandle_t h = lane->ctx.get();
  for (const MultiPolygon& p : polygons_) {
    lane->geometries.push_back(to_geos(lane->ctx, ParsedGeometry{true, p}));
    const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h, lane->geometries.back().get());
    if (prepared == nullptr) throw std::runtime_error("GEOS: prepare: " + lane->ctx.last_error());
    lane->prepared.emplace_back(prepared, PreparedDeleter{h});
  }
  return lane;
}

int PolygonLocator::first_covering(const std::uint32_t* candidates, std::size_t n, double x,
                                   double y) const {
  const Lease lease(*this);
  Lane& lane = *lease;
  const GEOSContextHandle_t h = lane.ctx.get();
  const GeomPtr point(GEOSGeom_createPointFromXY_r(h, x, y), {h});
  if (point == nullptr) throw std::runtime_error("GEOS: point: " + lane.ctx.last_error());
  for (std::size_t i = 0; i < n; ++i) {
    // For a point, "intersects" is "covers": boundary points count as inside.
    const char hit = GEOSPreparedIntersects_r(h, lane.prepared[candidates[i]].get(), point.get());
    if (hit == 2) throw std::runtime_error("GEOS: intersects: " + lane.ctx.last_error());
    if (hit == 1) return static_cast<int>(candidates[i]);
  }
  return -1;
}

int PolygonLocator::locate(double x, double y) const {
  const double u = (x - x0_) * inv_cell_, v = (y - y0_) * inv_cell_;
  // Written so that NaN fails too.
  if (!(u >= 0 && v >= 0 && u < cols_ && v < rows_)) return -1;
  const std::uint32_t code =
      codes_[static_cast<std::size_t>(v) * cols_ + static_cast<std::size_t>(u)];
  if ((code & kBoundary) == 0) return static_cast<int>(code) - 1;
  const std::uint32_t* entry = &pool_[code & ~kBoundary];
  const int hit = first_covering(entry + 1, entry[0], x, y);
  return hit >= 0 ? hit : static_cast<int>(entry[entry[0] + 1]) - 1;
}

void PolygonLocator::build_grid() {
  double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
  for (const MultiPolygon& mp : polygons_) {
    for (const Polygon& p : mp) {
      for (const auto& [x, y] : p.at(0)) {  // holes lie within the exterior
        min_x = std::min(min_x, x), max_x = std::max(max_x, x);
        min_y = std::min(min_y, y), max_y = std::max(max_y, y);
      }
    }
  }
  if (!(min_x <= max_x && min_y <= max_y)) return;  // no polygons: every point is outside

  // Square cells, with a free cell around the extent so no vertex lies on the grid's edge.
  cell_ = std::max(max_x - min_x, max_y - min_y) / (kMaxCellsPerSide - 4);
  if (!(cell_ > 0)) cell_ = 1;
  inv_cell_ = 1 / cell_;
  x0_ = min_x - cell_, y0_ = min_y - cell_;
  cols_ = static_cast<std::uint32_t>((max_x - x0_) * inv_cell_) + 2;
  rows_ = static_cast<std::uint32_t>((max_y - y0_) * inv_cell_) + 2;

  std::vector<std::int32_t> winner(std::size_t{cols_} * rows_, -1);
  std::map<std::uint32_t, std::vector<std::uint32_t>> candidates;  // crossed cell -> polygons
  for (std::size_t k = 0; k < polygons_.size(); ++k) {
    // Polygon k's cells: crossed by its boundary, else inside or outside as a whole.
    Raster r;
    double u_lo = INFINITY, v_lo = INFINITY, u_hi = -INFINITY, v_hi = -INFINITY;
    for (const Polygon& p : polygons_[k]) {
      for (const auto& [x, y] : p.at(0)) {
        u_lo = std::min(u_lo, (x - x0_) * inv_cell_), u_hi = std::max(u_hi, (x - x0_) * inv_cell_);
        v_lo = std::min(v_lo, (y - y0_) * inv_cell_), v_hi = std::max(v_hi, (y - y0_) * inv_cell_);
      }
    }
    r.col0 = static_cast<std::int64_t>(std::floor(u_lo - kSlack));
    r.row0 = static_cast<std::int64_t>(std::floor(v_lo - kSlack));
    r.cols = static_cast<std::int64_t>(std::floor(u_hi + kSlack)) - r.col0 + 1;
    r.rows = static_cast<std::int64_t>(std::floor(v_hi + kSlack)) - r.row0 + 1;
    r.state.assign(static_cast<std::size_t>(r.cols * r.rows), kOutside);
    for (const Polygon& p : polygons_[k]) {
      for (const Ring& ring : p) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
          mark_segment(r, (ring[i][0] - x0_) * inv_cell_, (ring[i][1] - y0_) * inv_cell_,
                       (ring[i + 1][0] - x0_) * inv_cell_, (ring[i + 1][1] - y0_) * inv_cell_);
        }
      }
    }
    // Cells next to each other in a row, neither touched by the boundary, share an edge the
    // boundary does not cross: so a run of them is all inside or all outside, and one exact
    // test at the first cell's centre (at least half a cell from the boundary) decides the run.
    const auto polygon_k = static_cast<std::uint32_t>(k);
    for (std::int64_t row = r.row0; row < r.row0 + r.rows; ++row) {
      for (std::int64_t col = r.col0; col < r.col0 + r.cols;) {
        if (r.at(col, row) == kCrossed) {
          ++col;
          continue;
        }
        const bool inside = first_covering(&polygon_k, 1, x0_ + (col + 0.5) * cell_,
                                           y0_ + (row + 0.5) * cell_) >= 0;
        for (; col < r.col0 + r.cols && r.at(col, row) != kCrossed; ++col) {
          r.at(col, row) = inside ? kInside : kOutside;
        }
      }
    }
    // Merge, lowest k first: a cell wholly inside a polygon needs no later polygon; a crossed
    // cell keeps every crossing polygon until one wholly covers it.
    for (std::int64_t row = r.row0; row < r.row0 + r.rows; ++row) {
      for (std::int64_t col = r.col0; col < r.col0 + r.cols; ++col) {
        const std::size_t cell = static_cast<std::size_t>(row) * cols_ + col;
        if (winner[cell] >= 0) continue;
        if (r.at(col, row) == kInside) winner[cell] = static_cast<std::int32_t>(k);
        if (r.at(col, row) == kCrossed) candidates[cell].push_back(polygon_k);
      }
    }
  }

  codes_.resize(winner.size());
  for (std::size_t i = 0; i < winner.size(); ++i) codes_[i] = winner[i] + 1;
  std::map<std::vector<std::uint32_t>, std::uint32_t> offsets;  // identical entries share
  for (auto& [cell, list] : candidates) {
    std::vector<std::uint32_t> entry{static_cast<std::uint32_t>(list.size())};
    entry.insert(entry.end(), list.begin(), list.end());
    entry.push_back(codes_[cell]);
    auto [it, added] = offsets.try_emplace(entry, static_cast<std::uint32_t>(pool_.size()));
    if (added) pool_.insert(pool_.end(), entry.begin(), entry.end());
    codes_[cell] = kBoundary | it->second;
  }
}

}  // namespace lagesbild::geo::detail

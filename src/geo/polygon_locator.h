// Internal to geo/: "which of these polygons covers this point", fast, for AreaIndex and Boundary.
//
// A uniform grid over the polygons' extent is classified once, with GEOS: each cell is wholly
// inside some polygon (the lowest-numbered that covers it), wholly outside all, or crossed by
// polygon boundaries, in which case it lists the polygons to test exactly. Most points are
// answered by one array look-up; only points in boundary cells reach GEOS.
//
// Thread-safety: locate() may be called concurrently. The exact tests never share GEOS objects
// between threads: each takes a "lane" (a GEOS context with its own copies of the prepared
// polygons) out of a slot, exclusively, and puts it back after. So correctness does not depend
// on GEOS's undocumented lazy internals (a prepared geometry builds its point-in-area index on
// first use, and geometries share their context's factory, whose reference count is not atomic).
// Lanes are made on demand, one per thread testing at the same moment; each thread starts at
// its own slot, so it usually gets back the lane it used last, still warm in its cache.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "geo/polygon_json.h"

namespace lagesbild::geo::detail {

class PolygonLocator {
 public:
  // polygons[k] in a planar CRS (metres); where they overlap the lowest k wins. Rings must be
  // closed with at least 4 positions (as parse_polygon_geojson guarantees).
  explicit PolygonLocator(std::vector<MultiPolygon> polygons);
  ~PolygonLocator();
  PolygonLocator(const PolygonLocator&) = delete;
  PolygonLocator& operator=(const PolygonLocator&) = delete;

  // The lowest k whose polygon covers (x, y), boundary included, or -1.
  int locate(double x, double y) const;
  std::size_t size() const { return polygons_.size(); }

 private:
  struct Lane;
  class Lease;

  std::unique_ptr<Lane> make_lane() const;
  // The first of candidates[0..n) whose polygon covers (x, y), or -1.
  int first_covering(const std::uint32_t* candidates, std::size_t n, double x, double y) const;
  void build_grid();

  std::vector<MultiPolygon> polygons_;

  // Cell (col, row) covers [x0 + col*cell, x0 + (col+1)*cell] x [same for y]; its code is 0
  // (outside all), k + 1 (wholly inside polygon k), or kBoundary | offset into pool_, where
  // pool_[offset] = n, then n candidates, then the code to use if none covers the point.
  static constexpr std::uint32_t kBoundary = 0x80000000u;
  double x0_ = 0, y0_ = 0, cell_ = 1, inv_cell_ = 1;
  std::uint32_t cols_ = 0, rows_ = 0;
  std::vector<std::uint32_t> codes_;
  std::vector<std::uint32_t> pool_;

  // Idle lanes, owned by the slot that holds them; a taker swaps in nullptr.
  struct alignas(64) Slot {  // one cache line each: threads using their own slot do not collide
    std::atomic<Lane*> lane{nullptr};
  };
  mutable std::vector<Slot> slots_;
};

}  // namespace lagesbild::geo::detail

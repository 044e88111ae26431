// Area geometry: reading, checking and repairing GeoJSON polygons, and answering "which area is
// this point in" fast.
//
// Owns: GEOS use. May use: domain/, geo/projection.h, nlohmann-json.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/expected.h"
#include "domain/model.h"

namespace lagesbild::geo {

// Parses a GeoJSON geometry (Polygon or MultiPolygon, WGS84 lon/lat) given as text and checks it.
// Problems are reported against `field` (a JSON pointer or a name):
//   - not JSON, not a Polygon/MultiPolygon, fewer than 4 positions in a ring, a ring not closed,
//     coordinates outside WGS84 range or outside Sweden -> rejected with the reason;
//   - wrong winding (RFC 7946 wants exterior rings counter-clockwise) -> repaired silently;
//   - self-intersection or other invalidity -> rejected with GEOS's reason and location, unless
//     `repair` is set, in which case GEOS's MakeValid repairs it (and the result must still be a
//     polygonal geometry of non-zero area).
// On success returns the normalised geometry as compact GeoJSON text.
Expected<std::string> normalise_area_geometry(const std::string& geojson, const std::string& field,
                                              bool repair);

// An immutable index over a municipality's areas in SWEREF 99 TM.
// Thread-safety: locate() may be called concurrently from many threads.
// Cost: building takes milliseconds (~15 ms for 15 municipality-sized areas) and up to 4 MB, so
// build one per set of areas and reuse it; locate() is then ~10-20 ns (docs/bench-geo.md).
class AreaIndex {
 public:
  // Areas whose geometry does not parse are skipped (they were validated when stored).
  explicit AreaIndex(std::span<const Area> areas);
  ~AreaIndex();
  AreaIndex(const AreaIndex&) = delete;
  AreaIndex& operator=(const AreaIndex&) = delete;

  // The id of the area that contains the SWEREF point, or nullopt. If areas overlap, the one with
  // the smallest id wins (deterministic). Points on a boundary count as inside.
  std::optional<Id> locate(double x, double y) const;

  std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A municipality boundary (or any polygon) for "is this point inside" tests in SWEREF 99 TM.
// Thread-safety: contains() may be called concurrently.
class Boundary {
 public:
  // Throws std::invalid_argument when the geometry is not a valid (Multi)Polygon.
  explicit Boundary(const std::string& geojson_wgs84);
  ~Boundary();
  Boundary(const Boundary&) = delete;
  Boundary& operator=(const Boundary&) = delete;
  bool contains(double x, double y) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lagesbild::geo

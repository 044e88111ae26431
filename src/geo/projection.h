// WGS84 (EPSG:4326) <-> SWEREF 99 TM (EPSG:3006), the national grid every analysis runs in.
//
// Owns: coordinate conversion (PROJ) and the "is this in Sweden" sanity bound.
// Thread-safety: a Projector is NOT safe for concurrent use (a PROJ context per object); make one
// per thread. Construction costs ~ a millisecond; reuse it.
#pragma once

#include <memory>
#include <span>

#include "domain/model.h"

namespace lagesbild::geo {

struct Xy {
  double x = 0, y = 0;  // SWEREF 99 TM easting, northing (metres)
};
struct LatLon {
  double lat = 0, lon = 0;
};

class Projector {
 public:
  Projector();  // throws std::runtime_error if PROJ's database is missing
  ~Projector();
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  // A coordinate PROJ cannot transform (NaN, or far outside the projection's domain) comes back
  // as HUGE_VAL; callers check in_sweden() first.
  Xy to_sweref(double lat, double lon) const;
  LatLon to_wgs84(double x, double y) const;
  // Batched, in place: on entry a = lat, b = lon; on return a = x, b = y. Same length.
  void to_sweref(std::span<double> a, std::span<double> b) const;
  // A full Location from either pair.
  Location from_wgs84(double lat, double lon) const;
  Location from_sweref(double x, double y) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True when the WGS84 point lies inside Sweden's land-and-territorial-waters bounding region.
// This is a coarse bound (a bounding polygon, not the coastline); the municipality boundary,
// when known, is the precise test.
bool in_sweden(double lat, double lon);

}  // namespace lagesbild::geo

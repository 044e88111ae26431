// Internal to demo/: the synthetic map of the demo municipality, in SWEREF 99 TM.
//
// The town is a 5 x 3 grid of cells whose corners and edges are jittered (with a fixed seed, so
// the map never changes); neighbouring cells share their edges vertex for vertex, so the areas
// tile the town without gaps or overlaps. Around it lies an irregular boundary of about 15 x 12
// km. Vertices are rounded to 1e-7 degrees in WGS84 (~1 cm) and projected back, so the rings
// here are exactly what the stored GeoJSON describes.
#pragma once

#include <string>
#include <vector>

#include "domain/model.h"
#include "geo/projection.h"

namespace lagesbild::demo {

// A closed ring (front() == back()), counter-clockwise.
class Ring {
 public:
  explicit Ring(std::vector<geo::Xy> points);
  const std::vector<geo::Xy>& points() const { return points_; }
  bool contains(double x, double y) const;
  double distance_to_edge(double x, double y) const;
  // Inside and at least `margin` metres from the edge: safe against any rounding.
  bool contains_with_margin(double x, double y, double margin) const {
    return contains(x, y) && distance_to_edge(x, y) >= margin;
  }
  double min_x() const { return min_x_; }
  double min_y() const { return min_y_; }
  double max_x() const { return max_x_; }
  double max_y() const { return max_y_; }

 private:
  std::vector<geo::Xy> points_;
  double min_x_, min_y_, max_x_, max_y_;
};

struct Geography {
  geo::Xy centre;  // Borlänge's centre, 60.4858 N 15.4371 E
  Ring boundary;
  std::string boundary_geojson;
  std::vector<Ring> areas;  // in the order of scenario::areas()
  std::vector<std::string> area_geojson;
  std::vector<Location> places;  // in the order of scenario::places()
  std::vector<int> place_area;   // index into areas
};

// Builds the map. Throws std::logic_error if the scenario's places or cells do not fit (a bug).
Geography build_geography(const geo::Projector& projector);

}  // namespace lagesbild::demo

// Which polygons are neighbours, from their real boundaries: the contiguity behind Gi* per area
// (a municipality's own areas) and across municipalities (the national view).
//
// Real boundaries rarely share vertices exactly: areas are drawn by hand in different tools,
// and each municipality border in shared/data was simplified on its own, so two neighbours'
// vertices can lie hundreds of metres apart along a border they share. spdep::poly2nb's vertex
// test (analysis/weights.h, contiguity_weights) finds few neighbours there; this compares the
// boundaries themselves with GEOS, in SWEREF 99 TM metres, within a tolerance.
//
// Owns: nothing beyond the call. May use: geo/ internals (GEOS, PROJ). Thread-safe: each call
// makes its own GEOS context and projector.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lagesbild::geo {

enum class Adjacency {
  queen,  // the boundaries come within the tolerance of each other (a shared corner is enough)
  rook,   // they run within the tolerance of each other for more than a corner (see below)
};

// Neighbour lists of GeoJSON Polygon/MultiPolygon geometries in WGS84 (as areas and municipality
// boundaries are stored): list i holds the indexes j != i of geometry i's neighbours, ascending,
// and the relation is symmetric. Queen: distance(i, j) <= tolerance_m. Rook: additionally, the
// part of i's boundary within tolerance_m of j's boundary is longer than
// max(4 × tolerance_m, 1 m), which a shared corner (a stretch of about 2 × tolerance_m) is not.
// Candidate pairs come from the geometries' bounding boxes grown by the tolerance (sort and
// sweep), so the cost is about O(n log n + candidate pairs × vertices).
// Throws std::invalid_argument "geometry i: why" when a geometry does not parse, and for a
// tolerance that is negative, not finite or above 10 km.
std::vector<std::vector<std::uint32_t>> polygon_neighbours(
    std::span<const std::string> geojson_wgs84, Adjacency adjacency, double tolerance_m);

// The area of each geometry in square metres, measured in SWEREF 99 TM (holes subtracted).
// Throws std::invalid_argument "geometry i: why" when a geometry does not parse.
std::vector<double> polygon_areas_m2(std::span<const std::string> geojson_wgs84);

}  // namespace lagesbild::geo

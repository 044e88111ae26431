// Internal to geo/: GeoJSON Polygon/MultiPolygon text <-> plain coordinate arrays.
//
// Shared by normalise_area_geometry (which reports the errors) and AreaIndex/Boundary (which
// read geometries already validated). Thread-safe: pure functions.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "domain/expected.h"

namespace lagesbild::geo::detail {

using Position = std::array<double, 2>;  // [lon, lat], or [x, y] once projected
using Ring = std::vector<Position>;      // closed: front() == back()
using Polygon = std::vector<Ring>;       // [0] exterior, then holes
using MultiPolygon = std::vector<Polygon>;

struct ParsedGeometry {
  bool multi = false;  // written back as MultiPolygon (else Polygon, with exactly one polygon)
  MultiPolygon polygons;
};

// Parses GeoJSON text and checks its shape: a Polygon or MultiPolygon object, every ring at least
// four [lon, lat] positions (an altitude is dropped), closed, and inside the WGS84 range. Every
// problem found is reported against `field`.
Expected<ParsedGeometry> parse_polygon_geojson(const std::string& text, const std::string& field);

// "ring 2" for a Polygon, "polygon 1 ring 0" for a MultiPolygon: how errors say where.
std::string ring_name(const ParsedGeometry& g, std::size_t polygon, std::size_t ring);

// "[15.1, 60.25]": a position as GeoJSON shows it, rounded to 6 decimals (~0.1 m).
std::string format_position(const Position& p);
std::string format_number(double v);

// Reverses rings as RFC 7946 wants: exterior rings counter-clockwise, holes clockwise (in lon/lat
// seen with north up). A ring of zero signed area is left as it is.
void orient_rfc7946(ParsedGeometry& g);

// Compact GeoJSON text for the geometry, rings as given.
std::string to_geojson(const ParsedGeometry& g);

}  // namespace lagesbild::geo::detail

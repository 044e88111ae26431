// A point guaranteed to lie inside a polygon: where a report that is known only to be "somewhere
// in this municipality" is drawn, so it never falls outside it (a centroid of a crescent-shaped
// or island-strewn municipality can lie in the sea or in a neighbour).
//
// Owns: nothing but the computation (GEOS PointOnSurface). May use: geo/ internals.
// Thread-safety: a pure function; each call uses its own GEOS context.
#pragma once

#include <optional>
#include <string>

#include "geo/projection.h"

namespace lagesbild::geo {

// A WGS84 point inside the GeoJSON Polygon or MultiPolygon (WGS84 lon/lat) `geojson`: GEOS's
// point on surface of its largest part. nullopt when the text is not such a polygon.
std::optional<LatLon> interior_point(const std::string& geojson);

}  // namespace lagesbild::geo

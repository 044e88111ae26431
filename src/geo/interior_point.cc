#include "geo/interior_point.h"

#include "geo/geos_util.h"
#include "geo/polygon_json.h"

namespace lagesbild::geo {

std::optional<LatLon> interior_point(const std::string& geojson) {
  auto parsed = detail::parse_polygon_geojson(geojson, "geometry");
  if (!parsed) return std::nullopt;
  const detail::GeosContext ctx;
  const detail::GeomPtr polygon = detail::to_geos(ctx, *parsed);
  const detail::GeomPtr point{GEOSPointOnSurface_r(ctx.get(), polygon.get()), {ctx.get()}};
  if (!point) return std::nullopt;
  double lon = 0, lat = 0;
  if (!GEOSGeomGetX_r(ctx.get(), point.get(), &lon) ||
      !GEOSGeomGetY_r(ctx.get(), point.get(), &lat))
    return std::nullopt;
  return LatLon{lat, lon};
}

}  // namespace lagesbild::geo

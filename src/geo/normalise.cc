#include <cctype>

#include "geo/geometry.h"
#include "geo/geos_util.h"
#include "geo/polygon_json.h"
#include "geo/projection.h"

namespace lagesbild::geo {
namespace {

using detail::GeomPtr;
using detail::GeosContext;
using detail::ParsedGeometry;

// One error per ring with positions outside the bound, naming the first: enough to find the
// mistake without listing a thousand positions.
Errors outside_sweden(const ParsedGeometry& g, const std::string& field) {
  Errors errors;
  for (std::size_t p = 0; p < g.polygons.size(); ++p) {
    for (std::size_t r = 0; r < g.polygons[p].size(); ++r) {
      const detail::Ring& ring = g.polygons[p][r];
      std::size_t bad = 0, first = 0;
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {  // the last repeats the first
        if (!in_sweden(ring[i][1], ring[i][0]) && bad++ == 0) first = i;
      }
      if (bad == 0) continue;
      const auto [lon, lat] = ring[first];
      std::string reason = detail::ring_name(g, p, r) + " position " + std::to_string(first) + " " +
                           detail::format_position(ring[first]) + " is outside Sweden";
      if (bad > 1) reason += ", and so are " + std::to_string(bad - 1) + " more";
      if (in_sweden(lon, lat)) reason += " (lon and lat swapped? GeoJSON positions are [lon, lat])";
      errors.push_back({field, 0, std::move(reason)});
    }
  }
  return errors;
}

// GEOS's reason and where, as "self-intersection at lon 15.43 lat 60.48"; empty when valid.
std::string invalidity(const GeosContext& ctx, const GEOSGeometry* g) {
  const auto found = detail::find_invalidity(ctx, g);
  if (!found) return {};
  std::string out = found->reason;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  if (found->where) {
    out += " at lon " + detail::format_number((*found->where)[0]) + " lat " +
           detail::format_number((*found->where)[1]);
  }
  return out;
}

// MakeValid's "structure" method keeps an input polygon polygonal (a bow-tie becomes two
// triangles) and drops parts that collapse to lines or points.
GeomPtr make_valid(const GeosContext& ctx, const GEOSGeometry* g) {
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx.get());
  GEOSMakeValidParams_setMethod_r(ctx.get(), params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx.get(), params, 0);
  GeomPtr out(GEOSMakeValidWithParams_r(ctx.get(), g, params), {ctx.get()});
  GEOSMakeValidParams_destroy_r(ctx.get(), params);
  return out;
}

}  // namespace

Expected<std::string> normalise_area_geometry(const std::string& geojson, const std::string& field,
                                              bool repair) {
  Expected<ParsedGeometry> parsed = detail::parse_polygon_geojson(geojson, field);
  if (!parsed) return parsed.errors();
  if (Errors outside = outside_sweden(*parsed, field); !outside.empty()) return outside;

  const GeosContext ctx;
  GeomPtr geom = detail::to_geos(ctx, *parsed);
  ParsedGeometry result = std::move(parsed).value();
  if (const std::string problem = invalidity(ctx, geom.get()); !problem.empty()) {
    if (!repair) return FieldError{field, 0, problem};
    GeomPtr fixed = make_valid(ctx, geom.get());
    double area = 0;
    if (fixed != nullptr) result = detail::from_geos(ctx, fixed.get());
    if (fixed == nullptr || result.polygons.empty() ||
        GEOSArea_r(ctx.get(), fixed.get(), &area) != 1 || !(area > 0) ||
        !invalidity(ctx, fixed.get()).empty()) {
      return FieldError{field, 0,
                        problem + "; repairing it did not leave a polygon of non-zero area"};
    }
  }
  detail::orient_rfc7946(result);
  return detail::to_geojson(result);
}

}  // namespace lagesbild::geo

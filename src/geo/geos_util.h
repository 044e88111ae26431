// Internal to geo/: RAII over GEOS's reentrant C API, and conversion from/to plain coordinates.
//
// Thread-safety: GEOS's rule, restated: a GeosContext and every geometry made with it are used by
// one thread at a time. Nothing here is shared between contexts.
#pragma once

#include <geos_c.h>

#include <memory>
#include <optional>
#include <string>

#include "geo/polygon_json.h"

namespace lagesbild::geo::detail {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return handle_; }
  // GEOS's last error message (GEOS reports errors through a handler, not a return value).
  const std::string& last_error() const { return last_error_; }

 private:
  GEOSContextHandle_t handle_;
  std::string last_error_;
};

struct GeomDeleter {
  GEOSContextHandle_t handle;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(handle, g); }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
  GEOSContextHandle_t handle;
  void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(handle, g); }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// A GEOS Polygon or MultiPolygon with the same rings. Throws std::runtime_error if GEOS refuses
// (the rings were checked by parse_polygon_geojson, so that is a bug).
GeomPtr to_geos(const GeosContext& ctx, const ParsedGeometry& g);

// The polygonal parts of a GEOS geometry (Polygon, MultiPolygon, or a collection holding them;
// other parts such as collapsed lines are dropped). multi is set unless there is one polygon.
ParsedGeometry from_geos(const GeosContext& ctx, const GEOSGeometry* g);

// Why GEOS finds a geometry invalid ("Self-intersection") and where, if it says.
struct Invalidity {
  std::string reason;
  std::optional<Position> where;
};
// nullopt when the geometry is valid.
std::optional<Invalidity> find_invalidity(const GeosContext& ctx, const GEOSGeometry* g);

}  // namespace lagesbild::geo::detail

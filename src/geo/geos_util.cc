#include "geo/geos_util.h"

#include <stdexcept>
#include <vector>

namespace lagesbild::geo::detail {
namespace {

void on_error(const char* message, void* userdata) {
  *static_cast<std::string*>(userdata) = message;
}

[[noreturn]] void fail(const GeosContext& ctx, const char* what) {
  throw std::runtime_error(std::string("GEOS: ") + what + ": " + ctx.last_error());
}

GEOSGeometry* make_ring(const GeosContext& ctx, const Ring& ring) {
  static_assert(sizeof(Position) == 2 * sizeof(double));
  GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx.get(), ring.front().data(),
                                                         static_cast<unsigned>(ring.size()), 0, 0);
  if (seq == nullptr) fail(ctx, "coordinate sequence");
  GEOSGeometry* g = GEOSGeom_createLinearRing_r(ctx.get(), seq);  // takes seq, even on failure
  if (g == nullptr) fail(ctx, "linear ring");
  return g;
}

// GEOS's constructors take ownership of their parts even when they fail, so ownership passes
// from our GeomPtrs to GEOS right before each call.
std::vector<GEOSGeometry*> release_all(std::vector<GeomPtr>& parts) {
  std::vector<GEOSGeometry*> raw;
  for (auto& p : parts) raw.push_back(p.release());
  return raw;
}

GEOSGeometry* make_polygon(const GeosContext& ctx, const Polygon& polygon) {
  std::vector<GeomPtr> rings;
  for (const Ring& r : polygon) rings.emplace_back(make_ring(ctx, r), GeomDeleter{ctx.get()});
  std::vector<GEOSGeometry*> raw = release_all(rings);
  GEOSGeometry* g = GEOSGeom_createPolygon_r(ctx.get(), raw.front(), raw.data() + 1,
                                             static_cast<unsigned>(raw.size() - 1));
  if (g == nullptr) fail(ctx, "polygon");
  return g;
}

Ring ring_of(const GeosContext& ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx.get(), ring);
  unsigned n = 0;
  if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx.get(), seq, &n) == 0) fail(ctx, "ring");
  Ring out(n);
  if (n > 0 && GEOSCoordSeq_copyToBuffer_r(ctx.get(), seq, out.front().data(), 0, 0) == 0) {
    fail(ctx, "ring coordinates");
  }
  return out;
}

void collect_polygons(const GeosContext& ctx, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(ctx.get(), g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx.get(), g) == 1) return;
    Polygon polygon{ring_of(ctx, GEOSGetExteriorRing_r(ctx.get(), g))};
    const int holes = GEOSGetNumInteriorRings_r(ctx.get(), g);
    for (int i = 0; i < holes; ++i) {
      polygon.push_back(ring_of(ctx, GEOSGetInteriorRingN_r(ctx.get(), g, i)));
    }
    out.push_back(std::move(polygon));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx.get(), g);
    for (int i = 0; i < n; ++i) collect_polygons(ctx, GEOSGetGeometryN_r(ctx.get(), g, i), out);
  }
}

}  // namespace

GeosContext::GeosContext() : handle_(GEOS_init_r()) {
  if (handle_ == nullptr) throw std::runtime_error("GEOS: cannot create a context");
  GEOSContext_setErrorMessageHandler_r(handle_, on_error, &last_error_);
}

GeosContext::~GeosContext() { GEOS_finish_r(handle_); }

GeomPtr to_geos(const GeosContext& ctx, const ParsedGeometry& g) {
  if (!g.multi) return GeomPtr(make_polygon(ctx, g.polygons.at(0)), {ctx.get()});
  std::vector<GeomPtr> parts;
  for (const Polygon& p : g.polygons)
    parts.emplace_back(make_polygon(ctx, p), GeomDeleter{ctx.get()});
  std::vector<GEOSGeometry*> raw = release_all(parts);
  GEOSGeometry* multi = GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOLYGON, raw.data(),
                                                    static_cast<unsigned>(raw.size()));
  if (multi == nullptr) fail(ctx, "multipolygon");
  return GeomPtr(multi, {ctx.get()});
}

ParsedGeometry from_geos(const GeosContext& ctx, const GEOSGeometry* g) {
  ParsedGeometry out;
  collect_polygons(ctx, g, out.polygons);
  out.multi = out.polygons.size() != 1;
  return out;
}

std::optional<Invalidity> find_invalidity(const GeosContext& ctx, const GEOSGeometry* g) {
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(ctx.get(), g, 0, &reason, &location);
  if (valid == 2) fail(ctx, "validity check");
  const GeomPtr where(location, {ctx.get()});
  Invalidity out{reason != nullptr ? reason : "invalid", std::nullopt};
  GEOSFree_r(ctx.get(), reason);
  if (valid == 1) return std::nullopt;
  Position p{};
  if (where != nullptr && GEOSGeomGetX_r(ctx.get(), where.get(), &p[0]) == 1 &&
      GEOSGeomGetY_r(ctx.get(), where.get(), &p[1]) == 1) {
    out.where = p;
  }
  return out;
}

}  // namespace lagesbild::geo::detail

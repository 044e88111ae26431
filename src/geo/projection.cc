#include "geo/projection.h"

#include <proj.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace lagesbild::geo {

struct Projector::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;  // WGS84 lon/lat -> SWEREF 99 TM easting/northing

  ~Impl() {
    if (pj != nullptr) proj_destroy(pj);
    if (ctx != nullptr) proj_context_destroy(ctx);
  }
};

Projector::Projector() : impl_(std::make_unique<Impl>()) {
  impl_->ctx = proj_context_create();
  if (impl_->ctx == nullptr) throw std::runtime_error("PROJ: cannot create a context");
  // Both CRSs are defined in proj.db; without it this is where PROJ fails.
  PJ* raw = proj_create_crs_to_crs(impl_->ctx, "EPSG:4326", "EPSG:3006", nullptr);
  if (raw == nullptr) {
    throw std::runtime_error(std::string("PROJ: cannot create EPSG:4326 -> EPSG:3006 (") +
                             proj_context_errno_string(impl_->ctx, proj_context_errno(impl_->ctx)) +
                             "); is proj-data's proj.db installed?");
  }
  // EPSG:4326 is lat/lon and EPSG:3006 northing/easting by definition; normalising gives the
  // lon/lat -> x/y order every other part of the code (and GeoJSON) uses.
  impl_->pj = proj_normalize_for_visualization(impl_->ctx, raw);
  proj_destroy(raw);
  if (impl_->pj == nullptr) throw std::runtime_error("PROJ: cannot normalise the axis order");
}

Projector::~Projector() = default;

Xy Projector::to_sweref(double lat, double lon) const {
  const PJ_COORD out = proj_trans(impl_->pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
  return {out.xy.x, out.xy.y};
}

LatLon Projector::to_wgs84(double x, double y) const {
  const PJ_COORD out = proj_trans(impl_->pj, PJ_INV, proj_coord(x, y, 0, 0));
  return {out.lp.phi, out.lp.lam};
}

void Projector::to_sweref(std::span<double> a, std::span<double> b) const {
  if (a.size() != b.size()) throw std::invalid_argument("to_sweref: spans differ in length");
  if (a.empty()) return;
  // PROJ transforms x (= lon, in b) and y (= lat, in a) in place, so b ends up holding eastings
  // and a northings; the contract is the other way round.
  proj_trans_generic(impl_->pj, PJ_FWD, b.data(), sizeof(double), b.size(), a.data(),
                     sizeof(double), a.size(), nullptr, 0, 0, nullptr, 0, 0);
  std::swap_ranges(a.begin(), a.end(), b.begin());
}

Location Projector::from_wgs84(double lat, double lon) const {
  const Xy p = to_sweref(lat, lon);
  return {lat, lon, p.x, p.y};
}

Location Projector::from_sweref(double x, double y) const {
  const LatLon g = to_wgs84(x, y);
  return {g.lat, g.lon, x, y};
}

}  // namespace lagesbild::geo

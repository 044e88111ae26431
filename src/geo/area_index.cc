#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "geo/geometry.h"
#include "geo/geos_util.h"
#include "geo/polygon_locator.h"
#include "geo/projection.h"

namespace lagesbild::geo {
namespace {

// The geometry's polygons in SWEREF 99 TM, or nullopt if PROJ cannot project a vertex.
std::optional<detail::MultiPolygon> to_sweref(const Projector& projector,
                                              detail::MultiPolygon polygons) {
  std::vector<double> a, b;
  for (detail::Polygon& p : polygons) {
    for (detail::Ring& ring : p) {
      a.resize(ring.size()), b.resize(ring.size());
      for (std::size_t i = 0; i < ring.size(); ++i) a[i] = ring[i][1], b[i] = ring[i][0];
      projector.to_sweref(a, b);
      for (std::size_t i = 0; i < ring.size(); ++i) {
        if (!std::isfinite(a[i]) || !std::isfinite(b[i])) return std::nullopt;
        ring[i] = {a[i], b[i]};
      }
    }
  }
  return polygons;
}

}  // namespace

struct AreaIndex::Impl {
  std::vector<Id> ids;  // ids[k] is the area of the locator's polygon k; ascending
  std::unique_ptr<detail::PolygonLocator> locator;
};

AreaIndex::AreaIndex(std::span<const Area> areas) : impl_(std::make_unique<Impl>()) {
  // The locator lets the lowest polygon number win an overlap, so number the areas by id.
  std::vector<const Area*> by_id;
  for (const Area& a : areas) by_id.push_back(&a);
  std::stable_sort(by_id.begin(), by_id.end(),
                   [](const Area* l, const Area* r) { return l->id < r->id; });
  const Projector projector;
  std::vector<detail::MultiPolygon> polygons;
  for (const Area* a : by_id) {
    auto parsed = detail::parse_polygon_geojson(a->geometry_geojson, "geometry");
    if (!parsed) continue;
    auto projected = to_sweref(projector, std::move(parsed->polygons));
    if (!projected) continue;
    impl_->ids.push_back(a->id);
    polygons.push_back(*std::move(projected));
  }
  impl_->locator = std::make_unique<detail::PolygonLocator>(std::move(polygons));
}

AreaIndex::~AreaIndex() = default;

std::optional<Id> AreaIndex::locate(double x, double y) const {
  const int k = impl_->locator->locate(x, y);
  if (k < 0) return std::nullopt;
  return impl_->ids[static_cast<std::size_t>(k)];
}

std::size_t AreaIndex::size() const { return impl_->ids.size(); }

struct Boundary::Impl {
  std::unique_ptr<detail::PolygonLocator> locator;
};

Boundary::Boundary(const std::string& geojson_wgs84) : impl_(std::make_unique<Impl>()) {
  auto parsed = detail::parse_polygon_geojson(geojson_wgs84, "boundary");
  if (!parsed) throw std::invalid_argument(to_string(parsed.errors()));
  auto projected = to_sweref(Projector(), std::move(parsed->polygons));
  if (!projected) throw std::invalid_argument("boundary: cannot be projected to SWEREF 99 TM");
  {
    const detail::GeosContext ctx;
    const auto geom = detail::to_geos(ctx, detail::ParsedGeometry{true, *projected});
    if (const auto invalid = detail::find_invalidity(ctx, geom.get())) {
      throw std::invalid_argument("boundary: not a valid polygon: " + invalid->reason);
    }
  }
  impl_->locator = std::make_unique<detail::PolygonLocator>(
      std::vector<detail::MultiPolygon>{*std::move(projected)});
}

Boundary::~Boundary() = default;

bool Boundary::contains(double x, double y) const { return impl_->locator->locate(x, y) == 0; }

}  // namespace lagesbild::geo

#include "demo/geography.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "demo/random.h"
#include "demo/scenario.h"

namespace lagesbild::demo {
namespace {

constexpr double kCentreLat = 60.4858, kCentreLon = 15.4371;
// Grid lines of the town relative to the centre (metres); the centre lies in cell (2, 1).
constexpr std::array<double, 6> kColumns = {-5000, -2950, -950, 1050, 3050, 5000};
constexpr std::array<double, 4> kRows = {-3200, -1050, 1050, 3200};
constexpr double kCornerJitter = 250, kEdgeJitter = 180;
constexpr double kBoundaryRadiusX = 7600, kBoundaryRadiusY = 6100;
constexpr int kBoundaryVertices = 16;
constexpr std::uint64_t kMapSeed = 2081;  // the map is the same for every report seed

using Points = std::vector<geo::Xy>;

// Rounds a vertex to what its GeoJSON text says, and back to SWEREF.
struct Snapper {
  const geo::Projector& projector;
  geo::Xy operator()(geo::Xy p) const {
    const geo::LatLon ll = projector.to_wgs84(p.x, p.y);
    return projector.to_sweref(std::round(ll.lat * 1e7) / 1e7, std::round(ll.lon * 1e7) / 1e7);
  }
};

std::string polygon_geojson(const Points& ring, const geo::Projector& projector) {
  std::string out = R"({"type":"Polygon","coordinates":[[)";
  char buf[64];
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const geo::LatLon ll = projector.to_wgs84(ring[i].x, ring[i].y);
    std::snprintf(buf, sizeof buf, "%s[%.7f,%.7f]", i ? "," : "", ll.lon, ll.lat);
    out += buf;
  }
  out += "]]}";
  return out;
}

// The jittered lattice: corners, and two inner vertices on every edge of the grid.
struct Lattice {
  std::array<std::array<geo::Xy, kRows.size()>, kColumns.size()> corner;
  // horizontal[i][j]: inner vertices from corner (i, j) to (i + 1, j); vertical[i][j]: from
  // corner (i, j) to (i, j + 1).
  std::array<std::array<std::array<geo::Xy, 2>, kRows.size()>, kColumns.size()> horizontal;
  std::array<std::array<std::array<geo::Xy, 2>, kRows.size()>, kColumns.size()> vertical;
};

Lattice make_lattice(geo::Xy centre, const Snapper& snap) {
  Rng rng(kMapSeed);
  Lattice l{};
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    for (std::size_t j = 0; j < kRows.size(); ++j) {
      l.corner[i][j] = {centre.x + kColumns[i] + rng.uniform(-kCornerJitter, kCornerJitter),
                        centre.y + kRows[j] + rng.uniform(-kCornerJitter, kCornerJitter)};
    }
  }
  auto inner = [&](geo::Xy a, geo::Xy b, bool along_x) {
    std::array<geo::Xy, 2> out;
    for (int k = 0; k < 2; ++k) {
      const double t = (k + 1) / 3.0 + rng.uniform(-0.05, 0.05);
      const double off = rng.uniform(-kEdgeJitter, kEdgeJitter);
      out[k] = {a.x + t * (b.x - a.x) + (along_x ? 0 : off),
                a.y + t * (b.y - a.y) + (along_x ? off : 0)};
    }
    return out;
  };
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    for (std::size_t j = 0; j < kRows.size(); ++j) {
      if (i + 1 < kColumns.size()) {
        l.horizontal[i][j] = inner(l.corner[i][j], l.corner[i + 1][j], true);
      }
      if (j + 1 < kRows.size()) l.vertical[i][j] = inner(l.corner[i][j], l.corner[i][j + 1], false);
    }
  }
  for (auto& column : l.corner) {
    for (auto& p : column) p = snap(p);
  }
  for (auto* edges : {&l.horizontal, &l.vertical}) {
    for (auto& column : *edges) {
      for (auto& pair : column) {
        for (auto& p : pair) p = snap(p);
      }
    }
  }
  return l;
}

// The cell's ring, counter-clockwise: south edge eastwards, east edge northwards, north edge
// westwards, west edge southwards.
Points cell_ring(const Lattice& l, int c, int r) {
  const auto& h0 = l.horizontal[c][r];
  const auto& h1 = l.horizontal[c][r + 1];
  const auto& v0 = l.vertical[c][r];
  const auto& v1 = l.vertical[c + 1][r];
  return {l.corner[c][r],         h0[0], h0[1], l.corner[c + 1][r], v1[0], v1[1],
          l.corner[c + 1][r + 1], h1[1], h1[0], l.corner[c][r + 1], v0[1], v0[0],
          l.corner[c][r]};
}

Points boundary_ring(geo::Xy centre, const Snapper& snap) {
  Rng rng(kMapSeed + 1);
  Points ring;
  for (int k = 0; k < kBoundaryVertices; ++k) {
    const double angle = 2 * 3.141592653589793 * k / kBoundaryVertices;
    const double f = rng.uniform(0.95, 1.05);
    ring.push_back(snap({centre.x + kBoundaryRadiusX * f * std::cos(angle),
                         centre.y + kBoundaryRadiusY * f * std::sin(angle)}));
  }
  ring.push_back(ring.front());
  return ring;
}

geo::Xy bilinear(const Lattice& l, int c, int r, double u, double v) {
  const geo::Xy a = l.corner[c][r], b = l.corner[c + 1][r];
  const geo::Xy d = l.corner[c][r + 1], e = l.corner[c + 1][r + 1];
  return {(1 - u) * (1 - v) * a.x + u * (1 - v) * b.x + u * v * e.x + (1 - u) * v * d.x,
          (1 - u) * (1 - v) * a.y + u * (1 - v) * b.y + u * v * e.y + (1 - u) * v * d.y};
}

}  // namespace

Ring::Ring(std::vector<geo::Xy> points) : points_(std::move(points)) {
  if (points_.size() < 4) throw std::logic_error("a ring needs at least four points");
  min_x_ = max_x_ = points_[0].x;
  min_y_ = max_y_ = points_[0].y;
  for (const geo::Xy& p : points_) {
    min_x_ = std::min(min_x_, p.x);
    max_x_ = std::max(max_x_, p.x);
    min_y_ = std::min(min_y_, p.y);
    max_y_ = std::max(max_y_, p.y);
  }
}

bool Ring::contains(double x, double y) const {
  if (x < min_x_ || x > max_x_ || y < min_y_ || y > max_y_) return false;
  bool inside = false;
  for (std::size_t i = 0, j = points_.size() - 1; i < points_.size(); j = i++) {
    const geo::Xy& a = points_[i];
    const geo::Xy& b = points_[j];
    if ((a.y > y) != (b.y > y) && x < a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y)) {
      inside = !inside;
    }
  }
  return inside;
}

double Ring::distance_to_edge(double x, double y) const {
  double best = INFINITY;
  for (std::size_t i = 0; i + 1 < points_.size(); ++i) {
    const geo::Xy& a = points_[i];
    const geo::Xy& b = points_[i + 1];
    const double dx = b.x - a.x, dy = b.y - a.y;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((x - a.x) * dx + (y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    best = std::min(best, std::hypot(x - (a.x + t * dx), y - (a.y + t * dy)));
  }
  return best;
}

Geography build_geography(const geo::Projector& projector) {
  const Snapper snap{projector};
  const geo::Xy centre = projector.to_sweref(kCentreLat, kCentreLon);
  const Lattice lattice = make_lattice(centre, snap);
  const Points boundary = boundary_ring(centre, snap);

  Geography g{centre, Ring(boundary), polygon_geojson(boundary, projector), {}, {}, {}, {}};
  for (const scenario::AreaSpec& a : scenario::areas()) {
    Points ring = cell_ring(lattice, a.col, a.row);
    for (const geo::Xy& p : ring) {
      if (!g.boundary.contains_with_margin(p.x, p.y, 100)) {
        throw std::logic_error("demo area " + std::string(a.name) + " reaches the boundary");
      }
    }
    g.area_geojson.push_back(polygon_geojson(ring, projector));
    g.areas.emplace_back(std::move(ring));
  }
  const auto& areas = scenario::areas();
  for (const scenario::PlaceSpec& p : scenario::places()) {
    const auto it = std::find_if(areas.begin(), areas.end(),
                                 [&](const scenario::AreaSpec& a) { return a.name == p.area; });
    if (it == areas.end())
      throw std::logic_error("demo place in unknown area: " + std::string(p.name));
    const int index = static_cast<int>(it - areas.begin());
    const geo::Xy xy = bilinear(lattice, it->col, it->row, p.u, p.v);
    if (!g.areas[index].contains_with_margin(xy.x, xy.y, 50)) {
      throw std::logic_error("demo place outside its area: " + std::string(p.name));
    }
    g.places.push_back(projector.from_sweref(xy.x, xy.y));
    g.place_area.push_back(index);
  }
  return g;
}

}  // namespace lagesbild::demo

// geo/ on its hot paths: locating CSV-import points in areas, and projecting them.
//
// Areas are real: the 15 municipalities of Dalarna county (shared/data), as a stand-in for a
// municipality's ~15 neighbourhood areas (same count, more complex boundaries). The "peer"
// baselines are what one would write with GEOS directly: an STRtree over the areas, then a
// contains test for each candidate, plain or prepared. Results: docs/BENCHMARKS.md.
#include <benchmark/benchmark.h>
#include <geos_c.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "geo/geometry.h"
#include "geo/projection.h"

namespace lagesbild::geo {
namespace {

std::filesystem::path shared_data() {
  if (const char* dir = std::getenv("LB_SHARED_DATA")) return dir;
  return std::filesystem::path(__FILE__).parent_path() / "../../shared/data";
}

struct County {
  std::vector<Area> areas;
  std::vector<Xy> centres;  // each municipality's geo_point_2d, projected
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;  // SWEREF extent of the polygons
};

const County& dalarna() {
  static const County county = [] {
    std::ifstream in(shared_data() / "swedish_municipalities.geojson");
    if (!in) throw std::runtime_error("set LB_SHARED_DATA to shared/data");
    const auto doc = nlohmann::json::parse(in);
    const Projector projector;
    County c;
    for (const auto& f : doc.at("features")) {
      const auto& props = f.at("properties");
      if (props.at("lan_code") != "20") continue;
      const std::string code = props.at("id");
      c.areas.push_back(
          {std::stoll(code), code, props.at("kom_namn"), "", f.at("geometry").dump()});
      c.centres.push_back(projector.to_sweref(props.at("geo_point_2d").at(0).get<double>(),
                                              props.at("geo_point_2d").at(1).get<double>()));
      const auto& g = f.at("geometry");
      const auto polygons = g.at("type") == "Polygon" ? nlohmann::json::array({g.at("coordinates")})
                                                      : g.at("coordinates");
      for (const auto& polygon : polygons) {
        for (const auto& p : polygon.at(0)) {
          const Xy xy = projector.to_sweref(p.at(1).get<double>(), p.at(0).get<double>());
          c.x0 = std::min(c.x0, xy.x), c.y0 = std::min(c.y0, xy.y);
          c.x1 = std::max(c.x1, xy.x), c.y1 = std::max(c.y1, xy.y);
        }
      }
    }
    // Id order, as AreaIndex resolves overlaps (the peer below relies on it).
    std::vector<std::size_t> order(c.areas.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](std::size_t l, std::size_t r) { return c.areas[l].id < c.areas[r].id; });
    County sorted = c;
    for (std::size_t i = 0; i < order.size(); ++i) {
      sorted.areas[i] = c.areas[order[i]];
      sorted.centres[i] = c.centres[order[i]];
    }
    return sorted;
  }();
  return county;
}

// Uniform over the county's extent: the worst case for a grid (every cell equally likely, so
// also the boundary cells), and no help from the cache.
std::vector<Xy> uniform_points(std::size_t n) {
  const County& c = dalarna();
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> ux(c.x0, c.x1), uy(c.y0, c.y1);
  std::vector<Xy> out(n);
  for (Xy& p : out) p = {ux(rng), uy(rng)};
  return out;
}

// Crime data is clustered in towns: normal around each municipality's centre, sigma 3 km.
std::vector<Xy> clustered_points(std::size_t n) {
  const County& c = dalarna();
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::size_t> town(0, c.centres.size() - 1);
  std::normal_distribution<double> spread(0, 3000);
  std::vector<Xy> out(n);
  for (Xy& p : out) {
    const Xy& centre = c.centres[town(rng)];
    p = {centre.x + spread(rng), centre.y + spread(rng)};
  }
  return out;
}

// Within 20 m of a municipality border: nearly all in grid cells that need the exact GEOS test,
// so this is the worst case for AreaIndex and the cost of its slow path.
std::vector<Xy> border_points(std::size_t n) {
  const County& c = dalarna();
  const Projector projector;
  std::vector<Xy> vertices;
  for (const Area& a : c.areas) {
    const auto g = nlohmann::json::parse(a.geometry_geojson);
    const auto polygons = g.at("type") == "Polygon" ? nlohmann::json::array({g.at("coordinates")})
                                                    : g.at("coordinates");
    for (const auto& polygon : polygons) {
      for (const auto& p : polygon.at(0)) {
        vertices.push_back(projector.to_sweref(p.at(1).get<double>(), p.at(0).get<double>()));
      }
    }
  }
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<std::size_t> pick(0, vertices.size() - 1);
  std::uniform_real_distribution<double> jitter(-20, 20);
  std::vector<Xy> out(n);
  for (Xy& p : out) {
    const Xy& v = vertices[pick(rng)];
    p = {v.x + jitter(rng), v.y + jitter(rng)};
  }
  return out;
}

constexpr std::size_t kPoints = 1 << 20;

template <class Locate>
void run_locate(benchmark::State& state, const std::vector<Xy>& points, Locate&& locate) {
  std::size_t i = static_cast<std::size_t>(state.thread_index()) * 7919, found = 0;
  for (auto _ : state) {
    const Xy& p = points[i++ & (kPoints - 1)];
    found += locate(p.x, p.y).has_value();
  }
  benchmark::DoNotOptimize(found);
  state.SetItemsProcessed(state.iterations());
}

const AreaIndex& shared_index() {
  static const AreaIndex index(dalarna().areas);
  return index;
}

void BM_AreaIndexLocate_Uniform(benchmark::State& state) {
  static const auto points = uniform_points(kPoints);
  const AreaIndex& index = shared_index();
  run_locate(state, points, [&](double x, double y) { return index.locate(x, y); });
}
BENCHMARK(BM_AreaIndexLocate_Uniform)->Threads(1)->Threads(2)->UseRealTime();

void BM_AreaIndexLocate_Clustered(benchmark::State& state) {
  static const auto points = clustered_points(kPoints);
  const AreaIndex& index = shared_index();
  run_locate(state, points, [&](double x, double y) { return index.locate(x, y); });
}
BENCHMARK(BM_AreaIndexLocate_Clustered)->Threads(1)->Threads(2)->UseRealTime();

void BM_AreaIndexLocate_Border(benchmark::State& state) {
  static const auto points = border_points(kPoints);
  const AreaIndex& index = shared_index();
  run_locate(state, points, [&](double x, double y) { return index.locate(x, y); });
}
BENCHMARK(BM_AreaIndexLocate_Border)->Threads(1)->Threads(2)->UseRealTime();

void BM_AreaIndexBuild(benchmark::State& state) {
  for (auto _ : state) {
    const AreaIndex index(dalarna().areas);
    benchmark::DoNotOptimize(index.size());
  }
}
BENCHMARK(BM_AreaIndexBuild)->Unit(benchmark::kMillisecond);

// The peer: STRtree of the projected areas, then GEOS contains on each candidate in id order.
class Peer {
 public:
  explicit Peer(bool prepare) : h_(GEOS_init_r()), tree_(GEOSSTRtree_create_r(h_, 10)) {
    GEOSGeoJSONReader* reader = GEOSGeoJSONReader_create_r(h_);
    Projector projector;                     // handed to GEOS as void*
    for (const Area& a : dalarna().areas) {  // in id order
      GEOSGeometry* wgs84 =
          GEOSGeoJSONReader_readGeometry_r(h_, reader, a.geometry_geojson.c_str());
      const auto project = [](double* x, double* y, void* p) {
        const Xy xy = static_cast<const Projector*>(p)->to_sweref(*y, *x);
        *x = xy.x, *y = xy.y;
        return 1;
      };
      GEOSGeometry* g = GEOSGeom_transformXY_r(h_, wgs84, project, &projector);
      GEOSGeom_destroy_r(h_, wgs84);
      geoms_.push_back(g);
      prepared_.push_back(prepare ? GEOSPrepare_r(h_, g) : nullptr);
    }
    GEOSGeoJSONReader_destroy_r(h_, reader);
    for (std::size_t k = 0; k < geoms_.size(); ++k) {
      GEOSSTRtree_insert_r(h_, tree_, geoms_[k], reinterpret_cast<void*>(k));
    }
  }
  ~Peer() {
    GEOSSTRtree_destroy_r(h_, tree_);
    for (auto* p : prepared_) {
      if (p != nullptr) GEOSPreparedGeom_destroy_r(h_, p);
    }
    for (auto* g : geoms_) GEOSGeom_destroy_r(h_, g);
    GEOS_finish_r(h_);
  }

  std::optional<Id> locate(double x, double y) {
    GEOSGeometry* point = GEOSGeom_createPointFromXY_r(h_, x, y);
    candidates_.clear();
    GEOSSTRtree_query_r(
        h_, tree_, point,
        [](void* item, void* out) {
          static_cast<std::vector<std::size_t>*>(out)->push_back(
              reinterpret_cast<std::size_t>(item));
        },
        &candidates_);
    std::sort(candidates_.begin(), candidates_.end());
    std::optional<Id> found;
    for (const std::size_t k : candidates_) {
      const char hit = prepared_[k] != nullptr ? GEOSPreparedContains_r(h_, prepared_[k], point)
                                               : GEOSContains_r(h_, geoms_[k], point);
      if (hit == 1) {
        found = dalarna().areas[k].id;
        break;
      }
    }
    GEOSGeom_destroy_r(h_, point);
    return found;
  }

 private:
  GEOSContextHandle_t h_;
  GEOSSTRtree* tree_;
  std::vector<GEOSGeometry*> geoms_;
  std::vector<const GEOSPreparedGeometry*> prepared_;
  std::vector<std::size_t> candidates_;
};

void BM_PeerStrtreeContains_Uniform(benchmark::State& state) {
  static const auto points = uniform_points(kPoints);
  Peer peer(false);
  run_locate(state, points, [&](double x, double y) { return peer.locate(x, y); });
}
BENCHMARK(BM_PeerStrtreeContains_Uniform);

void BM_PeerStrtreeContains_Clustered(benchmark::State& state) {
  static const auto points = clustered_points(kPoints);
  Peer peer(false);
  run_locate(state, points, [&](double x, double y) { return peer.locate(x, y); });
}
BENCHMARK(BM_PeerStrtreeContains_Clustered);

void BM_PeerStrtreePrepared_Uniform(benchmark::State& state) {
  static const auto points = uniform_points(kPoints);
  Peer peer(true);
  run_locate(state, points, [&](double x, double y) { return peer.locate(x, y); });
}
BENCHMARK(BM_PeerStrtreePrepared_Uniform)->Threads(1)->Threads(2)->UseRealTime();

void BM_PeerStrtreePrepared_Clustered(benchmark::State& state) {
  static const auto points = clustered_points(kPoints);
  Peer peer(true);
  run_locate(state, points, [&](double x, double y) { return peer.locate(x, y); });
}
BENCHMARK(BM_PeerStrtreePrepared_Clustered);

// One municipality's boundary (Borlänge), as report validation uses it.
void BM_BoundaryContains(benchmark::State& state) {
  static const auto points = clustered_points(kPoints);
  const auto& areas = dalarna().areas;
  const auto borlange =
      std::find_if(areas.begin(), areas.end(), [](const Area& a) { return a.id == 2081; });
  const Boundary boundary(borlange->geometry_geojson);
  std::size_t i = 0, inside = 0;
  for (auto _ : state) {
    const Xy& p = points[i++ & (kPoints - 1)];
    inside += boundary.contains(p.x, p.y);
  }
  benchmark::DoNotOptimize(inside);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BoundaryContains);

// Batched in place, as the CSV import projects a chunk of rows at once.
void BM_ProjectBatched(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Projector projector;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> lat(55.5, 68.5), lon(11.5, 23.5);
  std::vector<double> lats(n), lons(n), a(n), b(n);
  for (std::size_t i = 0; i < n; ++i) lats[i] = lat(rng), lons[i] = lon(rng);
  for (auto _ : state) {
    std::copy(lats.begin(), lats.end(), a.begin());
    std::copy(lons.begin(), lons.end(), b.begin());
    projector.to_sweref(a, b);
    benchmark::DoNotOptimize(a.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ProjectBatched)->Arg(1024)->Arg(16384);

void BM_ProjectOneByOne(benchmark::State& state) {
  const Projector projector;
  double lat = 60.4858;
  for (auto _ : state) {
    benchmark::DoNotOptimize(projector.to_sweref(lat, 15.4371));
    lat += 1e-7;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProjectOneByOne);

void BM_InSweden(benchmark::State& state) {
  double lat = 60.4858;
  std::size_t inside = 0;
  for (auto _ : state) {
    inside += in_sweden(lat, 15.4371);
    lat += 1e-7;
  }
  benchmark::DoNotOptimize(inside);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InSweden);

}  // namespace
}  // namespace lagesbild::geo

BENCHMARK_MAIN();

#include <geos_c.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <random>
#include <thread>

#include "geo/geometry.h"
#include "geo/projection.h"
#include "shared_data.h"

namespace lagesbild::geo {
namespace {

// The obvious answer, computed independently of AreaIndex: GEOS reads the GeoJSON itself, PROJ
// projects it vertex by vertex, and every area is tested in id order with plain (unprepared)
// GEOS. "Intersects" because AreaIndex counts a point on a boundary as inside.
class BruteForce {
 public:
  explicit BruteForce(std::vector<Area> areas) : h_(GEOS_init_r()) {
    std::sort(areas.begin(), areas.end(), [](const Area& a, const Area& b) { return a.id < b.id; });
    GEOSGeoJSONReader* reader = GEOSGeoJSONReader_create_r(h_);
    for (const Area& a : areas) {
      GEOSGeometry* wgs84 =
          GEOSGeoJSONReader_readGeometry_r(h_, reader, a.geometry_geojson.c_str());
      const auto project = [](double* x, double* y, void* projector) {
        const Xy p = static_cast<Projector*>(projector)->to_sweref(*y, *x);
        *x = p.x, *y = p.y;
        return 1;
      };
      areas_.emplace_back(a.id, GEOSGeom_transformXY_r(h_, wgs84, project, &projector_));
      GEOSGeom_destroy_r(h_, wgs84);
    }
    GEOSGeoJSONReader_destroy_r(h_, reader);
  }
  ~BruteForce() {
    for (auto& [id, g] : areas_) GEOSGeom_destroy_r(h_, g);
    GEOS_finish_r(h_);
  }

  std::optional<Id> locate(double x, double y) const {
    GEOSGeometry* p = GEOSGeom_createPointFromXY_r(h_, x, y);
    std::optional<Id> out;
    for (const auto& [id, g] : areas_) {
      if (GEOSIntersects_r(h_, g, p) == 1) {
        out = id;
        break;
      }
    }
    GEOSGeom_destroy_r(h_, p);
    return out;
  }

  // SWEREF extent of all areas.
  void extent(double& x0, double& y0, double& x1, double& y1) const {
    x0 = y0 = INFINITY, x1 = y1 = -INFINITY;
    for (const auto& [id, g] : areas_) {
      double a, b, c, d;
      GEOSGeom_getXMin_r(h_, g, &a), GEOSGeom_getYMin_r(h_, g, &b);
      GEOSGeom_getXMax_r(h_, g, &c), GEOSGeom_getYMax_r(h_, g, &d);
      x0 = std::min(x0, a), y0 = std::min(y0, b), x1 = std::max(x1, c), y1 = std::max(y1, d);
    }
  }

  // Every vertex of every area, in SWEREF.
  std::vector<Xy> vertices() const {
    std::vector<Xy> out;
    for (const auto& [id, g] : areas_) {
      GEOSGeometry* points = GEOSGeom_extractUniquePoints_r(h_, g);
      for (int i = 0, n = GEOSGetNumGeometries_r(h_, points); i < n; ++i) {
        Xy p;
        GEOSGeomGetX_r(h_, GEOSGetGeometryN_r(h_, points, i), &p.x);
        GEOSGeomGetY_r(h_, GEOSGetGeometryN_r(h_, points, i), &p.y);
        out.push_back(p);
      }
      GEOSGeom_destroy_r(h_, points);
    }
    return out;
  }

 private:
  GEOSContextHandle_t h_;
  Projector projector_;
  std::vector<std::pair<Id, GEOSGeometry*>> areas_;
};

// Uniform over the areas' extent plus a margin, and as many again within a few metres of a
// vertex: those land in the cells AreaIndex must settle exactly.
std::vector<Xy> test_points(const BruteForce& truth, std::size_t n, unsigned seed) {
  double x0, y0, x1, y1;
  truth.extent(x0, y0, x1, y1);
  const std::vector<Xy> vertices = truth.vertices();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(x0 - 1000, x1 + 1000), uy(y0 - 1000, y1 + 1000);
  std::uniform_real_distribution<double> jitter(-5, 5);
  std::uniform_int_distribution<std::size_t> pick(0, vertices.size() - 1);
  std::vector<Xy> out;
  for (std::size_t i = 0; i < n / 2; ++i) out.push_back({ux(rng), uy(rng)});
  for (std::size_t i = n / 2; i < n; ++i) {
    const Xy v = vertices[pick(rng)];
    out.push_back({v.x + jitter(rng), v.y + jitter(rng)});
  }
  return out;
}

// Dalarna: 15 neighbouring municipalities, Borlänge among them.
const std::vector<Area>& dalarna() {
  static const std::vector<Area> areas = testing::county_areas("20");
  return areas;
}

TEST(AreaIndex, AgreesExactlyWithBruteForceGeosOnRealMunicipalities) {
  ASSERT_EQ(dalarna().size(), 15u);
  const AreaIndex index(dalarna());
  ASSERT_EQ(index.size(), 15u);
  const BruteForce truth(dalarna());
  std::size_t inside = 0, disagreements = 0;
  for (const Xy& p : test_points(truth, 100'000, 1)) {
    const auto want = truth.locate(p.x, p.y);
    inside += want.has_value();
    if (index.locate(p.x, p.y) != want && ++disagreements <= 10) {
      ADD_FAILURE() << "at " << p.x << ", " << p.y << ": want " << want.value_or(-1);
    }
  }
  EXPECT_EQ(disagreements, 0u);
  EXPECT_GT(inside, 60'000u) << "the sample should mostly fall inside the county";
}

TEST(AreaIndex, AgreesWithBruteForceInBorlangesNeighbourhood) {
  // A smaller extent, so the grid's cells are small: Borlänge and the five it borders.
  std::vector<Area> areas;
  for (const Area& a : dalarna()) {
    if (a.municipality == "2081" || a.municipality == "2080" || a.municipality == "2082" ||
        a.municipality == "2083" || a.municipality == "2084" || a.municipality == "2085" ||
        a.municipality == "2021") {
      areas.push_back(a);
    }
  }
  const AreaIndex index(areas);
  const BruteForce truth(areas);
  std::size_t disagreements = 0;
  for (const Xy& p : test_points(truth, 20'000, 2)) {
    disagreements += index.locate(p.x, p.y) != truth.locate(p.x, p.y);
  }
  EXPECT_EQ(disagreements, 0u);
}

TEST(AreaIndex, PointsOnABoundaryCountAsInside) {
  const AreaIndex index(dalarna());
  const BruteForce truth(dalarna());
  const std::vector<Xy> vertices = truth.vertices();
  std::size_t missed = 0;
  for (const Xy& v : vertices) missed += !index.locate(v.x, v.y).has_value();
  EXPECT_EQ(missed, 0u) << "of " << vertices.size() << " vertices";
}

// Two overlapping squares (SWEREF side 10 km) around Borlänge, given with the larger id first.
std::vector<Area> overlapping_squares() {
  const std::string a =
      R"({"type":"Polygon","coordinates":[[[15.3,60.4],[15.5,60.4],[15.5,60.5],[15.3,60.5],[15.3,60.4]]]})";
  const std::string b =
      R"({"type":"Polygon","coordinates":[[[15.4,60.45],[15.6,60.45],[15.6,60.55],[15.4,60.55],[15.4,60.45]]]})";
  return {Area{9, "2081", "B", "", b}, Area{4, "2081", "A", "", a}};
}

TEST(AreaIndex, OverlapGoesToTheSmallestId) {
  const AreaIndex index(overlapping_squares());
  const Projector p;
  const auto at = [&](double lat, double lon) {
    const Xy xy = p.to_sweref(lat, lon);
    return index.locate(xy.x, xy.y);
  };
  EXPECT_EQ(at(60.475, 15.45), 4);  // in both
  EXPECT_EQ(at(60.42, 15.35), 4);   // only A
  EXPECT_EQ(at(60.52, 15.55), 9);   // only B
  EXPECT_EQ(at(60.3, 15.45), std::nullopt);
}

TEST(AreaIndex, SkipsGeometriesThatDoNotParse) {
  std::vector<Area> areas = overlapping_squares();
  areas.push_back(Area{1, "2081", "broken", "", "{not json"});
  areas.push_back(Area{2, "2081", "point", "", R"({"type":"Point","coordinates":[15.4,60.4]})"});
  const AreaIndex index(areas);
  EXPECT_EQ(index.size(), 2u);
  const Xy xy = Projector().to_sweref(60.475, 15.45);
  EXPECT_EQ(index.locate(xy.x, xy.y), 4);
}

TEST(AreaIndex, EmptyIndexLocatesNothing) {
  const AreaIndex index(std::span<const Area>{});
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.locate(524021, 6705595), std::nullopt);
}

TEST(AreaIndex, PointsOffTheGridOrNotANumberAreNowhere) {
  const AreaIndex index(overlapping_squares());
  EXPECT_EQ(index.locate(0, 0), std::nullopt);
  EXPECT_EQ(index.locate(NAN, 6705595), std::nullopt);
  EXPECT_EQ(index.locate(524021, INFINITY), std::nullopt);
}

TEST(AreaIndex, ConcurrentLocateGivesTheSingleThreadedAnswers) {
  const AreaIndex index(dalarna());
  const BruteForce truth(dalarna());
  const std::vector<Xy> points = test_points(truth, 40'000, 3);
  std::vector<std::optional<Id>> want;
  for (const Xy& p : points) want.push_back(index.locate(p.x, p.y));
  constexpr int kThreads = 4;
  std::vector<std::vector<std::optional<Id>>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread walks the points from a different start, so they collide on the same cells
      // and the same areas' exact tests at different moments.
      auto& out = got[static_cast<std::size_t>(t)];
      out.resize(points.size());
      for (std::size_t i = 0; i < points.size(); ++i) {
        const std::size_t j = (i + t * points.size() / kThreads) % points.size();
        out[j] = index.locate(points[j].x, points[j].y);
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(got[static_cast<std::size_t>(t)], want) << t;
}

RC_GTEST_PROP(AreaIndex, LocateIsTheSmallestIdWhoseAreaCoversThePoint, ()) {
  static const AreaIndex index(dalarna());
  static const BruteForce truth(dalarna());
  // Anywhere in Dalarna's extent, at millimetre resolution.
  const double x = 350'000 + *rc::gen::inRange(0, 300'000'000) / 1000.0;
  const double y = 6'600'000 + *rc::gen::inRange(0, 400'000'000) / 1000.0;
  RC_ASSERT(index.locate(x, y) == truth.locate(x, y));
}

TEST(Boundary, ContainsAgreesWithBruteForceForBorlange) {
  const auto& all = testing::municipalities();
  const auto it = std::find_if(all.begin(), all.end(), [](auto& m) { return m.code == "2081"; });
  ASSERT_NE(it, all.end());
  const Boundary boundary(it->geometry);
  const BruteForce truth({Area{1, "2081", "Borlänge", "", it->geometry}});
  std::size_t disagreements = 0, inside = 0;
  for (const Xy& p : test_points(truth, 20'000, 4)) {
    const bool want = truth.locate(p.x, p.y).has_value();
    inside += want;
    disagreements += boundary.contains(p.x, p.y) != want;
  }
  EXPECT_EQ(disagreements, 0u);
  EXPECT_GT(inside, 5'000u);
  const Xy centre = Projector().to_sweref(60.4858, 15.4371);
  EXPECT_TRUE(boundary.contains(centre.x, centre.y));
}

TEST(Boundary, EveryMunicipalityPolygonIsAcceptedAndContainsItsOwnVertices) {
  std::size_t rejected = 0;
  for (const auto& m : testing::municipalities()) {
    try {
      const Boundary boundary(m.geometry);
      const BruteForce truth({Area{1, m.code, m.name, "", m.geometry}});
      for (const Xy& v : truth.vertices()) {
        if (!boundary.contains(v.x, v.y)) ADD_FAILURE() << m.name << " " << v.x << " " << v.y;
      }
    } catch (const std::invalid_argument& e) {
      ++rejected;
      ADD_FAILURE() << m.code << " " << m.name << ": " << e.what();
    }
  }
  EXPECT_EQ(rejected, 0u);
}

TEST(Boundary, RejectsWhatIsNotAValidPolygon) {
  EXPECT_THROW(Boundary("{"), std::invalid_argument);
  EXPECT_THROW(Boundary(R"({"type":"Point","coordinates":[15.4,60.4]})"), std::invalid_argument);
  try {
    Boundary(
        R"({"type":"Polygon","coordinates":[[[15.0,60.0],[15.2,60.2],[15.2,60.0],[15.0,60.2],[15.0,60.0]]]})");
    ADD_FAILURE() << "a bow-tie was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "boundary: not a valid polygon: Self-intersection");
  }
}

}  // namespace
}  // namespace lagesbild::geo

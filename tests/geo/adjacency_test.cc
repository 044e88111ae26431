// Contiguity from real boundaries: squares laid out in SWEREF 99 TM (exact expectations), then
// the 290 municipality polygons of shared/data, whose borders were simplified one by one.
#include "geo/adjacency.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "geo/projection.h"
#include "shared_data.h"

namespace lagesbild::geo {
namespace {

// A GeoJSON polygon of the SWEREF rectangle [x0, x1] × [y0, y1], drawn counter-clockwise.
std::string rectangle(double x0, double y0, double x1, double y1) {
  const Projector p;
  std::string out = R"({"type":"Polygon","coordinates":[[)";
  const double xs[] = {x0, x1, x1, x0, x0};
  const double ys[] = {y0, y0, y1, y1, y0};
  for (int i = 0; i < 5; ++i) {
    const LatLon ll = p.to_wgs84(xs[i], ys[i]);
    char buf[80];
    std::snprintf(buf, sizeof buf, "%s[%.9f,%.9f]", i ? "," : "", ll.lon, ll.lat);
    out += buf;
  }
  return out + "]]}";
}

using Lists = std::vector<std::vector<std::uint32_t>>;

TEST(Adjacency, QueenTakesCornersRookNeedsAnEdgeAndTheToleranceBridgesGaps) {
  // Around Borlänge. 0 and 1 share an edge; 2 touches 1 only at a corner; 3 lies 30 m east of
  // 1 (a gap a hand-drawn map has); 4 is 5 km away.
  const double x = 530'000, y = 6'700'000;
  const std::vector<std::string> g{
      rectangle(x, y, x + 1000, y + 1000),                // 0
      rectangle(x + 1000, y, x + 2000, y + 1000),         // 1
      rectangle(x + 2000, y + 1000, x + 3000, y + 2000),  // 2: corner of 1 at (x+2000, y+1000)
      rectangle(x + 2030, y - 1000, x + 3000, y + 500),   // 3: 30 m east of 1, 500 m alongside
      rectangle(x + 9000, y, x + 10000, y + 1000),        // 4
  };
  EXPECT_EQ(polygon_neighbours(g, Adjacency::queen, 1), (Lists{{1}, {0, 2}, {1}, {}, {}}));
  EXPECT_EQ(polygon_neighbours(g, Adjacency::rook, 1), (Lists{{1}, {0}, {}, {}, {}}));
  // 2 and 3 stay 500 m apart.
  EXPECT_EQ(polygon_neighbours(g, Adjacency::queen, 50), (Lists{{1}, {0, 2, 3}, {1}, {1}, {}}));
  // 3 runs alongside 1 for 500 m within 50 m: an edge; 1 and 2 still share only a corner.
  EXPECT_EQ(polygon_neighbours(g, Adjacency::rook, 50), (Lists{{1}, {0, 3}, {}, {1}, {}}));
  const auto area = polygon_areas_m2(g);
  EXPECT_NEAR(area[0], 1e6, 1);  // the WGS84 round trip keeps a metre square a metre square
  EXPECT_NEAR(area[3], 970.0 * 1500.0, 1);
}

TEST(Adjacency, BadInputNamesTheGeometry) {
  const std::vector<std::string> g{rectangle(530'000, 6'700'000, 531'000, 6'701'000), "{}"};
  try {
    polygon_neighbours(g, Adjacency::queen, 10);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("geometry 1: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(polygon_neighbours({}, Adjacency::queen, -1), std::invalid_argument);
  EXPECT_THROW(polygon_areas_m2(g), std::invalid_argument);
  EXPECT_TRUE(polygon_neighbours({}, Adjacency::queen, 10).empty());
}

TEST(Adjacency, TheMunicipalitiesOfSwedenAreNeighboursAcrossTheirSimplifiedBorders) {
  const auto& all = testing::municipalities();
  std::vector<std::string> g;
  for (const auto& m : all) g.push_back(m.geometry);
  const auto at = [&](const std::string& code) {
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].code == code) return i;
    }
    throw std::logic_error("no municipality " + code);
  };
  const auto lists = polygon_neighbours(g, Adjacency::queen, 500);
  ASSERT_EQ(lists.size(), 290u);
  std::size_t isolates = 0, links = 0;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    links += lists[i].size();
    isolates += lists[i].empty();
    for (std::uint32_t j : lists[i]) {
      EXPECT_TRUE(std::binary_search(lists[j].begin(), lists[j].end(), i)) << i << " " << j;
    }
  }
  std::printf("290 municipalities, queen within 500 m: %zu links, %zu isolates\n", links / 2,
              isolates);
  EXPECT_TRUE(lists[at("0980")].empty());  // Gotland: an island 90 km out
  // Borlänge's neighbours: Falun, Gagnef, Säter, Smedjebacken, Ludvika.
  std::set<std::string> borlange;
  for (std::uint32_t j : lists[at("2081")]) borlange.insert(all[j].code);
  for (const char* code : {"2080", "2026", "2082", "2061"}) {
    EXPECT_TRUE(borlange.count(code)) << code;
  }
  EXPECT_FALSE(borlange.count("0180"));  // not Stockholm
  // Every mainland municipality but a few island ones has a neighbour.
  EXPECT_LE(isolates, 6u);
  // Rook is a subset of queen.
  const auto rook = polygon_neighbours(g, Adjacency::rook, 500);
  for (std::size_t i = 0; i < rook.size(); ++i) {
    for (std::uint32_t j : rook[i]) {
      EXPECT_TRUE(std::binary_search(lists[i].begin(), lists[i].end(), j));
    }
  }
}

}  // namespace
}  // namespace lagesbild::geo

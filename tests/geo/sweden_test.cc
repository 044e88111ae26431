#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "geo/projection.h"
#include "shared_data.h"

namespace lagesbild::geo {
namespace {

struct City {
  const char* name;
  double lat, lon;
};

TEST(InSweden, NeighbouringCapitalsAreOutside) {
  for (const City c : {City{"Oslo", 59.9139, 10.7522}, City{"Copenhagen", 55.6761, 12.5683},
                       City{"Helsinki", 60.1699, 24.9384}, City{"Tallinn", 59.4370, 24.7536},
                       City{"Mariehamn", 60.0973, 19.9348}, City{"Trondheim", 63.4305, 10.3951},
                       City{"Rønne", 55.1009, 14.7066}, City{"Berlin", 52.52, 13.405}}) {
    EXPECT_FALSE(in_sweden(c.lat, c.lon)) << c.name;
  }
}

TEST(InSweden, SwedishTownsIncludingTheIslandsAreInside) {
  for (const City c : {City{"Borlänge", 60.4858, 15.4371}, City{"Malmö", 55.6050, 13.0038},
                       City{"Falsterbo", 55.3990, 12.8340}, City{"Helsingborg", 56.0465, 12.6945},
                       City{"Strömstad", 58.9395, 11.1712}, City{"Kiruna", 67.8558, 20.2253},
                       City{"Haparanda", 65.8355, 24.1368}, City{"Treriksröset", 69.0500, 20.5400},
                       City{"Visby", 57.6348, 18.2948}, City{"Fårö", 57.9170, 19.1330},
                       City{"Borgholm", 56.8790, 16.6560}, City{"Storlien", 63.3180, 12.1000}}) {
    EXPECT_TRUE(in_sweden(c.lat, c.lon)) << c.name;
  }
}

TEST(InSweden, NotANumberIsOutside) {
  EXPECT_FALSE(in_sweden(NAN, 15.0));
  EXPECT_FALSE(in_sweden(60.0, NAN));
}

TEST(InSweden, EveryMunicipalityCentroidIsInside) {
  const auto& all = testing::municipalities();
  ASSERT_EQ(all.size(), 290u);
  for (const auto& m : all) EXPECT_TRUE(in_sweden(m.lat, m.lon)) << m.code << " " << m.name;
}

// The bound is coarse, but it must not cut off real territory: the coast and the borders are
// where the municipality polygons' vertices lie.
TEST(InSweden, AtLeast99PercentOfMunicipalityVerticesAreInside) {
  std::size_t total = 0, inside = 0;
  std::vector<std::string> outside;
  for (const auto& m : testing::municipalities()) {
    const auto g = nlohmann::json::parse(m.geometry);
    const auto polygons =
        g["type"] == "Polygon" ? nlohmann::json::array({g["coordinates"]}) : g["coordinates"];
    for (const auto& polygon : polygons) {
      for (const auto& ring : polygon) {
        for (const auto& p : ring) {
          ++total;
          if (in_sweden(p[1], p[0])) {
            ++inside;
          } else {
            outside.push_back(m.name + " " + p.dump());
          }
        }
      }
    }
  }
  const double share = static_cast<double>(inside) / static_cast<double>(total);
  RecordProperty("vertices", static_cast<int>(total));
  RecordProperty("inside", static_cast<int>(inside));
  EXPECT_GT(total, 19'000u);
  EXPECT_GE(share, 0.99) << ::testing::PrintToString(outside);
  // The bound was drawn to hold all of them; say so if that ever changes.
  EXPECT_THAT(outside, ::testing::IsEmpty()) << inside << " of " << total << " inside";
}

}  // namespace
}  // namespace lagesbild::geo

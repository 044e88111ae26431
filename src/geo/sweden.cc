#include <array>

#include "geo/projection.h"

namespace lagesbild::geo {
namespace {

struct LonLat {
  double lon, lat;
};

// Drawn by hand around Sweden's land and territorial waters, generous by 10-30 km towards
// Norway and Finland and out to sea, tight only where a neighbour is close: through Öresund
// (Copenhagen stays outside), west of Koster (Oslo), and between Roslagen and Åland (Mariehamn).
// Gotland, Gotska Sandön and Öland are inside. Checked against every vertex of the 290
// municipality polygons in shared/data (all inside; see tests/geo/sweden_test.cc).
constexpr std::array<LonLat, 23> kBound{{
    {12.70, 55.30}, {12.80, 55.62}, {12.60, 55.92}, {12.30, 56.35},  // Falsterbo, Öresund, Kullen
    {11.60, 57.20}, {10.95, 58.40}, {10.95, 59.05},                  // Kattegat, Skagerrak, Koster
    {11.55, 59.90}, {11.90, 62.70}, {12.00, 63.60},                  // Norway: Värmland, Storlien
    {14.20, 66.20}, {17.20, 68.50}, {20.40, 69.20},  // Norway: Saltfjellet, Treriksröset
    {23.30, 68.45}, {24.20, 67.30}, {24.40, 65.50},  // Finland: Könkämä, Torne älv
    {21.50, 63.80}, {19.40, 60.40}, {19.90, 59.60},  // Kvarken, west of Åland
    {19.80, 57.50}, {18.30, 56.70},                  // east and south of Gotland
    {16.60, 55.95}, {14.40, 55.25},                  // Utklippan, north of Bornholm
}};

}  // namespace

bool in_sweden(double lat, double lon) {
  // Even-odd ray casting eastwards; a NaN fails every comparison and so is outside.
  bool inside = false;
  for (std::size_t i = 0, j = kBound.size() - 1; i < kBound.size(); j = i++) {
    const LonLat& a = kBound[i];
    const LonLat& b = kBound[j];
    if ((a.lat > lat) != (b.lat > lat) &&
        lon < a.lon + (lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat)) {
      inside = !inside;
    }
  }
  return inside;
}

}  // namespace lagesbild::geo

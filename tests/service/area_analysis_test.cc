// Gi* per area and the comparison of hotspot methods on the demo municipality, whose planted
// hotspots are known.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "analysis/weights.h"
#include "demo_store.h"
#include "geo/projection.h"

namespace lagesbild {
namespace {

using test_support::DemoStore;
using test_support::kind_of;
using test_support::with_role;

// The stored areas' rings projected to SWEREF, for the vertex-based contiguity of spdep.
std::vector<analysis::Polygon> projected_rings(const std::vector<Area>& areas) {
  const geo::Projector p;
  std::vector<analysis::Polygon> out;
  for (const Area& a : areas) {
    const auto g = nlohmann::json::parse(a.geometry_geojson);
    analysis::Polygon polygon;
    const auto add = [&](const nlohmann::json& rings) {
      for (const auto& ring : rings) {
        analysis::Ring r;
        for (const auto& pos : ring) {
          const auto xy = p.to_sweref(pos.at(1).get<double>(), pos.at(0).get<double>());
          r.push_back({xy.x, xy.y});
        }
        polygon.push_back(std::move(r));
      }
    };
    if (g.at("type") == "Polygon") {
      add(g.at("coordinates"));
    } else {
      for (const auto& part : g.at("coordinates")) add(part);
    }
    out.push_back(std::move(polygon));
  }
  return out;
}

TEST(AreaHotspots, CountsEveryReportOfAnAreaAndTheNeighboursAreThoseOfTheSharedVertices) {
  DemoStore demo(1);
  const auto viewer = with_role(*demo.store, Role::viewer, "Borlänge kommun");
  AreaHotspotRequest r;
  r.period = "2025";
  r.tolerance = 0.5;
  r.permutations = 99;
  const AreaHotspotMap map = demo.services->analysis.area_hotspots(viewer, r);
  const auto areas = demo.store->areas(std::string(demo::kDemoMunicipalityCode));
  ASSERT_EQ(map.areas.size(), areas.size());
  ASSERT_EQ(areas.size(), 15u);

  // Counts: every report of 2025 read in full through another query, summed by area.
  ReportQuery q;
  q.municipality = std::string(demo::kDemoMunicipalityCode);
  const auto year = parse_period("2025")->utc();
  q.from = year.from;
  q.to = year.to;
  q.limit = 1'000'000;
  std::map<Id, double> expected;
  double none = 0;
  for (const Report& rep : demo.store->query_reports(q)) {
    if (rep.occurred_from < year.from) continue;
    if (rep.area_id) {
      expected[*rep.area_id] += rep.count;
    } else {
      none += rep.count;
    }
  }
  double total = 0;
  for (const AreaHotspot& a : map.areas) {
    EXPECT_EQ(a.count, expected[a.area_id]) << a.name;
    total += a.count;
    EXPECT_FALSE(std::isnan(a.z) || std::isnan(a.moran_z)) << a.name;
  }
  EXPECT_GT(total, 1000);
  EXPECT_EQ(static_cast<double>(map.unassigned), none);

  // Neighbours: the demo's areas tile the town and share their edges vertex for vertex, so the
  // GEOS comparison within 0.5 m must give spdep's poly2nb queen sets on the same rings.
  const auto rings = projected_rings(areas);
  const auto spdep = analysis::contiguity_weights(rings, analysis::Contiguity::queen, 0.5);
  EXPECT_EQ(map.isolates, 0u);
  for (std::size_t i = 0; i < areas.size(); ++i) {
    std::vector<Id> want;
    for (std::uint32_t j : spdep.neighbours_of(i)) want.push_back(areas[j].id);
    std::sort(want.begin(), want.end());
    const auto it = std::find_if(map.areas.begin(), map.areas.end(),
                                 [&](const AreaHotspot& a) { return a.area_id == areas[i].id; });
    ASSERT_NE(it, map.areas.end());
    EXPECT_EQ(it->neighbours, want) << areas[i].name;
  }

  // The area of the most planted hotspots stands out by its density.
  AreaHotspotRequest d = r;
  d.measure = "density";
  const auto dens = demo.services->analysis.area_hotspots(viewer, d);
  std::map<std::string, int> planted;
  for (const auto& h : demo.world.truth.hotspots) ++planted[h.area];
  for (const AreaHotspot& a : dens.areas) {
    std::printf("%-22s %5.0f reports %7.1f /km² Gi* z %6.2f class %2d Moran %-9s planted %d\n",
                a.name.c_str(), a.count, a.value, a.z, a.bin,
                a.moran_cluster == analysis::Quadrant::none ? "-" : "cluster", planted[a.name]);
  }
  const auto top = std::max_element(
      dens.areas.begin(), dens.areas.end(),
      [](const AreaHotspot& a, const AreaHotspot& b) { return a.value < b.value; });
  EXPECT_GT(planted[top->name], 0)
      << "the densest area, " << top->name << ", holds no planted hotspot";
}

TEST(AreaHotspots, BadInputNamesTheFieldAndOtherMunicipalitiesAreOutOfReach) {
  DemoStore demo(1);
  const auto viewer = with_role(*demo.store, Role::viewer, "Borlänge kommun");
  AreaHotspotRequest bad;
  bad.contiguity = "bishop";
  bad.tolerance = -1;
  bad.measure = "rate";
  bad.permutations = 100000;
  std::vector<std::string> fields;
  try {
    demo.services->analysis.area_hotspots(viewer, bad);
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.kind(), ServiceError::Kind::invalid);
    for (const auto& f : e.errors()) fields.push_back(f.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"period", "contiguity", "tolerance", "measure",
                                              "permutations"}));
  AreaHotspotRequest other;
  other.period = "2025";
  other.municipality = "0180";
  EXPECT_NE(kind_of([&] { demo.services->analysis.area_hotspots(viewer, other); }),
            ServiceError::Kind::invalid);
}

TEST(MethodComparison, OnTheDemoEveryMethodBeatsChanceAndOnlyAnalystsRunIt) {
  DemoStore demo(1);
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  MethodComparisonRequest r;
  r.period = "2026-Q1";
  r.training_weeks = 8;
  r.cell_size = 250;
  r.area_share = 0.05;
  const auto result = demo.services->analysis.compare_methods(analyst, r);
  const auto& c = result.comparison;
  EXPECT_GT(result.reports, 500u);
  EXPECT_EQ(result.slice_days.size(), 8u + 12u);  // 2026-Q1 holds 12 whole weeks from Jan 1
  EXPECT_GT(c.study_cells, 100);
  for (const auto& m : c.methods) {
    std::printf("%-7s mean PAI %5.2f hit rate %4.2f PEI %4.2f over %zu weeks\n",
                std::string(analysis::method_name(m.method)).c_str(), m.mean_pai, m.mean_hit_rate,
                m.mean_pei, m.slices.size());
    EXPECT_EQ(m.slices.size() + c.skipped_slices.size(), 12u);
    // A random choice of 5 % of the area catches 5 % of the events: PAI 1.
    EXPECT_GT(m.mean_pai, 2) << analysis::method_name(m.method);
  }
  EXPECT_EQ(kind_of([&] {
              demo.services->analysis.compare_methods(
                  with_role(*demo.store, Role::viewer, "Borlänge kommun"), r);
            }),
            ServiceError::Kind::forbidden);
  MethodComparisonRequest bad;
  bad.period = "2026-W01..";
  bad.training_weeks = 0;
  bad.area_share = 0.9;
  std::vector<std::string> fields;
  try {
    demo.services->analysis.compare_methods(analyst, bad);
  } catch (const ServiceError& e) {
    for (const auto& f : e.errors()) fields.push_back(f.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"period", "training_weeks", "area_share"}));
}

}  // namespace
}  // namespace lagesbild

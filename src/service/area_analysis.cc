// AnalysisService::area_hotspots: Gi* and local Moran per area of the municipality, with
// contiguity from the areas' boundaries.
#include <algorithm>
#include <unordered_map>

#include "analysis/weights.h"
#include "domain/taxonomy.h"
#include "geo/adjacency.h"
#include "service/analysis_service.h"
#include "service/service_error.h"

namespace lagesbild {

std::shared_ptr<const AnalysisService::AreaGeometry> AnalysisService::area_geometry(
    const std::shared_ptr<const ingest::ReportContext>& ctx, const std::string& contiguity,
    double tolerance) {
  {
    std::lock_guard lk(area_geometry_mu_);
    for (const auto& g : area_geometry_) {
      if (g->context.lock() == ctx && g->contiguity == contiguity && g->tolerance == tolerance) {
        return g;
      }
    }
  }
  // Computed outside the lock: two first requests may both compute; the results are equal.
  auto g = std::make_shared<AreaGeometry>();
  g->context = ctx;
  g->contiguity = contiguity;
  g->tolerance = tolerance;
  std::vector<std::string> geometries;
  for (const Area& a : ctx->areas()) geometries.push_back(a.geometry_geojson);
  g->neighbours = geo::polygon_neighbours(
      geometries, contiguity == "rook" ? geo::Adjacency::rook : geo::Adjacency::queen, tolerance);
  g->m2 = geo::polygon_areas_m2(geometries);
  std::lock_guard lk(area_geometry_mu_);
  if (area_geometry_.size() >= 8) area_geometry_.erase(area_geometry_.begin());
  area_geometry_.push_back(g);
  return g;
}

AreaHotspotMap AnalysisService::area_hotspots(const Principal& who,
                                              const AreaHotspotRequest& request) {
  Errors errors;
  if (request.contiguity != "queen" && request.contiguity != "rook") {
    errors.push_back({"contiguity", 0, "must be queen or rook"});
  }
  if (!(request.tolerance >= 0 && request.tolerance <= 2000)) {
    errors.push_back({"tolerance", 0, "must be between 0 and 2000 metres"});
  }
  if (request.measure != "count" && request.measure != "density") {
    errors.push_back({"measure", 0, "must be count or density"});
  }
  if (request.permutations < 0 || request.permutations > 9999) {
    errors.push_back({"permutations", 0, "must be between 0 and 9999"});
  }
  const std::string m = reports_.readable_municipality(who, request.municipality);
  std::optional<Period> period;
  if (request.period.empty()) {
    errors.insert(errors.begin(), {"period", 0, "is required (e.g. 2026-Q3)"});
  } else {
    std::string why;
    period = parse_period(request.period, &why);
    if (!period) errors.insert(errors.begin(), {"period", 0, why});
  }
  const auto ctx = contexts_.get(m);
  // The national tenant counts every municipality's reports by category code; a municipality
  // counts its own reports, filtered as the reports API filters.
  const bool national = m == kNationalCode;
  ReportQuery q;
  if (national) {
    if (!request.organisations.empty()) {
      errors.push_back({"organisation", 0, "the national view counts every organisation"});
    }
    for (const std::string& c : request.categories) {
      const bool known = std::any_of(
          default_categories().begin(), default_categories().end(),
          [&](const CategorySeed& s) { return s.code == c || s.code.rfind(c + ".", 0) == 0; });
      if (!known) {
        errors.push_back({"category", 0,
                          "unknown category code '" + c +
                              "' (the national view takes the codes of the EST tree, e.g. "
                              "skadegorelse or skadegorelse.klotter)"});
      }
    }
  } else {
    ReportFilter filter;
    filter.categories = request.categories;
    filter.organisations = request.organisations;
    try {
      q = query_for(filter, *ctx);
    } catch (const ServiceError& e) {
      errors.insert(errors.end(), e.errors().begin(), e.errors().end());
    }
  }
  const std::vector<Area>& areas = ctx->areas();
  if (errors.empty() && areas.size() < 3) {
    errors.push_back({"municipality", 0,
                      "has " + std::to_string(areas.size()) +
                          " area(s); Gi* per area needs at least 3 (see the Areas screen)"});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));

  AreaHotspotMap out;
  out.municipality = m;
  out.period = *period;
  out.contiguity = request.contiguity;
  out.measure = request.measure;
  out.tolerance = request.tolerance;

  std::unordered_map<Id, std::size_t> index;
  for (std::size_t i = 0; i < areas.size(); ++i) index.emplace(areas[i].id, i);
  std::vector<double> counts(areas.size(), 0.0);
  const Interval in = period->utc();
  if (national) {
    // Areas are named as the municipalities they stand for.
    std::unordered_map<std::string, std::size_t> area_of_code;
    std::unordered_map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < areas.size(); ++i) by_name.emplace(areas[i].name, i);
    for (const Municipality& mu : store_.municipalities()) {
      if (const auto it = by_name.find(mu.name); it != by_name.end()) {
        area_of_code.emplace(mu.code, it->second);
      }
    }
    const auto wanted = [&](const std::string& code) {
      if (request.categories.empty()) return true;
      return std::any_of(
          request.categories.begin(), request.categories.end(),
          [&](const std::string& c) { return code == c || code.rfind(c + ".", 0) == 0; });
    };
    for (const MunicipalityCount& c : store_.count_by_municipality(in.from, in.to)) {
      if (!wanted(c.category_code)) continue;
      const auto it = area_of_code.find(c.municipality);
      if (it == area_of_code.end()) {
        out.unassigned += static_cast<std::size_t>(c.count);
        continue;
      }
      counts[it->second] += c.count;
      out.reports += static_cast<std::size_t>(c.count);
    }
  } else {
    q.from = in.from;
    q.to = in.to;
    q.limit = 100'000;
    for (;;) {
      const auto chunk = store_.query_report_facts(q);
      for (const ReportFact& f : chunk) {
        if (f.occurred_from < in.from) continue;  // counted in the period it started in
        const auto it = f.area_id ? index.find(*f.area_id) : index.end();
        if (it == index.end()) {
          out.unassigned += static_cast<std::size_t>(f.count);
          continue;
        }
        counts[it->second] += f.count;
        out.reports += static_cast<std::size_t>(f.count);
      }
      if (static_cast<int>(chunk.size()) < q.limit) break;
      q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
    }
  }

  const auto geometry = area_geometry(ctx, request.contiguity, request.tolerance);
  const auto& lists = geometry->neighbours;
  const auto& km2 = geometry->m2;
  std::vector<double> values(areas.size());
  for (std::size_t i = 0; i < areas.size(); ++i) {
    values[i] = request.measure == "density" ? counts[i] / (km2[i] / 1e6) : counts[i];
  }
  analysis::LocalOptions options;
  options.permutation.permutations = request.permutations;
  options.permutation.seed = request.seed;
  const auto gi_weights =
      analysis::weights_from_neighbours(lists, {true, analysis::WeightStyle::binary});
  const auto g = analysis::getis_ord(values, gi_weights, options);
  const auto moran_weights =
      analysis::weights_from_neighbours(lists, {false, analysis::WeightStyle::row_standardised});
  const auto moran = analysis::local_moran(values, moran_weights, options);

  for (std::size_t i = 0; i < areas.size(); ++i) {
    AreaHotspot a;
    a.area_id = areas[i].id;
    a.name = areas[i].name;
    a.count = counts[i];
    a.value = values[i];
    a.area_km2 = km2[i] / 1e6;
    for (std::uint32_t j : lists[i]) a.neighbours.push_back(areas[j].id);
    std::sort(a.neighbours.begin(), a.neighbours.end());
    if (lists[i].empty()) ++out.isolates;
    a.z = g.z[i];
    a.p = g.p[i];
    a.p_sim = g.p_sim.empty() ? g.p[i] : g.p_sim[i];
    a.q = g.q[i];
    a.bin = g.bin[i];
    a.moran_i = moran.ii[i];
    a.moran_z = moran.z[i];
    a.moran_p = moran.p[i];
    a.moran_cluster = moran.cluster[i];
    a.geometry_geojson = areas[i].geometry_geojson;
    out.areas.push_back(std::move(a));
  }
  std::sort(out.areas.begin(), out.areas.end(),
            [](const AreaHotspot& a, const AreaHotspot& b) { return a.area_id < b.area_id; });
  store_.audit(audit_entry(who, m, "analysis.area_hotspots", period->label()));
  return out;
}

}  // namespace lagesbild

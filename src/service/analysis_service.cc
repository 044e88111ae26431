#include "service/analysis_service.h"

#include "analysis/grid.h"
#include "analysis/weights.h"
#include "geo/projection.h"
#include "service/service_error.h"

namespace lagesbild {

AnalysisService::Points AnalysisService::points(const Principal& who,
                                                const std::string& municipality,
                                                const std::string& period_text,
                                                const ReportFilter& filter, Errors errors,
                                                const char* action) {
  Points out;
  out.municipality = reports_.municipality_for(who, municipality);
  const std::string& m = out.municipality;
  if (!who.can(m, Capability::report_read_all)) {
    throw ServiceError(ServiceError::Kind::forbidden,
                       "spatial analysis reads every report's point: analysts, coordinators and "
                       "admins of " +
                           m);
  }
  std::optional<Period> period;
  if (period_text.empty()) {
    errors.insert(errors.begin(), {"period", 0, "is required (e.g. 2026-Q3)"});
  } else {
    std::string why;
    period = parse_period(period_text, &why);
    if (!period) errors.insert(errors.begin(), {"period", 0, why});
  }
  const auto ctx = contexts_.get(m);
  ReportQuery q;
  try {
    q = query_for(filter, *ctx);
  } catch (const ServiceError& e) {
    errors.insert(errors.end(), e.errors().begin(), e.errors().end());
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  out.period = *period;
  const Interval in = period->utc();
  q.from = in.from;
  q.to = in.to;
  q.limit = 100'000;
  for (;;) {
    const auto chunk = store_.query_reports(q);
    for (const Report& r : chunk) {
      if (r.occurred_from < in.from || !r.location) continue;
      out.x.push_back(r.location->x);
      out.y.push_back(r.location->y);
      out.t.push_back(static_cast<double>(to_unix(r.occurred_from)) / 86400.0);
    }
    if (static_cast<int>(chunk.size()) < q.limit) break;
    q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
  }
  AuditEntry e;
  e.at = now_utc();
  e.user_id = who.user_id;
  e.municipality = m;
  e.action = action;
  e.object = period->label();
  e.address = who.address;
  store_.audit(e);
  return out;
}

HotspotMap AnalysisService::hotspots(const Principal& who, const HotspotRequest& request) {
  Errors errors;
  if (!(request.cell_size >= 25 && request.cell_size <= 5000)) {
    errors.push_back({"cell_size", 0, "must be between 25 and 5000 metres"});
  }
  if (request.permutations < 0 || request.permutations > 9999) {
    errors.push_back({"permutations", 0, "must be between 0 and 9999"});
  }
  ReportFilter filter;
  filter.areas = request.areas;
  filter.categories = request.categories;
  filter.organisations = request.organisations;
  const Points pts = points(who, request.municipality, request.period, filter, std::move(errors),
                            "analysis.hotspots");
  const std::vector<double>& xs = pts.x;
  const std::vector<double>& ys = pts.y;
  HotspotMap out;
  out.municipality = pts.municipality;
  out.period = pts.period;
  out.cell_size = request.cell_size;
  out.reports = xs.size();
  if (xs.empty()) return out;
  const auto grid =
      analysis::Grid::fitted_to_points(analysis::CellShape::kSquare, xs, ys, request.cell_size);
  out.rows = grid.rows();
  out.cols = grid.cols();
  const auto counts = analysis::count_points(grid, xs, ys);
  const auto weights = analysis::lattice_weights(
      static_cast<std::size_t>(grid.rows()), static_cast<std::size_t>(grid.cols()),
      analysis::Contiguity::queen, {true, analysis::WeightStyle::binary});
  analysis::LocalOptions options;
  options.permutation.permutations = request.permutations;
  options.permutation.seed = request.seed;
  // Classes follow the analytic z with Benjamini–Hochberg, as ArcGIS's Hot Spot Analysis does:
  // a conditional permutation of Gi* keeps the cell's own count and asks only whether its
  // neighbours are unusual, so a strong single-cell concentration would never be "hot". The
  // permutation p (p_sim) is reported beside it.
  const auto g = analysis::getis_ord(counts.counts, weights, options);

  const geo::Projector projector;
  for (std::int64_t cell = 0; cell < grid.cell_count(); ++cell) {
    const auto i = static_cast<std::size_t>(cell);
    if (counts.counts[i] == 0 && g.bin[i] == 0) continue;
    HotspotCell c;
    c.cell = cell;
    c.row = grid.row_of(cell);
    c.col = grid.col_of(cell);
    c.count = counts.counts[i];
    c.z = g.z[i];
    c.p = g.p[i];
    c.p_sim = g.p_sim.empty() ? g.p[i] : g.p_sim[i];
    c.q = g.q[i];
    c.bin = g.bin[i];
    const auto centre = grid.centroid(cell);
    c.x = centre.x;
    c.y = centre.y;
    for (const auto& pt : grid.ring(cell)) {
      const auto ll = projector.to_wgs84(pt.x, pt.y);
      c.ring_wgs84.push_back({ll.lon, ll.lat});
    }
    out.cells.push_back(std::move(c));
  }

  return out;
}

NearRepeatTable AnalysisService::near_repeat(const Principal& who,
                                             const NearRepeatRequest& request) {
  Errors errors;
  const analysis::KnoxOptions& o = request.options;
  if (!(o.spatial_bandwidth > 0 && o.spatial_bandwidth <= 10'000)) {
    errors.push_back({"spatial_bandwidth", 0, "must be between 0 and 10000 metres"});
  }
  if (!(o.temporal_bandwidth > 0 && o.temporal_bandwidth <= 365)) {
    errors.push_back({"temporal_bandwidth", 0, "must be between 0 and 365 days"});
  }
  if (o.spatial_bands < 1 || o.spatial_bands > 20) {
    errors.push_back({"spatial_bands", 0, "must be between 1 and 20"});
  }
  if (o.temporal_bands < 1 || o.temporal_bands > 20) {
    errors.push_back({"temporal_bands", 0, "must be between 1 and 20"});
  }
  if (o.permutations < 1 || o.permutations > 9999) {
    errors.push_back({"permutations", 0, "must be between 1 and 9999"});
  }
  ReportFilter filter;
  filter.areas = request.areas;
  filter.categories = request.categories;
  filter.organisations = request.organisations;
  const Points pts = points(who, request.municipality, request.period, filter, std::move(errors),
                            "analysis.near_repeat");
  if (pts.x.size() < 2) {
    throw ServiceError::invalid("period", "has " + std::to_string(pts.x.size()) +
                                              " report(s) with a point: the test needs pairs");
  }
  NearRepeatTable out;
  out.municipality = pts.municipality;
  out.period = pts.period;
  out.reports = pts.x.size();
  out.options = o;
  out.result = analysis::knox_test(pts.x, pts.y, pts.t, o);
  return out;
}

}  // namespace lagesbild

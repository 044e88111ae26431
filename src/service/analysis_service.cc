#include "service/analysis_service.h"

#include <cmath>
#include <unordered_map>

#include "analysis/grid.h"
#include "analysis/weights.h"
#include "geo/projection.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

// The report filters every analysis request carries.
template <class AnalysisRequest>
ReportFilter filter_of(const AnalysisRequest& r) {
  ReportFilter f;
  f.areas = r.areas;
  f.categories = r.categories;
  f.organisations = r.organisations;
  return f;
}

}  // namespace

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
      // Points that stand only for a region (police events) would make false hotspots.
      if (r.occurred_from < in.from || !r.location || !is_map_point(r.location_precision)) continue;
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
  if (request.shape != "square" && request.shape != "hexagon") {
    errors.push_back({"shape", 0, "must be square or hexagon"});
  }
  const Points pts = points(who, request.municipality, request.period, filter_of(request),
                            std::move(errors), "analysis.hotspots");
  const std::vector<double>& xs = pts.x;
  const std::vector<double>& ys = pts.y;
  HotspotMap out;
  out.municipality = pts.municipality;
  out.period = pts.period;
  out.cell_size = request.cell_size;
  out.reports = xs.size();
  if (xs.empty()) return out;
  const bool hexagons = request.shape == "hexagon";
  const auto grid = analysis::Grid::fitted_to_points(
      hexagons ? analysis::CellShape::kHexagon : analysis::CellShape::kSquare, xs, ys,
      request.cell_size);
  out.rows = grid.rows();
  out.cols = grid.cols();
  const auto counts = analysis::count_points(grid, xs, ys);
  analysis::SpatialWeights weights;
  if (hexagons) {
    // A hexagon's six neighbours are the centres one cell_size away (the next ring is √3 away).
    std::vector<analysis::Point> centres(static_cast<std::size_t>(grid.cell_count()));
    for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
      const auto p = grid.centroid(c);
      centres[static_cast<std::size_t>(c)] = {p.x, p.y};
    }
    weights = analysis::distance_band_weights(centres, 1.01 * request.cell_size,
                                              {true, analysis::WeightStyle::binary});
  } else {
    weights = analysis::lattice_weights(
        static_cast<std::size_t>(grid.rows()), static_cast<std::size_t>(grid.cols()),
        analysis::Contiguity::queen, {true, analysis::WeightStyle::binary});
  }
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
  const Points pts = points(who, request.municipality, request.period, filter_of(request),
                            std::move(errors), "analysis.near_repeat");
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

DensityMap AnalysisService::density(const Principal& who, const DensityRequest& request) {
  Errors errors;
  if (!(request.cell_size >= 10 && request.cell_size <= 1000)) {
    errors.push_back({"cell_size", 0, "must be between 10 and 1000 metres"});
  }
  if (!(request.bandwidth >= 10 && request.bandwidth <= 20'000)) {
    errors.push_back({"bandwidth", 0, "must be between 10 and 20000 metres"});
  }
  const Points pts = points(who, request.municipality, request.period, filter_of(request),
                            std::move(errors), "analysis.density");
  DensityMap out;
  out.municipality = pts.municipality;
  out.period = pts.period;
  out.reports = pts.x.size();
  out.bandwidth = request.bandwidth;
  out.kernel = request.kernel;
  if (pts.x.empty()) return out;
  const double reach = request.kernel == analysis::DensityKernel::kQuartic
                           ? request.bandwidth
                           : 3 * request.bandwidth;  // where the Gaussian is < 1 % of its peak
  const auto [min_x, max_x] = std::minmax_element(pts.x.begin(), pts.x.end());
  const auto [min_y, max_y] = std::minmax_element(pts.y.begin(), pts.y.end());
  analysis::RasterSpec spec;
  spec.cell_size = request.cell_size;
  spec.origin_x = std::floor((*min_x - reach) / spec.cell_size) * spec.cell_size;
  spec.origin_y = std::floor((*min_y - reach) / spec.cell_size) * spec.cell_size;
  spec.cols = static_cast<int>(std::ceil((*max_x + reach - spec.origin_x) / spec.cell_size));
  spec.rows = static_cast<int>(std::ceil((*max_y + reach - spec.origin_y) / spec.cell_size));
  if (static_cast<std::int64_t>(spec.cols) * spec.rows > 4'000'000) {
    throw ServiceError::invalid(
        "cell_size", "gives " + std::to_string(spec.cols) + " × " + std::to_string(spec.rows) +
                         " cells over the reports' extent; at most 4,000,000: use larger cells");
  }
  analysis::KdeOptions options;
  options.kernel = request.kernel;
  options.bandwidth = request.bandwidth;
  options.scale = request.kernel == analysis::DensityKernel::kQuartic
                      ? analysis::BandwidthScale::kSupportRadius
                      : analysis::BandwidthScale::kStandardDeviation;
  try {
    out.raster = analysis::kernel_density(spec, pts.x, pts.y, options);
  } catch (const std::invalid_argument& e) {
    throw ServiceError::invalid("bandwidth", e.what());
  }
  const geo::Projector projector;
  const auto sw = projector.to_wgs84(spec.origin_x, spec.origin_y);
  const auto ne = projector.to_wgs84(spec.origin_x + spec.cols * spec.cell_size,
                                     spec.origin_y + spec.rows * spec.cell_size);
  out.south_west = {sw.lon, sw.lat};
  out.north_east = {ne.lon, ne.lat};
  return out;
}

EmergingMap AnalysisService::emerging(const Principal& who, const EmergingRequest& request) {
  Errors errors;
  if (!(request.cell_size >= 25 && request.cell_size <= 5000)) {
    errors.push_back({"cell_size", 0, "must be between 25 and 5000 metres"});
  }
  if (request.slice != "week" && request.slice != "month") {
    errors.push_back({"slice", 0, "must be week or month"});
  }
  if (request.permutations < 0 || request.permutations > 9999) {
    errors.push_back({"permutations", 0, "must be between 0 and 9999"});
  }
  const Points pts = points(who, request.municipality, request.period, filter_of(request),
                            std::move(errors), "analysis.emerging");
  // Slices: whole weeks from the period's first local day, or calendar months, by the local day
  // of each report's start (a slice does not move by an hour at a change of daylight saving).
  const Period& period = pts.period;
  const auto local_day = [](double unix_days) {
    const UtcSeconds t{std::chrono::seconds(std::llround(unix_days * 86400.0))};
    return period_containing(PeriodKind::range, t).first_day;
  };
  const auto month_index = [](int day) {
    const std::string d = format_day(day);  // YYYY-MM-DD
    return std::stoi(d.substr(0, 4)) * 12 + std::stoi(d.substr(5, 2)) - 1;
  };
  const bool weekly = request.slice == "week";
  const int slices = weekly ? (period.end_day - period.first_day) / 7
                            : month_index(period.end_day - 1) - month_index(period.first_day) + 1;
  std::vector<int> slice_of(pts.t.size());
  for (std::size_t i = 0; i < pts.t.size(); ++i) {
    const int day = local_day(pts.t[i]);
    slice_of[i] =
        weekly ? (day - period.first_day) / 7 : month_index(day) - month_index(period.first_day);
  }
  if (slices < 4 || slices > 520) {
    throw ServiceError::invalid("period", "gives " + std::to_string(slices) + " " + request.slice +
                                              " slices; emerging hot spots need 4 to 520");
  }
  EmergingMap out;
  out.municipality = pts.municipality;
  out.period = pts.period;
  out.cell_size = request.cell_size;
  out.slice = request.slice;
  out.slices = slices;
  out.reports = pts.x.size();
  if (pts.x.empty()) return out;
  const auto grid = analysis::Grid::fitted_to_points(analysis::CellShape::kSquare, pts.x, pts.y,
                                                     request.cell_size);
  analysis::CountOptions count_options;
  count_options.slices = slice_of;
  count_options.slice_count = slices;
  const auto counts = analysis::count_points(grid, pts.x, pts.y, count_options);
  // Locations: cells with a report in some slice (as ArcGIS analyses only those).
  std::vector<std::int64_t> cells;
  std::unordered_map<std::int64_t, std::uint32_t> index;
  for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
    double total = 0;
    for (int t = 0; t < slices; ++t) total += counts.at(c, t);
    if (total > 0) {
      index[c] = static_cast<std::uint32_t>(cells.size());
      cells.push_back(c);
    }
  }
  std::vector<std::vector<std::uint32_t>> lists(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const int r = grid.row_of(cells[i]), c = grid.col_of(cells[i]);
    for (int dr = -1; dr <= 1; ++dr) {
      for (int dc = -1; dc <= 1; ++dc) {
        if ((dr == 0 && dc == 0) || r + dr < 0 || r + dr >= grid.rows() || c + dc < 0 ||
            c + dc >= grid.cols()) {
          continue;
        }
        auto it = index.find(grid.cell_index(r + dr, c + dc));
        if (it != index.end()) lists[i].push_back(it->second);
      }
    }
  }
  const auto weights =
      analysis::weights_from_neighbours(lists, {true, analysis::WeightStyle::binary});
  analysis::SpaceTimeCube cube;
  cube.locations = cells.size();
  cube.slices = static_cast<std::size_t>(slices);
  cube.values.resize(cube.locations * cube.slices);
  for (int t = 0; t < slices; ++t) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      cube.values[static_cast<std::size_t>(t) * cube.locations + i] = counts.at(cells[i], t);
    }
  }
  analysis::EmergingOptions options;
  options.local.permutation.permutations = request.permutations;
  options.local.permutation.seed = request.seed;
  const auto result = analysis::emerging_hot_spots(cube, weights, options);
  const geo::Projector projector;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    EmergingCell c;
    c.cell = cells[i];
    for (std::size_t t = 0; t < cube.slices; ++t) {
      c.count += cube.values[t * cube.locations + i];
      const auto state = result.state[t * cube.locations + i];
      c.hot_slices += state > 0;
      c.cold_slices += state < 0;
    }
    c.pattern = result.pattern[i];
    c.z_trend = result.z_trend[i].z;
    c.p_trend = result.z_trend[i].p;
    for (const auto& pt : grid.ring(cells[i])) {
      const auto ll = projector.to_wgs84(pt.x, pt.y);
      c.ring_wgs84.push_back({ll.lon, ll.lat});
    }
    out.cells.push_back(std::move(c));
  }
  return out;
}

}  // namespace lagesbild

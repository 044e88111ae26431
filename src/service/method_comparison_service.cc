// AnalysisService::compare_methods: hotspot methods judged on held-out weeks of stored reports.
#include <cmath>

#include "analysis/grid.h"
#include "geo/geometry.h"
#include "service/analysis_service.h"
#include "service/service_error.h"

namespace lagesbild {

MethodComparisonResult AnalysisService::compare_methods(const Principal& who,
                                                        const MethodComparisonRequest& request) {
  Errors errors;
  if (request.training_weeks < 1 || request.training_weeks > 52) {
    errors.push_back({"training_weeks", 0, "must be between 1 and 52"});
  }
  if (!(request.cell_size >= 50 && request.cell_size <= 2000)) {
    errors.push_back({"cell_size", 0, "must be between 50 and 2000 metres"});
  }
  if (!(request.area_share > 0 && request.area_share <= 0.5)) {
    errors.push_back({"area_share", 0, "must be above 0 and at most 0.5"});
  }
  if (!(request.bandwidth >= 50 && request.bandwidth <= 5000)) {
    errors.push_back({"bandwidth", 0, "must be between 50 and 5000 metres"});
  }
  // An empty or malformed period is reported by points(), with the scope's own checks.
  const auto period = parse_period(request.period);
  if (period &&
      (period->end_day - period->first_day < 7 || period->end_day - period->first_day > 7 * 104)) {
    errors.insert(errors.begin(), {"period", 0, "must hold 1 to 104 whole weeks"});
  }
  if (!period || !errors.empty()) {
    ReportFilter f;
    f.areas = request.areas;
    f.categories = request.categories;
    f.organisations = request.organisations;
    points(who, request.municipality, request.period, f, std::move(errors), "analysis.compare");
    throw ServiceError::invalid("period", "is not a period");  // not reached: points() throws
  }
  const int test_weeks = (period->end_day - period->first_day) / 7;
  const int first_day = period->first_day - 7 * request.training_weeks;
  const int end_day = period->first_day + 7 * test_weeks;
  ReportFilter f;
  f.areas = request.areas;
  f.categories = request.categories;
  f.organisations = request.organisations;
  const Points pts =
      points(who, request.municipality, format_day(first_day) + ".." + format_day(end_day - 1), f,
             {}, "analysis.compare");
  MethodComparisonResult out;
  out.municipality = pts.municipality;
  out.period = *period;
  out.request = request;
  const int slice_count = request.training_weeks + test_weeks;
  for (int s = 0; s < slice_count; ++s) out.slice_days.push_back(format_day(first_day + 7 * s));
  std::vector<double> xs, ys;
  std::vector<int> slices;
  for (std::size_t i = 0; i < pts.x.size(); ++i) {
    const UtcSeconds t{std::chrono::seconds(std::llround(pts.t[i] * 86400.0))};
    const int day = period_containing(PeriodKind::range, t).first_day;
    const int slice = (day - first_day) / 7;
    if (day < first_day || slice >= slice_count) continue;
    xs.push_back(pts.x[i]);
    ys.push_back(pts.y[i]);
    slices.push_back(slice);
  }
  out.reports = xs.size();
  if (xs.empty()) {
    throw ServiceError::invalid("period", "has no report with a point in it or the " +
                                              std::to_string(request.training_weeks) +
                                              " weeks before");
  }
  const auto grid =
      analysis::Grid::fitted_to_points(analysis::CellShape::kSquare, xs, ys, request.cell_size);
  std::vector<std::uint8_t> study(static_cast<std::size_t>(grid.cell_count()), 1);
  const auto ctx = contexts_.get(out.municipality);
  if (const geo::Boundary* boundary = ctx->boundary()) {
    for (std::int64_t c = 0; c < grid.cell_count(); ++c) {
      const auto centre = grid.centroid(c);
      study[static_cast<std::size_t>(c)] = boundary->contains(centre.x, centre.y) ? 1 : 0;
    }
  }
  analysis::MethodComparisonOptions options;
  options.training_slices = request.training_weeks;
  options.area_share = request.area_share;
  options.kde_bandwidth = request.bandwidth;
  try {
    out.comparison =
        analysis::compare_hotspot_methods(grid, study, xs, ys, slices, slice_count, options);
  } catch (const std::invalid_argument& e) {
    // Only the study area can still be wrong here: too small for the share, or empty.
    throw ServiceError::invalid("area_share", e.what());
  }
  return out;
}

}  // namespace lagesbild

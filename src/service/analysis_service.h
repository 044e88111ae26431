// Hotspot analysis of stored reports: the period's report points counted on a square grid in
// SWEREF 99 TM, then Getis–Ord Gi* over queen neighbours (analysis/local_statistics.h): classes
// from the analytic z with Benjamini–Hochberg (as ArcGIS), the conditional permutation p beside.
//
// Owns: turning a hotspot request into points and the result into cells with outlines. May use:
// store/, geo/ (projection of the outlines), analysis/, service/ (ReportService).
//
// Access: analysts, coordinators and admins (it reads every report's exact point); the result
// is counts per cell, never a report. Every run is audited.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "analysis/emerging_hotspots.h"
#include "analysis/kde.h"
#include "analysis/local_statistics.h"
#include "analysis/method_comparison.h"
#include "analysis/near_repeat.h"
#include "domain/period.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

struct HotspotRequest {
  std::string municipality;
  std::string period;                                         // required (domain/period.h)
  std::vector<std::string> areas, categories, organisations;  // as in ReportFilter
  double cell_size = 250;                                     // metres, 25..5000
  // "square" (queen neighbours) or "hexagon" (the six cells around; cell_size is the distance
  // between neighbouring centres, analysis/grid.h).
  std::string shape = "square";
  int permutations = 999;  // 0..9999
  std::uint64_t seed = 1;
};

struct HotspotCell {
  std::int64_t cell = 0;  // row * cols + col
  int row = 0, col = 0;
  double count = 0;
  double z = 0, p = 1, p_sim = 1, q = 1;
  int bin = 0;                                    // −3 … 3: cold/hot at 99/95/90 %
  std::vector<std::array<double, 2>> ring_wgs84;  // [lon, lat], closed
  double x = 0, y = 0;                            // the centroid in SWEREF 99 TM
};

struct HotspotMap {
  std::string municipality;
  Period period;
  double cell_size = 0;
  int rows = 0, cols = 0;
  std::size_t reports = 0;         // with a point, in the period and filters
  std::vector<HotspotCell> cells;  // cells with a report or a class other than 0, by cell
};

// The Knox near-repeat test over the period's reports with a point (analysis/near_repeat.h):
// times are the reports' start, in days.
struct NearRepeatRequest {
  std::string municipality;
  std::string period;  // required
  std::vector<std::string> areas, categories, organisations;
  analysis::KnoxOptions options;
};

struct NearRepeatTable {
  std::string municipality;
  Period period;
  std::size_t reports = 0;
  analysis::KnoxOptions options;
  analysis::KnoxResult result;
};

// Kernel density of the period's report points on a raster (analysis/kde.h): the raster covers
// the points grown by the kernel's reach, in cells of cell_size metres.
struct DensityRequest {
  std::string municipality;
  std::string period;  // required
  std::vector<std::string> areas, categories, organisations;
  double cell_size = 50;  // metres, 10..1000
  double bandwidth =
      300;  // metres: the quartic's search radius (ArcGIS, CrimeStat) or σ (Gaussian)
  analysis::DensityKernel kernel = analysis::DensityKernel::kQuartic;
};

struct DensityMap {
  std::string municipality;
  Period period;
  std::size_t reports = 0;
  analysis::DensityRaster raster;  // density in reports per square metre (row 0 = south)
  double bandwidth = 0;
  analysis::DensityKernel kernel = analysis::DensityKernel::kQuartic;
  // The raster's corners in WGS84 [lon, lat]: south-west and north-east, for an image overlay
  // (the SWEREF raster is a slightly rotated square in WGS84; at a municipality's size the
  // difference is below a cell).
  std::array<double, 2> south_west{}, north_east{};
};

// Emerging hot spots (analysis/emerging_hotspots.h): the period's reports counted per square
// cell and week (or month), Gi* per slice over the cells that ever had a report (their queen
// neighbours within the same set, self included), Mann–Kendall trends, the 17 patterns.
struct EmergingRequest {
  std::string municipality;
  std::string period;  // required; at least 4 slices long
  std::vector<std::string> areas, categories, organisations;
  double cell_size = 250;      // metres, 25..5000
  std::string slice = "week";  // "week" (7 days from the period's start) or "month"
  int permutations = 0;        // 0: analytic p (fast); else conditional permutations
  std::uint64_t seed = 1;
};

struct EmergingCell {
  std::int64_t cell = 0;
  double count = 0;  // over all slices
  analysis::EmergingPattern pattern = analysis::EmergingPattern::no_pattern;
  double z_trend = 0, p_trend = 1;  // Mann–Kendall of the Gi* z-scores
  int hot_slices = 0, cold_slices = 0;
  std::vector<std::array<double, 2>> ring_wgs84;
};

struct EmergingMap {
  std::string municipality;
  Period period;
  double cell_size = 0;
  std::string slice;
  int slices = 0;
  std::size_t reports = 0;
  std::vector<EmergingCell> cells;  // every cell with a report in some slice
};

// Gi* and local Moran per area of the municipality (the areas the coordinator drew): the
// period's reports counted per area — a report's stored area, so reports placed only by area
// (police events, "somewhere in Gustavsbro") count too — and neighbours from the areas'
// boundaries (geo/adjacency.h) within `tolerance` metres. The value is the count, or the count
// per km² ("density") so that a large area is not hot for its size alone. Aggregates only: no
// point and no text is read, so every role of the municipality may run it. For the national
// tenant (kNationalCode) the areas are the municipalities and the counts every municipality's
// reports by category code (categories are codes of the EST tree, a parent taking its children).
struct AreaHotspotRequest {
  std::string municipality;
  std::string period;  // required
  std::vector<std::string> categories, organisations;
  std::string contiguity = "queen";  // or "rook"
  double tolerance = 50;             // metres, 0..2000
  std::string measure = "count";     // or "density" (reports per km²)
  int permutations = 999;            // 0..9999
  std::uint64_t seed = 1;
};

struct AreaHotspot {
  Id area_id = 0;
  std::string name;
  double count = 0;  // reports (each report's count field summed)
  double value = 0;  // count, or count per km²
  double area_km2 = 0;
  std::vector<Id> neighbours;  // area ids
  double z = 0, p = 1, p_sim = 1, q = 1;
  int bin = 0;  // Gi* class −3 … 3
  double moran_i = 0, moran_z = 0, moran_p = 1;
  analysis::Quadrant moran_cluster = analysis::Quadrant::none;  // significant at 5 % after FDR
  std::string geometry_geojson;                                 // WGS84
};

struct AreaHotspotMap {
  std::string municipality;
  Period period;
  std::string contiguity, measure;
  double tolerance = 0;
  std::size_t reports = 0;         // counted in some area
  std::size_t unassigned = 0;      // in the period and filters but in no area
  std::size_t isolates = 0;        // areas without neighbours: z = 0, class 0
  std::vector<AreaHotspot> areas;  // every area of the municipality, by id
};

// Which hotspot method would have predicted best (analysis/method_comparison.h): every whole
// week of `period` is held out in turn; the methods see only the `training_weeks` weeks before
// it. The study area is the grid over the reports' points, limited to the municipality's
// boundary when it has one.
struct MethodComparisonRequest {
  std::string municipality;
  std::string period;  // required: the held-out weeks (whole weeks from its first day)
  std::vector<std::string> areas, categories, organisations;
  int training_weeks = 8;    // 1..52
  double cell_size = 250;    // metres, 50..2000
  double area_share = 0.05;  // (0, 0.5]
  double bandwidth = 300;    // metres, the KDE's search radius, 50..5000
};

struct MethodComparisonResult {
  std::string municipality;
  Period period;
  MethodComparisonRequest request;      // as run
  std::size_t reports = 0;              // with a point, training and test weeks together
  std::vector<std::string> slice_days;  // the first day (YYYY-MM-DD) of every slice
  analysis::MethodComparison comparison;
};

class AnalysisService {
 public:
  AnalysisService(Store& store, ContextCache& contexts, ReportService& reports)
      : store_(store), contexts_(contexts), reports_(reports) {}

  // Throws ServiceError: invalid (period, cell_size, permutations, unknown names), forbidden.
  HotspotMap hotspots(const Principal& who, const HotspotRequest& request);
  // Throws ServiceError: invalid (period, bands, bandwidths, permutations, unknown names; fewer
  // than 2 reports), forbidden. Same access as hotspots.
  NearRepeatTable near_repeat(const Principal& who, const NearRepeatRequest& request);
  // Throws ServiceError: invalid (period, cell_size, bandwidth, a raster above 4 M cells, unknown
  // names), forbidden. Same access as hotspots. No points gives an empty raster.
  DensityMap density(const Principal& who, const DensityRequest& request);
  // Throws ServiceError: invalid (period shorter than 4 slices or longer than 520, cell_size,
  // slice, permutations, unknown names), forbidden. Same access as hotspots.
  EmergingMap emerging(const Principal& who, const EmergingRequest& request);
  // Throws ServiceError: invalid (period, contiguity, tolerance, measure, permutations, unknown
  // names; fewer than 3 areas), forbidden (no role in the municipality).
  AreaHotspotMap area_hotspots(const Principal& who, const AreaHotspotRequest& request);
  // Throws ServiceError: invalid (period shorter than a week or longer than 104 weeks,
  // training_weeks, cell_size, area_share, bandwidth, unknown names), forbidden. Same access as
  // hotspots.
  MethodComparisonResult compare_methods(const Principal& who,
                                         const MethodComparisonRequest& request);

 private:
  // The period's report points (SWEREF metres) and start times (days since 1970, UTC), scoped
  // and validated; throws ServiceError with every bad field in `errors` added.
  struct Points {
    std::string municipality;
    Period period;
    std::vector<double> x, y, t;
  };
  Points points(const Principal& who, const std::string& municipality, const std::string& period,
                const ReportFilter& filter, Errors errors, const char* action);

  // Neighbour lists and sizes (m²) of a municipality's areas, computed once per set of areas
  // (the context ContextCache hands out; an edit of an area makes a new one) and contiguity:
  // comparing the national view's 290 borders takes about a second.
  struct AreaGeometry {
    std::weak_ptr<const ingest::ReportContext> context;
    std::string contiguity;
    double tolerance = 0;
    std::vector<std::vector<std::uint32_t>> neighbours;
    std::vector<double> m2;
  };
  std::shared_ptr<const AreaGeometry> area_geometry(
      const std::shared_ptr<const ingest::ReportContext>& ctx, const std::string& contiguity,
      double tolerance);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
  std::mutex area_geometry_mu_;
  std::vector<std::shared_ptr<const AreaGeometry>> area_geometry_;  // the latest few
};

}  // namespace lagesbild

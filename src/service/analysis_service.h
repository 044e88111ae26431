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
#include <string>
#include <vector>

#include "analysis/emerging_hotspots.h"
#include "analysis/kde.h"
#include "analysis/local_statistics.h"
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

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
};

}  // namespace lagesbild

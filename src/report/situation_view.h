// What the HTML and PDF lägesbild share: Swedish labels and number formats, the colour scales,
// the per-area summary with its map geometry, and which cells each section shows. One place, so
// the screen and the meeting PDF say the same thing in the same words.
//
// Owns: the presentation choices of a rendered SituationPicture. May use: domain/, analysis/,
// geo/ (the projector and the GeoJSON polygon parser), report/situation_picture.h. Pure (no I/O);
// thread-safe (each call makes its own projector).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/situation_picture.h"

namespace lagesbild::report::view {

// "Lägesbild vecka 47 2026", "Lägesbild november 2026", "Lägesbild kvartal 4 2026",
// "Lägesbild 2026", "Lägesbild 1 november–15 november 2026" (a range).
std::string title(const Period& p);
// "vecka 47 2026", "november 2026", ...: the period as a sentence names it.
std::string period_name(const Period& p);
// The local days the period covers: "16–22 november 2026", "1–30 november 2026",
// "29 december 2025–4 januari 2026".
std::string period_dates(const Period& p);
// "v. 47" / "nov" / "K4" / "2025": a short label for a chart axis.
std::string short_label(const Period& p);

// Numbers as Swedish text: decimal comma, `digits` decimals ("1,50"); integers plain.
std::string decimal(double v, int digits);
// The ratio current / expected: "2,4×"; "ny" when nothing was expected but something came;
// "–" when nothing was expected and nothing came.
std::string ratio_text(double current, double expected);
std::string ratio_text(const analysis::Cell& c);  // of its current and test.expected
// A p- or q-value: "0,003", "<0,001".
std::string p_text(double p);
// "+25 %" / "−10 %" / "–" (no base): the change from `base` to `now`.
std::string change_text(double now, double base);
// "2026-11-20 22:00": a local time for a table.
std::string local_time_text(UtcSeconds t);

struct Rgb {
  double r = 0, g = 0, b = 0;  // 0..1
};
std::string hex(Rgb c);  // "#rrggbb"
// The diverging change scale: blue (fewer than expected) through near-white (as expected) to red
// (more), on log2(ratio) clamped to ±2. Grey when nothing was expected and nothing came.
Rgb change_colour(double current, double expected);
Rgb status_colour(AreaStatus s);
// A report's point on the map: dark with a white ring, larger the more serious (1..3).
Rgb point_colour();
double point_radius(int severity);
Rgb category_colour(int i);  // a distinct colour per index (cycles)

// "Hela kommunen" for -1, else the area's name.
std::string area_name(const SituationPicture& pic, int area);
std::string category_name(const SituationPicture& pic, int category);
int category_depth(const SituationPicture& pic, int category);  // 0 for a root
// The cells sections show, as pointers into pic.situation.cells:
// flagged or early-warning cells, in the analysis' order (flagged first, then by q);
std::vector<const analysis::Cell*> flag_cells(const SituationPicture& pic);
// the whole municipality's root categories with the most reports (current or baseline mean),
// at most `n`, most first: the trend charts;
std::vector<const analysis::Cell*> trend_cells(const SituationPicture& pic, std::size_t n);
// every area cell (area >= 0) with a report in the period, the previous period or the baseline,
// by area then category code: the counts table.
std::vector<const analysis::Cell*> table_cells(const SituationPicture& pic);
// The x-axis labels of Cell::series: the baseline periods oldest first, then the period.
std::vector<std::string> series_labels(const SituationPicture& pic);

// Polygons in SWEREF 99 TM metres: polygons → rings → [x, y].
using Ring = std::vector<std::array<double, 2>>;
using Polygons = std::vector<std::vector<Ring>>;

// One area as the map and its table show it: the sum over root categories (so every report of
// the area counts once), the flags of its cells, its status and its projected outline (empty
// when the geometry does not parse).
struct AreaSummary {
  int area = 0;  // index into pic.areas
  std::int64_t current = 0;
  double expected = 0;
  int flagged = 0, early_warnings = 0;
  std::optional<AreaStatus> status;
  Polygons outline;
};
std::vector<AreaSummary> area_summaries(const SituationPicture& pic);

// Fits SWEREF coordinates into a box of `width` × `height` (north up, same scale on both axes).
struct MapFrame {
  double min_x = 0, min_y = 0, scale = 1, offset_x = 0, offset_y = 0, height = 0;
  double px(double x) const { return offset_x + (x - min_x) * scale; }
  double py(double y) const { return height - offset_y - (y - min_y) * scale; }
};
// Over every outline and point; a 1 km box around the origin when there is nothing.
MapFrame fit_map(const std::vector<AreaSummary>& areas, const std::vector<SituationPoint>& points,
                 double width, double height, double margin);

// Swedish text for a coverage state: "Har rapporterat", "Inget att rapportera",
// "Har inte rapporterat".
std::string coverage_text(CoverageState s);
// pic.coverage, or (when the picture has none) one entry per analysis coverage row with
// reported / not_reported from the report count.
std::vector<OrganisationCoverage> coverage(const SituationPicture& pic);
// The newest assessment, or nullptr.
const Assessment* latest_assessment(const SituationPicture& pic);
// "Polisen" or "#7": names for the serious-reports table.
std::string organisation_name(const SituationPicture& pic, Id id);
std::string report_category_name(const SituationPicture& pic, Id id);
// The place, else the area, else "–".
std::string report_where(const SituationPicture& pic, const Report& r);

// The assessment's author as the meeting reads it: the display name, else the username, else
// "lokal operatör" (written with the CLI).
std::string author_text(const Assessment& a);
// For a year's picture: the line that says what the document is by law.
inline constexpr const char* kYearlyLaw =
    "Årlig lägesbild enligt lag (2023:196) om kommuners ansvar för brottsförebyggande arbete.";
// "Varav 12 från polisens öppna händelser." or "" when there are none.
std::string police_events_text(const SituationPicture& pic);
// The rows of the year review: week, area, category, reports, expected, q (Swedish text).
std::vector<std::array<std::string, 6>> year_flag_rows(const SituationPicture& pic);
// The rows of the year's hotspots per area: area, hot cells, reports in them.
std::vector<std::array<std::string, 3>> year_hotspot_rows(const SituationPicture& pic);
inline constexpr const char* kYearHotspotsNote =
    "Getis–Ord Gi* på 250 m-rutor av årets rapporter; rutor som är heta på 95 %-nivån "
    "(Benjamini–Hochberg), summerade per område.";
inline constexpr const char* kNoYearHotspots = "Inga statistiskt säkerställda hotspots under året.";
inline constexpr const char* kNoYearFlags = "Inga veckor med statistiskt säkerställda ökningar.";

inline constexpr const char* kNoReports = "Inga rapporter under perioden";
inline constexpr const char* kNoAssessment = "Ingen bedömning ännu";

}  // namespace lagesbild::report::view

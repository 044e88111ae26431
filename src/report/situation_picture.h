// The compiled lägesbild of one period with names put back on the numbers: what every output
// (JSON, HTML, PDF, CSV, GeoJSON) renders. Made by SituationService::compile, which has already
// applied the reader's access: texts and points are only here for readers allowed to see them.
//
// Owns: the shape of a compiled picture. May use: domain/, analysis/, ingest::ReportContext.
// A plain value; safe to read from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/situation.h"
#include "domain/model.h"
#include "domain/period.h"
#include "ingest/report_draft.h"

namespace lagesbild {

// Has an organisation reported for the period? `reported`: it has reports within its cadence
// window (the municipality's reporting cadence ending with the period); `nothing_to_report`: it
// declared that it saw nothing; `not_reported`: neither, so silence means nothing.
enum class CoverageState { reported, nothing_to_report, not_reported };
std::string_view to_string(CoverageState s);

struct OrganisationCoverage {
  const Organisation* organisation = nullptr;
  std::int64_t reports = 0;  // reports in the cadence window
  CoverageState state = CoverageState::not_reported;
  bool everywhere_quiet = false;         // declared nothing to report for every area
  std::vector<const Area*> quiet_areas;  // declared nothing to report for these areas
};

// A report's point for the map, in SWEREF 99 TM metres.
struct SituationPoint {
  double x = 0, y = 0;
  int category = 0;  // index into SituationPicture::categories
  int severity = 1;
};

struct SituationPicture {
  std::string municipality;
  Period period, previous, last_year;
  std::vector<Period> baseline;  // newest first
  analysis::Situation situation;
  std::shared_ptr<const ingest::ReportContext> context;
  // Indexes of the analysis result → the context's entities (same order as context lists).
  std::vector<const Area*> areas;
  std::vector<const Category*> categories;
  std::vector<const Organisation*> organisations;
  std::vector<const Place*> places;
  std::vector<Report> serious;  // severity 3 in the period that the caller may read, newest first
  bool filtered = false;        // areas, categories or organisations were narrowed

  // The coordinator's assessment of the period, every version, newest first (empty: none yet).
  std::vector<Assessment> assessments;
  // By area index: the status in force at the period's first day (carried forward from the
  // last change at or before it); empty when the area was never given one.
  std::vector<std::optional<AreaStatusChange>> area_status;
  std::vector<OrganisationCoverage> coverage;  // every organisation, as `organisations`
  // The period's points the reader may see exactly (empty for a viewer).
  std::vector<SituationPoint> points;
  // The period's reports by Source (form, csv, api, polisen): the police's open events apart.
  std::array<std::int64_t, 4> reports_by_source{};

  // A year's picture only (the yearly lägesbild of lag 2023:196): each week's flagged rises
  // during the year, oldest first, indexes as in `areas` and `categories` (area -1: the whole
  // municipality).
  struct WeekFlag {
    Period week;
    int area = -1, category = 0;
    std::int64_t current = 0;
    double expected = 0, q = 1;
  };
  std::vector<WeekFlag> year_flags;
  // A year's picture only: the year's hotspots (Gi* on 250 m cells, hot at 95 % or more) summed
  // per area (-1: outside every area), most reports first. Aggregate: no cell, no point.
  struct AreaHotspots {
    int area = -1;
    int cells = 0;
    std::int64_t reports = 0;  // in the hot cells
  };
  std::vector<AreaHotspots> year_hotspots;
};

}  // namespace lagesbild

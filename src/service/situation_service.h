// The joint picture (lägesbild) of a period for one municipality, as the weekly EST meeting and
// the steering group see it.
//
// Owns: turning stored reports into the inputs of analysis::compile_situation and its result
// back into names; who may see what of it. May use: store/, ingest/ (ReportContext), analysis/,
// service/ (ReportService for municipality and filter resolution).
//
// The picture also carries the period's notes: the coordinator's assessment (every version),
// each area's status on the green-to-red scale in force at the period's start, and each
// organisation's reporting coverage over the municipality's cadence ("nothing to report" counts
// as reported-and-quiet).
//
// Access: every role of the municipality may compile the picture, which is aggregate: counts
// over every organisation's reports, never a report's text or point. The list of the period's
// most serious reports carries texts only for readers who may read them (analyst and up: all;
// a reporter: their organisation's), and is empty for a viewer. Every compile is audited.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analysis/grid.h"
#include "domain/period.h"
#include "report/situation_picture.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

struct SituationRequest {
  std::string municipality;  // empty: the caller's only municipality
  std::string period;        // see domain/period.h; empty: the current ISO week
  std::vector<std::string> areas, categories, organisations;  // as in ReportFilter
  int baseline_periods = 0;                                   // 1..52; 0: 3 for a year, else 8
};

// A new version of the coordinator's assessment of a period.
struct AssessmentRequest {
  std::string municipality;  // empty: the caller's only municipality
  std::string period;        // required, see domain/period.h
  std::string text;          // required, at most 20,000 characters
  std::string proposed_actions;
};

// Sets an area's status from a period on; it holds for later periods until changed.
struct AreaStatusRequest {
  std::string municipality;
  std::string period;  // required: the status holds from its first day
  std::string area;    // name or "#id"
  std::string status;  // green, yellow, orange, red
  std::string note;
};

// "Nothing to report" for an organisation and a period, everywhere or in the given areas.
struct NothingToReportRequest {
  std::string municipality;
  std::string period;              // required
  std::string organisation;        // name; empty: the caller's only organisation
  std::vector<std::string> areas;  // names or "#id"; empty: everywhere
};

class SituationService {
 public:
  SituationService(Store& store, ContextCache& contexts, ReportService& reports)
      : store_(store), contexts_(contexts), reports_(reports) {}

  // Throws ServiceError: invalid (period, baseline_periods, unknown names), forbidden (not a
  // member of the municipality), not_found (unknown municipality).
  SituationPicture compile(const Principal& who, const SituationRequest& request);

  // The notes the picture carries. Each validates everything first and stores all or nothing,
  // and is audited. Throws ServiceError: invalid (which field and why), forbidden, not_found.
  // Analyst, coordinator and admin write assessments and statuses; a reporter declares nothing
  // to report for their own organisation, a coordinator or admin for any.
  Assessment assess(const Principal& who, const AssessmentRequest& request);
  std::vector<Assessment> assessments(const Principal& who, const std::string& municipality,
                                      const std::string& period);
  AreaStatusChange set_area_status(const Principal& who, const AreaStatusRequest& request);
  std::vector<NothingToReport> declare_nothing_to_report(const Principal& who,
                                                         const NothingToReportRequest& request);

 private:
  // The picture without its audit entry, over `context` (one snapshot for a year and its weeks).
  // `all_points` (when given) receives every report point of the period, whoever asks: for
  // aggregate counts only.
  SituationPicture build(const Principal& who, const std::string& municipality,
                         const SituationRequest& request,
                         std::shared_ptr<const ingest::ReportContext> context,
                         std::vector<analysis::PlanePoint>* all_points = nullptr);
  // For a year: Gi* over 250 m cells of the year's points, hot cells (95 %) summed per area.
  void attach_year_hotspots(const std::vector<analysis::PlanePoint>& points,
                            SituationPicture& year);
  // For a year: every week's flagged rises, so the yearly picture says what stood out and when.
  void attach_year_review(const Principal& who, const SituationRequest& request,
                          SituationPicture& year);
  // The assessment, area statuses and coverage of the picture's period; `covered` counts each
  // organisation's reports over `coverage_days`.
  void attach_notes(SituationPicture& pic, const Period& coverage_days,
                    const std::vector<std::int64_t>& covered);
  void log(const Principal& who, const std::string& municipality, std::string action,
           std::string object);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
};

}  // namespace lagesbild

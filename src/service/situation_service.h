// The joint picture (lägesbild) of a period for one municipality, as the weekly EST meeting and
// the steering group see it.
//
// Owns: turning stored reports into the inputs of analysis::compile_situation and its result
// back into names; who may see what of it. May use: store/, ingest/ (ReportContext), analysis/,
// service/ (ReportService for municipality and filter resolution).
//
// Access: every role of the municipality may compile the picture, which is aggregate: counts
// over every organisation's reports, never a report's text or point. The list of the period's
// most serious reports carries texts only for readers who may read them (analyst and up: all;
// a reporter: their organisation's), and is empty for a viewer. Every compile is audited.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analysis/situation.h"
#include "domain/period.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

struct SituationRequest {
  std::string municipality;  // empty: the caller's only municipality
  std::string period;        // see domain/period.h; empty: the current ISO week
  std::vector<std::string> areas, categories, organisations;  // as in ReportFilter
  int baseline_periods = 8;
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
};

class SituationService {
 public:
  SituationService(Store& store, ContextCache& contexts, ReportService& reports)
      : store_(store), contexts_(contexts), reports_(reports) {}

  // Throws ServiceError: invalid (period, baseline_periods, unknown names), forbidden (not a
  // member of the municipality), not_found (unknown municipality).
  SituationPicture compile(const Principal& who, const SituationRequest& request);

 private:
  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
};

}  // namespace lagesbild

// The yearly follow-up of a medborgarlöfte as a self-contained HTML page: the promise, each
// activity with owner, deadline and status (late ones marked), a summary, and the measures of
// the register that ran in the promise's year, so the follow-up reads against what was done.
//
// Owns: the follow-up document. May use: domain/, ingest/ (ReportContext for names),
// report/situation_html.h (html_escape). Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "domain/measure.h"
#include "ingest/report_draft.h"

namespace lagesbild::report {

struct PromiseFollowUp {
  const CitizenPromise* promise = nullptr;
  const ingest::ReportContext* context = nullptr;  // the keeping municipality's names
  std::vector<std::string> municipality_names;     // in the promise's order
  std::vector<const Measure*> measures;            // the register's measures active in the year
  int today = 0;                                   // local day: deadlines before it are late
};

std::string citizen_promise_html(const PromiseFollowUp& f);

}  // namespace lagesbild::report

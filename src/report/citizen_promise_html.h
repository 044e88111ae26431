// The yearly follow-up of a medborgarlöfte as a self-contained HTML page (or a PDF): the promise,
// each activity with owner, deadline and status (late ones marked), a summary, and the measures of
// the register that ran in the promise's year, so the follow-up reads against what was done.
//
// Owns: the follow-up document. May use: domain/, ingest/ (ReportContext for names),
// report/situation_html.h (html_escape), report/pdf_layout.h. Pure; thread-safe.
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
// The same follow-up as an A4 PDF (report/pdf_layout.h), for the steering group's papers.
// Throws std::runtime_error if Cairo fails.
std::string citizen_promise_pdf(const PromiseFollowUp& f);

}  // namespace lagesbild::report

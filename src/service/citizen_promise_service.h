// Medborgarlöften (citizen promises): the police area's and the municipalities' promise for a
// year, built on the lägesbild, its activities with owner, deadline and status, and the yearly
// follow-up report.
//
// Owns: validating promises and activities, who may do what, and gathering the follow-up (the
// register's measures of the year). May use: store/, ingest/ (ReportContext), report/
// (citizen_promise_html), service/ (ReportService for municipality resolution).
//
// Access (docs/ACCESS.md): every role of a municipality the promise lists reads it and its
// follow-up; coordinators and admins of the keeping municipality create promises and activities;
// they and the owner organisation's roles (not viewers) change an activity's status. Every read
// and write is audited. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/measure.h"
#include "service/context_cache.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

struct ActivityInput {
  std::string text;          // required
  std::string organisation;  // the owner: name or id, required
  std::string deadline;      // "YYYY-MM-DD", optional
  std::string status;        // planned (default), ongoing, done, cancelled
};

struct CitizenPromiseInput {
  std::string municipality;  // the keeping municipality; empty: the caller's only one
  std::optional<int> year;   // required
  std::string police_area;   // required
  std::vector<std::string> municipalities;  // codes; the keeping one is added first if missing
  std::string period;                       // the lägesbild it builds on, optional
  std::string text;
  std::vector<ActivityInput> activities;
};

struct ActivityPatch {
  std::string municipality;
  std::optional<std::string> text, organisation, deadline, status;  // deadline "" clears it
};

class CitizenPromiseService {
 public:
  CitizenPromiseService(Store& store, ContextCache& contexts, ReportService& reports)
      : store_(store), contexts_(contexts), reports_(reports) {}

  // Throws ServiceError: invalid (every wrong field by name, e.g. "activities/1/organisation"),
  // forbidden, not_found.
  CitizenPromise create(const Principal& who, const CitizenPromiseInput& input);
  std::vector<CitizenPromise> list(const Principal& who, const std::string& municipality);
  CitizenPromise get(const Principal& who, const std::string& municipality, Id id);
  CitizenPromise add_activity(const Principal& who, const std::string& municipality, Id promise,
                              const ActivityInput& input);
  CitizenPromise update_activity(const Principal& who, Id activity, const ActivityPatch& patch);
  // The follow-up report as HTML (report/citizen_promise_html.h).
  std::string report_html(const Principal& who, const std::string& municipality, Id id);
  // The follow-up as `format` "html" or "pdf" (report/citizen_promise_html.h); invalid "format"
  // for any other.
  std::string report(const Principal& who, const std::string& municipality, Id id,
                     std::string_view format);

  std::shared_ptr<const ingest::ReportContext> context(const std::string& municipality) {
    return contexts_.get(municipality);
  }

 private:
  CitizenPromise find(const std::string& municipality, Id id);
  void log(const Principal& who, const std::string& municipality, std::string action,
           std::string object);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
};

}  // namespace lagesbild

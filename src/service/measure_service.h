// The measures register (åtgärdsregister): the measures a municipality decides on its lägesbild,
// their status workflow and follow-up notes, and the CSV export.
//
// Owns: validating measure input against the municipality's reference data (areas, places,
// categories, organisations by name or id), the workflow rule (domain/measure.h: forward one step
// at a time, or cancelled from any state that is not final), and who may do what. May use:
// store/, ingest/ (ReportContext), report/ (the CSV), service/ (ReportService for municipality
// resolution).
//
// Access (docs/ACCESS.md): every role of the municipality reads measures (they hold no personal
// data; they are the municipality's own decisions); coordinator and admin create, edit and change
// status; analysts, coordinators, admins and the reporters of the responsible organisation add
// follow-up notes. Every read and write is audited; writes in the same transaction as the change.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/measure.h"
#include "service/context_cache.h"
#include "service/principal.h"
#include "service/report_service.h"

namespace lagesbild {

// A measure as a front end read it. For an update, an unset member keeps the stored value; for a
// create, title, kind, level, type, areas, organisation and start are required. References are
// names or ids ("#12" or "12"); categories also by code.
struct MeasureInput {
  std::string municipality;  // empty: the caller's only municipality
  std::optional<std::string> title, description, kind, level, type, period, hotspot;
  std::optional<std::vector<std::string>> areas, places, categories, partners;
  std::optional<std::string> organisation;
  std::optional<std::string> start;           // "YYYY-MM-DD"
  std::optional<std::string> end;             // "YYYY-MM-DD"; "" clears it
  std::optional<std::optional<double>> cost;  // SEK, whole kronor >= 0; a set nullopt clears it
};

struct MeasureFilter {
  std::string municipality;
  std::string status;        // one status, or empty
  std::string area;          // name or id: measures with it among their areas
  std::string organisation;  // name or id: responsible or partner
};

struct StatusChange {
  std::string status;
  std::string note;
};

class MeasureService {
 public:
  MeasureService(Store& store, ContextCache& contexts, ReportService& reports)
      : store_(store), contexts_(contexts), reports_(reports) {}

  // Throws ServiceError: invalid (every wrong field by name), forbidden, not_found (unknown
  // municipality, or no such measure there), conflict (a status step the workflow does not
  // allow, naming `status`; or the status changed meanwhile).
  Measure create(const Principal& who, const MeasureInput& input);
  Measure update(const Principal& who, Id id, const MeasureInput& input);
  Measure change_status(const Principal& who, const std::string& municipality, Id id,
                        const StatusChange& change);
  Measure add_note(const Principal& who, const std::string& municipality, Id id,
                   const std::string& text);
  Measure get(const Principal& who, const std::string& municipality, Id id);
  std::vector<Measure> list(const Principal& who, const MeasureFilter& filter);
  // The filtered list as CSV (report/measure_csv.h), audited as an export.
  std::string export_csv(const Principal& who, const MeasureFilter& filter);

  // The municipality's reference data, for front ends that print names.
  std::shared_ptr<const ingest::ReportContext> context(const std::string& municipality) {
    return contexts_.get(municipality);
  }

 private:
  std::vector<Measure> filtered(const std::string& municipality, const MeasureFilter& filter);
  void log(const Principal& who, const std::string& municipality, std::string action,
           std::string object);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
};

// "YYYY-MM-DD" as a local day (days since 1970-01-01), or nullopt.
std::optional<int> parse_day(const std::string& text);

}  // namespace lagesbild

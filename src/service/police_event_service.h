// The police's open events into the store: each event to the municipality it names, as a report
// of the organisation "Polisen (öppna händelser)" there, or, for a summary event, as a
// PoliceSummary beside the reports (docs/POLICE_EVENTS.md).
//
// Owns: which events a database takes (its municipalities, one of them, or every one for the
// national tenant), creating the police organisation (and with all_municipalities the
// municipality rows), and the outcome of every event. May use: ingest/ (reading and resolving),
// store/, service/ReferenceService. Thread-safety: safe for concurrent use; imports of
// overlapping files are idempotent by the police's id.
//
// Commit rule: one transaction per file (or per fetched answer): every event read is stored, or
// on a store failure none is. Bad events do not stop the others: each is listed with its reason.
// A truncated file keeps its complete events (they are whole and stored idempotently, so
// importing the complete file later adds exactly the rest) and says where it stopped.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/police_events.h"
#include "service/context_cache.h"
#include "service/principal.h"
#include "service/reference_service.h"
#include "store/store.h"

namespace lagesbild {

// The organisation police events are reported by, one per municipality.
inline constexpr std::string_view kPoliceEventsOrganisation = "Polisen (öppna händelser)";

struct PoliceImportOptions {
  // Only this municipality's events (a single-municipality deployment); empty: the events of
  // every municipality in the database.
  std::string municipality;
  // Creates the rows of municipalities that are not in the database yet (with the default
  // categories), for a national or regional tenant; otherwise their events are skipped.
  bool all_municipalities = false;
};

struct PoliceImportResult {
  std::size_t elements = 0;  // array elements read
  std::size_t reports_inserted = 0, reports_already_stored = 0;
  std::size_t summaries_inserted = 0, summaries_already_stored = 0;
  // Events of municipalities this database does not take, by municipality code (a county-wide
  // summary by "län <county code>").
  std::map<std::string, std::size_t> skipped;
  // Every event not imported for a fault of its own, in file order, with the reason.
  std::vector<ingest::PoliceEventProblem> rejected;
  std::string stopped;  // empty, or where reading stopped early (see PoliceEventRead)
  std::vector<std::string> municipalities_created;
  std::vector<std::string> organisations_created;  // municipality codes
  std::size_t skipped_total() const;
};

class PoliceEventService {
 public:
  PoliceEventService(Store& store, ContextCache& contexts, ReferenceService& reference)
      : store_(store), contexts_(contexts), reference_(reference) {}

  // Imports the JSON array `json` (already decompressed). Only the local operator imports (the
  // CLI, or the server's own poller). Throws ServiceError: forbidden; not_found when
  // options.municipality is not in the database (and all_municipalities is not set); StoreError
  // when the store fails (and then nothing of this file is stored).
  PoliceImportResult import(const Principal& who, std::string_view json,
                            const ingest::SwedishPlaces& places,
                            const ingest::PoliceTypeTable& types,
                            const PoliceImportOptions& options);

 private:
  Store& store_;
  ContextCache& contexts_;
  ReferenceService& reference_;
};

// "<type>: <name>\n<summary>\n<url>": what a police event's report says. The type leads (the
// police's title does not always repeat it: "Åldringsbrott" events of type "Bedrägeri"), so it
// can be read back up to the first ": ".
std::string police_report_description(const ingest::PoliceEvent& e);

}  // namespace lagesbild

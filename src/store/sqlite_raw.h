// Thin direct use of the sqlite3 C API for the store's hot read path.
//
// SQLiteCpp's Column objects each copy a shared_ptr (an atomic increment and decrement per
// column); reading 22 columns of 100 reports that way cost a fifth of a GET /reports. These
// statements are owned by one connection and used by one thread at a time. Internal to store/.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/model.h"
#include "store/store.h"

namespace lagesbild::sqlite_raw {

// Prepared statements of one connection, reset after each use by reset_used().
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // A reset statement with no bindings. Throws StoreError when the SQL does not prepare.
  sqlite3_stmt* prepare(const std::string& sql);
  void reset_used();

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  std::vector<sqlite3_stmt*> used_;
};

// The report at the current row of a statement that selects kReportColumns in order.
Report read_report(sqlite3_stmt* s);

// Steps `s` to the end, appending every row as a report. Throws StoreError on an engine error.
void read_reports(sqlite3* db, sqlite3_stmt* s, std::vector<Report>& out);

// Steps `s` (selecting kReportFactColumns in order) to the end, appending every row as a fact.
// Throws StoreError on an engine error.
void read_report_facts(sqlite3* db, sqlite3_stmt* s, std::vector<ReportFact>& out);

inline constexpr const char* kReportFactColumns =
    "id, organisation_id, category_id, place_id, area_id, occurred_from, occurred_to, count, "
    "severity";

inline constexpr const char* kReportColumns =
    "id, municipality, organisation_id, reporter_id, category_id, occurred_from, occurred_to, lat, "
    "lon, x, y, place_id, area_id, count, severity, description, source, external_id, created_at, "
    "status, reviewed_by, reviewed_at, location_precision";

}  // namespace lagesbild::sqlite_raw

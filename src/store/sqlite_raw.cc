#include "store/sqlite_raw.h"

#include "store/store.h"

namespace lagesbild::sqlite_raw {
namespace {

std::optional<Id> opt_id(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int64(s, i);
}

std::string text(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s, i))) : std::string();
}

std::string_view view(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s, i)))
           : std::string_view();
}

}  // namespace

StatementCache::~StatementCache() {
  for (auto& [sql, s] : statements_) sqlite3_finalize(s);
}

sqlite3_stmt* StatementCache::prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  sqlite3_stmt* s = nullptr;
  if (it != statements_.end()) {
    s = it->second;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  } else {
    if (statements_.size() > 256) {  // bounded: query shapes vary with filters
      reset_used();
      for (auto& [q, st] : statements_) sqlite3_finalize(st);
      statements_.clear();
    }
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      throw StoreError(std::string("cannot prepare a query: ") + sqlite3_errmsg(db_));
    }
    statements_.emplace(sql, s);
  }
  used_.push_back(s);
  return s;
}

void StatementCache::reset_used() {
  for (sqlite3_stmt* s : used_) sqlite3_reset(s);
  used_.clear();
}

Report read_report(sqlite3_stmt* s) {
  Report r;
  r.id = sqlite3_column_int64(s, 0);
  r.municipality = text(s, 1);
  r.organisation_id = sqlite3_column_int64(s, 2);
  r.reporter_id = opt_id(s, 3);
  r.category_id = sqlite3_column_int64(s, 4);
  r.occurred_from = from_unix(sqlite3_column_int64(s, 5));
  if (sqlite3_column_type(s, 6) != SQLITE_NULL)
    r.occurred_to = from_unix(sqlite3_column_int64(s, 6));
  if (sqlite3_column_type(s, 7) != SQLITE_NULL) {
    r.location = Location{sqlite3_column_double(s, 7), sqlite3_column_double(s, 8),
                          sqlite3_column_double(s, 9), sqlite3_column_double(s, 10)};
  }
  r.place_id = opt_id(s, 11);
  r.area_id = opt_id(s, 12);
  r.count = sqlite3_column_int(s, 13);
  r.severity = sqlite3_column_int(s, 14);
  r.description = text(s, 15);
  r.source = source_from_string(view(s, 16)).value_or(Source::form);
  r.external_id = text(s, 17);
  r.created_at = from_unix(sqlite3_column_int64(s, 18));
  r.status = report_status_from_string(view(s, 19)).value_or(ReportStatus::submitted);
  r.reviewed_by = opt_id(s, 20);
  if (sqlite3_column_type(s, 21) != SQLITE_NULL)
    r.reviewed_at = from_unix(sqlite3_column_int64(s, 21));
  r.location_precision =
      location_precision_from_string(view(s, 22)).value_or(LocationPrecision::exact);
  return r;
}

void read_reports(sqlite3* db, sqlite3_stmt* s, std::vector<Report>& out) {
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) out.push_back(read_report(s));
  if (rc != SQLITE_DONE) throw StoreError(std::string("query failed: ") + sqlite3_errmsg(db));
}

void read_report_facts(sqlite3* db, sqlite3_stmt* s, std::vector<ReportFact>& out) {
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    ReportFact& f = out.emplace_back();
    f.id = sqlite3_column_int64(s, 0);
    f.organisation_id = sqlite3_column_int64(s, 1);
    f.category_id = sqlite3_column_int64(s, 2);
    f.place_id = opt_id(s, 3);
    f.area_id = opt_id(s, 4);
    f.occurred_from = from_unix(sqlite3_column_int64(s, 5));
    if (sqlite3_column_type(s, 6) != SQLITE_NULL) {
      f.occurred_to = from_unix(sqlite3_column_int64(s, 6));
    }
    f.count = sqlite3_column_int(s, 7);
    f.severity = sqlite3_column_int(s, 8);
  }
  if (rc != SQLITE_DONE) throw StoreError(std::string("query failed: ") + sqlite3_errmsg(db));
}

}  // namespace lagesbild::sqlite_raw

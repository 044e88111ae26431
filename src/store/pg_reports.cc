// PgStore's reports: inserts (row by row, or staged with COPY), group commit, the import stream,
// and the keyset-paged query.
#include <algorithm>

#include "store/pg_store_internal.h"

namespace lagesbild {
namespace {

constexpr const char* kReportColumns =
    "id, municipality, organisation_id, reporter_id, category_id, occurred_from, occurred_to, lat, "
    "lon, x, y, place_id, area_id, count, severity, description, source, external_id, created_at, "
    "status, reviewed_by, reviewed_at, location_precision";

// The columns a new report is stored with, in the order report_params and copy_report use.
constexpr const char* kInsertColumns =
    "municipality, organisation_id, reporter_id, category_id, occurred_from, occurred_to, lat, "
    "lon, x, y, place_id, area_id, count, severity, description, source, external_id, created_at, "
    "status, reviewed_by, reviewed_at, location_precision";

constexpr const char* kOnDuplicate =
    " ON CONFLICT (municipality, source, organisation_id, external_id) "
    "WHERE external_id IS NOT NULL DO NOTHING";

// From this many reports an insert stages them with COPY instead of one statement per row.
constexpr std::size_t kStageFrom = 32;
// A staged import this large gets planner statistics before it is inserted.
constexpr std::int64_t kAnalyzeFrom = 10'000;

// Where reports wait between COPY and INSERT ... SELECT: one per connection, emptied at commit.
// Ids are drawn from report's own sequence as rows arrive, so every staged row knows its id.
constexpr const char* kStageTable =
    "CREATE TEMP TABLE IF NOT EXISTS report_import (ord BIGINT NOT NULL, "
    "id BIGINT NOT NULL DEFAULT nextval('report_id_seq'), municipality TEXT, "
    "organisation_id BIGINT, reporter_id BIGINT, category_id BIGINT, occurred_from BIGINT, "
    "occurred_to BIGINT, lat DOUBLE PRECISION, lon DOUBLE PRECISION, x DOUBLE PRECISION, "
    "y DOUBLE PRECISION, place_id BIGINT, area_id BIGINT, count INTEGER, severity INTEGER, "
    "description TEXT, source TEXT, external_id TEXT, created_at BIGINT, status TEXT, "
    "reviewed_by BIGINT, reviewed_at BIGINT, location_precision TEXT) ON COMMIT DELETE ROWS";

std::optional<std::int64_t> unix_or_null(const std::optional<UtcSeconds>& t) {
  if (!t) return std::nullopt;
  return to_unix(*t);
}

// Appends a new report's columns (kInsertColumns' order) to a parameter list or a COPY row:
// both speak the same fluent calls, so the column order is written once.
template <class Sink>
void append_report(Sink& out, const Report& r) {
  out.text(r.municipality)
      .integer(r.organisation_id)
      .id(r.reporter_id)
      .integer(r.category_id)
      .integer(to_unix(r.occurred_from))
      .id(unix_or_null(r.occurred_to));
  if (r.location) {
    out.real(r.location->lat).real(r.location->lon).real(r.location->x).real(r.location->y);
  } else {
    out.null().null().null().null();
  }
  out.id(r.place_id)
      .id(r.area_id)
      .integer(r.count)
      .integer(r.severity)
      .text(r.description)
      .text(to_string(r.source));
  if (r.external_id.empty())
    out.null();
  else
    out.text(r.external_id);
  out.integer(to_unix(r.created_at))
      .text(to_string(r.status))
      .id(r.reviewed_by)
      .id(unix_or_null(r.reviewed_at))
      .text(to_string(r.location_precision));
}

pg::Params report_params(const Report& r) {
  pg::Params p;
  append_report(p, r);
  return p;
}

void copy_report(pg::CopyRows& rows, std::int64_t ord, const Report& r) {
  rows.integer(ord);
  append_report(rows, r);
  rows.end_row();
}

Report read_report(const pg::Result& res, int i) {
  Report r;
  r.id = res.integer(i, 0);
  r.municipality = res.text(i, 1);
  r.organisation_id = res.integer(i, 2);
  r.reporter_id = res.opt_integer(i, 3);
  r.category_id = res.integer(i, 4);
  r.occurred_from = from_unix(res.integer(i, 5));
  if (!res.null(i, 6)) r.occurred_to = from_unix(res.integer(i, 6));
  if (!res.null(i, 7)) {
    r.location = Location{res.real(i, 7), res.real(i, 8), res.real(i, 9), res.real(i, 10)};
  }
  r.place_id = res.opt_integer(i, 11);
  r.area_id = res.opt_integer(i, 12);
  r.count = static_cast<int>(res.integer(i, 13));
  r.severity = static_cast<int>(res.integer(i, 14));
  r.description = res.text(i, 15);
  r.source = source_from_string(res.view(i, 16)).value_or(Source::form);
  r.external_id = res.text(i, 17);
  r.created_at = from_unix(res.integer(i, 18));
  r.status = report_status_from_string(res.view(i, 19)).value_or(ReportStatus::submitted);
  r.reviewed_by = res.opt_integer(i, 20);
  if (!res.null(i, 21)) r.reviewed_at = from_unix(res.integer(i, 21));
  r.location_precision =
      location_precision_from_string(res.view(i, 22)).value_or(LocationPrecision::exact);
  return r;
}

// Empties (creating it if needed) this connection's staging table.
void begin_stage(pg::Connection& c) {
  c.run(kStageTable);
  c.run("TRUNCATE report_import");
}

// Appends `reports` to the staging table with COPY; `ord` numbers them on from its value.
void stage(pg::Connection& c, std::span<const Report> reports, std::int64_t& ord) {
  pg::CopyRows rows;
  for (const Report& r : reports) copy_report(rows, ord++, r);
  c.copy_in(std::string("COPY report_import (ord, ") + kInsertColumns + ") FROM STDIN", rows);
}

// Refuses the staged rows when one refers to a row that does not exist in its municipality, as
// the SQLite engine's stream does (a foreign key alone would accept another municipality's row).
void check_staged_references(pg::Connection& c) {
  const auto bad = c.run(
      "SELECT kind, ref, municipality FROM ("
      "SELECT 'organisation' AS kind, i.organisation_id AS ref, i.municipality, i.ord "
      "FROM report_import i WHERE NOT EXISTS (SELECT 1 FROM organisation o "
      "WHERE o.id = i.organisation_id AND o.municipality = i.municipality) "
      "UNION ALL SELECT 'category', i.category_id, i.municipality, i.ord FROM report_import i "
      "WHERE NOT EXISTS (SELECT 1 FROM category o "
      "WHERE o.id = i.category_id AND o.municipality = i.municipality) "
      "UNION ALL SELECT 'place', i.place_id, i.municipality, i.ord FROM report_import i "
      "WHERE i.place_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM place o "
      "WHERE o.id = i.place_id AND o.municipality = i.municipality) "
      "UNION ALL SELECT 'area', i.area_id, i.municipality, i.ord FROM report_import i "
      "WHERE i.area_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM area o "
      "WHERE o.id = i.area_id AND o.municipality = i.municipality) "
      "UNION ALL SELECT 'user', i.reporter_id, '', i.ord FROM report_import i "
      "WHERE i.reporter_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM user_account o "
      "WHERE o.id = i.reporter_id)) bad ORDER BY ord LIMIT 1");
  if (bad.rows() == 0) return;
  const std::string kind = bad.text(0, 0), ref = bad.text(0, 1);
  if (kind == "user")
    throw ConflictError("a report refers to user " + ref + ", who does not exist");
  throw ConflictError("a report refers to " + kind + " " + ref +
                      ", which does not exist in municipality " + bad.text(0, 2));
}

// Inserts the staged rows, the first of equal external ids in input order winning, and appends
// one id per staged row to result.ids: the new row's, or for a duplicate the existing row's.
void insert_staged(pg::Connection& c, InsertResult& result) {
  const std::size_t inserted =
      c.run(std::string("INSERT INTO report (id, ") + kInsertColumns + ") SELECT id, " +
            kInsertColumns + " FROM report_import ORDER BY ord" + kOnDuplicate)
          .affected();
  const auto ids = c.run(
      "SELECT coalesce(r.id, d.id) FROM report_import i LEFT JOIN report r ON r.id = i.id "
      "LEFT JOIN report d ON r.id IS NULL AND d.municipality = i.municipality AND "
      "d.source = i.source AND d.organisation_id = i.organisation_id AND "
      "d.external_id = i.external_id ORDER BY i.ord");
  for (int i = 0; i < ids.rows(); ++i) {
    if (ids.null(i, 0)) throw StoreError("insert ignored but no existing report found");
    result.ids.push_back(ids.integer(i, 0));
  }
  result.inserted += inserted;
  result.duplicates += static_cast<std::size_t>(ids.rows()) - inserted;
}

}  // namespace

void PgStore::insert_reports_on(pg::Connection& c, std::span<const Report> reports,
                                InsertResult& result) {
  if (reports.size() >= kStageFrom) {
    begin_stage(c);
    std::int64_t ord = 0;
    stage(c, reports, ord);
    insert_staged(c, result);
    return;
  }
  static const std::string kInsertRow =
      std::string("INSERT INTO report (") + kInsertColumns +
      ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
      "$19, $20, $21, $22)" +
      kOnDuplicate + " RETURNING id";
  for (const Report& r : reports) {
    const auto ins = c.exec(kInsertRow, report_params(r));
    if (ins.rows() > 0) {
      result.ids.push_back(ins.integer(0, 0));
      ++result.inserted;
      continue;
    }
    // A duplicate by external id: report the row that is already there.
    const auto existing = c.exec(
        "SELECT id FROM report WHERE municipality = $1 AND source = $2 AND organisation_id = $3 "
        "AND external_id = $4",
        pg::Params()
            .text(r.municipality)
            .text(to_string(r.source))
            .integer(r.organisation_id)
            .text(r.external_id));
    if (existing.rows() == 0) throw StoreError("insert ignored but no existing report found");
    result.ids.push_back(existing.integer(0, 0));
    ++result.duplicates;
  }
}

void PgStore::group_commit(std::deque<PendingInsert*>& batch) {
  std::lock_guard lk(write_mu_);
  try {
    writer_->reconnect_if_broken();
    writer_->run("BEGIN");
    for (PendingInsert* p : batch) {
      writer_->run("SAVEPOINT caller");
      try {
        insert_reports_on(*writer_, p->reports, p->result);
        writer_->run("RELEASE SAVEPOINT caller");
      } catch (...) {
        writer_->run("ROLLBACK TO SAVEPOINT caller; RELEASE SAVEPOINT caller");
        p->result = {};
        p->error = std::current_exception();
      }
    }
    commit_with_audit(*writer_);
  } catch (const StoreError& e) {
    try {
      writer_->run("ROLLBACK");
    } catch (const StoreError&) {  // the connection is gone, and the transaction with it
    }
    auto err = std::make_exception_ptr(StoreError(std::string("commit failed: ") + e.what()));
    for (PendingInsert* p : batch) p->error = err;
  }
}

InsertResult PgStore::insert_reports(std::span<const Report> reports) {
  if (in_own_transaction()) {
    return write("report", [&](pg::Connection& c) {
      InsertResult result;
      insert_reports_on(c, reports, result);
      return result;
    });
  }
  PendingInsert me{reports};
  std::unique_lock lk(queue_mu_);
  queue_.push_back(&me);
  queue_cv_.wait(lk, [&] { return me.done || queue_.front() == &me; });
  if (!me.done) {
    // This caller leads: commit everyone queued so far, including itself.
    std::deque<PendingInsert*> batch(queue_.begin(), queue_.end());
    lk.unlock();
    group_commit(batch);
    lk.lock();
    for (PendingInsert* p : batch) {
      p->done = true;
      queue_.pop_front();
    }
    queue_cv_.notify_all();
  }
  if (me.error) {
    try {
      std::rethrow_exception(me.error);
    } catch (const pg::Error& e) {
      pg::rethrow(e, "report");
    }
  }
  return std::move(me.result);
}

InsertResult PgStore::insert_report_stream(const std::function<bool(std::vector<Report>&)>& next) {
  InsertResult result;
  std::vector<Report> batch;
  if (in_own_transaction()) {  // inside transaction(): join it on the writer connection
    for (;;) {
      batch.clear();
      const bool more = next(batch);
      const InsertResult part = insert_reports(batch);
      result.ids.insert(result.ids.end(), part.ids.begin(), part.ids.end());
      result.inserted += part.inserted;
      result.duplicates += part.duplicates;
      if (!more) return result;
    }
  }
  std::lock_guard lk(bulk_mu_);
  if (!bulk_) bulk_ = connect("");
  pg::Connection& c = *bulk_;
  c.reconnect_if_broken();
  c.run("BEGIN");
  try {
    begin_stage(c);
    std::int64_t ord = 0;
    for (;;) {
      batch.clear();
      const bool more = next(batch);
      stage(c, batch, ord);
      if (!more) break;
    }
    if (ord >= kAnalyzeFrom) c.run("ANALYZE report_import");
    check_staged_references(c);
    insert_staged(c, result);
    commit_with_audit(c);
  } catch (...) {
    try {
      c.run("ROLLBACK");
    } catch (const StoreError&) {  // the connection is gone, and the transaction with it
    }
    try {
      throw;
    } catch (const pg::Error& e) {
      pg::rethrow(e, "report");
    }
  }
  return result;
}

std::vector<Report> PgStore::query_reports(const ReportQuery& q) {
  std::string sql =
      std::string("SELECT ") + kReportColumns + " FROM report WHERE municipality = $1";
  pg::Params p;
  p.text(q.municipality);
  int n = 1;
  const auto param = [&] { return "$" + std::to_string(++n); };
  // Intervals are at most kMaxReportInterval long, so the overlap test can use the
  // (municipality, occurred_from) index: occurred_from in [from - max, to).
  if (q.from) {
    sql += " AND occurred_from >= " + param();
    sql += " AND coalesce(occurred_to, occurred_from) >= " + param();
    p.integer(to_unix(*q.from - kMaxReportInterval)).integer(to_unix(*q.from));
  }
  if (q.to) {
    sql += " AND occurred_from < " + param();
    p.integer(to_unix(*q.to));
  }
  const auto any_of = [&](const char* column, const std::vector<Id>& ids) {
    if (ids.empty()) return;
    sql += std::string(" AND ") + column + " = ANY(" + param() + "::bigint[])";
    p.ids(ids);
  };
  any_of("area_id", q.area_ids);
  any_of("category_id", q.category_ids);
  any_of("organisation_id", q.organisation_ids);
  if (q.status) {
    sql += " AND status = " + param();
    p.text(to_string(*q.status));
  }
  if (q.after) {
    sql += " AND (occurred_from, id) < (" + param() + "::bigint, ";
    sql += param() + "::bigint)";
    p.integer(to_unix(q.after->occurred_from)).integer(q.after->id);
  }
  sql += " ORDER BY occurred_from DESC, id DESC LIMIT " + param();
  if (q.limit < 0)  // as in SQLite: a negative limit is none
    p.null();
  else
    p.integer(q.limit);

  return read([&](pg::Connection& c) {
    const auto r = c.exec(sql, p);
    std::vector<Report> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_report(r, i));
    return out;
  });
}

std::optional<Report> PgStore::report(Id id) {
  return read([&](pg::Connection& c) -> std::optional<Report> {
    const auto r = c.exec(std::string("SELECT ") + kReportColumns + " FROM report WHERE id = $1",
                          pg::Params().integer(id));
    if (r.rows() == 0) return std::nullopt;
    return read_report(r, 0);
  });
}

bool PgStore::update_report(const Report& r) {
  return write("report " + std::to_string(r.id), [&](pg::Connection& c) {
    return c.exec(
                "UPDATE report SET category_id = $1, place_id = $2, area_id = $3, status = $4, "
                "reviewed_by = $5, reviewed_at = $6, severity = $7, count = $8, "
                "description = $9 WHERE id = $10",
                pg::Params()
                    .integer(r.category_id)
                    .id(r.place_id)
                    .id(r.area_id)
                    .text(to_string(r.status))
                    .id(r.reviewed_by)
                    .id(unix_or_null(r.reviewed_at))
                    .integer(r.severity)
                    .integer(r.count)
                    .text(r.description)
                    .integer(r.id))
               .affected() > 0;
  });
}

}  // namespace lagesbild

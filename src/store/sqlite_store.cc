#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <unordered_map>

#include "store/schema.h"

namespace lagesbild {
namespace {

constexpr const char* kPragmas =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"  // see the header: FULL is what makes a WAL commit power-safe
    "PRAGMA foreign_keys=ON;"
    "PRAGMA cache_size=-65536;"
    "PRAGMA temp_store=MEMORY;";

constexpr std::size_t kAuditFlushThreshold = 256;

// Translates SQLite's constraint failures into the store's error types.
[[noreturn]] void rethrow(const SQLite::Exception& e, const std::string& what) {
  const int code = e.getExtendedErrorCode();
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw ConflictError(what + " already exists");
  }
  if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
    throw ConflictError(what + ": it is referred to by other records, or refers to one that does not exist");
  }
  throw StoreError(what + ": " + e.what());
}

void bind_opt(SQLite::Statement& s, int i, const std::optional<Id>& v) {
  if (v) s.bind(i, static_cast<int64_t>(*v));
  else s.bind(i);
}

std::optional<Id> opt_id(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

constexpr const char* kReportColumns =
    "id, municipality, organisation_id, reporter_id, category_id, occurred_from, occurred_to, lat, "
    "lon, x, y, place_id, area_id, count, severity, description, source, external_id, created_at, "
    "status, reviewed_by, reviewed_at";

Report read_report(SQLite::Statement& s) {
  Report r;
  r.id = s.getColumn(0).getInt64();
  r.municipality = s.getColumn(1).getString();
  r.organisation_id = s.getColumn(2).getInt64();
  r.reporter_id = opt_id(s.getColumn(3));
  r.category_id = s.getColumn(4).getInt64();
  r.occurred_from = from_unix(s.getColumn(5).getInt64());
  if (!s.getColumn(6).isNull()) r.occurred_to = from_unix(s.getColumn(6).getInt64());
  if (!s.getColumn(7).isNull()) {
    r.location = Location{s.getColumn(7).getDouble(), s.getColumn(8).getDouble(),
                          s.getColumn(9).getDouble(), s.getColumn(10).getDouble()};
  }
  r.place_id = opt_id(s.getColumn(11));
  r.area_id = opt_id(s.getColumn(12));
  r.count = s.getColumn(13).getInt();
  r.severity = s.getColumn(14).getInt();
  r.description = s.getColumn(15).getString();
  r.source = source_from_string(s.getColumn(16).getText()).value_or(Source::form);
  r.external_id = s.getColumn(17).isNull() ? "" : s.getColumn(17).getString();
  r.created_at = from_unix(s.getColumn(18).getInt64());
  r.status = report_status_from_string(s.getColumn(19).getText()).value_or(ReportStatus::submitted);
  r.reviewed_by = opt_id(s.getColumn(20));
  if (!s.getColumn(21).isNull()) r.reviewed_at = from_unix(s.getColumn(21).getInt64());
  return r;
}

}  // namespace

// A connection with its prepared statements, reused across calls. Statements handed out by
// prepare() are reset by done(), so no statement keeps a read snapshot open between calls.
struct SqliteStore::Conn {
  Conn(const std::string& path, int flags) : db(path, flags | SQLite::OPEN_NOMUTEX, 5000) {}
  SQLite::Statement& prepare(const std::string& sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) {
      if (statements.size() > 256) {  // bounded: query shapes vary with filters
        statements.clear();
        used.clear();
      }
      it = statements.emplace(sql, std::make_unique<SQLite::Statement>(db, sql)).first;
    } else {
      it->second->reset();
      it->second->clearBindings();
    }
    used.push_back(it->second.get());
    return *it->second;
  }
  void done() {
    for (SQLite::Statement* s : used) s->tryReset();
    used.clear();
  }
  SQLite::Database db;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;
  std::vector<SQLite::Statement*> used;
};

struct SqliteStore::PendingInsert {
  std::span<const Report> reports;
  InsertResult result;
  std::exception_ptr error;
  bool done = false;
};

// Holds the write mutex unless this thread already owns an open transaction(), whose lock it joins.
class SqliteStore::WriteLock {
 public:
  explicit WriteLock(SqliteStore& s) : store_(s), owned_(!s.in_own_transaction()) {
    if (owned_) store_.write_mu_.lock();
  }
  ~WriteLock() {
    if (owned_) {
      store_.writer_->done();
      store_.write_mu_.unlock();
    }
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  SqliteStore& store_;
  bool owned_;
};

template <class Fn>
auto SqliteStore::read(Fn&& fn) {
  if (in_own_transaction()) {
    struct Done {
      Conn& c;
      ~Done() { c.done(); }
    } done{*writer_};
    return fn(*writer_);
  }
  std::unique_ptr<Conn> reader;
  {
    std::lock_guard lk(readers_mu_);
    if (!idle_readers_.empty()) {
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  if (!reader) reader = open_reader();
  struct Return {
    SqliteStore* self;
    std::unique_ptr<Conn>& r;
    ~Return() {
      r->done();
      std::lock_guard lk(self->readers_mu_);
      self->idle_readers_.push_back(std::move(r));
    }
  } give_back{this, reader};
  try {
    return fn(*reader);
  } catch (const SQLite::Exception& e) {
    throw StoreError(std::string("read failed: ") + e.what());
  }
}

SqliteStore::SqliteStore(const std::string& path) : path_(path) {
  try {
    writer_ = std::make_unique<Conn>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    writer_->db.exec(kPragmas);
    migrate();
  } catch (const SQLite::Exception& e) {
    throw StoreError("cannot open database '" + path + "': " + e.what());
  }
}

SqliteStore::~SqliteStore() {
  try {
    std::lock_guard lk(write_mu_);
    flush_audit_locked();
  } catch (const std::exception& e) {
    spdlog::error("audit entries lost at close: {}", e.what());
  }
}

std::string SqliteStore::describe() const { return "sqlite:" + path_; }

bool SqliteStore::in_own_transaction() const {
  return tx_owner_.load() == std::this_thread::get_id();
}

void SqliteStore::migrate() {
  const auto& migrations = sqlite_migrations();
  const int current = writer_->db.execAndGet("PRAGMA user_version").getInt();
  if (current > static_cast<int>(migrations.size())) {
    throw StoreError("database schema version " + std::to_string(current) +
                     " is newer than this program knows (" + std::to_string(migrations.size()) +
                     ")");
  }
  for (int v = current; v < static_cast<int>(migrations.size()); ++v) {
    SQLite::Transaction tx(writer_->db, SQLite::TransactionBehavior::IMMEDIATE);
    writer_->db.exec(std::string(migrations[v]));
    writer_->db.exec("PRAGMA user_version=" + std::to_string(v + 1));
    tx.commit();
    spdlog::info("database {}: migrated to schema version {}", path_, v + 1);
  }
}

int SqliteStore::schema_version() {
  return read([](Conn& c) { return c.db.execAndGet("PRAGMA user_version").getInt(); });
}

std::unique_ptr<SqliteStore::Conn> SqliteStore::open_reader() const {
  auto c = std::make_unique<Conn>(path_, SQLite::OPEN_READONLY);
  c->db.exec("PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; PRAGMA mmap_size=268435456;");
  return c;
}

// ---- municipalities --------------------------------------------------------------------------

namespace {
Municipality read_municipality(SQLite::Statement& s) {
  return Municipality{s.getColumn(0).getString(), s.getColumn(1).getString(),
                      s.getColumn(2).getInt(), s.getColumn(3).getString()};
}
constexpr const char* kMunicipalitySelect =
    "SELECT code, name, reporting_cadence_days, boundary_geojson FROM municipality";
}  // namespace

std::vector<Municipality> SqliteStore::municipalities() {
  return read([](Conn& c) {
    SQLite::Statement& s = c.prepare(std::string(kMunicipalitySelect) + " ORDER BY code");
    std::vector<Municipality> out;
    while (s.executeStep()) out.push_back(read_municipality(s));
    return out;
  });
}

std::optional<Municipality> SqliteStore::municipality(const std::string& code) {
  return read([&](Conn& c) -> std::optional<Municipality> {
    SQLite::Statement& s = c.prepare(std::string(kMunicipalitySelect) + " WHERE code = ?");
    s.bind(1, code);
    if (!s.executeStep()) return std::nullopt;
    return read_municipality(s);
  });
}

void SqliteStore::put_municipality(const Municipality& m) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("INSERT INTO municipality (code, name, reporting_cadence_days, "
                        "boundary_geojson) VALUES (?,?,?,?) ON CONFLICT(code) DO UPDATE SET "
                        "name=excluded.name, reporting_cadence_days=excluded.reporting_cadence_days, "
                        "boundary_geojson=excluded.boundary_geojson");
    s.bind(1, m.code);
    s.bind(2, m.name);
    s.bind(3, m.reporting_cadence_days);
    s.bind(4, m.boundary_geojson);
    s.exec();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "municipality " + m.code);
  }
}

// ---- organisations, categories, areas, places ------------------------------------------------

std::vector<Organisation> SqliteStore::organisations(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare("SELECT id, municipality, name, kind FROM organisation WHERE "
                        "municipality = ? ORDER BY name");
    s.bind(1, municipality);
    std::vector<Organisation> out;
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getString(), s.getColumn(3).getString()});
    }
    return out;
  });
}

Id SqliteStore::insert_organisation(const Organisation& o) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("INSERT INTO organisation (municipality, name, kind) VALUES (?,?,?)");
    s.bind(1, o.municipality);
    s.bind(2, o.name);
    s.bind(3, o.kind);
    s.exec();
    return writer_->db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "organisation '" + o.name + "'");
  }
}

bool SqliteStore::update_organisation(const Organisation& o) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("UPDATE organisation SET name = ?, kind = ? WHERE id = ? AND municipality = ?");
    s.bind(1, o.name);
    s.bind(2, o.kind);
    s.bind(3, static_cast<int64_t>(o.id));
    s.bind(4, o.municipality);
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "organisation '" + o.name + "'");
  }
}

namespace {
bool remove_row(SqliteStore::Conn& c, const char* table, const std::string& municipality, Id id) {
  try {
    SQLite::Statement& s = c.prepare(std::string("DELETE FROM ") + table + " WHERE id = ? AND municipality = ?");
    s.bind(1, static_cast<int64_t>(id));
    s.bind(2, municipality);
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    rethrow(e, std::string(table) + " " + std::to_string(id));
  }
}
}  // namespace

bool SqliteStore::remove_organisation(const std::string& municipality, Id id) {
  WriteLock lk(*this);
  return remove_row(*writer_, "organisation", municipality, id);
}

std::vector<Category> SqliteStore::categories(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare("SELECT id, municipality, code, name, parent_id, active FROM category WHERE "
                        "municipality = ? ORDER BY code");
    s.bind(1, municipality);
    std::vector<Category> out;
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getString(), s.getColumn(3).getString(),
                     opt_id(s.getColumn(4)), s.getColumn(5).getInt() != 0});
    }
    return out;
  });
}

Id SqliteStore::insert_category(const Category& c) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("INSERT INTO category (municipality, code, name, parent_id, active) "
                        "VALUES (?,?,?,?,?)");
    s.bind(1, c.municipality);
    s.bind(2, c.code);
    s.bind(3, c.name);
    bind_opt(s, 4, c.parent_id);
    s.bind(5, c.active ? 1 : 0);
    s.exec();
    return writer_->db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "category '" + c.code + "'");
  }
}

bool SqliteStore::update_category(const Category& c) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("UPDATE category SET code = ?, name = ?, parent_id = ?, active = ? WHERE "
                        "id = ? AND municipality = ?");
    s.bind(1, c.code);
    s.bind(2, c.name);
    bind_opt(s, 3, c.parent_id);
    s.bind(4, c.active ? 1 : 0);
    s.bind(5, static_cast<int64_t>(c.id));
    s.bind(6, c.municipality);
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "category '" + c.code + "'");
  }
}

bool SqliteStore::remove_category(const std::string& municipality, Id id) {
  WriteLock lk(*this);
  return remove_row(*writer_, "category", municipality, id);
}

std::vector<Area> SqliteStore::areas(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare("SELECT id, municipality, name, kind, geometry_geojson FROM area WHERE "
                        "municipality = ? ORDER BY name");
    s.bind(1, municipality);
    std::vector<Area> out;
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getString(), s.getColumn(3).getString(),
                     s.getColumn(4).getString()});
    }
    return out;
  });
}

Id SqliteStore::insert_area(const Area& a) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("INSERT INTO area (municipality, name, kind, geometry_geojson) VALUES (?,?,?,?)");
    s.bind(1, a.municipality);
    s.bind(2, a.name);
    s.bind(3, a.kind);
    s.bind(4, a.geometry_geojson);
    s.exec();
    return writer_->db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "area '" + a.name + "'");
  }
}

bool SqliteStore::update_area(const Area& a) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("UPDATE area SET name = ?, kind = ?, geometry_geojson = ? WHERE id = ? AND "
                        "municipality = ?");
    s.bind(1, a.name);
    s.bind(2, a.kind);
    s.bind(3, a.geometry_geojson);
    s.bind(4, static_cast<int64_t>(a.id));
    s.bind(5, a.municipality);
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "area '" + a.name + "'");
  }
}

bool SqliteStore::remove_area(const std::string& municipality, Id id) {
  WriteLock lk(*this);
  return remove_row(*writer_, "area", municipality, id);
}

std::vector<Place> SqliteStore::places(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare("SELECT id, municipality, name, kind, lat, lon, x, y, area_id FROM place "
                        "WHERE municipality = ? ORDER BY name");
    s.bind(1, municipality);
    std::vector<Place> out;
    while (s.executeStep()) {
      Place p{s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(),
              s.getColumn(3).getString(),
              Location{s.getColumn(4).getDouble(), s.getColumn(5).getDouble(),
                       s.getColumn(6).getDouble(), s.getColumn(7).getDouble()},
              opt_id(s.getColumn(8))};
      out.push_back(std::move(p));
    }
    return out;
  });
}

namespace {
void bind_place(SQLite::Statement& s, const Place& p) {
  s.bind(1, p.name);
  s.bind(2, p.kind);
  s.bind(3, p.location.lat);
  s.bind(4, p.location.lon);
  s.bind(5, p.location.x);
  s.bind(6, p.location.y);
  bind_opt(s, 7, p.area_id);
}
}  // namespace

Id SqliteStore::insert_place(const Place& p) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("INSERT INTO place (name, kind, lat, lon, x, y, area_id, municipality) "
                        "VALUES (?,?,?,?,?,?,?,?)");
    bind_place(s, p);
    s.bind(8, p.municipality);
    s.exec();
    return writer_->db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "place '" + p.name + "'");
  }
}

bool SqliteStore::update_place(const Place& p) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("UPDATE place SET name = ?, kind = ?, lat = ?, lon = ?, x = ?, y = ?, "
                        "area_id = ? WHERE municipality = ? AND id = ?");
    bind_place(s, p);
    s.bind(8, p.municipality);
    s.bind(9, static_cast<int64_t>(p.id));
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "place '" + p.name + "'");
  }
}

bool SqliteStore::remove_place(const std::string& municipality, Id id) {
  WriteLock lk(*this);
  return remove_row(*writer_, "place", municipality, id);
}

// ---- reports ---------------------------------------------------------------------------------

void SqliteStore::insert_reports_locked(std::span<const Report> reports, InsertResult& result) {
  static constexpr const char* kInsert =
      "INSERT INTO report (municipality, organisation_id, reporter_id, category_id, occurred_from, "
      "occurred_to, lat, lon, x, y, place_id, area_id, count, severity, description, source, "
      "external_id, created_at, status, reviewed_by, reviewed_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
      "ON CONFLICT (municipality, source, organisation_id, external_id) "
      "WHERE external_id IS NOT NULL DO NOTHING";
  SQLite::Statement& ins = writer_->prepare(kInsert);
  SQLite::Statement* existing = nullptr;
  result.ids.reserve(result.ids.size() + reports.size());
  for (const Report& r : reports) {
    ins.reset();
    ins.bindNoCopy(1, r.municipality);
    ins.bind(2, static_cast<int64_t>(r.organisation_id));
    bind_opt(ins, 3, r.reporter_id);
    ins.bind(4, static_cast<int64_t>(r.category_id));
    ins.bind(5, static_cast<int64_t>(to_unix(r.occurred_from)));
    if (r.occurred_to) ins.bind(6, static_cast<int64_t>(to_unix(*r.occurred_to)));
    else ins.bind(6);
    if (r.location) {
      ins.bind(7, r.location->lat);
      ins.bind(8, r.location->lon);
      ins.bind(9, r.location->x);
      ins.bind(10, r.location->y);
    } else {
      for (int i = 7; i <= 10; ++i) ins.bind(i);
    }
    bind_opt(ins, 11, r.place_id);
    bind_opt(ins, 12, r.area_id);
    ins.bind(13, r.count);
    ins.bind(14, r.severity);
    ins.bindNoCopy(15, r.description);
    ins.bindNoCopy(16, to_string(r.source).data());
    if (r.external_id.empty()) ins.bind(17);
    else ins.bindNoCopy(17, r.external_id);
    ins.bind(18, static_cast<int64_t>(to_unix(r.created_at)));
    ins.bindNoCopy(19, to_string(r.status).data());
    bind_opt(ins, 20, r.reviewed_by);
    if (r.reviewed_at) ins.bind(21, static_cast<int64_t>(to_unix(*r.reviewed_at)));
    else ins.bind(21);
    if (ins.exec() > 0) {
      result.ids.push_back(writer_->db.getLastInsertRowid());
      ++result.inserted;
      continue;
    }
    // A duplicate by external id: report the row that is already there.
    if (!existing) {
      existing = &writer_->prepare(
          "SELECT id FROM report WHERE municipality = ? AND source = ? AND "
          "organisation_id = ? AND external_id = ?");
    }
    existing->reset();
    existing->bind(1, r.municipality);
    existing->bind(2, std::string(to_string(r.source)));
    existing->bind(3, static_cast<int64_t>(r.organisation_id));
    existing->bind(4, r.external_id);
    if (!existing->executeStep()) throw StoreError("insert ignored but no existing report found");
    result.ids.push_back(existing->getColumn(0).getInt64());
    ++result.duplicates;
  }
}

void SqliteStore::group_commit(std::deque<PendingInsert*>& batch) {
  WriteLock lk(*this);
  try {
    writer_->db.exec("BEGIN IMMEDIATE");
    for (PendingInsert* p : batch) {
      writer_->db.exec("SAVEPOINT caller");
      try {
        insert_reports_locked(p->reports, p->result);
        writer_->db.exec("RELEASE caller");
      } catch (...) {
        writer_->db.exec("ROLLBACK TO caller");
        writer_->db.exec("RELEASE caller");
        p->result = {};
        p->error = std::current_exception();
      }
    }
    flush_audit_locked();
    writer_->db.exec("COMMIT");
  } catch (const SQLite::Exception& e) {
    writer_->db.tryExec("ROLLBACK");
    auto err = std::make_exception_ptr(StoreError(std::string("commit failed: ") + e.what()));
    for (PendingInsert* p : batch) p->error = err;
  }
}

InsertResult SqliteStore::insert_reports(std::span<const Report> reports) {
  if (in_own_transaction()) {
    InsertResult result;
    try {
      insert_reports_locked(reports, result);
    } catch (const SQLite::Exception& e) {
      rethrow(e, "report");
    }
    return result;
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
    } catch (const SQLite::Exception& e) {
      rethrow(e, "report");
    }
  }
  return std::move(me.result);
}

std::vector<Report> SqliteStore::query_reports(const ReportQuery& q) {
  std::string sql = std::string("SELECT ") + kReportColumns + " FROM report WHERE municipality = ?";
  // Intervals are at most kMaxReportInterval long, so the overlap test can use the
  // (municipality, occurred_from) index: occurred_from in [from - max, to).
  if (q.from) sql += " AND occurred_from >= ? AND coalesce(occurred_to, occurred_from) >= ?";
  if (q.to) sql += " AND occurred_from < ?";
  auto in_list = [&](const char* column, const std::vector<Id>& ids) {
    if (ids.empty()) return;
    sql += std::string(" AND ") + column + " IN (";
    for (size_t i = 0; i < ids.size(); ++i) sql += i ? ",?" : "?";
    sql += ")";
  };
  in_list("area_id", q.area_ids);
  in_list("category_id", q.category_ids);
  in_list("organisation_id", q.organisation_ids);
  if (q.status) sql += " AND status = ?";
  if (q.after) sql += " AND (occurred_from < ? OR (occurred_from = ? AND id < ?))";
  sql += " ORDER BY occurred_from DESC, id DESC LIMIT ?";

  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(sql);
    int i = 1;
    s.bind(i++, q.municipality);
    if (q.from) {
      s.bind(i++, static_cast<int64_t>(to_unix(*q.from - kMaxReportInterval)));
      s.bind(i++, static_cast<int64_t>(to_unix(*q.from)));
    }
    if (q.to) s.bind(i++, static_cast<int64_t>(to_unix(*q.to)));
    for (const auto* ids : {&q.area_ids, &q.category_ids, &q.organisation_ids}) {
      for (Id id : *ids) s.bind(i++, static_cast<int64_t>(id));
    }
    if (q.status) s.bind(i++, std::string(to_string(*q.status)));
    if (q.after) {
      s.bind(i++, static_cast<int64_t>(to_unix(q.after->occurred_from)));
      s.bind(i++, static_cast<int64_t>(to_unix(q.after->occurred_from)));
      s.bind(i++, static_cast<int64_t>(q.after->id));
    }
    s.bind(i++, q.limit);
    std::vector<Report> out;
    out.reserve(static_cast<size_t>(std::clamp(q.limit, 0, 1000)));
    while (s.executeStep()) out.push_back(read_report(s));
    return out;
  });
}

std::optional<Report> SqliteStore::report(Id id) {
  return read([&](Conn& c) -> std::optional<Report> {
    SQLite::Statement& s = c.prepare(std::string("SELECT ") + kReportColumns + " FROM report WHERE id = ?");
    s.bind(1, static_cast<int64_t>(id));
    if (!s.executeStep()) return std::nullopt;
    return read_report(s);
  });
}

bool SqliteStore::update_report(const Report& r) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare(
        "UPDATE report SET category_id = ?, place_id = ?, area_id = ?, status = ?, reviewed_by = ?, "
        "reviewed_at = ?, severity = ?, count = ?, description = ? WHERE id = ?");
    s.bind(1, static_cast<int64_t>(r.category_id));
    bind_opt(s, 2, r.place_id);
    bind_opt(s, 3, r.area_id);
    s.bind(4, std::string(to_string(r.status)));
    bind_opt(s, 5, r.reviewed_by);
    if (r.reviewed_at) s.bind(6, static_cast<int64_t>(to_unix(*r.reviewed_at)));
    else s.bind(6);
    s.bind(7, r.severity);
    s.bind(8, r.count);
    s.bind(9, r.description);
    s.bind(10, static_cast<int64_t>(r.id));
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "report " + std::to_string(r.id));
  }
}

// ---- users and sessions ----------------------------------------------------------------------

namespace {
constexpr const char* kUserSelect =
    "SELECT id, username, display_name, password_hash, disabled FROM user_account";

std::vector<User> read_users(SqliteStore::Conn& c, SQLite::Statement& s) {
  std::vector<User> out;
  while (s.executeStep()) {
    out.push_back(User{s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                       s.getColumn(2).getString(), s.getColumn(3).getString(),
                       s.getColumn(4).getInt() != 0, {}});
  }
  SQLite::Statement& g = c.prepare(
      "SELECT municipality, role, organisation_id FROM role_grant WHERE user_id = ? "
      "ORDER BY municipality, role, organisation_id");
  for (User& u : out) {
    g.reset();
    g.bind(1, static_cast<int64_t>(u.id));
    while (g.executeStep()) {
      u.grants.push_back(RoleGrant{g.getColumn(0).getString(),
                                   role_from_string(g.getColumn(1).getText()).value_or(Role::viewer),
                                   g.getColumn(2).getInt64()});
    }
  }
  return out;
}

void write_grants(SqliteStore::Conn& c, const User& u) {
  SQLite::Statement& del = c.prepare("DELETE FROM role_grant WHERE user_id = ?");
  del.bind(1, static_cast<int64_t>(u.id));
  del.exec();
  SQLite::Statement& ins = c.prepare(
      "INSERT INTO role_grant (user_id, municipality, role, organisation_id) VALUES (?,?,?,?)");
  for (const RoleGrant& g : u.grants) {
    ins.reset();
    ins.bind(1, static_cast<int64_t>(u.id));
    ins.bind(2, g.municipality);
    ins.bind(3, std::string(to_string(g.role)));
    ins.bind(4, static_cast<int64_t>(g.organisation_id));
    ins.exec();
  }
}
}  // namespace

std::optional<User> SqliteStore::user_by_name(const std::string& username) {
  return read([&](Conn& c) -> std::optional<User> {
    SQLite::Statement& s = c.prepare(std::string(kUserSelect) + " WHERE username = ?");
    s.bind(1, username);
    auto users = read_users(c, s);
    if (users.empty()) return std::nullopt;
    return std::move(users.front());
  });
}

std::optional<User> SqliteStore::user(Id id) {
  return read([&](Conn& c) -> std::optional<User> {
    SQLite::Statement& s = c.prepare(std::string(kUserSelect) + " WHERE id = ?");
    s.bind(1, static_cast<int64_t>(id));
    auto users = read_users(c, s);
    if (users.empty()) return std::nullopt;
    return std::move(users.front());
  });
}

std::vector<User> SqliteStore::users() {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(std::string(kUserSelect) + " ORDER BY username");
    return read_users(c, s);
  });
}

Id SqliteStore::insert_user(const User& u) {
  Id id = 0;
  transaction([&] {
    try {
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO user_account (username, display_name, password_hash, disabled) "
          "VALUES (?,?,?,?)");
      s.bind(1, u.username);
      s.bind(2, u.display_name);
      s.bind(3, u.password_hash);
      s.bind(4, u.disabled ? 1 : 0);
      s.exec();
      id = writer_->db.getLastInsertRowid();
      User with_id = u;
      with_id.id = id;
      write_grants(*writer_, with_id);
    } catch (const SQLite::Exception& e) {
      rethrow(e, "user '" + u.username + "'");
    }
  });
  return id;
}

bool SqliteStore::update_user(const User& u) {
  bool found = false;
  transaction([&] {
    try {
      SQLite::Statement& s = writer_->prepare(
          "UPDATE user_account SET display_name = ?, password_hash = ?, disabled = ? WHERE id = ?");
      s.bind(1, u.display_name);
      s.bind(2, u.password_hash);
      s.bind(3, u.disabled ? 1 : 0);
      s.bind(4, static_cast<int64_t>(u.id));
      found = s.exec() > 0;
      if (found) write_grants(*writer_, u);
      if (found && u.disabled) {  // a disabled user is logged out at once
        SQLite::Statement& d = writer_->prepare("DELETE FROM session WHERE user_id = ?");
        d.bind(1, static_cast<int64_t>(u.id));
        d.exec();
      }
    } catch (const SQLite::Exception& e) {
      rethrow(e, "user '" + u.username + "'");
    }
  });
  return found;
}

void SqliteStore::insert_session(const Session& s) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& st = writer_->prepare(
        "INSERT INTO session (token_hash, user_id, created_at, expires_at) VALUES (?,?,?,?)");
    st.bind(1, s.token_hash);
    st.bind(2, static_cast<int64_t>(s.user_id));
    st.bind(3, static_cast<int64_t>(to_unix(s.created_at)));
    st.bind(4, static_cast<int64_t>(to_unix(s.expires_at)));
    st.exec();
    // Expired sessions are removed as new ones arrive, so the table stays small.
    SQLite::Statement& gc = writer_->prepare("DELETE FROM session WHERE expires_at < ?");
    gc.bind(1, static_cast<int64_t>(to_unix(s.created_at)));
    gc.exec();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "session");
  }
}

std::optional<Session> SqliteStore::session(const std::string& token_hash) {
  return read([&](Conn& c) -> std::optional<Session> {
    SQLite::Statement& s = c.prepare(
        "SELECT token_hash, user_id, created_at, expires_at FROM session WHERE token_hash = ?");
    s.bind(1, token_hash);
    if (!s.executeStep()) return std::nullopt;
    return Session{s.getColumn(0).getString(), s.getColumn(1).getInt64(),
                   from_unix(s.getColumn(2).getInt64()), from_unix(s.getColumn(3).getInt64())};
  });
}

void SqliteStore::remove_session(const std::string& token_hash) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare("DELETE FROM session WHERE token_hash = ?");
    s.bind(1, token_hash);
    s.exec();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "session");
  }
}

// ---- audit -----------------------------------------------------------------------------------

void SqliteStore::audit(const AuditEntry& e) {
  bool flush = false;
  {
    std::lock_guard lk(audit_mu_);
    audit_buffer_.push_back(e);
    flush = audit_buffer_.size() >= kAuditFlushThreshold;
  }
  if (flush) transaction([] {});  // a commit flushes the buffer
}

void SqliteStore::flush_audit_locked() {
  std::vector<AuditEntry> entries;
  {
    std::lock_guard lk(audit_mu_);
    entries.swap(audit_buffer_);
  }
  if (entries.empty()) return;
  SQLite::Statement& s = writer_->prepare(
      "INSERT INTO audit_log (at, user_id, municipality, action, object, address) "
      "VALUES (?,?,?,?,?,?)");
  for (const AuditEntry& e : entries) {
    s.reset();
    s.bind(1, static_cast<int64_t>(to_unix(e.at)));
    bind_opt(s, 2, e.user_id);
    s.bind(3, e.municipality);
    s.bind(4, e.action);
    s.bind(5, e.object);
    s.bind(6, e.address);
    s.exec();
  }
}

std::vector<AuditEntry> SqliteStore::audit_entries(std::size_t limit) {
  transaction([] {});  // make buffered entries visible
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT at, user_id, municipality, action, object, address FROM audit_log "
        "ORDER BY id DESC LIMIT ?");
    s.bind(1, static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (s.executeStep()) {
      out.push_back(AuditEntry{from_unix(s.getColumn(0).getInt64()), opt_id(s.getColumn(1)),
                               s.getColumn(2).getString(), s.getColumn(3).getString(),
                               s.getColumn(4).getString(), s.getColumn(5).getString()});
    }
    return out;
  });
}

// ---- transactions ----------------------------------------------------------------------------

void SqliteStore::transaction(const std::function<void()>& fn) {
  if (in_own_transaction()) {  // nested: join the outer transaction
    fn();
    return;
  }
  std::lock_guard lk(write_mu_);
  struct Owner {
    SqliteStore& s;
    explicit Owner(SqliteStore& st) : s(st) { s.tx_owner_ = std::this_thread::get_id(); }
    ~Owner() {
      s.writer_->done();
      s.tx_owner_ = std::thread::id{};
    }
  } owner(*this);
  try {
    writer_->db.exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    throw StoreError(std::string("cannot begin a transaction: ") + e.what());
  }
  try {
    fn();
    flush_audit_locked();
    writer_->db.exec("COMMIT");
  } catch (...) {
    writer_->db.tryExec("ROLLBACK");
    throw;
  }
}

std::unique_ptr<Store> open_store(const std::string& url) {
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    throw StoreError("the PostgreSQL engine is not available in this build yet; use a SQLite file");
  }
  std::string path = url.rfind("sqlite:", 0) == 0 ? url.substr(7) : url;
  if (path.empty()) throw StoreError("no database path given");
  return std::make_unique<SqliteStore>(path);
}

}  // namespace lagesbild

#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <bit>
#include <set>
#include <tuple>
#include <unordered_map>
#include <variant>

#include "store/audit_chain.h"
#include "store/schema.h"
#include "store/sqlite_raw.h"
#include "store/sqlite_store_internal.h"
#include "store/store_errors.h"

namespace lagesbild {
namespace {

constexpr const char* kPragmas =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"  // see the header: FULL is what makes a WAL commit power-safe
    "PRAGMA foreign_keys=ON;"
    "PRAGMA cache_size=-65536;"
    "PRAGMA temp_store=MEMORY;";

// The access log is written by a background thread (see audit_flusher), so that a request never
// waits for the disk because of a read. It writes when this many entries wait or after
// kAuditFlushInterval; past kAuditBacklogLimit callers wait for it, so memory stays bounded.
constexpr std::size_t kAuditFlushThreshold = 256;
constexpr std::size_t kAuditBacklogLimit = 65'536;
constexpr std::chrono::milliseconds kAuditFlushInterval{500};

// SQLite's memory statistics take a global mutex on every allocation, and a statement allocates
// several times per row: a sixth of the time of a bulk insert. Nothing here reads the statistics.
// The setting only takes before the library initialises (the first connection of the process);
// later calls fail harmlessly.
void disable_memory_statistics() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

using sqlite_detail::bind_opt;
using sqlite_detail::opt_id;
using sqlite_detail::rethrow;

}  // namespace

struct SqliteStore::PendingInsert {
  std::span<const Report> reports;
  InsertResult result;
  std::exception_ptr error;
  bool done = false;
};

SqliteStore::SqliteStore(const std::string& path) : path_(path) {
  disable_memory_statistics();
  try {
    writer_ = std::make_unique<Conn>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // 16 KiB pages (set before the file gets its first table): shallower b-trees and fewer page
    // splits; a 1M-row import runs about a quarter faster than with the default 4 KiB.
    if (writer_->db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() == 0) {
      writer_->db.exec("PRAGMA page_size=16384");
    }
    writer_->db.exec(kPragmas);
    migrate();
    chain_logged_before_the_chain();
  } catch (const SQLite::Exception& e) {
    // A file system that is read-only or full may be mended while `serve` waits: say so by the
    // error's type (store_errors.h).
    std::string message =
        "cannot open database '" + path + "': " + e.what() + store::read_only_note(path);
    const int code = e.getErrorCode();
    if (code == SQLITE_READONLY || code == SQLITE_FULL || code == SQLITE_IOERR ||
        !store::read_only_note(path).empty()) {
      throw UnavailableError(std::move(message));
    }
    throw StoreError(std::move(message));
  }
  audit_flusher_ = std::thread([this] { audit_flusher(); });
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lk(audit_mu_);
    audit_stopping_ = true;
  }
  audit_cv_.notify_all();
  if (audit_flusher_.joinable()) audit_flusher_.join();
  try {
    transaction([] {});  // writes what the access log still holds
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
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO municipality (code, name, reporting_cadence_days, "
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

PersonalDataPolicy SqliteStore::personal_data_policy(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s =
        c.prepare("SELECT personal_data_policy FROM municipality WHERE code = ?");
    s.bind(1, municipality);
    return s.executeStep() && s.getColumn(0).getString() == "block" ? PersonalDataPolicy::block
                                                                    : PersonalDataPolicy::warn;
  });
}

bool SqliteStore::set_personal_data_policy(const std::string& municipality,
                                           PersonalDataPolicy policy) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s =
        writer_->prepare("UPDATE municipality SET personal_data_policy = ? WHERE code = ?");
    s.bind(1, policy == PersonalDataPolicy::block ? "block" : "warn");
    s.bind(2, municipality);
    return s.exec() == 1;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "municipality " + municipality);
  }
}

// ---- organisations, categories, areas, places ------------------------------------------------

std::vector<Organisation> SqliteStore::organisations(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, name, kind FROM organisation WHERE "
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
    SQLite::Statement& s =
        writer_->prepare("INSERT INTO organisation (municipality, name, kind) VALUES (?,?,?)");
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
    SQLite::Statement& s = writer_->prepare(
        "UPDATE organisation SET name = ?, kind = ? WHERE id = ? AND municipality = ?");
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
    SQLite::Statement& s =
        c.prepare(std::string("DELETE FROM ") + table + " WHERE id = ? AND municipality = ?");
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
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, code, name, parent_id, active FROM category WHERE "
        "municipality = ? ORDER BY code");
    s.bind(1, municipality);
    std::vector<Category> out;
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getString(), s.getColumn(3).getString(), opt_id(s.getColumn(4)),
                     s.getColumn(5).getInt() != 0});
    }
    return out;
  });
}

Id SqliteStore::insert_category(const Category& c) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO category (municipality, code, name, parent_id, active) "
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
    SQLite::Statement& s = writer_->prepare(
        "UPDATE category SET code = ?, name = ?, parent_id = ?, active = ? WHERE "
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
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, name, kind, geometry_geojson FROM area WHERE "
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
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO area (municipality, name, kind, geometry_geojson) VALUES (?,?,?,?)");
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
    SQLite::Statement& s = writer_->prepare(
        "UPDATE area SET name = ?, kind = ?, geometry_geojson = ? WHERE id = ? AND "
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
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, name, kind, lat, lon, x, y, area_id FROM place "
        "WHERE municipality = ? ORDER BY name");
    s.bind(1, municipality);
    std::vector<Place> out;
    while (s.executeStep()) {
      Place p{s.getColumn(0).getInt64(),
              s.getColumn(1).getString(),
              s.getColumn(2).getString(),
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
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO place (name, kind, lat, lon, x, y, area_id, municipality) "
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
    SQLite::Statement& s = writer_->prepare(
        "UPDATE place SET name = ?, kind = ?, lat = ?, lon = ?, x = ?, y = ?, "
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

namespace {

constexpr const char* kInsertReport =
    "INSERT INTO report (municipality, organisation_id, reporter_id, category_id, occurred_from, "
    "occurred_to, lat, lon, x, y, place_id, area_id, count, severity, description, source, "
    "external_id, created_at, status, reviewed_by, reviewed_at, location_precision) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT (municipality, source, organisation_id, external_id) "
    "WHERE external_id IS NOT NULL DO NOTHING";

// Binds the parameters of one statement row after row through the C API, skipping every value
// that is already bound: bindings survive sqlite3_reset, the rows of an import share half their
// values, and each sqlite3_bind_* call costs as much as a tenth of storing the row. Text is bound
// without a copy, so it must stay alive and unchanged until the statement's last step with it.
class RowBinder {
 public:
  explicit RowBinder(sqlite3_stmt* s) : s_(s) {}

  void null(int i) {
    if (changes(i, Null{})) sqlite3_bind_null(s_, i);
  }
  void integer(int i, std::int64_t v) {
    if (changes(i, v)) sqlite3_bind_int64(s_, i, v);
  }
  void integer(int i, const std::optional<std::int64_t>& v) {
    if (v)
      integer(i, *v);
    else
      null(i);
  }
  void real(int i, double v) {  // compared bit for bit: 0.0 and -0.0 are different values
    if (changes(i, std::bit_cast<std::uint64_t>(v))) sqlite3_bind_double(s_, i, v);
  }
  void text(int i, std::string_view v) {
    if (changes(i, v))
      sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }

 private:
  struct Null {
    bool operator==(const Null&) const = default;
  };
  // What parameter i holds; monostate until this binder binds it.
  using Value = std::variant<std::monostate, Null, std::int64_t, std::uint64_t, std::string_view>;

  bool changes(int i, Value v) {
    Value& bound = bound_.at(static_cast<std::size_t>(i));
    if (bound == v) return false;
    bound = v;
    return true;
  }

  sqlite3_stmt* s_;
  std::array<Value, 23> bound_{};  // by parameter number, 1-based
};

// Binds `r` to kInsertReport; `r` outlives the step.
void bind_report(RowBinder& b, const Report& r) {
  const auto time = [&](int i, const std::optional<UtcSeconds>& t) {
    b.integer(i, t ? std::optional<std::int64_t>(to_unix(*t)) : std::nullopt);
  };
  b.text(1, r.municipality);
  b.integer(2, r.organisation_id);
  b.integer(3, r.reporter_id);
  b.integer(4, r.category_id);
  b.integer(5, to_unix(r.occurred_from));
  time(6, r.occurred_to);
  if (r.location) {
    b.real(7, r.location->lat);
    b.real(8, r.location->lon);
    b.real(9, r.location->x);
    b.real(10, r.location->y);
  } else {
    for (int i = 7; i <= 10; ++i) b.null(i);
  }
  b.integer(11, r.place_id);
  b.integer(12, r.area_id);
  b.integer(13, r.count);
  b.integer(14, r.severity);
  b.text(15, r.description);
  b.text(16, to_string(r.source));
  if (r.external_id.empty())
    b.null(17);
  else
    b.text(17, r.external_id);
  b.integer(18, to_unix(r.created_at));
  b.text(19, to_string(r.status));
  b.integer(20, r.reviewed_by);
  time(21, r.reviewed_at);
  b.text(22, to_string(r.location_precision));
}

// Positions of `reports` by occurred_from, ties in input order. Written in this order, the
// (municipality, occurred_from) index grows in sweeps over neighbouring pages that are in the CPU
// cache, instead of one random page per row: a fifth off a large import in random time order.
std::vector<std::size_t> time_order(std::span<const Report> reports) {
  std::vector<std::pair<std::int64_t, std::size_t>> keyed(reports.size());
  for (std::size_t i = 0; i < reports.size(); ++i)
    keyed[i] = {to_unix(reports[i].occurred_from), i};
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::size_t> order(reports.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) order[i] = keyed[i].second;
  return order;
}

// How many rows ahead prefetch() runs: enough to cover a memory access, few enough to stay cached.
constexpr std::size_t kPrefetchAhead = 8;

// Asks the CPU to load what bind_report will read of `r`.
void prefetch(const Report& r) {
  const char* p = reinterpret_cast<const char*>(&r);
  for (std::size_t offset = 0; offset < sizeof(Report); offset += 64)
    __builtin_prefetch(p + offset);
  __builtin_prefetch(r.description.data());
  __builtin_prefetch(r.external_id.data());
}

}  // namespace

Id SqliteStore::existing_report_id(Conn& c, const Report& r) {
  sqlite3_stmt* s = c.raw.prepare(
      "SELECT id FROM report WHERE municipality = ? AND source = ? AND organisation_id = ? AND "
      "external_id = ?");
  const std::string_view source = to_string(r.source);
  sqlite3_bind_text(s, 1, r.municipality.data(), static_cast<int>(r.municipality.size()),
                    SQLITE_STATIC);
  sqlite3_bind_text(s, 2, source.data(), static_cast<int>(source.size()), SQLITE_STATIC);
  sqlite3_bind_int64(s, 3, r.organisation_id);
  sqlite3_bind_text(s, 4, r.external_id.data(), static_cast<int>(r.external_id.size()),
                    SQLITE_STATIC);
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_DONE) throw StoreError("insert ignored but no existing report found");
  if (rc != SQLITE_ROW) throw SQLite::Exception(c.db.getHandle(), rc);
  const Id id = sqlite3_column_int64(s, 0);
  sqlite3_reset(s);
  return id;
}

void SqliteStore::insert_reports_locked(Conn& c, std::span<const Report> reports,
                                        InsertResult& result, bool by_time) {
  sqlite3* db = c.db.getHandle();
  sqlite3_stmt* ins = c.raw.prepare(kInsertReport);
  RowBinder binder(ins);
  const std::size_t base = result.ids.size();
  result.ids.resize(base + reports.size());
  const auto insert = [&](std::size_t i) {
    const Report& r = reports[i];
    sqlite3_reset(ins);
    bind_report(binder, r);
    if (const int rc = sqlite3_step(ins); rc != SQLITE_DONE) throw SQLite::Exception(db, rc);
    if (sqlite3_changes(db) > 0) {
      result.ids[base + i] = sqlite3_last_insert_rowid(db);
      ++result.inserted;
    } else {  // a duplicate by external id: report the row that is already there
      result.ids[base + i] = existing_report_id(c, r);
      ++result.duplicates;
    }
  };
  if (by_time) {
    const std::vector<std::size_t> order = time_order(reports);
    for (std::size_t k = 0; k < order.size(); ++k) {
      // Out of input order the next rows are not in the CPU cache; fetch them ahead of use.
      if (k + kPrefetchAhead < order.size()) prefetch(reports[order[k + kPrefetchAhead]]);
      insert(order[k]);
    }
  } else {
    for (std::size_t i = 0; i < reports.size(); ++i) insert(i);
  }
}

void SqliteStore::group_commit(std::deque<PendingInsert*>& batch) {
  WriteLock lk(*this);
  try {
    writer_->db.exec("BEGIN IMMEDIATE");
    for (PendingInsert* p : batch) {
      writer_->db.exec("SAVEPOINT caller");
      try {
        insert_reports_locked(*writer_, p->reports, p->result, false);
        writer_->db.exec("RELEASE caller");
      } catch (...) {
        writer_->db.exec("ROLLBACK TO caller");
        writer_->db.exec("RELEASE caller");
        p->result = {};
        p->error = std::current_exception();
      }
    }
    commit_with_audit(*writer_);
  } catch (const SQLite::Exception& e) {
    writer_->db.tryExec("ROLLBACK");
    // A full disk or failing I/O stays recognisable (store_errors.h): front ends answer 503.
    const std::string what = std::string("commit failed: ") + e.what();
    auto err = sqlite_detail::sqlite_is_unavailable(e.getExtendedErrorCode())
                   ? std::make_exception_ptr(UnavailableError(what))
                   : std::make_exception_ptr(StoreError(what));
    for (PendingInsert* p : batch) p->error = err;
  }
}

InsertResult SqliteStore::insert_reports(std::span<const Report> reports) {
  if (in_own_transaction()) {
    InsertResult result;
    try {
      insert_reports_locked(*writer_, reports, result, false);
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

// Checks, once per distinct id, that every row a batch refers to exists in the report's
// municipality. The bulk connection runs without SQLite's per-row foreign-key checks (five index
// lookups per report); this does the same job with a few dozen lookups per import, and also
// catches a reference to another municipality's row, which a foreign key would not.
void SqliteStore::check_references(Conn& c, std::span<const Report> reports,
                                   std::set<std::tuple<int, Id, std::string>>& verified) {
  static constexpr std::array<const char*, 4> kLookups = {
      "SELECT municipality FROM organisation WHERE id = ?",
      "SELECT municipality FROM category WHERE id = ?",
      "SELECT municipality FROM place WHERE id = ?", "SELECT municipality FROM area WHERE id = ?"};
  static constexpr std::array<const char*, 4> kNames = {"organisation", "category", "place",
                                                        "area"};
  auto check = [&](int kind, Id id, const std::string& m) {
    if (verified.count({kind, id, m})) return;
    SQLite::Statement& s = c.prepare(kLookups[kind]);
    s.bind(1, static_cast<int64_t>(id));
    if (!s.executeStep() || s.getColumn(0).getString() != m) {
      throw ConflictError(std::string("a report refers to ") + kNames[kind] + " " +
                          std::to_string(id) + ", which does not exist in municipality " + m);
    }
    s.tryReset();
    verified.insert({kind, id, m});
  };
  for (const Report& r : reports) {
    check(0, r.organisation_id, r.municipality);
    check(1, r.category_id, r.municipality);
    if (r.place_id) check(2, *r.place_id, r.municipality);
    if (r.area_id) check(3, *r.area_id, r.municipality);
    if (r.reporter_id && !verified.count({4, *r.reporter_id, ""})) {
      SQLite::Statement& s = c.prepare("SELECT 1 FROM user_account WHERE id = ?");
      s.bind(1, static_cast<int64_t>(*r.reporter_id));
      if (!s.executeStep()) {
        throw ConflictError("a report refers to user " + std::to_string(*r.reporter_id) +
                            ", who does not exist");
      }
      s.tryReset();
      verified.insert({4, *r.reporter_id, ""});
    }
  }
}

namespace {

// Rows a stream stores with every index in place before it defers any (see
// drop_deferrable_indexes): below this an import never changes the schema.
constexpr std::size_t kDeferIndexesAfter = 100'000;

}  // namespace

// A large import into a small table builds its non-unique report indexes once, by sorting, instead
// of inserting into them row by row: for 1M rows in random time order that is a quarter of the
// store's time. The stream drops them once it has stored as many rows as the table had (and at
// least kDeferIndexesAfter), and creates them again from their own SQL before the commit, so
// readers never see the table without them; a rollback restores them. Unique indexes stay in
// place: ON CONFLICT needs them while rows go in. Returns the CREATE statements.
std::vector<std::string> SqliteStore::drop_deferrable_indexes(Conn& c) {
  c.done();  // no statement of this connection may be reading while an index is dropped
  std::vector<std::pair<std::string, std::string>> indexes;
  {
    SQLite::Statement s(c.db,
                        "SELECT l.name, m.sql FROM pragma_index_list('report') AS l "
                        "JOIN sqlite_master AS m ON m.name = l.name "
                        "WHERE l.\"unique\" = 0 AND l.origin = 'c' AND m.sql IS NOT NULL");
    while (s.executeStep())
      indexes.emplace_back(s.getColumn(0).getString(), s.getColumn(1).getString());
  }
  std::vector<std::string> creates;
  for (const auto& [name, create] : indexes) {
    c.db.exec("DROP INDEX \"" + name + "\"");
    creates.push_back(create);
  }
  return creates;
}

InsertResult SqliteStore::insert_report_stream(
    const std::function<bool(std::vector<Report>&)>& next) {
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
  WriteLock lk(*this);
  if (!bulk_) {
    bulk_ = std::make_unique<Conn>(path_, SQLite::OPEN_READWRITE);
    bulk_->db.exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-262144;");
  }
  struct Done {
    Conn& c;
    ~Done() { c.done(); }
  } done{*bulk_};
  std::set<std::tuple<int, Id, std::string>> verified;
  try {
    bulk_->db.exec("BEGIN IMMEDIATE");
    const auto rows_before = static_cast<std::size_t>(
        bulk_->db.execAndGet("SELECT coalesce(max(id), 0) FROM report").getInt64());
    std::vector<std::string> deferred;  // CREATE INDEX statements to run before the commit
    for (std::size_t stored = 0;;) {
      batch.clear();
      const bool more = next(batch);
      check_references(*bulk_, batch, verified);
      insert_reports_locked(*bulk_, batch, result, true);
      stored += batch.size();
      if (more && deferred.empty() && stored >= std::max(kDeferIndexesAfter, rows_before)) {
        deferred = drop_deferrable_indexes(*bulk_);
      }
      if (!more) break;
    }
    for (const std::string& create : deferred) bulk_->db.exec(create);
    commit_with_audit(*bulk_);
  } catch (const SQLite::Exception& e) {
    bulk_->db.tryExec("ROLLBACK");
    rethrow(e, "report");
  } catch (...) {
    bulk_->db.tryExec("ROLLBACK");
    throw;
  }
  return result;
}

namespace {

// The SELECT of `columns` that a ReportQuery asks for; bind_report_query binds its values.
std::string report_query_sql(const char* columns, const ReportQuery& q) {
  std::string sql = std::string("SELECT ") + columns + " FROM report WHERE municipality = ?";
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
  return sql;
}

void bind_report_query(sqlite3_stmt* s, const ReportQuery& q) {
  int i = 1;
  sqlite3_bind_text(s, i++, q.municipality.data(), static_cast<int>(q.municipality.size()),
                    SQLITE_STATIC);
  if (q.from) {
    sqlite3_bind_int64(s, i++, to_unix(*q.from - kMaxReportInterval));
    sqlite3_bind_int64(s, i++, to_unix(*q.from));
  }
  if (q.to) sqlite3_bind_int64(s, i++, to_unix(*q.to));
  for (const auto* ids : {&q.area_ids, &q.category_ids, &q.organisation_ids}) {
    for (Id id : *ids) sqlite3_bind_int64(s, i++, id);
  }
  if (q.status) sqlite3_bind_text(s, i++, to_string(*q.status).data(), -1, SQLITE_STATIC);
  if (q.after) {
    sqlite3_bind_int64(s, i++, to_unix(q.after->occurred_from));
    sqlite3_bind_int64(s, i++, to_unix(q.after->occurred_from));
    sqlite3_bind_int64(s, i++, q.after->id);
  }
  sqlite3_bind_int(s, i++, q.limit);
}

}  // namespace

std::vector<Report> SqliteStore::query_reports(const ReportQuery& q) {
  const std::string sql = report_query_sql(sqlite_raw::kReportColumns, q);
  return read([&](Conn& c) {
    sqlite3_stmt* s = c.raw.prepare(sql);
    bind_report_query(s, q);
    std::vector<Report> out;
    out.reserve(static_cast<size_t>(std::clamp(q.limit, 0, 1000)));
    sqlite_raw::read_reports(c.db.getHandle(), s, out);
    return out;
  });
}

std::vector<ReportFact> SqliteStore::query_report_facts(const ReportQuery& q) {
  const std::string sql = report_query_sql(sqlite_raw::kReportFactColumns, q);
  return read([&](Conn& c) {
    sqlite3_stmt* s = c.raw.prepare(sql);
    bind_report_query(s, q);
    std::vector<ReportFact> out;
    out.reserve(static_cast<size_t>(std::clamp(q.limit, 0, 16384)));
    sqlite_raw::read_report_facts(c.db.getHandle(), s, out);
    return out;
  });
}

std::optional<Report> SqliteStore::report(Id id) {
  return read([&](Conn& c) -> std::optional<Report> {
    sqlite3_stmt* s = c.raw.prepare(std::string("SELECT ") + sqlite_raw::kReportColumns +
                                    " FROM report WHERE id = ?");
    sqlite3_bind_int64(s, 1, id);
    std::vector<Report> out;
    sqlite_raw::read_reports(c.db.getHandle(), s, out);
    if (out.empty()) return std::nullopt;
    return std::move(out.front());
  });
}

bool SqliteStore::update_report(const Report& r) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare(
        "UPDATE report SET category_id = ?, place_id = ?, area_id = ?, status = ?, reviewed_by = "
        "?, "
        "reviewed_at = ?, severity = ?, count = ?, description = ? WHERE id = ?");
    s.bind(1, static_cast<int64_t>(r.category_id));
    bind_opt(s, 2, r.place_id);
    bind_opt(s, 3, r.area_id);
    s.bind(4, std::string(to_string(r.status)));
    bind_opt(s, 5, r.reviewed_by);
    if (r.reviewed_at)
      s.bind(6, static_cast<int64_t>(to_unix(*r.reviewed_at)));
    else
      s.bind(6);
    s.bind(7, r.severity);
    s.bind(8, r.count);
    s.bind(9, r.description);
    s.bind(10, static_cast<int64_t>(r.id));
    return s.exec() > 0;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "report " + std::to_string(r.id));
  }
}

// ---- the lägesbild's notes -------------------------------------------------------------------

namespace {
UtcSeconds utc(const SQLite::Column& c) { return from_unix(c.getInt64()); }
// A note's author: user 0 is the local operator (the CLI), stored as NULL.
void bind_user(SQLite::Statement& s, int i, Id user) {
  bind_opt(s, i, user ? std::optional<Id>(user) : std::nullopt);
}
}  // namespace

Assessment SqliteStore::insert_assessment(const Assessment& a) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO assessment (municipality, period, version, text, proposed_actions, "
        "author_id, created_at) SELECT ?1, ?2, coalesce(max(version), 0) + 1, ?3, ?4, ?5, ?6 "
        "FROM assessment WHERE municipality = ?1 AND period = ?2 RETURNING id, version");
    s.bind(1, a.municipality);
    s.bind(2, a.period);
    s.bind(3, a.text);
    s.bind(4, a.proposed_actions);
    bind_user(s, 5, a.author_id);
    s.bind(6, static_cast<int64_t>(to_unix(a.created_at)));
    Assessment out = a;
    if (!s.executeStep()) throw StoreError("assessment: the insert returned no row");
    out.id = s.getColumn(0).getInt64();
    out.version = s.getColumn(1).getInt();
    s.reset();
    return out;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "assessment of " + a.period);
  }
}

std::vector<Assessment> SqliteStore::assessments(const std::string& municipality,
                                                 const std::string& period) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT a.id, a.municipality, a.period, a.version, a.text, a.proposed_actions, "
        "a.author_id, a.created_at, coalesce(nullif(u.display_name, ''), u.username, '') "
        "FROM assessment a LEFT JOIN user_account u ON u.id = a.author_id "
        "WHERE a.municipality = ? AND a.period = ? ORDER BY a.version DESC");
    s.bind(1, municipality);
    s.bind(2, period);
    std::vector<Assessment> out;
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getString(), s.getColumn(3).getInt(),
                     s.getColumn(4).getString(), s.getColumn(5).getString(),
                     s.getColumn(6).getInt64(), utc(s.getColumn(7)), s.getColumn(8).getString()});
    }
    return out;
  });
}

Id SqliteStore::insert_area_status(const AreaStatusChange& a) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO area_status (municipality, area_id, status, from_day, note, set_by, set_at) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS "
        "(SELECT 1 FROM area WHERE id = ?2 AND municipality = ?1)");
    s.bind(1, a.municipality);
    s.bind(2, static_cast<int64_t>(a.area_id));
    s.bind(3, std::string(to_string(a.status)));
    s.bind(4, a.from_day);
    s.bind(5, a.note);
    bind_user(s, 6, a.set_by);
    s.bind(7, static_cast<int64_t>(to_unix(a.set_at)));
    if (s.exec() == 0) {
      throw ConflictError("area " + std::to_string(a.area_id) + " is not in municipality " +
                          a.municipality);
    }
    return writer_->db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "area status");
  }
}

std::vector<AreaStatusChange> SqliteStore::area_statuses(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, area_id, status, from_day, note, set_by, set_at "
        "FROM area_status WHERE municipality = ? ORDER BY from_day, id");
    s.bind(1, municipality);
    std::vector<AreaStatusChange> out;
    while (s.executeStep()) {
      const auto status = area_status_from_string(s.getColumn(3).getString());
      if (!status) throw StoreError("area_status: unknown status " + s.getColumn(3).getString());
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getInt64(), *status, s.getColumn(4).getInt(),
                     s.getColumn(5).getString(), s.getColumn(6).getInt64(), utc(s.getColumn(7))});
    }
    return out;
  });
}

Id SqliteStore::insert_nothing_to_report(const NothingToReport& n) {
  WriteLock lk(*this);
  try {
    // The references must belong to the municipality: an id from another one is refused.
    SQLite::Statement& check = writer_->prepare(
        "SELECT (SELECT count(*) FROM organisation WHERE id = ?1 AND municipality = ?3), "
        "(?2 IS NULL OR EXISTS (SELECT 1 FROM area WHERE id = ?2 AND municipality = ?3))");
    check.bind(1, static_cast<int64_t>(n.organisation_id));
    bind_opt(check, 2, n.area_id);
    check.bind(3, n.municipality);
    check.executeStep();
    const bool ok = check.getColumn(0).getInt() == 1 && check.getColumn(1).getInt() == 1;
    check.reset();
    if (!ok) {
      throw ConflictError("nothing to report: organisation or area is not in municipality " +
                          n.municipality);
    }
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO nothing_to_report (municipality, organisation_id, area_id, first_day, "
        "end_day, declared_by, declared_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING");
    s.bind(1, n.municipality);
    s.bind(2, static_cast<int64_t>(n.organisation_id));
    bind_opt(s, 3, n.area_id);
    s.bind(4, n.first_day);
    s.bind(5, n.end_day);
    bind_user(s, 6, n.declared_by);
    s.bind(7, static_cast<int64_t>(to_unix(n.declared_at)));
    if (s.exec() > 0) return writer_->db.getLastInsertRowid();
    SQLite::Statement& existing = writer_->prepare(
        "SELECT id FROM nothing_to_report WHERE municipality = ? AND organisation_id = ? AND "
        "coalesce(area_id, 0) = ? AND first_day = ? AND end_day = ?");
    existing.bind(1, n.municipality);
    existing.bind(2, static_cast<int64_t>(n.organisation_id));
    existing.bind(3, static_cast<int64_t>(n.area_id.value_or(0)));
    existing.bind(4, n.first_day);
    existing.bind(5, n.end_day);
    existing.executeStep();
    const Id id = existing.getColumn(0).getInt64();
    existing.reset();
    return id;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "nothing to report");
  }
}

std::vector<NothingToReport> SqliteStore::nothing_to_report(const std::string& municipality,
                                                            int first_day, int end_day) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, organisation_id, area_id, first_day, end_day, declared_by, "
        "declared_at FROM nothing_to_report WHERE municipality = ? AND end_day > ? AND "
        "first_day < ? ORDER BY first_day, id");
    s.bind(1, municipality);
    s.bind(2, first_day);
    s.bind(3, end_day);
    std::vector<NothingToReport> out;
    while (s.executeStep()) {
      out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(),
                     s.getColumn(2).getInt64(), opt_id(s.getColumn(3)), s.getColumn(4).getInt(),
                     s.getColumn(5).getInt(), s.getColumn(6).getInt64(), utc(s.getColumn(7))});
    }
    return out;
  });
}

// ---- users and sessions ----------------------------------------------------------------------

namespace {
constexpr const char* kUserSelect =
    "SELECT id, username, display_name, password_hash, disabled FROM user_account";

std::vector<User> read_users(SqliteStore::Conn& c, SQLite::Statement& s) {
  std::vector<User> out;
  while (s.executeStep()) {
    out.push_back(User{s.getColumn(0).getInt64(),
                       s.getColumn(1).getString(),
                       s.getColumn(2).getString(),
                       s.getColumn(3).getString(),
                       s.getColumn(4).getInt() != 0,
                       {}});
  }
  SQLite::Statement& g = c.prepare(
      "SELECT municipality, role, organisation_id FROM role_grant WHERE user_id = ? "
      "ORDER BY municipality, role, organisation_id");
  for (User& u : out) {
    g.reset();
    g.bind(1, static_cast<int64_t>(u.id));
    while (g.executeStep()) {
      u.grants.push_back(
          RoleGrant{g.getColumn(0).getString(),
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
  std::unique_lock lk(audit_mu_);
  // Inside a transaction this thread holds the write lock the flusher needs: its commit writes
  // the buffer anyway, so it must not wait.
  if (!in_own_transaction()) {
    audit_cv_.wait(lk,
                   [&] { return audit_buffer_.size() < kAuditBacklogLimit || audit_stopping_; });
  }
  audit_buffer_.push_back(e);
  if (audit_buffer_.size() == kAuditFlushThreshold) audit_cv_.notify_all();
}

void SqliteStore::audit_flusher() {
  std::unique_lock lk(audit_mu_);
  while (!audit_stopping_) {
    audit_cv_.wait_for(lk, kAuditFlushInterval, [&] {
      return audit_buffer_.size() >= kAuditFlushThreshold || audit_stopping_;
    });
    if (audit_buffer_.empty() || audit_stopping_) continue;  // the destructor writes the rest
    lk.unlock();
    try {
      transaction([] {});  // a commit writes the buffer
    } catch (const std::exception& e) {
      spdlog::error("writing the access log failed (will retry): {}", e.what());
    }
    lk.lock();
    audit_cv_.notify_all();  // callers waiting at kAuditBacklogLimit
  }
}

// Writes the waiting access-log entries into the open transaction and commits. The entries leave
// the buffer only once the commit succeeded, so a failed commit loses none of them.
void SqliteStore::commit_with_audit(Conn& c) {
  std::vector<AuditEntry> entries;
  {
    std::lock_guard lk(audit_mu_);
    entries = audit_buffer_;
  }
  if (!entries.empty()) chain_audit_entries(c, entries);
  c.db.exec("COMMIT");
  if (!entries.empty()) {
    std::lock_guard lk(audit_mu_);
    // Only this thread (holding write_mu_) removes entries; others only append.
    audit_buffer_.erase(audit_buffer_.begin(),
                        audit_buffer_.begin() + static_cast<std::ptrdiff_t>(entries.size()));
  }
}

namespace {
AuditHead read_audit_head(SqliteStore::Conn& c) {
  SQLite::Statement& s = c.prepare("SELECT last_id, hash, entries FROM audit_head WHERE id = 1");
  if (!s.executeStep()) throw StoreError("the access log's head (audit_head) is missing");
  AuditHead h{s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getInt64()};
  s.reset();
  return h;
}

void write_audit_head(SqliteStore::Conn& c, const AuditHead& h) {
  SQLite::Statement& s =
      c.prepare("UPDATE audit_head SET last_id = ?, hash = ?, entries = ? WHERE id = 1");
  s.bind(1, static_cast<int64_t>(h.last_id));
  s.bind(2, h.hash);
  s.bind(3, static_cast<int64_t>(h.entries));
  s.exec();
  s.reset();
}
}  // namespace

// Appends `entries` to the chain inside c's open write transaction. BEGIN IMMEDIATE holds the
// database's one write lock (for every connection of every process), so the head read here is
// still the head when this transaction commits: the chain cannot fork. The ids are assigned here
// (past the head and past any row inserted behind Lägesbild's back) because they are hashed.
void SqliteStore::chain_audit_entries(Conn& c, const std::vector<AuditEntry>& entries) {
  AuditHead head = read_audit_head(c);
  Id id = std::max<Id>(head.last_id,
                       c.db.execAndGet("SELECT coalesce(max(id), 0) FROM audit_log").getInt64());
  SQLite::Statement& s = c.prepare(
      "INSERT INTO audit_log (id, at, user_id, municipality, action, object, address, prev_hash, "
      "hash) VALUES (?,?,?,?,?,?,?,?,?)");
  for (const AuditEntry& e : entries) {
    ++id;
    std::string hash = audit_entry_hash(id, e, head.hash);
    s.reset();
    s.bind(1, static_cast<int64_t>(id));
    s.bind(2, static_cast<int64_t>(to_unix(e.at)));
    bind_opt(s, 3, e.user_id);
    s.bind(4, e.municipality);
    s.bind(5, e.action);
    s.bind(6, e.object);
    s.bind(7, e.address);
    s.bind(8, head.hash);
    s.bind(9, hash);
    s.exec();
    head = AuditHead{id, std::move(hash), head.entries + 1};
  }
  s.reset();
  write_audit_head(c, head);
}

// Entries logged before schema version 5 have no hash. They are chained once, oldest first, the
// first time this program opens the database, and only while the chain has not started: a row
// inserted later without a hash stays unchained and `audit verify` reports it.
void SqliteStore::chain_logged_before_the_chain() {
  SQLite::Transaction tx(writer_->db, SQLite::TransactionBehavior::IMMEDIATE);
  AuditHead head = read_audit_head(*writer_);
  if (head.last_id != 0) return;
  std::vector<std::pair<Id, AuditEntry>> rows;
  {
    SQLite::Statement q(writer_->db,
                        "SELECT id, at, user_id, municipality, action, object, address "
                        "FROM audit_log WHERE hash IS NULL ORDER BY id");
    while (q.executeStep()) {
      rows.emplace_back(q.getColumn(0).getInt64(),
                        AuditEntry{from_unix(q.getColumn(1).getInt64()), opt_id(q.getColumn(2)),
                                   q.getColumn(3).getString(), q.getColumn(4).getString(),
                                   q.getColumn(5).getString(), q.getColumn(6).getString()});
    }
  }
  if (rows.empty()) return;
  SQLite::Statement u(writer_->db, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?");
  for (const auto& [id, e] : rows) {
    std::string hash = audit_entry_hash(id, e, head.hash);
    u.bind(1, head.hash);
    u.bind(2, hash);
    u.bind(3, static_cast<int64_t>(id));
    u.exec();
    u.reset();
    head = AuditHead{id, std::move(hash), head.entries + 1};
  }
  write_audit_head(*writer_, head);
  writer_->done();
  tx.commit();
  spdlog::info("database {}: chained {} access-log entries written before the hash chain", path_,
               rows.size());
}

std::vector<ChainedAuditEntry> SqliteStore::audit_chain(Id after_id, std::size_t limit,
                                                        bool newest_first) {
  transaction([] {});  // make buffered entries visible
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        newest_first
            ? "SELECT id, at, user_id, municipality, action, object, address, prev_hash, hash "
              "FROM audit_log WHERE id > ? ORDER BY id DESC LIMIT ?"
            : "SELECT id, at, user_id, municipality, action, object, address, prev_hash, hash "
              "FROM audit_log WHERE id > ? ORDER BY id LIMIT ?");
    s.bind(1, static_cast<int64_t>(after_id));
    s.bind(2, static_cast<int64_t>(limit));
    std::vector<ChainedAuditEntry> out;
    while (s.executeStep()) {
      out.push_back(
          ChainedAuditEntry{s.getColumn(0).getInt64(),
                            AuditEntry{from_unix(s.getColumn(1).getInt64()), opt_id(s.getColumn(2)),
                                       s.getColumn(3).getString(), s.getColumn(4).getString(),
                                       s.getColumn(5).getString(), s.getColumn(6).getString()},
                            s.getColumn(7).getString(), s.getColumn(8).getString()});
    }
    return out;
  });
}

AuditHead SqliteStore::audit_head() {
  transaction([] {});  // make buffered entries visible
  return read([](Conn& c) { return read_audit_head(c); });
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
    const std::string what = std::string("cannot begin a transaction: ") + e.what();
    if (sqlite_detail::sqlite_is_unavailable(e.getExtendedErrorCode()))
      throw UnavailableError(what);
    throw StoreError(what);
  }
  try {
    fn();
    commit_with_audit(*writer_);
  } catch (...) {
    writer_->db.tryExec("ROLLBACK");
    throw;
  }
}

}  // namespace lagesbild

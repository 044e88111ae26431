#include "store/pg_store.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "store/audit_chain.h"
#include "store/pg_store_internal.h"
#include "store/schema.h"

namespace lagesbild {
namespace {

// Every connection: durable commits whatever the server's default, and UTC for anything that
// prints a time (the store itself keeps unix seconds).
constexpr const char* kSessionSetup = "SET synchronous_commit = on; SET TimeZone = 'UTC';";

// The access log's buffer, as in the SQLite engine (see sqlite_store.cc).
constexpr std::size_t kAuditFlushThreshold = 256;
constexpr std::size_t kAuditBacklogLimit = 65'536;
constexpr std::chrono::milliseconds kAuditFlushInterval{500};

// Serialises migrations of one database between processes (pg_advisory_xact_lock's key).
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(2081202601)";

// A note's author: user 0 is the local operator (the CLI), stored as NULL.
std::optional<Id> author(Id user) { return user ? std::optional<Id>(user) : std::nullopt; }

UtcSeconds utc(const pg::Result& r, int row, int col) { return from_unix(r.integer(row, col)); }

// The URL without its password, for messages.
std::string without_password(const std::string& url) {
  const auto start = url.find("://");
  const auto at = url.find('@');
  if (start == std::string::npos || at == std::string::npos) return url;
  const auto colon = url.find(':', start + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

}  // namespace

PgStore::PgStore(const std::string& url) : url_(url), description_(without_password(url)) {
  try {
    writer_ = connect("");
    description_ = writer_->describe();
    migrate();
    chain_logged_before_the_chain();
  } catch (const StoreError& e) {
    throw StoreError("cannot open database '" + description_ + "': " + e.what());
  }
  audit_flusher_ = std::thread([this] { audit_flusher(); });
}

PgStore::~PgStore() {
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

std::unique_ptr<pg::Connection> PgStore::connect(const char* setup) const {
  return std::make_unique<pg::Connection>(url_, std::string(kSessionSetup) + setup);
}

std::string PgStore::describe() const { return description_; }

bool PgStore::in_own_transaction() const { return tx_owner_.load() == std::this_thread::get_id(); }

void PgStore::migrate() {
  const auto& migrations = postgres_migrations();
  for (;;) {
    pg::Connection& c = *writer_;
    c.run("BEGIN");
    try {
      c.run(kMigrationLock);
      c.run(
          "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, "
          "applied_at BIGINT NOT NULL)");
      const int current = static_cast<int>(
          c.run("SELECT coalesce(max(version), 0) FROM schema_migration").integer(0, 0));
      if (current > static_cast<int>(migrations.size())) {
        throw StoreError("database schema version " + std::to_string(current) +
                         " is newer than this program knows (" + std::to_string(migrations.size()) +
                         ")");
      }
      if (current == static_cast<int>(migrations.size())) {
        c.run("COMMIT");
        return;
      }
      c.run(std::string(migrations[static_cast<std::size_t>(current)]));
      c.exec("INSERT INTO schema_migration (version, applied_at) VALUES ($1, $2)",
             pg::Params().integer(current + 1).integer(to_unix(now_utc())));
      c.run("COMMIT");
      spdlog::info("database {}: migrated to schema version {}", description_, current + 1);
    } catch (...) {
      c.run("ROLLBACK");
      throw;
    }
  }
}

int PgStore::schema_version() {
  return read([](pg::Connection& c) {
    return static_cast<int>(
        c.exec("SELECT coalesce(max(version), 0) FROM schema_migration").integer(0, 0));
  });
}

// ---- municipalities --------------------------------------------------------------------------

namespace {
constexpr const char* kMunicipalitySelect =
    "SELECT code, name, reporting_cadence_days, boundary_geojson FROM municipality";

std::vector<Municipality> read_municipalities(const pg::Result& r) {
  std::vector<Municipality> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back({r.text(i, 0), r.text(i, 1), static_cast<int>(r.integer(i, 2)), r.text(i, 3)});
  }
  return out;
}
}  // namespace

std::vector<Municipality> PgStore::municipalities() {
  return read([](pg::Connection& c) {
    return read_municipalities(
        c.exec(std::string(kMunicipalitySelect) + " ORDER BY code COLLATE \"C\""));
  });
}

std::optional<Municipality> PgStore::municipality(const std::string& code) {
  return read([&](pg::Connection& c) -> std::optional<Municipality> {
    auto all = read_municipalities(
        c.exec(std::string(kMunicipalitySelect) + " WHERE code = $1", pg::Params().text(code)));
    if (all.empty()) return std::nullopt;
    return std::move(all.front());
  });
}

void PgStore::put_municipality(const Municipality& m) {
  write("municipality " + m.code, [&](pg::Connection& c) {
    return c.exec(
        "INSERT INTO municipality (code, name, reporting_cadence_days, boundary_geojson) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
        "reporting_cadence_days = excluded.reporting_cadence_days, "
        "boundary_geojson = excluded.boundary_geojson",
        pg::Params()
            .text(m.code)
            .text(m.name)
            .integer(m.reporting_cadence_days)
            .text(m.boundary_geojson));
  });
}

PersonalDataPolicy PgStore::personal_data_policy(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec("SELECT personal_data_policy FROM municipality WHERE code = $1",
                          pg::Params().text(municipality));
    return r.rows() == 1 && r.view(0, 0) == "block" ? PersonalDataPolicy::block
                                                    : PersonalDataPolicy::warn;
  });
}

bool PgStore::set_personal_data_policy(const std::string& municipality, PersonalDataPolicy policy) {
  return write("municipality " + municipality, [&](pg::Connection& c) {
           return c.exec("UPDATE municipality SET personal_data_policy = $1 WHERE code = $2",
                         pg::Params()
                             .text(policy == PersonalDataPolicy::block ? "block" : "warn")
                             .text(municipality));
         }).affected() == 1;
}

// ---- organisations, categories, areas, places ------------------------------------------------

namespace {
// Names sort by their bytes, as SQLite's BINARY collation does, whatever the database's locale.
constexpr const char* kByName = " ORDER BY name COLLATE \"C\"";

Id inserted_id(const pg::Result& r) { return r.integer(0, 0); }

bool remove_row(pg::Connection& c, const char* table, const std::string& municipality, Id id) {
  return c.exec(std::string("DELETE FROM ") + table + " WHERE id = $1 AND municipality = $2",
                pg::Params().integer(id).text(municipality))
             .affected() > 0;
}
}  // namespace

std::vector<Organisation> PgStore::organisations(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(std::string("SELECT id, municipality, name, kind FROM organisation WHERE "
                                      "municipality = $1") +
                              kByName,
                          pg::Params().text(municipality));
    std::vector<Organisation> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)});
    return out;
  });
}

Id PgStore::insert_organisation(const Organisation& o) {
  return write("organisation '" + o.name + "'", [&](pg::Connection& c) {
    return inserted_id(
        c.exec("INSERT INTO organisation (municipality, name, kind) VALUES ($1, $2, $3) "
               "RETURNING id",
               pg::Params().text(o.municipality).text(o.name).text(o.kind)));
  });
}

bool PgStore::update_organisation(const Organisation& o) {
  return write("organisation '" + o.name + "'", [&](pg::Connection& c) {
    return c.exec(
                "UPDATE organisation SET name = $1, kind = $2 WHERE id = $3 AND "
                "municipality = $4",
                pg::Params().text(o.name).text(o.kind).integer(o.id).text(o.municipality))
               .affected() > 0;
  });
}

bool PgStore::remove_organisation(const std::string& municipality, Id id) {
  return write("organisation " + std::to_string(id),
               [&](pg::Connection& c) { return remove_row(c, "organisation", municipality, id); });
}

std::vector<Category> PgStore::categories(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, municipality, code, name, parent_id, active FROM category WHERE "
        "municipality = $1 ORDER BY code COLLATE \"C\"",
        pg::Params().text(municipality));
    std::vector<Category> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.opt_integer(i, 4),
                     r.boolean(i, 5)});
    }
    return out;
  });
}

Id PgStore::insert_category(const Category& cat) {
  return write("category '" + cat.code + "'", [&](pg::Connection& c) {
    return inserted_id(
        c.exec("INSERT INTO category (municipality, code, name, parent_id, active) "
               "VALUES ($1, $2, $3, $4, $5) RETURNING id",
               pg::Params()
                   .text(cat.municipality)
                   .text(cat.code)
                   .text(cat.name)
                   .id(cat.parent_id)
                   .boolean(cat.active)));
  });
}

bool PgStore::update_category(const Category& cat) {
  return write("category '" + cat.code + "'", [&](pg::Connection& c) {
    return c.exec(
                "UPDATE category SET code = $1, name = $2, parent_id = $3, active = $4 "
                "WHERE id = $5 AND municipality = $6",
                pg::Params()
                    .text(cat.code)
                    .text(cat.name)
                    .id(cat.parent_id)
                    .boolean(cat.active)
                    .integer(cat.id)
                    .text(cat.municipality))
               .affected() > 0;
  });
}

bool PgStore::remove_category(const std::string& municipality, Id id) {
  return write("category " + std::to_string(id),
               [&](pg::Connection& c) { return remove_row(c, "category", municipality, id); });
}

std::vector<Area> PgStore::areas(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(std::string("SELECT id, municipality, name, kind, geometry_geojson "
                                      "FROM area WHERE municipality = $1") +
                              kByName,
                          pg::Params().text(municipality));
    std::vector<Area> out;
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)});
    return out;
  });
}

Id PgStore::insert_area(const Area& a) {
  return write("area '" + a.name + "'", [&](pg::Connection& c) {
    return inserted_id(c.exec(
        "INSERT INTO area (municipality, name, kind, geometry_geojson) "
        "VALUES ($1, $2, $3, $4) RETURNING id",
        pg::Params().text(a.municipality).text(a.name).text(a.kind).text(a.geometry_geojson)));
  });
}

bool PgStore::update_area(const Area& a) {
  return write("area '" + a.name + "'", [&](pg::Connection& c) {
    return c.exec(
                "UPDATE area SET name = $1, kind = $2, geometry_geojson = $3 WHERE id = $4 "
                "AND municipality = $5",
                pg::Params()
                    .text(a.name)
                    .text(a.kind)
                    .text(a.geometry_geojson)
                    .integer(a.id)
                    .text(a.municipality))
               .affected() > 0;
  });
}

bool PgStore::remove_area(const std::string& municipality, Id id) {
  return write("area " + std::to_string(id),
               [&](pg::Connection& c) { return remove_row(c, "area", municipality, id); });
}

namespace {
pg::Params place_params(const Place& p) {
  pg::Params params;
  params.text(p.name)
      .text(p.kind)
      .real(p.location.lat)
      .real(p.location.lon)
      .real(p.location.x)
      .real(p.location.y)
      .id(p.area_id)
      .text(p.municipality);
  return params;
}
}  // namespace

std::vector<Place> PgStore::places(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(std::string("SELECT id, municipality, name, kind, lat, lon, x, y, "
                                      "area_id FROM place WHERE municipality = $1") +
                              kByName,
                          pg::Params().text(municipality));
    std::vector<Place> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3),
                     Location{r.real(i, 4), r.real(i, 5), r.real(i, 6), r.real(i, 7)},
                     r.opt_integer(i, 8)});
    }
    return out;
  });
}

Id PgStore::insert_place(const Place& p) {
  return write("place '" + p.name + "'", [&](pg::Connection& c) {
    return inserted_id(
        c.exec("INSERT INTO place (name, kind, lat, lon, x, y, area_id, municipality) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
               place_params(p)));
  });
}

bool PgStore::update_place(const Place& p) {
  return write("place '" + p.name + "'", [&](pg::Connection& c) {
    return c.exec(
                "UPDATE place SET name = $1, kind = $2, lat = $3, lon = $4, x = $5, y = $6, "
                "area_id = $7 WHERE municipality = $8 AND id = $9",
                place_params(p).integer(p.id))
               .affected() > 0;
  });
}

bool PgStore::remove_place(const std::string& municipality, Id id) {
  return write("place " + std::to_string(id),
               [&](pg::Connection& c) { return remove_row(c, "place", municipality, id); });
}

// ---- the lägesbild's notes -------------------------------------------------------------------

Assessment PgStore::insert_assessment(const Assessment& a) {
  return write("assessment of " + a.period, [&](pg::Connection& c) {
    const auto r = c.exec(
        "INSERT INTO assessment (municipality, period, version, text, proposed_actions, "
        "author_id, created_at) SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6 "
        "FROM assessment WHERE municipality = $1 AND period = $2 RETURNING id, version",
        pg::Params()
            .text(a.municipality)
            .text(a.period)
            .text(a.text)
            .text(a.proposed_actions)
            .id(author(a.author_id))
            .integer(to_unix(a.created_at)));
    Assessment out = a;
    out.id = r.integer(0, 0);
    out.version = static_cast<int>(r.integer(0, 1));
    return out;
  });
}

std::vector<Assessment> PgStore::assessments(const std::string& municipality,
                                             const std::string& period) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT a.id, a.municipality, a.period, a.version, a.text, a.proposed_actions, "
        "a.author_id, a.created_at, coalesce(nullif(u.display_name, ''), u.username, '') "
        "FROM assessment a LEFT JOIN user_account u ON u.id = a.author_id "
        "WHERE a.municipality = $1 AND a.period = $2 ORDER BY a.version DESC",
        pg::Params().text(municipality).text(period));
    std::vector<Assessment> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.integer(i, 0), r.text(i, 1), r.text(i, 2), static_cast<int>(r.integer(i, 3)),
                     r.text(i, 4), r.text(i, 5), r.opt_integer(i, 6).value_or(0), utc(r, i, 7),
                     r.text(i, 8)});
    }
    return out;
  });
}

Id PgStore::insert_area_status(const AreaStatusChange& a) {
  return write("area status", [&](pg::Connection& c) {
    const auto r = c.exec(
        "INSERT INTO area_status (municipality, area_id, status, from_day, note, set_by, set_at) "
        "SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS "
        "(SELECT 1 FROM area WHERE id = $2 AND municipality = $1) RETURNING id",
        pg::Params()
            .text(a.municipality)
            .integer(a.area_id)
            .text(to_string(a.status))
            .integer(a.from_day)
            .text(a.note)
            .id(author(a.set_by))
            .integer(to_unix(a.set_at)));
    if (r.rows() == 0) {
      throw ConflictError("area " + std::to_string(a.area_id) + " is not in municipality " +
                          a.municipality);
    }
    return inserted_id(r);
  });
}

std::vector<AreaStatusChange> PgStore::area_statuses(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, municipality, area_id, status, from_day, note, set_by, set_at "
        "FROM area_status WHERE municipality = $1 ORDER BY from_day, id",
        pg::Params().text(municipality));
    std::vector<AreaStatusChange> out;
    for (int i = 0; i < r.rows(); ++i) {
      const auto status = area_status_from_string(r.view(i, 3));
      if (!status) throw StoreError("area_status: unknown status " + r.text(i, 3));
      out.push_back({r.integer(i, 0), r.text(i, 1), r.integer(i, 2), *status,
                     static_cast<int>(r.integer(i, 4)), r.text(i, 5),
                     r.opt_integer(i, 6).value_or(0), utc(r, i, 7)});
    }
    return out;
  });
}

Id PgStore::insert_nothing_to_report(const NothingToReport& n) {
  return write("nothing to report", [&](pg::Connection& c) {
    // The references must belong to the municipality: an id from another one is refused.
    const auto check = c.exec(
        "SELECT EXISTS (SELECT 1 FROM organisation WHERE id = $1 AND municipality = $3) AND "
        "($2::bigint IS NULL OR EXISTS (SELECT 1 FROM area WHERE id = $2 AND municipality = $3))",
        pg::Params().integer(n.organisation_id).id(n.area_id).text(n.municipality));
    if (!check.boolean(0, 0)) {
      throw ConflictError("nothing to report: organisation or area is not in municipality " +
                          n.municipality);
    }
    const auto r = c.exec(
        "INSERT INTO nothing_to_report (municipality, organisation_id, area_id, first_day, "
        "end_day, declared_by, declared_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "ON CONFLICT DO NOTHING RETURNING id",
        pg::Params()
            .text(n.municipality)
            .integer(n.organisation_id)
            .id(n.area_id)
            .integer(n.first_day)
            .integer(n.end_day)
            .id(author(n.declared_by))
            .integer(to_unix(n.declared_at)));
    if (r.rows() > 0) return inserted_id(r);
    const auto existing = c.exec(
        "SELECT id FROM nothing_to_report WHERE municipality = $1 AND organisation_id = $2 AND "
        "coalesce(area_id, 0) = $3 AND first_day = $4 AND end_day = $5",
        pg::Params()
            .text(n.municipality)
            .integer(n.organisation_id)
            .integer(n.area_id.value_or(0))
            .integer(n.first_day)
            .integer(n.end_day));
    if (existing.rows() == 0) throw StoreError("nothing to report: ignored but not found");
    return inserted_id(existing);
  });
}

std::vector<NothingToReport> PgStore::nothing_to_report(const std::string& municipality,
                                                        int first_day, int end_day) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, municipality, organisation_id, area_id, first_day, end_day, declared_by, "
        "declared_at FROM nothing_to_report WHERE municipality = $1 AND end_day > $2 AND "
        "first_day < $3 ORDER BY first_day, id",
        pg::Params().text(municipality).integer(first_day).integer(end_day));
    std::vector<NothingToReport> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back({r.integer(i, 0), r.text(i, 1), r.integer(i, 2), r.opt_integer(i, 3),
                     static_cast<int>(r.integer(i, 4)), static_cast<int>(r.integer(i, 5)),
                     r.opt_integer(i, 6).value_or(0), utc(r, i, 7)});
    }
    return out;
  });
}

// ---- users and sessions ----------------------------------------------------------------------

namespace {
constexpr const char* kUserSelect =
    "SELECT id, username, display_name, password_hash, disabled FROM user_account";

std::vector<User> read_users(pg::Connection& c, const pg::Result& r) {
  std::vector<User> out;
  std::vector<Id> ids;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(
        User{r.integer(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.boolean(i, 4), {}});
    ids.push_back(out.back().id);
  }
  if (out.empty()) return out;
  const auto g = c.exec(
      "SELECT user_id, municipality, role, organisation_id FROM role_grant "
      "WHERE user_id = ANY($1::bigint[]) "
      "ORDER BY user_id, municipality COLLATE \"C\", role COLLATE \"C\", organisation_id",
      pg::Params().ids(ids));
  std::size_t at = 0;
  for (int i = 0; i < g.rows(); ++i) {
    const Id user = g.integer(i, 0);
    while (at < out.size() && out[at].id != user) ++at;
    if (at == out.size()) {  // users came in another order than by id: find it
      at = 0;
      while (out[at].id != user) ++at;
    }
    out[at].grants.push_back(RoleGrant{
        g.text(i, 1), role_from_string(g.view(i, 2)).value_or(Role::viewer), g.integer(i, 3)});
  }
  return out;
}

void write_grants(pg::Connection& c, const User& u) {
  c.exec("DELETE FROM role_grant WHERE user_id = $1", pg::Params().integer(u.id));
  for (const RoleGrant& g : u.grants) {
    c.exec(
        "INSERT INTO role_grant (user_id, municipality, role, organisation_id) "
        "VALUES ($1, $2, $3, $4)",
        pg::Params()
            .integer(u.id)
            .text(g.municipality)
            .text(to_string(g.role))
            .integer(g.organisation_id));
  }
}

std::optional<User> first(std::vector<User> users) {
  if (users.empty()) return std::nullopt;
  return std::move(users.front());
}
}  // namespace

std::optional<User> PgStore::user_by_name(const std::string& username) {
  return read([&](pg::Connection& c) {
    return first(read_users(
        c, c.exec(std::string(kUserSelect) + " WHERE username = $1", pg::Params().text(username))));
  });
}

std::optional<User> PgStore::user(Id id) {
  return read([&](pg::Connection& c) {
    return first(read_users(
        c, c.exec(std::string(kUserSelect) + " WHERE id = $1", pg::Params().integer(id))));
  });
}

std::vector<User> PgStore::users() {
  return read([&](pg::Connection& c) {
    return read_users(c, c.exec(std::string(kUserSelect) + " ORDER BY username COLLATE \"C\""));
  });
}

Id PgStore::insert_user(const User& u) {
  Id id = 0;
  transaction([&] {
    id = write("user '" + u.username + "'", [&](pg::Connection& c) {
      const Id new_id = inserted_id(
          c.exec("INSERT INTO user_account (username, display_name, password_hash, disabled) "
                 "VALUES ($1, $2, $3, $4) RETURNING id",
                 pg::Params()
                     .text(u.username)
                     .text(u.display_name)
                     .text(u.password_hash)
                     .boolean(u.disabled)));
      User with_id = u;
      with_id.id = new_id;
      write_grants(c, with_id);
      return new_id;
    });
  });
  return id;
}

bool PgStore::update_user(const User& u) {
  bool found = false;
  transaction([&] {
    found = write("user '" + u.username + "'", [&](pg::Connection& c) {
      const bool exists =
          c.exec(
               "UPDATE user_account SET display_name = $1, password_hash = $2, disabled = $3 "
               "WHERE id = $4",
               pg::Params()
                   .text(u.display_name)
                   .text(u.password_hash)
                   .boolean(u.disabled)
                   .integer(u.id))
              .affected() > 0;
      if (exists) write_grants(c, u);
      if (exists && u.disabled) {  // a disabled user is logged out at once
        c.exec("DELETE FROM session WHERE user_id = $1", pg::Params().integer(u.id));
      }
      return exists;
    });
  });
  return found;
}

void PgStore::insert_session(const Session& s) {
  write("session", [&](pg::Connection& c) {
    c.exec(
        "INSERT INTO session (token_hash, user_id, created_at, expires_at) "
        "VALUES ($1, $2, $3, $4)",
        pg::Params()
            .text(s.token_hash)
            .integer(s.user_id)
            .integer(to_unix(s.created_at))
            .integer(to_unix(s.expires_at)));
    // Expired sessions are removed as new ones arrive, so the table stays small.
    return c.exec("DELETE FROM session WHERE expires_at < $1",
                  pg::Params().integer(to_unix(s.created_at)));
  });
}

std::optional<Session> PgStore::session(const std::string& token_hash) {
  return read([&](pg::Connection& c) -> std::optional<Session> {
    const auto r = c.exec(
        "SELECT token_hash, user_id, created_at, expires_at FROM session WHERE token_hash = $1",
        pg::Params().text(token_hash));
    if (r.rows() == 0) return std::nullopt;
    return Session{r.text(0, 0), r.integer(0, 1), utc(r, 0, 2), utc(r, 0, 3)};
  });
}

void PgStore::remove_session(const std::string& token_hash) {
  write("session", [&](pg::Connection& c) {
    return c.exec("DELETE FROM session WHERE token_hash = $1", pg::Params().text(token_hash));
  });
}

// ---- audit -----------------------------------------------------------------------------------

void PgStore::audit(const AuditEntry& e) {
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

void PgStore::audit_flusher() {
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

namespace {
// The access log keeps what a client sent (paths, query strings): it is made storable, so one
// odd request cannot stop every later commit. Invalid UTF-8 and NUL become U+FFFD.
std::string storable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    bool ok = len > 0 && c != 0 && i + len <= n && !(len == 2 && c < 0xC2) && !(c > 0xF4);
    for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      ok = !(c == 0xE0 && p[i + 1] < 0xA0) && !(c == 0xED && p[i + 1] >= 0xA0);
    }
    if (ok && len == 4) ok = !(c == 0xF0 && p[i + 1] < 0x90) && !(c == 0xF4 && p[i + 1] >= 0x90);
    if (ok) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}
}  // namespace

namespace {
AuditHead lock_audit_head(pg::Connection& c) {
  const auto r = c.exec("SELECT last_id, hash, entries FROM audit_head WHERE id = 1 FOR UPDATE");
  if (r.rows() != 1) throw StoreError("the access log's head (audit_head) is missing");
  return AuditHead{r.integer(0, 0), r.text(0, 1), r.integer(0, 2)};
}

void write_audit_head(pg::Connection& c, const AuditHead& h) {
  c.exec("UPDATE audit_head SET last_id = $1, hash = $2, entries = $3 WHERE id = 1",
         pg::Params().integer(h.last_id).text(h.hash).integer(h.entries));
}
}  // namespace

// Entries logged before schema version 5 have no hash. They are chained once, oldest first, the
// first time this program opens the database, and only while the chain has not started: a row
// inserted later without a hash stays unchained and `audit verify` reports it.
void PgStore::chain_logged_before_the_chain() {
  pg::Connection& c = *writer_;
  c.run("BEGIN");
  try {
    AuditHead head = lock_audit_head(c);
    std::size_t chained = 0;
    if (head.last_id == 0) {
      const auto r = c.exec(
          "SELECT id, at, user_id, municipality, action, object, address FROM audit_log "
          "WHERE hash IS NULL ORDER BY id");
      for (int i = 0; i < r.rows(); ++i) {
        const Id id = r.integer(i, 0);
        const AuditEntry e{utc(r, i, 1), r.opt_integer(i, 2), r.text(i, 3),
                           r.text(i, 4), r.text(i, 5),        r.text(i, 6)};
        std::string hash = audit_entry_hash(id, e, head.hash);
        c.exec("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE id = $3",
               pg::Params().text(head.hash).text(hash).integer(id));
        head = AuditHead{id, std::move(hash), head.entries + 1};
      }
      chained = static_cast<std::size_t>(r.rows());
      if (chained > 0) write_audit_head(c, head);
    }
    c.run("COMMIT");
    if (chained > 0) {
      spdlog::info("database {}: chained {} access-log entries written before the hash chain",
                   description_, chained);
    }
  } catch (...) {
    c.run("ROLLBACK");
    throw;
  }
}

std::vector<ChainedAuditEntry> PgStore::audit_chain(Id after_id, std::size_t limit,
                                                    bool newest_first) {
  transaction([] {});  // make buffered entries visible
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        newest_first
            ? "SELECT id, at, user_id, municipality, action, object, address, prev_hash, hash "
              "FROM audit_log WHERE id > $1 ORDER BY id DESC LIMIT $2"
            : "SELECT id, at, user_id, municipality, action, object, address, prev_hash, hash "
              "FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
        pg::Params().integer(after_id).integer(static_cast<std::int64_t>(limit)));
    std::vector<ChainedAuditEntry> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back(ChainedAuditEntry{r.integer(i, 0),
                                      AuditEntry{utc(r, i, 1), r.opt_integer(i, 2), r.text(i, 3),
                                                 r.text(i, 4), r.text(i, 5), r.text(i, 6)},
                                      r.text(i, 7), r.text(i, 8)});
    }
    return out;
  });
}

AuditHead PgStore::audit_head() {
  transaction([] {});  // make buffered entries visible
  return read([](pg::Connection& c) {
    const auto r = c.exec("SELECT last_id, hash, entries FROM audit_head WHERE id = 1");
    if (r.rows() != 1) throw StoreError("the access log's head (audit_head) is missing");
    return AuditHead{r.integer(0, 0), r.text(0, 1), r.integer(0, 2)};
  });
}

// Writes the waiting access-log entries into the open transaction and commits. The entries leave
// the buffer only once the commit succeeded, so a failed commit loses none of them.
void PgStore::commit_with_audit(pg::Connection& c) {
  std::lock_guard commit_lk(audit_commit_mu_);
  std::vector<AuditEntry> entries;
  {
    std::lock_guard lk(audit_mu_);
    entries = audit_buffer_;
  }
  if (!entries.empty()) {
    // The head row's lock serialises appenders of every process until this transaction ends
    // (READ COMMITTED: a waiter then reads the head its predecessor committed), so the chain
    // cannot fork. Ids are assigned here, past the head and any row inserted behind Lägesbild's
    // back, because they are hashed.
    AuditHead head = lock_audit_head(c);
    Id id = std::max<Id>(head.last_id,
                         c.exec("SELECT coalesce(max(id), 0) FROM audit_log").integer(0, 0));
    pg::CopyRows rows;
    for (const AuditEntry& raw : entries) {
      const AuditEntry e{raw.at,
                         raw.user_id,
                         storable(raw.municipality),
                         storable(raw.action),
                         storable(raw.object),
                         storable(raw.address)};
      ++id;
      std::string hash = audit_entry_hash(id, e, head.hash);
      rows.integer(id)
          .integer(to_unix(e.at))
          .id(e.user_id)
          .text(e.municipality)
          .text(e.action)
          .text(e.object)
          .text(e.address)
          .text(head.hash)
          .text(hash)
          .end_row();
      head = AuditHead{id, std::move(hash), head.entries + 1};
    }
    c.copy_in(
        "COPY audit_log (id, at, user_id, municipality, action, object, address, prev_hash, hash) "
        "FROM STDIN",
        rows);
    write_audit_head(c, head);
  }
  if (c.run("COMMIT").command() != "COMMIT") {
    throw StoreError("the transaction failed and was rolled back");
  }
  if (!entries.empty()) {
    std::lock_guard lk(audit_mu_);
    // Only a holder of audit_commit_mu_ removes entries; others only append.
    audit_buffer_.erase(audit_buffer_.begin(),
                        audit_buffer_.begin() + static_cast<std::ptrdiff_t>(entries.size()));
  }
}

std::vector<AuditEntry> PgStore::audit_entries(std::size_t limit) {
  transaction([] {});  // make buffered entries visible
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT at, user_id, municipality, action, object, address FROM audit_log "
        "ORDER BY id DESC LIMIT $1",
        pg::Params().integer(static_cast<std::int64_t>(limit)));
    std::vector<AuditEntry> out;
    for (int i = 0; i < r.rows(); ++i) {
      out.push_back(AuditEntry{utc(r, i, 0), r.opt_integer(i, 1), r.text(i, 2), r.text(i, 3),
                               r.text(i, 4), r.text(i, 5)});
    }
    return out;
  });
}

// ---- transactions ----------------------------------------------------------------------------

void PgStore::transaction(const std::function<void()>& fn) {
  if (in_own_transaction()) {  // nested: joins the outer transaction, all or nothing itself
    in_savepoint([&] {
      fn();
      return true;
    });
    return;
  }
  std::lock_guard lk(write_mu_);
  struct Owner {
    PgStore& s;
    explicit Owner(PgStore& st) : s(st) { s.tx_owner_ = std::this_thread::get_id(); }
    ~Owner() { s.tx_owner_ = std::thread::id{}; }
  };
  writer_->reconnect_if_broken();
  writer_->run("BEGIN");
  Owner owner(*this);
  try {
    fn();
    commit_with_audit(*writer_);
  } catch (...) {
    try {
      writer_->run("ROLLBACK");
    } catch (const StoreError&) {  // the connection is gone, and the transaction with it
    }
    throw;
  }
}

}  // namespace lagesbild

// The SQLite engine's measures register and safety walks (see store.h for the contracts). A
// measure is one row plus ordered link rows (areas, places, categories, partners), its status
// history and notes; a read takes them all in one snapshot and assembles them.
#include <unordered_map>

#include "store/sqlite_store.h"
#include "store/sqlite_store_internal.h"

namespace lagesbild {
namespace {

using sqlite_detail::bind_opt;
using sqlite_detail::opt_id;
using sqlite_detail::rethrow;

UtcSeconds utc(const SQLite::Column& c) { return from_unix(c.getInt64()); }

// A note's author: user 0 is the local operator (the CLI), stored as NULL.
void bind_user(SQLite::Statement& s, int i, Id user) {
  bind_opt(s, i, user ? std::optional<Id>(user) : std::nullopt);
}

void bind_optional_int(SQLite::Statement& s, int i, const std::optional<std::int64_t>& v) {
  if (v)
    s.bind(i, static_cast<int64_t>(*v));
  else
    s.bind(i);
}

// ConflictError unless the row `id` of `table` belongs to `municipality`.
void require_in(SqliteStore::Conn& c, const char* table, Id id, const std::string& municipality) {
  SQLite::Statement& s = c.prepare(std::string("SELECT count(*) FROM ") + table +
                                   " WHERE id = ? AND municipality = ?");
  s.bind(1, static_cast<int64_t>(id));
  s.bind(2, municipality);
  s.executeStep();
  const bool found = s.getColumn(0).getInt() == 1;
  s.reset();
  if (!found) {
    throw ConflictError(std::string(table) + " " + std::to_string(id) + " is not in municipality " +
                        municipality);
  }
}

// Replaces the ordered list `table`(owner_column, column, position) of `owner`.
void write_list(SqliteStore::Conn& c, const char* table, const char* owner_column,
                const char* column, const char* ref_table, Id owner, const std::vector<Id>& ids,
                const std::string& municipality) {
  SQLite::Statement& d =
      c.prepare(std::string("DELETE FROM ") + table + " WHERE " + owner_column + " = ?");
  d.bind(1, static_cast<int64_t>(owner));
  d.exec();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    require_in(c, ref_table, ids[i], municipality);
    SQLite::Statement& s = c.prepare(std::string("INSERT INTO ") + table + " (" + owner_column +
                                     ", " + column + ", position) VALUES (?, ?, ?)");
    s.bind(1, static_cast<int64_t>(owner));
    s.bind(2, static_cast<int64_t>(ids[i]));
    s.bind(3, static_cast<int64_t>(i));
    s.exec();
  }
}

// (owner id, referenced id) of an ordered list, for the owners `owner_select` picks.
std::vector<std::pair<Id, Id>> read_list(SqliteStore::Conn& c, const char* table,
                                         const char* owner_column, const char* column,
                                         const char* owner_table, const std::string& municipality,
                                         std::optional<Id> only) {
  SQLite::Statement& s =
      c.prepare(std::string("SELECT l.") + owner_column + ", l." + column + " FROM " + table +
                " l JOIN " + owner_table + " o ON o.id = l." + owner_column +
                " WHERE o.municipality = ?1 AND (?2 IS NULL OR "
                "o.id = ?2) ORDER BY l." +
                owner_column + ", l.position");
  s.bind(1, municipality);
  bind_opt(s, 2, only);
  std::vector<std::pair<Id, Id>> out;
  while (s.executeStep()) out.emplace_back(s.getColumn(0).getInt64(), s.getColumn(1).getInt64());
  return out;
}

template <class T, class Parse>
T parsed(const std::string& text, Parse parse, const char* what) {
  const auto v = parse(text);
  if (!v) throw StoreError(std::string(what) + ": unknown value '" + text + "'");
  return *v;
}

void write_measure_lists(SqliteStore::Conn& c, const Measure& m, Id id) {
  write_list(c, "measure_area", "measure_id", "area_id", "area", id, m.area_ids, m.municipality);
  write_list(c, "measure_place", "measure_id", "place_id", "place", id, m.place_ids,
             m.municipality);
  write_list(c, "measure_category", "measure_id", "category_id", "category", id, m.category_ids,
             m.municipality);
  write_list(c, "measure_partner", "measure_id", "organisation_id", "organisation", id,
             m.partner_ids, m.municipality);
}

void bind_measure_fields(SQLite::Statement& s, const Measure& m) {
  s.bind(1, m.title);
  s.bind(2, m.description);
  s.bind(3, std::string(to_string(m.kind)));
  s.bind(4, std::string(to_string(m.level)));
  s.bind(5, std::string(to_string(m.type)));
  s.bind(6, m.period);
  s.bind(7, m.hotspot);
  s.bind(8, static_cast<int64_t>(m.organisation_id));
  s.bind(9, m.start_day);
  bind_optional_int(s, 10, m.end_day);
  bind_optional_int(s, 11, m.cost_sek);
}

void insert_step(SqliteStore::Conn& c, Id measure, const MeasureStep& step) {
  SQLite::Statement& s = c.prepare(
      "INSERT INTO measure_step (measure_id, status, by_user, at, note) VALUES (?,?,?,?,?)");
  s.bind(1, static_cast<int64_t>(measure));
  s.bind(2, std::string(to_string(step.status)));
  bind_user(s, 3, step.by);
  s.bind(4, static_cast<int64_t>(to_unix(step.at)));
  s.bind(5, step.note);
  s.exec();
}

std::vector<Measure> load_measures(SqliteStore::Conn& c, const std::string& municipality,
                                   std::optional<Id> only) {
  SQLite::Statement& s = c.prepare(
      "SELECT id, municipality, title, description, kind, level, type, period, hotspot, "
      "organisation_id, start_day, end_day, cost_sek, status FROM measure "
      "WHERE municipality = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY start_day DESC, id DESC");
  s.bind(1, municipality);
  bind_opt(s, 2, only);
  std::vector<Measure> out;
  std::unordered_map<Id, std::size_t> at;
  while (s.executeStep()) {
    Measure m;
    m.id = s.getColumn(0).getInt64();
    m.municipality = s.getColumn(1).getString();
    m.title = s.getColumn(2).getString();
    m.description = s.getColumn(3).getString();
    m.kind = parsed<MeasureKind>(s.getColumn(4).getString(), measure_kind_from_string, "kind");
    m.level =
        parsed<PreventionLevel>(s.getColumn(5).getString(), prevention_level_from_string, "level");
    m.type = parsed<MeasureType>(s.getColumn(6).getString(), measure_type_from_string, "type");
    m.period = s.getColumn(7).getString();
    m.hotspot = s.getColumn(8).getString();
    m.organisation_id = s.getColumn(9).getInt64();
    m.start_day = s.getColumn(10).getInt();
    if (!s.getColumn(11).isNull()) m.end_day = s.getColumn(11).getInt();
    if (!s.getColumn(12).isNull()) m.cost_sek = s.getColumn(12).getInt64();
    m.status =
        parsed<MeasureStatus>(s.getColumn(13).getString(), measure_status_from_string, "status");
    at.emplace(m.id, out.size());
    out.push_back(std::move(m));
  }
  s.reset();
  const auto fill = [&](const char* table, const char* column, std::vector<Id> Measure::*list) {
    for (const auto& [owner, ref] :
         read_list(c, table, "measure_id", column, "measure", municipality, only)) {
      if (auto it = at.find(owner); it != at.end()) (out[it->second].*list).push_back(ref);
    }
  };
  fill("measure_area", "area_id", &Measure::area_ids);
  fill("measure_place", "place_id", &Measure::place_ids);
  fill("measure_category", "category_id", &Measure::category_ids);
  fill("measure_partner", "organisation_id", &Measure::partner_ids);
  SQLite::Statement& st = c.prepare(
      "SELECT s.measure_id, s.status, s.by_user, s.at, s.note FROM measure_step s JOIN measure m "
      "ON m.id = s.measure_id WHERE m.municipality = ?1 AND (?2 IS NULL OR m.id = ?2) "
      "ORDER BY s.id");
  st.bind(1, municipality);
  bind_opt(st, 2, only);
  while (st.executeStep()) {
    const auto it = at.find(st.getColumn(0).getInt64());
    if (it == at.end()) continue;
    out[it->second].history.push_back(
        {parsed<MeasureStatus>(st.getColumn(1).getString(), measure_status_from_string, "status"),
         opt_id(st.getColumn(2)).value_or(0), utc(st.getColumn(3)), st.getColumn(4).getString()});
  }
  st.reset();
  SQLite::Statement& sn = c.prepare(
      "SELECT n.measure_id, n.id, n.by_user, n.at, n.text FROM measure_note n JOIN measure m "
      "ON m.id = n.measure_id WHERE m.municipality = ?1 AND (?2 IS NULL OR m.id = ?2) "
      "ORDER BY n.id");
  sn.bind(1, municipality);
  bind_opt(sn, 2, only);
  while (sn.executeStep()) {
    const auto it = at.find(sn.getColumn(0).getInt64());
    if (it == at.end()) continue;
    out[it->second].notes.push_back({sn.getColumn(1).getInt64(),
                                     opt_id(sn.getColumn(2)).value_or(0), utc(sn.getColumn(3)),
                                     sn.getColumn(4).getString()});
  }
  sn.reset();
  return out;
}

constexpr const char* kObservationColumns =
    "o.id, o.walk_id, o.municipality, o.lat, o.lon, o.x, o.y, o.area_id, o.type, o.description, "
    "o.organisation_id, o.status, o.measure_id, o.created_by, o.created_at";

WalkObservation read_observation(SQLite::Statement& s) {
  WalkObservation o;
  o.id = s.getColumn(0).getInt64();
  o.walk_id = s.getColumn(1).getInt64();
  o.municipality = s.getColumn(2).getString();
  o.location = {s.getColumn(3).getDouble(), s.getColumn(4).getDouble(), s.getColumn(5).getDouble(),
                s.getColumn(6).getDouble()};
  o.area_id = opt_id(s.getColumn(7));
  o.type = parsed<ObservationType>(s.getColumn(8).getString(), observation_type_from_string,
                                   "observation type");
  o.description = s.getColumn(9).getString();
  o.organisation_id = opt_id(s.getColumn(10));
  o.status = parsed<ObservationStatus>(s.getColumn(11).getString(), observation_status_from_string,
                                       "observation status");
  o.measure_id = opt_id(s.getColumn(12));
  o.created_by = opt_id(s.getColumn(13)).value_or(0);
  o.created_at = utc(s.getColumn(14));
  return o;
}

std::vector<SafetyWalk> load_walks(SqliteStore::Conn& c, const std::string& municipality,
                                   std::optional<Id> only) {
  SQLite::Statement& s = c.prepare(
      "SELECT id, municipality, day, route, created_by, created_at FROM safety_walk "
      "WHERE municipality = ?1 AND (?2 IS NULL OR id = ?2) ORDER BY day DESC, id DESC");
  s.bind(1, municipality);
  bind_opt(s, 2, only);
  std::vector<SafetyWalk> out;
  std::unordered_map<Id, std::size_t> at;
  while (s.executeStep()) {
    SafetyWalk w;
    w.id = s.getColumn(0).getInt64();
    w.municipality = s.getColumn(1).getString();
    w.day = s.getColumn(2).getInt();
    w.route = s.getColumn(3).getString();
    w.created_by = opt_id(s.getColumn(4)).value_or(0);
    w.created_at = utc(s.getColumn(5));
    at.emplace(w.id, out.size());
    out.push_back(std::move(w));
  }
  s.reset();
  const auto fill = [&](const char* table, const char* column, std::vector<Id> SafetyWalk::*list) {
    for (const auto& [owner, ref] :
         read_list(c, table, "walk_id", column, "safety_walk", municipality, only)) {
      if (auto it = at.find(owner); it != at.end()) (out[it->second].*list).push_back(ref);
    }
  };
  fill("safety_walk_area", "area_id", &SafetyWalk::area_ids);
  fill("safety_walk_organisation", "organisation_id", &SafetyWalk::organisation_ids);
  SQLite::Statement& so = c.prepare(std::string("SELECT ") + kObservationColumns +
                                    " FROM walk_observation o WHERE o.municipality = ?1 AND "
                                    "(?2 IS NULL OR o.walk_id = ?2) ORDER BY o.id");
  so.bind(1, municipality);
  bind_opt(so, 2, only);
  while (so.executeStep()) {
    WalkObservation o = read_observation(so);
    if (auto it = at.find(o.walk_id); it != at.end()) {
      out[it->second].observations.push_back(std::move(o));
    }
  }
  so.reset();
  return out;
}

// The references of an observation must be in its municipality.
void check_observation(SqliteStore::Conn& c, const WalkObservation& o) {
  if (o.area_id) require_in(c, "area", *o.area_id, o.municipality);
  if (o.organisation_id) require_in(c, "organisation", *o.organisation_id, o.municipality);
  if (o.measure_id) require_in(c, "measure", *o.measure_id, o.municipality);
}

void write_activity(SqliteStore::Conn& c, const std::string& municipality, const PromiseActivity& a,
                    Id promise) {
  require_in(c, "organisation", a.organisation_id, municipality);
  SQLite::Statement& s = c.prepare(
      "INSERT INTO promise_activity (promise_id, text, organisation_id, deadline_day, status) "
      "VALUES (?,?,?,?,?)");
  s.bind(1, static_cast<int64_t>(promise));
  s.bind(2, a.text);
  s.bind(3, static_cast<int64_t>(a.organisation_id));
  bind_optional_int(s, 4, a.deadline_day);
  s.bind(5, std::string(to_string(a.status)));
  s.exec();
}

std::vector<CitizenPromise> load_promises(SqliteStore::Conn& c, const std::string& municipality) {
  SQLite::Statement& s = c.prepare(
      "SELECT p.id, p.municipality, p.year, p.police_area, p.period, p.text, p.created_by, "
      "p.created_at FROM citizen_promise p WHERE p.id IN (SELECT promise_id FROM "
      "citizen_promise_municipality WHERE municipality = ?1) ORDER BY p.year DESC, p.id DESC");
  s.bind(1, municipality);
  std::vector<CitizenPromise> out;
  std::unordered_map<Id, std::size_t> at;
  while (s.executeStep()) {
    CitizenPromise p;
    p.id = s.getColumn(0).getInt64();
    p.municipality = s.getColumn(1).getString();
    p.year = s.getColumn(2).getInt();
    p.police_area = s.getColumn(3).getString();
    p.period = s.getColumn(4).getString();
    p.text = s.getColumn(5).getString();
    p.created_by = opt_id(s.getColumn(6)).value_or(0);
    p.created_at = utc(s.getColumn(7));
    at.emplace(p.id, out.size());
    out.push_back(std::move(p));
  }
  s.reset();
  SQLite::Statement& sm = c.prepare(
      "SELECT promise_id, municipality FROM citizen_promise_municipality WHERE promise_id IN "
      "(SELECT promise_id FROM citizen_promise_municipality WHERE municipality = ?1) "
      "ORDER BY promise_id, position");
  sm.bind(1, municipality);
  while (sm.executeStep()) {
    if (auto it = at.find(sm.getColumn(0).getInt64()); it != at.end()) {
      out[it->second].municipalities.push_back(sm.getColumn(1).getString());
    }
  }
  sm.reset();
  SQLite::Statement& sa = c.prepare(
      "SELECT id, promise_id, text, organisation_id, deadline_day, status FROM promise_activity "
      "WHERE promise_id IN (SELECT promise_id FROM citizen_promise_municipality WHERE "
      "municipality = ?1) ORDER BY id");
  sa.bind(1, municipality);
  while (sa.executeStep()) {
    PromiseActivity a;
    a.id = sa.getColumn(0).getInt64();
    a.promise_id = sa.getColumn(1).getInt64();
    a.text = sa.getColumn(2).getString();
    a.organisation_id = sa.getColumn(3).getInt64();
    if (!sa.getColumn(4).isNull()) a.deadline_day = sa.getColumn(4).getInt();
    a.status = parsed<ActivityStatus>(sa.getColumn(5).getString(), activity_status_from_string,
                                      "activity status");
    if (auto it = at.find(a.promise_id); it != at.end()) {
      out[it->second].activities.push_back(std::move(a));
    }
  }
  sa.reset();
  return out;
}

}  // namespace

// Reads run in one snapshot (a read transaction) so a measure and its lists agree.
template <class Fn>
auto SqliteStore::read_snapshot(Fn&& fn) {
  return read([&](Conn& c) {
    if (in_own_transaction()) return fn(c);
    c.db.exec("BEGIN");
    try {
      auto out = fn(c);
      c.db.exec("COMMIT");
      return out;
    } catch (...) {
      c.db.tryExec("ROLLBACK");
      throw;
    }
  });
}

Id SqliteStore::insert_measure(const Measure& m) {
  Id id = 0;
  transaction([&] {
    try {
      require_in(*writer_, "organisation", m.organisation_id, m.municipality);
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO measure (title, description, kind, level, type, period, hotspot, "
          "organisation_id, start_day, end_day, cost_sek, municipality, status) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
      bind_measure_fields(s, m);
      s.bind(12, m.municipality);
      s.bind(13, std::string(to_string(m.status)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
      write_measure_lists(*writer_, m, id);
      for (const MeasureStep& step : m.history) insert_step(*writer_, id, step);
    } catch (const SQLite::Exception& e) {
      rethrow(e, "measure '" + m.title + "'");
    }
  });
  return id;
}

bool SqliteStore::update_measure(const Measure& m) {
  bool found = false;
  transaction([&] {
    try {
      require_in(*writer_, "organisation", m.organisation_id, m.municipality);
      SQLite::Statement& s = writer_->prepare(
          "UPDATE measure SET title = ?1, description = ?2, kind = ?3, level = ?4, type = ?5, "
          "period = ?6, hotspot = ?7, organisation_id = ?8, start_day = ?9, end_day = ?10, "
          "cost_sek = ?11 WHERE id = ?12 AND municipality = ?13");
      bind_measure_fields(s, m);
      s.bind(12, static_cast<int64_t>(m.id));
      s.bind(13, m.municipality);
      found = s.exec() > 0;
      if (found) write_measure_lists(*writer_, m, m.id);
    } catch (const SQLite::Exception& e) {
      rethrow(e, "measure " + std::to_string(m.id));
    }
  });
  return found;
}

bool SqliteStore::advance_measure(const std::string& municipality, Id id, MeasureStatus from,
                                  const MeasureStep& step) {
  bool changed = false;
  transaction([&] {
    try {
      SQLite::Statement& s = writer_->prepare(
          "UPDATE measure SET status = ? WHERE id = ? AND municipality = ? AND status = ?");
      s.bind(1, std::string(to_string(step.status)));
      s.bind(2, static_cast<int64_t>(id));
      s.bind(3, municipality);
      s.bind(4, std::string(to_string(from)));
      changed = s.exec() > 0;
      if (changed) insert_step(*writer_, id, step);
    } catch (const SQLite::Exception& e) {
      rethrow(e, "status of measure " + std::to_string(id));
    }
  });
  return changed;
}

Id SqliteStore::insert_measure_note(const std::string& municipality, Id measure_id,
                                    const MeasureNote& n) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare(
        "INSERT INTO measure_note (measure_id, by_user, at, text) SELECT ?1, ?2, ?3, ?4 "
        "WHERE EXISTS (SELECT 1 FROM measure WHERE id = ?1 AND municipality = ?5)");
    s.bind(1, static_cast<int64_t>(measure_id));
    bind_user(s, 2, n.by);
    s.bind(3, static_cast<int64_t>(to_unix(n.at)));
    s.bind(4, n.text);
    s.bind(5, municipality);
    if (s.exec() == 0) return 0;
    return writer_->db.getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    rethrow(e, "note on measure " + std::to_string(measure_id));
  }
}

std::vector<Measure> SqliteStore::measures(const std::string& municipality) {
  return read_snapshot([&](Conn& c) { return load_measures(c, municipality, std::nullopt); });
}

std::optional<Measure> SqliteStore::measure(const std::string& municipality, Id id) {
  auto found = read_snapshot([&](Conn& c) { return load_measures(c, municipality, id); });
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

Id SqliteStore::insert_safety_walk(const SafetyWalk& w) {
  Id id = 0;
  transaction([&] {
    try {
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO safety_walk (municipality, day, route, created_by, created_at) "
          "VALUES (?,?,?,?,?)");
      s.bind(1, w.municipality);
      s.bind(2, w.day);
      s.bind(3, w.route);
      bind_user(s, 4, w.created_by);
      s.bind(5, static_cast<int64_t>(to_unix(w.created_at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
      write_list(*writer_, "safety_walk_area", "walk_id", "area_id", "area", id, w.area_ids,
                 w.municipality);
      write_list(*writer_, "safety_walk_organisation", "walk_id", "organisation_id", "organisation",
                 id, w.organisation_ids, w.municipality);
    } catch (const SQLite::Exception& e) {
      rethrow(e, "safety walk");
    }
  });
  return id;
}

std::vector<SafetyWalk> SqliteStore::safety_walks(const std::string& municipality) {
  return read_snapshot([&](Conn& c) { return load_walks(c, municipality, std::nullopt); });
}

std::optional<SafetyWalk> SqliteStore::safety_walk(const std::string& municipality, Id id) {
  auto found = read_snapshot([&](Conn& c) { return load_walks(c, municipality, id); });
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

Id SqliteStore::insert_walk_observation(const WalkObservation& o) {
  Id id = 0;
  transaction([&] {
    try {
      require_in(*writer_, "safety_walk", o.walk_id, o.municipality);
      check_observation(*writer_, o);
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO walk_observation (walk_id, municipality, lat, lon, x, y, area_id, type, "
          "description, organisation_id, status, measure_id, created_by, created_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      s.bind(1, static_cast<int64_t>(o.walk_id));
      s.bind(2, o.municipality);
      s.bind(3, o.location.lat);
      s.bind(4, o.location.lon);
      s.bind(5, o.location.x);
      s.bind(6, o.location.y);
      bind_opt(s, 7, o.area_id);
      s.bind(8, std::string(to_string(o.type)));
      s.bind(9, o.description);
      bind_opt(s, 10, o.organisation_id);
      s.bind(11, std::string(to_string(o.status)));
      bind_opt(s, 12, o.measure_id);
      bind_user(s, 13, o.created_by);
      s.bind(14, static_cast<int64_t>(to_unix(o.created_at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
      rethrow(e, "observation");
    }
  });
  return id;
}

std::optional<WalkObservation> SqliteStore::walk_observation(const std::string& municipality,
                                                             Id id) {
  return read([&](Conn& c) -> std::optional<WalkObservation> {
    SQLite::Statement& s = c.prepare(std::string("SELECT ") + kObservationColumns +
                                     " FROM walk_observation o WHERE o.id = ? AND "
                                     "o.municipality = ?");
    s.bind(1, static_cast<int64_t>(id));
    s.bind(2, municipality);
    if (!s.executeStep()) return std::nullopt;
    return read_observation(s);
  });
}

bool SqliteStore::update_walk_observation(const WalkObservation& o) {
  bool found = false;
  transaction([&] {
    try {
      check_observation(*writer_, o);
      SQLite::Statement& s = writer_->prepare(
          "UPDATE walk_observation SET status = ?, organisation_id = ?, measure_id = ? "
          "WHERE id = ? AND municipality = ?");
      s.bind(1, std::string(to_string(o.status)));
      bind_opt(s, 2, o.organisation_id);
      bind_opt(s, 3, o.measure_id);
      s.bind(4, static_cast<int64_t>(o.id));
      s.bind(5, o.municipality);
      found = s.exec() > 0;
    } catch (const SQLite::Exception& e) {
      rethrow(e, "observation " + std::to_string(o.id));
    }
  });
  return found;
}

Id SqliteStore::insert_citizen_promise(const CitizenPromise& p) {
  Id id = 0;
  transaction([&] {
    try {
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO citizen_promise (municipality, year, police_area, period, text, "
          "created_by, created_at) VALUES (?,?,?,?,?,?,?)");
      s.bind(1, p.municipality);
      s.bind(2, p.year);
      s.bind(3, p.police_area);
      s.bind(4, p.period);
      s.bind(5, p.text);
      bind_user(s, 6, p.created_by);
      s.bind(7, static_cast<int64_t>(to_unix(p.created_at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
      for (std::size_t i = 0; i < p.municipalities.size(); ++i) {
        SQLite::Statement& m = writer_->prepare(
            "INSERT INTO citizen_promise_municipality (promise_id, municipality, position) "
            "VALUES (?,?,?)");
        m.bind(1, static_cast<int64_t>(id));
        m.bind(2, p.municipalities[i]);
        m.bind(3, static_cast<int64_t>(i));
        m.exec();
      }
      for (const PromiseActivity& a : p.activities) write_activity(*writer_, p.municipality, a, id);
    } catch (const SQLite::Exception& e) {
      rethrow(e, "citizen promise " + std::to_string(p.year));
    }
  });
  return id;
}

std::vector<CitizenPromise> SqliteStore::citizen_promises(const std::string& municipality) {
  return read_snapshot([&](Conn& c) { return load_promises(c, municipality); });
}

Id SqliteStore::insert_promise_activity(const std::string& municipality, const PromiseActivity& a) {
  Id id = 0;
  transaction([&] {
    try {
      SQLite::Statement& s = writer_->prepare(
          "SELECT count(*) FROM citizen_promise WHERE id = ? AND municipality = ?");
      s.bind(1, static_cast<int64_t>(a.promise_id));
      s.bind(2, municipality);
      s.executeStep();
      const bool found = s.getColumn(0).getInt() == 1;
      s.reset();
      if (!found) return;
      write_activity(*writer_, municipality, a, a.promise_id);
      id = writer_->db.getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
      rethrow(e, "activity");
    }
  });
  return id;
}

bool SqliteStore::update_promise_activity(const std::string& municipality,
                                          const PromiseActivity& a) {
  bool found = false;
  transaction([&] {
    try {
      SQLite::Statement& exists = writer_->prepare(
          "SELECT count(*) FROM promise_activity WHERE id = ? AND promise_id IN (SELECT id FROM "
          "citizen_promise WHERE municipality = ?)");
      exists.bind(1, static_cast<int64_t>(a.id));
      exists.bind(2, municipality);
      exists.executeStep();
      const bool kept_here = exists.getColumn(0).getInt() == 1;
      exists.reset();
      if (!kept_here) return;
      require_in(*writer_, "organisation", a.organisation_id, municipality);
      SQLite::Statement& s = writer_->prepare(
          "UPDATE promise_activity SET text = ?, organisation_id = ?, deadline_day = ?, "
          "status = ? WHERE id = ? AND promise_id IN (SELECT id FROM citizen_promise WHERE "
          "municipality = ?)");
      s.bind(1, a.text);
      s.bind(2, static_cast<int64_t>(a.organisation_id));
      bind_optional_int(s, 3, a.deadline_day);
      s.bind(4, std::string(to_string(a.status)));
      s.bind(5, static_cast<int64_t>(a.id));
      s.bind(6, municipality);
      found = s.exec() > 0;
    } catch (const SQLite::Exception& e) {
      rethrow(e, "activity " + std::to_string(a.id));
    }
  });
  return found;
}

}  // namespace lagesbild

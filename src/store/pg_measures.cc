// The PostgreSQL engine's measures register and safety walks: the same tables and the same
// assembly as sqlite_measures.cc (see store.h for the contracts).
#include <unordered_map>

#include "store/pg_store.h"
#include "store/pg_store_internal.h"

namespace lagesbild {
namespace {

// A note's author: user 0 is the local operator (the CLI), stored as NULL.
std::optional<Id> by_user(Id user) { return user ? std::optional<Id>(user) : std::nullopt; }

UtcSeconds utc_at(const pg::Result& r, int row, int col) { return from_unix(r.integer(row, col)); }

// ConflictError unless the row `id` of `table` belongs to `municipality`.
void require_in(pg::Connection& c, const char* table, Id id, const std::string& municipality) {
  const auto r =
      c.exec(std::string("SELECT count(*) FROM ") + table + " WHERE id = $1 AND municipality = $2",
             pg::Params().integer(id).text(municipality));
  if (r.integer(0, 0) != 1) {
    throw ConflictError(std::string(table) + " " + std::to_string(id) + " is not in municipality " +
                        municipality);
  }
}

// Replaces the ordered list `table`(owner_column, column, position) of `owner`.
void write_list(pg::Connection& c, const char* table, const char* owner_column, const char* column,
                const char* ref_table, Id owner, const std::vector<Id>& ids,
                const std::string& municipality) {
  c.exec(std::string("DELETE FROM ") + table + " WHERE " + owner_column + " = $1",
         pg::Params().integer(owner));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    require_in(c, ref_table, ids[i], municipality);
    c.exec(std::string("INSERT INTO ") + table + " (" + owner_column + ", " + column +
               ", position) VALUES ($1, $2, $3)",
           pg::Params().integer(owner).integer(ids[i]).integer(static_cast<std::int64_t>(i)));
  }
}

std::vector<std::pair<Id, Id>> read_list(pg::Connection& c, const char* table,
                                         const char* owner_column, const char* column,
                                         const char* owner_table, const std::string& municipality,
                                         std::optional<Id> only) {
  const auto r = c.exec(std::string("SELECT l.") + owner_column + ", l." + column + " FROM " +
                            table + " l JOIN " + owner_table + " o ON o.id = l." + owner_column +
                            " WHERE o.municipality = $1 AND ($2::bigint IS NULL OR o.id = $2) "
                            "ORDER BY l." +
                            owner_column + ", l.position",
                        pg::Params().text(municipality).id(only));
  std::vector<std::pair<Id, Id>> out;
  for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.integer(i, 0), r.integer(i, 1));
  return out;
}

template <class T, class Parse>
T parsed(std::string_view text, Parse parse, const char* what) {
  const auto v = parse(text);
  if (!v) throw StoreError(std::string(what) + ": unknown value '" + std::string(text) + "'");
  return *v;
}

std::optional<std::int64_t> opt_int(const std::optional<int>& v) {
  if (!v) return std::nullopt;
  return *v;
}

pg::Params measure_fields(const Measure& m) {
  pg::Params p;
  p.text(m.title)
      .text(m.description)
      .text(to_string(m.kind))
      .text(to_string(m.level))
      .text(to_string(m.type))
      .text(m.period)
      .text(m.hotspot)
      .integer(m.organisation_id)
      .integer(m.start_day)
      .id(opt_int(m.end_day))
      .id(m.cost_sek);
  return p;
}

void write_measure_lists(pg::Connection& c, const Measure& m, Id id) {
  write_list(c, "measure_area", "measure_id", "area_id", "area", id, m.area_ids, m.municipality);
  write_list(c, "measure_place", "measure_id", "place_id", "place", id, m.place_ids,
             m.municipality);
  write_list(c, "measure_category", "measure_id", "category_id", "category", id, m.category_ids,
             m.municipality);
  write_list(c, "measure_partner", "measure_id", "organisation_id", "organisation", id,
             m.partner_ids, m.municipality);
}

void insert_step(pg::Connection& c, Id measure, const MeasureStep& step) {
  c.exec("INSERT INTO measure_step (measure_id, status, by_user, at, note) VALUES ($1,$2,$3,$4,$5)",
         pg::Params()
             .integer(measure)
             .text(to_string(step.status))
             .id(by_user(step.by))
             .integer(to_unix(step.at))
             .text(step.note));
}

std::vector<Measure> load_measures(pg::Connection& c, const std::string& municipality,
                                   std::optional<Id> only) {
  const auto r = c.exec(
      "SELECT id, municipality, title, description, kind, level, type, period, hotspot, "
      "organisation_id, start_day, end_day, cost_sek, status FROM measure "
      "WHERE municipality = $1 AND ($2::bigint IS NULL OR id = $2) "
      "ORDER BY start_day DESC, id DESC",
      pg::Params().text(municipality).id(only));
  std::vector<Measure> out;
  std::unordered_map<Id, std::size_t> at;
  for (int i = 0; i < r.rows(); ++i) {
    Measure m;
    m.id = r.integer(i, 0);
    m.municipality = r.text(i, 1);
    m.title = r.text(i, 2);
    m.description = r.text(i, 3);
    m.kind = parsed<MeasureKind>(r.view(i, 4), measure_kind_from_string, "kind");
    m.level = parsed<PreventionLevel>(r.view(i, 5), prevention_level_from_string, "level");
    m.type = parsed<MeasureType>(r.view(i, 6), measure_type_from_string, "type");
    m.period = r.text(i, 7);
    m.hotspot = r.text(i, 8);
    m.organisation_id = r.integer(i, 9);
    m.start_day = static_cast<int>(r.integer(i, 10));
    if (!r.null(i, 11)) m.end_day = static_cast<int>(r.integer(i, 11));
    m.cost_sek = r.opt_integer(i, 12);
    m.status = parsed<MeasureStatus>(r.view(i, 13), measure_status_from_string, "status");
    at.emplace(m.id, out.size());
    out.push_back(std::move(m));
  }
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
  const auto steps = c.exec(
      "SELECT s.measure_id, s.status, s.by_user, s.at, s.note FROM measure_step s JOIN measure m "
      "ON m.id = s.measure_id WHERE m.municipality = $1 AND ($2::bigint IS NULL OR m.id = $2) "
      "ORDER BY s.id",
      pg::Params().text(municipality).id(only));
  for (int i = 0; i < steps.rows(); ++i) {
    const auto it = at.find(steps.integer(i, 0));
    if (it == at.end()) continue;
    out[it->second].history.push_back(
        {parsed<MeasureStatus>(steps.view(i, 1), measure_status_from_string, "status"),
         steps.opt_integer(i, 2).value_or(0), utc_at(steps, i, 3), steps.text(i, 4)});
  }
  const auto notes = c.exec(
      "SELECT n.measure_id, n.id, n.by_user, n.at, n.text FROM measure_note n JOIN measure m "
      "ON m.id = n.measure_id WHERE m.municipality = $1 AND ($2::bigint IS NULL OR m.id = $2) "
      "ORDER BY n.id",
      pg::Params().text(municipality).id(only));
  for (int i = 0; i < notes.rows(); ++i) {
    const auto it = at.find(notes.integer(i, 0));
    if (it == at.end()) continue;
    out[it->second].notes.push_back({notes.integer(i, 1), notes.opt_integer(i, 2).value_or(0),
                                     utc_at(notes, i, 3), notes.text(i, 4)});
  }
  return out;
}

constexpr const char* kObservationColumns =
    "o.id, o.walk_id, o.municipality, o.lat, o.lon, o.x, o.y, o.area_id, o.type, o.description, "
    "o.organisation_id, o.status, o.measure_id, o.created_by, o.created_at";

WalkObservation read_observation(const pg::Result& r, int i) {
  WalkObservation o;
  o.id = r.integer(i, 0);
  o.walk_id = r.integer(i, 1);
  o.municipality = r.text(i, 2);
  o.location = {r.real(i, 3), r.real(i, 4), r.real(i, 5), r.real(i, 6)};
  o.area_id = r.opt_integer(i, 7);
  o.type = parsed<ObservationType>(r.view(i, 8), observation_type_from_string, "observation type");
  o.description = r.text(i, 9);
  o.organisation_id = r.opt_integer(i, 10);
  o.status = parsed<ObservationStatus>(r.view(i, 11), observation_status_from_string,
                                       "observation status");
  o.measure_id = r.opt_integer(i, 12);
  o.created_by = r.opt_integer(i, 13).value_or(0);
  o.created_at = utc_at(r, i, 14);
  return o;
}

std::vector<SafetyWalk> load_walks(pg::Connection& c, const std::string& municipality,
                                   std::optional<Id> only) {
  const auto r = c.exec(
      "SELECT id, municipality, day, route, created_by, created_at FROM safety_walk "
      "WHERE municipality = $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY day DESC, id DESC",
      pg::Params().text(municipality).id(only));
  std::vector<SafetyWalk> out;
  std::unordered_map<Id, std::size_t> at;
  for (int i = 0; i < r.rows(); ++i) {
    SafetyWalk w;
    w.id = r.integer(i, 0);
    w.municipality = r.text(i, 1);
    w.day = static_cast<int>(r.integer(i, 2));
    w.route = r.text(i, 3);
    w.created_by = r.opt_integer(i, 4).value_or(0);
    w.created_at = utc_at(r, i, 5);
    at.emplace(w.id, out.size());
    out.push_back(std::move(w));
  }
  const auto fill = [&](const char* table, const char* column, std::vector<Id> SafetyWalk::*list) {
    for (const auto& [owner, ref] :
         read_list(c, table, "walk_id", column, "safety_walk", municipality, only)) {
      if (auto it = at.find(owner); it != at.end()) (out[it->second].*list).push_back(ref);
    }
  };
  fill("safety_walk_area", "area_id", &SafetyWalk::area_ids);
  fill("safety_walk_organisation", "organisation_id", &SafetyWalk::organisation_ids);
  const auto obs = c.exec(std::string("SELECT ") + kObservationColumns +
                              " FROM walk_observation o WHERE o.municipality = $1 AND "
                              "($2::bigint IS NULL OR o.walk_id = $2) ORDER BY o.id",
                          pg::Params().text(municipality).id(only));
  for (int i = 0; i < obs.rows(); ++i) {
    WalkObservation o = read_observation(obs, i);
    if (auto it = at.find(o.walk_id); it != at.end()) {
      out[it->second].observations.push_back(std::move(o));
    }
  }
  return out;
}

void check_observation(pg::Connection& c, const WalkObservation& o) {
  if (o.area_id) require_in(c, "area", *o.area_id, o.municipality);
  if (o.organisation_id) require_in(c, "organisation", *o.organisation_id, o.municipality);
  if (o.measure_id) require_in(c, "measure", *o.measure_id, o.municipality);
}

// Returns the new activity's id.
Id write_activity(pg::Connection& c, const std::string& municipality, const PromiseActivity& a,
                  Id promise) {
  require_in(c, "organisation", a.organisation_id, municipality);
  return c
      .exec(
          "INSERT INTO promise_activity (promise_id, text, organisation_id, deadline_day, status) "
          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
          pg::Params()
              .integer(promise)
              .text(a.text)
              .integer(a.organisation_id)
              .id(opt_int(a.deadline_day))
              .text(to_string(a.status)))
      .integer(0, 0);
}

std::vector<CitizenPromise> load_promises(pg::Connection& c, const std::string& municipality) {
  const auto r = c.exec(
      "SELECT p.id, p.municipality, p.year, p.police_area, p.period, p.text, p.created_by, "
      "p.created_at FROM citizen_promise p WHERE p.id IN (SELECT promise_id FROM "
      "citizen_promise_municipality WHERE municipality = $1) ORDER BY p.year DESC, p.id DESC",
      pg::Params().text(municipality));
  std::vector<CitizenPromise> out;
  std::unordered_map<Id, std::size_t> at;
  for (int i = 0; i < r.rows(); ++i) {
    CitizenPromise p;
    p.id = r.integer(i, 0);
    p.municipality = r.text(i, 1);
    p.year = static_cast<int>(r.integer(i, 2));
    p.police_area = r.text(i, 3);
    p.period = r.text(i, 4);
    p.text = r.text(i, 5);
    p.created_by = r.opt_integer(i, 6).value_or(0);
    p.created_at = utc_at(r, i, 7);
    at.emplace(p.id, out.size());
    out.push_back(std::move(p));
  }
  const auto ms = c.exec(
      "SELECT promise_id, municipality FROM citizen_promise_municipality WHERE promise_id IN "
      "(SELECT promise_id FROM citizen_promise_municipality WHERE municipality = $1) "
      "ORDER BY promise_id, position",
      pg::Params().text(municipality));
  for (int i = 0; i < ms.rows(); ++i) {
    if (auto it = at.find(ms.integer(i, 0)); it != at.end()) {
      out[it->second].municipalities.push_back(ms.text(i, 1));
    }
  }
  const auto as = c.exec(
      "SELECT id, promise_id, text, organisation_id, deadline_day, status FROM promise_activity "
      "WHERE promise_id IN (SELECT promise_id FROM citizen_promise_municipality WHERE "
      "municipality = $1) ORDER BY id",
      pg::Params().text(municipality));
  for (int i = 0; i < as.rows(); ++i) {
    PromiseActivity a;
    a.id = as.integer(i, 0);
    a.promise_id = as.integer(i, 1);
    a.text = as.text(i, 2);
    a.organisation_id = as.integer(i, 3);
    if (!as.null(i, 4)) a.deadline_day = static_cast<int>(as.integer(i, 4));
    a.status =
        parsed<ActivityStatus>(as.view(i, 5), activity_status_from_string, "activity status");
    if (auto it = at.find(a.promise_id); it != at.end()) {
      out[it->second].activities.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace

// Reads run in one snapshot (a REPEATABLE READ transaction) so a measure and its lists agree.
template <class Fn>
auto PgStore::read_snapshot(Fn&& fn) {
  return read([&](pg::Connection& c) {
    if (in_own_transaction()) return fn(c);
    c.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      auto out = fn(c);
      c.run("COMMIT");
      return out;
    } catch (...) {
      try {
        c.run("ROLLBACK");
      } catch (const StoreError&) {  // the connection is gone, and the transaction with it
      }
      throw;
    }
  });
}

Id PgStore::insert_measure(const Measure& m) {
  Id id = 0;
  transaction([&] {
    id = write("measure '" + m.title + "'", [&](pg::Connection& c) {
      require_in(c, "organisation", m.organisation_id, m.municipality);
      const Id new_id =
          c.exec(
               "INSERT INTO measure (title, description, kind, level, type, period, hotspot, "
               "organisation_id, start_day, end_day, cost_sek, municipality, status) "
               "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) RETURNING id",
               measure_fields(m).text(m.municipality).text(to_string(m.status)))
              .integer(0, 0);
      write_measure_lists(c, m, new_id);
      for (const MeasureStep& step : m.history) insert_step(c, new_id, step);
      return new_id;
    });
  });
  return id;
}

bool PgStore::update_measure(const Measure& m) {
  bool found = false;
  transaction([&] {
    found = write("measure " + std::to_string(m.id), [&](pg::Connection& c) {
      require_in(c, "organisation", m.organisation_id, m.municipality);
      const bool exists =
          c.exec(
               "UPDATE measure SET title = $1, description = $2, kind = $3, level = $4, "
               "type = $5, period = $6, hotspot = $7, organisation_id = $8, start_day = $9, "
               "end_day = $10, cost_sek = $11 WHERE id = $12 AND municipality = $13",
               measure_fields(m).integer(m.id).text(m.municipality))
              .affected() > 0;
      if (exists) write_measure_lists(c, m, m.id);
      return exists;
    });
  });
  return found;
}

bool PgStore::advance_measure(const std::string& municipality, Id id, MeasureStatus from,
                              const MeasureStep& step) {
  bool changed = false;
  transaction([&] {
    changed = write("status of measure " + std::to_string(id), [&](pg::Connection& c) {
      const bool updated =
          c.exec(
               "UPDATE measure SET status = $1 WHERE id = $2 AND municipality = $3 AND "
               "status = $4",
               pg::Params()
                   .text(to_string(step.status))
                   .integer(id)
                   .text(municipality)
                   .text(to_string(from)))
              .affected() > 0;
      if (updated) insert_step(c, id, step);
      return updated;
    });
  });
  return changed;
}

Id PgStore::insert_measure_note(const std::string& municipality, Id measure_id,
                                const MeasureNote& n) {
  return write("note on measure " + std::to_string(measure_id), [&](pg::Connection& c) -> Id {
    const auto r = c.exec(
        "INSERT INTO measure_note (measure_id, by_user, at, text) SELECT $1, $2, $3, $4 "
        "WHERE EXISTS (SELECT 1 FROM measure WHERE id = $1 AND municipality = $5) RETURNING id",
        pg::Params()
            .integer(measure_id)
            .id(by_user(n.by))
            .integer(to_unix(n.at))
            .text(n.text)
            .text(municipality));
    return r.rows() == 0 ? 0 : r.integer(0, 0);
  });
}

std::vector<Measure> PgStore::measures(const std::string& municipality) {
  return read_snapshot(
      [&](pg::Connection& c) { return load_measures(c, municipality, std::nullopt); });
}

std::optional<Measure> PgStore::measure(const std::string& municipality, Id id) {
  auto found = read_snapshot([&](pg::Connection& c) { return load_measures(c, municipality, id); });
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

Id PgStore::insert_safety_walk(const SafetyWalk& w) {
  Id id = 0;
  transaction([&] {
    id = write("safety walk", [&](pg::Connection& c) {
      const Id new_id = c.exec(
                             "INSERT INTO safety_walk (municipality, day, route, created_by, "
                             "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                             pg::Params()
                                 .text(w.municipality)
                                 .integer(w.day)
                                 .text(w.route)
                                 .id(by_user(w.created_by))
                                 .integer(to_unix(w.created_at)))
                            .integer(0, 0);
      write_list(c, "safety_walk_area", "walk_id", "area_id", "area", new_id, w.area_ids,
                 w.municipality);
      write_list(c, "safety_walk_organisation", "walk_id", "organisation_id", "organisation",
                 new_id, w.organisation_ids, w.municipality);
      return new_id;
    });
  });
  return id;
}

std::vector<SafetyWalk> PgStore::safety_walks(const std::string& municipality) {
  return read_snapshot(
      [&](pg::Connection& c) { return load_walks(c, municipality, std::nullopt); });
}

std::optional<SafetyWalk> PgStore::safety_walk(const std::string& municipality, Id id) {
  auto found = read_snapshot([&](pg::Connection& c) { return load_walks(c, municipality, id); });
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

Id PgStore::insert_walk_observation(const WalkObservation& o) {
  Id id = 0;
  transaction([&] {
    id = write("observation", [&](pg::Connection& c) {
      require_in(c, "safety_walk", o.walk_id, o.municipality);
      check_observation(c, o);
      return c
          .exec(
              "INSERT INTO walk_observation (walk_id, municipality, lat, lon, x, y, area_id, "
              "type, description, organisation_id, status, measure_id, created_by, created_at) "
              "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id",
              pg::Params()
                  .integer(o.walk_id)
                  .text(o.municipality)
                  .real(o.location.lat)
                  .real(o.location.lon)
                  .real(o.location.x)
                  .real(o.location.y)
                  .id(o.area_id)
                  .text(to_string(o.type))
                  .text(o.description)
                  .id(o.organisation_id)
                  .text(to_string(o.status))
                  .id(o.measure_id)
                  .id(by_user(o.created_by))
                  .integer(to_unix(o.created_at)))
          .integer(0, 0);
    });
  });
  return id;
}

std::optional<WalkObservation> PgStore::walk_observation(const std::string& municipality, Id id) {
  return read([&](pg::Connection& c) -> std::optional<WalkObservation> {
    const auto r = c.exec(std::string("SELECT ") + kObservationColumns +
                              " FROM walk_observation o WHERE o.id = $1 AND o.municipality = $2",
                          pg::Params().integer(id).text(municipality));
    if (r.rows() == 0) return std::nullopt;
    return read_observation(r, 0);
  });
}

bool PgStore::update_walk_observation(const WalkObservation& o) {
  bool found = false;
  transaction([&] {
    found = write("observation " + std::to_string(o.id), [&](pg::Connection& c) {
      check_observation(c, o);
      return c.exec(
                  "UPDATE walk_observation SET status = $1, organisation_id = $2, "
                  "measure_id = $3 WHERE id = $4 AND municipality = $5",
                  pg::Params()
                      .text(to_string(o.status))
                      .id(o.organisation_id)
                      .id(o.measure_id)
                      .integer(o.id)
                      .text(o.municipality))
                 .affected() > 0;
    });
  });
  return found;
}

Id PgStore::insert_citizen_promise(const CitizenPromise& p) {
  Id id = 0;
  transaction([&] {
    id = write("citizen promise " + std::to_string(p.year), [&](pg::Connection& c) {
      const Id new_id = c.exec(
                             "INSERT INTO citizen_promise (municipality, year, police_area, "
                             "period, text, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
                             "$6, $7) RETURNING id",
                             pg::Params()
                                 .text(p.municipality)
                                 .integer(p.year)
                                 .text(p.police_area)
                                 .text(p.period)
                                 .text(p.text)
                                 .id(by_user(p.created_by))
                                 .integer(to_unix(p.created_at)))
                            .integer(0, 0);
      for (std::size_t i = 0; i < p.municipalities.size(); ++i) {
        c.exec(
            "INSERT INTO citizen_promise_municipality (promise_id, municipality, position) "
            "VALUES ($1, $2, $3)",
            pg::Params()
                .integer(new_id)
                .text(p.municipalities[i])
                .integer(static_cast<std::int64_t>(i)));
      }
      for (const PromiseActivity& a : p.activities) write_activity(c, p.municipality, a, new_id);
      return new_id;
    });
  });
  return id;
}

std::vector<CitizenPromise> PgStore::citizen_promises(const std::string& municipality) {
  return read_snapshot([&](pg::Connection& c) { return load_promises(c, municipality); });
}

Id PgStore::insert_promise_activity(const std::string& municipality, const PromiseActivity& a) {
  Id id = 0;
  transaction([&] {
    id = write("activity", [&](pg::Connection& c) -> Id {
      const auto found =
          c.exec("SELECT count(*) FROM citizen_promise WHERE id = $1 AND municipality = $2",
                 pg::Params().integer(a.promise_id).text(municipality));
      if (found.integer(0, 0) != 1) return 0;
      return write_activity(c, municipality, a, a.promise_id);
    });
  });
  return id;
}

bool PgStore::update_promise_activity(const std::string& municipality, const PromiseActivity& a) {
  bool found = false;
  transaction([&] {
    found = write("activity " + std::to_string(a.id), [&](pg::Connection& c) {
      const bool kept_here =
          c.exec(
               "SELECT count(*) FROM promise_activity WHERE id = $1 AND promise_id IN (SELECT id "
               "FROM citizen_promise WHERE municipality = $2)",
               pg::Params().integer(a.id).text(municipality))
              .integer(0, 0) == 1;
      if (!kept_here) return false;
      require_in(c, "organisation", a.organisation_id, municipality);
      return c.exec(
                  "UPDATE promise_activity SET text = $1, organisation_id = $2, "
                  "deadline_day = $3, status = $4 WHERE id = $5 AND promise_id IN (SELECT id "
                  "FROM citizen_promise WHERE municipality = $6)",
                  pg::Params()
                      .text(a.text)
                      .integer(a.organisation_id)
                      .id(opt_int(a.deadline_day))
                      .text(to_string(a.status))
                      .integer(a.id)
                      .text(municipality))
                 .affected() > 0;
    });
  });
  return found;
}

}  // namespace lagesbild

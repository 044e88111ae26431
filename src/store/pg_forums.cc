// The PostgreSQL engine's collaboration forums: the same tables and checks as sqlite_forums.cc
// (see store.h for the contracts).
#include <unordered_map>

#include "store/id_list.h"
#include "store/pg_store.h"
#include "store/pg_store_internal.h"

namespace lagesbild {
namespace {

std::optional<Id> by_user(Id user) { return user ? std::optional<Id>(user) : std::nullopt; }

UtcSeconds utc_at(const pg::Result& r, int row, int col) { return from_unix(r.integer(row, col)); }

std::optional<std::int64_t> opt_time(const std::optional<UtcSeconds>& t) {
  if (!t) return std::nullopt;
  return to_unix(*t);
}

// ConflictError unless the row `id` of `table` exists (and belongs to `municipality` when the
// table has one).
void require(pg::Connection& c, const char* table, Id id, const std::string* municipality) {
  pg::Params p;
  p.integer(id);
  if (municipality) p.text(*municipality);
  const auto r = c.exec(std::string("SELECT count(*) FROM ") + table + " WHERE id = $1" +
                            (municipality ? " AND municipality = $2" : ""),
                        p);
  if (r.integer(0, 0) != 1) {
    throw ConflictError(std::string(table) + " " + std::to_string(id) +
                        (municipality ? " is not in municipality " + *municipality
                                      : std::string(" does not exist")));
  }
}

void require_all(pg::Connection& c, const char* table, const std::vector<Id>& ids,
                 const std::string& municipality) {
  for (Id id : ids) require(c, table, id, &municipality);
}

void require_users(pg::Connection& c, const std::vector<Id>& ids) {
  for (Id id : ids) require(c, "user_account", id, nullptr);
}

template <class T, class Parse>
T parsed(std::string_view text, Parse parse, const char* what) {
  const auto v = parse(text);
  if (!v) throw StoreError(std::string(what) + ": unknown value '" + std::string(text) + "'");
  return *v;
}

}  // namespace

Id PgStore::insert_forum_group(const ForumGroup& g) {
  Id id = 0;
  transaction([&] {
    id = write("group '" + g.name + "'", [&](pg::Connection& c) {
      require_all(c, "organisation", g.organisation_ids, g.municipality);
      require_all(c, "area", g.area_ids, g.municipality);
      require_all(c, "category", g.category_ids, g.municipality);
      require_users(c, g.member_ids);
      return c
          .exec(
              "INSERT INTO forum_group (municipality, name, kind, cadence, organisation_ids, "
              "member_ids, area_ids, category_ids, created_by, created_at) "
              "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
              pg::Params()
                  .text(g.municipality)
                  .text(g.name)
                  .text(to_string(g.kind))
                  .text(to_string(g.cadence))
                  .text(id_list::join(g.organisation_ids))
                  .text(id_list::join(g.member_ids))
                  .text(id_list::join(g.area_ids))
                  .text(id_list::join(g.category_ids))
                  .id(by_user(g.created_by))
                  .integer(to_unix(g.created_at)))
          .integer(0, 0);
    });
  });
  return id;
}

std::vector<ForumGroup> PgStore::forum_groups(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, municipality, name, kind, cadence, organisation_ids, member_ids, area_ids, "
        "category_ids, created_by, created_at FROM forum_group WHERE municipality = $1 "
        "ORDER BY name, id",
        pg::Params().text(municipality));
    std::vector<ForumGroup> out;
    for (int i = 0; i < r.rows(); ++i) {
      ForumGroup g;
      g.id = r.integer(i, 0);
      g.municipality = r.text(i, 1);
      g.name = r.text(i, 2);
      g.kind = parsed<GroupKind>(r.view(i, 3), group_kind_from_string, "kind");
      g.cadence = parsed<Cadence>(r.view(i, 4), cadence_from_string, "cadence");
      g.organisation_ids = id_list::split(r.text(i, 5));
      g.member_ids = id_list::split(r.text(i, 6));
      g.area_ids = id_list::split(r.text(i, 7));
      g.category_ids = id_list::split(r.text(i, 8));
      g.created_by = r.opt_integer(i, 9).value_or(0);
      g.created_at = utc_at(r, i, 10);
      out.push_back(std::move(g));
    }
    return out;
  });
}

Id PgStore::insert_meeting(const Meeting& m) {
  Id id = 0;
  transaction([&] {
    id = write("meeting", [&](pg::Connection& c) {
      require(c, "forum_group", m.group_id, &m.municipality);
      require_all(c, "organisation", m.attending_organisation_ids, m.municipality);
      require_users(c, m.attending_user_ids);
      return c
          .exec(
              "INSERT INTO forum_meeting (group_id, municipality, starts_at, duration_minutes, "
              "location, status, minutes, attending_organisation_ids, attending_user_ids, "
              "created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
              pg::Params()
                  .integer(m.group_id)
                  .text(m.municipality)
                  .integer(to_unix(m.starts_at))
                  .integer(m.duration_minutes)
                  .text(m.location)
                  .text(to_string(m.status))
                  .text(m.minutes)
                  .text(id_list::join(m.attending_organisation_ids))
                  .text(id_list::join(m.attending_user_ids))
                  .id(by_user(m.created_by))
                  .integer(to_unix(m.created_at)))
          .integer(0, 0);
    });
  });
  return id;
}

bool PgStore::update_meeting(const Meeting& m) {
  bool found = false;
  transaction([&] {
    found = write("meeting " + std::to_string(m.id), [&](pg::Connection& c) {
      const bool here = c.exec(
                             "SELECT count(*) FROM forum_meeting WHERE id = $1 AND "
                             "municipality = $2",
                             pg::Params().integer(m.id).text(m.municipality))
                            .integer(0, 0) == 1;
      if (!here) return false;
      require_all(c, "organisation", m.attending_organisation_ids, m.municipality);
      require_users(c, m.attending_user_ids);
      return c.exec(
                  "UPDATE forum_meeting SET status = $1, location = $2, minutes = $3, "
                  "attending_organisation_ids = $4, attending_user_ids = $5 WHERE id = $6 AND "
                  "municipality = $7",
                  pg::Params()
                      .text(to_string(m.status))
                      .text(m.location)
                      .text(m.minutes)
                      .text(id_list::join(m.attending_organisation_ids))
                      .text(id_list::join(m.attending_user_ids))
                      .integer(m.id)
                      .text(m.municipality))
                 .affected() > 0;
    });
  });
  return found;
}

std::vector<Meeting> PgStore::meetings(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, group_id, municipality, starts_at, duration_minutes, location, status, "
        "minutes, attending_organisation_ids, attending_user_ids, created_by, created_at "
        "FROM forum_meeting WHERE municipality = $1 ORDER BY starts_at, id",
        pg::Params().text(municipality));
    std::vector<Meeting> out;
    for (int i = 0; i < r.rows(); ++i) {
      Meeting m;
      m.id = r.integer(i, 0);
      m.group_id = r.integer(i, 1);
      m.municipality = r.text(i, 2);
      m.starts_at = utc_at(r, i, 3);
      m.duration_minutes = static_cast<int>(r.integer(i, 4));
      m.location = r.text(i, 5);
      m.status = parsed<MeetingStatus>(r.view(i, 6), meeting_status_from_string, "meeting status");
      m.minutes = r.text(i, 7);
      m.attending_organisation_ids = id_list::split(r.text(i, 8));
      m.attending_user_ids = id_list::split(r.text(i, 9));
      m.created_by = r.opt_integer(i, 10).value_or(0);
      m.created_at = utc_at(r, i, 11);
      out.push_back(std::move(m));
    }
    return out;
  });
}

Id PgStore::insert_decision(const Decision& d) {
  Id id = 0;
  transaction([&] {
    id = write("decision '" + d.title + "'", [&](pg::Connection& c) {
      require(c, "forum_meeting", d.meeting_id, &d.municipality);
      require(c, "organisation", d.organisation_id, &d.municipality);
      if (d.measure_id) require(c, "measure", *d.measure_id, &d.municipality);
      if (d.closed_in_meeting) require(c, "forum_meeting", *d.closed_in_meeting, &d.municipality);
      return c
          .exec(
              "INSERT INTO forum_decision (meeting_id, municipality, title, text, kind, "
              "organisation_id, due_day, measure_id, people_count, status, closed_at, "
              "closed_in_meeting, closing_note, created_by, created_at) "
              "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id",
              pg::Params()
                  .integer(d.meeting_id)
                  .text(d.municipality)
                  .text(d.title)
                  .text(d.text)
                  .text(to_string(d.kind))
                  .integer(d.organisation_id)
                  .integer(d.due_day)
                  .id(d.measure_id)
                  .id(d.people_count ? std::optional<std::int64_t>(*d.people_count) : std::nullopt)
                  .text(to_string(d.status))
                  .id(opt_time(d.closed_at))
                  .id(d.closed_in_meeting)
                  .text(d.closing_note)
                  .id(by_user(d.created_by))
                  .integer(to_unix(d.created_at)))
          .integer(0, 0);
    });
  });
  return id;
}

bool PgStore::update_decision(const Decision& d) {
  bool found = false;
  transaction([&] {
    found = write("decision " + std::to_string(d.id), [&](pg::Connection& c) {
      if (d.closed_in_meeting) require(c, "forum_meeting", *d.closed_in_meeting, &d.municipality);
      return c.exec(
                  "UPDATE forum_decision SET status = $1, closed_at = $2, closed_in_meeting = $3, "
                  "closing_note = $4 WHERE id = $5 AND municipality = $6",
                  pg::Params()
                      .text(to_string(d.status))
                      .id(opt_time(d.closed_at))
                      .id(d.closed_in_meeting)
                      .text(d.closing_note)
                      .integer(d.id)
                      .text(d.municipality))
                 .affected() > 0;
    });
  });
  return found;
}

std::vector<Decision> PgStore::decisions(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, meeting_id, municipality, title, text, kind, organisation_id, due_day, "
        "measure_id, people_count, status, closed_at, closed_in_meeting, closing_note, "
        "created_by, created_at FROM forum_decision WHERE municipality = $1 ORDER BY id",
        pg::Params().text(municipality));
    std::vector<Decision> out;
    for (int i = 0; i < r.rows(); ++i) {
      Decision d;
      d.id = r.integer(i, 0);
      d.meeting_id = r.integer(i, 1);
      d.municipality = r.text(i, 2);
      d.title = r.text(i, 3);
      d.text = r.text(i, 4);
      d.kind = parsed<DecisionKind>(r.view(i, 5), decision_kind_from_string, "kind");
      d.organisation_id = r.integer(i, 6);
      d.due_day = static_cast<int>(r.integer(i, 7));
      d.measure_id = r.opt_integer(i, 8);
      if (!r.null(i, 9)) d.people_count = static_cast<int>(r.integer(i, 9));
      d.status = r.view(i, 10) == "closed" ? DecisionStatus::closed : DecisionStatus::open;
      if (!r.null(i, 11)) d.closed_at = utc_at(r, i, 11);
      d.closed_in_meeting = r.opt_integer(i, 12);
      d.closing_note = r.text(i, 13);
      d.created_by = r.opt_integer(i, 14).value_or(0);
      d.created_at = utc_at(r, i, 15);
      out.push_back(std::move(d));
    }
    return out;
  });
}

Id PgStore::insert_agreement(const CollaborationAgreement& a) {
  Id id = 0;
  transaction([&] {
    id = write("agreement '" + a.title + "'", [&](pg::Connection& c) {
      require_all(c, "organisation", a.party_ids, a.municipality);
      require_all(c, "area", a.area_ids, a.municipality);
      require_all(c, "category", a.category_ids, a.municipality);
      require_all(c, "citizen_promise", a.promise_ids, a.municipality);
      require_all(c, "measure", a.measure_ids, a.municipality);
      return c
          .exec(
              "INSERT INTO collaboration_agreement (municipality, title, from_day, to_day, "
              "party_ids, area_ids, category_ids, commitments, promise_ids, measure_ids, "
              "created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) "
              "RETURNING id",
              pg::Params()
                  .text(a.municipality)
                  .text(a.title)
                  .integer(a.from_day)
                  .integer(a.to_day)
                  .text(id_list::join(a.party_ids))
                  .text(id_list::join(a.area_ids))
                  .text(id_list::join(a.category_ids))
                  .text(a.commitments)
                  .text(id_list::join(a.promise_ids))
                  .text(id_list::join(a.measure_ids))
                  .id(by_user(a.created_by))
                  .integer(to_unix(a.created_at)))
          .integer(0, 0);
    });
  });
  return id;
}

std::vector<CollaborationAgreement> PgStore::agreements(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, municipality, title, from_day, to_day, party_ids, area_ids, category_ids, "
        "commitments, promise_ids, measure_ids, created_by, created_at FROM "
        "collaboration_agreement WHERE municipality = $1 ORDER BY from_day DESC, id DESC",
        pg::Params().text(municipality));
    std::vector<CollaborationAgreement> out;
    std::unordered_map<Id, std::size_t> at;
    for (int i = 0; i < r.rows(); ++i) {
      CollaborationAgreement a;
      a.id = r.integer(i, 0);
      a.municipality = r.text(i, 1);
      a.title = r.text(i, 2);
      a.from_day = static_cast<int>(r.integer(i, 3));
      a.to_day = static_cast<int>(r.integer(i, 4));
      a.party_ids = id_list::split(r.text(i, 5));
      a.area_ids = id_list::split(r.text(i, 6));
      a.category_ids = id_list::split(r.text(i, 7));
      a.commitments = r.text(i, 8);
      a.promise_ids = id_list::split(r.text(i, 9));
      a.measure_ids = id_list::split(r.text(i, 10));
      a.created_by = r.opt_integer(i, 11).value_or(0);
      a.created_at = utc_at(r, i, 12);
      at.emplace(a.id, out.size());
      out.push_back(std::move(a));
    }
    const auto f = c.exec(
        "SELECT f.id, f.agreement_id, f.year, f.text, f.by_user, f.at FROM agreement_follow_up f "
        "JOIN collaboration_agreement a ON a.id = f.agreement_id WHERE a.municipality = $1 "
        "ORDER BY f.id",
        pg::Params().text(municipality));
    for (int i = 0; i < f.rows(); ++i) {
      const auto it = at.find(f.integer(i, 1));
      if (it == at.end()) continue;
      out[it->second].follow_ups.push_back({f.integer(i, 0), f.integer(i, 1),
                                            static_cast<int>(f.integer(i, 2)), f.text(i, 3),
                                            f.opt_integer(i, 4).value_or(0), utc_at(f, i, 5)});
    }
    return out;
  });
}

Id PgStore::insert_agreement_follow_up(const std::string& municipality,
                                       const AgreementFollowUp& f) {
  return write("follow-up of agreement " + std::to_string(f.agreement_id),
               [&](pg::Connection& c) -> Id {
                 const auto r = c.exec(
                     "INSERT INTO agreement_follow_up (agreement_id, year, text, by_user, at) "
                     "SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM "
                     "collaboration_agreement WHERE id = $1 AND municipality = $6) RETURNING id",
                     pg::Params()
                         .integer(f.agreement_id)
                         .integer(f.year)
                         .text(f.text)
                         .id(by_user(f.by))
                         .integer(to_unix(f.at))
                         .text(municipality));
                 return r.rows() == 0 ? 0 : r.integer(0, 0);
               });
}

}  // namespace lagesbild

// The SQLite engine's collaboration forums: groups, meetings, decisions and agreements (see
// store.h for the contracts and schema migration 6 for the tables). A row's id lists are checked
// against its municipality inside the write, so a wrong reference stores nothing.
#include <unordered_map>

#include "store/id_list.h"
#include "store/sqlite_store.h"
#include "store/sqlite_store_internal.h"

namespace lagesbild {
namespace {

using sqlite_detail::bind_opt;
using sqlite_detail::opt_id;
using sqlite_detail::rethrow;

UtcSeconds utc(const SQLite::Column& c) { return from_unix(c.getInt64()); }

void bind_user(SQLite::Statement& s, int i, Id user) {
  bind_opt(s, i, user ? std::optional<Id>(user) : std::nullopt);
}

void bind_id(SQLite::Statement& s, int i, Id v) { s.bind(i, static_cast<int64_t>(v)); }

// ConflictError unless the row `id` of `table` exists (and belongs to `municipality` when the
// table has one).
void require(SqliteStore::Conn& c, const char* table, Id id, const std::string* municipality) {
  const std::string sql = std::string("SELECT count(*) FROM ") + table + " WHERE id = ?" +
                          (municipality ? " AND municipality = ?" : "");
  SQLite::Statement& s = c.prepare(sql);
  bind_id(s, 1, id);
  if (municipality) s.bind(2, *municipality);
  s.executeStep();
  const bool found = s.getColumn(0).getInt() == 1;
  s.reset();
  if (!found) {
    throw ConflictError(std::string(table) + " " + std::to_string(id) +
                        (municipality ? " is not in municipality " + *municipality
                                      : std::string(" does not exist")));
  }
}

void require_all(SqliteStore::Conn& c, const char* table, const std::vector<Id>& ids,
                 const std::string& municipality) {
  for (Id id : ids) require(c, table, id, &municipality);
}

void require_users(SqliteStore::Conn& c, const std::vector<Id>& ids) {
  for (Id id : ids) require(c, "user_account", id, nullptr);
}

template <class T, class Parse>
T parsed(const std::string& text, Parse parse, const char* what) {
  const auto v = parse(text);
  if (!v) throw StoreError(std::string(what) + ": unknown value '" + text + "'");
  return *v;
}

void check_meeting_refs(SqliteStore::Conn& c, const Meeting& m) {
  require(c, "forum_group", m.group_id, &m.municipality);
  require_all(c, "organisation", m.attending_organisation_ids, m.municipality);
  require_users(c, m.attending_user_ids);
}

void check_decision_refs(SqliteStore::Conn& c, const Decision& d) {
  require(c, "forum_meeting", d.meeting_id, &d.municipality);
  require(c, "organisation", d.organisation_id, &d.municipality);
  if (d.measure_id) require(c, "measure", *d.measure_id, &d.municipality);
  if (d.closed_in_meeting) require(c, "forum_meeting", *d.closed_in_meeting, &d.municipality);
}

}  // namespace

Id SqliteStore::insert_forum_group(const ForumGroup& g) {
  Id id = 0;
  transaction([&] {
    try {
      require_all(*writer_, "organisation", g.organisation_ids, g.municipality);
      require_all(*writer_, "area", g.area_ids, g.municipality);
      require_all(*writer_, "category", g.category_ids, g.municipality);
      require_users(*writer_, g.member_ids);
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO forum_group (municipality, name, kind, cadence, organisation_ids, "
          "member_ids, area_ids, category_ids, created_by, created_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?)");
      s.bind(1, g.municipality);
      s.bind(2, g.name);
      s.bind(3, std::string(to_string(g.kind)));
      s.bind(4, std::string(to_string(g.cadence)));
      s.bind(5, id_list::join(g.organisation_ids));
      s.bind(6, id_list::join(g.member_ids));
      s.bind(7, id_list::join(g.area_ids));
      s.bind(8, id_list::join(g.category_ids));
      bind_user(s, 9, g.created_by);
      s.bind(10, static_cast<int64_t>(to_unix(g.created_at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
      rethrow(e, "group '" + g.name + "'");
    }
  });
  return id;
}

std::vector<ForumGroup> SqliteStore::forum_groups(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, name, kind, cadence, organisation_ids, member_ids, area_ids, "
        "category_ids, created_by, created_at FROM forum_group WHERE municipality = ? "
        "ORDER BY name, id");
    s.bind(1, municipality);
    std::vector<ForumGroup> out;
    while (s.executeStep()) {
      ForumGroup g;
      g.id = s.getColumn(0).getInt64();
      g.municipality = s.getColumn(1).getString();
      g.name = s.getColumn(2).getString();
      g.kind = parsed<GroupKind>(s.getColumn(3).getString(), group_kind_from_string, "kind");
      g.cadence = parsed<Cadence>(s.getColumn(4).getString(), cadence_from_string, "cadence");
      g.organisation_ids = id_list::split(s.getColumn(5).getString());
      g.member_ids = id_list::split(s.getColumn(6).getString());
      g.area_ids = id_list::split(s.getColumn(7).getString());
      g.category_ids = id_list::split(s.getColumn(8).getString());
      g.created_by = opt_id(s.getColumn(9)).value_or(0);
      g.created_at = utc(s.getColumn(10));
      out.push_back(std::move(g));
    }
    return out;
  });
}

Id SqliteStore::insert_meeting(const Meeting& m) {
  Id id = 0;
  transaction([&] {
    try {
      check_meeting_refs(*writer_, m);
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO forum_meeting (group_id, municipality, starts_at, duration_minutes, "
          "location, status, minutes, attending_organisation_ids, attending_user_ids, created_by, "
          "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
      bind_id(s, 1, m.group_id);
      s.bind(2, m.municipality);
      s.bind(3, static_cast<int64_t>(to_unix(m.starts_at)));
      s.bind(4, m.duration_minutes);
      s.bind(5, m.location);
      s.bind(6, std::string(to_string(m.status)));
      s.bind(7, m.minutes);
      s.bind(8, id_list::join(m.attending_organisation_ids));
      s.bind(9, id_list::join(m.attending_user_ids));
      bind_user(s, 10, m.created_by);
      s.bind(11, static_cast<int64_t>(to_unix(m.created_at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
      rethrow(e, "meeting");
    }
  });
  return id;
}

bool SqliteStore::update_meeting(const Meeting& m) {
  bool found = false;
  transaction([&] {
    try {
      SQLite::Statement& exists =
          writer_->prepare("SELECT count(*) FROM forum_meeting WHERE id = ? AND municipality = ?");
      bind_id(exists, 1, m.id);
      exists.bind(2, m.municipality);
      exists.executeStep();
      const bool here = exists.getColumn(0).getInt() == 1;
      exists.reset();
      if (!here) return;
      require_all(*writer_, "organisation", m.attending_organisation_ids, m.municipality);
      require_users(*writer_, m.attending_user_ids);
      SQLite::Statement& s = writer_->prepare(
          "UPDATE forum_meeting SET status = ?, location = ?, minutes = ?, "
          "attending_organisation_ids = ?, attending_user_ids = ? WHERE id = ? AND "
          "municipality = ?");
      s.bind(1, std::string(to_string(m.status)));
      s.bind(2, m.location);
      s.bind(3, m.minutes);
      s.bind(4, id_list::join(m.attending_organisation_ids));
      s.bind(5, id_list::join(m.attending_user_ids));
      bind_id(s, 6, m.id);
      s.bind(7, m.municipality);
      found = s.exec() > 0;
    } catch (const SQLite::Exception& e) {
      rethrow(e, "meeting " + std::to_string(m.id));
    }
  });
  return found;
}

std::vector<Meeting> SqliteStore::meetings(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, group_id, municipality, starts_at, duration_minutes, location, status, "
        "minutes, attending_organisation_ids, attending_user_ids, created_by, created_at "
        "FROM forum_meeting WHERE municipality = ? ORDER BY starts_at, id");
    s.bind(1, municipality);
    std::vector<Meeting> out;
    while (s.executeStep()) {
      Meeting m;
      m.id = s.getColumn(0).getInt64();
      m.group_id = s.getColumn(1).getInt64();
      m.municipality = s.getColumn(2).getString();
      m.starts_at = utc(s.getColumn(3));
      m.duration_minutes = s.getColumn(4).getInt();
      m.location = s.getColumn(5).getString();
      m.status = parsed<MeetingStatus>(s.getColumn(6).getString(), meeting_status_from_string,
                                       "meeting status");
      m.minutes = s.getColumn(7).getString();
      m.attending_organisation_ids = id_list::split(s.getColumn(8).getString());
      m.attending_user_ids = id_list::split(s.getColumn(9).getString());
      m.created_by = opt_id(s.getColumn(10)).value_or(0);
      m.created_at = utc(s.getColumn(11));
      out.push_back(std::move(m));
    }
    return out;
  });
}

Id SqliteStore::insert_decision(const Decision& d) {
  Id id = 0;
  transaction([&] {
    try {
      check_decision_refs(*writer_, d);
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO forum_decision (meeting_id, municipality, title, text, kind, "
          "organisation_id, due_day, measure_id, people_count, status, closed_at, "
          "closed_in_meeting, closing_note, created_by, created_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
      bind_id(s, 1, d.meeting_id);
      s.bind(2, d.municipality);
      s.bind(3, d.title);
      s.bind(4, d.text);
      s.bind(5, std::string(to_string(d.kind)));
      bind_id(s, 6, d.organisation_id);
      s.bind(7, d.due_day);
      bind_opt(s, 8, d.measure_id);
      bind_opt(s, 9, d.people_count ? std::optional<Id>(*d.people_count) : std::nullopt);
      s.bind(10, std::string(to_string(d.status)));
      bind_opt(s, 11, d.closed_at ? std::optional<Id>(to_unix(*d.closed_at)) : std::nullopt);
      bind_opt(s, 12, d.closed_in_meeting);
      s.bind(13, d.closing_note);
      bind_user(s, 14, d.created_by);
      s.bind(15, static_cast<int64_t>(to_unix(d.created_at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
      rethrow(e, "decision '" + d.title + "'");
    }
  });
  return id;
}

bool SqliteStore::update_decision(const Decision& d) {
  bool found = false;
  transaction([&] {
    try {
      if (d.closed_in_meeting) {
        require(*writer_, "forum_meeting", *d.closed_in_meeting, &d.municipality);
      }
      SQLite::Statement& s = writer_->prepare(
          "UPDATE forum_decision SET status = ?, closed_at = ?, closed_in_meeting = ?, "
          "closing_note = ? WHERE id = ? AND municipality = ?");
      s.bind(1, std::string(to_string(d.status)));
      bind_opt(s, 2, d.closed_at ? std::optional<Id>(to_unix(*d.closed_at)) : std::nullopt);
      bind_opt(s, 3, d.closed_in_meeting);
      s.bind(4, d.closing_note);
      bind_id(s, 5, d.id);
      s.bind(6, d.municipality);
      found = s.exec() > 0;
    } catch (const SQLite::Exception& e) {
      rethrow(e, "decision " + std::to_string(d.id));
    }
  });
  return found;
}

std::vector<Decision> SqliteStore::decisions(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, meeting_id, municipality, title, text, kind, organisation_id, due_day, "
        "measure_id, people_count, status, closed_at, closed_in_meeting, closing_note, "
        "created_by, created_at FROM forum_decision WHERE municipality = ? ORDER BY id");
    s.bind(1, municipality);
    std::vector<Decision> out;
    while (s.executeStep()) {
      Decision d;
      d.id = s.getColumn(0).getInt64();
      d.meeting_id = s.getColumn(1).getInt64();
      d.municipality = s.getColumn(2).getString();
      d.title = s.getColumn(3).getString();
      d.text = s.getColumn(4).getString();
      d.kind = parsed<DecisionKind>(s.getColumn(5).getString(), decision_kind_from_string, "kind");
      d.organisation_id = s.getColumn(6).getInt64();
      d.due_day = s.getColumn(7).getInt();
      d.measure_id = opt_id(s.getColumn(8));
      if (!s.getColumn(9).isNull()) d.people_count = s.getColumn(9).getInt();
      d.status =
          s.getColumn(10).getString() == "closed" ? DecisionStatus::closed : DecisionStatus::open;
      if (!s.getColumn(11).isNull()) d.closed_at = utc(s.getColumn(11));
      d.closed_in_meeting = opt_id(s.getColumn(12));
      d.closing_note = s.getColumn(13).getString();
      d.created_by = opt_id(s.getColumn(14)).value_or(0);
      d.created_at = utc(s.getColumn(15));
      out.push_back(std::move(d));
    }
    return out;
  });
}

Id SqliteStore::insert_agreement(const CollaborationAgreement& a) {
  Id id = 0;
  transaction([&] {
    try {
      require_all(*writer_, "organisation", a.party_ids, a.municipality);
      require_all(*writer_, "area", a.area_ids, a.municipality);
      require_all(*writer_, "category", a.category_ids, a.municipality);
      require_all(*writer_, "citizen_promise", a.promise_ids, a.municipality);
      require_all(*writer_, "measure", a.measure_ids, a.municipality);
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO collaboration_agreement (municipality, title, from_day, to_day, "
          "party_ids, area_ids, category_ids, commitments, promise_ids, measure_ids, created_by, "
          "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
      s.bind(1, a.municipality);
      s.bind(2, a.title);
      s.bind(3, a.from_day);
      s.bind(4, a.to_day);
      s.bind(5, id_list::join(a.party_ids));
      s.bind(6, id_list::join(a.area_ids));
      s.bind(7, id_list::join(a.category_ids));
      s.bind(8, a.commitments);
      s.bind(9, id_list::join(a.promise_ids));
      s.bind(10, id_list::join(a.measure_ids));
      bind_user(s, 11, a.created_by);
      s.bind(12, static_cast<int64_t>(to_unix(a.created_at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
      rethrow(e, "agreement '" + a.title + "'");
    }
  });
  return id;
}

std::vector<CollaborationAgreement> SqliteStore::agreements(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, title, from_day, to_day, party_ids, area_ids, category_ids, "
        "commitments, promise_ids, measure_ids, created_by, created_at FROM "
        "collaboration_agreement WHERE municipality = ? ORDER BY from_day DESC, id DESC");
    s.bind(1, municipality);
    std::vector<CollaborationAgreement> out;
    std::unordered_map<Id, std::size_t> at;
    while (s.executeStep()) {
      CollaborationAgreement a;
      a.id = s.getColumn(0).getInt64();
      a.municipality = s.getColumn(1).getString();
      a.title = s.getColumn(2).getString();
      a.from_day = s.getColumn(3).getInt();
      a.to_day = s.getColumn(4).getInt();
      a.party_ids = id_list::split(s.getColumn(5).getString());
      a.area_ids = id_list::split(s.getColumn(6).getString());
      a.category_ids = id_list::split(s.getColumn(7).getString());
      a.commitments = s.getColumn(8).getString();
      a.promise_ids = id_list::split(s.getColumn(9).getString());
      a.measure_ids = id_list::split(s.getColumn(10).getString());
      a.created_by = opt_id(s.getColumn(11)).value_or(0);
      a.created_at = utc(s.getColumn(12));
      at.emplace(a.id, out.size());
      out.push_back(std::move(a));
    }
    s.reset();
    SQLite::Statement& f = c.prepare(
        "SELECT f.id, f.agreement_id, f.year, f.text, f.by_user, f.at FROM agreement_follow_up f "
        "JOIN collaboration_agreement a ON a.id = f.agreement_id WHERE a.municipality = ? "
        "ORDER BY f.id");
    f.bind(1, municipality);
    while (f.executeStep()) {
      const auto it = at.find(f.getColumn(1).getInt64());
      if (it == at.end()) continue;
      out[it->second].follow_ups.push_back(
          {f.getColumn(0).getInt64(), f.getColumn(1).getInt64(), f.getColumn(2).getInt(),
           f.getColumn(3).getString(), opt_id(f.getColumn(4)).value_or(0), utc(f.getColumn(5))});
    }
    return out;
  });
}

Id SqliteStore::insert_agreement_follow_up(const std::string& municipality,
                                           const AgreementFollowUp& f) {
  Id id = 0;
  transaction([&] {
    try {
      SQLite::Statement& exists = writer_->prepare(
          "SELECT count(*) FROM collaboration_agreement WHERE id = ? AND municipality = ?");
      bind_id(exists, 1, f.agreement_id);
      exists.bind(2, municipality);
      exists.executeStep();
      const bool here = exists.getColumn(0).getInt() == 1;
      exists.reset();
      if (!here) return;
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO agreement_follow_up (agreement_id, year, text, by_user, at) "
          "VALUES (?,?,?,?,?)");
      bind_id(s, 1, f.agreement_id);
      s.bind(2, f.year);
      s.bind(3, f.text);
      bind_user(s, 4, f.by);
      s.bind(5, static_cast<int64_t>(to_unix(f.at)));
      s.exec();
      id = writer_->db.getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
      rethrow(e, "follow-up of agreement " + std::to_string(f.agreement_id));
    }
  });
  return id;
}

}  // namespace lagesbild

#include "service/municipality_copy.h"

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <unordered_map>

namespace lagesbild {
namespace {

// The police summaries of the county a municipality code belongs to (SCB: its first two digits).
std::vector<PoliceSummary> county_summaries(Store& store, const std::string& code) {
  return store.police_summaries(code.substr(0, 2), from_unix(0), from_unix(LLONG_MAX / 2));
}

bool has_grant_in(const User& u, const std::string& code) {
  return std::any_of(u.grants.begin(), u.grants.end(),
                     [&](const RoleGrant& g) { return g.municipality == code; });
}

// Old id → new id for one kind of row; 0 (the local operator) maps to itself.
class IdMap {
 public:
  explicit IdMap(std::string kind) : kind_(std::move(kind)) {}
  void add(Id from, Id to) { map_[from] = to; }
  bool has(Id from) const { return from == 0 || map_.contains(from); }
  Id at(Id from) const {
    if (from == 0) return 0;
    const auto it = map_.find(from);
    if (it == map_.end())
      throw std::runtime_error("copy: " + kind_ + " " + std::to_string(from) + " was not copied");
    return it->second;
  }
  std::optional<Id> at(const std::optional<Id>& from) const {
    if (!from) return std::nullopt;
    return at(*from);
  }
  std::vector<Id> at(const std::vector<Id>& from) const {
    std::vector<Id> out;
    for (Id id : from) out.push_back(at(id));
    return out;
  }

 private:
  std::string kind_;
  std::unordered_map<Id, Id> map_;
};

}  // namespace

std::map<std::string, std::size_t> count_municipality_rows(Store& store, const std::string& code) {
  std::map<std::string, std::size_t> n;
  for (const char* kind : {"role grants", "users with a role", "assessment versions", "measures",
                           "measure steps", "measure notes", "safety walks", "walk observations",
                           "citizen promises", "promise activities"})
    n[kind] = 0;
  n["municipality"] = store.municipality(code) ? 1 : 0;
  n["organisations"] = store.organisations(code).size();
  n["categories"] = store.categories(code).size();
  n["areas"] = store.areas(code).size();
  n["places"] = store.places(code).size();
  for (const User& u : store.users()) {
    for (const RoleGrant& g : u.grants) n["role grants"] += g.municipality == code;
    n["users with a role"] += has_grant_in(u, code);
  }
  ReportQuery q;
  q.municipality = code;
  q.limit = -1;
  n["reports"] = store.query_report_facts(q).size();
  for (const std::string& period : store.assessment_periods(code))
    n["assessment versions"] += store.assessments(code, period).size();
  n["area statuses"] = store.area_statuses(code).size();
  n["nothing to report"] = store.nothing_to_report(code, INT_MIN, INT_MAX).size();
  n["police summaries of the county"] = county_summaries(store, code).size();
  for (const Measure& m : store.measures(code)) {
    ++n["measures"];
    n["measure steps"] += m.history.size();
    n["measure notes"] += m.notes.size();
  }
  for (const SafetyWalk& w : store.safety_walks(code)) {
    ++n["safety walks"];
    n["walk observations"] += w.observations.size();
  }
  for (const CitizenPromise& p : store.citizen_promises(code)) {
    if (p.municipality != code || p.municipalities.size() != 1) continue;
    ++n["citizen promises"];
    n["promise activities"] += p.activities.size();
  }
  n["survey values"] = store.survey_values(code).size();
  return n;
}

MunicipalityCopy copy_municipality(Store& from, Store& to, const std::string& code) {
  const auto municipality = from.municipality(code);
  if (!municipality)
    throw std::invalid_argument("municipality " + code + " is not in " + from.describe());
  if (to.municipality(code))
    throw std::invalid_argument("municipality " + code + " is already in " + to.describe());
  MunicipalityCopy result;
  result.source = count_municipality_rows(from, code);

  to.transaction([&] {
    to.put_municipality(*municipality);
    IdMap organisations("organisation"), categories("category"), areas("area"), places("place"),
        users("user"), measures("measure");
    for (const Organisation& o : from.organisations(code))
      organisations.add(o.id, to.insert_organisation({0, code, o.name, o.kind}));
    // Parents before children: insert whatever has its parent copied, until all are.
    std::vector<Category> pending = from.categories(code);
    while (!pending.empty()) {
      const std::size_t before = pending.size();
      std::erase_if(pending, [&](const Category& c) {
        if (c.parent_id && !categories.has(*c.parent_id)) return false;
        categories.add(c.id, to.insert_category(
                                 {0, code, c.code, c.name, categories.at(c.parent_id), c.active}));
        return true;
      });
      if (pending.size() == before) throw std::runtime_error("copy: the category tree has a loop");
    }
    for (const Area& a : from.areas(code))
      areas.add(a.id, to.insert_area({0, code, a.name, a.kind, a.geometry_geojson}));
    for (const Place& p : from.places(code))
      places.add(p.id, to.insert_place({0, code, p.name, p.kind, p.location, areas.at(p.area_id)}));

    // Users: those with a role here now, any other a row refers to when it is met.
    const auto copy_user = [&](const User& u) {
      User copy = u;
      copy.id = 0;
      copy.grants.clear();
      for (const RoleGrant& g : u.grants) {
        if (g.municipality == code)
          copy.grants.push_back({code, g.role, organisations.at(g.organisation_id)});
      }
      if (auto existing = to.user_by_name(u.username)) {
        existing->grants.insert(existing->grants.end(), copy.grants.begin(), copy.grants.end());
        to.update_user(*existing);
        users.add(u.id, existing->id);
      } else {
        users.add(u.id, to.insert_user(copy));
      }
    };
    for (const User& u : from.users())
      if (has_grant_in(u, code)) copy_user(u);
    const auto user = [&](Id id) {
      if (!users.has(id)) {
        const auto u = from.user(id);
        if (!u) throw std::runtime_error("copy: user " + std::to_string(id) + " does not exist");
        copy_user(*u);
      }
      return users.at(id);
    };
    const auto opt_user = [&](const std::optional<Id>& id) -> std::optional<Id> {
      if (!id) return std::nullopt;
      return user(*id);
    };

    // Reports, page by page (newest first), through the import stream.
    ReportQuery q;
    q.municipality = code;
    q.limit = 20'000;
    to.insert_report_stream([&](std::vector<Report>& out) {
      const auto page = from.query_reports(q);
      for (Report r : page) {
        r.id = 0;
        r.organisation_id = organisations.at(r.organisation_id);
        r.category_id = categories.at(r.category_id);
        r.place_id = places.at(r.place_id);
        r.area_id = areas.at(r.area_id);
        r.reporter_id = opt_user(r.reporter_id);
        r.reviewed_by = opt_user(r.reviewed_by);
        out.push_back(std::move(r));
      }
      if (static_cast<int>(page.size()) < q.limit) return false;
      q.after = ReportQuery::Cursor{page.back().occurred_from, page.back().id};
      return true;
    });

    for (const std::string& period : from.assessment_periods(code)) {
      auto versions = from.assessments(code, period);
      std::reverse(versions.begin(), versions.end());  // oldest first: versions 1, 2, ...
      for (Assessment a : versions) {
        a.author_id = user(a.author_id);
        to.insert_assessment(a);
      }
    }
    for (AreaStatusChange s : from.area_statuses(code)) {
      s.area_id = areas.at(s.area_id);
      s.set_by = user(s.set_by);
      to.insert_area_status(s);
    }
    for (NothingToReport n : from.nothing_to_report(code, INT_MIN, INT_MAX)) {
      n.organisation_id = organisations.at(n.organisation_id);
      n.area_id = areas.at(n.area_id);
      n.declared_by = user(n.declared_by);
      to.insert_nothing_to_report(n);
    }
    to.insert_police_summaries(county_summaries(from, code));

    auto all_measures = from.measures(code);
    std::reverse(all_measures.begin(), all_measures.end());
    for (Measure m : all_measures) {
      const Id old = m.id;
      m.area_ids = areas.at(m.area_ids);
      m.place_ids = places.at(m.place_ids);
      m.category_ids = categories.at(m.category_ids);
      m.organisation_id = organisations.at(m.organisation_id);
      m.partner_ids = organisations.at(m.partner_ids);
      for (MeasureStep& s : m.history) s.by = user(s.by);
      const std::vector<MeasureNote> notes = m.notes;
      m.notes.clear();
      const Id id = to.insert_measure(m);
      measures.add(old, id);
      for (MeasureNote n : notes) {
        n.by = user(n.by);
        to.insert_measure_note(code, id, n);
      }
    }
    auto walks = from.safety_walks(code);
    std::reverse(walks.begin(), walks.end());
    for (SafetyWalk w : walks) {
      const std::vector<WalkObservation> observations = w.observations;
      w.observations.clear();
      w.area_ids = areas.at(w.area_ids);
      w.organisation_ids = organisations.at(w.organisation_ids);
      w.created_by = user(w.created_by);
      const Id walk = to.insert_safety_walk(w);
      for (WalkObservation o : observations) {
        o.walk_id = walk;
        o.area_id = areas.at(o.area_id);
        o.organisation_id = organisations.at(o.organisation_id);
        o.measure_id = measures.at(o.measure_id);
        o.created_by = user(o.created_by);
        to.insert_walk_observation(o);
      }
    }
    for (CitizenPromise p : from.citizen_promises(code)) {
      if (p.municipality != code || p.municipalities.size() != 1) {
        result.not_copied.push_back("citizen promise " + std::to_string(p.year) + " " +
                                    p.police_area + ": shared with other municipalities");
        continue;
      }
      p.created_by = user(p.created_by);
      for (PromiseActivity& a : p.activities)
        a.organisation_id = organisations.at(a.organisation_id);
      to.insert_citizen_promise(p);
    }
    std::vector<SurveyValue> surveys = from.survey_values(code);
    for (SurveyValue& v : surveys) {
      v.area_id = areas.at(v.area_id);
      v.imported_by = user(v.imported_by);
    }
    to.put_survey_values(surveys);

    // Read back inside the transaction: a difference rolls everything back.
    result.target = count_municipality_rows(to, code);
    for (const auto& [kind, n] : result.source) {
      const std::size_t got = result.target[kind];
      // The county's summaries may be there already (another municipality of the county).
      const bool ok = kind == "police summaries of the county" ? got >= n : got == n;
      if (!ok) {
        throw std::runtime_error("copy: " + kind + ": " + std::to_string(n) + " in the source, " +
                                 std::to_string(got) + " in the target");
      }
    }
  });
  return result;
}

}  // namespace lagesbild

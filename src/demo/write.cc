// write_demo: the demo world into a store, names resolved to ids.
#include <stdexcept>
#include <unordered_map>

#include "auth/password.h"
#include "demo/demo.h"
#include "demo/surveys.h"
#include "domain/period.h"
#include "geo/geometry.h"

namespace lagesbild::demo {
namespace {

constexpr std::size_t kBatch = 5000;  // reports per insert_reports call

using Ids = std::unordered_map<std::string, Id>;

Id id_of(const Ids& ids, const std::string& name, const char* what) {
  const auto it = ids.find(name);
  if (it == ids.end())
    throw std::logic_error(std::string("demo world: unknown ") + what + " " + name);
  return it->second;
}

std::string parent_code(std::string_view code) {
  const std::size_t dot = code.rfind('.');
  return dot == std::string_view::npos ? std::string() : std::string(code.substr(0, dot));
}

// Areas as the API would store them: each geometry through the same normalisation.
std::vector<Area> checked_areas(const DemoWorld& world) {
  std::vector<Area> out;
  for (const DemoArea& a : world.areas) {
    Expected<std::string> g = geo::normalise_area_geometry(a.geometry_geojson, a.name, false);
    if (!g) throw std::logic_error("demo area is not valid: " + to_string(g.errors()));
    out.push_back({0, world.municipality.code, a.name, a.kind, std::move(g.value())});
  }
  return out;
}

struct Resolved {
  Ids organisations, categories, areas, places, users;
  std::optional<Id> reviewer;  // the coordinator
};

Report to_report(const DemoReport& d, const std::string& municipality, const Resolved& ids,
                 const geo::AreaIndex& index) {
  Report r;
  r.municipality = municipality;
  r.organisation_id = id_of(ids.organisations, d.organisation, "organisation");
  r.reporter_id = id_of(ids.users, d.reporter, "user");
  r.category_id = id_of(ids.categories, d.category, "category");
  r.occurred_from = d.occurred_from;
  r.occurred_to = d.occurred_to;
  r.location = d.location;
  if (d.place) r.place_id = id_of(ids.places, *d.place, "place");
  if (d.location) {
    r.area_id = index.locate(d.location->x, d.location->y);  // as ingest assigns it
  } else if (d.area) {
    r.area_id = id_of(ids.areas, *d.area, "area");
  }
  r.count = d.count;
  r.severity = d.severity;
  r.description = d.description;
  r.source = d.source;
  r.external_id = d.external_id;
  r.created_at = d.created_at;
  r.status = d.status;
  if (d.reviewed_at) {
    r.reviewed_by = ids.reviewer;
    r.reviewed_at = d.reviewed_at;
  }
  return r;
}

// The simulated measure as the register holds it (docs/MEASURES.md): decided and ongoing from
// its start week, owned by the housing company with the police as partner, so that
// `lagesbild evaluate --measure 1` evaluates what the simulator did.
Measure register_entry(const DemoWorld& world, const Resolved& ids, Id coordinator) {
  const TruthMeasure& t = world.truth.measure;
  std::string why;
  const auto start = parse_period(t.start_week, &why);
  if (!start) throw std::logic_error("demo measure start week: " + why);
  Measure m;
  m.municipality = world.municipality.code;
  m.title = t.name;
  m.description = "Den simulerade åtgärden i demokommunen: kamerabevakning och ny belysning.";
  m.kind = MeasureKind::situational;
  m.level = PreventionLevel::universal;
  m.type = MeasureType::camera_surveillance;
  m.area_ids = {id_of(ids.areas, t.area, "area")};
  for (const std::string& c : t.categories)
    m.category_ids.push_back(id_of(ids.categories, c, "category"));
  m.period = start->label();
  m.organisation_id = id_of(ids.organisations, "Tunabyggen", "organisation");
  m.partner_ids = {id_of(ids.organisations, "Polisen", "organisation")};
  m.start_day = start->first_day;
  m.status = MeasureStatus::ongoing;
  const UtcSeconds at = start->utc().from;
  for (MeasureStatus s :
       {MeasureStatus::proposed, MeasureStatus::decided, MeasureStatus::ongoing}) {
    m.history.push_back({s, coordinator, at, ""});
  }
  return m;
}

}  // namespace

DemoSummary write_demo(Store& store, const DemoWorld& world) {
  const std::string& code = world.municipality.code;
  std::vector<Area> areas = checked_areas(world);
  // One hash for every user: they share the documented password, and argon2id costs a tenth of a
  // second per hash by design.
  const std::string password_hash = auth::hash_password(kDemoPassword);

  DemoSummary summary;
  summary.municipality = code;
  store.transaction([&] {
    if (store.municipality(code)) {
      throw ConflictError("municipality " + code + " already exists in " + store.describe() +
                          "; the demo needs a database without it");
    }
    store.put_municipality(world.municipality);
    Resolved ids;
    for (Organisation o : world.organisations) {
      o.municipality = code;
      ids.organisations[o.name] = store.insert_organisation(o);
    }
    for (const CategorySeed& c : world.categories) {
      Category category{0, code, std::string(c.code), std::string(c.name), std::nullopt, true};
      const std::string parent = parent_code(c.code);
      if (!parent.empty()) category.parent_id = id_of(ids.categories, parent, "parent category");
      ids.categories[category.code] = store.insert_category(category);
    }
    for (Area& a : areas) {
      a.id = store.insert_area(a);
      ids.areas[a.name] = a.id;
    }
    const geo::AreaIndex index(areas);
    for (const DemoPlace& p : world.places) {
      const Place place{0,      code,       p.name,
                        p.kind, p.location, index.locate(p.location.x, p.location.y)};
      if (place.area_id != id_of(ids.areas, p.area, "area")) {
        throw std::logic_error("demo place " + p.name + " is not inside " + p.area);
      }
      ids.places[p.name] = store.insert_place(place);
    }
    for (const DemoUser& u : world.users) {
      const RoleGrant grant{code, u.role, id_of(ids.organisations, u.organisation, "organisation")};
      const Id id =
          store.insert_user({0, u.username, u.display_name, password_hash, false, {grant}});
      ids.users[u.username] = id;
      if (u.role == Role::coordinator && !ids.reviewer) ids.reviewer = id;
    }
    summary.organisations = world.organisations.size();
    summary.categories = world.categories.size();
    summary.areas = areas.size();
    summary.places = world.places.size();
    summary.users = world.users.size();

    std::vector<Report> batch;
    batch.reserve(kBatch);
    auto flush = [&] {
      const InsertResult result = store.insert_reports(batch);
      summary.reports_inserted += result.inserted;
      summary.reports_duplicate += result.duplicates;
      batch.clear();
    };
    for (const DemoReport& d : world.reports) {
      batch.push_back(to_report(d, code, ids, index));
      if (!batch.back().area_id) ++summary.reports_without_area;
      if (batch.size() == kBatch) flush();
    }
    if (!batch.empty()) flush();
    store.insert_measure(register_entry(world, ids, ids.reviewer.value_or(0)));
    store.put_survey_values(demo_surveys(
        world, [&](const std::string& area) { return id_of(ids.areas, area, "area"); }));
  });
  return summary;
}

}  // namespace lagesbild::demo

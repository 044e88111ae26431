#include "service/reference_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "domain/taxonomy.h"
#include "geo/geometry.h"
#include "geo/projection.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

bool valid_category_code(const std::string& code) {
  if (code.empty() || code.size() > 100 || code.front() == '.' || code.back() == '.') return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

void require_name(Errors& errors, const std::string& field, const std::string& name) {
  if (name.empty() || name.size() > 200) {
    errors.push_back({field, 0, "a name of 1-200 characters is required"});
  }
}

template <class Fn>
auto translate_conflicts(Fn&& fn) {
  try {
    return fn();
  } catch (const ConflictError& e) {
    throw ServiceError(Kind::conflict, e.what());
  }
}

}  // namespace

void ReferenceService::log(const Principal& who, const std::string& m, std::string action,
                           std::string object) {
  store_.audit({now_utc(), who.user_id, m, std::move(action), std::move(object), who.address});
}

void ReferenceService::require(const Principal& who, const std::string& m, Capability c) {
  if (!store_.municipality(m))
    throw ServiceError(Kind::not_found, "unknown municipality '" + m + "'");
  if (!who.can(m, c)) throw ServiceError(Kind::forbidden, "your role does not allow this in " + m);
}

void ReferenceService::require_member(const Principal& who, const std::string& m) {
  if (!store_.municipality(m))
    throw ServiceError(Kind::not_found, "unknown municipality '" + m + "'");
  const auto mine = who.municipalities();
  if (!who.local_operator && std::find(mine.begin(), mine.end(), m) == mine.end()) {
    throw ServiceError(Kind::not_found, "unknown municipality '" + m + "'");
  }
}

Municipality ReferenceService::create_municipality(const Principal& who, const Municipality& m) {
  if (!who.local_operator)
    throw ServiceError(Kind::forbidden, "only the operator creates municipalities");
  Errors errors;
  if (!is_municipality_code(m.code)) errors.push_back({"code", 0, "must be 4 digits (SCB code)"});
  require_name(errors, "name", m.name);
  if (m.reporting_cadence_days < 1 || m.reporting_cadence_days > 365) {
    errors.push_back({"reporting_cadence_days", 0, "must be between 1 and 365"});
  }
  Municipality stored = m;
  if (!m.boundary_geojson.empty()) {
    auto g = geo::normalise_area_geometry(m.boundary_geojson, "boundary", false);
    if (!g)
      errors.insert(errors.end(), g.errors().begin(), g.errors().end());
    else
      stored.boundary_geojson = *g;
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  if (store_.municipality(m.code)) {
    throw ServiceError(Kind::conflict, "municipality " + m.code + " already exists");
  }
  store_.transaction([&] {
    store_.put_municipality(stored);
    std::unordered_map<std::string, Id> ids;
    for (const auto& seed : default_categories()) {
      const std::string code(seed.code);
      std::optional<Id> parent;
      if (auto dot = code.rfind('.'); dot != std::string::npos)
        parent = ids.at(code.substr(0, dot));
      ids[code] = store_.insert_category({0, m.code, code, std::string(seed.name), parent, true});
    }
  });
  contexts_.invalidate(m.code);
  log(who, m.code, "municipality.create", "municipality/" + m.code);
  return stored;
}

Municipality ReferenceService::municipality(const Principal& who, const std::string& code) {
  require_member(who, code);
  return *store_.municipality(code);
}

PersonalDataPolicy ReferenceService::personal_data_policy(const Principal& who,
                                                          const std::string& code) {
  require_member(who, code);
  return store_.personal_data_policy(code);
}

void ReferenceService::set_personal_data_policy(const Principal& who, const std::string& code,
                                                PersonalDataPolicy policy) {
  require_member(who, code);
  if (!who.can(code, Capability::settings_manage)) {
    throw ServiceError(Kind::forbidden, "only an admin of the municipality changes its settings");
  }
  if (!store_.set_personal_data_policy(code, policy)) {
    throw ServiceError(Kind::not_found, "no municipality " + code);
  }
  log(who, code,
      policy == PersonalDataPolicy::block ? "settings.personal_data.block"
                                          : "settings.personal_data.warn",
      "municipality/" + code);
}

std::vector<Municipality> ReferenceService::municipalities(const Principal& who) {
  auto all = store_.municipalities();
  if (who.local_operator) return all;
  const auto mine = who.municipalities();
  std::erase_if(all, [&](const Municipality& m) {
    return std::find(mine.begin(), mine.end(), m.code) == mine.end();
  });
  return all;
}

// ---- organisations ---------------------------------------------------------------------------

std::vector<Organisation> ReferenceService::organisations(const Principal& who,
                                                          const std::string& m) {
  require_member(who, m);
  return store_.organisations(m);
}

Organisation ReferenceService::create_organisation(const Principal& who, Organisation o) {
  require(who, o.municipality, Capability::organisation_manage);
  Errors errors;
  require_name(errors, "/name", o.name);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  o.id = translate_conflicts([&] { return store_.insert_organisation(o); });
  contexts_.invalidate(o.municipality);
  log(who, o.municipality, "organisation.create", "organisation/" + std::to_string(o.id));
  return o;
}

void ReferenceService::changed(const Principal& who, const std::string& m, const char* kind, Id id,
                               const char* verb, bool found) {
  if (!found)
    throw ServiceError(Kind::not_found, std::string("no ") + kind + " " + std::to_string(id));
  contexts_.invalidate(m);
  log(who, m, std::string(kind) + "." + verb, std::string(kind) + "/" + std::to_string(id));
}

Organisation ReferenceService::update_organisation(const Principal& who, Organisation o) {
  require(who, o.municipality, Capability::organisation_manage);
  Errors errors;
  require_name(errors, "/name", o.name);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  changed(who, o.municipality, "organisation", o.id, "update",
          translate_conflicts([&] { return store_.update_organisation(o); }));
  return o;
}

void ReferenceService::remove_organisation(const Principal& who, const std::string& m, Id id) {
  require(who, m, Capability::organisation_manage);
  changed(who, m, "organisation", id, "remove",
          translate_conflicts([&] { return store_.remove_organisation(m, id); }));
}

// ---- categories ------------------------------------------------------------------------------

std::vector<Category> ReferenceService::categories(const Principal& who, const std::string& m) {
  require_member(who, m);
  return store_.categories(m);
}

namespace {
void check_category(const Category& c, const std::vector<Category>& existing, Errors& errors) {
  if (!valid_category_code(c.code)) {
    errors.push_back({"/code", 0, "use a-z, 0-9, '_' and '.' (e.g. skadegorelse.klotter)"});
  }
  require_name(errors, "/name", c.name);
  if (!c.parent_id) return;
  // The parent must exist in the municipality and must not be the category or below it.
  std::set<Id> seen{c.id};
  std::optional<Id> at = c.parent_id;
  while (at) {
    auto it = std::find_if(existing.begin(), existing.end(),
                           [&](const Category& e) { return e.id == *at; });
    if (it == existing.end()) {
      errors.push_back(
          {"/parent_id", 0, "no category " + std::to_string(*at) + " in this municipality"});
      return;
    }
    if (!seen.insert(it->id).second) {
      errors.push_back({"/parent_id", 0, "a category cannot be placed below itself"});
      return;
    }
    at = it->parent_id;
  }
}
}  // namespace

Category ReferenceService::create_category(const Principal& who, Category c) {
  require(who, c.municipality, Capability::reference_manage);
  Errors errors;
  c.id = 0;
  check_category(c, store_.categories(c.municipality), errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  c.id = translate_conflicts([&] { return store_.insert_category(c); });
  contexts_.invalidate(c.municipality);
  log(who, c.municipality, "category.create", "category/" + std::to_string(c.id));
  return c;
}

Category ReferenceService::update_category(const Principal& who, Category c) {
  require(who, c.municipality, Capability::reference_manage);
  Errors errors;
  check_category(c, store_.categories(c.municipality), errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  changed(who, c.municipality, "category", c.id, "update",
          translate_conflicts([&] { return store_.update_category(c); }));
  return c;
}

void ReferenceService::remove_category(const Principal& who, const std::string& m, Id id) {
  require(who, m, Capability::reference_manage);
  changed(who, m, "category", id, "remove",
          translate_conflicts([&] { return store_.remove_category(m, id); }));
}

// ---- areas -----------------------------------------------------------------------------------

std::vector<Area> ReferenceService::areas(const Principal& who, const std::string& m) {
  require_member(who, m);
  return store_.areas(m);
}

Area ReferenceService::create_area(const Principal& who, Area a, bool repair) {
  require(who, a.municipality, Capability::reference_manage);
  Errors errors;
  require_name(errors, "/name", a.name);
  auto g = geo::normalise_area_geometry(a.geometry_geojson, "/geometry", repair);
  if (!g) errors.insert(errors.end(), g.errors().begin(), g.errors().end());
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  a.geometry_geojson = std::move(*g);
  a.id = translate_conflicts([&] { return store_.insert_area(a); });
  contexts_.invalidate(a.municipality);
  log(who, a.municipality, "area.create", "area/" + std::to_string(a.id));
  return a;
}

Area ReferenceService::update_area(const Principal& who, Area a, bool repair) {
  require(who, a.municipality, Capability::reference_manage);
  Errors errors;
  require_name(errors, "/name", a.name);
  auto g = geo::normalise_area_geometry(a.geometry_geojson, "/geometry", repair);
  if (!g) errors.insert(errors.end(), g.errors().begin(), g.errors().end());
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  a.geometry_geojson = std::move(*g);
  changed(who, a.municipality, "area", a.id, "update",
          translate_conflicts([&] { return store_.update_area(a); }));
  return a;
}

void ReferenceService::remove_area(const Principal& who, const std::string& m, Id id) {
  require(who, m, Capability::reference_manage);
  changed(who, m, "area", id, "remove",
          translate_conflicts([&] { return store_.remove_area(m, id); }));
}

std::vector<Area> ReferenceService::import_areas(const Principal& who, const std::string& m,
                                                 const std::string& geojson, bool repair) {
  require(who, m, Capability::reference_manage);
  nlohmann::json doc = nlohmann::json::parse(geojson, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw ServiceError::invalid("", "not valid JSON");
  }
  if (doc.value("type", "") != "FeatureCollection" || !doc["features"].is_array()) {
    throw ServiceError::invalid("/type", "expected a GeoJSON FeatureCollection of polygons");
  }
  Errors errors;
  std::vector<Area> areas;
  std::set<std::string> names;
  for (size_t i = 0; i < doc["features"].size(); ++i) {
    const auto& f = doc["features"][i];
    const std::string at = "/features/" + std::to_string(i);
    Area a;
    a.municipality = m;
    const auto& props = f.contains("properties") && f["properties"].is_object()
                            ? f["properties"]
                            : nlohmann::json::object();
    a.name =
        props.contains("name") && props["name"].is_string() ? props["name"].get<std::string>() : "";
    a.kind =
        props.contains("kind") && props["kind"].is_string() ? props["kind"].get<std::string>() : "";
    require_name(errors, at + "/properties/name", a.name);
    if (!a.name.empty() && !names.insert(a.name).second) {
      errors.push_back(
          {at + "/properties/name", 0, "the name '" + a.name + "' appears twice in the file"});
    }
    if (!f.contains("geometry")) {
      errors.push_back({at + "/geometry", 0, "missing"});
      continue;
    }
    auto g = geo::normalise_area_geometry(f["geometry"].dump(), at + "/geometry", repair);
    if (!g)
      errors.insert(errors.end(), g.errors().begin(), g.errors().end());
    else
      a.geometry_geojson = std::move(*g);
    areas.push_back(std::move(a));
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  translate_conflicts([&] {
    store_.transaction([&] {
      for (Area& a : areas) a.id = store_.insert_area(a);
    });
    return 0;
  });
  contexts_.invalidate(m);
  log(who, m, "area.import", std::to_string(areas.size()) + " areas");
  return areas;
}

// ---- places ----------------------------------------------------------------------------------

std::vector<Place> ReferenceService::places(const Principal& who, const std::string& m) {
  require_member(who, m);
  return store_.places(m);
}

Place ReferenceService::place_from(const std::string& m, const PlaceInput& in) {
  Errors errors;
  require_name(errors, "/name", in.name);
  const auto& proj = thread_projector();
  Place p;
  p.municipality = m;
  p.name = in.name;
  p.kind = in.kind;
  if (in.lat && in.lon) {
    p.location = proj.from_wgs84(*in.lat, *in.lon);
  } else if (in.x && in.y) {
    p.location = proj.from_sweref(*in.x, *in.y);
  } else {
    errors.push_back({"/lat", 0, "a place needs lat and lon (or x and y in SWEREF 99 TM)"});
  }
  if (errors.empty()) {
    auto ctx = contexts_.get(m);
    if (!geo::in_sweden(p.location.lat, p.location.lon)) {
      errors.push_back({in.lat ? "/lat" : "/x", 0, "the point is outside Sweden"});
    } else if (ctx->boundary() && !ctx->boundary()->contains(p.location.x, p.location.y)) {
      errors.push_back({in.lat ? "/lat" : "/x", 0, "the point is outside the municipality " + m});
    } else {
      p.area_id = ctx->area_index().locate(p.location.x, p.location.y);
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  return p;
}

Place ReferenceService::create_place(const Principal& who, const std::string& m,
                                     const PlaceInput& in) {
  require(who, m, Capability::reference_manage);
  Place p = place_from(m, in);
  p.id = translate_conflicts([&] { return store_.insert_place(p); });
  contexts_.invalidate(m);
  log(who, m, "place.create", "place/" + std::to_string(p.id));
  return p;
}

Place ReferenceService::update_place(const Principal& who, const std::string& m, Id id,
                                     const PlaceInput& in) {
  require(who, m, Capability::reference_manage);
  Place p = place_from(m, in);
  p.id = id;
  changed(who, m, "place", id, "update",
          translate_conflicts([&] { return store_.update_place(p); }));
  return p;
}

void ReferenceService::remove_place(const Principal& who, const std::string& m, Id id) {
  require(who, m, Capability::reference_manage);
  changed(who, m, "place", id, "remove",
          translate_conflicts([&] { return store_.remove_place(m, id); }));
}

}  // namespace lagesbild

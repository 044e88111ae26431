#include "service/safety_walk_service.h"

#include <algorithm>
#include <cmath>

#include "domain/period.h"
#include "geo/geometry.h"
#include "geo/projection.h"
#include "ingest/text.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

constexpr std::size_t kMaxTextChars = 20'000;

std::optional<Id> organisation_of(const ingest::ReportContext& ctx, const std::string& text) {
  std::string_view v = text;
  if (!v.empty() && v.front() == '#') v.remove_prefix(1);
  if (!v.empty() && v.size() < 19 && std::all_of(v.begin(), v.end(), ::isdigit)) {
    const Id id = std::stoll(std::string(v));
    if (ctx.organisation_by_id(id)) return id;
  }
  return ctx.organisation_id(text);
}

void check_text(const char* field, const std::string& value, Errors& errors) {
  if (ingest::find_invalid_utf8(value)) {
    errors.push_back({field, 0, "is not valid UTF-8"});
  } else if (value.size() > 4 * kMaxTextChars) {
    errors.push_back({field, 0, "is too long"});
  }
}

void require(const Principal& who, const std::string& m, Capability c, const char* what) {
  if (!who.can(m, c)) {
    throw ServiceError(Kind::forbidden,
                       std::string("your role does not allow ") + what + " in " + m);
  }
}

// The measure type an observation most often leads to.
MeasureType measure_type_for(ObservationType t) {
  switch (t) {
    case ObservationType::lighting:
      return MeasureType::lighting;
    case ObservationType::vegetation:
    case ObservationType::damaged_property:
      return MeasureType::physical_repair;
    case ObservationType::graffiti:
    case ObservationType::litter:
      return MeasureType::cleaning;
    case ObservationType::other:
      return MeasureType::other;
  }
  return MeasureType::other;
}

// The first `n` characters of UTF-8 text, with "…" when cut.
std::string shortened(const std::string& text, std::size_t n) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == n) {
      return text.substr(0, i) + "…";
    }
  }
  return text;
}

}  // namespace

void SafetyWalkService::log(const Principal& who, const std::string& municipality,
                            std::string action, std::string object) {
  store_.audit(audit_entry(who, municipality, std::move(action), std::move(object)));
}

SafetyWalk SafetyWalkService::create(const Principal& who, const SafetyWalkInput& input) {
  const std::string m = reports_.municipality_for(who, input.municipality);
  require(who, m, Capability::safety_walk_write, "recording safety walks");
  const auto ctx = contexts_.get(m);
  Errors errors;
  SafetyWalk w;
  w.municipality = m;
  if (input.date.empty()) {
    errors.push_back({"date", 0, "is required: the day of the walk, YYYY-MM-DD"});
  } else if (const auto d = parse_day(input.date); !d) {
    errors.push_back({"date", 0, "must be a date, YYYY-MM-DD"});
  } else if (*d > period_containing(PeriodKind::range, now_utc()).first_day) {
    errors.push_back({"date", 0, "lies in the future"});
  } else {
    w.day = *d;
  }
  if (input.areas.empty()) errors.push_back({"areas", 0, "needs at least one area"});
  for (std::size_t i = 0; i < input.areas.size(); ++i) {
    const Area* a = ctx->area(input.areas[i]);
    if (!a) {
      errors.push_back({"areas/" + std::to_string(i), 0, "unknown area '" + input.areas[i] + "'"});
    } else if (std::find(w.area_ids.begin(), w.area_ids.end(), a->id) == w.area_ids.end()) {
      w.area_ids.push_back(a->id);
    }
  }
  for (std::size_t i = 0; i < input.organisations.size(); ++i) {
    const auto id = organisation_of(*ctx, input.organisations[i]);
    if (!id) {
      errors.push_back({"organisations/" + std::to_string(i), 0,
                        "unknown organisation '" + input.organisations[i] + "'"});
    } else if (std::find(w.organisation_ids.begin(), w.organisation_ids.end(), *id) ==
               w.organisation_ids.end()) {
      w.organisation_ids.push_back(*id);
    }
  }
  w.route = input.route;
  check_text("route", w.route, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  w.created_by = who.user_id.value_or(0);
  w.created_at = now_utc();
  store_.transaction([&] {
    w.id = store_.insert_safety_walk(w);
    log(who, m, "safety_walk.create", "safety_walk/" + std::to_string(w.id));
  });
  return w;
}

std::vector<SafetyWalk> SafetyWalkService::list(const Principal& who,
                                                const std::string& municipality) {
  const std::string m = reports_.readable_municipality(who, municipality);
  log(who, m, "safety_walks.list", "safety_walks");
  return store_.safety_walks(m);
}

SafetyWalk SafetyWalkService::get(const Principal& who, const std::string& municipality, Id id) {
  const std::string m = reports_.readable_municipality(who, municipality);
  auto w = store_.safety_walk(m, id);
  if (!w) throw ServiceError(Kind::not_found, "no safety walk " + std::to_string(id));
  log(who, m, "safety_walk.read", "safety_walk/" + std::to_string(id));
  return std::move(*w);
}

WalkObservation SafetyWalkService::observe(const Principal& who, Id walk_id,
                                           const ObservationInput& input) {
  const std::string m = reports_.municipality_for(who, input.municipality);
  require(who, m, Capability::safety_walk_write, "recording observations");
  if (!store_.safety_walk(m, walk_id)) {
    throw ServiceError(Kind::not_found, "no safety walk " + std::to_string(walk_id));
  }
  const auto ctx = contexts_.get(m);
  Errors errors;
  WalkObservation o;
  o.walk_id = walk_id;
  o.municipality = m;
  if (!input.lat) errors.push_back({"lat", 0, "is required"});
  if (!input.lon) errors.push_back({"lon", 0, "is required"});
  if (input.lat && input.lon) {
    const double lat = *input.lat, lon = *input.lon;
    if (!std::isfinite(lat) || lat < -90 || lat > 90) {
      errors.push_back({"lat", 0, "must be between -90 and 90"});
    } else if (!std::isfinite(lon) || lon < -180 || lon > 180) {
      errors.push_back({"lon", 0, "must be between -180 and 180"});
    } else if (!geo::in_sweden(lat, lon)) {
      errors.push_back({"lat", 0,
                        geo::in_sweden(lon, lat) ? "outside Sweden (are the coordinates swapped?)"
                                                 : "outside Sweden"});
    } else {
      o.location = thread_projector().from_wgs84(lat, lon);
      if (ctx->boundary() && !ctx->boundary()->contains(o.location.x, o.location.y)) {
        errors.push_back({"lat", 0, "outside the municipality " + m});
      }
      o.area_id = ctx->area_index().locate(o.location.x, o.location.y);
    }
  }
  const auto type = observation_type_from_string(input.type);
  if (!type) {
    errors.push_back(
        {"type", 0,
         "must be one of lighting, vegetation, graffiti, litter, damaged_property, other"});
  } else {
    o.type = *type;
  }
  o.description = input.description;
  check_text("description", o.description, errors);
  if (!input.organisation.empty()) {
    o.organisation_id = organisation_of(*ctx, input.organisation);
    if (!o.organisation_id) {
      errors.push_back({"organisation", 0, "unknown organisation '" + input.organisation + "'"});
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  o.created_by = who.user_id.value_or(0);
  o.created_at = now_utc();
  store_.transaction([&] {
    o.id = store_.insert_walk_observation(o);
    log(who, m, "safety_walk.observe",
        "safety_walk/" + std::to_string(walk_id) + " observation/" + std::to_string(o.id));
  });
  return o;
}

WalkObservation SafetyWalkService::update_observation(const Principal& who, Id id,
                                                      const ObservationPatch& patch) {
  const std::string m = reports_.readable_municipality(who, patch.municipality);
  auto o = store_.walk_observation(m, id);
  if (!o) throw ServiceError(Kind::not_found, "no observation " + std::to_string(id));
  const bool manager = who.can(m, Capability::safety_walk_write);
  const bool responsible =
      o->organisation_id &&
      std::any_of(who.grants.begin(), who.grants.end(), [&](const RoleGrant& g) {
        return g.municipality == m && g.organisation_id == *o->organisation_id &&
               g.role != Role::viewer;
      });
  if (!manager && !(responsible && !patch.organisation)) {
    throw ServiceError(Kind::forbidden, responsible
                                            ? "only analysts and coordinators assign observations"
                                            : "your role does not allow changing this observation");
  }
  const auto ctx = contexts_.get(m);
  Errors errors;
  if (patch.status) {
    const auto s = observation_status_from_string(*patch.status);
    if (!s) {
      errors.push_back({"status", 0, "must be open, in_progress or done"});
    } else {
      o->status = *s;
    }
  }
  if (patch.organisation) {
    o->organisation_id.reset();
    if (!patch.organisation->empty()) {
      o->organisation_id = organisation_of(*ctx, *patch.organisation);
      if (!o->organisation_id) {
        errors.push_back({"organisation", 0, "unknown organisation '" + *patch.organisation + "'"});
      }
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    if (!store_.update_walk_observation(*o)) {
      throw ServiceError(Kind::not_found, "no observation " + std::to_string(id));
    }
    log(who, m, "safety_walk.observation.update", "observation/" + std::to_string(id));
  });
  return *o;
}

Measure SafetyWalkService::to_measure(const Principal& who, const std::string& municipality,
                                      Id observation_id) {
  const std::string m = reports_.municipality_for(who, municipality);
  require(who, m, Capability::measure_manage, "registering measures");
  auto o = store_.walk_observation(m, observation_id);
  if (!o) throw ServiceError(Kind::not_found, "no observation " + std::to_string(observation_id));
  if (o->measure_id) {
    throw ServiceError(Kind::conflict,
                       "the observation already has measure " + std::to_string(*o->measure_id),
                       Errors{{"measure_id", 0, "already set"}});
  }
  Errors errors;
  if (!o->area_id) errors.push_back({"area", 0, "the observation's point lies in no area"});
  if (!o->organisation_id) {
    errors.push_back({"organisation", 0, "assign a responsible organisation first"});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  const auto walk = store_.safety_walk(m, o->walk_id);
  MeasureInput in;
  in.municipality = m;
  const std::string label(swedish_label(o->type));
  in.title = o->description.empty() ? label : label + ": " + shortened(o->description, 80);
  in.description = o->description + (o->description.empty() ? "" : "\n") +
                   "Från trygghetsvandring " + (walk ? format_day(walk->day) : "") +
                   " (observation " + std::to_string(o->id) + ").";
  in.kind = "situational";
  in.level = "universal";
  in.type = std::string(to_string(measure_type_for(o->type)));
  in.areas = std::vector<std::string>{"#" + std::to_string(*o->area_id)};
  in.organisation = "#" + std::to_string(*o->organisation_id);
  in.start = format_day(period_containing(PeriodKind::range, now_utc()).first_day);
  Measure made;
  store_.transaction([&] {
    made = measures_.create(who, in);
    o->measure_id = made.id;
    if (!store_.update_walk_observation(*o)) {
      throw ServiceError(Kind::not_found, "no observation " + std::to_string(observation_id));
    }
    log(who, m, "safety_walk.observation.measure",
        "observation/" + std::to_string(o->id) + " measure/" + std::to_string(made.id));
  });
  return made;
}

}  // namespace lagesbild

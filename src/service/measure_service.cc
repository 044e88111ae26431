#include "service/measure_service.h"

#include <algorithm>
#include <cmath>

#include "domain/period.h"
#include "ingest/text.h"
#include "report/measure_csv.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

constexpr std::size_t kMaxTitleChars = 200;
constexpr std::size_t kMaxTextChars = 20'000;
constexpr std::size_t kMaxHotspotChars = 500;

std::size_t characters(const std::string& utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void check_text(const std::string& field, const std::string& value, std::size_t max,
                Errors& errors) {
  if (ingest::find_invalid_utf8(value)) {
    errors.push_back({field, 0, "is not valid UTF-8"});
  } else if (characters(value) > max) {
    errors.push_back({field, 0, "is longer than " + std::to_string(max) + " characters"});
  }
}

// An id written as "#12" or "12".
std::optional<Id> id_text(const std::string& text) {
  std::string_view v = text;
  if (!v.empty() && v.front() == '#') v.remove_prefix(1);
  if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), ::isdigit)) {
    return std::nullopt;
  }
  return std::stoll(std::string(v));
}

std::optional<Id> organisation_of(const ingest::ReportContext& ctx, const std::string& text) {
  if (const auto id = id_text(text); id && ctx.organisation_by_id(*id)) return id;
  return ctx.organisation_id(text);
}

std::optional<Id> category_of(const ingest::ReportContext& ctx, const std::string& text,
                              std::string* why) {
  if (const auto id = id_text(text); id && ctx.category_by_id(*id)) return id;
  return ctx.category_id(text, why);
}

// Resolves a list of references, one error per unknown item ("areas/1"), without duplicates.
template <class Resolve>
std::vector<Id> resolve_list(const std::vector<std::string>& items, const std::string& field,
                             const char* what, Resolve resolve, Errors& errors) {
  std::vector<Id> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string why;
    const auto id = resolve(items[i], &why);
    if (!id) {
      errors.push_back(
          {field + "/" + std::to_string(i), 0,
           why.empty() ? "unknown " + std::string(what) + " '" + items[i] + "'" : why});
    } else if (std::find(out.begin(), out.end(), *id) == out.end()) {
      out.push_back(*id);
    }
  }
  return out;
}

template <class T, class Parse>
void set_enum(const std::optional<std::string>& text, const char* field, const char* allowed,
              Parse parse, T& into, Errors& errors) {
  if (!text) return;
  const auto v = parse(*text);
  if (!v) {
    errors.push_back({field, 0, std::string("must be one of ") + allowed});
  } else {
    into = *v;
  }
}

std::string type_names() {
  std::string out;
  for (MeasureType t : all_measure_types()) {
    if (!out.empty()) out += ", ";
    out += to_string(t);
  }
  return out;
}

// Applies `in` onto `m` (a new measure or the stored one), collecting every problem.
void apply(const MeasureInput& in, const ingest::ReportContext& ctx, bool creating, Measure& m,
           Errors& errors) {
  const auto required = [&](const auto& member, const char* field, const char* what) {
    if (creating && !member) errors.push_back({field, 0, std::string("is required: ") + what});
  };
  required(in.title, "title", "a short name of the measure");
  required(in.kind, "kind", "situational or social");
  required(in.level, "level", "universal, selective or indicated");
  required(in.type, "type", type_names().c_str());
  required(in.areas, "areas", "at least one target area");
  required(in.organisation, "organisation", "the responsible organisation");
  required(in.start, "start", "the first day, YYYY-MM-DD");
  if (in.title) {
    m.title = *in.title;
    if (blank(m.title)) errors.push_back({"title", 0, "must not be empty"});
    check_text("title", m.title, kMaxTitleChars, errors);
  }
  if (in.description) {
    m.description = *in.description;
    check_text("description", m.description, kMaxTextChars, errors);
  }
  set_enum(in.kind, "kind", "situational, social", measure_kind_from_string, m.kind, errors);
  set_enum(in.level, "level", "universal, selective, indicated", prevention_level_from_string,
           m.level, errors);
  const std::string types = type_names();
  set_enum(in.type, "type", types.c_str(), measure_type_from_string, m.type, errors);
  if (in.areas) {
    m.area_ids = resolve_list(
        *in.areas, "areas", "area",
        [&](const std::string& t, std::string*) -> std::optional<Id> {
          const Area* a = ctx.area(t);
          return a ? std::optional<Id>(a->id) : std::nullopt;
        },
        errors);
    if (in.areas->empty()) errors.push_back({"areas", 0, "needs at least one target area"});
  }
  if (in.places) {
    m.place_ids = resolve_list(
        *in.places, "places", "place",
        [&](const std::string& t, std::string*) -> std::optional<Id> {
          const Place* p = ctx.place(t);
          return p ? std::optional<Id>(p->id) : std::nullopt;
        },
        errors);
  }
  if (in.categories) {
    m.category_ids = resolve_list(
        *in.categories, "categories", "category",
        [&](const std::string& t, std::string* why) { return category_of(ctx, t, why); }, errors);
  }
  if (in.partners) {
    m.partner_ids = resolve_list(
        *in.partners, "partners", "organisation",
        [&](const std::string& t, std::string*) { return organisation_of(ctx, t); }, errors);
  }
  if (in.organisation) {
    const auto id = organisation_of(ctx, *in.organisation);
    if (!id) {
      errors.push_back({"organisation", 0, "unknown organisation '" + *in.organisation + "'"});
    } else {
      m.organisation_id = *id;
    }
  }
  if (in.period) {
    m.period.clear();
    if (!in.period->empty()) {
      std::string why;
      const auto p = parse_period(*in.period, &why);
      if (!p) {
        errors.push_back({"period", 0, why});
      } else {
        m.period = p->label();
      }
    }
  }
  if (in.hotspot) {
    m.hotspot = *in.hotspot;
    check_text("hotspot", m.hotspot, kMaxHotspotChars, errors);
  }
  bool days_ok = true;
  if (in.start) {
    const auto d = parse_day(*in.start);
    if (!d) {
      errors.push_back({"start", 0, "must be a date, YYYY-MM-DD"});
      days_ok = false;
    } else {
      m.start_day = *d;
    }
  }
  if (in.end) {
    m.end_day.reset();
    if (!in.end->empty()) {
      const auto d = parse_day(*in.end);
      if (!d) {
        errors.push_back({"end", 0, "must be a date, YYYY-MM-DD"});
        days_ok = false;
      } else {
        m.end_day = *d;
      }
    }
  }
  if (days_ok && m.end_day && *m.end_day < m.start_day) {
    errors.push_back({"end", 0, "is before start (" + format_day(m.start_day) + ")"});
  }
  if (in.cost) {
    m.cost_sek.reset();
    if (const auto& c = *in.cost) {
      if (!std::isfinite(*c) || *c < 0) {
        errors.push_back({"cost", 0, "must be 0 or more (SEK)"});
      } else if (*c != std::floor(*c) || *c > 1e15) {
        errors.push_back({"cost", 0, "must be whole kronor"});
      } else {
        m.cost_sek = static_cast<std::int64_t>(*c);
      }
    }
  }
  std::erase(m.partner_ids, m.organisation_id);  // the responsible one is not also a partner
}

// True when `who` holds a non-viewer role for `organisation` in the municipality.
bool acts_for(const Principal& who, const std::string& municipality, Id organisation) {
  return std::any_of(who.grants.begin(), who.grants.end(), [&](const RoleGrant& g) {
    return g.municipality == municipality && g.organisation_id == organisation &&
           g.role != Role::viewer;
  });
}

void require(const Principal& who, const std::string& m, Capability c, const char* what) {
  if (!who.can(m, c)) {
    throw ServiceError(Kind::forbidden,
                       std::string("your role does not allow ") + what + " in " + m);
  }
}

}  // namespace

std::optional<int> parse_day(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto p = parse_period(text + ".." + text);
  if (!p || p->kind != PeriodKind::range) return std::nullopt;
  return p->first_day;
}

void MeasureService::log(const Principal& who, const std::string& municipality, std::string action,
                         std::string object) {
  store_.audit(audit_entry(who, municipality, std::move(action), std::move(object)));
}

Measure MeasureService::create(const Principal& who, const MeasureInput& input) {
  const std::string m = reports_.municipality_for(who, input.municipality);
  require(who, m, Capability::measure_manage, "registering measures");
  const auto ctx = contexts_.get(m);
  Measure measure;
  measure.municipality = m;
  Errors errors;
  apply(input, *ctx, true, measure, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  measure.status = MeasureStatus::proposed;
  measure.history = {{MeasureStatus::proposed, who.user_id.value_or(0), now_utc(), ""}};
  store_.transaction([&] {
    measure.id = store_.insert_measure(measure);
    log(who, m, "measure.create", "measure/" + std::to_string(measure.id));
  });
  return *store_.measure(m, measure.id);
}

Measure MeasureService::update(const Principal& who, Id id, const MeasureInput& input) {
  const std::string m = reports_.municipality_for(who, input.municipality);
  require(who, m, Capability::measure_manage, "editing measures");
  auto measure = store_.measure(m, id);
  if (!measure) throw ServiceError(Kind::not_found, "no measure " + std::to_string(id));
  const auto ctx = contexts_.get(m);
  Errors errors;
  apply(input, *ctx, false, *measure, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    if (!store_.update_measure(*measure)) {
      throw ServiceError(Kind::not_found, "no measure " + std::to_string(id));
    }
    log(who, m, "measure.update", "measure/" + std::to_string(id));
  });
  return *store_.measure(m, id);
}

Measure MeasureService::change_status(const Principal& who, const std::string& municipality, Id id,
                                      const StatusChange& change) {
  const std::string m = reports_.municipality_for(who, municipality);
  require(who, m, Capability::measure_manage, "changing the status of measures");
  const auto to = measure_status_from_string(change.status);
  Errors errors;
  if (!to) {
    errors.push_back({"status", 0,
                      change.status.empty()
                          ? "is required: decided, ongoing, completed, evaluated or cancelled"
                          : "must be one of proposed, decided, ongoing, completed, evaluated, "
                            "cancelled"});
  }
  check_text("note", change.note, kMaxTextChars, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  const auto measure = store_.measure(m, id);
  if (!measure) throw ServiceError(Kind::not_found, "no measure " + std::to_string(id));
  if (!may_follow(measure->status, *to)) {
    std::string why = "cannot go from " + std::string(to_string(measure->status)) + " to " +
                      std::string(to_string(*to));
    if (is_final(measure->status)) {
      why += ": " + std::string(to_string(measure->status)) + " is final";
    } else {
      const auto next = static_cast<MeasureStatus>(static_cast<int>(measure->status) + 1);
      why += ": the next step is " + std::string(to_string(next)) + " (or cancelled)";
    }
    throw ServiceError(Kind::conflict, "status: " + why, Errors{{"status", 0, why}});
  }
  const MeasureStep step{*to, who.user_id.value_or(0), now_utc(), change.note};
  store_.transaction([&] {
    if (!store_.advance_measure(m, id, measure->status, step)) {
      throw ServiceError(Kind::conflict, "status: the measure's status changed meanwhile",
                         Errors{{"status", 0, "changed meanwhile; reload the measure"}});
    }
    log(who, m, "measure.status",
        "measure/" + std::to_string(id) + " " + std::string(to_string(*to)));
  });
  return *store_.measure(m, id);
}

Measure MeasureService::add_note(const Principal& who, const std::string& municipality, Id id,
                                 const std::string& text) {
  const std::string m = reports_.readable_municipality(who, municipality);
  const auto measure = store_.measure(m, id);
  if (!measure) throw ServiceError(Kind::not_found, "no measure " + std::to_string(id));
  if (!who.can(m, Capability::measure_follow_up) && !acts_for(who, m, measure->organisation_id)) {
    throw ServiceError(Kind::forbidden,
                       "only analysts, coordinators and the responsible organisation add notes");
  }
  Errors errors;
  if (blank(text)) errors.push_back({"text", 0, "is required: what was done or seen"});
  check_text("text", text, kMaxTextChars, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    const Id note =
        store_.insert_measure_note(m, id, {0, who.user_id.value_or(0), now_utc(), text});
    if (note == 0) throw ServiceError(Kind::not_found, "no measure " + std::to_string(id));
    log(who, m, "measure.note", "measure/" + std::to_string(id));
  });
  return *store_.measure(m, id);
}

Measure MeasureService::get(const Principal& who, const std::string& municipality, Id id) {
  const std::string m = reports_.readable_municipality(who, municipality);
  auto measure = store_.measure(m, id);
  if (!measure) throw ServiceError(Kind::not_found, "no measure " + std::to_string(id));
  log(who, m, "measure.read", "measure/" + std::to_string(id));
  return std::move(*measure);
}

std::vector<Measure> MeasureService::filtered(const std::string& m, const MeasureFilter& f) {
  const auto ctx = contexts_.get(m);
  Errors errors;
  std::optional<MeasureStatus> status;
  if (!f.status.empty()) {
    status = measure_status_from_string(f.status);
    if (!status) errors.push_back({"status", 0, "unknown status '" + f.status + "'"});
  }
  const Area* area = f.area.empty() ? nullptr : ctx->area(f.area);
  if (!f.area.empty() && !area) errors.push_back({"area", 0, "unknown area '" + f.area + "'"});
  std::optional<Id> organisation;
  if (!f.organisation.empty()) {
    organisation = organisation_of(*ctx, f.organisation);
    if (!organisation) {
      errors.push_back({"organisation", 0, "unknown organisation '" + f.organisation + "'"});
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  auto all = store_.measures(m);
  std::erase_if(all, [&](const Measure& x) {
    if (status && x.status != *status) return true;
    if (area && std::find(x.area_ids.begin(), x.area_ids.end(), area->id) == x.area_ids.end()) {
      return true;
    }
    return organisation && x.organisation_id != *organisation &&
           std::find(x.partner_ids.begin(), x.partner_ids.end(), *organisation) ==
               x.partner_ids.end();
  });
  return all;
}

std::vector<Measure> MeasureService::list(const Principal& who, const MeasureFilter& filter) {
  const std::string m = reports_.readable_municipality(who, filter.municipality);
  auto out = filtered(m, filter);
  log(who, m, "measures.list",
      "measures?status=" + filter.status + "&area=" + filter.area +
          "&organisation=" + filter.organisation);
  return out;
}

std::string MeasureService::export_csv(const Principal& who, const MeasureFilter& filter) {
  const std::string m = reports_.readable_municipality(who, filter.municipality);
  const auto measures = filtered(m, filter);
  log(who, m, "measures.export", std::to_string(measures.size()) + " measures");
  return report::measures_to_csv(measures, *contexts_.get(m));
}

}  // namespace lagesbild

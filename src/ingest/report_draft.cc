#include "ingest/report_draft.h"

#include <cmath>

#include "ingest/personal_data.h"
#include "ingest/text.h"

namespace lagesbild::ingest {
namespace {

constexpr auto kFutureTolerance = std::chrono::minutes{5};
constexpr long long kMaxCount = 10000;
constexpr std::size_t kMaxDescriptionChars = 4000;
constexpr std::size_t kMaxExternalIdChars = 200;
// A point given together with a place must be the place's point; exported coordinates are exact,
// so this only absorbs projection round-off.
constexpr double kSamePointMetres = 1.0;

// Collects the errors of one draft against the caller's field names and line.
class Problems {
 public:
  explicit Problems(std::int64_t line) : line_(line) {}
  void add(const std::string& field, std::string reason) {
    errors_.push_back(FieldError{field, line_, std::move(reason)});
  }
  bool empty() const { return errors_.empty(); }
  std::size_t size() const { return errors_.size(); }
  Errors take() { return std::move(errors_); }

 private:
  std::int64_t line_;
  Errors errors_;
};

const Category* find_category(const ReportContext& ctx, Id id) {
  for (const auto& c : ctx.categories()) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool has_organisation(const ReportContext& ctx, Id id) {
  for (const auto& o : ctx.organisations()) {
    if (o.id == id) return true;
  }
  return false;
}

void resolve_category(const ReportDraft& d, const ReportContext& ctx, const FieldNames& names,
                      Report& r, Problems& problems) {
  if (trim(d.category).empty()) {
    problems.add(names.category, "required");
    return;
  }
  std::string why;
  const auto id = ctx.category_id(d.category, &why);
  if (!id) {
    problems.add(names.category, why);
    return;
  }
  const Category* c = find_category(ctx, *id);
  if (c && !c->active) {
    problems.add(names.category, "category '" + c->code + "' is no longer in use");
  }
  r.category_id = *id;
}

void resolve_organisation(const ReportDraft& d, const ReportContext& ctx, const FieldNames& names,
                          const ResolveOptions& options, Report& r, Problems& problems) {
  if (!trim(d.organisation).empty()) {
    if (auto id = ctx.organisation_id(d.organisation)) {
      r.organisation_id = *id;
    } else {
      problems.add(names.organisation, "unknown organisation '" + d.organisation + "'");
    }
  } else if (!options.default_organisation) {
    problems.add(names.organisation, "required");
  } else if (!has_organisation(ctx, *options.default_organisation)) {
    problems.add(names.organisation, "organisation " +
                                         std::to_string(*options.default_organisation) +
                                         " is not in municipality " + ctx.municipality().code);
  } else {
    r.organisation_id = *options.default_organisation;
  }
}

std::optional<UtcSeconds> parse_time(const std::string& text, const std::string& field,
                                     Problems& problems) {
  std::string why;
  auto t = parse_timestamp(trim(text), &why);
  if (!t) problems.add(field, why);
  return t;
}

void resolve_time(const ReportDraft& d, const FieldNames& names, const ResolveOptions& options,
                  Report& r, Problems& problems) {
  std::optional<UtcSeconds> from;
  if (trim(d.occurred_from).empty()) {
    problems.add(names.occurred_from, "required");
  } else {
    from = parse_time(d.occurred_from, names.occurred_from, problems);
  }
  if (from) {
    if (*from > options.now + kFutureTolerance) problems.add(names.occurred_from, "in the future");
    r.occurred_from = *from;
  }
  if (trim(d.occurred_to).empty()) return;
  const auto to = parse_time(d.occurred_to, names.occurred_to, problems);
  if (!to) return;
  r.occurred_to = *to;
  if (!from) return;
  if (*to < *from) {
    problems.add(names.occurred_to, "occurred_to is before occurred_from");
  } else if (*to - *from > kMaxReportInterval) {
    problems.add(names.occurred_to, "the interval is longer than " +
                                        std::to_string(kMaxReportInterval.count() / 86400) +
                                        " days");
  }
}

bool in_municipality(const Location& loc, const ReportContext& ctx, const std::string& field,
                     Problems& problems) {
  if (ctx.boundary() && !ctx.boundary()->contains(loc.x, loc.y)) {
    problems.add(field, "outside the municipality " + ctx.municipality().code);
    return false;
  }
  return true;
}

std::string outside_sweden(bool swapped_is_inside) {
  return swapped_is_inside ? "outside Sweden (are the coordinates swapped?)" : "outside Sweden";
}

std::optional<Location> wgs84_point(double lat, double lon, const ReportContext& ctx,
                                    const geo::Projector& projector, const FieldNames& names,
                                    Problems& problems) {
  const std::size_t before = problems.size();
  if (!std::isfinite(lat) || lat < -90 || lat > 90) {
    problems.add(names.lat, "must be between -90 and 90");
  }
  if (!std::isfinite(lon) || lon < -180 || lon > 180) {
    problems.add(names.lon, "must be between -180 and 180");
  }
  if (problems.size() != before) return std::nullopt;
  if (!geo::in_sweden(lat, lon)) {
    problems.add(names.lat, outside_sweden(geo::in_sweden(lon, lat)));
    return std::nullopt;
  }
  const Location loc = projector.from_wgs84(lat, lon);
  if (!in_municipality(loc, ctx, names.lat, problems)) return std::nullopt;
  return loc;
}

std::optional<Location> sweref_point(double x, double y, const ReportContext& ctx,
                                     const geo::Projector& projector, const FieldNames& names,
                                     Problems& problems) {
  const std::size_t before = problems.size();
  if (!std::isfinite(x)) problems.add(names.x, "must be a finite number");
  if (!std::isfinite(y)) problems.add(names.y, "must be a finite number");
  if (problems.size() != before) return std::nullopt;
  const Location loc = projector.from_sweref(x, y);
  if (!geo::in_sweden(loc.lat, loc.lon)) {
    const geo::LatLon swapped = projector.to_wgs84(y, x);
    problems.add(names.x, outside_sweden(geo::in_sweden(swapped.lat, swapped.lon)));
    return std::nullopt;
  }
  if (!in_municipality(loc, ctx, names.x, problems)) return std::nullopt;
  return loc;
}

// The rules for where: see the header and ReportDraft. At most one of a point and a place is the
// primary location; an area given as well must agree with it.
void resolve_location(const ReportDraft& d, const ReportContext& ctx,
                      const geo::Projector& projector, const FieldNames& names, Report& r,
                      Problems& problems) {
  const std::size_t before = problems.size();
  if (d.lat.has_value() != d.lon.has_value()) {
    problems.add(d.lat ? names.lon : names.lat,
                 "required together with " + (d.lat ? names.lat : names.lon));
  }
  if (d.x.has_value() != d.y.has_value()) {
    problems.add(d.x ? names.y : names.x, "required together with " + (d.x ? names.x : names.y));
  }
  const bool wgs84 = d.lat && d.lon, sweref = d.x && d.y;
  if (wgs84 && sweref) {
    problems.add(names.x, "give either " + names.lat + "/" + names.lon + " or " + names.x + "/" +
                              names.y + ", not both");
  }
  const bool has_place = !trim(d.place).empty(), has_area = !trim(d.area).empty();
  if (!d.lat && !d.lon && !d.x && !d.y && !has_place && !has_area) {
    problems.add("", "a location is required: " + names.lat + " and " + names.lon + ", " + names.x +
                         " and " + names.y + ", " + names.place + " or " + names.area);
    return;
  }
  const Place* place = has_place ? ctx.place(d.place) : nullptr;
  if (has_place && !place) problems.add(names.place, "unknown place '" + d.place + "'");
  const Area* area = has_area ? ctx.area(d.area) : nullptr;
  if (has_area && !area) problems.add(names.area, "unknown area '" + d.area + "'");

  std::optional<Location> point;
  if (wgs84 && !sweref) point = wgs84_point(*d.lat, *d.lon, ctx, projector, names, problems);
  if (sweref && !wgs84) point = sweref_point(*d.x, *d.y, ctx, projector, names, problems);
  if (problems.size() != before) return;

  if (place) {
    if (point) {
      const double dist = std::hypot(point->x - place->location.x, point->y - place->location.y);
      if (dist > kSamePointMetres) {
        problems.add(names.place, "the given point is " + std::to_string(std::lround(dist)) +
                                      " m from place '" + place->name + "'");
        return;
      }
    }
    r.place_id = place->id;
    r.location = place->location;
    r.area_id = place->area_id;
    r.location_precision = LocationPrecision::place;
  } else if (point) {
    r.location = point;
    r.area_id = ctx.area_index().locate(point->x, point->y);
    r.location_precision = LocationPrecision::exact;
  } else {
    r.location_precision = LocationPrecision::area;
  }
  if (!area) return;
  if ((place || point) && r.area_id != area->id) {
    problems.add(names.area,
                 std::string(place ? "place '" + place->name + "' is" : "the point is") +
                     " not in area '" + area->name + "'");
    return;
  }
  r.area_id = area->id;
}

void check_text(const std::string& text, std::size_t max_chars, const std::string& field,
                Problems& problems) {
  if (auto bad = find_invalid_utf8(text)) {
    problems.add(field, "malformed UTF-8 at byte offset " + std::to_string(*bad));
  } else if (utf8_length(text) > max_chars) {
    problems.add(field, "longer than " + std::to_string(max_chars) + " characters");
  }
}

void resolve_amounts_and_text(const ReportDraft& d, const FieldNames& names, Report& r,
                              Problems& problems) {
  if (d.count) {
    if (*d.count < 1 || *d.count > kMaxCount) {
      problems.add(names.count, "must be between 1 and " + std::to_string(kMaxCount));
    } else {
      r.count = static_cast<int>(*d.count);
    }
  }
  if (d.severity) {
    if (*d.severity < 1 || *d.severity > 3) {
      problems.add(names.severity, "must be 1, 2 or 3");
    } else {
      r.severity = static_cast<int>(*d.severity);
    }
  }
  check_text(d.description, kMaxDescriptionChars, names.description, problems);
  check_text(d.external_id, kMaxExternalIdChars, names.external_id, problems);
  r.description = d.description;
  r.external_id = d.external_id;
}

}  // namespace

FieldNames FieldNames::json_pointers() {
  FieldNames n;
  for (std::string* s :
       {&n.category, &n.organisation, &n.occurred_from, &n.occurred_to, &n.lat, &n.lon, &n.x, &n.y,
        &n.place, &n.area, &n.count, &n.severity, &n.description, &n.external_id}) {
    s->insert(0, "/");
  }
  return n;
}

Expected<Report> resolve(const ReportDraft& draft, const ReportContext& ctx,
                         const geo::Projector& projector, const FieldNames& names,
                         const ResolveOptions& options) {
  Problems problems(options.line);
  Report r;
  r.municipality = ctx.municipality().code;
  r.reporter_id = options.reporter_id;
  r.source = options.source;
  r.created_at = options.now;
  r.status = ReportStatus::submitted;
  resolve_category(draft, ctx, names, r, problems);
  resolve_organisation(draft, ctx, names, options, r, problems);
  resolve_time(draft, names, options, r, problems);
  resolve_location(draft, ctx, projector, names, r, problems);
  resolve_amounts_and_text(draft, names, r, problems);
  if (options.refuse_personal_data) {
    if (auto why = personal_data_refusal(r.description)) problems.add(names.description, *why);
  }
  if (!problems.empty()) return problems.take();
  return r;
}

}  // namespace lagesbild::ingest

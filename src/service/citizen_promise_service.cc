#include "service/citizen_promise_service.h"

#include <algorithm>

#include "domain/period.h"
#include "ingest/text.h"
#include "report/citizen_promise_html.h"
#include "service/measure_service.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

std::optional<Id> organisation_of(const ingest::ReportContext& ctx, const std::string& text) {
  std::string_view v = text;
  if (!v.empty() && v.front() == '#') v.remove_prefix(1);
  if (!v.empty() && v.size() < 19 && std::all_of(v.begin(), v.end(), ::isdigit)) {
    const Id id = std::stoll(std::string(v));
    if (ctx.organisation_by_id(id)) return id;
  }
  return ctx.organisation_id(text);
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void check_utf8(const std::string& field, const std::string& value, Errors& errors) {
  if (ingest::find_invalid_utf8(value)) errors.push_back({field, 0, "is not valid UTF-8"});
}

// Applies the given members onto `a`, collecting problems under `at` ("activities/0/").
void apply(const ingest::ReportContext& ctx, const std::optional<std::string>& text,
           const std::optional<std::string>& organisation,
           const std::optional<std::string>& deadline, const std::optional<std::string>& status,
           const std::string& at, PromiseActivity& a, Errors& errors) {
  if (text) {
    a.text = *text;
    if (blank(a.text)) errors.push_back({at + "text", 0, "is required: what will be done"});
    check_utf8(at + "text", a.text, errors);
  }
  if (organisation) {
    const auto id = organisation->empty() ? std::nullopt : organisation_of(ctx, *organisation);
    if (!id) {
      errors.push_back({at + "organisation", 0,
                        organisation->empty() ? "is required: who owns the activity"
                                              : "unknown organisation '" + *organisation + "'"});
    } else {
      a.organisation_id = *id;
    }
  }
  if (deadline) {
    a.deadline_day.reset();
    if (!deadline->empty()) {
      a.deadline_day = parse_day(*deadline);
      if (!a.deadline_day) errors.push_back({at + "deadline", 0, "must be a date, YYYY-MM-DD"});
    }
  }
  if (status && !status->empty()) {
    const auto s = activity_status_from_string(*status);
    if (!s) {
      errors.push_back({at + "status", 0, "must be planned, ongoing, done or cancelled"});
    } else {
      a.status = *s;
    }
  }
}

void require(const Principal& who, const std::string& m, Capability c, const char* what) {
  if (!who.can(m, c)) {
    throw ServiceError(Kind::forbidden,
                       std::string("your role does not allow ") + what + " in " + m);
  }
}

}  // namespace

void CitizenPromiseService::log(const Principal& who, const std::string& municipality,
                                std::string action, std::string object) {
  store_.audit(audit_entry(who, municipality, std::move(action), std::move(object)));
}

CitizenPromise CitizenPromiseService::find(const std::string& municipality, Id id) {
  for (CitizenPromise& p : store_.citizen_promises(municipality)) {
    if (p.id == id) return std::move(p);
  }
  throw ServiceError(Kind::not_found, "no citizen promise " + std::to_string(id));
}

CitizenPromise CitizenPromiseService::create(const Principal& who,
                                             const CitizenPromiseInput& input) {
  const std::string m = reports_.municipality_for(who, input.municipality);
  require(who, m, Capability::measure_manage, "writing citizen promises");
  const auto ctx = contexts_.get(m);
  Errors errors;
  CitizenPromise p;
  p.municipality = m;
  if (!input.year) {
    errors.push_back({"year", 0, "is required, e.g. 2026"});
  } else if (*input.year < 2000 || *input.year > 2100) {
    errors.push_back({"year", 0, "must be between 2000 and 2100"});
  } else {
    p.year = *input.year;
  }
  p.police_area = input.police_area;
  if (blank(p.police_area)) {
    errors.push_back({"police_area", 0, "is required, e.g. Lokalpolisområde Borlänge"});
  }
  p.municipalities.push_back(m);
  for (std::size_t i = 0; i < input.municipalities.size(); ++i) {
    const std::string& code = input.municipalities[i];
    if (!store_.municipality(code)) {
      errors.push_back(
          {"municipalities/" + std::to_string(i), 0, "unknown municipality '" + code + "'"});
    } else if (std::find(p.municipalities.begin(), p.municipalities.end(), code) ==
               p.municipalities.end()) {
      p.municipalities.push_back(code);
    }
  }
  if (!input.period.empty()) {
    std::string why;
    const auto period = parse_period(input.period, &why);
    if (!period) {
      errors.push_back({"period", 0, why});
    } else {
      p.period = period->label();
    }
  }
  p.text = input.text;
  check_utf8("text", p.text, errors);
  check_utf8("police_area", p.police_area, errors);
  for (std::size_t i = 0; i < input.activities.size(); ++i) {
    const ActivityInput& in = input.activities[i];
    PromiseActivity a;
    apply(*ctx, in.text, in.organisation, in.deadline, in.status,
          "activities/" + std::to_string(i) + "/", a, errors);
    p.activities.push_back(std::move(a));
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  p.created_by = who.user_id.value_or(0);
  p.created_at = now_utc();
  store_.transaction([&] {
    p.id = store_.insert_citizen_promise(p);
    log(who, m, "citizen_promise.create", "citizen_promise/" + std::to_string(p.id));
  });
  return find(m, p.id);
}

std::vector<CitizenPromise> CitizenPromiseService::list(const Principal& who,
                                                        const std::string& municipality) {
  const std::string m = reports_.readable_municipality(who, municipality);
  log(who, m, "citizen_promises.list", "citizen_promises");
  return store_.citizen_promises(m);
}

CitizenPromise CitizenPromiseService::get(const Principal& who, const std::string& municipality,
                                          Id id) {
  const std::string m = reports_.readable_municipality(who, municipality);
  CitizenPromise p = find(m, id);
  log(who, m, "citizen_promise.read", "citizen_promise/" + std::to_string(id));
  return p;
}

CitizenPromise CitizenPromiseService::add_activity(const Principal& who,
                                                   const std::string& municipality, Id promise,
                                                   const ActivityInput& input) {
  const std::string m = reports_.municipality_for(who, municipality);
  require(who, m, Capability::measure_manage, "adding activities");
  const CitizenPromise p = find(m, promise);
  if (p.municipality != m) {
    throw ServiceError(Kind::forbidden, "the promise is kept by municipality " + p.municipality);
  }
  const auto ctx = contexts_.get(m);
  Errors errors;
  PromiseActivity a;
  a.promise_id = promise;
  apply(*ctx, input.text, input.organisation, input.deadline, input.status, "", a, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    a.id = store_.insert_promise_activity(m, a);
    if (a.id == 0)
      throw ServiceError(Kind::not_found, "no citizen promise " + std::to_string(promise));
    log(who, m, "citizen_promise.activity.create",
        "citizen_promise/" + std::to_string(promise) + " activity/" + std::to_string(a.id));
  });
  return find(m, promise);
}

CitizenPromise CitizenPromiseService::update_activity(const Principal& who, Id activity,
                                                      const ActivityPatch& patch) {
  const std::string m = reports_.readable_municipality(who, patch.municipality);
  std::optional<CitizenPromise> promise;
  PromiseActivity a;
  for (CitizenPromise& p : store_.citizen_promises(m)) {
    for (const PromiseActivity& x : p.activities) {
      if (x.id == activity && p.municipality == m) {
        a = x;
        promise = std::move(p);
        break;
      }
    }
    if (promise) break;
  }
  if (!promise) throw ServiceError(Kind::not_found, "no activity " + std::to_string(activity));
  const bool manager = who.can(m, Capability::measure_manage);
  const bool owner = std::any_of(who.grants.begin(), who.grants.end(), [&](const RoleGrant& g) {
    return g.municipality == m && g.organisation_id == a.organisation_id && g.role != Role::viewer;
  });
  if (!manager && !(owner && !patch.text && !patch.organisation && !patch.deadline)) {
    throw ServiceError(Kind::forbidden, owner ? "the owner organisation changes the status only"
                                              : "your role does not allow changing this activity");
  }
  const auto ctx = contexts_.get(m);
  Errors errors;
  apply(*ctx, patch.text, patch.organisation, patch.deadline, patch.status, "", a, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    if (!store_.update_promise_activity(m, a)) {
      throw ServiceError(Kind::not_found, "no activity " + std::to_string(activity));
    }
    log(who, m, "citizen_promise.activity.update", "activity/" + std::to_string(activity));
  });
  return find(m, promise->id);
}

std::string CitizenPromiseService::report_html(const Principal& who,
                                               const std::string& municipality, Id id) {
  return report(who, municipality, id, "html");
}

std::string CitizenPromiseService::report(const Principal& who, const std::string& municipality,
                                          Id id, std::string_view format) {
  if (format != "html" && format != "pdf") {
    throw ServiceError::invalid("format", "must be html or pdf");
  }
  const std::string m = reports_.readable_municipality(who, municipality);
  const CitizenPromise p = find(m, id);
  const auto ctx = contexts_.get(p.municipality);
  const auto year = parse_period(std::to_string(p.year));
  const auto measures = store_.measures(p.municipality);
  report::PromiseFollowUp f;
  f.promise = &p;
  f.context = ctx.get();
  for (const std::string& code : p.municipalities) {
    const auto mu = store_.municipality(code);
    f.municipality_names.push_back(mu ? mu->name : code);
  }
  for (const Measure& x : measures) {
    const bool in_year =
        year && x.start_day < year->end_day && (!x.end_day || *x.end_day >= year->first_day);
    if (in_year && x.status != MeasureStatus::cancelled) f.measures.push_back(&x);
  }
  f.today = period_containing(PeriodKind::range, now_utc()).first_day;
  log(who, m, "citizen_promise.report", "citizen_promise/" + std::to_string(id));
  return format == "pdf" ? report::citizen_promise_pdf(f) : report::citizen_promise_html(f);
}

}  // namespace lagesbild

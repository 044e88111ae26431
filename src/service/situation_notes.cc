// The notes a lägesbild carries from week to week: the coordinator's assessment (versioned),
// area statuses (carried forward) and "nothing to report" declarations, and how compile attaches
// them to a picture. See situation_service.h for the contracts.
#include <algorithm>

#include "ingest/text.h"
#include "service/service_error.h"
#include "service/situation_service.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

constexpr std::size_t kMaxAssessmentChars = 20'000;

Period required_period(const std::string& text, Errors& errors) {
  if (text.empty()) {
    errors.push_back({"period", 0, "is required (e.g. 2026-W47)"});
    return {};
  }
  std::string why;
  const auto p = parse_period(text, &why);
  if (!p) errors.push_back({"period", 0, why});
  return p.value_or(Period{});
}

std::size_t characters(const std::string& utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

void require(const Principal& who, const std::string& m, Capability c, const char* what) {
  if (!who.can(m, c)) {
    throw ServiceError(Kind::forbidden,
                       std::string("your role does not allow ") + what + " in " + m);
  }
}

}  // namespace

void SituationService::log(const Principal& who, const std::string& municipality,
                           std::string action, std::string object) {
  store_.audit(audit_entry(who, municipality, std::move(action), std::move(object)));
}

void SituationService::attach_notes(SituationPicture& pic, const Period& coverage_days,
                                    const std::vector<std::int64_t>& covered) {
  const std::string& m = pic.municipality;
  const ingest::ReportContext& ctx = *pic.context;
  pic.assessments = store_.assessments(m, pic.period.label());

  std::unordered_map<Id, std::size_t> area_at;
  for (std::size_t i = 0; i < pic.areas.size(); ++i) area_at.emplace(pic.areas[i]->id, i);
  pic.area_status.assign(pic.areas.size(), std::nullopt);
  for (const AreaStatusChange& c : store_.area_statuses(m)) {  // oldest first: the last wins
    if (c.from_day > pic.period.first_day) break;
    const auto it = area_at.find(c.area_id);
    if (it != area_at.end()) pic.area_status[it->second] = c;
  }

  std::unordered_map<Id, std::size_t> organisation_at;
  pic.coverage.clear();
  for (std::size_t i = 0; i < pic.organisations.size(); ++i) {
    organisation_at.emplace(pic.organisations[i]->id, i);
    OrganisationCoverage c;
    c.organisation = pic.organisations[i];
    c.reports = covered[i];
    c.state = c.reports > 0 ? CoverageState::reported : CoverageState::not_reported;
    pic.coverage.push_back(std::move(c));
  }
  for (const NothingToReport& n :
       store_.nothing_to_report(m, coverage_days.first_day, coverage_days.end_day)) {
    const auto it = organisation_at.find(n.organisation_id);
    if (it == organisation_at.end()) continue;
    OrganisationCoverage& c = pic.coverage[it->second];
    if (c.state == CoverageState::not_reported) c.state = CoverageState::nothing_to_report;
    if (!n.area_id) {
      c.everywhere_quiet = true;
    } else if (const Area* a = ctx.area_by_id(*n.area_id);
               a &&
               std::find(c.quiet_areas.begin(), c.quiet_areas.end(), a) == c.quiet_areas.end()) {
      c.quiet_areas.push_back(a);
    }
  }
}

Assessment SituationService::assess(const Principal& who, const AssessmentRequest& request) {
  const std::string m = reports_.municipality_for(who, request.municipality);
  require(who, m, Capability::situation_write, "writing the assessment");
  Errors errors;
  const Period period = required_period(request.period, errors);
  if (request.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({"text", 0, "is required: the assessment of the period"});
  }
  for (const auto& [field, value] : {std::pair{"text", &request.text},
                                     std::pair{"proposed_actions", &request.proposed_actions}}) {
    if (ingest::find_invalid_utf8(*value)) errors.push_back({field, 0, "is not valid UTF-8"});
    if (characters(*value) > kMaxAssessmentChars) {
      errors.push_back({field, 0, "is longer than 20000 characters"});
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  Assessment a;
  a.municipality = m;
  a.period = period.label();
  a.text = request.text;
  a.proposed_actions = request.proposed_actions;
  a.author_id = who.user_id.value_or(0);
  a.created_at = now_utc();
  Assessment stored;
  store_.transaction([&] {
    stored = store_.insert_assessment(a);
    log(who, m, "assessment.create", a.period + " v" + std::to_string(stored.version));
  });
  return stored;
}

std::vector<Assessment> SituationService::assessments(const Principal& who,
                                                      const std::string& municipality,
                                                      const std::string& period) {
  const std::string m = reports_.municipality_for(who, municipality);
  if (!who.local_operator) {
    const auto ms = who.municipalities();
    if (std::find(ms.begin(), ms.end(), m) == ms.end()) {
      throw ServiceError(Kind::forbidden, "you hold no role in municipality " + m);
    }
  }
  Errors errors;
  const Period p = required_period(period, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  log(who, m, "assessment.read", p.label());
  return store_.assessments(m, p.label());
}

AreaStatusChange SituationService::set_area_status(const Principal& who,
                                                   const AreaStatusRequest& request) {
  const std::string m = reports_.municipality_for(who, request.municipality);
  require(who, m, Capability::situation_write, "setting area statuses");
  const auto ctx = contexts_.get(m);
  Errors errors;
  const Period period = required_period(request.period, errors);
  const Area* area = request.area.empty() ? nullptr : ctx->area(request.area);
  if (!area) {
    errors.push_back(
        {"area", 0, request.area.empty() ? "is required" : "unknown area '" + request.area + "'"});
  }
  const auto status = area_status_from_string(request.status);
  if (!status) errors.push_back({"status", 0, "must be green, yellow, orange or red"});
  if (ingest::find_invalid_utf8(request.note)) errors.push_back({"note", 0, "is not valid UTF-8"});
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  AreaStatusChange c;
  c.municipality = m;
  c.area_id = area->id;
  c.status = *status;
  c.from_day = period.first_day;
  c.note = request.note;
  c.set_by = who.user_id.value_or(0);
  c.set_at = now_utc();
  store_.transaction([&] {
    c.id = store_.insert_area_status(c);
    log(who, m, "area_status.set",
        "area/" + std::to_string(area->id) + " " + std::string(to_string(c.status)) + " from " +
            period.label());
  });
  return c;
}

std::vector<NothingToReport> SituationService::declare_nothing_to_report(
    const Principal& who, const NothingToReportRequest& request) {
  const std::string m = reports_.municipality_for(who, request.municipality);
  require(who, m, Capability::report_create, "declaring nothing to report");
  const auto ctx = contexts_.get(m);
  Errors errors;
  const Period period = required_period(request.period, errors);
  std::optional<Id> organisation;
  if (request.organisation.empty()) {
    const auto own = who.organisations(m);
    if (own.size() == 1) {
      organisation = own.front();
    } else {
      errors.push_back({"organisation", 0, "is required: you report for several or none"});
    }
  } else {
    organisation = ctx->organisation_id(request.organisation);
    if (!organisation) {
      errors.push_back({"organisation", 0, "unknown organisation '" + request.organisation + "'"});
    }
  }
  std::vector<std::optional<Id>> areas;
  for (std::size_t i = 0; i < request.areas.size(); ++i) {
    const Area* a = ctx->area(request.areas[i]);
    if (!a) {
      errors.push_back(
          {"areas/" + std::to_string(i), 0, "unknown area '" + request.areas[i] + "'"});
    } else {
      areas.push_back(a->id);
    }
  }
  if (areas.empty()) areas.push_back(std::nullopt);  // everywhere
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  if (period.first_day > period_containing(PeriodKind::week, now_utc()).end_day) {
    throw ServiceError::invalid("period", "lies in the future");
  }
  const auto own = who.organisations(m);
  // A coordinator or admin (who manage the reference data) may declare for any organisation.
  if (!who.can(m, Capability::reference_manage) &&
      std::find(own.begin(), own.end(), *organisation) == own.end()) {
    throw ServiceError(Kind::forbidden, "you may only declare for your own organisation");
  }
  std::vector<NothingToReport> out;
  store_.transaction([&] {
    for (const auto& area : areas) {
      NothingToReport n;
      n.municipality = m;
      n.organisation_id = *organisation;
      n.area_id = area;
      n.first_day = period.first_day;
      n.end_day = period.end_day;
      n.declared_by = who.user_id.value_or(0);
      n.declared_at = now_utc();
      n.id = store_.insert_nothing_to_report(n);
      out.push_back(n);
    }
    log(who, m, "nothing_to_report.declare",
        "organisation/" + std::to_string(*organisation) + " " + period.label());
  });
  return out;
}

}  // namespace lagesbild

#include "service/measure_document_service.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "domain/period.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

std::string_view kind_label(MeasureKind k) {
  return k == MeasureKind::situational ? "situationell" : "social";
}

std::string_view level_label(PreventionLevel l) {
  switch (l) {
    case PreventionLevel::universal:
      return "generell";
    case PreventionLevel::selective:
      return "selektiv";
    case PreventionLevel::indicated:
      return "indikerad";
  }
  return "";
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<std::string> area_names(const ingest::ReportContext& ctx, const std::vector<Id>& ids) {
  std::vector<std::string> out;
  for (Id id : ids) {
    const Area* a = ctx.area_by_id(id);
    out.push_back(a ? a->name : "#" + std::to_string(id));
  }
  return out;
}

std::string organisation_name(const ingest::ReportContext& ctx, Id id) {
  const Organisation* o = ctx.organisation_by_id(id);
  return o ? o->name : "#" + std::to_string(id);
}

std::vector<std::string> category_names(const ingest::ReportContext& ctx,
                                        const std::vector<Id>& ids) {
  std::vector<std::string> out;
  for (Id id : ids) {
    const Category* c = ctx.category_by_id(id);
    out.push_back(c ? c->name : "#" + std::to_string(id));
  }
  return out;
}

// The status the history says `m` had just before `t`; nullopt when it was registered later.
std::optional<MeasureStatus> status_at(const Measure& m, UtcSeconds t) {
  std::optional<MeasureStatus> out;
  for (const MeasureStep& s : m.history) {
    if (s.at < t) out = s.status;
  }
  return out;
}

Period year_period(int year) { return *parse_period(std::to_string(year)); }

int checked_year(std::optional<int> year) {
  const int y = year.value_or(std::stoi(period_containing(PeriodKind::year, now_utc()).label()));
  if (y < 2000 || y > 2100) throw ServiceError::invalid("year", "must be between 2000 and 2100");
  return y;
}

bool runs_during(const Measure& m, const Period& y) {
  return m.start_day < y.end_day && (!m.end_day || *m.end_day >= y.first_day);
}

// True when the measure was decided on a lägesbild within `y` (its period starts in it).
bool decided_in(const Measure& m, const Period& y) {
  if (m.period.empty()) return false;
  const auto p = parse_period(m.period);
  return p && p->first_day >= y.first_day && p->first_day < y.end_day;
}

std::string number(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  std::replace(s.begin(), s.end(), '.', ',');
  if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);
  return s;
}

std::string p_text(double p) { return p < 0.001 ? "p < 0,001" : "p = " + number(p, 3); }

void count_into(std::vector<report::InventoryLine>& lines, const std::string& label,
                const Measure& m) {
  auto it = std::find_if(lines.begin(), lines.end(),
                         [&](const report::InventoryLine& l) { return l.label == label; });
  if (it == lines.end()) {
    lines.push_back({label, 0, 0, 0});
    it = lines.end() - 1;
  }
  ++it->measures;
  if (m.status != MeasureStatus::cancelled) {
    ++it->active;
    it->cost_sek += m.cost_sek.value_or(0);
  }
}

void largest_first(std::vector<report::InventoryLine>& lines) {
  std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    return a.measures != b.measures ? a.measures > b.measures : a.label < b.label;
  });
}

MeasureDocument render(std::string_view format, std::string name, std::string html,
                       const std::function<std::string()>& pdf) {
  if (format == "pdf") return {pdf(), "application/pdf", name + ".pdf"};
  return {std::move(html), "text/html; charset=utf-8", name + ".html"};
}

void check_format(std::string_view format) {
  if (format != "html" && format != "pdf") {
    throw ServiceError::invalid("format", "must be html or pdf");
  }
}

}  // namespace

report::MeasureEffect MeasureDocumentService::effect_of(const Principal& who,
                                                        const std::string& municipality,
                                                        const ingest::ReportContext& ctx,
                                                        const Measure& m, int as_of) {
  report::MeasureEffect out;
  if (m.area_ids.empty()) {
    out.note = "inget område";
    return out;
  }
  if (m.start_day >= as_of) {
    out.note = "ingen efterperiod än";
    return out;
  }
  // The comparison area: the other area whose before-period count is closest to the target's.
  const int before_first = m.start_day - 365;
  ReportFilter filter;
  for (Id id : m.category_ids) {
    if (const Category* c = ctx.category_by_id(id)) filter.categories.push_back(c->code);
  }
  ReportQuery q = query_for(filter, ctx);
  q.municipality = municipality;
  const Period before =
      *parse_period(format_day(before_first) + ".." + format_day(m.start_day - 1));
  q.from = before.utc().from;
  q.to = before.utc().to;
  q.limit = 100'000;
  std::map<Id, std::int64_t> counts;
  for (const Area& a : ctx.areas()) counts[a.id] = 0;
  for (;;) {
    const auto chunk = store_.query_report_facts(q);
    for (const ReportFact& r : chunk) {
      if (r.area_id) ++counts[*r.area_id];
    }
    if (static_cast<int>(chunk.size()) < q.limit) break;
    q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
  }
  const std::int64_t target = counts[m.area_ids.front()];
  std::optional<Id> comparison;
  std::int64_t best = 0;
  for (const auto& [id, n] : counts) {
    if (std::find(m.area_ids.begin(), m.area_ids.end(), id) != m.area_ids.end()) continue;
    const std::int64_t distance = std::abs(n - target);
    if (!comparison || distance < best) {
      comparison = id;
      best = distance;
    }
  }
  if (!comparison) {
    out.note = "inget jämförelseområde";
    return out;
  }
  EvaluationRequest request;
  request.municipality = municipality;
  request.measure_id = m.id;
  request.comparison_area = "#" + std::to_string(*comparison);
  request.before = before.label();
  const int after_end = std::min(as_of, m.end_day ? *m.end_day + 1 : as_of);
  request.after = format_day(m.start_day) + ".." + format_day(after_end - 1);
  try {
    const MeasureEvaluation e = evaluation_.evaluate(who, request);
    const auto& r = e.result;
    out.effect = r.wdd.local < 0 && r.wdd.local_p < 0.05;
    out.too_few = r.too_few;
    out.short_text =
        (r.rate_ratio.defined
             ? (r.relative_change >= 0 ? "+" : "") + number(100 * r.relative_change, 0) + " %, "
             : std::string()) +
        p_text(r.wdd.local_p) + " mot " + e.comparison + (r.too_few ? " (för få händelser)" : "");
    out.verdict = e.verdict + " (Jämförelseområde: " + e.comparison + "; före " +
                  format_day(e.before.first_day) + "–" + format_day(e.before.end_day - 1) +
                  ", efter " + format_day(e.after.first_day) + "–" +
                  format_day(e.after.end_day - 1) + ".)";
  } catch (const ServiceError& e) {
    if (e.kind() != Kind::invalid) throw;
    out.note = "kan inte utvärderas";
  }
  return out;
}

report::ActionPlanView MeasureDocumentService::action_plan(const Principal& who,
                                                           const std::string& municipality,
                                                           std::optional<int> year) {
  const std::string m = reports_.readable_municipality(who, municipality);
  const int y = checked_year(year);
  const auto ctx = contexts_.get(m);
  const Period plan_year = year_period(y), lagesbild_year = year_period(y - 1);
  const UtcSeconds now = now_utc();
  const UtcSeconds begins = plan_year.utc().from;
  const UtcSeconds as_of = std::min(now, plan_year.utc().to);
  const int as_of_day =
      std::min(period_containing(PeriodKind::range, now).first_day, plan_year.end_day);

  report::ActionPlanView v;
  v.municipality_name = ctx->municipality().name;
  v.year = y;
  v.lagesbild = lagesbild_year.label();
  const auto assessments = store_.assessments(m, v.lagesbild);
  if (!assessments.empty()) {
    v.assessment = assessments.front().text;
    v.proposed_actions = assessments.front().proposed_actions;
  }
  v.follow_up = now >= begins;
  v.follow_up_date = format_day(as_of_day - (now >= plan_year.utc().to ? 1 : 0));

  // Which areas have survey values: those measures are also followed up by the survey.
  std::map<Id, std::set<std::string>> surveyed;
  for (const SurveyValue& s : store_.survey_values(m)) {
    if (s.area_id) surveyed[*s.area_id].insert(s.indicator);
  }
  auto measures = store_.measures(m);
  std::sort(measures.begin(), measures.end(), [](const Measure& a, const Measure& b) {
    return a.start_day != b.start_day ? a.start_day < b.start_day : a.id < b.id;
  });
  for (const Measure& x : measures) {
    if (!runs_during(x, plan_year) && !decided_in(x, lagesbild_year)) continue;
    if (!x.history.empty() && x.history.front().at >= plan_year.utc().to) continue;
    const auto at_start = v.follow_up ? status_at(x, begins) : std::optional(x.status);
    if (at_start == MeasureStatus::cancelled) continue;
    report::PlannedMeasure p;
    p.id = x.id;
    p.title = x.title;
    p.type_label = swedish_label(x.type);
    p.kind_label = kind_label(x.kind);
    p.level_label = level_label(x.level);
    p.areas = join(area_names(*ctx, x.area_ids));
    p.categories = join(category_names(*ctx, x.category_ids));
    p.organisation = organisation_name(*ctx, x.organisation_id);
    std::vector<std::string> partners;
    for (Id id : x.partner_ids) partners.push_back(organisation_name(*ctx, id));
    p.partners = join(partners);
    p.start = format_day(x.start_day);
    if (x.end_day) p.end = format_day(*x.end_day);
    p.cost_sek = x.cost_sek;
    p.from_lagesbild = decided_in(x, lagesbild_year);
    p.status_planned = at_start ? std::string(swedish_name(*at_start)) : "tillkom under året";

    std::string follow =
        "Effektutvärdering: " +
        (p.categories.empty() ? std::string("alla rapporterade händelser") : p.categories) + " i " +
        area_names(*ctx, {x.area_ids.front()}).front() +
        " före och efter start, mot ett jämförbart område (WDD).";
    for (Id area : x.area_ids) {
      const auto it = surveyed.find(area);
      if (it == surveyed.end()) continue;
      std::vector<std::string> indicators(it->second.begin(), it->second.end());
      if (indicators.size() > 2) indicators.resize(2);
      follow +=
          " Trygghetsmätning i " + area_names(*ctx, {area}).front() + ": " + join(indicators) + ".";
    }
    follow += " Status och uppföljningsanteckningar i åtgärdsregistret";
    follow +=
        x.end_day ? ", avstämning vid slutdatum " + p.end + "." : ", avstämning vid årets slut.";
    p.follow_up = std::move(follow);

    if (v.follow_up) {
      const auto actual = status_at(x, as_of + std::chrono::seconds(1));
      p.status_actual = actual ? std::string(swedish_name(*actual)) : "";
      for (const MeasureNote& n : x.notes) {
        if (n.at < as_of + std::chrono::seconds(1)) p.last_note = n.text;
      }
      p.effect = effect_of(who, m, *ctx, x, as_of_day);
    }
    v.measures.push_back(std::move(p));
  }
  store_.audit(audit_entry(who, m, "measures.action_plan", "action-plan/" + std::to_string(y)));
  return v;
}

report::AnnualReportView MeasureDocumentService::annual_report(const Principal& who,
                                                               const std::string& municipality,
                                                               std::optional<int> year) {
  const std::string m = reports_.readable_municipality(who, municipality);
  const int y = checked_year(year);
  const auto ctx = contexts_.get(m);
  const Period the_year = year_period(y);
  const UtcSeconds now = now_utc();
  const bool over = now >= the_year.utc().to;
  const int as_of_day =
      over ? the_year.end_day : period_containing(PeriodKind::range, now).first_day;
  const UtcSeconds as_of = over ? the_year.utc().to : now + std::chrono::seconds(1);

  report::AnnualReportView v;
  v.municipality_name = ctx->municipality().name;
  v.year = y;
  v.as_of = format_day(over ? the_year.end_day - 1 : as_of_day);
  auto measures = store_.measures(m);
  std::sort(measures.begin(), measures.end(), [](const Measure& a, const Measure& b) {
    return a.start_day != b.start_day ? a.start_day < b.start_day : a.id < b.id;
  });
  for (Measure& x : measures) {
    if (!runs_during(x, the_year)) continue;
    // The status as of the report's day: what the register said then (a measure registered
    // afterwards, for the record, keeps its current status).
    if (const auto s = status_at(x, as_of)) x.status = *s;
    report::InventoryMeasure r;
    r.id = x.id;
    r.title = x.title;
    r.kind_label = kind_label(x.kind);
    r.level_label = level_label(x.level);
    r.type_label = swedish_label(x.type);
    r.organisation = organisation_name(*ctx, x.organisation_id);
    r.areas = join(area_names(*ctx, x.area_ids));
    r.status = swedish_name(x.status);
    r.start = format_day(x.start_day);
    r.end = x.end_day ? format_day(*x.end_day) : "";
    r.cost_sek = x.cost_sek;
    if (x.status != MeasureStatus::cancelled) {
      r.effect = effect_of(who, m, *ctx, x, as_of_day);
      v.total_cost_sek += x.cost_sek.value_or(0);
    } else {
      r.effect.note = "avbruten";
    }
    if (!r.effect.verdict.empty()) {
      ++v.evaluated;
      v.with_effect += r.effect.effect;
      v.too_few += r.effect.too_few;
    } else {
      ++v.not_evaluable;
    }
    count_into(v.by_status, r.status, x);
    count_into(v.by_kind, r.kind_label, x);
    count_into(v.by_level, r.level_label, x);
    count_into(v.by_type, r.type_label, x);
    count_into(v.by_organisation, r.organisation, x);
    for (const std::string& a : area_names(*ctx, x.area_ids)) count_into(v.by_area, a, x);
    v.measures.push_back(std::move(r));
  }
  for (auto* lines :
       {&v.by_status, &v.by_kind, &v.by_level, &v.by_type, &v.by_organisation, &v.by_area}) {
    largest_first(*lines);
  }
  store_.audit(audit_entry(who, m, "measures.annual_report", "annual-report/" + std::to_string(y)));
  return v;
}

MeasureDocument MeasureDocumentService::action_plan_document(const Principal& who,
                                                             const std::string& municipality,
                                                             std::optional<int> year,
                                                             std::string_view format) {
  check_format(format);
  const report::ActionPlanView v = action_plan(who, municipality, year);
  const std::string m = reports_.municipality_for(who, municipality);
  return render(format, "atgardsplan-" + m + "-" + std::to_string(v.year),
                format == "html" ? report::action_plan_html(v) : "",
                [&] { return report::action_plan_pdf(v); });
}

MeasureDocument MeasureDocumentService::annual_report_document(const Principal& who,
                                                               const std::string& municipality,
                                                               std::optional<int> year,
                                                               std::string_view format) {
  check_format(format);
  const report::AnnualReportView v = annual_report(who, municipality, year);
  const std::string m = reports_.municipality_for(who, municipality);
  return render(format, "atgardsuppfoljning-" + m + "-" + std::to_string(v.year),
                format == "html" ? report::annual_report_html(v) : "",
                [&] { return report::annual_report_pdf(v); });
}

}  // namespace lagesbild

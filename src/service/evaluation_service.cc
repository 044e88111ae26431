#include "service/evaluation_service.h"

#include <algorithm>

#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

const Area* area_of(const ingest::ReportContext& ctx, const std::string& text, const char* field,
                    bool required, Errors& errors) {
  if (text.empty()) {
    if (required) errors.push_back({field, 0, "is required"});
    return nullptr;
  }
  const Area* a = ctx.area(text);
  if (!a) errors.push_back({field, 0, "unknown area '" + text + "'"});
  return a;
}

Period period_of(const std::string& text, const char* field, Errors& errors) {
  if (text.empty()) {
    errors.push_back({field, 0, "is required (e.g. 2025 or 2024-09-02..2025-08-31)"});
    return {};
  }
  std::string why;
  const auto p = parse_period(text, &why);
  if (!p) errors.push_back({field, 0, why});
  return p.value_or(Period{});
}

}  // namespace

EvaluationRequest EvaluationService::with_measure(const EvaluationRequest& request,
                                                  const std::string& municipality,
                                                  const ingest::ReportContext& ctx) {
  if (!request.measure_id) return request;
  const auto measure = store_.measure(municipality, *request.measure_id);
  if (!measure) {
    throw ServiceError(Kind::not_found, "no measure " + std::to_string(*request.measure_id));
  }
  EvaluationRequest out = request;
  if (out.title.empty()) out.title = measure->title;
  if (out.target_area.empty() && !measure->area_ids.empty()) {
    out.target_area = "#" + std::to_string(measure->area_ids.front());
  }
  if (out.categories.empty()) {
    for (Id id : measure->category_ids) {
      if (const Category* c = ctx.category_by_id(id)) out.categories.push_back(c->code);
    }
  }
  const int today = period_containing(PeriodKind::range, now_utc()).first_day;
  if (out.after.empty()) {
    if (measure->start_day >= today) {
      throw ServiceError::invalid("after", "the measure starts on " +
                                               format_day(measure->start_day) +
                                               ": there is no after period yet");
    }
    out.after = format_day(measure->start_day) + ".." + format_day(today - 1);
  }
  if (out.before.empty()) {
    out.before = format_day(measure->start_day - 365) + ".." + format_day(measure->start_day - 1);
  }
  return out;
}

MeasureEvaluation EvaluationService::evaluate(const Principal& who,
                                              const EvaluationRequest& request) {
  const std::string m = reports_.municipality_for(who, request.municipality);
  if (!who.local_operator) {
    const auto ms = who.municipalities();
    if (std::find(ms.begin(), ms.end(), m) == ms.end()) {
      throw ServiceError(Kind::forbidden, "you hold no role in municipality " + m);
    }
  }
  const auto ctx = contexts_.get(m);
  const EvaluationRequest filled = with_measure(request, m, *ctx);
  Errors errors;
  const Area* target = area_of(*ctx, filled.target_area, "target_area", true, errors);
  const Area* comparison = area_of(*ctx, filled.comparison_area, "comparison_area", true, errors);
  const Area* displacement =
      area_of(*ctx, filled.displacement_area, "displacement_area", false, errors);
  const Area* displacement_comparison = area_of(*ctx, filled.displacement_comparison_area,
                                                "displacement_comparison_area", false, errors);
  if (displacement_comparison && !displacement) {
    errors.push_back({"displacement_comparison_area", 0, "needs a displacement_area"});
  }
  const std::vector<const Area*> chosen{target, comparison, displacement};
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    for (std::size_t j = i + 1; j < chosen.size(); ++j) {
      if (chosen[i] && chosen[i] == chosen[j]) {
        errors.push_back({j == 1 ? "comparison_area" : "displacement_area", 0,
                          "must differ from the other areas ('" + chosen[i]->name + "')"});
      }
    }
  }
  ReportFilter filter;
  filter.categories = filled.categories;
  std::vector<Id> category_ids;
  try {
    category_ids = query_for(filter, *ctx).category_ids;
  } catch (const ServiceError& e) {
    for (const auto& err : e.errors()) errors.push_back({"categories", 0, err.reason});
  }
  const Period before = period_of(filled.before, "before", errors);
  const Period after = period_of(filled.after, "after", errors);
  if (errors.empty() && after.first_day < before.end_day) {
    errors.push_back(
        {"after", 0,
         "must start when 'before' has ended (" + format_day(before.end_day) + " or later)"});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));

  MeasureEvaluation out;
  out.municipality = m;
  out.municipality_name = ctx->municipality().name;
  out.target = target->name;
  out.comparison = comparison->name;
  if (displacement) out.displacement = displacement->name;
  if (displacement_comparison) out.displacement_comparison = displacement_comparison->name;
  for (const auto& text : filled.categories) {
    std::string why;
    const auto id = ctx->category_id(text, &why);
    const Category* c = id ? ctx->category_by_id(*id) : nullptr;
    out.categories.push_back(c ? c->name : text);
  }
  out.title = filled.title.empty() ? "Utvärdering: " + out.target : filled.title;
  out.before = before;
  out.after = after;

  // One read over both periods for the chosen areas and categories; each report counts where
  // and when it started.
  const Interval b = before.utc(), a = after.utc();
  const int first_week = period_containing(PeriodKind::week, b.from).first_day;
  const std::size_t weeks = static_cast<std::size_t>((after.end_day - first_week + 6) / 7);
  out.target_weekly.assign(weeks, 0);
  out.comparison_weekly.assign(weeks, 0);
  for (std::size_t w = 0; w < weeks; ++w) {
    out.week_first_day.push_back(first_week + 7 * static_cast<int>(w));
  }
  analysis::BeforeAfter t, c, d, dc;
  ReportQuery q;
  q.municipality = m;
  q.from = b.from;
  q.to = a.to;
  q.category_ids = category_ids;
  for (const Area* area : {target, comparison, displacement, displacement_comparison}) {
    if (area) q.area_ids.push_back(area->id);
  }
  q.limit = 100'000;
  for (;;) {
    const auto chunk = store_.query_reports(q);
    for (const Report& r : chunk) {
      if (!r.area_id) continue;
      const bool in_before = r.occurred_from >= b.from && r.occurred_from < b.to;
      const bool in_after = r.occurred_from >= a.from && r.occurred_from < a.to;
      if (!in_before && !in_after) continue;
      const auto add = [&](analysis::BeforeAfter& into) {
        ++(in_before ? into.before : into.after);
      };
      const int day = period_containing(PeriodKind::range, r.occurred_from).first_day;
      const std::size_t week = static_cast<std::size_t>((day - first_week) / 7);
      if (*r.area_id == target->id) {
        add(t);
        if (week < weeks) ++out.target_weekly[week];
      }
      if (*r.area_id == comparison->id) {
        add(c);
        if (week < weeks) ++out.comparison_weekly[week];
      }
      if (displacement && *r.area_id == displacement->id) add(d);
      if (displacement_comparison && *r.area_id == displacement_comparison->id) add(dc);
    }
    if (static_cast<int>(chunk.size()) < q.limit) break;
    q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
  }

  out.input.target = t;
  out.input.comparison = c;
  if (displacement) out.input.displacement = d;
  if (displacement_comparison) out.input.displacement_comparison = dc;
  out.input.before_days = before.end_day - before.first_day;
  out.input.after_days = after.end_day - after.first_day;
  out.result = analysis::evaluate_measure(out.input);
  out.verdict =
      analysis::evaluation_verdict(out.result, out.target, out.comparison, out.displacement);

  AuditEntry e;
  e.at = now_utc();
  e.user_id = who.user_id;
  e.municipality = m;
  e.action = "measure.evaluate";
  e.object = "area/" + std::to_string(target->id) + " " + before.label() + " vs " + after.label();
  e.address = who.address;
  store_.audit(e);
  return out;
}

}  // namespace lagesbild

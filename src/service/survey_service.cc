#include "service/survey_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "domain/period.h"
#include "ingest/survey_csv.h"
#include "ingest/text.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

bool whole_municipality(const std::string& text, const ingest::ReportContext& ctx) {
  return text == "*" || ingest::equal_folded(text, "kommunen") ||
         ingest::equal_folded(text, "hela kommunen") ||
         ingest::equal_folded(text, ctx.municipality().name) || text == ctx.municipality().code;
}

}  // namespace

SurveyImportSummary SurveyService::import_csv(const Principal& who, const std::string& municipality,
                                              std::string_view content, bool dry_run) {
  const std::string m = reports_.municipality_for(who, municipality);
  if (!who.can(m, Capability::import_files)) {
    throw ServiceError(Kind::forbidden, "your role does not allow importing surveys in " + m);
  }
  const auto ctx = contexts_.get(m);
  ingest::SurveyCsv parsed = ingest::parse_survey_csv(content, *ctx);
  if (!parsed.errors.empty()) throw ServiceError::invalid(std::move(parsed.errors));
  SurveyImportSummary out;
  out.rows = parsed.values.size();
  out.dry_run = dry_run;
  if (dry_run) {
    store_.audit(audit_entry(who, m, "surveys.check", "surveys"));
    return out;
  }
  const UtcSeconds now = now_utc();
  for (SurveyValue& v : parsed.values) {
    v.imported_by = who.user_id.value_or(0);
    v.imported_at = now;
  }
  store_.transaction([&] {
    out.replaced = store_.put_survey_values(parsed.values);
    store_.audit(audit_entry(who, m, "surveys.import",
                             "surveys rows=" + std::to_string(parsed.values.size())));
  });
  out.inserted = out.rows - out.replaced;
  return out;
}

std::vector<SurveyValue> SurveyService::select(const std::string& m,
                                               const ingest::ReportContext& ctx,
                                               const SurveyFilter& filter) {
  std::optional<std::optional<Id>> area;  // unset: every area; set to nullopt: the whole
  if (!filter.area.empty()) {
    if (whole_municipality(filter.area, ctx)) {
      area = std::optional<Id>();
    } else if (const Area* a = ctx.area(filter.area)) {
      area = std::optional<Id>(a->id);
    } else {
      throw ServiceError::invalid("area", "unknown area '" + filter.area + "'");
    }
  }
  std::vector<SurveyValue> out;
  for (SurveyValue& v : store_.survey_values(m)) {
    if (area && v.area_id != *area) continue;
    if (!filter.indicator.empty() && !ingest::equal_folded(v.indicator, filter.indicator)) continue;
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<SurveyValue> SurveyService::list(const Principal& who, const SurveyFilter& filter) {
  const std::string m = reports_.readable_municipality(who, filter.municipality);
  const auto ctx = contexts_.get(m);
  auto out = select(m, *ctx, filter);
  store_.audit(audit_entry(who, m, "surveys.list", "surveys"));
  return out;
}

SurveyTrends SurveyService::trends(const Principal& who, const SurveyTrendRequest& request) {
  const std::string m = reports_.readable_municipality(who, request.filter.municipality);
  const auto ctx = contexts_.get(m);
  Errors errors;
  if (!(request.confidence > 0 && request.confidence < 1)) {
    errors.push_back({"confidence", 0, "must be between 0 and 1, e.g. 0.95"});
  }
  if (request.from_year.has_value() != request.to_year.has_value()) {
    errors.push_back({request.from_year ? "to" : "from", 0, "give both years of the comparison"});
  } else if (request.from_year && *request.from_year >= *request.to_year) {
    errors.push_back({"to", 0, "must be a later year than 'from'"});
  }
  ReportFilter categories;
  categories.categories = request.categories;
  std::vector<Id> category_ids;
  try {
    category_ids = query_for(categories, *ctx).category_ids;
  } catch (const ServiceError& e) {
    for (const auto& err : e.errors()) errors.push_back({"category", 0, err.reason});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  const std::vector<SurveyValue> values = select(m, *ctx, request.filter);

  SurveyTrends out;
  out.municipality = m;
  out.municipality_name = ctx->municipality().name;
  out.confidence = request.confidence;
  for (const std::string& c : request.categories) {
    std::string why;
    const auto id = ctx->category_id(c, &why);
    const Category* cat = id ? ctx->category_by_id(*id) : nullptr;
    out.categories.push_back(cat ? cat->name : c);
  }

  // Incidents per (area or 0 for the whole municipality, year) over the years the values span:
  // one read of the facts, each report counted in the year it started.
  std::map<std::pair<Id, int>, std::int64_t> incidents;
  if (!values.empty()) {
    const auto [lo, hi] = std::minmax_element(
        values.begin(), values.end(),
        [](const SurveyValue& a, const SurveyValue& b) { return a.year < b.year; });
    std::vector<std::pair<int, Interval>> years;
    for (int y = lo->year; y <= hi->year; ++y) {
      years.emplace_back(y, parse_period(std::to_string(y))->utc());
    }
    ReportQuery q;
    q.municipality = m;
    q.from = years.front().second.from;
    q.to = years.back().second.to;
    q.category_ids = category_ids;
    q.limit = 100'000;
    for (;;) {
      const auto chunk = store_.query_report_facts(q);
      for (const ReportFact& r : chunk) {
        for (const auto& [y, span] : years) {
          if (r.occurred_from < span.from || r.occurred_from >= span.to) continue;
          incidents[{0, y}] += r.count;
          if (r.area_id) incidents[{*r.area_id, y}] += r.count;
        }
      }
      if (static_cast<int>(chunk.size()) < q.limit) break;
      q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
    }
  }

  for (const SurveyValue& v : values) {
    if (out.series.empty() || out.series.back().indicator != v.indicator ||
        out.series.back().area_id != v.area_id) {
      SurveySeries s;
      s.area_id = v.area_id;
      const Area* a = v.area_id ? ctx->area_by_id(*v.area_id) : nullptr;
      s.area_name = a ? a->name : out.municipality_name;
      s.indicator = v.indicator;
      out.series.push_back(std::move(s));
    }
    SurveyPoint p;
    p.year = v.year;
    p.share = v.share;
    p.respondents = v.respondents;
    p.ci =
        analysis::wilson_interval(v.share, static_cast<double>(v.respondents), request.confidence);
    const auto it = incidents.find({v.area_id.value_or(0), v.year});
    p.incidents = it == incidents.end() ? 0 : it->second;
    out.series.back().points.push_back(p);
  }
  for (SurveySeries& s : out.series) {
    const SurveyPoint* a = nullptr;
    const SurveyPoint* b = nullptr;
    if (request.from_year) {
      for (const SurveyPoint& p : s.points) {
        if (p.year == *request.from_year) a = &p;
        if (p.year == *request.to_year) b = &p;
      }
    } else if (s.points.size() >= 2) {
      a = &s.points[s.points.size() - 2];
      b = &s.points.back();
    }
    if (!a || !b) continue;
    s.change = analysis::two_proportion_test(a->share, static_cast<double>(a->respondents),
                                             b->share, static_cast<double>(b->respondents));
    s.change_from = a->year;
    s.change_to = b->year;
    s.reading = analysis::change_reading(*s.change, s.indicator, a->year, b->year);
  }
  store_.audit(audit_entry(who, m, "surveys.trends", "surveys"));
  return out;
}

}  // namespace lagesbild

#include "server/survey_json.h"

namespace lagesbild::server {
namespace {

json area_ref(const std::optional<Id>& id, const ingest::ReportContext& ctx) {
  if (!id) return nullptr;
  const Area* a = ctx.area_by_id(*id);
  return {{"id", *id}, {"name", a ? a->name : "#" + std::to_string(*id)}};
}

}  // namespace

json survey_value_json(const SurveyValue& v, const ingest::ReportContext& ctx) {
  return {{"id", v.id},       {"area", area_ref(v.area_id, ctx)},
          {"year", v.year},   {"indicator", v.indicator},
          {"share", v.share}, {"respondents", v.respondents}};
}

json trends_json(const SurveyTrends& t) {
  json series = json::array();
  for (const SurveySeries& s : t.series) {
    json points = json::array();
    for (const SurveyPoint& p : s.points) {
      points.push_back({{"year", p.year},
                        {"share", p.share},
                        {"respondents", p.respondents},
                        {"ci_low", p.ci.low},
                        {"ci_high", p.ci.high},
                        {"incidents", p.incidents}});
    }
    json change = nullptr;
    if (s.change) {
      change = {{"from", s.change_from},
                {"to", s.change_to},
                {"difference", s.change->difference},
                {"z", s.change->z},
                {"p", s.change->p_two_sided},
                {"small_sample", s.change->small_sample},
                {"reading", s.reading}};
    }
    json area = nullptr;
    if (s.area_id) area = {{"id", *s.area_id}, {"name", s.area_name}};
    series.push_back({{"area", area},
                      {"area_name", s.area_name},
                      {"indicator", s.indicator},
                      {"points", points},
                      {"change", change}});
  }
  return {{"municipality", t.municipality},
          {"municipality_name", t.municipality_name},
          {"confidence", t.confidence},
          {"incident_categories", t.categories},
          {"series", series}};
}

}  // namespace lagesbild::server

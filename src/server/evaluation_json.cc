#include "server/evaluation_json.h"

#include <cmath>

#include "report/evaluation_report.h"
#include "service/service_error.h"

namespace lagesbild::server {
namespace {

using json = nlohmann::json;

json finite(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json counts(const analysis::BeforeAfter& c) { return {{"before", c.before}, {"after", c.after}}; }

json area(const std::string& name, const std::optional<analysis::BeforeAfter>& c) {
  if (!c) return nullptr;
  return {{"area", name}, {"before", c->before}, {"after", c->after}};
}

}  // namespace

json evaluation_to_json(const MeasureEvaluation& e) {
  const auto& r = e.result;
  json weekly = json::array();
  for (std::size_t i = 0; i < e.week_first_day.size(); ++i) {
    weekly.push_back({{"week_start", format_day(e.week_first_day[i])},
                      {"target", e.target_weekly[i]},
                      {"comparison", e.comparison_weekly[i]}});
  }
  json target = counts(e.input.target);
  target["area"] = e.target;
  json comparison = counts(e.input.comparison);
  comparison["area"] = e.comparison;
  return {
      {"municipality", e.municipality},
      {"title", e.title},
      {"categories", e.categories},
      {"before", {{"label", e.before.label()}, {"days", e.input.before_days}}},
      {"after", {{"label", e.after.label()}, {"days", e.input.after_days}}},
      {"target", target},
      {"comparison", comparison},
      {"displacement", area(e.displacement, e.input.displacement)},
      {"displacement_comparison", area(e.displacement_comparison, e.input.displacement_comparison)},
      {"wdd",
       {{"estimate", r.wdd.estimate},
        {"local", r.wdd.local},
        {"local_se", r.wdd.local_se},
        {"local_p", r.wdd.local_p},
        {"displaced", r.wdd.displaced},
        {"se", r.wdd.se},
        {"z", r.wdd.z},
        {"p", r.wdd.p_two_sided},
        {"ci", {r.wdd.ci_low, r.wdd.ci_high}}}},
      {"rate_ratio",
       {{"defined", r.rate_ratio.defined},
        {"ratio", r.rate_ratio.ratio},
        {"ci", {r.rate_ratio.ci_low, finite(r.rate_ratio.ci_high)}},
        {"p", r.rate_ratio.p_two_sided},
        {"target_ratio", r.rate_ratio.target_ratio},
        {"target_p", r.rate_ratio.target_p}}},
      {"wdq", r.wdq ? json(*r.wdq) : json(nullptr)},
      {"relative_change", r.relative_change},
      {"too_few", r.too_few},
      {"verdict", e.verdict},
      {"weekly", weekly}};
}

bool is_evaluation_format(std::string_view format) {
  return format == "json" || format == "html" || format == "pdf";
}

SituationDocument render_evaluation(const MeasureEvaluation& e, std::string_view format,
                                    const std::string& field) {
  const std::string base = "utvardering-" + e.municipality + "-" + e.after.label();
  if (format == "json") {
    return {evaluation_to_json(e).dump(2, ' ', false, json::error_handler_t::replace) + "\n",
            "application/json", base + ".json"};
  }
  if (format == "html") {
    return {report::evaluation_html(e), "text/html; charset=utf-8", base + ".html"};
  }
  if (format == "pdf") return {report::evaluation_pdf(e), "application/pdf", base + ".pdf"};
  throw ServiceError::invalid(field, "must be json, html or pdf");
}

}  // namespace lagesbild::server

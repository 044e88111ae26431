#include "server/situation_json.h"

#include <cmath>

#include "server/json_mapping.h"

namespace lagesbild::server {
namespace {

using json = nlohmann::json;

json period_json(const Period& p) {
  static constexpr const char* kKinds[] = {"week", "month", "quarter", "year", "range"};
  const Interval i = p.utc();
  return {{"label", p.label()},
          {"kind", kKinds[static_cast<int>(p.kind)]},
          {"from", format_local(i.from)},
          {"to", format_local(i.to)}};
}

// JSON has no infinity: a rise from nothing has no ratio.
json finite(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

}  // namespace

json situation_to_json(const SituationPicture& pic) {
  const analysis::Situation& s = pic.situation;
  const auto area = [&](int i) {
    return i < 0 ? json(nullptr) : json(pic.areas[static_cast<std::size_t>(i)]->name);
  };
  const auto area_id = [&](int i) {
    return i < 0 ? json(nullptr) : json(pic.areas[static_cast<std::size_t>(i)]->id);
  };
  const auto category = [&](int i) { return pic.categories[static_cast<std::size_t>(i)]; };
  const auto organisation = [&](int i) { return pic.organisations[static_cast<std::size_t>(i)]; };

  json baseline = json::array();
  for (const Period& p : pic.baseline) baseline.push_back(p.label());
  json cells = json::array(), flags = json::array();
  for (const analysis::Cell& c : s.cells) {
    json j = {{"area", area(c.area)},
              {"area_id", area_id(c.area)},
              {"category", category(c.category)->code},
              {"category_name", category(c.category)->name},
              {"current", c.current},
              {"events", c.events},
              {"previous", c.previous},
              {"last_year", c.last_year},
              {"baseline_mean", c.baseline_mean},
              {"baseline_sd", c.baseline_sd},
              {"expected", c.test.expected},
              {"ratio", finite(c.test.ratio)},
              {"p", c.test.p_two_sided},
              {"p_rise", c.test.p_upper},
              {"p_fall", c.test.p_lower},
              {"q", c.q},
              {"flagged", c.flagged},
              {"direction", c.flagged ? json(c.rise ? "rise" : "fall") : json(nullptr)},
              {"ewma", c.ewma.value},
              {"ewma_limit", c.ewma.upper_limit},
              {"early_warning", c.ewma.alarm}};
    if (c.flagged || c.ewma.alarm) flags.push_back(j);
    cells.push_back(std::move(j));
  }
  json counts = json::array();
  for (const auto& c : s.counts) {
    counts.push_back({{"area", area(c.area)},
                      {"category", category(c.category)->code},
                      {"organisation", organisation(c.organisation)->name},
                      {"reports", c.reports},
                      {"events", c.events}});
  }
  json time_of_week = json::array();
  for (const auto& day : s.time_of_week) time_of_week.push_back(day);
  json top_places = json::array();
  for (const auto& [place, n] : s.top_places) {
    top_places.push_back(
        {{"place", pic.places[static_cast<std::size_t>(place)]->name}, {"reports", n}});
  }
  json coverage = json::array();
  for (const auto& c : s.coverage) {
    coverage.push_back({{"organisation", organisation(c.organisation)->name},
                        {"organisation_id", organisation(c.organisation)->id},
                        {"reports", c.reports},
                        {"reported", c.reports > 0}});
  }
  json serious = json::array();
  for (const Report& r : pic.serious) serious.push_back(to_json(r, *pic.context));

  return {{"municipality", pic.municipality},
          {"municipality_name", pic.context->municipality().name},
          {"period", period_json(pic.period)},
          {"previous", pic.previous.label()},
          {"last_year", pic.last_year.label()},
          {"baseline", baseline},
          {"filtered", pic.filtered},
          {"totals",
           {{"current", s.total_current},
            {"previous", s.total_previous},
            {"last_year", s.total_last_year},
            {"baseline_mean", s.total_baseline_mean}}},
          {"no_reports", s.total_current == 0},
          {"flags", flags},
          {"cells", cells},
          {"counts", counts},
          {"time_of_week", time_of_week},
          {"top_places", top_places},
          {"coverage", coverage},
          {"serious", serious}};
}

}  // namespace lagesbild::server

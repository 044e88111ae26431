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

json assessment_to_json(const Assessment& a) {
  return {{"id", a.id},
          {"period", a.period},
          {"version", a.version},
          {"text", a.text},
          {"proposed_actions", a.proposed_actions},
          {"author_id", a.author_id ? json(a.author_id) : json(nullptr)},
          {"author", a.author_name},
          {"created_at", format_local(a.created_at)}};
}

json area_status_to_json(const AreaStatusChange& c) {
  return {{"id", c.id},
          {"area_id", c.area_id},
          {"status", to_string(c.status)},
          {"since", format_day(c.from_day)},
          {"note", c.note},
          {"set_by", c.set_by ? json(c.set_by) : json(nullptr)},
          {"set_at", format_local(c.set_at)}};
}

json nothing_to_report_to_json(const NothingToReport& n) {
  return {{"id", n.id},
          {"organisation_id", n.organisation_id},
          {"area_id", n.area_id ? json(*n.area_id) : json(nullptr)},
          {"from", format_day(n.first_day)},
          {"to", format_day(n.end_day - 1)},
          {"declared_at", format_local(n.declared_at)}};
}

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
              {"early_warning", c.ewma.alarm},
              {"series", c.series}};
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
  for (const OrganisationCoverage& c : pic.coverage) {
    json quiet = json::array();
    for (const Area* a : c.quiet_areas) quiet.push_back(a->name);
    coverage.push_back({{"organisation", c.organisation->name},
                        {"organisation_id", c.organisation->id},
                        {"reports", c.reports},
                        {"state", to_string(c.state)},
                        {"reported", c.state != CoverageState::not_reported},
                        {"nothing_to_report_everywhere", c.everywhere_quiet},
                        {"nothing_to_report_areas", quiet}});
  }
  json assessments = json::array();
  for (const Assessment& a : pic.assessments) assessments.push_back(assessment_to_json(a));
  json area_status = json::array();
  for (std::size_t i = 0; i < pic.areas.size(); ++i) {
    const auto& st = pic.area_status[i];
    area_status.push_back({{"area", pic.areas[i]->name},
                           {"area_id", pic.areas[i]->id},
                           {"status", st ? json(to_string(st->status)) : json(nullptr)},
                           {"since", st ? json(format_day(st->from_day)) : json(nullptr)},
                           {"note", st ? json(st->note) : json(nullptr)}});
  }
  json serious = json::array();
  for (const Report& r : pic.serious) serious.push_back(to_json(r, *pic.context));

  json by_source = json::object();
  for (const Source src : {Source::form, Source::csv, Source::api, Source::polisen}) {
    by_source[std::string(to_string(src))] = pic.reports_by_source[static_cast<std::size_t>(src)];
  }
  json year_flags = json::array();
  for (const auto& f : pic.year_flags) {
    year_flags.push_back({{"week", f.week.label()},
                          {"area", area(f.area)},
                          {"category", category(f.category)->code},
                          {"category_name", category(f.category)->name},
                          {"current", f.current},
                          {"expected", f.expected},
                          {"q", f.q}});
  }

  json year_hotspots = json::array();
  for (const auto& h : pic.year_hotspots) {
    year_hotspots.push_back(
        {{"area", area(h.area)}, {"hot_cells", h.cells}, {"reports", h.reports}});
  }

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
          {"reports_by_source", by_source},
          {"year_flags", year_flags},
          {"year_hotspots", year_hotspots},
          {"reporting_cadence_days", pic.context->municipality().reporting_cadence_days},
          {"assessment", assessments.empty() ? json(nullptr) : assessments.front()},
          {"assessment_versions", assessments.size()},
          {"area_status", area_status},
          {"serious", serious}};
}

}  // namespace lagesbild::server

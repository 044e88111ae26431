#include "analysis/situation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>

namespace lagesbild::analysis {
namespace {

constexpr double kEwmaMinimumMean = 1.0;

[[noreturn]] void bad(const std::string& field, const std::string& why) {
  throw std::invalid_argument(field + ": " + why);
}

void validate(const SituationInput& in) {
  const auto& o = in.options;
  if (in.areas < 0 || in.organisations < 0 || in.places < 0) bad("sizes", "must not be negative");
  if (o.baseline_periods < 1) bad("baseline_periods", "must be at least 1");
  if (!(o.false_discovery_rate > 0 && o.false_discovery_rate < 1)) {
    bad("false_discovery_rate", "must be between 0 and 1");
  }
  if (!(o.ewma_lambda > 0 && o.ewma_lambda <= 1)) bad("ewma_lambda", "must be in (0, 1]");
  const int n = static_cast<int>(in.category_parent.size());
  for (int c = 0; c < n; ++c) {
    int node = c;
    for (int steps = 0; node != -1; ++steps) {
      if (node < -1 || node >= n)
        bad("category_parent", "index out of range at " + std::to_string(c));
      if (steps > n) bad("category_parent", "a cycle through category " + std::to_string(c));
      node = in.category_parent[static_cast<std::size_t>(node)];
    }
  }
  for (std::size_t i = 0; i < in.events.size(); ++i) {
    const SituationEvent& e = in.events[i];
    const std::string at = "events[" + std::to_string(i) + "].";
    if (e.area < -1 || e.area >= in.areas) bad(at + "area", "out of range");
    if (e.category < 0 || e.category >= n) bad(at + "category", "out of range");
    if (e.organisation < 0 || e.organisation >= in.organisations)
      bad(at + "organisation", "out of range");
    if (e.place < -1 || e.place >= in.places) bad(at + "place", "out of range");
    if (e.week_minute < 0 || e.week_minute >= 7 * 24 * 60) bad(at + "week_minute", "out of range");
    if (e.duration_minutes < 0) bad(at + "duration_minutes", "must not be negative");
  }
}

}  // namespace

Situation compile_situation(const SituationInput& in) {
  validate(in);
  const int periods = in.options.baseline_periods + 2;  // the period, the baseline, last year
  const int last_year = in.options.baseline_periods + 1;
  const int categories = static_cast<int>(in.category_parent.size());
  Situation out;

  // Reports per (area or whole municipality, category node) and period.
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> series;
  std::unordered_map<std::int64_t, std::int64_t> events_now;
  const auto key = [&](int area, int category) {
    return static_cast<std::int64_t>(area + 1) * categories + category;
  };
  std::unordered_map<std::int64_t, Situation::Count> counts;
  std::vector<std::int64_t> by_place(static_cast<std::size_t>(in.places));
  std::vector<std::int64_t> by_organisation(static_cast<std::size_t>(in.organisations));
  std::vector<std::int64_t> totals(static_cast<std::size_t>(periods));

  for (const SituationEvent& e : in.events) {
    if (e.period < 0 || e.period >= periods) continue;
    ++totals[static_cast<std::size_t>(e.period)];
    for (int node = e.category; node != -1;
         node = in.category_parent[static_cast<std::size_t>(node)]) {
      for (const int area : {e.area, -1}) {
        auto& s = series[key(area, node)];
        if (s.empty()) s.assign(static_cast<std::size_t>(periods), 0);
        ++s[static_cast<std::size_t>(e.period)];
        if (e.period == 0) events_now[key(area, node)] += e.count;
        if (e.area == -1) break;  // no area: counted once, in the municipality's total
      }
    }
    if (e.period != 0) continue;
    const std::int64_t k = (static_cast<std::int64_t>(e.area + 1) * categories + e.category) *
                               std::max(in.organisations, 1) +
                           e.organisation;
    auto [it, fresh] =
        counts.try_emplace(k, Situation::Count{e.area, e.category, e.organisation, 0, 0});
    ++it->second.reports;
    it->second.events += e.count;
    if (e.place >= 0) ++by_place[static_cast<std::size_t>(e.place)];
    ++by_organisation[static_cast<std::size_t>(e.organisation)];
    // Time of week: spread over the hours the interval touches, wrapping past Sunday.
    const int first_hour = e.week_minute / 60;
    const int last_hour =
        e.duration_minutes > 0 ? (e.week_minute + e.duration_minutes - 1) / 60 : first_hour;
    const int hours = std::min(last_hour - first_hour + 1, 7 * 24);
    for (int h = 0; h < hours; ++h) {
      const int at = (first_hour + h) % (7 * 24);
      out.time_of_week[static_cast<std::size_t>(at / 24)][static_cast<std::size_t>(at % 24)] +=
          1.0 / hours;
    }
  }

  for (auto& [k, c] : counts) out.counts.push_back(c);
  std::sort(out.counts.begin(), out.counts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.area, a.category, a.organisation) <
           std::tie(b.area, b.category, b.organisation);
  });

  const int b = in.options.baseline_periods;
  std::vector<double> p;
  for (auto& [k, s] : series) {
    Cell c;
    c.area = static_cast<int>(k / categories) - 1;
    c.category = static_cast<int>(k % categories);
    c.current = s[0];
    c.previous = s[1];
    c.last_year = s[static_cast<std::size_t>(last_year)];
    c.events = events_now[k];
    std::int64_t baseline = 0;
    for (int t = 1; t <= b; ++t) baseline += s[static_cast<std::size_t>(t)];
    c.baseline_mean = static_cast<double>(baseline) / b;
    if (b > 1) {
      double ss = 0;
      for (int t = 1; t <= b; ++t)
        ss += std::pow(static_cast<double>(s[static_cast<std::size_t>(t)]) - c.baseline_mean, 2);
      c.baseline_sd = std::sqrt(ss / (b - 1));
    }
    c.test = rate_test(c.current, baseline, b);
    std::vector<double> history;  // oldest first: period b, ..., 1, then the period itself
    for (int t = b; t >= 0; --t) {
      history.push_back(static_cast<double>(s[static_cast<std::size_t>(t)]));
      c.series.push_back(s[static_cast<std::size_t>(t)]);
    }
    c.ewma = ewma(history, c.baseline_mean, in.options.ewma_lambda, in.options.ewma_limit_sigmas);
    if (c.current + baseline == 0) continue;  // only last year: nothing to compare
    out.cells.push_back(c);
    p.push_back(c.test.p_upper);
  }
  // Rises and falls are two families, each under Benjamini–Hochberg at the chosen rate: a rise is
  // what the weekly meeting must act on, and a one-sided test is the honest test of "more than
  // usual"; falls are reported the same way for the follow-up of measures.
  std::vector<double> p_fall;
  for (const Cell& c : out.cells) p_fall.push_back(c.test.p_lower);
  const auto q_rise = benjamini_hochberg(p);
  const auto q_fall = benjamini_hochberg(p_fall);
  for (std::size_t i = 0; i < out.cells.size(); ++i) {
    Cell& c = out.cells[i];
    c.rise = static_cast<double>(c.current) > c.test.expected;
    c.q = c.rise ? q_rise[i] : q_fall[i];
    c.flagged = c.q <= in.options.false_discovery_rate;
    // A control chart on a cell that sees less than one report per period alarms on any single
    // report; such cells are judged by the exact test alone.
    if (c.baseline_mean < kEwmaMinimumMean) c.ewma.alarm = false;
  }
  std::sort(out.cells.begin(), out.cells.end(), [](const Cell& a, const Cell& b) {
    return std::tie(b.flagged, a.q, a.area, a.category) <
           std::tie(a.flagged, b.q, b.area, b.category);
  });

  out.total_current = totals[0];
  out.total_previous = totals[1];
  out.total_last_year = totals[static_cast<std::size_t>(last_year)];
  std::int64_t baseline_total = 0;
  for (int t = 1; t <= b; ++t) baseline_total += totals[static_cast<std::size_t>(t)];
  out.total_baseline_mean = static_cast<double>(baseline_total) / b;

  for (int place = 0; place < in.places; ++place) {
    if (by_place[static_cast<std::size_t>(place)] > 0)
      out.top_places.emplace_back(place, by_place[static_cast<std::size_t>(place)]);
  }
  std::sort(out.top_places.begin(), out.top_places.end(), [](const auto& a, const auto& b) {
    return std::tie(b.second, a.first) < std::tie(a.second, b.first);
  });
  if (out.top_places.size() > 10) out.top_places.resize(10);
  for (int o = 0; o < in.organisations; ++o)
    out.coverage.push_back({o, by_organisation[static_cast<std::size_t>(o)]});
  return out;
}

}  // namespace lagesbild::analysis

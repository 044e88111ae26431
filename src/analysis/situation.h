// The joint picture (lägesbild) of one period: counts by area × category × organisation with
// category roll-ups, the comparison with the previous period, a baseline and the same period
// last year, the flags of what is unusual, the time-of-week pattern and who reported.
//
// Owns: the arithmetic of the picture. May use: analysis/stats.h. Pure computation over arrays
// of small integers (no store, no time zones, no names): the service reduces reports to
// SituationEvent and puts names back on the result. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "analysis/stats.h"

namespace lagesbild::analysis {

// One report, reduced to what the picture counts. Indexes are into the caller's lists.
struct SituationEvent {
  int period = -1;   // 0: the period; 1..baseline_periods: that many periods before;
                     // baseline_periods + 1: the same period last year; anything else: ignored
  int area = -1;     // -1: no area
  int category = 0;  // a node of the category tree (usually a leaf)
  int organisation = 0;
  int place = -1;    // -1: no place
  int count = 1;     // the report's own count (events it describes), >= 1
  int severity = 1;  // 1..3
  // When, as local minutes since Monday 00:00 of the report's week (0..10079), and how long
  // (minutes, 0 for a point in time). Only read for period 0.
  int week_minute = 0;
  int duration_minutes = 0;
};

struct SituationOptions {
  int baseline_periods = 8;
  double false_discovery_rate = 0.05;
  double ewma_lambda = 0.3;
  double ewma_limit_sigmas = 2.7;
};

struct SituationInput {
  int areas = 0, organisations = 0, places = 0;
  std::vector<int> category_parent;  // by category index; -1 for a root
  std::span<const SituationEvent> events;
  SituationOptions options;
};

// One area × category node (a category counts its sub-categories), area -1 = the whole
// municipality. Counts are reports.
struct Cell {
  int area = -1, category = 0;
  std::int64_t current = 0, previous = 0, last_year = 0;
  std::int64_t events = 0;                    // sum of the reports' counts in the period
  double baseline_mean = 0, baseline_sd = 0;  // over the baseline periods (sd: sample, n − 1)
  RateTest test;
  double q = 1;          // Benjamini–Hochberg over every tested cell
  bool flagged = false;  // q <= false_discovery_rate
  bool rise = false;     // the flag is a rise (else a fall)
  Ewma ewma;             // over the baseline periods and the period, oldest first
  // Reports per period, oldest first: the baseline periods, then the period itself (the trend
  // chart's line); baseline_periods + 1 values.
  std::vector<std::int64_t> series;
};

struct OrganisationCoverage {
  int organisation = 0;
  std::int64_t reports = 0;  // in the period; 0 means "has not reported"
};

struct Situation {
  struct Count {
    int area, category, organisation;
    std::int64_t reports, events;
  };
  std::vector<Count> counts;  // the period, by (area, leaf category as given, organisation)
  std::vector<Cell> cells;    // every area × category node with a report in the window, and
                              // the municipality's total (area -1) per node; flagged
                              // first, then by q
  std::int64_t total_current = 0, total_previous = 0, total_last_year = 0;
  double total_baseline_mean = 0;
  // Weekday (0 = Monday) × hour: each report of the period adds 1, spread evenly over the hours
  // its interval touches (a report "Friday 22:00–02:00" adds 1/4 to four hours).
  std::array<std::array<double, 24>, 7> time_of_week{};
  std::vector<std::pair<int, std::int64_t>> top_places;  // (place, reports), most first, top 10
  std::vector<OrganisationCoverage> coverage;            // every organisation
};

// Throws std::invalid_argument (naming the field) for negative sizes, an index out of range, a
// category parent cycle, or options out of range (baseline_periods < 1, rates outside (0, 1)).
Situation compile_situation(const SituationInput& in);

}  // namespace lagesbild::analysis

// The evaluation of a measure on the simulated municipality, whose measure has a known effect
// (−30 % of its categories in its area from its start week, +10 % next door): over many seeds
// the effect must be found (p < 0.05) and a placebo measure in an untouched area must not be.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "analysis/evaluation.h"
#include "demo/demo.h"
#include "domain/period.h"

namespace lagesbild {
namespace {

struct Counts {
  analysis::BeforeAfter target, comparison, displacement;
  double before_days = 0, after_days = 0;
};

// Counts the measure's categories per area before (the 52 weeks before the start) and after
// (from the start week to the last simulated week), straight from the simulated reports.
Counts count(const demo::DemoWorld& w, const std::string& target, const std::string& comparison,
             const std::string& displacement) {
  const demo::TruthMeasure& m = w.truth.measure;
  const Interval start = parse_period(m.start_week)->utc();
  const Interval last = parse_period(w.last_week)->utc();
  const UtcSeconds before_from = start.from - std::chrono::days{364};
  Counts c;
  c.before_days = 364;
  c.after_days = static_cast<double>((last.to - start.from).count()) / 86400.0;
  for (const demo::DemoReport& r : w.reports) {
    if (!r.area ||
        std::find(m.categories.begin(), m.categories.end(), r.category) == m.categories.end()) {
      continue;
    }
    analysis::BeforeAfter* into = *r.area == target         ? &c.target
                                  : *r.area == comparison   ? &c.comparison
                                  : *r.area == displacement ? &c.displacement
                                                            : nullptr;
    if (into == nullptr || r.occurred_from < before_from || r.occurred_from >= last.to) continue;
    ++(r.occurred_from < start.from ? into->before : into->after);
  }
  return c;
}

analysis::EvaluationResult evaluate(const Counts& c) {
  analysis::EvaluationInput in;
  in.target = c.target;
  in.comparison = c.comparison;
  in.displacement = c.displacement;
  in.before_days = c.before_days;
  in.after_days = c.after_days;
  return analysis::evaluate_measure(in);
}

TEST(MeasureEvaluation, TheSimulatedEffectIsFoundAndAPlaceboIsNot) {
  constexpr int kSeeds = 20;
  int found = 0, net_found = 0, placebo_found = 0;
  double mean_change = 0;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    demo::DemoOptions options;
    options.seed = static_cast<std::uint64_t>(seed);
    const demo::DemoWorld w = demo::generate_demo(options);
    const demo::TruthMeasure& m = w.truth.measure;
    const auto real = evaluate(count(w, m.area, m.comparison_area, m.displacement_area));
    found += real.wdd.local_p < 0.05 && real.wdd.local < 0;
    net_found += real.wdd.p_two_sided < 0.05 && real.wdd.estimate < 0;
    mean_change += real.relative_change / kSeeds;
    // The placebo: the same categories and dates in an area the simulator left alone.
    const auto placebo = evaluate(count(w, "Hushagen", m.comparison_area, "Romme"));
    placebo_found += placebo.wdd.local_p < 0.05;
    EXPECT_FALSE(real.too_few) << "seed " << seed;
  }
  std::printf(
      "measure evaluation on the demo (%d seeds): the effect in the target found (p < 0.05) in "
      "%d, the net effect with Hagalund's displacement (WDD) in %d; placebo flagged in %d; mean "
      "relative change %.3f (simulated −0.30)\n",
      kSeeds, found, net_found, placebo_found, mean_change);
  EXPECT_GE(found, kSeeds * 9 / 10);
  EXPECT_LE(placebo_found, 3);  // 5 % of 20 is 1; allow sampling noise
  EXPECT_NEAR(mean_change, -0.3, 0.1);
}

}  // namespace
}  // namespace lagesbild

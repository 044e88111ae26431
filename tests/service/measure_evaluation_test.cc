// The evaluation of a measure on the simulated municipality, whose measure has a known effect
// (−30 % of its categories in its area from its start week, +10 % next door): over many seeds
// the effect must be found (p < 0.05) and a placebo measure in an untouched area must not be.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "analysis/evaluation.h"
#include "demo/demo.h"
#include "demo_store.h"
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

// The same through the store and the service, as `lagesbild evaluate` and the API run it.
TEST(MeasureEvaluation, TheServiceCountsStoredReportsAndNamesEveryBadField) {
  test_support::DemoStore demo(1);
  const demo::TruthMeasure& m = demo.world.truth.measure;
  const Period start = *parse_period(m.start_week);
  EvaluationRequest r;
  r.target_area = m.area;
  r.comparison_area = m.comparison_area;
  r.displacement_area = m.displacement_area;
  r.categories = m.categories;
  r.before = Period{PeriodKind::range, start.first_day - 364, start.first_day}.label();
  r.after = Period{PeriodKind::range, start.first_day, parse_period(demo.world.last_week)->end_day}
                .label();
  // A viewer (the steering group) may evaluate: the result is counts.
  const auto viewer = test_support::with_role(*demo.store, Role::viewer, "Borlänge kommun");
  const MeasureEvaluation e = demo.services->evaluation.evaluate(viewer, r);
  const Counts direct = count(demo.world, m.area, m.comparison_area, m.displacement_area);
  EXPECT_EQ(e.input.target.before, direct.target.before);
  EXPECT_EQ(e.input.target.after, direct.target.after);
  EXPECT_EQ(e.input.comparison.after, direct.comparison.after);
  ASSERT_TRUE(e.input.displacement.has_value());
  EXPECT_EQ(e.input.displacement->before, direct.displacement.before);
  EXPECT_LT(e.result.wdd.local_p, 0.05);
  EXPECT_NE(e.verdict.find("Minskningen är statistiskt säkerställd"), std::string::npos)
      << e.verdict;
  std::int64_t weekly = 0;
  for (auto n : e.target_weekly) weekly += n;
  EXPECT_EQ(weekly, e.input.target.before + e.input.target.after);

  const auto fields = [&](const EvaluationRequest& bad) {
    std::vector<std::string> out;
    try {
      demo.services->evaluation.evaluate(viewer, bad);
    } catch (const ServiceError& err) {
      for (const auto& f : err.errors()) out.push_back(f.field);
    }
    return out;
  };
  EvaluationRequest bad = r;
  bad.target_area = "Atlantis";
  bad.displacement_area = r.comparison_area;
  bad.categories = {"nope"};
  bad.before = "2025-W54";
  EXPECT_EQ(fields(bad),
            (std::vector<std::string>{"target_area", "displacement_area", "categories", "before"}));
  bad = r;
  bad.after = "2025-W30";  // starts before `before` ends
  EXPECT_EQ(fields(bad), std::vector<std::string>{"after"});
  Principal stranger;
  stranger.grants = {{"0490", Role::analyst, 1}};
  r.municipality = std::string(demo::kDemoMunicipalityCode);
  EXPECT_EQ(test_support::kind_of([&] { demo.services->evaluation.evaluate(stranger, r); }),
            ServiceError::Kind::forbidden);
}

}  // namespace
}  // namespace lagesbild

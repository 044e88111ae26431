// Did a measure work? Before/after counts in the measure's target area against a comparison
// area, with a displacement area (a buffer or the neighbours) to see whether the problem moved.
//
// Owns: the evaluation statistics. May use: analysis/stats.h, Boost.Math. Pure; thread-safe.
//
// Periods may differ in length: counts are compared as rates per `before_days`, i.e. each
// "after" count is weighted by w = before_days / after_days. A weighted Poisson count w·N has
// variance w²·N, which is how the weights enter the standard errors (Wheeler & Ratcliffe 2018,
// the time-weighted WDD).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lagesbild::analysis {

struct BeforeAfter {
  std::int64_t before = 0, after = 0;
};

struct EvaluationInput {
  BeforeAfter target;                       // the measure's area (and categories)
  BeforeAfter comparison;                   // an untouched, similar area
  std::optional<BeforeAfter> displacement;  // where the problem could move (buffer, neighbours)
  // The comparison for the displacement area; the comparison area when empty.
  std::optional<BeforeAfter> displacement_comparison;
  double before_days = 0, after_days = 0;  // > 0
  double confidence = 0.95;                // of the intervals, in (0, 1)
};

// The weighted displacement difference test (Wheeler & Ratcliffe 2018, Crime Science 7:11):
// WDD = (T_a − T_b) − (C_a − C_b) + (D_a − D_b) − (CD_a − CD_b) with "after" counts weighted;
// negative means fewer crimes than the comparison predicts, displacement included. Under
// Poisson counts its variance is the weighted sum of all the counts; z = WDD / se.
struct WddResult {
  double estimate = 0;               // WDD, in events per `before_days`
  double local = 0;                  // the target's part: (T_a − T_b) − (C_a − C_b)
  double local_se = 0, local_p = 1;  // the target's part alone: the measure's own effect
  double displaced = 0;              // the displacement area's part (0 without one)
  double se = 0, z = 0;
  double p_two_sided = 1;  // normal approximation
  double ci_low = 0, ci_high = 0;
};

// The rate-ratio comparison: the target's after/before rate ratio relative to the comparison's
// (the "odds ratio" of Wilson's reviews), with a log-normal interval; and an exact conditional
// test of the target's own rates (R's poisson.test(c(T_a, T_b), c(after_days, before_days))).
struct RateRatioResult {
  double ratio = 1;                // (T_a/T_b) / (C_a/C_b); 1 when undefined
  double ci_low = 0, ci_high = 0;  // 0 and +inf when a count is 0
  double p_two_sided = 1;          // of log(ratio) = 0, normal on the log scale
  double target_ratio = 1;         // (T_a/after_days) / (T_b/before_days)
  double target_p = 1;             // exact conditional test of equal target rates
  bool defined = false;            // every count > 0
};

struct EvaluationResult {
  WddResult wdd;
  RateRatioResult rate_ratio;
  // The weighted displacement quotient (Bowers & Johnson 2003):
  // (D_a/C_a − D_b/C_b) / (T_a/C_a − T_b/C_b). > 0 diffusion of benefits, < 0 displacement;
  // empty without a displacement area or when the target did not change relative to the
  // comparison (the quotient is then undefined).
  std::optional<double> wdq;
  // Change of the target relative to the comparison, as a share: ratio − 1 (−0.3 = 30 % fewer).
  double relative_change = 0;
  // Too few events to judge: fewer than 20 in the target before and after together, or fewer
  // than 5 in any area's period (the normal approximations are then unreliable).
  bool too_few = false;
};

// Throws std::invalid_argument naming the field for negative counts, non-positive or non-finite
// period lengths, or a confidence outside (0, 1).
EvaluationResult evaluate_measure(const EvaluationInput& in);

// A plain-language verdict in Swedish: what changed, how certain it is (p and the interval),
// whether the problem moved, and a warning when there are too few events to judge. `target`,
// `comparison` and `displacement` are the areas' names.
std::string evaluation_verdict(const EvaluationResult& r, const std::string& target,
                               const std::string& comparison, const std::string& displacement);

}  // namespace lagesbild::analysis

// Shares from surveys (trygghetsmätningar): how certain a share is given its respondents, and
// whether a share changed between two years.
//
// Owns: the Wilson score interval, the two-proportion z-test and their Swedish reading. Pure
// computation over numbers: no I/O. Thread-safe.
//
// Why Wilson and not the textbook p ± z·sqrt(p(1−p)/n): the survey areas are small (a housing
// area may have 40 respondents) and shares near 0 or 1 are common ("utsatt för rån"); the Wald
// interval then leaves [0, 1] or collapses to a point, the Wilson interval does neither and keeps
// close to its nominal coverage (Brown, Cai & DasGupta 2001, Statistical Science 16).
#pragma once

#include <string>

namespace lagesbild::analysis {

struct ProportionInterval {
  double low = 0, high = 0;
};

// The Wilson score interval for a share `share` (0..1) of `n` (> 0) respondents at the two-sided
// `confidence` (0..1, default 95 %). Always inside [0, 1] and containing `share`.
ProportionInterval wilson_interval(double share, double n, double confidence = 0.95);

// The two-proportion z-test of "the share is the same in both years", with the pooled share
// for the standard error. `difference` is share2 − share1 (positive: the share rose).
struct ProportionChange {
  double share1 = 0, n1 = 0, share2 = 0, n2 = 0;
  double difference = 0;
  double pooled = 0;  // (share1·n1 + share2·n2) / (n1 + n2)
  double se = 0;      // sqrt(pooled·(1−pooled)·(1/n1 + 1/n2))
  double z = 0;       // difference / se; 0 when se is 0 (both shares 0 or both 1)
  double p_two_sided = 1;
  // The normal approximation is unreliable: fewer than 30 respondents in a year, or fewer than
  // 5 expected answers either way (n·pooled or n·(1−pooled) below 5) in a year.
  bool small_sample = false;
};

// Shares in 0..1, n > 0.
ProportionChange two_proportion_test(double share1, double n1, double share2, double n2);

// A plain Swedish reading of the change of `indicator` from year1 to year2, e.g. "Andelen som
// känner sig otrygg ute sent på kvällen minskade från 30 % (2023) till 22 % (2025); skillnaden
// är statistiskt säkerställd (p = 0,05)." It says how certain it is, and warns when the
// respondents are too few to judge.
std::string change_reading(const ProportionChange& c, const std::string& indicator, int year1,
                           int year2);

}  // namespace lagesbild::analysis

#include "analysis/evaluation.h"

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "analysis/stats.h"

namespace lagesbild::analysis {
namespace {

void check(const BeforeAfter& c, const char* field) {
  if (c.before < 0 || c.after < 0) {
    throw std::invalid_argument(std::string(field) + ": counts must not be negative");
  }
}

double normal_two_sided(double z) {
  const boost::math::normal n;
  return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(n, std::abs(z))));
}

double quantile(double confidence) {
  return boost::math::quantile(boost::math::normal(), 0.5 + confidence / 2);
}

// "0,003" / "<0,001": p as a Swedish reader expects it.
std::string p_text(double p) {
  if (p < 0.001) return "p < 0,001";
  char buf[32];
  std::snprintf(buf, sizeof buf, "p = %.3f", p);
  std::string s = buf;
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

std::string number(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);
  return s;
}

}  // namespace

EvaluationResult evaluate_measure(const EvaluationInput& in) {
  check(in.target, "target");
  check(in.comparison, "comparison");
  if (in.displacement) check(*in.displacement, "displacement");
  if (in.displacement_comparison) check(*in.displacement_comparison, "displacement_comparison");
  if (!(in.before_days > 0) || !std::isfinite(in.before_days)) {
    throw std::invalid_argument("before_days: must be a positive number of days");
  }
  if (!(in.after_days > 0) || !std::isfinite(in.after_days)) {
    throw std::invalid_argument("after_days: must be a positive number of days");
  }
  if (!(in.confidence > 0 && in.confidence < 1)) {
    throw std::invalid_argument("confidence: must be between 0 and 1");
  }
  const double w = in.before_days / in.after_days;  // the weight of an "after" count
  const auto b = [](const BeforeAfter& c) { return static_cast<double>(c.before); };
  const auto a = [](const BeforeAfter& c) { return static_cast<double>(c.after); };
  const auto change = [&](const BeforeAfter& c) { return w * a(c) - b(c); };
  const auto variance = [&](const BeforeAfter& c) { return w * w * a(c) + b(c); };

  EvaluationResult r;
  WddResult& d = r.wdd;
  d.local = change(in.target) - change(in.comparison);
  double var = variance(in.target) + variance(in.comparison);
  d.local_se = std::sqrt(var);
  d.local_p = d.local_se > 0 ? normal_two_sided(d.local / d.local_se) : 1;
  if (in.displacement) {
    const BeforeAfter& dc = in.displacement_comparison.value_or(in.comparison);
    d.displaced = change(*in.displacement) - change(dc);
    var += variance(*in.displacement);
    // The same comparison counted twice is one variable with twice its change: 4× its variance
    // in total, of which the local part already holds 1×.
    var += in.displacement_comparison ? variance(dc) : 3 * variance(dc);
  }
  d.estimate = d.local + d.displaced;
  d.se = std::sqrt(var);
  d.z = d.se > 0 ? d.estimate / d.se : 0;
  d.p_two_sided = d.se > 0 ? normal_two_sided(d.z) : 1;
  const double zq = quantile(in.confidence);
  d.ci_low = d.estimate - zq * d.se;
  d.ci_high = d.estimate + zq * d.se;

  RateRatioResult& rr = r.rate_ratio;
  const double tb = b(in.target), ta = a(in.target), cb = b(in.comparison), ca = a(in.comparison);
  rr.defined = tb > 0 && ta > 0 && cb > 0 && ca > 0;
  if (rr.defined) {
    rr.ratio = (ta / tb) / (ca / cb);
    const double se = std::sqrt(1 / ta + 1 / tb + 1 / ca + 1 / cb);
    const double log_ratio = std::log(rr.ratio);
    rr.ci_low = std::exp(log_ratio - zq * se);
    rr.ci_high = std::exp(log_ratio + zq * se);
    rr.p_two_sided = normal_two_sided(log_ratio / se);
  } else {
    rr.ci_high = std::numeric_limits<double>::infinity();
  }
  if (tb > 0) rr.target_ratio = (ta / in.after_days) / (tb / in.before_days);
  // Given n = T_a + T_b, T_a ~ Binomial(n, after/(after + before)) under equal rates.
  const std::int64_t n = in.target.after + in.target.before;
  if (n > 0) {
    const double share = in.after_days / (in.after_days + in.before_days);
    rr.target_p = std::min(1.0, 2 * std::min(binomial_upper_p(in.target.after, n, share),
                                             binomial_lower_p(in.target.after, n, share)));
  }

  if (in.displacement) {
    const BeforeAfter& dc = in.displacement_comparison.value_or(in.comparison);
    if (cb > 0 && ca > 0 && b(dc) > 0 && a(dc) > 0) {
      const double success = w * ta / (w * ca) - tb / cb;
      const double moved = w * a(*in.displacement) / (w * a(dc)) - b(*in.displacement) / b(dc);
      if (std::abs(success) > 1e-12) r.wdq = moved / success;
    }
  }
  r.relative_change = rr.defined ? rr.ratio - 1 : 0;
  r.too_few = tb + ta < 20 || tb < 5 || ta < 5 || cb < 5 || ca < 5;
  return r;
}

std::string evaluation_verdict(const EvaluationResult& r, const std::string& target,
                               const std::string& comparison, const std::string& displacement) {
  std::string out;
  if (r.too_few) {
    out +=
        "Det finns för få händelser för att bedöma effekten säkert; resultatet nedan är bara "
        "vägledande. ";
  }
  // The measure's own effect is judged on the target against the comparison; the displacement
  // area changes the net, which is reported beside it.
  const WddResult& d = r.wdd;
  const bool fewer = d.local < 0;
  out += "I " + target + " blev det " + number(std::abs(d.local), 1) + " händelser " +
         (fewer ? "färre" : "fler") + " än jämförelseområdet " + comparison + " förutsäger (" +
         p_text(d.local_p) + "). ";
  if (r.rate_ratio.defined) {
    out += "Relativt jämförelseområdet ändrades nivån med " + number(100 * r.relative_change, 0) +
           " %. ";
  }
  if (d.local_p < 0.01) {
    out += fewer ? "Minskningen är statistiskt säkerställd (stark evidens för en effekt). "
                 : "Ökningen är statistiskt säkerställd. ";
  } else if (d.local_p < 0.05) {
    out += fewer ? "Minskningen är statistiskt säkerställd, men evidensen är måttlig. "
                 : "Ökningen är statistiskt säkerställd, men evidensen är måttlig. ";
  } else {
    out += "Skillnaden är inte statistiskt säkerställd: den kan bero på slumpen. ";
  }
  out +=
      std::string(displacement.empty() ? "WDD " : "Netto med " + displacement + " inräknat: WDD ") +
      number(d.estimate, 1) + " (95 % konfidensintervall " + number(d.ci_low, 1) + " till " +
      number(d.ci_high, 1) + ", " + p_text(d.p_two_sided) + "). ";
  if (!displacement.empty()) {
    if (!r.wdq) {
      out += "Förflyttning till " + displacement + " kan inte bedömas. ";
    } else if (*r.wdq < -0.1) {
      out += "Viss förflyttning till " + displacement + " (WDQ " + number(*r.wdq, 2) + "). ";
    } else if (*r.wdq > 0.1) {
      out += "Spridning av nyttan till " + displacement + " (WDQ " + number(*r.wdq, 2) + "). ";
    } else {
      out +=
          "Ingen tydlig förflyttning till " + displacement + " (WDQ " + number(*r.wdq, 2) + "). ";
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace lagesbild::analysis

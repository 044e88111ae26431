#include "analysis/proportions.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace lagesbild::analysis {
namespace {

// Swedish decimal comma.
std::string number(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string percent(double share) { return number(100 * share, 0) + " %"; }

std::string p_text(double p) {
  if (p < 0.001) return "p < 0,001";
  return "p = " + number(p, 3);
}

void check_share(double share, double n, const char* what) {
  if (!(share >= 0 && share <= 1)) {
    throw std::invalid_argument(std::string(what) + ": a share must be in 0..1");
  }
  if (!(n > 0) || !std::isfinite(n)) {
    throw std::invalid_argument(std::string(what) + ": n must be positive");
  }
}

}  // namespace

ProportionInterval wilson_interval(double share, double n, double confidence) {
  check_share(share, n, "wilson_interval");
  if (!(confidence > 0 && confidence < 1)) {
    throw std::invalid_argument("wilson_interval: confidence must be in (0, 1)");
  }
  const double z =
      boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2);
  const double z2 = z * z;
  const double denominator = 1 + z2 / n;
  const double centre = (share + z2 / (2 * n)) / denominator;
  const double half = z / denominator * std::sqrt(share * (1 - share) / n + z2 / (4 * n * n));
  // Rounding may put an end a hair outside [0, 1] or past the share at the edges.
  return {std::clamp(centre - half, 0.0, share), std::clamp(centre + half, share, 1.0)};
}

ProportionChange two_proportion_test(double share1, double n1, double share2, double n2) {
  check_share(share1, n1, "two_proportion_test");
  check_share(share2, n2, "two_proportion_test");
  ProportionChange c;
  c.share1 = share1;
  c.n1 = n1;
  c.share2 = share2;
  c.n2 = n2;
  c.difference = share2 - share1;
  c.pooled = (share1 * n1 + share2 * n2) / (n1 + n2);
  c.se = std::sqrt(c.pooled * (1 - c.pooled) * (1 / n1 + 1 / n2));
  if (c.se > 0) {
    c.z = c.difference / c.se;
    c.p_two_sided = std::erfc(std::abs(c.z) / std::sqrt(2.0));
  }
  const auto thin = [&](double n) { return n < 30 || n * c.pooled < 5 || n * (1 - c.pooled) < 5; };
  c.small_sample = thin(n1) || thin(n2);
  return c;
}

std::string change_reading(const ProportionChange& c, const std::string& indicator, int year1,
                           int year2) {
  std::string out;
  if (c.small_sample) {
    out += "Varning: för få svarande för att bedöma förändringen säkert (" + number(c.n1, 0) +
           " och " + number(c.n2, 0) + " svar); resultatet är bara vägledande. ";
  }
  const std::string from = percent(c.share1) + " (" + std::to_string(year1) + ")";
  const std::string to = percent(c.share2) + " (" + std::to_string(year2) + ")";
  const std::string subject = "Andelen som svarat \"" + indicator + "\"";
  if (std::abs(c.difference) < 0.005) {
    out += subject + " var oförändrad: " + from + " och " + to + ". ";
  } else {
    out += subject + (c.difference < 0 ? " minskade" : " ökade") + " från " + from + " till " + to +
           ". ";
  }
  if (c.p_two_sided < 0.01) {
    out += "Förändringen är statistiskt säkerställd (" + p_text(c.p_two_sided) + ").";
  } else if (c.p_two_sided < 0.05) {
    out += "Förändringen är statistiskt säkerställd, men evidensen är måttlig (" +
           p_text(c.p_two_sided) + ").";
  } else {
    out += "Skillnaden är inte statistiskt säkerställd: den kan bero på slumpen (" +
           p_text(c.p_two_sided) + ").";
  }
  return out;
}

}  // namespace lagesbild::analysis

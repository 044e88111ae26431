#include "analysis/local_statistics.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>

#include "analysis/stats.h"

namespace lagesbild::analysis {
namespace {

// Relative size below which a variance counts as zero (all values equal up to rounding).
constexpr double kZeroVariance = 1e-24;

double two_sided_p(double z) { return std::erfc(std::abs(z) / std::sqrt(2.0)); }

void check_inputs(std::span<const double> values, const SpatialWeights& w, std::size_t min_n) {
  if (values.size() != w.size())
    throw std::invalid_argument("values: " + std::to_string(values.size()) +
                                " values for weights of " + std::to_string(w.size()) +
                                " locations");
  if (values.size() < min_n)
    throw std::invalid_argument("values: at least " + std::to_string(min_n) +
                                " locations are needed, got " + std::to_string(values.size()));
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]))
      throw std::invalid_argument("values[" + std::to_string(i) + "]: not a finite number");
  }
  if (w.offsets.empty() || w.offsets.front() != 0 || w.offsets.back() != w.neighbours.size() ||
      w.weights.size() != w.neighbours.size())
    throw std::invalid_argument("weights: offsets, neighbours and weights do not agree");
  for (auto j : w.neighbours) {
    if (j >= w.size()) throw std::invalid_argument("weights: neighbour index out of range");
  }
}

void check_permutation_options(const PermutationOptions& o) {
  if (o.permutations < 0) throw std::invalid_argument("permutations: must be >= 0");
  if (o.threads < 1) throw std::invalid_argument("threads: must be >= 1");
}

// True when row i names location i.
bool lists_self(const SpatialWeights& w, std::size_t i) {
  for (auto j : w.neighbours_of(i)) {
    if (j == i) return true;
  }
  return false;
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// wyrand (Wang Yi): one 64-bit multiply per number, passes BigCrush and PractRand.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0xa0761d6478bd642fULL;
    const u128 m = static_cast<u128>(state_) * (state_ ^ 0xe7037ed1a0b428dbULL);
    return static_cast<std::uint64_t>(m >> 64) ^ static_cast<std::uint64_t>(m);
  }
  // Uniform in [0, range) (Lemire's multiply-shift; the bias is below range / 2^64).
  std::uint32_t below(std::uint32_t range) {
    return static_cast<std::uint32_t>((static_cast<u128>(next()) * range) >> 64);
  }

 private:
  __extension__ typedef unsigned __int128 u128;
  std::uint64_t state_;
};

// Runs f(begin, end, thread_index) over [0, n) in blocks taken by `threads` threads.
template <typename F>
void parallel_blocks(std::size_t n, int threads, F&& f) {
  constexpr std::size_t kBlock = 256;
  if (threads <= 1 || n <= kBlock) {
    f(std::size_t{0}, n, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto run = [&](int t) {
    for (;;) {
      const std::size_t begin = next.fetch_add(kBlock);
      if (begin >= n) return;
      f(begin, std::min(n, begin + kBlock), t);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(run, t);
  run(0);
  for (auto& th : pool) th.join();
}

std::vector<std::int8_t> bins(const std::vector<double>& z, const std::vector<double>& p) {
  std::vector<std::int8_t> out(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) out[i] = confidence_bin(z[i], p[i]);
  return out;
}

const std::vector<double>& chosen_p(const LocalOptions& o, const std::vector<double>& p,
                                    const std::vector<double>& p_sim) {
  if (o.significance == Significance::permutation) {
    if (o.permutation.permutations == 0)
      throw std::invalid_argument("significance: permutation needs permutations > 0");
    return p_sim;
  }
  return p;
}

}  // namespace

std::int8_t confidence_bin(double z, double p) {
  if (!(z != 0) || !(p <= 0.10)) return 0;
  const std::int8_t level = p <= 0.01 ? 3 : (p <= 0.05 ? 2 : 1);
  return z > 0 ? level : static_cast<std::int8_t>(-level);
}

std::vector<double> permutation_p(std::span<const double> values, const SpatialWeights& w,
                                  const PermutationOptions& options) {
  check_permutation_options(options);
  if (options.permutations == 0) throw std::invalid_argument("permutations: must be > 0");
  check_inputs(values, w, 2);
  const std::size_t n = values.size();
  const auto candidates = static_cast<std::uint32_t>(n - 1);
  double max_abs = 0;
  for (double v : values) max_abs = std::max(max_abs, std::abs(v));
  const int perms = options.permutations;
  std::vector<double> result(n, 1.0);
  const int threads = std::max(1, options.threads);
  // Per thread: the other neighbours' weights, the draws, and marks for large neighbourhoods.
  struct Scratch {
    std::vector<double> weights;
    std::vector<std::uint32_t> drawn;
    std::vector<std::uint32_t> mark;
    std::uint32_t stamp = 0;
  };
  std::vector<Scratch> scratch(static_cast<std::size_t>(threads));
  parallel_blocks(n, threads, [&](std::size_t begin, std::size_t end, int t) {
    Scratch& s = scratch[static_cast<std::size_t>(t)];
    for (std::size_t i = begin; i < end; ++i) {
      const auto nb = w.neighbours_of(i);
      const auto wt = w.weights_of(i);
      double observed = 0, fixed = 0, weight_sum = 0;
      s.weights.clear();
      for (std::size_t m = 0; m < nb.size(); ++m) {
        observed += wt[m] * values[nb[m]];
        weight_sum += std::abs(wt[m]);
        if (nb[m] == i) {
          fixed += wt[m] * values[i];
        } else {
          s.weights.push_back(wt[m]);
        }
      }
      const std::size_t k = s.weights.size();
      if (k == 0) continue;  // nothing to permute: p = 1
      // Sums of the same terms in another order may differ in the last bits.
      const double tolerance = 1e-12 * (weight_sum * max_abs + std::abs(observed));
      Rng rng(splitmix64(options.seed ^ splitmix64(static_cast<std::uint64_t>(i) + 1)));
      s.drawn.resize(k);
      const bool small = k <= 24;
      if (!small && s.mark.size() != n) s.mark.assign(n, 0);
      int larger = 0, smaller = 0;
      for (int p = 0; p < perms; ++p) {
        if (!small && ++s.stamp == 0) {
          std::fill(s.mark.begin(), s.mark.end(), 0);
          s.stamp = 1;
        }
        double sim = fixed;
        for (std::size_t m = 0; m < k; ++m) {
          std::uint32_t j;
          for (;;) {
            j = rng.below(candidates);
            if (j >= i) ++j;  // skip location i itself
            bool repeated = false;
            if (small) {
              for (std::size_t r = 0; r < m; ++r) repeated = repeated || s.drawn[r] == j;
            } else {
              repeated = s.mark[j] == s.stamp;
              s.mark[j] = s.stamp;
            }
            if (!repeated) break;
          }
          s.drawn[m] = j;
          sim += s.weights[m] * values[j];
        }
        larger += sim >= observed - tolerance;
        smaller += sim <= observed + tolerance;
      }
      result[i] = (std::min(larger, smaller) + 1.0) / (perms + 1.0);
    }
  });
  return result;
}

GetisOrdResult getis_ord(std::span<const double> values, const SpatialWeights& w,
                         const LocalOptions& options) {
  check_inputs(values, w, 3);
  check_permutation_options(options.permutation);
  const std::size_t n = values.size();
  const double nd = static_cast<double>(n);
  GetisOrdResult r;
  r.star = w.self_included;
  // Centre on the mean for precision; z-scores do not change under a shift.
  double sum = 0, max_abs = 0;
  for (double v : values) {
    sum += v;
    max_abs = std::max(max_abs, std::abs(v));
  }
  const double centre = sum / nd;
  double sum_d = 0, sum_d2 = 0;
  for (double v : values) {
    sum_d += v - centre;
    sum_d2 += (v - centre) * (v - centre);
  }
  const double zero_var = kZeroVariance * max_abs * max_abs;
  r.z.assign(n, 0.0);
  r.p.assign(n, 1.0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto nb = w.neighbours_of(i);
    const auto wt = w.weights_of(i);
    if (!r.star && lists_self(w, i))
      throw std::invalid_argument("weights: location " + std::to_string(i) +
                                  " lists itself but the weights are not self-included");
    double lag = 0, wi = 0, s1 = 0;
    bool other = false;
    for (std::size_t m = 0; m < nb.size(); ++m) {
      lag += wt[m] * (values[nb[m]] - centre);
      wi += wt[m];
      s1 += wt[m] * wt[m];
      other = other || nb[m] != i;
    }
    if (!other) continue;  // isolate
    double mean_d = 0, var = 0, spread = 0;
    if (r.star) {
      mean_d = sum_d / nd;
      var = sum_d2 / nd - mean_d * mean_d;
      spread = (nd * s1 - wi * wi) / (nd - 1);
    } else {
      const double d = values[i] - centre;
      mean_d = (sum_d - d) / (nd - 1);
      var = (sum_d2 - d * d) / (nd - 1) - mean_d * mean_d;
      spread = ((nd - 1) * s1 - wi * wi) / (nd - 2);
    }
    if (var <= zero_var || spread <= 1e-12 * nd * s1) continue;
    r.z[i] = (lag - wi * mean_d) / std::sqrt(var * spread);
    r.p[i] = two_sided_p(r.z[i]);
  }
  if (options.permutation.permutations > 0) {
    r.p_sim = permutation_p(values, w, options.permutation);
    for (std::size_t i = 0; i < n; ++i) {
      if (r.z[i] == 0) r.p_sim[i] = 1.0;  // isolate or no variance: nothing to find
    }
  }
  const auto& p = chosen_p(options, r.p, r.p_sim);
  r.q = benjamini_hochberg(p);
  r.bin = bins(r.z, options.fdr ? r.q : p);
  return r;
}

LocalMoranResult local_moran(std::span<const double> values, const SpatialWeights& w,
                             const LocalOptions& options, double alpha) {
  check_inputs(values, w, 3);
  check_permutation_options(options.permutation);
  const std::size_t n = values.size();
  const double nd = static_cast<double>(n);
  double sum = 0, max_abs = 0;
  for (double v : values) {
    sum += v;
    max_abs = std::max(max_abs, std::abs(v));
  }
  const double mean = sum / nd;
  std::vector<double> z(n);
  double m2 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    z[i] = values[i] - mean;
    m2 += z[i] * z[i];
  }
  m2 /= nd;
  LocalMoranResult r;
  r.ii.assign(n, 0.0);
  r.expected.assign(n, 0.0);
  r.variance.assign(n, 0.0);
  r.z.assign(n, 0.0);
  r.p.assign(n, 1.0);
  r.quadrant.assign(n, Quadrant::none);
  const bool constant = m2 <= kZeroVariance * max_abs * max_abs;
  for (std::size_t i = 0; i < n; ++i) {
    if (lists_self(w, i))
      throw std::invalid_argument("weights: location " + std::to_string(i) +
                                  " lists itself; local Moran needs weights without self");
    const auto nb = w.neighbours_of(i);
    const auto wt = w.weights_of(i);
    if (nb.empty() || constant) continue;
    double lag = 0, wi = 0, s1 = 0;
    for (std::size_t m = 0; m < nb.size(); ++m) {
      lag += wt[m] * z[nb[m]];
      wi += wt[m];
      s1 += wt[m] * wt[m];
    }
    r.quadrant[i] = z[i] > 0 ? (lag > 0 ? Quadrant::high_high : Quadrant::high_low)
                             : (lag > 0 ? Quadrant::low_high : Quadrant::low_low);
    r.ii[i] = z[i] / m2 * lag;
    r.expected[i] = -(z[i] * z[i] * wi) / ((nd - 1) * m2);
    r.variance[i] = (z[i] / m2) * (z[i] / m2) * (nd / (nd - 2)) * (s1 - wi * wi / (nd - 1)) *
                    (m2 - z[i] * z[i] / (nd - 1));
    if (r.variance[i] <= 0) continue;  // z_i = 0 (or a single neighbour among two values)
    r.z[i] = (r.ii[i] - r.expected[i]) / std::sqrt(r.variance[i]);
    r.p[i] = two_sided_p(r.z[i]);
  }
  if (options.permutation.permutations > 0) {
    r.p_sim = permutation_p(z, w, options.permutation);
    for (std::size_t i = 0; i < n; ++i) {
      if (r.quadrant[i] == Quadrant::none || std::abs(z[i]) <= 1e-12 * max_abs)
        r.p_sim[i] = 1.0;  // I_i is 0 in every permutation
    }
  }
  const auto& p = chosen_p(options, r.p, r.p_sim);
  r.q = benjamini_hochberg(p);
  const auto& decide = options.fdr ? r.q : p;
  r.cluster.assign(n, Quadrant::none);
  for (std::size_t i = 0; i < n; ++i) {
    if (decide[i] <= alpha) r.cluster[i] = r.quadrant[i];
  }
  return r;
}

}  // namespace lagesbild::analysis

// Internal to demo/: the seeded randomness of the simulator.
//
// std::mt19937_64 is specified bit for bit by the standard, but the <random> distributions are not
// (libstdc++ and libc++ draw different numbers from the same engine). The distributions here are
// our own, so a seed gives the same demo with any standard library; only the last bits of
// std::exp/std::cos could differ between libms, which we accept (we build with Debian's anyway).
// Not thread-safe: one Rng per stream of events.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <span>

namespace lagesbild::demo {

// SplitMix64 of (seed, salt): an independent engine per stream of events, so that the draws of
// one stream (how many events, where) never shift those of another.
inline std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (salt + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n); n > 0.
  int below(int n) { return static_cast<int>(uniform() * n); }
  bool chance(double p) { return uniform() < p; }

  // Standard normal (Box-Muller, one of the pair used).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // Poisson(lambda), exact: Knuth's product of uniforms, on chunks of at most 16 (the sum of
  // Poissons is Poisson, and the chunks keep exp(-lambda) far from underflow).
  int poisson(double lambda) {
    int n = 0;
    while (lambda > 0) {
      const double chunk = lambda > 16 ? 16 : lambda;
      lambda -= chunk;
      const double limit = std::exp(-chunk);
      double p = uniform();
      while (p > limit) {
        ++n;
        p *= uniform();
      }
    }
    return n;
  }

  // Failures before the first success with success probability 1 / (1 + mean): mean `mean`.
  int geometric(double mean, int cap) {
    const double q = mean / (1.0 + mean);
    int n = 0;
    while (n < cap && uniform() < q) ++n;
    return n;
  }

  // An index drawn with probability proportional to weights[i]; weights are >= 0 with a positive
  // sum.
  std::size_t pick(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double r = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    for (std::size_t i = weights.size(); i-- > 0;) {  // rounding left r at the very end
      if (weights[i] > 0) return i;
    }
    return 0;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace lagesbild::demo

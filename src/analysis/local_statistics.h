// Local spatial statistics for hotspots: Getis–Ord Gi and Gi*, and local Moran's I, with
// analytic z-scores as R's spdep computes them, conditional permutation inference, false
// discovery control across locations, and ArcGIS-style hot/cold classes.
//
// Analytic z-scores (checked against spdep 1.2 in tests/analysis/local_statistics_test.cc):
//
// * Gi* (weights with self_included), spdep::localG: with x̄ and s² = Σ(x − x̄)²/n over all n
//   values, W_i = Σ_j w_ij and S1_i = Σ_j w_ij²,
//     z_i = (Σ_j w_ij x_j − W_i x̄) / sqrt(s² (n S1_i − W_i²) / (n − 1)).
//   Gi (no self): the same with x̄ and s² taken over the n − 1 values other than x_i and
//   variance s² ((n − 1) S1_i − W_i²) / (n − 2). This is Ord & Getis (1995) for any weights,
//   binary or row-standardised alike; spdep uses it unchanged for style "W". PySAL's
//   esda.G_Local treats row-standardised weights with its own expectation and variance, so its
//   z-scores differ from these there; we follow spdep. For binary weights it is also ArcGIS's
//   Hot Spot Analysis Gi* z-score.
// * Local Moran (weights without self), spdep::localmoran with its defaults (mlvar = TRUE,
//   conditional = TRUE, adjust.x = FALSE): z = x − x̄, m2 = Σz²/n,
//     I_i = z_i / m2 · Σ_j w_ij z_j,  E[I_i] = −z_i² W_i / ((n − 1) m2),
//     Var[I_i] = (z_i / m2)² · n / (n − 2) · (S1_i − W_i² / (n − 1)) · (m2 − z_i² / (n − 1)),
//   the moments under randomisation conditional on x_i (Sokal et al. 1998), not spdep's
//   "total" randomisation (conditional = FALSE, Anselin 1995).
//
// Permutation inference (when PermutationOptions::permutations > 0): for each location i the
// values of its neighbours other than itself are replaced `permutations` times by values drawn
// without replacement from the n − 1 values other than x_i; x_i (and so Gi*'s self term and
// Moran's z_i) stays fixed. This is PySAL's/GeoDa's conditional permutation. spdep's
// localG_perm and localmoran_perm differ in two ways we do not copy: they draw with replacement,
// and localG_perm also redraws the self position of Gi*. p_sim is the "folded" pseudo p-value
// that spdep reports as "Pr(folded) Sim" and PySAL as p_sim:
//     p_sim = (min(larger, smaller) + 1) / (permutations + 1),
// with larger = #(simulated ≥ observed) and smaller = #(simulated ≤ observed). Without ties
// smaller = permutations − larger, exactly spdep's and PySAL's value; with ties (common for
// sparse counts) they count ties only on the "larger" side, which makes a location tied with
// most permutations look extreme on the low side (p ≈ 0.001); counting ties on both sides keeps
// it at p ≈ 1. p_sim is one-sided in the observed direction (at most about 0.5), as theirs.
// Each location draws from its own random stream, seeded from (seed, location), so the result
// does not depend on the number of threads; the work is split across `threads` threads.
//
// Classes (Gi_Bin, as ArcGIS Hot Spot Analysis): +3 / −3 hot / cold at 99 % confidence,
// ±2 at 95 %, ±1 at 90 %, 0 otherwise, by the sign of z and the p-value chosen by
// `significance` — after Benjamini–Hochberg over all locations when `fdr` (ArcGIS's "Apply False
// Discovery Rate Correction"), compared with 0.01, 0.05 and 0.10.
//
// Degenerate input never produces NaN: a location with no neighbour (other than itself) and a
// location whose variance is zero (all values equal, or Gi where all other values are equal)
// get z = 0, p = 1, p_sim = 1, class 0; Moran's I_i, E and Var are 0 there. (spdep gives NaN
// there, except Gi* of an isolate, which it gives the plain z-score of the location's own value:
// with no neighbourhood there is no cluster to report, so we give 0.) Local Moran's z is also 0
// where Var[I_i] = 0, i.e. where the value equals the mean. Errors a caller can
// make throw std::invalid_argument naming the field: values and weights of different sizes,
// fewer than 3 values (Gi needs n − 2 > 0), a NaN or infinite value, Moran with self-included
// weights, negative permutations, threads < 1.
//
// Pure computation; thread-safe; uses up to `threads` threads of its own when permuting.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/weights.h"

namespace lagesbild::analysis {

struct PermutationOptions {
  int permutations = 999;  // 0: analytic inference only (p_sim stays empty)
  std::uint64_t seed = 20240601;
  int threads = 2;
};

enum class Significance { analytic, permutation };

struct LocalOptions {
  PermutationOptions permutation;
  // Which p-value drives q and the classes; permutation requires permutations > 0.
  Significance significance = Significance::analytic;
  bool fdr = true;  // classes from Benjamini–Hochberg q rather than raw p
};

struct GetisOrdResult {
  bool star = false;             // Gi* (weights include self) or Gi
  std::vector<double> z;         // analytic z-score, spdep::localG
  std::vector<double> p;         // two-sided normal p of z
  std::vector<double> p_sim;     // folded permutation p; empty without permutations
  std::vector<double> q;         // Benjamini–Hochberg of the chosen p over all locations
  std::vector<std::int8_t> bin;  // −3 … 3 (Gi_Bin)
};

// Gi* when w.self_included, else Gi. Contract and errors: see the top of this header.
GetisOrdResult getis_ord(std::span<const double> values, const SpatialWeights& w,
                         const LocalOptions& options = {});

// Local Moran quadrant of a location: its value and its neighbours' average deviation from the
// mean (spdep's "pysal" quadrant: sign of z_i and of Σ w_ij z_j).
enum class Quadrant : std::int8_t { none = 0, high_high, low_low, high_low, low_high };

struct LocalMoranResult {
  std::vector<double> ii, expected, variance, z;  // spdep::localmoran columns
  std::vector<double> p;                          // two-sided normal p of z
  std::vector<double> p_sim;                      // folded permutation p; empty without
  std::vector<double> q;                          // Benjamini–Hochberg of the chosen p
  std::vector<Quadrant> quadrant;                 // for every location
  std::vector<Quadrant> cluster;  // the quadrant where q (or p, without fdr) <= alpha, else none
};

LocalMoranResult local_moran(std::span<const double> values, const SpatialWeights& w,
                             const LocalOptions& options = {}, double alpha = 0.05);

// The folded permutation p-values alone (see the top of this header) of the lag Σ_j w_ij v_j at
// every location; a self entry (j == i) keeps v_i. Locations without other neighbours get 1.
// Requires options.permutations > 0 and values.size() == w.size(). Exposed for the space-time
// analysis and the tests.
std::vector<double> permutation_p(std::span<const double> values, const SpatialWeights& w,
                                  const PermutationOptions& options);

// ArcGIS Gi_Bin for one location from z and its (possibly FDR-adjusted) p.
std::int8_t confidence_bin(double z, double p);

}  // namespace lagesbild::analysis

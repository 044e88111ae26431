#!/usr/bin/env python3
"""The peer of bench/near_repeat_bench.cc: the Knox test in numpy + scipy.spatial.cKDTree.

The "Python ball-tree" class of near-repeat tool: the near pairs from cKDTree.query_pairs within
the largest finite band, then each permutation vectorised in numpy (gather the permuted times of
both ends of every near pair, band them, bincount). The far row is the pairs per temporal band
(from the sorted times, unchanged by permutation) minus the near ones, as in our implementation,
so the peer does no n^2 work either.

Bands as analysis/near_repeat.h defines them: same location (d == 0), [(k-1)bw, k bw) for d > 0,
[S bw, inf); times [(k-1)tw, k tw), [T tw, inf); Manhattan distance in double precision.

Usage: near_repeat_peer.py EVENTS.csv [--nrep 999] [--compare OBSERVED.csv]
  EVENTS.csv    x,y,day as near_repeat_bench wrote them (LB_NEAR_REPEAT_OUT)
  --nrep        permutations to run; the time of all requested ones is extrapolated from them
  --compare     our observed table: exit 1 unless every cell is equal
"""
import argparse
import sys
import time

import numpy as np
from scipy.spatial import cKDTree

SPATIAL_BW, SPATIAL_BANDS = 100.0, 10
TEMPORAL_BW, TEMPORAL_BANDS = 7.0, 10


def near_pairs(x, y):
    """Pairs with Manhattan d < S*bw and their row (0 = same location, k = band k)."""
    limit = SPATIAL_BANDS * SPATIAL_BW
    pairs = cKDTree(np.column_stack([x, y])).query_pairs(limit, p=1, output_type="ndarray")
    i, j = pairs[:, 0], pairs[:, 1]
    d = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j])
    keep = d < limit
    i, j, d = i[keep], j[keep], d[keep]
    row = np.where(d == 0, 0, np.floor(d / SPATIAL_BW).astype(np.int64) + 1)
    row = np.minimum(row, SPATIAL_BANDS)
    return i.astype(np.int64), j.astype(np.int64), row


def column_totals(t):
    """All pairs per temporal column, from the sorted times."""
    s = np.sort(t)
    n = len(s)
    within = []
    for k in range(1, TEMPORAL_BANDS + 1):
        hi = np.searchsorted(s, s + k * TEMPORAL_BW, side="left")  # first j with s[j] >= s[i]+k tw
        within.append(int(np.sum(hi - np.arange(n) - 1)))
    total = n * (n - 1) // 2
    cum = np.array(within + [total], dtype=np.int64)
    return np.diff(np.concatenate([[0], cum]))


class Table:
    """Counts one table per call, in buffers allocated once (no per-permutation allocation)."""

    def __init__(self, i, j, row, totals):
        self.i, self.j, self.totals = i, j, totals
        self.columns = TEMPORAL_BANDS + 1
        self.base = row * self.columns
        m = len(i)
        self.a, self.b, self.cell = np.empty(m), np.empty(m), np.empty(m, dtype=np.int64)

    def __call__(self, t):
        np.take(t, self.i, out=self.a)
        np.take(t, self.j, out=self.b)
        np.subtract(self.a, self.b, out=self.a)
        np.abs(self.a, out=self.a)
        np.divide(self.a, TEMPORAL_BW, out=self.a)
        np.floor(self.a, out=self.a)
        np.minimum(self.a, TEMPORAL_BANDS, out=self.a)
        np.copyto(self.cell, self.a, casting="unsafe")
        np.add(self.cell, self.base, out=self.cell)
        near = np.bincount(self.cell, minlength=(SPATIAL_BANDS + 1) * self.columns)
        near = near.reshape(SPATIAL_BANDS + 1, self.columns)
        return np.vstack([near, self.totals - near.sum(axis=0)])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("events")
    ap.add_argument("--nrep", type=int, default=999)
    ap.add_argument("--run", type=int, default=None,
                    help="permutations actually run (default: all); the rest are extrapolated")
    ap.add_argument("--compare")
    args = ap.parse_args()
    data = np.loadtxt(args.events, delimiter=",", skiprows=1)
    x, y, t = data[:, 0], data[:, 1], data[:, 2]
    run = args.nrep if args.run is None else min(args.run, args.nrep)

    start, start_cpu = time.perf_counter(), time.process_time()
    i, j, row = near_pairs(x, y)
    totals = column_totals(t)
    table = Table(i, j, row, totals)
    observed = table(t)
    setup, setup_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    rng = np.random.default_rng(2023)
    at_least = np.zeros_like(observed)
    sims = np.zeros(observed.shape, dtype=np.float64)
    start, start_cpu = time.perf_counter(), time.process_time()
    for _ in range(run):
        sim = table(rng.permutation(t))
        at_least += sim >= observed
        sims += sim
    per_permutation = (time.perf_counter() - start) / max(run, 1)
    per_permutation_cpu = (time.process_time() - start_cpu) / max(run, 1)
    total = setup + per_permutation * args.nrep
    total_cpu = setup_cpu + per_permutation_cpu * args.nrep
    print(f"peer: n={len(x)} near_pairs={len(i)} setup={setup:.2f}s (cpu {setup_cpu:.2f}s) "
          f"per_permutation={per_permutation:.3f}s (cpu {per_permutation_cpu:.3f}s) "
          f"permutations_run={run} time_for_{args.nrep}={total:.1f}s (cpu {total_cpu:.1f}s)"
          + (" (extrapolated)" if run < args.nrep else ""))
    print("observed (rows: same location, 10 bands of 100 m, >= 1000 m; columns: 10 bands of "
          "7 days, >= 70 days)")
    for r in observed:
        print(" ".join(f"{v:9d}" for v in r))
    if args.compare:
        ours = np.loadtxt(args.compare, delimiter=",", skiprows=1)
        ours_observed = ours[:, 2].astype(np.int64).reshape(observed.shape)
        differing = int(np.sum(ours_observed != observed))
        print(f"cells differing from ours: {differing} of {observed.size}")
        if run > 0:
            ours_mean = ours[:, 3].reshape(observed.shape)
            print(f"largest |our simulated mean - peer's| / peer's mean over cells with mean >= 10: "
                  f"{np.max(np.where(sims / run >= 10, np.abs(ours_mean - sims / run) / np.maximum(sims / run, 1), 0)):.4f}")
        return 1 if differing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

#include "analysis/near_repeat.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <type_traits>

namespace lagesbild::analysis {
namespace {

constexpr int kMaxBands = 1000;
constexpr double kMaxIntegerSpan = 32766;  // whole-day times within this span take the 16-bit path

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

void require_finite(std::span<const double> values, const char* field) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw std::invalid_argument(std::string(field) + "[" + std::to_string(i) +
                                  "]: not a finite number");
    }
  }
}

void validate(std::span<const double> x, std::span<const double> y, std::span<const double> t,
              const KnoxOptions& o) {
  if (x.empty()) throw std::invalid_argument("x: no events (empty input)");
  if (y.size() != x.size()) throw std::invalid_argument("y: not as many values as x");
  if (t.size() != x.size()) throw std::invalid_argument("t: not as many values as x");
  if (x.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("x: more than 2^32 - 2 events");
  }
  require_finite(x, "x");
  require_finite(y, "y");
  require_finite(t, "t");
  if (!std::isfinite(o.spatial_bandwidth) || o.spatial_bandwidth <= 0) {
    throw std::invalid_argument("spatial_bandwidth: must be finite and > 0");
  }
  if (!std::isfinite(o.temporal_bandwidth) || o.temporal_bandwidth <= 0) {
    throw std::invalid_argument("temporal_bandwidth: must be finite and > 0");
  }
  if (o.spatial_bands < 1 || o.spatial_bands > kMaxBands) {
    throw std::invalid_argument("spatial_bands: must be 1..1000");
  }
  if (o.temporal_bands < 1 || o.temporal_bands > kMaxBands) {
    throw std::invalid_argument("temporal_bands: must be 1..1000");
  }
  if (o.permutations < 1) throw std::invalid_argument("permutations: must be >= 1");
  if (o.threads < 1) throw std::invalid_argument("threads: must be >= 1");
  if (o.nrc_compatible && o.metric != DistanceMetric::manhattan) {
    throw std::invalid_argument("metric: the NRC-compatible mode uses Manhattan distance");
  }
  if (o.nrc_compatible && !o.same_location_band) {
    throw std::invalid_argument("same_location_band: the NRC-compatible mode has one");
  }
}

std::vector<KnoxBand> spatial_bands(const KnoxOptions& o) {
  std::vector<KnoxBand> bands;
  if (o.same_location_band) {
    bands.push_back({"0 m (same location)", "Same location", 0, 0, false, true});
  }
  for (int k = 1; k <= o.spatial_bands; ++k) {
    const double from = (k - 1) * o.spatial_bandwidth, to = k * o.spatial_bandwidth;
    const bool open = k == 1 && o.same_location_band;
    bands.push_back({(open ? "(" : "[") + number(from) + ", " + number(to) + ") m",
                     number(k == 1 ? 1 : from + 1) + " to " + number(to), from, to, open, false});
  }
  const double last = o.spatial_bands * o.spatial_bandwidth;
  bands.push_back({">= " + number(last) + " m", "More than " + number(last), last,
                   std::numeric_limits<double>::infinity(), false, false});
  return bands;
}

std::vector<KnoxBand> temporal_bands(const KnoxOptions& o) {
  std::vector<KnoxBand> bands;
  for (int k = 1; k <= o.temporal_bands; ++k) {
    const double from = (k - 1) * o.temporal_bandwidth, to = k * o.temporal_bandwidth;
    bands.push_back({"[" + number(from) + ", " + number(to) + ") days",
                     number(k == 1 ? 0 : from + 1) + " to " + number(to), from, to, false, false});
  }
  const double last = o.temporal_bands * o.temporal_bandwidth;
  bands.push_back({">= " + number(last) + " days", "More than " + number(last), last,
                   std::numeric_limits<double>::infinity(), false, false});
  return bands;
}

// Runs fn(chunk) for chunk 0..chunks-1 on `threads` threads; rethrows the first exception.
void parallel_chunks(int threads, std::size_t chunks, const std::function<void(std::size_t)>& fn) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto work = [&] {
    try {
      for (std::size_t c; !failed && (c = next++) < chunks;) fn(c);
    } catch (...) {
      if (!failed.exchange(true)) error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  const auto extra = std::min<std::size_t>(static_cast<std::size_t>(threads), chunks);
  for (std::size_t i = 1; i < extra; ++i) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

// The events in grid-cell order, and the near pairs as one adjacency list per (event, row):
// neighbours[offsets[i * rows + s] .. offsets[i * rows + s + 1]) are the j > i in row s.
struct NearPairs {
  std::size_t rows = 0;  // near rows: [same location,] 1..S
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> neighbours;
};

class SpatialClassifier {
 public:
  explicit SpatialClassifier(const KnoxOptions& o)
      : bw_(o.spatial_bandwidth),
        bands_(o.spatial_bands),
        near_limit_(o.spatial_bands * o.spatial_bandwidth),
        first_(o.same_location_band ? 1 : 0),
        same_(o.same_location_band),
        euclidean_(o.metric == DistanceMetric::euclidean) {}

  double distance(double dx, double dy) const {
    return euclidean_ ? std::sqrt(dx * dx + dy * dy) : std::fabs(dx) + std::fabs(dy);
  }
  // The near row of distance d, or -1 for d >= S·bw.
  int row(double d) const {
    if (same_ && d == 0) return 0;
    if (!(d < near_limit_)) return -1;
    int k = static_cast<int>(std::min(d / bw_, static_cast<double>(bands_ - 1)));
    while (k > 0 && d < k * bw_) --k;
    while (k < bands_ - 1 && d >= (k + 1) * bw_) ++k;
    return first_ + k;
  }
  double near_limit() const { return near_limit_; }

 private:
  double bw_;
  int bands_;
  double near_limit_;
  int first_;
  bool same_, euclidean_;
};

struct Cell {
  std::int64_t cx, cy;
  std::uint32_t begin, end;
};

// Sorts the events into grid cells of side just over S·bw (so that every near pair lies in the
// same or an adjacent cell) and enumerates the near pairs. `order` receives the cell order.
NearPairs near_pairs(std::vector<double>& xs, std::vector<double>& ys,
                     std::vector<std::uint32_t>& order, const KnoxOptions& o) {
  const std::size_t n = xs.size();
  const SpatialClassifier classify(o);
  const double side = classify.near_limit() * (1 + 1e-9);
  const auto [xmin, xmax] = std::minmax_element(xs.begin(), xs.end());
  const auto [ymin, ymax] = std::minmax_element(ys.begin(), ys.end());
  const double x0 = *xmin, y0 = *ymin;
  if (!((*xmax - x0) / side < 0x1p52) || !((*ymax - y0) / side < 0x1p52)) {
    throw std::invalid_argument("spatial_bandwidth: too small for the extent of the coordinates");
  }
  std::vector<std::int64_t> cx(n), cy(n);
  for (std::size_t i = 0; i < n; ++i) {
    cx[i] = static_cast<std::int64_t>(std::floor((xs[i] - x0) / side));
    cy[i] = static_cast<std::int64_t>(std::floor((ys[i] - y0) / side));
  }
  order.resize(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(cx[a], cy[a], a) < std::tie(cx[b], cy[b], b);
  });
  std::vector<double> sx(n), sy(n);
  std::vector<Cell> cells;
  for (std::size_t i = 0; i < n; ++i) {
    const auto e = order[i];
    sx[i] = xs[e];
    sy[i] = ys[e];
    if (cells.empty() || cells.back().cx != cx[e] || cells.back().cy != cy[e]) {
      cells.push_back({cx[e], cy[e], static_cast<std::uint32_t>(i), 0});
    }
    cells.back().end = static_cast<std::uint32_t>(i + 1);
  }
  xs = std::move(sx);
  ys = std::move(sy);

  // Cells after this one in (cx, cy) order that may hold a near pair: (0,+1), (+1,-1..+1).
  auto forward = [&](std::size_t c) {
    std::vector<const Cell*> out{&cells[c]};
    const std::pair<int, int> steps[] = {{0, 1}, {1, -1}, {1, 0}, {1, 1}};
    for (const auto& [dx, dy] : steps) {
      const Cell probe{cells[c].cx + dx, cells[c].cy + dy, 0, 0};
      const auto it = std::lower_bound(cells.begin() + c, cells.end(), probe, [](auto& a, auto& b) {
        return std::tie(a.cx, a.cy) < std::tie(b.cx, b.cy);
      });
      if (it != cells.end() && it->cx == probe.cx && it->cy == probe.cy) out.push_back(&*it);
    }
    return out;
  };

  NearPairs pairs;
  pairs.rows = static_cast<std::size_t>(o.spatial_bands) + (o.same_location_band ? 1 : 0);
  const std::size_t rows = pairs.rows;
  pairs.offsets.assign(n * rows + 1, 0);
  // Pass 1 counts per (event, row); pass 2 fills. Both visit the same candidates.
  auto visit = [&](std::size_t c, auto&& emit) {
    for (const Cell* other : forward(c)) {
      for (std::uint32_t i = cells[c].begin; i < cells[c].end; ++i) {
        const std::uint32_t from = other == &cells[c] ? i + 1 : other->begin;
        for (std::uint32_t j = from; j < other->end; ++j) {
          const int r = classify.row(classify.distance(xs[i] - xs[j], ys[i] - ys[j]));
          if (r >= 0) emit(i, static_cast<std::size_t>(r), j);
        }
      }
    }
  };
  constexpr std::size_t kCellsPerChunk = 64;
  const std::size_t chunks = (cells.size() + kCellsPerChunk - 1) / kCellsPerChunk;
  auto each_cell = [&](auto&& emit) {
    parallel_chunks(o.threads, chunks, [&](std::size_t chunk) {
      const std::size_t end = std::min(cells.size(), (chunk + 1) * kCellsPerChunk);
      for (std::size_t c = chunk * kCellsPerChunk; c < end; ++c) visit(c, emit);
    });
  };
  each_cell([&](std::uint32_t i, std::size_t r, std::uint32_t) { ++pairs.offsets[i * rows + r]; });
  std::uint64_t total = 0;
  for (auto& off : pairs.offsets) {
    const auto count = off;
    off = total;
    total += count;
  }
  pairs.neighbours.resize(total);
  std::vector<std::uint64_t> cursor(pairs.offsets.begin(), pairs.offsets.end() - 1);
  each_cell([&](std::uint32_t i, std::size_t r, std::uint32_t j) {
    pairs.neighbours[cursor[i * rows + r]++] = j;
  });
  return pairs;
}

// Pairs per temporal column over all n(n-1)/2 pairs: cumulative[k] = #{dt < (k+1)·tw}.
std::vector<std::int64_t> all_pairs_within(std::vector<double> times,
                                           std::span<const double> thresholds) {
  std::sort(times.begin(), times.end());
  std::vector<std::int64_t> cumulative;
  for (const double limit : thresholds) {
    std::int64_t count = 0;
    std::size_t j = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      j = std::max(j, i);
      while (j + 1 < times.size() && times[j + 1] - times[i] < limit) ++j;
      count += static_cast<std::int64_t>(j - i);
    }
    cumulative.push_back(count);
  }
  return cumulative;
}

// A xoshiro256** stream per permutation, seeded from (seed, permutation) by splitmix64.
class Random {
 public:
  Random(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t z = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& word : s_) word = splitmix(z);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, range), range < 2^32 (Lemire's multiply-and-reject).
  std::uint32_t below(std::uint32_t range) {
    std::uint64_t m = (next() >> 32) * range;
    if (static_cast<std::uint32_t>(m) < range) {
      const std::uint32_t floor = static_cast<std::uint32_t>(-range) % range;
      while (static_cast<std::uint32_t>(m) < floor) m = (next() >> 32) * range;
    }
    return static_cast<std::uint32_t>(m >> 32);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& z) {
    std::uint64_t r = (z += 0x9E3779B97F4A7C15ull);
    r = (r ^ (r >> 30)) * 0xBF58476D1CE4E5B9ull;
    r = (r ^ (r >> 27)) * 0x94D049BB133111EBull;
    return r ^ (r >> 31);
  }
  std::uint64_t s_[4];
};

// kLanes columns (column 0 = the observed times, column r = permutation r) side by side in one
// GCC vector value, which the compiler lowers to SSE2 or AVX2 instructions.
template <typename TimeT, typename CounterT, int kLanesN>
struct Lanes {
  using Time = TimeT;
  using Counter = CounterT;  // the integer type of a comparison of two Time vectors
  static constexpr int kLanes = kLanesN;
  typedef Time TimeV __attribute__((vector_size(sizeof(Time) * kLanes)));
  typedef Counter CounterV __attribute__((vector_size(sizeof(Counter) * kLanes)));
  // Vectors live in plain arrays of scalars (std::vector does not keep a vector type's alignment)
  // and move in and out with unaligned loads and stores.
  template <typename V, typename T>
  [[gnu::always_inline]] static void load(V& v, const T* p) {
    std::memcpy(&v, p, sizeof v);
  }
  template <typename V, typename T>
  [[gnu::always_inline]] static void store(T* p, const V& v) {
    std::memcpy(p, &v, sizeof v);
  }
};
using ShortLanes = Lanes<std::int16_t, std::int16_t, 16>;
using DoubleLanes = Lanes<double, std::int64_t, 4>;

// Counts the near pairs of each row with dt < thresholds[k], for the kLanes columns of `times`
// (times[i * kLanes + lane] = event i's time in column `lane`), into
// cumulative[(row * bands + k) * kLanes + lane]. The narrow counters are flushed into
// `cumulative` before they could overflow. With kBands > 0 (== bands) the counters of a row stay
// in registers while its neighbours are counted.
template <typename L, int kBands>
[[gnu::always_inline]] inline void count_block(const NearPairs& pairs, std::size_t n,
                                               const typename L::Time* times,
                                               const typename L::Time* thresholds,
                                               std::size_t bands, typename L::Counter* counters,
                                               std::int64_t* cumulative) {
  using CounterV = typename L::CounterV;
  using TimeV = typename L::TimeV;
  constexpr std::size_t kLanes = L::kLanes;
  const std::size_t rows = pairs.rows;
  std::vector<std::uint64_t> pending(rows, 0);
  constexpr std::uint64_t kLimit = std::numeric_limits<typename L::Counter>::max();
  auto flush = [&](std::size_t r) {
    for (std::size_t m = r * bands * kLanes; m < (r + 1) * bands * kLanes; ++m) {
      cumulative[m] += counters[m];
      counters[m] = 0;
    }
    pending[r] = 0;
  };
  TimeV limits[kBands > 0 ? kBands : 1];
  for (int k = 0; k < kBands; ++k) L::load(limits[k], thresholds + k * kLanes);
  const std::uint32_t* neighbours = pairs.neighbours.data();
  for (std::size_t i = 0; i < n; ++i) {
    TimeV a, b;
    L::load(a, times + i * kLanes);
    for (std::size_t r = 0; r < rows; ++r) {
      std::uint64_t begin = pairs.offsets[i * rows + r];
      const std::uint64_t end = pairs.offsets[i * rows + r + 1];
      typename L::Counter* acc = counters + r * bands * kLanes;
      while (begin < end) {
        if (pending[r] == kLimit) flush(r);
        const std::uint64_t room = kLimit - pending[r];
        const std::uint64_t stop = end - begin <= room ? end : begin + room;
        pending[r] += stop - begin;
        if constexpr (kBands > 0) {
          CounterV count[kBands];
          for (int k = 0; k < kBands; ++k) L::load(count[k], acc + k * kLanes);
          for (; begin < stop; ++begin) {
            L::load(b, times + std::size_t{neighbours[begin]} * kLanes);
            const TimeV v = a - b;
            const TimeV dt = v < 0 ? -v : v;
#pragma GCC unroll 16
            for (int k = 0; k < kBands; ++k) count[k] -= dt < limits[k];  // true is -1
          }
          for (int k = 0; k < kBands; ++k) L::store(acc + k * kLanes, count[k]);
        } else {
          TimeV limit;
          CounterV count;
          for (; begin < stop; ++begin) {
            L::load(b, times + std::size_t{neighbours[begin]} * kLanes);
            const TimeV v = a - b;
            const TimeV dt = v < 0 ? -v : v;
            for (std::size_t k = 0; k < bands; ++k) {
              auto* at = acc + k * kLanes;
              L::load(limit, thresholds + k * kLanes);
              L::load(count, at);
              L::store(at, count - (dt < limit));
            }
          }
        }
      }
    }
  }
  for (std::size_t r = 0; r < rows; ++r) flush(r);
}

// Up to 12 temporal bands are counted with the band count fixed at compile time (in steps of 2:
// count_columns pads with thresholds no difference is below), more with a loop.
std::size_t padded_bands(std::size_t bands) { return bands <= 12 ? (bands + 1) / 2 * 2 : bands; }

template <typename L>
[[gnu::always_inline]] inline void count_block_any(const NearPairs& pairs, std::size_t n,
                                                   const typename L::Time* times,
                                                   const typename L::Time* thresholds,
                                                   std::size_t bands, typename L::Counter* counters,
                                                   std::int64_t* cumulative) {
  switch (bands) {
#define LB_FIXED_BANDS(k) \
  case k:                 \
    return count_block<L, k>(pairs, n, times, thresholds, bands, counters, cumulative);
    LB_FIXED_BANDS(2)
    LB_FIXED_BANDS(4)
    LB_FIXED_BANDS(6)
    LB_FIXED_BANDS(8)
    LB_FIXED_BANDS(10)
    LB_FIXED_BANDS(12)
#undef LB_FIXED_BANDS
    default:
      return count_block<L, 0>(pairs, n, times, thresholds, bands, counters, cumulative);
  }
}

// One copy of each for AVX2 and one for any x86-64, chosen when the program loads.
__attribute__((target_clones("avx2", "default"))) void count_block_short(
    const NearPairs& pairs, std::size_t n, const ShortLanes::Time* times,
    const ShortLanes::Time* thresholds, std::size_t bands, ShortLanes::Counter* counters,
    std::int64_t* cumulative) {
  count_block_any<ShortLanes>(pairs, n, times, thresholds, bands, counters, cumulative);
}
__attribute__((target_clones("avx2", "default"))) void count_block_double(
    const NearPairs& pairs, std::size_t n, const DoubleLanes::Time* times,
    const DoubleLanes::Time* thresholds, std::size_t bands, DoubleLanes::Counter* counters,
    std::int64_t* cumulative) {
  count_block_any<DoubleLanes>(pairs, n, times, thresholds, bands, counters, cumulative);
}

template <typename L>
void count_block_dispatch(const NearPairs& pairs, std::size_t n, const typename L::Time* times,
                          const typename L::Time* thresholds, std::size_t bands,
                          typename L::Counter* counters, std::int64_t* cumulative) {
  if constexpr (std::is_same_v<L, ShortLanes>) {
    count_block_short(pairs, n, times, thresholds, bands, counters, cumulative);
  } else {
    count_block_double(pairs, n, times, thresholds, bands, counters, cumulative);
  }
}

// The near-pair counts of every column (0 = observed, r = permutation r) as
// cumulative[(column * rows + row) * bands + k] = near pairs of the row with dt < threshold[k].
template <typename L>
std::vector<std::int64_t> count_columns(const NearPairs& pairs,
                                        std::span<const typename L::Time> base,
                                        std::span<const typename L::Time> thresholds,
                                        const KnoxOptions& o) {
  using Time = typename L::Time;
  constexpr int kLanes = L::kLanes;
  const std::size_t n = base.size(), rows = pairs.rows, bands = thresholds.size();
  const std::size_t columns = static_cast<std::size_t>(o.permutations) + 1;
  const std::size_t blocks = (columns + kLanes - 1) / kLanes;
  std::vector<std::int64_t> cumulative(columns * rows * bands, 0);
  const std::size_t padded = padded_bands(bands);
  std::vector<Time> limits(padded * kLanes, Time{0});  // dt < 0 never holds
  for (std::size_t k = 0; k < bands; ++k) {
    std::fill_n(limits.begin() + static_cast<std::ptrdiff_t>(k * kLanes), kLanes, thresholds[k]);
  }
  const int threads = static_cast<int>(std::min<std::size_t>(o.threads, blocks));
  // Each worker takes blocks from a shared counter; what a column holds depends on its index only.
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::atomic<bool> failed{false};
  auto work = [&] {
    try {
      std::vector<Time> times(n * kLanes), perm(n);
      std::vector<typename L::Counter> counters(rows * padded * kLanes);
      std::vector<std::int64_t> sums(rows * padded * kLanes);
      for (std::size_t block; (block = next++) < blocks;) {
        for (int lane = 0; lane < kLanes; ++lane) {
          const std::size_t column = block * kLanes + lane;
          std::copy(base.begin(), base.end(), perm.begin());
          if (column > 0 && column < columns) {
            Random random(o.seed, column);
            for (std::size_t i = n - 1; i > 0; --i) {
              std::swap(perm[i], perm[random.below(static_cast<std::uint32_t>(i + 1))]);
            }
          }
          for (std::size_t i = 0; i < n; ++i) times[i * kLanes + lane] = perm[i];
        }
        std::fill(sums.begin(), sums.end(), 0);
        std::fill(counters.begin(), counters.end(), 0);
        count_block_dispatch<L>(pairs, n, times.data(), limits.data(), padded, counters.data(),
                                sums.data());
        for (int lane = 0; lane < kLanes; ++lane) {
          const std::size_t column = block * kLanes + lane;
          if (column >= columns) break;
          for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t k = 0; k < bands; ++k) {
              cumulative[(column * rows + r) * bands + k] = sums[(r * padded + k) * kLanes + lane];
            }
          }
        }
      }
    } catch (...) {
      if (!failed.exchange(true)) error = std::current_exception();
      next = blocks;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
  return cumulative;
}

// Cell counts of one column: near rows from the cumulative counts, the far row as all pairs of
// the temporal column minus the near ones.
void column_cells(std::span<const std::int64_t> cumulative, std::span<const std::int64_t> row_pairs,
                  std::span<const std::int64_t> column_pairs, std::size_t bands,
                  std::span<std::int64_t> out) {
  const std::size_t rows = row_pairs.size(), columns = bands + 1;
  for (std::size_t k = 0; k < columns; ++k) out[rows * columns + k] = column_pairs[k];
  for (std::size_t r = 0; r < rows; ++r) {
    const auto* cum = cumulative.data() + r * bands;
    for (std::size_t k = 0; k < columns; ++k) {
      const std::int64_t below = k == 0 ? 0 : cum[k - 1];
      const std::int64_t upto = k < bands ? cum[k] : row_pairs[r];
      out[r * columns + k] = upto - below;
      out[rows * columns + k] -= upto - below;
    }
  }
}

}  // namespace

KnoxResult knox_test(std::span<const double> x, std::span<const double> y,
                     std::span<const double> t, const KnoxOptions& o) {
  validate(x, y, t, o);
  const std::size_t n = x.size();
  std::vector<double> xs(x.begin(), x.end()), ys(y.begin(), y.end());
  if (o.nrc_compatible) {
    for (auto& v : xs) v = static_cast<float>(v);
    for (auto& v : ys) v = static_cast<float>(v);
  }
  std::vector<std::uint32_t> order;
  const NearPairs pairs = near_pairs(xs, ys, order, o);

  std::vector<double> times(n);
  for (std::size_t i = 0; i < n; ++i) {
    times[i] = o.nrc_compatible ? std::floor(t[order[i]]) : t[order[i]];
  }
  const std::size_t bands = static_cast<std::size_t>(o.temporal_bands);
  std::vector<double> thresholds(bands);
  for (std::size_t k = 0; k < bands; ++k) {
    thresholds[k] = static_cast<double>(k + 1) * o.temporal_bandwidth;
  }

  const auto [tmin, tmax] = std::minmax_element(times.begin(), times.end());
  const bool whole_days =
      std::all_of(times.begin(), times.end(), [](double v) { return v == std::floor(v); }) &&
      *tmax - *tmin <= kMaxIntegerSpan;
  std::vector<std::int64_t> cumulative;
  if (whole_days) {
    // dt < k·tw  <=>  dt < ceil(k·tw) for whole dt; dt <= 32766 < 32767.
    const double origin = *tmin;
    std::vector<std::int16_t> base(n), limits(bands);
    for (std::size_t i = 0; i < n; ++i) base[i] = static_cast<std::int16_t>(times[i] - origin);
    for (std::size_t k = 0; k < bands; ++k) {
      limits[k] = static_cast<std::int16_t>(std::min(std::ceil(thresholds[k]), 32767.0));
    }
    cumulative = count_columns<ShortLanes>(pairs, base, limits, o);
  } else {
    cumulative = count_columns<DoubleLanes>(pairs, times, thresholds, o);
  }

  KnoxResult result;
  result.spatial = spatial_bands(o);
  result.temporal = temporal_bands(o);
  result.permutations = o.permutations;
  result.pairs = static_cast<std::int64_t>(n) * static_cast<std::int64_t>(n - 1) / 2;
  const std::size_t rows = pairs.rows, columns = bands + 1, cells = (rows + 1) * columns;

  std::vector<std::int64_t> row_pairs(rows, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t r = 0; r < rows; ++r) {
      row_pairs[r] +=
          static_cast<std::int64_t>(pairs.offsets[i * rows + r + 1] - pairs.offsets[i * rows + r]);
    }
  }
  for (const auto v : row_pairs) result.near_pairs += v;
  const auto within = all_pairs_within(times, thresholds);
  std::vector<std::int64_t> column_pairs(columns);
  for (std::size_t k = 0; k < columns; ++k) {
    column_pairs[k] = (k < bands ? within[k] : result.pairs) - (k == 0 ? 0 : within[k - 1]);
  }

  const std::size_t replicates = static_cast<std::size_t>(o.permutations) + 1;
  std::vector<std::int64_t> counts(replicates * cells);
  for (std::size_t c = 0; c < replicates; ++c) {
    column_cells(std::span(cumulative).subspan(c * rows * bands, rows * bands), row_pairs,
                 column_pairs, bands, std::span(counts).subspan(c * cells, cells));
  }

  result.cells.resize(cells);
  const double nrep = o.permutations;
  for (std::size_t m = 0; m < cells; ++m) {
    KnoxCell& cell = result.cells[m];
    cell.observed = counts[m];
    cell.simulated_min = std::numeric_limits<std::int64_t>::max();
    cell.simulated_max = std::numeric_limits<std::int64_t>::min();
    double sum = 0;
    std::int64_t at_least = 0;
    for (std::size_t c = 1; c < replicates; ++c) {
      const std::int64_t v = counts[c * cells + m];
      sum += static_cast<double>(v);
      cell.simulated_min = std::min(cell.simulated_min, v);
      cell.simulated_max = std::max(cell.simulated_max, v);
      at_least += v >= cell.observed ? 1 : 0;
    }
    cell.simulated_mean = sum / nrep;
    double squares = 0;
    for (std::size_t c = 1; c < replicates; ++c) {
      const double d = static_cast<double>(counts[c * cells + m]) - cell.simulated_mean;
      squares += d * d;
    }
    cell.simulated_sd = o.permutations > 1 ? std::sqrt(squares / (nrep - 1)) : 0;
    if (cell.simulated_mean > 0) {
      cell.knox_ratio = static_cast<double>(cell.observed) / cell.simulated_mean;
    } else {
      cell.knox_ratio = cell.observed == 0 ? 0 : std::numeric_limits<double>::infinity();
    }
    cell.p_value = static_cast<double>(at_least + 1) / (nrep + 1);
  }
  return result;
}

}  // namespace lagesbild::analysis

#include "analysis/kde.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <numbers>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

namespace lagesbild::analysis {
namespace {

constexpr double kGaussianReachSigmas = 6.0;

[[noreturn]] void reject(const std::string& field, const std::string& why) {
  throw std::invalid_argument(field + ": " + why);
}

std::string indexed(const char* name, std::size_t i) {
  return std::string(name) + "[" + std::to_string(i) + "]";
}

// Memory from fftw_malloc (aligned as FFTW's plans expect), freed on scope exit.
template <typename T>
class FftwBuffer {
 public:
  explicit FftwBuffer(std::size_t n) : data_(static_cast<T*>(fftw_malloc(sizeof(T) * n))) {
    if (data_ == nullptr) throw std::bad_alloc();
  }
  ~FftwBuffer() { fftw_free(data_); }
  FftwBuffer(const FftwBuffer&) = delete;
  FftwBuffer& operator=(const FftwBuffer&) = delete;
  T* get() const { return data_; }

 private:
  T* data_;
};

// A forward (real → half complex) and inverse plan for an n0 × n1 real grid. Made once per size
// with FFTW_MEASURE and never destroyed; executing a plan on new arrays is thread-safe.
struct FftPlans {
  fftw_plan forward = nullptr;
  fftw_plan inverse = nullptr;
};

FftPlans plans_for(int n0, int n1) {
  static std::mutex mutex;
  static std::map<std::pair<int, int>, FftPlans> cache;
  std::lock_guard lock(mutex);
  auto found = cache.find({n0, n1});
  if (found != cache.end()) return found->second;
  const std::size_t real_size = static_cast<std::size_t>(n0) * n1;
  const std::size_t complex_size = static_cast<std::size_t>(n0) * (n1 / 2 + 1);
  FftwBuffer<double> real(real_size);
  FftwBuffer<fftw_complex> spectrum(complex_size);
  FftPlans plans;
  plans.forward = fftw_plan_dft_r2c_2d(n0, n1, real.get(), spectrum.get(), FFTW_MEASURE);
  plans.inverse = fftw_plan_dft_c2r_2d(n0, n1, spectrum.get(), real.get(), FFTW_MEASURE);
  if (plans.forward == nullptr || plans.inverse == nullptr) {
    throw std::runtime_error("FFTW could not plan a " + std::to_string(n0) + " x " +
                             std::to_string(n1) + " transform");
  }
  cache.emplace(std::make_pair(n0, n1), plans);
  return plans;
}

// The smallest n' >= n whose prime factors are all 2, 3, 5 or 7 (FFTW's fast sizes).
int fast_fft_size(int n) {
  for (int m = std::max(n, 1);; ++m) {
    int r = m;
    for (int p : {2, 3, 5, 7}) {
      while (r % p == 0) r /= p;
    }
    if (r == 1) return m;
  }
}

void validate(const RasterSpec& raster, std::span<const double> x, std::span<const double> y,
              const KdeOptions& options) {
  if (!std::isfinite(raster.origin_x)) reject("raster.origin_x", "must be finite");
  if (!std::isfinite(raster.origin_y)) reject("raster.origin_y", "must be finite");
  if (!std::isfinite(raster.cell_size) || raster.cell_size <= 0) {
    reject("raster.cell_size", "must be a finite number of metres > 0");
  }
  if (raster.cols < 1) reject("raster.cols", "must be at least 1");
  if (raster.rows < 1) reject("raster.rows", "must be at least 1");
  if (static_cast<std::int64_t>(raster.cols) * raster.rows > kMaxRasterCells) {
    reject("raster.cols", "cols × rows exceeds " + std::to_string(kMaxRasterCells) + " cells");
  }
  if (!std::isfinite(options.bandwidth) || options.bandwidth <= 0) {
    reject("bandwidth", "must be a finite number of metres > 0");
  }
  if (options.kernel == DensityKernel::kGaussian &&
      options.scale == BandwidthScale::kSupportRadius) {
    reject("scale", "a Gaussian kernel has no support radius; give its standard deviation");
  }
  if (options.threads != 1 && options.threads != 2) reject("threads", "must be 1 or 2");
  if (y.size() != x.size()) reject("y", "must have as many values as x");
  if (!options.weights.empty() && options.weights.size() != x.size()) {
    reject("weights", "must be empty or have one value per point");
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) reject(indexed("x", i), "not a finite coordinate");
    if (!std::isfinite(y[i])) reject(indexed("y", i), "not a finite coordinate");
  }
  for (std::size_t i = 0; i < options.weights.size(); ++i) {
    const double w = options.weights[i];
    if (!std::isfinite(w) || w < 0) reject(indexed("weights", i), "must be finite and >= 0");
  }
}

// The geometry of one computation: the raster grown by `reach` cells on every side, padded to
// n0 × n1 (rows × columns) for the transform.
struct PaddedGrid {
  int reach = 0;
  int n0 = 0;
  int n1 = 0;
  std::size_t real_size() const { return static_cast<std::size_t>(n0) * n1; }
  std::size_t complex_size() const { return static_cast<std::size_t>(n0) * (n1 / 2 + 1); }
};

// The kernel sampled at cell-centre offsets (di, dj), |di|, |dj| <= reach, normalised to sum 1,
// written into `out` (n0 × n1, zeroed) at the wrapped positions a circular convolution expects.
void write_kernel(const PaddedGrid& g, const KdeOptions& options, double cell, double* out) {
  const int k = g.reach;
  const int side = 2 * k + 1;
  std::vector<double> values(static_cast<std::size_t>(side) * side);
  if (options.kernel == DensityKernel::kGaussian) {
    std::vector<double> profile(side);
    const double step = cell / options.bandwidth;
    for (int i = -k; i <= k; ++i) profile[i + k] = std::exp(-0.5 * (i * step) * (i * step));
    for (int i = 0; i < side; ++i) {
      for (int j = 0; j < side; ++j) values[i * side + j] = profile[i] * profile[j];
    }
  } else {
    const double h = quartic_radius(options.bandwidth, options.scale);
    const double c = (cell / h) * (cell / h);
    for (int i = -k; i <= k; ++i) {
      for (int j = -k; j <= k; ++j) {
        const double u = std::max(0.0, 1.0 - (i * i + j * j) * c);
        values[(i + k) * side + (j + k)] = u * u;
      }
    }
  }
  double sum = 0;
  for (double v : values) sum += v;
  std::fill(out, out + g.real_size(), 0.0);
  for (int i = -k; i <= k; ++i) {
    const int row = (i + g.n0) % g.n0;
    for (int j = -k; j <= k; ++j) {
      const int col = (j + g.n1) % g.n1;
      out[static_cast<std::size_t>(row) * g.n1 + col] += values[(i + k) * side + (j + k)] / sum;
    }
  }
}

// Linear binning: each point's weight split bilinearly onto the four nearest cell centres of the
// grown grid, added into `out` (n0 × n1). Returns how many points were too far outside to reach
// the raster.
std::int64_t bin_points(const PaddedGrid& g, const RasterSpec& raster, std::span<const double> x,
                        std::span<const double> y, std::span<const double> weights, double* out) {
  const int width = raster.cols + 2 * g.reach;
  const int height = raster.rows + 2 * g.reach;
  // Shifted by one cell so that every point within reach has a positive coordinate and a cast
  // truncates as floor would.
  const double shift = g.reach - 0.5 + 1;
  const double per_cell = 1 / raster.cell_size;
  std::int64_t out_of_reach = 0;
  for (std::size_t p = 0; p < x.size(); ++p) {
    const double gx = (x[p] - raster.origin_x) * per_cell + shift;
    const double gy = (y[p] - raster.origin_y) * per_cell + shift;
    if (!(gx >= 0 && gx < width + 1 && gy >= 0 && gy < height + 1)) {
      ++out_of_reach;
      continue;
    }
    const double w = weights.empty() ? 1.0 : weights[p];
    const int col = static_cast<int>(gx);
    const int row = static_cast<int>(gy);
    const double tx = gx - col;
    const double ty = gy - row;
    const int c0 = col - 1;  // undo the shift
    const int r0 = row - 1;
    // A bin just outside the grown grid is beyond the kernel's reach from every raster cell.
    if (c0 >= 0 && c0 + 1 < width && r0 >= 0 && r0 + 1 < height) {
      double* at = out + static_cast<std::size_t>(r0) * g.n1 + c0;
      at[0] += (1 - tx) * (1 - ty) * w;
      at[1] += tx * (1 - ty) * w;
      at[g.n1] += (1 - tx) * ty * w;
      at[g.n1 + 1] += tx * ty * w;
      continue;
    }
    const double parts[4] = {(1 - tx) * (1 - ty) * w, tx * (1 - ty) * w, (1 - tx) * ty * w,
                             tx * ty * w};
    for (int q = 0; q < 4; ++q) {
      const int r = r0 + q / 2;
      const int c = c0 + q % 2;
      if (r >= 0 && r < height && c >= 0 && c < width) {
        out[static_cast<std::size_t>(r) * g.n1 + c] += parts[q];
      }
    }
  }
  return out_of_reach;
}

// a ← a × b, element by element over the half spectrum.
void multiply_spectra(fftw_complex* a, const fftw_complex* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const double re = a[i][0] * b[i][0] - a[i][1] * b[i][1];
    const double im = a[i][0] * b[i][1] + a[i][1] * b[i][0];
    a[i][0] = re;
    a[i][1] = im;
  }
}

}  // namespace

double quartic_radius(double bandwidth, BandwidthScale scale) {
  // The quartic's variance per coordinate is h² / 8 (spatstat: sd 0.3535534 at h = 1).
  return scale == BandwidthScale::kStandardDeviation ? std::sqrt(8.0) * bandwidth : bandwidth;
}

double DensityRaster::mass() const {
  double sum = 0;
  for (double d : density) sum += d;
  return sum * raster.cell_size * raster.cell_size;
}

DensityRaster kernel_density(const RasterSpec& raster, std::span<const double> x,
                             std::span<const double> y, const KdeOptions& options) {
  validate(raster, x, y, options);
  DensityRaster result;
  result.raster = raster;
  if (options.weights.empty()) {
    result.total_weight = static_cast<double>(x.size());
  } else {
    for (double w : options.weights) result.total_weight += w;
  }
  result.density.assign(static_cast<std::size_t>(raster.cols) * raster.rows, 0.0);
  if (x.empty()) return result;

  const double reach_metres = options.kernel == DensityKernel::kGaussian
                                  ? kGaussianReachSigmas * options.bandwidth
                                  : quartic_radius(options.bandwidth, options.scale);
  const double reach_cells = std::ceil(reach_metres / raster.cell_size);
  PaddedGrid g;
  if (reach_cells > static_cast<double>(kMaxPaddedCells)) {
    reject("bandwidth", "the kernel reaches too far for this raster's cell size");
  }
  g.reach = static_cast<int>(reach_cells);
  const std::int64_t n0 = static_cast<std::int64_t>(raster.rows) + 2LL * g.reach;
  const std::int64_t n1 = static_cast<std::int64_t>(raster.cols) + 2LL * g.reach;
  if (n0 * n1 > kMaxPaddedCells) {
    reject("bandwidth", "the raster grown by the kernel's reach exceeds " +
                            std::to_string(kMaxPaddedCells) + " cells");
  }
  g.n0 = fast_fft_size(static_cast<int>(n0));
  g.n1 = fast_fft_size(static_cast<int>(n1));
  const FftPlans plans = plans_for(g.n0, g.n1);

  FftwBuffer<double> data(g.real_size());
  FftwBuffer<fftw_complex> data_spectrum(g.complex_size());
  FftwBuffer<double> kernel(g.real_size());
  FftwBuffer<fftw_complex> kernel_spectrum(g.complex_size());
  std::vector<double> edge;  // the kernel's share inside the raster, per padded cell
  std::unique_ptr<FftwBuffer<fftw_complex>> window_spectrum;
  if (options.edge_correction) {
    window_spectrum = std::make_unique<FftwBuffer<fftw_complex>>(g.complex_size());
    edge.resize(g.real_size());
  }

  auto transform_kernel = [&] {
    write_kernel(g, options, raster.cell_size, kernel.get());
    fftw_execute_dft_r2c(plans.forward, kernel.get(), kernel_spectrum.get());
    if (!options.edge_correction) return;
    // The raster's indicator convolved with the kernel; `kernel` is reused as scratch.
    std::fill(kernel.get(), kernel.get() + g.real_size(), 0.0);
    for (int r = 0; r < raster.rows; ++r) {
      double* row = kernel.get() + static_cast<std::size_t>(r + g.reach) * g.n1 + g.reach;
      std::fill(row, row + raster.cols, 1.0);
    }
    fftw_complex* window = window_spectrum->get();
    fftw_execute_dft_r2c(plans.forward, kernel.get(), window);
    multiply_spectra(window, kernel_spectrum.get(), g.complex_size());
    fftw_execute_dft_c2r(plans.inverse, window, kernel.get());
    std::copy(kernel.get(), kernel.get() + g.real_size(), edge.begin());
  };
  std::fill(data.get(), data.get() + g.real_size(), 0.0);
  if (options.threads == 2) {
    // The second thread transforms the kernel, then bins the second half of the points into a
    // grid of its own while the first bins the first half; the two grids are then added.
    const std::size_t half = x.size() / 2;
    const auto first =
        std::span<const double>(options.weights).first(options.weights.empty() ? 0 : half);
    const auto second =
        std::span<const double>(options.weights).subspan(options.weights.empty() ? 0 : half);
    FftwBuffer<double> second_bins(g.real_size());
    std::int64_t second_out = 0;
    std::thread helper([&] {
      transform_kernel();
      std::fill(second_bins.get(), second_bins.get() + g.real_size(), 0.0);
      second_out =
          bin_points(g, raster, x.subspan(half), y.subspan(half), second, second_bins.get());
    });
    result.points_out_of_reach =
        bin_points(g, raster, x.first(half), y.first(half), first, data.get());
    helper.join();
    result.points_out_of_reach += second_out;
    const std::size_t used = static_cast<std::size_t>(raster.rows + 2 * g.reach) * g.n1;
    for (std::size_t i = 0; i < used; ++i) data.get()[i] += second_bins.get()[i];
  } else {
    transform_kernel();
    result.points_out_of_reach = bin_points(g, raster, x, y, options.weights, data.get());
  }
  fftw_execute_dft_r2c(plans.forward, data.get(), data_spectrum.get());

  multiply_spectra(data_spectrum.get(), kernel_spectrum.get(), g.complex_size());
  fftw_execute_dft_c2r(plans.inverse, data_spectrum.get(), data.get());

  // FFTW's inverse is unnormalised: divide by the grid size, and by the cell area for a density.
  const double unscale = 1.0 / static_cast<double>(g.real_size());
  const double per_area = unscale / (raster.cell_size * raster.cell_size);
  for (int r = 0; r < raster.rows; ++r) {
    const std::size_t from = static_cast<std::size_t>(r + g.reach) * g.n1 + g.reach;
    double* to = result.density.data() + static_cast<std::size_t>(r) * raster.cols;
    for (int c = 0; c < raster.cols; ++c) {
      double value = data.get()[from + c] * per_area;
      if (options.edge_correction) {
        const double share = edge[from + c] * unscale;
        value = share > 0 ? value / share : value;
      }
      to[c] = value > 0 ? value : 0.0;  // round-off leaves tiny negatives where there is nothing
    }
  }
  return result;
}

}  // namespace lagesbild::analysis

// Kernel density of points on a raster: quartic (biweight) and Gaussian kernels with a fixed
// bandwidth, optional point weights, computed by linear binning and an FFT convolution (FFTW).
//
// Owns: the density surface and its numerics. May use: the standard library and FFTW. Pure
// computation over the caller's x/y arrays (projected metres). kernel_density() is safe to call
// from several threads at once: FFTW plans are made once per transform size under a lock and
// kept for the life of the process (other code in the process that makes FFTW plans must not
// do so concurrently with a first call for a new size).
//
// Method. Each point's weight is split bilinearly onto the four nearest cell centres (linear
// binning), the binned grid is convolved with the kernel sampled at cell-centre offsets, and the
// result is divided by the cell area. The sampled kernel is normalised to sum to exactly 1 over
// its support, so the density integrates to the total weight over the plane; the raster holds
// the part that falls on it. Against the exact sum over points, the error at any cell is at most
// total weight × (cell² / 4) × max |∂²k/∂x²| (the bilinear interpolation bound; for the Gaussian
// 1 / (2π σ⁴), for the quartic 24 / (π h⁴)), plus the normalisation's relative change.
// The convolution is zero-padded (no wrap-around): the grid is the raster grown by the kernel's
// reach on every side, rounded up to a size FFTW handles fast.
//
// Kernels and the scale of the bandwidth (state which one you mean):
//   Gaussian: k(r) = exp(−r² / 2σ²) / (2πσ²), bandwidth = σ, the standard deviation of each
//     coordinate. Sampled out to 6σ in x and y (the mass beyond is below 1e-8).
//   Quartic (biweight): k(r) = 3 / (πh²) · (1 − r² / h²)² for r < h, else 0, with radius h.
//     - BandwidthScale::kStandardDeviation (spatstat's density.ppp(sigma =, kernel = "quartic")):
//       the bandwidth is the kernel's standard deviation per coordinate and h = √8 · σ.
//     - BandwidthScale::kSupportRadius (CrimeStat, ArcGIS Kernel Density's search radius):
//       the bandwidth is h itself.
//   A Gaussian has no support radius: kSupportRadius with the Gaussian is rejected.
//
// Edges. By default no edge correction (spatstat's edge = FALSE): near the raster's border the
// density is lower because part of the kernel's mass falls off the raster. Points outside the
// raster but within the kernel's reach contribute to it. With edge_correction (spatstat's
// edge = TRUE, uniform correction) the raster is taken as the study window and each cell's value
// is divided by the share of the kernel centred there that falls inside the raster.
//
// Differences from spatstat's density.ppp: spatstat assigns each point to its nearest pixel
// (we bin linearly: a smaller error), normalises the kernel over a window twice the raster
// (we normalise over the kernel's support: the two agree whenever the support fits in the
// raster) and drops points outside its window (we keep those within reach).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace lagesbild::analysis {

// A raster of cols × rows square cells of cell_size metres whose south-west corner is
// (origin_x, origin_y). Row 0 is the southernmost; values are row-major, row * cols + col.
struct RasterSpec {
  double origin_x = 0;
  double origin_y = 0;
  double cell_size = 0;
  int cols = 0;
  int rows = 0;
};

// The largest raster accepted (4096 × 4096 cells), and the largest padded FFT grid (raster
// grown by the kernel's reach): 2^25 cells, about 1 GB of working memory.
inline constexpr std::int64_t kMaxRasterCells = 4096LL * 4096LL;
inline constexpr std::int64_t kMaxPaddedCells = 1LL << 25;

enum class DensityKernel { kQuartic, kGaussian };
enum class BandwidthScale { kStandardDeviation, kSupportRadius };

struct KdeOptions {
  DensityKernel kernel = DensityKernel::kQuartic;
  double bandwidth = 0;  // metres, in the scale below
  BandwidthScale scale = BandwidthScale::kStandardDeviation;
  std::span<const double> weights;  // empty: each point weighs 1; else finite and >= 0
  bool edge_correction = false;
  // 1 or 2. With 2, a second thread transforms the kernel and bins half of the points while the
  // first bins the other half (the three transforms themselves run on one thread each).
  int threads = 2;
};

struct DensityRaster {
  RasterSpec raster;
  std::vector<double> density;  // points (or weight) per square metre, row-major, >= 0, finite
  double total_weight = 0;      // of all points given
  std::int64_t points_out_of_reach = 0;  // too far outside the raster to add to it

  double at(int row, int col) const {
    return density[static_cast<std::size_t>(row) * raster.cols + col];
  }
  // Σ density × cell area: the total weight less what fell off the raster.
  double mass() const;
};

// The kernel density of the points (x[i], y[i]) on `raster`. Empty input gives a zero raster.
// Throws std::invalid_argument naming the field: "raster.cell_size" / "raster.cols" /
// "raster.rows" / "raster.origin_x" (non-finite or non-positive, or more than kMaxRasterCells),
// "bandwidth" (non-finite or <= 0, or a kernel reaching so far that the padded grid exceeds
// kMaxPaddedCells), "scale", "threads", "y" / "weights" (length), "x[i]" / "y[i]" (not finite),
// "weights[i]" (not finite or negative).
DensityRaster kernel_density(const RasterSpec& raster, std::span<const double> x,
                             std::span<const double> y, const KdeOptions& options);

// The quartic radius h for a bandwidth in the given scale (√8 · σ or the bandwidth itself).
double quartic_radius(double bandwidth, BandwidthScale scale);

}  // namespace lagesbild::analysis

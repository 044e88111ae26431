// Spatial weights: who is whose neighbour, and how much each neighbour counts.
//
// The weights are sparse and stored row by row (CSR): observation i's neighbours are
// neighbours[offsets[i] .. offsets[i+1]) with the matching weights. They are built from points
// (distance band, k nearest neighbours), from polygons (queen or rook contiguity, as
// spdep::poly2nb), or from a regular lattice, and read from or written to the GeoDa/PySAL
// `.gal` and `.gwt` text formats.
//
// Isolates (observations without neighbours) are allowed everywhere: their row is empty. The
// local statistics (local_statistics.h) give them z = 0 and p = 1 rather than NaN.
//
// Owns: the weights' structure and their builders. No I/O: the formats are strings in and out.
// Pure computation; every function is thread-safe; a SpatialWeights is a value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lagesbild::analysis {

// Binary ("B" in spdep): every neighbour weighs 1. Row-standardised ("W" in spdep, "R" in
// PySAL): each row's weights are divided by the row's sum, so they sum to 1 (isolates stay
// empty).
enum class WeightStyle { binary, row_standardised };

// Queen: polygons (or lattice cells) that share at least one vertex are neighbours. Rook: they
// must share an edge (for polygons, as spdep::poly2nb: at least two vertex pairs within snap).
enum class Contiguity { queen, rook };

struct WeightOptions {
  // Each observation is its own neighbour (weight 1 before standardising): what Gi* needs.
  // spdep::include.self.
  bool include_self = false;
  WeightStyle style = WeightStyle::binary;
};

struct SpatialWeights {
  std::vector<std::size_t> offsets{0};  // size() + 1 entries, offsets[0] == 0
  std::vector<std::uint32_t> neighbours;
  std::vector<double> weights;  // one per neighbour, > 0
  bool self_included = false;   // every observation lists itself (Gi*)

  std::size_t size() const { return offsets.size() - 1; }
  std::span<const std::uint32_t> neighbours_of(std::size_t i) const {
    return {neighbours.data() + offsets[i], offsets[i + 1] - offsets[i]};
  }
  std::span<const double> weights_of(std::size_t i) const {
    return {weights.data() + offsets[i], offsets[i + 1] - offsets[i]};
  }
  // Observations with no neighbour other than possibly themselves.
  std::size_t isolates() const;
};

// Builds weights from neighbour lists (one list per observation, indexes < lists.size(), no
// duplicates, no self). Applies `options`. Throws std::invalid_argument naming the observation
// when an index is out of range, duplicated or self.
SpatialWeights weights_from_neighbours(const std::vector<std::vector<std::uint32_t>>& lists,
                                       const WeightOptions& options = {});

// Applies `options` to weights: adds each observation as its own neighbour with weight 1 where
// it is missing (include_self), then, for row_standardised, divides each row by its sum. Meant
// for binary weights (builders, GAL): nb2listw(include.self(nb), style = "W") in spdep terms.
SpatialWeights with_style(const SpatialWeights& w, const WeightOptions& options);

struct Point {
  double x = 0;
  double y = 0;
};

// Neighbours within Euclidean distance: 0 <= d(i, j) <= threshold, j != i (spdep::dnearneigh
// with d1 = 0, bounds GE/LE: coincident points are neighbours). Uses a uniform grid with cells
// of size `threshold`, so the cost is O(n + pairs). Throws std::invalid_argument for a negative
// or non-finite threshold or a non-finite coordinate (naming the point).
SpatialWeights distance_band_weights(std::span<const Point> points, double threshold,
                                     const WeightOptions& options = {});

// Each point's k nearest other points (spdep::knearneigh + knn2nb; not symmetric). Ties in
// distance are broken by the lower index. Uses a uniform grid searched ring by ring. Throws
// std::invalid_argument when k < 1 or k >= number of points, or a coordinate is not finite.
SpatialWeights knn_weights(std::span<const Point> points, int k, const WeightOptions& options = {});

// A polygon is its rings (outer first, then holes), each a list of vertices; a closing vertex
// equal to the first is optional.
using Ring = std::vector<Point>;
using Polygon = std::vector<Ring>;

// Contiguity as spdep::poly2nb: two polygons are queen neighbours when at least one vertex of
// one lies within `snap` (Euclidean) of a vertex of the other, rook neighbours when at least two
// such vertex pairs exist (the rings' closing vertex is not counted twice). The default snap is
// spdep's, sqrt(DBL_EPSILON). A hashed grid of vertices keeps the cost O(vertices). Throws
// std::invalid_argument naming the polygon for an empty polygon or a non-finite coordinate.
inline constexpr double kDefaultSnap = 1.4901161193847656e-08;
SpatialWeights contiguity_weights(std::span<const Polygon> polygons, Contiguity contiguity,
                                  double snap = kDefaultSnap, const WeightOptions& options = {});

// The cells of a rows × cols lattice, numbered row by row (i = r * cols + c), as
// spdep::cell2nb(nrow = rows, ncol = cols, type, torus = FALSE). O(cells). Throws
// std::invalid_argument when rows or cols is 0 or the lattice has more than 2^32 - 1 cells.
SpatialWeights lattice_weights(std::size_t rows, std::size_t cols, Contiguity contiguity,
                               const WeightOptions& options = {});

// Weights whose observations are named by ids, as read from a file.
struct IdentifiedWeights {
  std::vector<std::string> ids;  // ids[i] names observation i
  SpatialWeights weights;
};

// GeoDa/PySAL GAL: a header line "n" or "0 n [shape_file] [id_field]", then per observation a
// line "id k" and a line with its k neighbours' ids. Weights are binary; a row listing its own
// id keeps it (self_included is set when every row does). Throws std::invalid_argument whose
// message starts with "line N:" for a malformed header or row, a neighbour count that does not
// match, a duplicate id, a neighbour id that has no row, or a row count different from n.
IdentifiedWeights parse_gal(std::string_view text);

// GeoDa/PySAL GWT: a header line "0 n [shape_file] [id_field]" (or "n"), then lines
// "from_id to_id weight". Observations are numbered in order of first appearance; ids that
// never appear cannot be represented (align them with align_weights, which makes them
// isolates). Throws std::invalid_argument ("line N: ...") for a malformed line, a weight that is
// not a finite positive number, a repeated pair, or more than n distinct ids.
IdentifiedWeights parse_gwt(std::string_view text);

// The text of a GAL (neighbours only; weights are not written) or GWT file for `w` with
// observation i named ids[i]. The header is "0 n unknown id". Throws std::invalid_argument when
// ids.size() differs from w.size(), an id is empty or contains whitespace, or ids repeat.
std::string to_gal(const SpatialWeights& w, std::span<const std::string> ids);
std::string to_gwt(const SpatialWeights& w, std::span<const std::string> ids);

// Reorders `weights` to follow `value_ids` (the order of the values to analyse): observation i
// of the result is value_ids[i]. Ids of the values absent from the weights become isolates.
// Throws std::invalid_argument naming the id when value_ids repeats an id or the weights name an
// id that is not among the values.
SpatialWeights align_weights(const IdentifiedWeights& weights,
                             std::span<const std::string> value_ids);

}  // namespace lagesbild::analysis

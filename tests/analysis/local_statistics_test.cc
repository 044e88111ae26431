#include "analysis/local_statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/weights.h"

namespace lagesbild::analysis {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// R's spdep as the oracle: the inputs go to a temporary directory, one Rscript run builds the
// same neighbours there (dnearneigh, knearneigh, cell2nb, poly2nb, read.gal) and writes
// localG (Gi and Gi*) and localmoran as CSV.

struct Dataset {
  std::string name;
  std::vector<double> values;
  SpatialWeights neighbours;  // binary, no self: what the R code builds as its nb
  WeightStyle style;
  std::string r_nb;  // R expression for the same nb
};

fs::path make_temp_dir() {
  std::string templ = (fs::temp_directory_path() / "lb-localstat-XXXXXX").string();
  if (mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return templ;
}

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string r_double(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

std::vector<std::vector<double>> read_csv(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::vector<double>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<double> row;
    std::stringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, ',')) {
      row.push_back(cell == "NA" || cell == "NaN" || cell == "\"NaN\"" ? NAN : std::stod(cell));
    }
    rows.push_back(row);
  }
  return rows;
}

std::vector<Point> random_points(std::size_t n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 100);
  std::vector<Point> pts(n);
  for (auto& p : pts) p = {u(rng), u(rng)};
  return pts;
}

// Counts with some clustering: a bump around (cx, cy) plus noise.
std::vector<double> clustered_counts(const std::vector<Point>& pts, std::mt19937_64& rng) {
  std::vector<double> v;
  for (const auto& p : pts) {
    const double d2 = (p.x - 30) * (p.x - 30) + (p.y - 60) * (p.y - 60);
    std::poisson_distribution<int> pois(1 + 12 * std::exp(-d2 / 400));
    v.push_back(pois(rng));
  }
  return v;
}

Polygon quad(Point a, Point b, Point c, Point d) { return {{a, b, c, d, a}}; }

std::string wkt(const Polygon& poly) {
  std::string s = "POLYGON (";
  for (std::size_t r = 0; r < poly.size(); ++r) {
    s += r ? ", (" : "(";
    Ring ring = poly[r];
    if (ring.front().x != ring.back().x || ring.front().y != ring.back().y)
      ring.push_back(ring.front());
    for (std::size_t v = 0; v < ring.size(); ++v) {
      if (v) s += ", ";
      s += r_double(ring[v].x) + " " + r_double(ring[v].y);
    }
    s += ")";
  }
  return s + ")";
}

// Sets of neighbour pairs (1-based, as R writes them) of a weights object.
std::vector<std::pair<int, int>> pairs_of(const SpatialWeights& w) {
  std::vector<std::pair<int, int>> out;
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (auto j : w.neighbours_of(i)) out.emplace_back(static_cast<int>(i) + 1, j + 1);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class SpdepOracle : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(make_temp_dir());
    std::mt19937_64 rng(7);
    std::string script =
        "suppressMessages(library(spdep))\n"
        "d <- '" +
        dir_->string() +
        "'\n"
        "run <- function(name, nb, style) {\n"
        "  x <- read.csv(file.path(d, paste0(name, '_values.csv')))$v\n"
        "  lw <- nb2listw(nb, style = style, zero.policy = TRUE)\n"
        "  lws <- nb2listw(include.self(nb), style = style, zero.policy = TRUE)\n"
        "  gi <- as.numeric(localG(x, lw, zero.policy = TRUE))\n"
        "  gs <- as.numeric(localG(x, lws, zero.policy = TRUE))\n"
        "  lm <- localmoran(x, lw, zero.policy = TRUE)\n"
        "  write.csv(data.frame(gi = gi, gistar = gs, ii = lm[, 1], eii = lm[, 2], vii = lm[, 3],\n"
        "    zii = lm[, 4]), file.path(d, paste0(name, '_r.csv')), row.names = FALSE)\n"
        "  p <- do.call(rbind, lapply(seq_along(nb), function(i)\n"
        "    if (nb[[i]][1] == 0) NULL else cbind(i, nb[[i]])))\n"
        "  write.csv(p, file.path(d, paste0(name, '_nb.csv')), row.names = FALSE)\n"
        "}\n";

    // Points: a distance band (binary, with isolates) and 5 nearest neighbours (row-standardised).
    const auto pts = random_points(80, rng);
    const auto counts = clustered_counts(pts, rng);
    std::string points_csv = "x,y\n";
    for (const auto& p : pts) points_csv += r_double(p.x) + "," + r_double(p.y) + "\n";
    write_file(*dir_ / "points.csv", points_csv);
    script += "xy <- as.matrix(read.csv(file.path(d, 'points.csv')))\n";
    add({"band", counts, distance_band_weights(pts, 14.0), WeightStyle::binary,
         "dnearneigh(xy, 0, 14)"},
        script);
    std::vector<double> continuous;
    std::normal_distribution<double> normal(0, 1);
    for (std::size_t i = 0; i < pts.size(); ++i) continuous.push_back(pts[i].x / 20 + normal(rng));
    add({"knn", continuous, knn_weights(pts, 5), WeightStyle::row_standardised,
         "knn2nb(knearneigh(xy, k = 5))"},
        script);

    // Lattices: queen binary, rook row-standardised (cell2nb numbers cells row by row).
    std::vector<double> lattice_values;
    for (int r = 0; r < 7; ++r) {
      for (int c = 0; c < 9; ++c) {
        std::poisson_distribution<int> pois(r < 3 && c < 4 ? 6 : 2);
        lattice_values.push_back(pois(rng));
      }
    }
    add({"queen", lattice_values, lattice_weights(7, 9, Contiguity::queen), WeightStyle::binary,
         "cell2nb(7, 9, type = 'queen')"},
        script);
    add({"rook", lattice_values, lattice_weights(7, 9, Contiguity::rook),
         WeightStyle::row_standardised, "cell2nb(7, 9, type = 'rook')"},
        script);

    // Polygons: a 5 × 6 grid of quadrilaterals with jittered inner corners, a triangle touching
    // one outer corner (within snap: queen, not rook), and an island.
    std::uniform_real_distribution<double> jitter(-0.3, 0.3);
    std::vector<std::vector<Point>> corner(7, std::vector<Point>(6));
    for (int r = 0; r <= 5; ++r) {
      for (int c = 0; c <= 6; ++c) {
        const bool inner = r > 0 && r < 5 && c > 0 && c < 6;
        corner[c][r] = {c + (inner ? jitter(rng) : 0), r + (inner ? jitter(rng) : 0)};
      }
    }
    std::vector<Polygon> polygons;
    for (int r = 0; r < 5; ++r) {
      for (int c = 0; c < 6; ++c)
        polygons.push_back(
            quad(corner[c][r], corner[c + 1][r], corner[c + 1][r + 1], corner[c][r + 1]));
    }
    polygons.push_back({{{6 + 4e-9, 5 + 3e-9}, {8, 5}, {7, 7}}});      // touches corner (6, 5)
    polygons.push_back(quad({20, 20}, {21, 20}, {21, 21}, {20, 21}));  // island
    std::vector<double> polygon_values;
    std::string polygons_csv = "wkt\n";
    for (const auto& p : polygons) {
      polygons_csv += "\"" + wkt(p) + "\"\n";
      polygon_values.push_back(std::uniform_int_distribution<int>(0, 9)(rng));
    }
    write_file(*dir_ / "polygons.csv", polygons_csv);
    script += "pl <- sf::st_as_sfc(read.csv(file.path(d, 'polygons.csv'))$wkt)\n";
    add({"poly_queen", polygon_values, contiguity_weights(polygons, Contiguity::queen),
         WeightStyle::binary, "poly2nb(pl, queen = TRUE)"},
        script);
    add({"poly_rook", polygon_values, contiguity_weights(polygons, Contiguity::rook),
         WeightStyle::row_standardised, "poly2nb(pl, queen = FALSE)"},
        script);

    // Our GAL file, read by spdep: the same z-scores as from our own weights.
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < pts.size(); ++i) ids.push_back("p" + std::to_string(i + 101));
    const auto knn8 = knn_weights(pts, 8);
    write_file(*dir_ / "knn8.gal", to_gal(knn8, ids));
    std::string ids_csv = "id\n";
    for (const auto& id : ids) ids_csv += id + "\n";
    write_file(*dir_ / "ids.csv", ids_csv);
    add({"gal", continuous, knn8, WeightStyle::binary,
         "read.gal(file.path(d, 'knn8.gal'), region.id = read.csv(file.path(d, 'ids.csv'))$id)"},
        script);

    write_file(*dir_ / "oracle.R", script);
    const std::string command =
        "Rscript " + (*dir_ / "oracle.R").string() + " > " + (*dir_ / "r.log").string() + " 2>&1";
    r_status_ = std::system(command.c_str());
  }

  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete datasets_;
  }

  static void add(Dataset d, std::string& script) {
    std::string values_csv = "v\n";
    for (double v : d.values) values_csv += r_double(v) + "\n";
    write_file(*dir_ / (d.name + "_values.csv"), values_csv);
    script += "run('" + d.name + "', " + d.r_nb + ", '" +
              (d.style == WeightStyle::binary ? "B" : "W") + "')\n";
    if (!datasets_) datasets_ = new std::vector<Dataset>;
    datasets_->push_back(std::move(d));
  }

  void check(const std::string& name) {
    ASSERT_EQ(r_status_, 0) << "Rscript with spdep failed; see the log:\n" << log();
    const Dataset* d = nullptr;
    for (const auto& candidate : *datasets_) {
      if (candidate.name == name) d = &candidate;
    }
    ASSERT_NE(d, nullptr);
    // The same neighbours as spdep built.
    std::vector<std::pair<int, int>> r_pairs;
    for (const auto& row : read_csv(*dir_ / (name + "_nb.csv")))
      r_pairs.emplace_back(static_cast<int>(row[0]), static_cast<int>(row[1]));
    std::sort(r_pairs.begin(), r_pairs.end());
    EXPECT_EQ(pairs_of(d->neighbours), r_pairs) << name << ": neighbours differ from spdep's";

    const auto r = read_csv(*dir_ / (name + "_r.csv"));
    ASSERT_EQ(r.size(), d->values.size());
    LocalOptions analytic;
    analytic.permutation.permutations = 0;
    const auto gi = getis_ord(d->values, with_style(d->neighbours, {false, d->style}), analytic);
    const auto gs = getis_ord(d->values, with_style(d->neighbours, {true, d->style}), analytic);
    const auto lm = local_moran(d->values, with_style(d->neighbours, {false, d->style}), analytic);
    EXPECT_FALSE(gi.star);
    EXPECT_TRUE(gs.star);
    std::size_t compared = 0;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const bool isolate = d->neighbours.neighbours_of(i).empty();
      if (isolate) {  // spdep: NaN (Gi), own z-score (Gi*); ours: 0 by contract
        EXPECT_EQ(gi.z[i], 0.0);
        EXPECT_EQ(gs.z[i], 0.0);
        EXPECT_EQ(lm.z[i], 0.0);
        continue;
      }
      EXPECT_NEAR(gi.z[i], r[i][0], 1e-6) << name << " Gi at " << i;
      EXPECT_NEAR(gs.z[i], r[i][1], 1e-6) << name << " Gi* at " << i;
      EXPECT_NEAR(lm.ii[i], r[i][2], 1e-6) << name << " Ii at " << i;
      EXPECT_NEAR(lm.expected[i], r[i][3], 1e-6) << name << " E[Ii] at " << i;
      EXPECT_NEAR(lm.variance[i], r[i][4], 1e-6) << name << " Var[Ii] at " << i;
      if (std::isfinite(r[i][5])) {
        EXPECT_NEAR(lm.z[i], r[i][5], 1e-6) << name << " Z(Ii) " << i;
      }
      ++compared;
    }
    EXPECT_GT(compared, r.size() / 2);
  }

  static std::string log() {
    std::ifstream in(*dir_ / "r.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  static fs::path* dir_;
  static std::vector<Dataset>* datasets_;
  static int r_status_;
};

fs::path* SpdepOracle::dir_ = nullptr;
std::vector<Dataset>* SpdepOracle::datasets_ = nullptr;
int SpdepOracle::r_status_ = -1;

TEST_F(SpdepOracle, DistanceBandBinaryWithIsolates) {
  check("band");
  bool any_isolate = false;
  for (const auto& d : *datasets_) {
    if (d.name == "band") any_isolate = d.neighbours.isolates() > 0;
  }
  EXPECT_TRUE(any_isolate) << "the band should leave some points alone";
}
TEST_F(SpdepOracle, KNearestRowStandardised) { check("knn"); }
TEST_F(SpdepOracle, QueenLatticeBinary) { check("queen"); }
TEST_F(SpdepOracle, RookLatticeRowStandardised) { check("rook"); }
TEST_F(SpdepOracle, PolygonQueenBinary) { check("poly_queen"); }
TEST_F(SpdepOracle, PolygonRookRowStandardised) { check("poly_rook"); }
TEST_F(SpdepOracle, OurGalReadBySpdep) { check("gal"); }

// ---------------------------------------------------------------------------------------------
// Permutation inference.

std::vector<double> planted_lattice(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> v(rows * cols);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const bool hot = r >= 4 && r < 7 && c >= 4 && c < 7;
      std::poisson_distribution<int> pois(hot ? 15 : 3);
      v[r * cols + c] = pois(rng);
    }
  }
  return v;
}

TEST(LocalPermutation, DeterministicAndIndependentOfThreads) {
  const auto w = lattice_weights(20, 25, Contiguity::queen, {true, WeightStyle::binary});
  const auto x = planted_lattice(20, 25, 3);
  LocalOptions one;
  one.permutation = {999, 42, 1};
  LocalOptions two = one;
  two.permutation.threads = 2;
  LocalOptions three = one;
  three.permutation.threads = 3;
  const auto a = getis_ord(x, w, one), b = getis_ord(x, w, two), c = getis_ord(x, w, three);
  EXPECT_EQ(a.p_sim, b.p_sim);
  EXPECT_EQ(a.p_sim, c.p_sim);
  EXPECT_EQ(a.p_sim, getis_ord(x, w, two).p_sim);  // and again
  LocalOptions other = two;
  other.permutation.seed = 43;
  EXPECT_NE(a.p_sim, getis_ord(x, w, other).p_sim);
}

TEST(LocalPermutation, PlantedHotSpotIsTheMostExtreme) {
  const auto w = lattice_weights(20, 25, Contiguity::queen, {true, WeightStyle::binary});
  const auto x = planted_lattice(20, 25, 5);
  LocalOptions o;
  o.permutation.permutations = 999;
  o.significance = Significance::permutation;
  o.fdr = false;
  const auto g = getis_ord(x, w, o);
  const std::size_t centre = 5 * 25 + 5;
  EXPECT_DOUBLE_EQ(g.p_sim[centre], 1.0 / 1000);
  EXPECT_EQ(g.bin[centre], 3);
  EXPECT_GT(g.z[centre], 5);
  for (double p : g.p_sim) {
    EXPECT_GE(p, 1.0 / 1000);
    EXPECT_LE(p, 1.0);
  }
}

// Under the null the folded p is about uniform on (0, 0.5]: mean near 0.25.
TEST(LocalPermutation, NullPValuesAreUniformFolded) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0, 1);
  std::vector<double> x(40 * 40);
  for (auto& v : x) v = normal(rng);
  const auto w = lattice_weights(40, 40, Contiguity::rook, {false, WeightStyle::row_standardised});
  LocalOptions o;
  o.permutation.permutations = 199;
  const auto lm = local_moran(x, w, o);
  double mean = 0;
  std::size_t below_05 = 0;
  for (double p : lm.p_sim) {
    mean += p / static_cast<double>(x.size());
    below_05 += p <= 0.05;
  }
  EXPECT_NEAR(mean, 0.25, 0.02);
  EXPECT_NEAR(static_cast<double>(below_05) / static_cast<double>(x.size()), 0.10, 0.03);
}

// Sparse counts: location 450 (row 15, column 0) and its neighbours are all 0, among mostly-zero
// values, so it ties almost every permutation. spdep's and PySAL's count (ties on the "larger" side
// only) would give it p = 0.001; counting ties on both sides gives about 1.
TEST(LocalPermutation, TiesDoNotLookExtreme) {
  std::vector<double> x(30 * 30, 0.0);
  x[0] = 5;
  x[899] = 3;
  const auto w = lattice_weights(30, 30, Contiguity::queen, {false, WeightStyle::binary});
  PermutationOptions o{499, 1, 2};
  const auto p = permutation_p(x, w, o);
  EXPECT_GT(p[450], 0.9);  // only draws that pick up the 5 or the 3 are not ties
  // The naive count: larger = #(sim >= obs) = 499, folded to 499 - 499 = 0, p = 1/500.
}

TEST(LocalPermutation, LargeNeighbourhoodsDrawWithoutReplacement) {
  // Everyone is everyone's neighbour: each permutation uses all n − 1 other values exactly once,
  // so every simulated lag equals the observed one and p_sim is 1.
  const std::size_t n = 40;
  std::vector<std::vector<std::uint32_t>> lists(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (std::uint32_t j = 0; j < n; ++j) {
      if (j != i) lists[i].push_back(j);
    }
  }
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i * i % 17);
  const auto p = permutation_p(x, weights_from_neighbours(lists), {99, 3, 2});
  for (double v : p) EXPECT_DOUBLE_EQ(v, 1.0);
}

// ---------------------------------------------------------------------------------------------
// Classes, FDR and bad input.

TEST(LocalClasses, ConfidenceBins) {
  EXPECT_EQ(confidence_bin(3.0, 0.005), 3);
  EXPECT_EQ(confidence_bin(-3.0, 0.01), -3);
  EXPECT_EQ(confidence_bin(2.0, 0.03), 2);
  EXPECT_EQ(confidence_bin(-1.7, 0.09), -1);
  EXPECT_EQ(confidence_bin(1.0, 0.3), 0);
  EXPECT_EQ(confidence_bin(0.0, 0.0), 0);
}

TEST(LocalClasses, BinsFollowTheFdrAdjustedP) {
  const auto w = lattice_weights(20, 25, Contiguity::queen, {true, WeightStyle::binary});
  const auto x = planted_lattice(20, 25, 9);
  LocalOptions fdr;
  fdr.permutation.permutations = 0;
  LocalOptions raw = fdr;
  raw.fdr = false;
  const auto a = getis_ord(x, w, fdr), b = getis_ord(x, w, raw);
  std::size_t a_sig = 0, b_sig = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(a.bin[i], confidence_bin(a.z[i], a.q[i]));
    EXPECT_EQ(b.bin[i], confidence_bin(b.z[i], b.p[i]));
    EXPECT_GE(a.q[i], a.p[i]);
    a_sig += a.bin[i] != 0;
    b_sig += b.bin[i] != 0;
  }
  EXPECT_LT(a_sig, b_sig);  // FDR flags fewer
  EXPECT_GT(a_sig, 0u);
}

TEST(LocalClasses, MoranClustersInThePlantedBlock) {
  const auto x = planted_lattice(20, 25, 13);
  const auto w = lattice_weights(20, 25, Contiguity::queen, {false, WeightStyle::row_standardised});
  LocalOptions o;
  o.permutation.permutations = 0;
  const auto lm = local_moran(x, w, o);
  EXPECT_EQ(lm.quadrant[5 * 25 + 5], Quadrant::high_high);
  EXPECT_EQ(lm.cluster[5 * 25 + 5], Quadrant::high_high);
}

TEST(LocalBadInput, ErrorsNameTheField) {
  const auto w = lattice_weights(3, 3, Contiguity::queen);
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no exception");
  };
  const std::vector<double> nine(9, 1.0);
  EXPECT_NE(message([&] { getis_ord(std::vector<double>(8, 1.0), w); }).find("values"),
            std::string::npos);
  EXPECT_NE(message([&] { getis_ord({}, SpatialWeights{}); }).find("values"), std::string::npos);
  std::vector<double> with_nan(9, 1.0);
  with_nan[4] = NAN;
  EXPECT_NE(message([&] { getis_ord(with_nan, w); }).find("values[4]"), std::string::npos);
  with_nan[4] = INFINITY;
  EXPECT_NE(message([&] { local_moran(with_nan, w); }).find("values[4]"), std::string::npos);
  const auto star = lattice_weights(3, 3, Contiguity::queen, {true, WeightStyle::binary});
  EXPECT_NE(message([&] { local_moran(nine, star); }).find("weights"), std::string::npos);
  LocalOptions bad;
  bad.permutation.threads = 0;
  EXPECT_NE(message([&] { getis_ord(nine, w, bad); }).find("threads"), std::string::npos);
  LocalOptions no_perm;
  no_perm.permutation.permutations = 0;
  no_perm.significance = Significance::permutation;
  EXPECT_NE(message([&] { getis_ord(nine, w, no_perm); }).find("significance"), std::string::npos);
}

TEST(LocalBadInput, ConstantValuesAndIsolatesGiveZeroNotNaN) {
  const std::vector<double> constant(12, 0.1);  // 0.1 is not exact: the mean has rounding
  const auto w = lattice_weights(3, 4, Contiguity::rook, {true, WeightStyle::row_standardised});
  const auto g = getis_ord(constant, w);
  for (std::size_t i = 0; i < constant.size(); ++i) {
    EXPECT_EQ(g.z[i], 0.0);
    EXPECT_EQ(g.p[i], 1.0);
    EXPECT_EQ(g.p_sim[i], 1.0);
    EXPECT_EQ(g.bin[i], 0);
  }
  const auto lm = local_moran(constant, lattice_weights(3, 4, Contiguity::rook));
  for (double v : lm.z) EXPECT_EQ(v, 0.0);
  for (double v : lm.ii) EXPECT_EQ(v, 0.0);

  // Point 3 is alone.
  const std::vector<Point> pts{{0, 0}, {1, 0}, {0, 1}, {50, 50}, {1, 1}};
  const std::vector<double> x{1, 4, 2, 9, 3};
  const auto band = distance_band_weights(pts, 1.5);
  EXPECT_EQ(band.isolates(), 1u);
  const auto gi = getis_ord(x, band);
  const auto gs = getis_ord(x, with_style(band, {true, WeightStyle::binary}));
  const auto m = local_moran(x, band);
  EXPECT_EQ(gi.z[3], 0.0);
  EXPECT_EQ(gs.z[3], 0.0);
  EXPECT_EQ(gs.p_sim[3], 1.0);
  EXPECT_EQ(m.z[3], 0.0);
  EXPECT_EQ(m.quadrant[3], Quadrant::none);
  for (double v : gi.z) EXPECT_TRUE(std::isfinite(v));
  for (double v : m.z) EXPECT_TRUE(std::isfinite(v));
}

}  // namespace
}  // namespace lagesbild::analysis

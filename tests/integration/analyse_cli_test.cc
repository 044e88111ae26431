// `lagesbild analyse gistar|moran` on plain files, compared row by row with R's spdep reading
// the same files (the point of the plain-file commands: results other tools can check).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "harness.h"

namespace lagesbild::testing {
namespace {

// A 6 × 6 lattice with a hot corner; queen neighbours in GAL.
void write_inputs(const TempDir& dir) {
  std::ofstream values(dir.file("values.csv"));
  values << "id,value\n";
  std::ofstream gal(dir.file("queen.gal"));
  gal << "0 36 unknown id\n";
  for (int r = 0; r < 6; ++r) {
    for (int c = 0; c < 6; ++c) {
      const int i = r * 6 + c;
      values << "c" << i << "," << ((r < 2 && c < 2) ? 9 + i % 3 : (i * 7) % 5) << "\n";
      std::vector<int> nb;
      for (int dr = -1; dr <= 1; ++dr) {
        for (int dc = -1; dc <= 1; ++dc) {
          if ((dr || dc) && r + dr >= 0 && r + dr < 6 && c + dc >= 0 && c + dc < 6) {
            nb.push_back((r + dr) * 6 + c + dc);
          }
        }
      }
      gal << "c" << i << " " << nb.size() << "\n";
      for (std::size_t k = 0; k < nb.size(); ++k) gal << (k ? " " : "") << "c" << nb[k];
      gal << "\n";
    }
  }
}

// column name → (id → value) of a CSV with a header.
std::map<std::string, std::map<std::string, double>> read_columns(const std::string& text) {
  std::map<std::string, std::map<std::string, double>> out;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string n; std::getline(header, n, ',');) {
    if (!n.empty() && n.back() == '\r') n.pop_back();
    names.push_back(n);
  }
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string id, cell;
    std::getline(row, id, ',');
    for (std::size_t k = 1; std::getline(row, cell, ','); ++k) {
      if (k < names.size() && !cell.empty() && cell != "\r") {
        try {
          out[names[k]][id] = std::stod(cell);
        } catch (const std::exception&) {
        }
      }
    }
  }
  return out;
}

TEST(AnalyseCli, GiStarAndLocalMoranEqualSpdepOnTheSameFiles) {
  const TempDir dir;
  write_inputs(dir);
  const auto gistar = run_cli({"analyse", "gistar", "--values", dir.file("values.csv"), "--weights",
                               dir.file("queen.gal"), "--star", "--permutations", "0"});
  ASSERT_EQ(gistar.exit_code, 0) << gistar.err;
  const auto moran = run_cli({"analyse", "moran", "--values", dir.file("values.csv"), "--weights",
                              dir.file("queen.gal"), "--transform", "R", "--permutations", "0"});
  ASSERT_EQ(moran.exit_code, 0) << moran.err;

  std::ofstream(dir.file("oracle.R"))
      << "suppressMessages(library(spdep))\n"
         "v <- read.csv('"
      << dir.file("values.csv")
      << "')\n"
         "nb <- read.gal('"
      << dir.file("queen.gal")
      << "', region.id = v$id)\n"
         "g <- as.numeric(localG(v$value, nb2listw(include.self(nb), style = 'B')))\n"
         "m <- localmoran(v$value, nb2listw(nb, style = 'W'))\n"
         "write.csv(data.frame(id = v$id, z = g, ii = m[, 1], mz = m[, 4]), '"
      << dir.file("oracle.csv") << "', row.names = FALSE, quote = FALSE)\n";
  ASSERT_EQ(std::system(
                ("Rscript " + dir.file("oracle.R") + " > " + dir.file("r.log") + " 2>&1").c_str()),
            0)
      << "R with spdep is installed by scripts/setup.sh";
  std::ifstream oracle_file(dir.file("oracle.csv"));
  std::stringstream oracle_text;
  oracle_text << oracle_file.rdbuf();
  const auto oracle = read_columns(oracle_text.str());
  const auto ours_g = read_columns(gistar.out);
  const auto ours_m = read_columns(moran.out);
  ASSERT_EQ(oracle.at("z").size(), 36u);
  for (const auto& [id, z] : oracle.at("z")) {
    EXPECT_NEAR(ours_g.at("z").at(id), z, 1e-6) << id;
    EXPECT_NEAR(ours_m.at("ii").at(id), oracle.at("ii").at(id), 1e-6) << id;
    EXPECT_NEAR(ours_m.at("z").at(id), oracle.at("mz").at(id), 1e-6) << id;
  }
  EXPECT_GT(ours_g.at("class").at("c0"), 0) << "the hot corner is a hot spot";
}

TEST(AnalyseCli, BadFilesSayWhichFileLineAndWhy) {
  const TempDir dir;
  write_inputs(dir);
  std::ofstream(dir.file("bad.csv")) << "id,value\nc0,1\nc1,NaN\nc0,3\n";
  auto r = run_cli(
      {"analyse", "gistar", "--values", dir.file("bad.csv"), "--weights", dir.file("queen.gal")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 4"), std::string::npos) << r.err;
  // The weights name ids the values do not have.
  std::ofstream(dir.file("few.csv")) << "id,value\nc0,1\nc1,2\n";
  r = run_cli(
      {"analyse", "moran", "--values", dir.file("few.csv"), "--weights", dir.file("queen.gal")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("queen.gal"), std::string::npos) << r.err;
  std::ofstream(dir.file("broken.gal")) << "0 2\nc0 1\nc1\nc1 x\n";
  r = run_cli(
      {"analyse", "gistar", "--values", dir.file("few.csv"), "--weights", dir.file("broken.gal")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("line "), std::string::npos) << r.err;
}

// The per-area analysis from the CLI: a municipality with two areas is told why it cannot run;
// the national tenant made from the real municipality polygons has 290 areas, one CSV row each.
TEST(AnalyseCli, AreasNeedThreeAndTheNationalTenantHasEveryMunicipality) {
  TempDir dir;
  const std::string db = dir.file("areas.db");
  seed_database(db, dir);
  auto r = run_cli({"analyse", "areas", "--db", db, "--municipality", "2081", "--period", "2026"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("at least 3"), std::string::npos) << r.err;

  r = run_cli({"national", "init", "--db", db, "--polygons",
               LB_SHARED_DATA "/swedish_municipalities.geojson"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("290 municipality areas created"), std::string::npos) << r.out;
  r = run_cli({"analyse", "areas", "--db", db, "--municipality", "0000", "--period", "2026",
               "--permutations", "0", "--tolerance", "500", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("id,name,value,z,p,p_sim,class,", 0), 0u);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 291);  // header + 290
  EXPECT_NE(r.out.find(",Borlänge,"), std::string::npos);
  // Running it again changes nothing.
  r = run_cli({"national", "init", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 municipality areas created, 290 already there"), std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace lagesbild::testing

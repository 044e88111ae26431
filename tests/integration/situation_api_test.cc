// The lägesbild over HTTP and the CLI, against the real binary and a demo database: the JSON
// picture, the notes it carries (assessment, area status, nothing to report) with their access
// rules and errors, and every output format, the PDF checked by rendering it with pdftoppm.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "harness.h"

namespace lagesbild::testing {
namespace {

constexpr const char* kDemoPassword = "demo-lagesbild";
constexpr const char* kWeek = "2026-W45";

class SituationApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("demo.db");
    const auto r = run_cli({"demo", "--db", db_, "--seed", "1"});
    if (r.exit_code != 0) throw std::runtime_error("demo failed: " + r.err);
    server_ = new ServerProcess(db_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static httplib::Headers as(const std::string& user) {
    auto c = server_->client();
    const json body = {{"username", user}, {"password", kDemoPassword}};
    auto r = c.Post("/api/v1/login", body.dump(), "application/json");
    if (!r || r->status != 200) throw std::runtime_error("login failed for " + user);
    return bearer(json::parse(r->body)["token"]);
  }
  static httplib::Result get(const std::string& user, const std::string& path) {
    return server_->client().Get(path, as(user));
  }
  static httplib::Result post(const std::string& user, const std::string& path, const json& body) {
    return server_->client().Post(path, as(user), body.dump(), "application/json");
  }
  static std::vector<std::string> fields(const httplib::Result& r) {
    std::vector<std::string> out;
    const json body = json::parse(r->body);  // not in the loop header: it would dangle
    for (const auto& e : body["error"]["errors"]) out.push_back(e["field"]);
    return out;
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
};
TempDir* SituationApiTest::dir_ = nullptr;
std::string SituationApiTest::db_;
ServerProcess* SituationApiTest::server_ = nullptr;

TEST_F(SituationApiTest, TheOpenApiDocumentDescribesTheSituationEndpoints) {
  const json doc = json::parse(server_->client().Get("/api/v1/openapi.json")->body);
  for (const char* path : {"/api/v1/situation", "/api/v1/assessments", "/api/v1/area-statuses",
                           "/api/v1/nothing-to-report"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
  EXPECT_TRUE(doc["paths"]["/api/v1/assessments"].contains("post"));
}

TEST_F(SituationApiTest, AWeeksPictureWithFlagsCoverageAndTexts) {
  auto r = get("analytiker", std::string("/api/v1/situation?period=") + kWeek);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json pic = json::parse(r->body);
  EXPECT_EQ(pic["period"]["label"], kWeek);
  EXPECT_GT(pic["totals"]["current"].get<int>(), 0);
  EXPECT_EQ(pic["reporting_cadence_days"], 14);
  ASSERT_FALSE(pic["cells"].empty());
  EXPECT_EQ(pic["cells"][0]["series"].size(), 9u) << "8 baseline weeks and the week";
  const auto organisations = json::parse(get("analytiker", "/api/v1/organisations")->body);
  ASSERT_EQ(pic["coverage"].size(), organisations.size()) << "every organisation, reported or not";
  for (const auto& c : pic["coverage"]) {
    const std::string state = c["state"];
    EXPECT_TRUE(state == "reported" || state == "nothing_to_report" || state == "not_reported");
  }
  EXPECT_FALSE(pic["serious"].empty());

  // A viewer sees the same counts and no texts.
  auto v = get("styrgrupp", std::string("/api/v1/situation?period=") + kWeek);
  ASSERT_EQ(v->status, 200) << v->body;
  const json seen = json::parse(v->body);
  EXPECT_EQ(seen["totals"], pic["totals"]);
  EXPECT_TRUE(seen["serious"].empty());
  EXPECT_EQ(v->body.find("\"description\""), std::string::npos);

  // A period that does not exist is a 400 naming the parameter, not an empty picture.
  auto bad = get("analytiker", "/api/v1/situation?period=2026-W54");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(fields(bad), std::vector<std::string>{"period"});
  EXPECT_EQ(get("analytiker", "/api/v1/situation?period=2026-W45&format=docx")->status, 400);
}

TEST_F(SituationApiTest, TheAssessmentIsVersionedAndOnlyAnalystsWriteIt) {
  const std::string period = "2026-W44";
  auto first = post("analytiker", "/api/v1/assessments",
                    {{"period", period}, {"text", "Fler bränder i Tjärna Ängar."}});
  ASSERT_EQ(first->status, 201) << first->body;
  EXPECT_EQ(json::parse(first->body)["version"], 1);
  auto second = post("samordnare", "/api/v1/assessments",
                     {{"period", period},
                      {"text", "Fler bränder i Tjärna Ängar; lugnt i Centrum."},
                      {"proposed_actions", "Trygghetsvandring torsdag."}});
  ASSERT_EQ(second->status, 201) << second->body;
  EXPECT_EQ(json::parse(second->body)["version"], 2);

  const json pic = json::parse(get("styrgrupp", "/api/v1/situation?period=" + period)->body);
  EXPECT_EQ(pic["assessment"]["version"], 2);
  EXPECT_EQ(pic["assessment"]["proposed_actions"], "Trygghetsvandring torsdag.");
  EXPECT_EQ(pic["assessment_versions"], 2);
  const json versions =
      json::parse(get("analytiker", "/api/v1/assessments?period=" + period)->body);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1]["text"], "Fler bränder i Tjärna Ängar.");

  EXPECT_EQ(post("styrgrupp", "/api/v1/assessments", {{"period", period}, {"text", "x"}})->status,
            403);
  EXPECT_EQ(post("polisen", "/api/v1/assessments", {{"period", period}, {"text", "x"}})->status,
            403);
  auto bad = post("analytiker", "/api/v1/assessments",
                  {{"period", "2026-W99"}, {"text", ""}, {"mood", "glad"}});
  EXPECT_EQ(bad->status, 422) << bad->body;
  EXPECT_EQ(fields(bad), std::vector<std::string>{"/mood"});
  bad = post("analytiker", "/api/v1/assessments", {{"period", "2026-W99"}, {"text", ""}});
  EXPECT_EQ(fields(bad), (std::vector<std::string>{"/period", "/text"}));
  EXPECT_EQ(json::parse(get("analytiker", "/api/v1/assessments?period=" + period)->body).size(), 2u)
      << "a rejected version stores nothing";
}

TEST_F(SituationApiTest, AreaStatusCarriesForwardAndNothingToReportCounts) {
  auto set = post("samordnare", "/api/v1/area-statuses",
                  {{"area", "Tjärna Ängar"}, {"status", "red"}, {"period", "2026-W40"}});
  ASSERT_EQ(set->status, 201) << set->body;
  const json pic = json::parse(get("analytiker", "/api/v1/situation?period=2026-W45")->body);
  bool found = false;
  for (const auto& a : pic["area_status"]) {
    if (a["area"] == "Tjärna Ängar") {
      EXPECT_EQ(a["status"], "red");
      EXPECT_EQ(a["since"], "2026-09-28");
      found = true;
    } else {
      EXPECT_TRUE(a["status"].is_null()) << a;
    }
  }
  EXPECT_TRUE(found);
  auto bad = post("samordnare", "/api/v1/area-statuses",
                  {{"area", "Atlantis"}, {"status", "purple"}, {"period", "2026-W40"}});
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(fields(bad), (std::vector<std::string>{"/area", "/status"}));

  // Before the demo's data nobody has reported; a declaration makes a reporter "quiet".
  auto declared = post("tunabyggen", "/api/v1/nothing-to-report", {{"period", "2019-W10"}});
  ASSERT_EQ(declared->status, 201) << declared->body;
  const json early = json::parse(get("analytiker", "/api/v1/situation?period=2019-W10")->body);
  EXPECT_TRUE(early["no_reports"].get<bool>());
  for (const auto& c : early["coverage"]) {
    EXPECT_EQ(c["state"], c["organisation"] == "Tunabyggen" ? "nothing_to_report" : "not_reported")
        << c;
  }
  EXPECT_EQ(post("tunabyggen", "/api/v1/nothing-to-report",
                 {{"period", "2019-W10"}, {"organisation", "Polisen"}})
                ->status,
            403);
  auto bad_area = post("tunabyggen", "/api/v1/nothing-to-report",
                       {{"period", "2019-W10"}, {"areas", {"Centrum", 7}}});
  EXPECT_EQ(bad_area->status, 422);
  EXPECT_EQ(fields(bad_area), std::vector<std::string>{"/areas/1"});
}

// Reads a binary PGM/PPM written by pdftoppm and says whether any pixel is not white.
bool has_ink(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string magic;
  int w = 0, h = 0, max = 0;
  in >> magic >> w >> h >> max;
  in.get();
  const int channels = magic == "P6" ? 3 : 1;
  std::string pixels(static_cast<std::size_t>(w * h * channels), '\0');
  in.read(pixels.data(), static_cast<std::streamsize>(pixels.size()));
  std::size_t dark = 0;
  for (char p : pixels) dark += static_cast<unsigned char>(p) < 200;
  return in && dark > pixels.size() / 1000;
}

TEST_F(SituationApiTest, EveryFormatOverHttpAndThePdfRendersFromTheCli) {
  const std::string q = std::string("/api/v1/situation?period=") + kWeek + "&format=";
  auto pdf = get("analytiker", q + "pdf");
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  auto html = get("analytiker", q + "html");
  ASSERT_EQ(html->status, 200);
  EXPECT_NE(html->body.find("<html"), std::string::npos);
  EXPECT_NE(html->body.find("Tjärna Ängar"), std::string::npos);
  auto csv = get("analytiker", q + "csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_GT(std::count(csv->body.begin(), csv->body.end(), '\n'), 10);
  auto geo = get("styrgrupp", q + "geojson");
  ASSERT_EQ(geo->status, 200);
  EXPECT_EQ(json::parse(geo->body)["type"], "FeatureCollection");

  // The CLI writes the same PDF; pdftoppm renders every page, and no page is blank.
  const std::string file = dir_->file("w45.pdf");
  const auto r =
      run_cli({"situation", "--db", db_, "--period", kWeek, "--format", "pdf", "--out", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string prefix = dir_->file("page");
  ASSERT_EQ(std::system(("pdftoppm -r 20 -gray " + file + " " + prefix).c_str()), 0);
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(dir_->path())) {
    if (entry.path().filename().string().rfind("page", 0) != 0) continue;
    ++pages;
    EXPECT_TRUE(has_ink(entry.path().string())) << entry.path() << " is blank";
  }
  EXPECT_GE(pages, 3);

  // The yearly lägesbild the law asks for, as HTML.
  const auto year = run_cli({"situation", "--db", db_, "--period", "2026", "--format", "html"});
  ASSERT_EQ(year.exit_code, 0) << year.err;
  EXPECT_NE(year.out.find("lag (2023:196)"), std::string::npos);
  EXPECT_NE(year.out.find("Året vecka för vecka"), std::string::npos);

  const auto bad = run_cli({"situation", "--db", db_, "--period", "2026-W54"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("period"), std::string::npos) << bad.err;
  const auto bad_format = run_cli({"situation", "--db", db_, "--format", "docx"});
  EXPECT_EQ(bad_format.exit_code, 1);
  EXPECT_NE(bad_format.err.find("--format"), std::string::npos) << bad_format.err;
}

TEST_F(SituationApiTest, AMeasureIsEvaluatedOverHttpAndAsAPdfFromTheCli) {
  const std::string q =
      "/api/v1/evaluation?target_area=Tj%C3%A4rna%20%C3%84ngar&comparison_area=Islingby"
      "&displacement_area=Hagalund&category=skadegorelse&category=brand.container"
      "&before=2024-09-02..2025-08-31&after=2025-09-01..2026-11-15";
  auto r = get("styrgrupp", q);
  ASSERT_EQ(r->status, 200) << r->body;
  const json e = json::parse(r->body);
  EXPECT_GT(e["target"]["before"].get<int>(), e["target"]["after"].get<int>());
  EXPECT_LT(e["wdd"]["local"].get<double>(), 0);
  EXPECT_LT(e["wdd"]["local_p"].get<double>(), 0.05);
  EXPECT_EQ(e["displacement"]["area"], "Hagalund");
  EXPECT_FALSE(e["verdict"].get<std::string>().empty());
  auto html = get("analytiker", q + "&format=html");
  ASSERT_EQ(html->status, 200);
  EXPECT_NE(html->body.find("<polyline"), std::string::npos);
  auto bad = get("analytiker",
                 "/api/v1/evaluation?target_area=Atlantis&comparison_area=Islingby&before=2025");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(fields(bad), (std::vector<std::string>{"target_area", "after"}));

  const std::string file = dir_->file("evaluation.pdf");
  const auto cli =
      run_cli({"evaluate", "--db", db_, "--target-area", "Tjärna Ängar", "--comparison-area",
               "Islingby", "--category", "skadegorelse", "--before", "2024-09-02..2025-08-31",
               "--after", "2025-09-01..2026-11-15", "--format", "pdf", "--out", file});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.err.find("Tjärna Ängar"), std::string::npos) << "the verdict goes to stderr";
  const std::string prefix = dir_->file("evaluation-page");
  ASSERT_EQ(std::system(("pdftoppm -r 20 -gray " + file + " " + prefix).c_str()), 0);
  EXPECT_TRUE(has_ink(prefix + "-1.pgm"));
  const auto wrong =
      run_cli({"evaluate", "--db", db_, "--target-area", "Centrum", "--comparison-area", "Centrum",
               "--before", "2025", "--after", "2026"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("comparison_area"), std::string::npos) << wrong.err;
}

TEST_F(SituationApiTest, HotspotsOfStoredReportsAsGeoJsonForAnalystsOnly) {
  auto r = get("analytiker", "/api/v1/analysis/hotspots?period=2025-Q3&cell=300&permutations=19");
  ASSERT_EQ(r->status, 200) << r->body;
  const json map = json::parse(r->body);
  EXPECT_EQ(map["type"], "FeatureCollection");
  EXPECT_GT(map["reports"].get<int>(), 100);
  int hot = 0;
  for (const auto& f : map["features"]) {
    EXPECT_EQ(f["geometry"]["type"], "Polygon");
    hot += f["properties"]["class"].get<int>() >= 2;
  }
  EXPECT_GT(hot, 0);
  EXPECT_EQ(get("styrgrupp", "/api/v1/analysis/hotspots?period=2025-Q3")->status, 403);
  auto bad = get("analytiker", "/api/v1/analysis/hotspots?period=2025-Q3&cell=ten");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(fields(bad), std::vector<std::string>{"cell"});
  const auto csv = run_cli({"analyse", "hotspots", "--db", db_, "--period", "2025-Q3", "--format",
                            "csv", "--permutations", "0"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("id,value,z,p,p_sim,class", 0), 0u);
}

TEST_F(SituationApiTest, NearRepeatTableOfStoredReports) {
  auto r = get("analytiker",
               "/api/v1/analysis/nearrepeat?period=2025&category=brand&spatial_bandwidth=200"
               "&temporal_bandwidth=7&permutations=99");
  ASSERT_EQ(r->status, 200) << r->body;
  const json t = json::parse(r->body);
  ASSERT_EQ(t["spatial"].size(), 5u) << "same location, 3 bands, more than";
  ASSERT_EQ(t["temporal"].size(), 4u);
  const long long n = t["reports"];
  long long pairs = 0;
  for (const auto& row : t["cells"]) {
    for (const auto& c : row) pairs += c["observed"].get<long long>();
  }
  EXPECT_EQ(pairs, n * (n - 1) / 2) << "every pair is in exactly one cell";
  EXPECT_EQ(t["spatial"][1]["label"], "(0, 200) m");
  EXPECT_EQ(get("polisen", "/api/v1/analysis/nearrepeat?period=2025")->status, 403);
  auto bad = get("analytiker", "/api/v1/analysis/nearrepeat?period=2025&spatial_bands=0");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(fields(bad), std::vector<std::string>{"spatial_bands"});
}

TEST_F(SituationApiTest, DensityRasterAsJsonAndAsAnAsciiGrid) {
  auto r = get("analytiker", "/api/v1/analysis/density?period=2025-Q3&cell=100&bandwidth=400");
  ASSERT_EQ(r->status, 200) << r->body;
  const json d = json::parse(r->body);
  const int cols = d["cols"], rows = d["rows"];
  ASSERT_EQ(d["values"].size(), static_cast<std::size_t>(cols) * rows);
  // Reports per km² summed over cells of 0.01 km² give back the reports (the raster reaches a
  // bandwidth past every point, and the quartic has no mass beyond it).
  double mass = 0;
  for (const auto& v : d["values"]) mass += v.get<double>() * 0.01;
  EXPECT_NEAR(mass, d["reports"].get<double>(), 0.01 * d["reports"].get<double>());
  EXPECT_LT(d["south_west"][1].get<double>(), d["north_east"][1].get<double>());
  EXPECT_EQ(get("styrgrupp", "/api/v1/analysis/density?period=2025-Q3")->status, 403);
  auto bad = get("analytiker", "/api/v1/analysis/density?period=2025-Q3&kernel=box&bandwidth=1");
  EXPECT_EQ(bad->status, 400);
  const auto asc = run_cli({"analyse", "kde", "--db", db_, "--period", "2025-Q3", "--cell", "100",
                            "--bandwidth", "400", "--format", "asc"});
  ASSERT_EQ(asc.exit_code, 0) << asc.err;
  EXPECT_EQ(asc.out.rfind("ncols " + std::to_string(cols) + "\nnrows " + std::to_string(rows), 0),
            0u)
      << asc.out.substr(0, 200);
}

TEST_F(SituationApiTest, EmergingHotSpotsPerMonthAndTooShortPeriodsRefused) {
  auto r = get("analytiker", "/api/v1/analysis/emerging?period=2025&slice=month");
  ASSERT_EQ(r->status, 200) << r->body;
  const json m = json::parse(r->body);
  EXPECT_EQ(m["slices"], 12);
  ASSERT_FALSE(m["features"].empty());
  for (const auto& f : m["features"]) {
    EXPECT_FALSE(f["properties"]["pattern"].get<std::string>().empty());
    EXPECT_FALSE(f["properties"]["pattern_sv"].get<std::string>().empty());
  }
  auto short_period = get("analytiker", "/api/v1/analysis/emerging?period=2025-11-01..2025-11-20");
  EXPECT_EQ(short_period->status, 400);
  EXPECT_EQ(fields(short_period), std::vector<std::string>{"period"});
  const auto csv = run_cli({"analyse", "emerging", "--db", db_, "--period", "2025", "--slice",
                            "month", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("id,pattern,count,hot_slices,cold_slices,z_trend,p_trend", 0), 0u);
}

}  // namespace
}  // namespace lagesbild::testing

// Safety surveys, the action plan, the annual evaluation report and the citizen promise PDF over
// HTTP and the CLI, against the real binary: the import's all-or-none rule with its line and
// column errors, the dry run, the roles, the trends with their intervals and the incidents
// beside them, and the documents as HTML and as PDFs rendered by poppler.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "harness.h"

namespace lagesbild::testing {
namespace {

int this_year() {
  const std::chrono::year_month_day d{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return static_cast<int>(d.year());
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The share of dark pixels of a binary PGM (pdftoppm -gray).
double ink(const std::string& pgm) {
  std::istringstream in(pgm);
  std::string magic;
  int w = 0, h = 0, max = 0;
  in >> magic >> w >> h >> max;
  in.get();
  if (magic != "P5" || w <= 0 || h <= 0) return -1;
  const std::size_t start = static_cast<std::size_t>(in.tellg());
  const std::size_t n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  if (pgm.size() < start + n) return -1;
  std::size_t dark = 0;
  for (std::size_t i = 0; i < n; ++i) dark += static_cast<unsigned char>(pgm[start + i]) < 200;
  return static_cast<double>(dark) / static_cast<double>(n);
}

struct Rendered {
  std::vector<double> ink;  // per page
  std::string text;         // pdftotext
};

// Renders a PDF with poppler (pdftoppm, pdftotext), as a reader's viewer would.
Rendered render(const std::string& pdf, const TempDir& dir, const std::string& name) {
  const fs::path sub = dir.path() / name;
  fs::create_directories(sub);
  std::ofstream(sub / "doc.pdf", std::ios::binary) << pdf;
  const std::string q = "'" + (sub / "doc.pdf").string() + "'";
  Rendered out;
  EXPECT_EQ(
      std::system(("pdftoppm -gray -r 30 " + q + " '" + (sub / "page").string() + "'").c_str()), 0);
  std::vector<fs::path> pages;
  for (const auto& e : fs::directory_iterator(sub)) {
    if (e.path().extension() == ".pgm") pages.push_back(e.path());
  }
  std::sort(pages.begin(), pages.end());
  for (const auto& p : pages) out.ink.push_back(ink(slurp(p)));
  EXPECT_EQ(
      std::system(("pdftotext -enc UTF-8 " + q + " '" + (sub / "text.txt").string() + "'").c_str()),
      0);
  out.text = slurp(sub / "text.txt");
  return out;
}

class SurveyApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("surveys.db");
    seed_database(db_, *dir_);
    const auto r = run_cli({"user", "add", "--db", db_, "--username", "samordnare", "--role",
                            "coordinator", "--organisation", "Kommunen", "--password-stdin"},
                           std::string(kPassword) + "\n");
    if (r.exit_code != 0) throw std::runtime_error("user add failed: " + r.err);
    server_ = new ServerProcess(db_);
    // Reports: 3 in Tjärna Ängar and 1 in Centrum last year, 2 in Tjärna Ängar (one of them
    // counting 4 events) the year before.
    const int y = this_year();
    const auto report = [&](int year, double lon, int count) {
      const json body = {{"category", "Klotter"},
                         {"organisation", "Polisen"},
                         {"occurred_from", std::to_string(year) + "-05-10T22:00"},
                         {"lat", 60.485},
                         {"lon", lon},
                         {"count", count}};
      auto res = post("analytiker", "/api/v1/reports", body);
      if (!res || res->status != 201) {
        throw std::runtime_error("report failed: " + (res ? res->body : ""));
      }
    };
    for (int i = 0; i < 3; ++i) report(y - 1, 15.46, 1);
    report(y - 1, 15.42, 1);
    report(y - 2, 15.46, 1);
    report(y - 2, 15.46, 4);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static httplib::Headers as(const std::string& user) {
    auto c = server_->client();
    return bearer(login(c, user));
  }
  static httplib::Result get(const std::string& user, const std::string& path) {
    return server_->client().Get(path, as(user));
  }
  static httplib::Result post(const std::string& user, const std::string& path, const json& body) {
    return server_->client().Post(path, as(user), body.dump(), "application/json");
  }
  static httplib::Result post_csv(const std::string& user, const std::string& path,
                                  const std::string& csv) {
    return server_->client().Post(path, as(user), csv, "text/csv");
  }
  static std::string table() {
    const std::string a = std::to_string(this_year() - 2), b = std::to_string(this_year() - 1);
    return "area,year,indicator,value,n\n"
           "Tjärna Ängar," +
           a +
           ",känner sig otrygg,0.5,100\n"
           "Tjärna Ängar," +
           b +
           ",känner sig otrygg,0.3,120\n"
           "Centrum," +
           b +
           ",känner sig otrygg,0.2,12\n"
           "," +
           a +
           ",känner sig otrygg,0.3,400\n"
           "kommunen," +
           b + ",känner sig otrygg,0.25,420\n";
  }
  static void import_table() {
    if (imported_) return;
    auto r = post_csv("samordnare", "/api/v1/surveys/import?municipality=2081", table());
    ASSERT_EQ(r->status, 200) << r->body;
    imported_ = true;
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
  static bool imported_;
};
TempDir* SurveyApiTest::dir_ = nullptr;
std::string SurveyApiTest::db_;
ServerProcess* SurveyApiTest::server_ = nullptr;
bool SurveyApiTest::imported_ = false;

TEST_F(SurveyApiTest, ABadRowIs422WithLineAndColumnAndNothingIsStored) {
  const std::string csv =
      "area,year,indicator,value,n\n"
      "Tjärna Ängar,2024,otrygg i bad-testet,0.4,100\n"
      "Tjärna Ängar,2025,otrygg i bad-testet,1.4,100\n"
      "Atlantis,2025,otrygg i bad-testet,0.4,0\n";
  auto r = post_csv("samordnare", "/api/v1/surveys/import", csv);
  ASSERT_EQ(r->status, 422) << r->body;
  const json errors = json::parse(r->body)["error"]["errors"];
  ASSERT_EQ(errors.size(), 3u) << r->body;
  EXPECT_EQ(errors[0]["line"], 3);
  EXPECT_EQ(errors[0]["field"], "value");
  EXPECT_EQ(errors[1]["line"], 4);
  EXPECT_EQ(errors[1]["field"], "area");
  EXPECT_EQ(errors[2]["field"], "n");
  const json stored =
      json::parse(get("betraktare", "/api/v1/surveys?indicator=otrygg%20i%20bad-testet")->body);
  EXPECT_TRUE(stored.empty());
}

TEST_F(SurveyApiTest, ADryRunChecksEveryRowAndStoresNothing) {
  const std::string csv = "area,year,indicator,value,n\nCentrum,2024,torrsim,0.4,100\n";
  auto r = post_csv("samordnare", "/api/v1/surveys/import?dry_run=1", csv);
  ASSERT_EQ(r->status, 200) << r->body;
  const json body = json::parse(r->body);
  EXPECT_EQ(body["rows"], 1);
  EXPECT_EQ(body["inserted"], 0);
  EXPECT_EQ(body["dry_run"], true);
  EXPECT_TRUE(json::parse(get("samordnare", "/api/v1/surveys?indicator=torrsim")->body).empty());
}

TEST_F(SurveyApiTest, EveryRoleReadsOnlyCoordinatorsAndAdminsImport) {
  const std::string csv = "area,year,indicator,value,n\nCentrum,2024,roller,0.4,100\n";
  for (const char* user : {"betraktare", "polis", "analytiker"}) {
    EXPECT_EQ(post_csv(user, "/api/v1/surveys/import", csv)->status, 403) << user;
    EXPECT_EQ(get(user, "/api/v1/surveys")->status, 200) << user;
    EXPECT_EQ(get(user, "/api/v1/surveys/trends")->status, 200) << user;
  }
  EXPECT_EQ(server_->client().Get("/api/v1/surveys")->status, 401);
  auto r = post_csv("admin", "/api/v1/surveys/import", csv);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["inserted"], 1);
  // The same cell again replaces it.
  r = post_csv("samordnare", "/api/v1/surveys/import",
               "area,year,indicator,value,n\nCentrum,2024,roller,0.45,110\n");
  EXPECT_EQ(json::parse(r->body)["replaced"], 1);
  const json stored = json::parse(get("betraktare", "/api/v1/surveys?indicator=roller")->body);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_DOUBLE_EQ(stored[0]["share"].get<double>(), 0.45);
  EXPECT_EQ(stored[0]["area"]["name"], "Centrum");
}

TEST_F(SurveyApiTest, TheListFiltersByAreaAndIndicator) {
  import_table();
  const json all =
      json::parse(get("betraktare", "/api/v1/surveys?indicator=k%C3%A4nner%20sig%20otrygg")->body);
  EXPECT_EQ(all.size(), 5u);
  const json area = json::parse(
      get("betraktare",
          "/api/v1/surveys?indicator=k%C3%A4nner%20sig%20otrygg&area=Tj%C3%A4rna%20%C3%84ngar")
          ->body);
  ASSERT_EQ(area.size(), 2u);
  EXPECT_EQ(area[0]["year"], this_year() - 2);
  const json whole = json::parse(
      get("betraktare", "/api/v1/surveys?indicator=k%C3%A4nner%20sig%20otrygg&area=kommunen")
          ->body);
  ASSERT_EQ(whole.size(), 2u);
  EXPECT_TRUE(whole[0]["area"].is_null());
  EXPECT_EQ(get("betraktare", "/api/v1/surveys?area=Atlantis")->status, 400);
}

TEST_F(SurveyApiTest, TrendsCarryIntervalsTheChangeTestAndTheIncidentsBeside) {
  import_table();
  auto r = get("betraktare", "/api/v1/surveys/trends?indicator=k%C3%A4nner%20sig%20otrygg");
  ASSERT_EQ(r->status, 200) << r->body;
  const json t = json::parse(r->body);
  ASSERT_EQ(t["series"].size(), 3u) << r->body;  // the whole municipality, Centrum, Tjärna Ängar
  EXPECT_TRUE(t["series"][0]["area"].is_null());
  const json* tjarna = nullptr;
  for (const json& s : t["series"]) {
    if (s["area_name"] == "Tjärna Ängar") tjarna = &s;
  }
  ASSERT_NE(tjarna, nullptr);
  const json& p = (*tjarna)["points"];
  ASSERT_EQ(p.size(), 2u);
  // 50 % of 100: the Wilson interval 0.403832–0.596168 (hand-computed).
  EXPECT_NEAR(p[0]["ci_low"].get<double>(), 0.403832, 1e-6);
  EXPECT_NEAR(p[0]["ci_high"].get<double>(), 0.596168, 1e-6);
  EXPECT_EQ(p[0]["incidents"], 5);  // 1 + 4 events
  EXPECT_EQ(p[1]["incidents"], 3);
  const json& c = (*tjarna)["change"];
  EXPECT_EQ(c["from"], this_year() - 2);
  EXPECT_EQ(c["to"], this_year() - 1);
  EXPECT_LT(c["p"].get<double>(), 0.01);
  EXPECT_NE(c["reading"].get<std::string>().find("minskade från 50 %"), std::string::npos);
  // The whole municipality counts every report: 5 events, then 4.
  EXPECT_EQ(t["series"][0]["points"][0]["incidents"], 5);
  EXPECT_EQ(t["series"][0]["points"][1]["incidents"], 4);
  // Centrum has one year only: no change test.
  EXPECT_TRUE(t["series"][1]["change"].is_null());

  const json few = json::parse(
      get("betraktare",
          "/api/v1/surveys/trends?indicator=k%C3%A4nner%20sig%20otrygg&area=Centrum&category=brand")
          ->body);
  ASSERT_EQ(few["series"].size(), 1u);
  EXPECT_EQ(few["series"][0]["points"][0]["incidents"], 0);  // no fires, only graffiti
  EXPECT_EQ(get("betraktare", "/api/v1/surveys/trends?from=2025")->status, 400);
  EXPECT_EQ(get("betraktare", "/api/v1/surveys/trends?confidence=2")->status, 400);
}

TEST_F(SurveyApiTest, TheCliImportsListsAndReadsTrends) {
  const std::string file = dir_->file("enkat.csv");
  std::ofstream(file) << "område;år;indikator;andel;svarande\nCentrum;2023;cli-indikator;0,31;80\n"
                         "Centrum;2024;cli-indikator;0,27;85\n";
  std::ofstream(dir_->file("bad.csv"))
      << "area,year,indicator,value,n\nCentrum,2023,cli-fel,0.31,80\nCentrum,2024,cli-fel,31,-2\n";
  auto bad = run_cli({"survey", "import", "--db", db_, dir_->file("bad.csv")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("line 3"), std::string::npos) << bad.err;
  auto dry = run_cli({"survey", "import", "--db", db_, file, "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("2 rows are valid"), std::string::npos) << dry.out;
  auto ok = run_cli({"survey", "import", "--db", db_, file});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  auto list = run_cli({"survey", "list", "--db", db_, "--indicator", "cli-indikator"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(json::parse(list.out).size(), 2u);
  auto none = run_cli({"survey", "list", "--db", db_, "--indicator", "cli-fel"});
  EXPECT_TRUE(json::parse(none.out).empty());
  auto trends = run_cli({"survey", "trends", "--db", db_, "--indicator", "cli-indikator"});
  ASSERT_EQ(trends.exit_code, 0) << trends.err;
  EXPECT_NE(trends.out.find("Centrum · cli-indikator"), std::string::npos) << trends.out;
  EXPECT_NE(trends.out.find("minskade"), std::string::npos) << trends.out;
}

TEST_F(SurveyApiTest, TheActionPlanListsTheYearsMeasuresWithOwnersResourcesAndFollowUp) {
  const int y = this_year();
  const json measure = {{"title", "Trygghetsvärdar Tjärna Ängar"},
                        {"kind", "social"},
                        {"level", "selective"},
                        {"type", "safety_hosts"},
                        {"areas", {"Tjärna Ängar"}},
                        {"categories", {"klotter"}},
                        {"period", std::to_string(y - 1)},
                        {"organisation", "Tunabyggen"},
                        {"partners", {"Polisen"}},
                        {"start", std::to_string(y) + "-01-15"},
                        {"cost", 480000}};
  auto r = post("samordnare", "/api/v1/measures", measure);
  ASSERT_EQ(r->status, 201) << r->body;
  json next = measure;
  next["title"] = "Belysning nästa år";
  next["type"] = "lighting";
  next["kind"] = "situational";
  next["start"] = std::to_string(y + 1) + "-03-01";
  next["period"] = std::to_string(y);
  next["cost"] = 85000;
  ASSERT_EQ(post("samordnare", "/api/v1/measures", next)->status, 201);

  auto html = get("betraktare", "/api/v1/action-plan?year=" + std::to_string(y));
  ASSERT_EQ(html->status, 200) << html->body;
  EXPECT_EQ(html->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string& h = html->body;
  EXPECT_NE(h.find("Åtgärdsplan " + std::to_string(y) + " – Borlänge"), std::string::npos);
  EXPECT_NE(h.find("2023:196"), std::string::npos);
  EXPECT_NE(h.find("Trygghetsvärdar Tjärna Ängar"), std::string::npos);
  EXPECT_NE(h.find("från lägesbilden " + std::to_string(y - 1)), std::string::npos);
  EXPECT_NE(h.find("480\u00a0000\u00a0kr"), std::string::npos);
  EXPECT_NE(h.find("med Polisen"), std::string::npos);
  EXPECT_NE(h.find("Effektutvärdering: Klotter i Tjärna Ängar"), std::string::npos);
  EXPECT_EQ(h.find("Belysning nästa år"), std::string::npos);  // next year's
  // The year has begun: the follow-up reads against the plan.
  EXPECT_NE(h.find("id=\"uppfoljning\""), std::string::npos);
  EXPECT_NE(h.find("Uppföljning mot planen"), std::string::npos);

  const std::string next_plan =
      get("betraktare", "/api/v1/action-plan?year=" + std::to_string(y + 1))->body;
  EXPECT_NE(next_plan.find("Belysning nästa år"), std::string::npos);
  EXPECT_EQ(next_plan.find("id=\"uppfoljning\""), std::string::npos);  // not begun yet

  auto pdf = get("polis", "/api/v1/action-plan?format=pdf&year=" + std::to_string(y));
  ASSERT_EQ(pdf->status, 200);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  ASSERT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  const Rendered out = render(pdf->body, *dir_, "plan");
  ASSERT_FALSE(out.ink.empty());
  EXPECT_GT(out.ink.front(), 0.01);
  for (double share : out.ink) EXPECT_GT(share, 0.0002);  // no blank page
  EXPECT_NE(out.text.find("Åtgärdsplan"), std::string::npos);
  EXPECT_NE(out.text.find("Trygghetsvärdar"), std::string::npos);
  EXPECT_NE(out.text.find("Uppföljning mot planen"), std::string::npos);

  EXPECT_EQ(get("betraktare", "/api/v1/action-plan?format=docx")->status, 400);
  EXPECT_EQ(get("betraktare", "/api/v1/action-plan?year=1900")->status, 400);
  EXPECT_EQ(server_->client().Get("/api/v1/action-plan")->status, 401);
}

TEST_F(SurveyApiTest, TheAnnualReportInventoriesAndEvaluatesTheMeasures) {
  const int y = this_year();
  const json measure = {{"title", "Klotterplank Centrum"},
                        {"kind", "situational"},
                        {"level", "universal"},
                        {"type", "cleaning"},
                        {"areas", {"Centrum"}},
                        {"categories", {"klotter"}},
                        {"organisation", "Kommunen"},
                        {"start", std::to_string(y - 1) + "-06-01"},
                        {"cost", 30000}};
  ASSERT_EQ(post("samordnare", "/api/v1/measures", measure)->status, 201);
  auto html = get("betraktare", "/api/v1/annual-report?year=" + std::to_string(y - 1));
  ASSERT_EQ(html->status, 200) << html->body;
  const std::string& h = html->body;
  EXPECT_NE(h.find("Uppföljning av åtgärder " + std::to_string(y - 1)), std::string::npos);
  EXPECT_NE(h.find("Klotterplank Centrum"), std::string::npos);
  for (const char* section :
       {"Efter status", "Efter inriktning", "Efter förebyggandenivå", "Efter typ av åtgärd",
        "Efter ansvarig organisation", "Efter område"}) {
    EXPECT_NE(h.find(section), std::string::npos) << section;
  }
  EXPECT_NE(h.find("Städning och klottersanering"), std::string::npos);
  EXPECT_NE(h.find("30\u00a0000\u00a0kr"), std::string::npos);
  // Evaluated against the other area, Tjärna Ängar, with the few events flagged.
  EXPECT_NE(h.find("Jämförelseområde: Tjärna Ängar"), std::string::npos) << h;
  EXPECT_NE(h.find("för få händelser"), std::string::npos);

  auto pdf = get("betraktare", "/api/v1/annual-report?format=pdf&year=" + std::to_string(y - 1));
  ASSERT_EQ(pdf->status, 200);
  ASSERT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  const Rendered out = render(pdf->body, *dir_, "annual");
  ASSERT_FALSE(out.ink.empty());
  EXPECT_GT(out.ink.front(), 0.01);
  for (double share : out.ink) EXPECT_GT(share, 0.0002);  // no blank page
  EXPECT_NE(out.text.find("Inventering"), std::string::npos);
  EXPECT_NE(out.text.find("Klotterplank Centrum"), std::string::npos);

  auto cli = run_cli({"annual-report", "--db", db_, "--year", std::to_string(y - 1), "--format",
                      "pdf", "--out", dir_->file("uppfoljning.pdf")});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(slurp(dir_->file("uppfoljning.pdf")).rfind("%PDF-", 0), 0u);
  auto plan = run_cli({"action-plan", "--db", db_, "--year", std::to_string(y)});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("<h1>Åtgärdsplan"), std::string::npos);
}

TEST_F(SurveyApiTest, TheCitizenPromiseFollowUpIsAlsoAPdf) {
  const json promise = {{"year", this_year()},
                        {"police_area", "Lokalpolisområde Borlänge"},
                        {"text", "Tryggare kvällar"},
                        {"activities",
                         {{{"text", "Trygghetsvandring i Tjärna Ängar"},
                           {"organisation", "Tunabyggen"},
                           {"deadline", std::to_string(this_year()) + "-04-30"}}}}};
  auto r = post("samordnare", "/api/v1/citizen-promises", promise);
  ASSERT_EQ(r->status, 201) << r->body;
  const auto id = json::parse(r->body)["id"].get<long long>();
  auto pdf =
      get("betraktare", "/api/v1/citizen-promises/" + std::to_string(id) + "/report?format=pdf");
  ASSERT_EQ(pdf->status, 200) << pdf->body;
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  const Rendered out = render(pdf->body, *dir_, "promise");
  ASSERT_FALSE(out.ink.empty());
  EXPECT_GT(out.ink[0], 0.005);
  EXPECT_NE(out.text.find("Medborgarlöfte"), std::string::npos);
  EXPECT_NE(out.text.find("Trygghetsvandring i Tjärna"), std::string::npos);
  EXPECT_NE(out.text.find("försenad"), std::string::npos);  // April has passed, still planned
  EXPECT_EQ(get("betraktare", "/api/v1/citizen-promises/" + std::to_string(id) + "/report")->status,
            200);
  auto cli = run_cli({"citizen-promise", "report", "--db", db_, std::to_string(id), "--format",
                      "pdf", "--out", dir_->file("lofte.pdf")});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(slurp(dir_->file("lofte.pdf")).rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace lagesbild::testing

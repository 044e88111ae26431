// The measures register and safety walks over HTTP and the CLI, against the real binary: the
// measure JSON the web front end reads, the workflow and its 409, bad input answered field by
// field with nothing stored, the role rules of docs/ACCESS.md, the CSV export, an observation
// made a measure, and the evaluation of a registered measure.
#include <gtest/gtest.h>

#include <algorithm>

#include "harness.h"

namespace lagesbild::testing {
namespace {

class MeasureApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("measures.db");
    seed_database(db_, *dir_);
    const auto r = run_cli({"user", "add", "--db", db_, "--username", "samordnare", "--role",
                            "coordinator", "--organisation", "Kommunen", "--password-stdin"},
                           std::string(kPassword) + "\n");
    if (r.exit_code != 0) throw std::runtime_error("user add failed: " + r.err);
    server_ = new ServerProcess(db_);
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
  static httplib::Result patch(const std::string& user, const std::string& path, const json& body) {
    return server_->client().Patch(path, as(user), body.dump(), "application/json");
  }
  static std::vector<std::string> fields(const httplib::Result& r) {
    std::vector<std::string> out;
    const json body = json::parse(r->body);
    for (const auto& e : body["error"]["errors"]) out.push_back(e["field"]);
    return out;
  }
  static json measure_body() {
    return {{"title", "Belysning Tjärna torg"},
            {"description", "Nya armaturer och röjning av buskar"},
            {"kind", "situational"},
            {"level", "universal"},
            {"type", "lighting"},
            {"areas", {"Tjärna Ängar"}},
            {"categories", {"klotter"}},
            {"period", "2026-W45"},
            {"hotspot", "Gi*-cell vid torget"},
            {"organisation", "Tunabyggen"},
            {"partners", {"Polisen"}},
            {"start", "2025-09-01"},
            {"end", "2026-08-31"},
            {"cost", 125000}};
  }
  static json create(const json& body = measure_body()) {
    auto r = post("samordnare", "/api/v1/measures", body);
    if (!r || r->status != 201) throw std::runtime_error("create failed: " + (r ? r->body : ""));
    return json::parse(r->body);
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
};
TempDir* MeasureApiTest::dir_ = nullptr;
std::string MeasureApiTest::db_;
ServerProcess* MeasureApiTest::server_ = nullptr;

TEST_F(MeasureApiTest, TheOpenApiDocumentDescribesTheRegisterAndTheWalks) {
  const json doc = json::parse(server_->client().Get("/api/v1/openapi.json")->body);
  for (const char* path :
       {"/api/v1/measures", "/api/v1/measures/{id}", "/api/v1/measures/{id}/status",
        "/api/v1/measures/{id}/notes", "/api/v1/measures/export", "/api/v1/safety-walks",
        "/api/v1/safety-walks/{id}/observations", "/api/v1/safety-walks/observations/{id}",
        "/api/v1/safety-walks/observations/{id}/measure"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
}

TEST_F(MeasureApiTest, AMeasureHasTheShapeTheWebAppReads) {
  const json m = create();
  for (const char* key :
       {"id",         "municipality", "title",  "description", "kind",   "level",   "type",
        "type_label", "areas",        "places", "categories",  "period", "hotspot", "organisation",
        "partners",   "start",        "end",    "cost",        "status", "history", "notes"}) {
    EXPECT_TRUE(m.contains(key)) << key;
  }
  EXPECT_EQ(m["municipality"], "2081");
  EXPECT_EQ(m["type_label"], "Belysning");
  EXPECT_EQ(m["areas"][0]["name"], "Tjärna Ängar");
  EXPECT_TRUE(m["areas"][0]["id"].is_number_integer());
  EXPECT_EQ(m["organisation"]["name"], "Tunabyggen");
  EXPECT_EQ(m["partners"][0]["name"], "Polisen");
  EXPECT_EQ(m["start"], "2025-09-01");
  EXPECT_EQ(m["end"], "2026-08-31");
  EXPECT_EQ(m["cost"], 125000);
  EXPECT_EQ(m["status"], "proposed");
  ASSERT_EQ(m["history"].size(), 1u);
  EXPECT_EQ(m["history"][0]["status"], "proposed");
  EXPECT_TRUE(m["history"][0]["by"].is_number_integer());
  // What was read can be sent back: references as {"id": ...}.
  json again = measure_body();
  again["areas"] = m["areas"];
  again["organisation"] = m["organisation"];
  EXPECT_EQ(post("samordnare", "/api/v1/measures", again)->status, 201);
}

TEST_F(MeasureApiTest, TheWorkflowOverHttpWithItsConflicts) {
  const json m = create();
  const std::string base = "/api/v1/measures/" + std::to_string(m["id"].get<long long>());
  auto skip = post("samordnare", base + "/status", {{"status", "ongoing"}});
  ASSERT_TRUE(skip);
  EXPECT_EQ(skip->status, 409) << skip->body;
  EXPECT_EQ(fields(skip), std::vector<std::string>{"/status"});
  EXPECT_NE(skip->body.find("decided"), std::string::npos) << "names the next step";
  auto decided =
      post("samordnare", base + "/status", {{"status", "decided"}, {"note", "Styrgrupp"}});
  ASSERT_EQ(decided->status, 200) << decided->body;
  const json d = json::parse(decided->body);
  EXPECT_EQ(d["status"], "decided");
  ASSERT_EQ(d["history"].size(), 2u);
  EXPECT_EQ(d["history"][1]["note"], "Styrgrupp");
  EXPECT_EQ(post("samordnare", base + "/status", {{"status", "proposed"}})->status, 409);
  // Analysts follow up but do not decide.
  EXPECT_EQ(post("analytiker", base + "/status", {{"status", "ongoing"}})->status, 403);
  // A PATCH does not change the status.
  auto p = patch("samordnare", base, {{"status", "evaluated"}});
  EXPECT_EQ(p->status, 422);
  EXPECT_EQ(fields(p), std::vector<std::string>{"/status"});
  auto edit = patch("samordnare", base, {{"title", "Belysning och röjning"}, {"cost", nullptr}});
  ASSERT_EQ(edit->status, 200) << edit->body;
  EXPECT_EQ(json::parse(edit->body)["title"], "Belysning och röjning");
  EXPECT_TRUE(json::parse(edit->body)["cost"].is_null());
  EXPECT_EQ(json::parse(edit->body)["status"], "decided");
}

TEST_F(MeasureApiTest, BadInputIsAnsweredFieldByFieldAndNothingIsStored) {
  const auto before = json::parse(get("samordnare", "/api/v1/measures")->body).size();
  json body = measure_body();
  body["title"] = "";
  body["areas"] = {"Atlantis"};
  body["organisation"] = "Okänd";
  body["start"] = "2026-09-01";
  body["end"] = "2026-08-31";
  body["cost"] = -1;
  auto r = post("samordnare", "/api/v1/measures", body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422) << r->body;
  const auto f = fields(r);
  for (const char* field : {"/title", "/areas/0", "/organisation", "/end", "/cost"}) {
    EXPECT_NE(std::find(f.begin(), f.end(), field), f.end()) << field << " in " << r->body;
  }
  EXPECT_EQ(json::parse(get("samordnare", "/api/v1/measures")->body).size(), before);
}

TEST_F(MeasureApiTest, EveryRoleReadsCoordinatorsWriteTheResponsibleOrganisationFollowsUp) {
  const json m = create();
  const std::string base = "/api/v1/measures/" + std::to_string(m["id"].get<long long>());
  for (const char* user : {"betraktare", "polis", "bostad", "analytiker", "admin"}) {
    auto r = get(user, base);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << user;
    EXPECT_EQ(json::parse(r->body)["description"], "Nya armaturer och röjning av buskar") << user;
  }
  for (const char* user : {"betraktare", "polis", "analytiker"}) {
    EXPECT_EQ(post(user, "/api/v1/measures", measure_body())->status, 403) << user;
  }
  EXPECT_EQ(post("admin", "/api/v1/measures", measure_body())->status, 201);
  // Notes: analysts and the responsible organisation (Tunabyggen), not other reporters or viewers.
  EXPECT_EQ(post("bostad", base + "/notes", {{"text", "Lamporna bytta"}})->status, 201);
  EXPECT_EQ(post("analytiker", base + "/notes", {{"text", "Färre klotteranmälningar"}})->status,
            201);
  EXPECT_EQ(post("polis", base + "/notes", {{"text", "x"}})->status, 403);
  EXPECT_EQ(post("betraktare", base + "/notes", {{"text", "x"}})->status, 403);
  const auto empty = post("analytiker", base + "/notes", {{"text", ""}});
  EXPECT_EQ(empty->status, 422);
  EXPECT_EQ(fields(empty), std::vector<std::string>{"/text"});
  const json back = json::parse(get("betraktare", base)->body);
  ASSERT_EQ(back["notes"].size(), 2u);
  EXPECT_EQ(back["notes"][0]["text"], "Lamporna bytta");
  EXPECT_EQ(get("polis", "/api/v1/measures/999999")->status, 404);
}

TEST_F(MeasureApiTest, TheListFiltersAndTheExportIsCsv) {
  const json m = create();
  json social = measure_body();
  social["title"] = "Fältgruppen i Centrum";
  social["kind"] = "social";
  social["type"] = "field_work";
  social["areas"] = {"Centrum"};
  social["organisation"] = "Kommunen";
  social["partners"] = json::array();
  const json s = create(social);
  const auto ids = [](const httplib::Result& r) {
    std::vector<long long> out;
    for (const auto& x : json::parse(r->body)) out.push_back(x["id"]);
    return out;
  };
  const auto in_centrum = ids(get("betraktare", "/api/v1/measures?area=Centrum"));
  EXPECT_NE(std::find(in_centrum.begin(), in_centrum.end(), s["id"].get<long long>()),
            in_centrum.end());
  EXPECT_EQ(std::find(in_centrum.begin(), in_centrum.end(), m["id"].get<long long>()),
            in_centrum.end());
  const auto of_police = ids(get("betraktare", "/api/v1/measures?organisation=Polisen"));
  EXPECT_NE(std::find(of_police.begin(), of_police.end(), m["id"].get<long long>()),
            of_police.end());
  EXPECT_EQ(get("betraktare", "/api/v1/measures?status=klar")->status, 400);
  auto csv = get("betraktare", "/api/v1/measures/export?area=Centrum");
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.rfind("id,title,description,kind,level,type,type_label,status,areas,", 0),
            0u);
  EXPECT_NE(csv->body.find("Fältgruppen i Centrum"), std::string::npos);
  EXPECT_EQ(csv->body.find("Belysning Tjärna torg"), std::string::npos);
}

TEST_F(MeasureApiTest, AWalksObservationBecomesAMeasureInOneAction) {
  auto w = post("analytiker", "/api/v1/safety-walks",
                {{"date", "2026-10-15"},
                 {"areas", {"Tjärna Ängar"}},
                 {"route", "Torget – skolan"},
                 {"organisations", {"Tunabyggen", "Polisen"}}});
  ASSERT_EQ(w->status, 201) << w->body;
  const long long walk = json::parse(w->body)["id"];
  EXPECT_EQ(
      post("betraktare", "/api/v1/safety-walks", {{"date", "2026-10-15"}, {"areas", {"Centrum"}}})
          ->status,
      403);
  const std::string obs_path = "/api/v1/safety-walks/" + std::to_string(walk) + "/observations";
  auto bad = post("analytiker", obs_path, {{"lat", 59.91}, {"lon", 10.75}, {"type", "ufo"}});
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(fields(bad), (std::vector<std::string>{"/lat", "/type"}));
  auto o = post("analytiker", obs_path,
                {{"lat", 60.485},
                 {"lon", 15.46},
                 {"type", "vegetation"},
                 {"description", "Igenvuxen gångväg"}});
  ASSERT_EQ(o->status, 201) << o->body;
  const json obs = json::parse(o->body);
  EXPECT_EQ(obs["area"]["name"], "Tjärna Ängar");
  EXPECT_EQ(obs["status"], "open");
  const std::string obs_base =
      "/api/v1/safety-walks/observations/" + std::to_string(obs["id"].get<long long>());
  EXPECT_EQ(post("samordnare", obs_base + "/measure", json::object())->status, 422)
      << "no responsible organisation yet";
  auto assigned = patch("analytiker", obs_base, {{"organisation", "Tunabyggen"}});
  ASSERT_EQ(assigned->status, 200) << assigned->body;
  EXPECT_EQ(json::parse(assigned->body)["organisation"]["name"], "Tunabyggen");
  EXPECT_EQ(patch("bostad", obs_base, {{"status", "in_progress"}})->status, 200);
  EXPECT_EQ(patch("polis", obs_base, {{"status", "done"}})->status, 403);
  EXPECT_EQ(post("analytiker", obs_base + "/measure", json::object())->status, 403);
  auto made = post("samordnare", obs_base + "/measure", json::object());
  ASSERT_EQ(made->status, 201) << made->body;
  const json m = json::parse(made->body);
  EXPECT_EQ(m["status"], "proposed");
  EXPECT_EQ(m["type"], "physical_repair");
  EXPECT_EQ(m["areas"][0]["name"], "Tjärna Ängar");
  EXPECT_EQ(m["organisation"]["name"], "Tunabyggen");
  EXPECT_EQ(post("samordnare", obs_base + "/measure", json::object())->status, 409);
  const json back =
      json::parse(get("betraktare", "/api/v1/safety-walks/" + std::to_string(walk))->body);
  EXPECT_EQ(back["organisations"].size(), 2u);
  ASSERT_EQ(back["observations"].size(), 1u);
  EXPECT_EQ(back["observations"][0]["measure_id"], m["id"]);
  EXPECT_EQ(back["observations"][0]["status"], "in_progress");
}

TEST_F(MeasureApiTest, TheEvaluationOfARegisteredMeasure) {
  const json m = create();
  const std::string id = std::to_string(m["id"].get<long long>());
  auto r = get("betraktare", "/api/v1/evaluation?measure=" + id + "&comparison_area=Centrum");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("Tjärna Ängar"), std::string::npos);
  EXPECT_NE(r->body.find("Belysning Tjärna torg"), std::string::npos);
  EXPECT_EQ(get("betraktare", "/api/v1/evaluation?measure=999999&comparison_area=Centrum")->status,
            404);
}

TEST_F(MeasureApiTest, TheCliRegistersMovesNotesExportsAndEvaluates) {
  TempDir dir;
  const std::string db = dir.file("cli.db");
  seed_database(db, dir);
  const auto add = run_cli(
      {"measure", "add",        "--db",       db,          "--title",        "Trygghetsvärdar",
       "--kind",  "social",     "--level",    "selective", "--type",         "safety_hosts",
       "--area",  "Centrum",    "--category", "klotter",   "--organisation", "Kommunen",
       "--start", "2025-06-01", "--cost",     "50000"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("(proposed)"), std::string::npos) << add.out;
  const auto skip = run_cli({"measure", "status", "--db", db, "1", "--to", "completed"});
  EXPECT_EQ(skip.exit_code, 1);
  EXPECT_NE(skip.err.find("status"), std::string::npos) << skip.err;
  ASSERT_EQ(run_cli({"measure", "status", "--db", db, "1", "--to", "decided"}).exit_code, 0);
  ASSERT_EQ(run_cli({"measure", "note", "--db", db, "1", "--text", "Start i juni"}).exit_code, 0);
  const auto show = run_cli({"measure", "show", "--db", db, "1"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const json m = json::parse(show.out);
  EXPECT_EQ(m["status"], "decided");
  EXPECT_EQ(m["history"][1]["by"], 0) << "the CLI operator";
  EXPECT_EQ(m["notes"][0]["text"], "Start i juni");
  const auto list = run_cli({"measure", "list", "--db", db, "--status", "decided"});
  EXPECT_EQ(json::parse(list.out).size(), 1u);
  const auto csv = run_cli({"measure", "export", "--db", db});
  EXPECT_NE(csv.out.find("Trygghetsvärdar"), std::string::npos);
  const auto bad = run_cli({"measure",  "add",          "--db",       db,        "--title",
                            "x",        "--kind",       "social",     "--level", "selective",
                            "--type",   "safety_hosts", "--area",     "Nowhere", "--organisation",
                            "Kommunen", "--start",      "2025-06-01", "--end",   "2025-05-01"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("areas/0"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("end"), std::string::npos) << bad.err;
  const auto eval =
      run_cli({"evaluate", "--db", db, "--measure", "1", "--comparison-area", "Tjärna Ängar"});
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  EXPECT_NE(eval.out.find("Centrum"), std::string::npos);

  const auto walk = run_cli({"safety-walk", "add", "--db", db, "--date", "2026-10-01", "--area",
                             "Centrum", "--organisation", "Polisen"});
  ASSERT_EQ(walk.exit_code, 0) << walk.err;
  const auto seen = run_cli({"safety-walk", "observe", "--db", db, "1", "--lat", "60.485", "--lon",
                             "15.42", "--type", "graffiti", "--description", "Tags"});
  ASSERT_EQ(seen.exit_code, 0) << seen.err;
  const json walks = json::parse(run_cli({"safety-walk", "list", "--db", db}).out);
  ASSERT_EQ(walks.size(), 1u);
  EXPECT_EQ(walks[0]["observations"][0]["area"]["name"], "Centrum");

  ASSERT_EQ(run_cli({"citizen-promise", "add", "--db", db, "--year", "2025", "--police-area",
                     "LPO Borlänge"})
                .exit_code,
            0);
  ASSERT_EQ(run_cli({"citizen-promise", "activity", "--db", db, "1", "--text", "Trygghetsvandring",
                     "--organisation", "Kommunen", "--deadline", "2025-05-01"})
                .exit_code,
            0);
  const auto report = run_cli({"citizen-promise", "report", "--db", db, "1"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("försenad"), std::string::npos) << "the deadline has passed";
  EXPECT_NE(report.out.find("Trygghetsvärdar"), std::string::npos) << "the 2025 measure";
}

TEST_F(MeasureApiTest, ACitizenPromiseOverHttpWithItsFollowUp) {
  const json body = {
      {"year", 2026},
      {"police_area", "Lokalpolisområde Borlänge"},
      {"period", "2025"},
      {"text", "Tryggare kvällar i Tjärna Ängar."},
      {"activities",
       {{{"text", "Trygghetsvandring"}, {"organisation", "Tunabyggen"}, {"deadline", "2026-03-31"}},
        {{"text", "SSPF"}, {"organisation", "Polisen"}, {"status", "ongoing"}}}}};
  EXPECT_EQ(post("analytiker", "/api/v1/citizen-promises", body)->status, 403);
  json bad = body;
  bad["activities"][1]["organisation"] = "Okänd";
  auto rejected = post("samordnare", "/api/v1/citizen-promises", bad);
  EXPECT_EQ(rejected->status, 422);
  EXPECT_EQ(fields(rejected), std::vector<std::string>{"/activities/1/organisation"});
  auto r = post("samordnare", "/api/v1/citizen-promises", body);
  ASSERT_EQ(r->status, 201) << r->body;
  const json p = json::parse(r->body);
  EXPECT_EQ(p["activities"].size(), 2u);
  EXPECT_EQ(p["activities"][0]["organisation"]["name"], "Tunabyggen");
  const std::string id = std::to_string(p["id"].get<long long>());
  auto added = post("samordnare", "/api/v1/citizen-promises/" + id + "/activities",
                    {{"text", "Medborgardialog"}, {"organisation", "Kommunen"}});
  ASSERT_EQ(added->status, 201) << added->body;
  const std::string activity = std::to_string(p["activities"][0]["id"].get<long long>());
  EXPECT_EQ(patch("bostad", "/api/v1/citizen-promises/activities/" + activity, {{"status", "done"}})
                ->status,
            200);
  EXPECT_EQ(
      patch("polis", "/api/v1/citizen-promises/activities/" + activity, {{"status", "planned"}})
          ->status,
      403);
  auto report = get("betraktare", "/api/v1/citizen-promises/" + id + "/report");
  ASSERT_EQ(report->status, 200) << report->body;
  EXPECT_EQ(report->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(report->body.find("Medborgardialog"), std::string::npos);
  EXPECT_NE(report->body.find("genomförd"), std::string::npos);
  const json list = json::parse(get("betraktare", "/api/v1/citizen-promises")->body);
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list[0]["activities"].size(), 3u);
}

}  // namespace
}  // namespace lagesbild::testing

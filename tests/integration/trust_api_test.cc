// Trust over HTTP against the real server: login throttling answers 429 with Retry-After, the
// personal data guard warns on submit, refuses under the block policy and masks the situation
// picture and exports, and `lagesbild audit verify` checks the chain the server wrote (and finds
// an edited entry).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "harness.h"

namespace lagesbild::testing {
namespace {

constexpr const char* kPersonnummer = "811228-9874";

class TrustApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("trust.db");
    seed_database(db_, *dir_);
    server_ = new ServerProcess(db_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  httplib::Client client() { return server_->client(); }

  static json report_body(const std::string& description, int severity = 2) {
    return {{"category", "klotter"}, {"occurred_from", "2026-11-13T22:00"},
            {"lat", 60.485},         {"lon", 15.42},
            {"severity", severity},  {"description", description}};
  }
  httplib::Result post_report(const std::string& user, const json& body) {
    auto c = client();
    return c.Post("/api/v1/reports", bearer(login(c, user)), body.dump(), "application/json");
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
};
TempDir* TrustApiTest::dir_ = nullptr;
std::string TrustApiTest::db_;
ServerProcess* TrustApiTest::server_ = nullptr;

TEST_F(TrustApiTest, FiveFailedLoginsLockTheAccountWith429AndRetryAfter) {
  auto c = client();
  const std::string wrong = json{{"username", "bostad"}, {"password", "fel-lösen"}}.dump();
  for (int i = 0; i < 5; ++i) {
    auto r = c.Post("/api/v1/login", wrong, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << i;
  }
  // Now even the right password waits.
  auto r = c.Post("/api/v1/login", json{{"username", "bostad"}, {"password", kPassword}}.dump(),
                  "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429) << r->body;
  ASSERT_TRUE(r->has_header("Retry-After"));
  const int retry_after = std::stoi(r->get_header_value("Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 60);
  const std::string message = json::parse(r->body)["error"]["message"];
  EXPECT_NE(message.find("too many failed logins"), std::string::npos) << message;
  EXPECT_NE(message.find("för många misslyckade inloggningar"), std::string::npos) << message;
  // Another account from the same address is not locked.
  EXPECT_NO_THROW(login(c, "polis"));
}

TEST_F(TrustApiTest, SubmitWarnsAboutPersonalDataAndStoresTheTextForItsReaders) {
  auto r = post_report(
      "polis", report_body(std::string("Pojke ") + kPersonnummer + ", mamma 070-123 45 67"));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const json created = json::parse(r->body);
  ASSERT_EQ(created["warnings"].size(), 2u) << r->body;
  EXPECT_EQ(created["warnings"][0]["kind"], "personnummer");
  EXPECT_EQ(created["warnings"][0]["field"], "/description");
  EXPECT_EQ(created["warnings"][1]["kind"], "phone");
  // The reporter's own organisation and the analyst read the text as written.
  auto c = client();
  auto got = c.Get("/api/v1/reports/" + std::to_string(created["id"].get<long>()),
                   bearer(login(c, "analytiker")));
  ASSERT_EQ(got->status, 200);
  EXPECT_NE(json::parse(got->body)["description"].get<std::string>().find(kPersonnummer),
            std::string::npos);

  auto plain = post_report("polis", report_body("Klotter på busskuren"));
  ASSERT_EQ(plain->status, 201);
  EXPECT_FALSE(json::parse(plain->body).contains("warnings")) << plain->body;
}

TEST_F(TrustApiTest, TheSituationPictureAndExportsMaskPersonalData) {
  ASSERT_EQ(post_report("polis",
                        report_body(std::string("Hot mot ") + kPersonnummer + ", bil ABC 123", 3))
                ->status,
            201);
  auto c = client();
  const auto analyst = bearer(login(c, "analytiker"));
  for (const char* format : {"json", "html", "csv"}) {
    auto pic = c.Get(std::string("/api/v1/situation?period=2026-W46&format=") + format, analyst);
    ASSERT_TRUE(pic);
    ASSERT_EQ(pic->status, 200) << format << ": " << pic->body;
    EXPECT_EQ(pic->body.find(kPersonnummer), std::string::npos) << format;
    EXPECT_EQ(pic->body.find("ABC 123"), std::string::npos) << format;
    if (std::string(format) != "csv") {
      EXPECT_NE(pic->body.find("[personnummer]"), std::string::npos) << format;
    }
  }
  for (const char* format : {"csv", "geojson"}) {
    auto exp = c.Get(std::string("/api/v1/reports/export?format=") + format, analyst);
    ASSERT_EQ(exp->status, 200) << exp->body;
    EXPECT_EQ(exp->body.find(kPersonnummer), std::string::npos) << format;
    EXPECT_NE(exp->body.find("[personnummer]"), std::string::npos) << format;
    EXPECT_NE(exp->body.find("[registreringsnummer]"), std::string::npos) << format;
  }
}

TEST_F(TrustApiTest, UnderTheBlockPolicyAReportWithPersonalDataIsRefused) {
  auto c = client();
  const std::string path = "/api/v1/municipalities/2081/personal-data-policy";
  const std::string block = json{{"personal_data_policy", "block"}}.dump();
  EXPECT_EQ(c.Put(path, bearer(login(c, "analytiker")), block, "application/json")->status, 403);
  EXPECT_EQ(c.Put(path, bearer(login(c, "admin")), R"({"personal_data_policy":"maybe"})",
                  "application/json")
                ->status,
            422);
  auto set = c.Put(path, bearer(login(c, "admin")), block, "application/json");
  ASSERT_EQ(set->status, 200) << set->body;
  EXPECT_EQ(json::parse(c.Get(path, bearer(login(c, "polis")))->body)["personal_data_policy"],
            "block");

  auto refused = post_report("polis", report_body("Ring mamma på 070-123 45 67"));
  ASSERT_EQ(refused->status, 422) << refused->body;
  const json error = json::parse(refused->body)["error"];
  ASSERT_EQ(error["errors"].size(), 1u) << refused->body;
  EXPECT_EQ(error["errors"][0]["field"], "/description");
  EXPECT_NE(error["errors"][0]["reason"].get<std::string>().find("phone"), std::string::npos);
  EXPECT_EQ(post_report("polis", report_body("Klotter på busskuren"))->status, 201);

  // The operator sets it back from the CLI.
  const auto cli = run_cli({"municipality", "set", "--db", db_, "--personal-data", "warn"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(post_report("polis", report_body("Ring mamma på 070-123 45 67"))->status, 201);
  const json doc = json::parse(c.Get("/api/v1/openapi.json")->body);
  EXPECT_TRUE(doc["paths"].contains("/api/v1/municipalities/{code}/personal-data-policy"));
}

// Runs SQL on the server's database behind its back.
void tamper(const std::string& db, const std::string& sql) {
  const std::string url = database_url(db);
  if (!url.starts_with("postgres")) {
    SQLite::Database(url, SQLite::OPEN_READWRITE, 5000).exec(sql);  // the server may be writing
    return;
  }
  PGconn* c = PQconnectdb(url.c_str());
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string why = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + why);
}

TEST_F(TrustApiTest, AuditVerifyChecksTheChainTheServerWrote) {
  ASSERT_EQ(post_report("polis", report_body("Klotter"))->status, 201);
  auto ok = run_cli({"audit", "verify", "--db", db_});
  ASSERT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_TRUE(ok.out.starts_with("ok, ")) << ok.out;
  auto list = run_cli({"audit", "list", "--db", db_, "--limit", "3"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 3) << list.out;

  const bool sqlite = !database_url(db_).starts_with("postgres");
  tamper(db_, sqlite ? "DROP TRIGGER audit_log_no_update"
                     : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
  tamper(db_, "UPDATE audit_log SET address = '192.0.2.1' WHERE id = 2");
  auto broken = run_cli({"audit", "verify", "--db", db_});
  EXPECT_EQ(broken.exit_code, 1) << broken.out << broken.err;
  EXPECT_TRUE(broken.out.starts_with("broken at entry 2: entry 2 was edited")) << broken.out;
}

}  // namespace
}  // namespace lagesbild::testing

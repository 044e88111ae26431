// Retention, open data and backups against the real binary (docs/TRUST.md): the retention API is
// the admin's, `retention apply` and the server's schedule purge old text and points, audited;
// the open counts are anonymous, hold no text or point, and suppress the demo's small counts so
// that no hidden count can be derived; `backup` and `restore` round-trip while the server writes,
// refuse a target with data, and leave the target as it was when the file is damaged.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "domain/time.h"
#include "harness.h"
#include "ingest/csv_reader.h"

namespace lagesbild::testing {
namespace {

CommandResult must(const CommandResult& r) {
  if (r.exit_code != 0) throw std::runtime_error("CLI failed: " + r.out + r.err);
  return r;
}

json report_body(const std::string& when, const std::string& description) {
  return {{"category", "klotter"}, {"organisation", "Polisen"},
          {"occurred_from", when}, {"lat", 60.485},
          {"lon", 15.42},          {"description", description}};
}

std::int64_t post_report(httplib::Client& c, const std::string& token, const json& body) {
  auto r = c.Post("/api/v1/reports", bearer(token), body.dump(), "application/json");
  if (!r || r->status != 201) throw std::runtime_error("submit failed: " + (r ? r->body : ""));
  return json::parse(r->body)["id"];
}

json get_report(httplib::Client& c, const std::string& token, std::int64_t id) {
  auto r = c.Get("/api/v1/reports/" + std::to_string(id), bearer(token));
  if (!r || r->status != 200) throw std::runtime_error("read failed");
  return json::parse(r->body);
}

// ---- retention ---------------------------------------------------------------------------------

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("retention.db");
    seed_database(db_, dir_);
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(RetentionTest, OnlyAnAdminSetsRetentionAndMembersReadIt) {
  ServerProcess server(db_);
  auto c = server.client();
  const std::string path = "/api/v1/municipalities/2081/retention";
  auto r = c.Get(path, bearer(login(c, "betraktare")));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(json::parse(r->body)["free_text_months"].is_null());
  EXPECT_EQ(c.Get(path)->status, 401);
  const std::string body = R"({"free_text_months":24,"points_months":6})";
  for (const char* user : {"betraktare", "polis", "analytiker"}) {
    EXPECT_EQ(c.Put(path, bearer(login(c, user)), body, "application/json")->status, 403) << user;
  }
  const std::string admin = login(c, "admin");
  r = c.Put(path, bearer(admin), body, "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  r = c.Get(path, bearer(login(c, "polis")));
  EXPECT_EQ(json::parse(r->body)["free_text_months"], 24);
  EXPECT_EQ(json::parse(r->body)["points_months"], 6);
  // Bad values name their member.
  r = c.Put(path, bearer(admin), R"({"free_text_months":0,"points_month":3})", "application/json");
  ASSERT_EQ(r->status, 422) << r->body;
  EXPECT_NE(r->body.find("/free_text_months"), std::string::npos) << r->body;
  EXPECT_NE(r->body.find("/points_month"), std::string::npos) << r->body;
  EXPECT_EQ(
      c.Put(path, bearer(admin), R"({"free_text_months":"2 år"})", "application/json")->status,
      422);
  // Nothing half-stored, and null keeps.
  r = c.Get(path, bearer(admin));
  EXPECT_EQ(json::parse(r->body)["free_text_months"], 24);
  r = c.Put(path, bearer(admin), R"({"free_text_months":null,"points_months":6})",
            "application/json");
  EXPECT_TRUE(json::parse(r->body)["free_text_months"].is_null());
  // Another municipality's settings are nobody's here.
  EXPECT_EQ(c.Get("/api/v1/municipalities/2080/retention", bearer(admin))->status, 404);
}

TEST_F(RetentionTest, ApplyPurgesOldTextAndPointsOnceAndAuditsTheRun) {
  std::int64_t old_id = 0, new_id = 0;
  {
    ServerProcess server(db_, 8, {"--retention-every", "0"});
    auto c = server.client();
    const std::string polis = login(c, "polis");
    old_id = post_report(c, polis, report_body("2024-03-05T21:00", "Två pojkar klottrade"));
    new_id = post_report(
        c, polis,
        report_body(format_local(now_utc() - std::chrono::hours(24)), "Nytt klotter vid skolan"));
  }
  must(run_cli(
      {"retention", "set", "--db", db_, "--free-text-months", "12", "--points-months", "12"}));
  const auto dry = must(run_cli({"retention", "apply", "--db", db_, "--dry-run"}));
  EXPECT_NE(dry.out.find("dry run"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find(": 1 reports"), std::string::npos) << dry.out;
  const auto applied = must(run_cli({"retention", "apply", "--db", db_, "--municipality", "2081"}));
  EXPECT_NE(applied.out.find(": 1 reports"), std::string::npos) << applied.out;
  EXPECT_NE(applied.out.find("1 to their area"), std::string::npos) << applied.out;
  const auto again = must(run_cli({"retention", "apply", "--db", db_}));
  EXPECT_NE(again.out.find(": 0 reports"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("0 to their area"), std::string::npos) << again.out;

  ServerProcess server(db_, 8, {"--retention-every", "0"});
  auto c = server.client();
  const std::string analyst = login(c, "analytiker");
  const json old_report = get_report(c, analyst, old_id);
  EXPECT_EQ(old_report["description"], "");
  EXPECT_FALSE(old_report.contains("lat") && !old_report["lat"].is_null()) << old_report;
  EXPECT_EQ(old_report["location_precision"], "area");
  EXPECT_EQ(old_report["area"], "Centrum");
  EXPECT_EQ(old_report["category"], "skadegorelse.klotter");
  const json new_report = get_report(c, analyst, new_id);
  EXPECT_EQ(new_report["description"], "Nytt klotter vid skolan");
  EXPECT_EQ(new_report["location_precision"], "exact");

  const auto log = must(run_cli({"audit", "list", "--db", db_, "--limit", "200"}));
  std::size_t runs = 0;
  for (std::size_t at = 0; (at = log.out.find("retention.apply", at)) != std::string::npos; ++at)
    ++runs;
  EXPECT_EQ(runs, 2u) << log.out;  // the two real runs, not the dry one
  EXPECT_NE(log.out.find("report_texts=1"), std::string::npos);
  EXPECT_NE(log.out.find("settings.retention"), std::string::npos);
  EXPECT_EQ(must(run_cli({"audit", "verify", "--db", db_})).exit_code, 0);
}

TEST_F(RetentionTest, TheServersScheduleRunsItAndStopsWithTheServer) {
  std::int64_t old_id = 0;
  {
    ServerProcess server(db_, 8, {"--retention-every", "1"});
    auto c = server.client();
    old_id = post_report(c, login(c, "polis"),
                         report_body("2023-06-01T12:00", "Klotter på garaget, ägaren Per"));
    const std::string admin = login(c, "admin");
    ASSERT_EQ(c.Put("/api/v1/municipalities/2081/retention", bearer(admin),
                    R"({"free_text_months":6,"points_months":null})", "application/json")
                  ->status,
              200);
    // The schedule runs every second: wait (bounded) for it to reach the report.
    json report;
    for (int i = 0; i < 100; ++i) {
      report = get_report(c, admin, old_id);
      if (report["description"] == "") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_EQ(report["description"], "");
    EXPECT_EQ(report["location_precision"], "exact");  // points are kept: null
  }
  // The server stopped (the destructor waits for it) with the chain intact.
  EXPECT_EQ(run_cli({"audit", "verify", "--db", db_}).exit_code, 0);
  const auto log = must(run_cli({"audit", "list", "--db", db_, "--limit", "500"}));
  EXPECT_NE(log.out.find("retention.apply"), std::string::npos);
  EXPECT_NE(log.out.find("schedule"), std::string::npos);
}

// ---- open data ---------------------------------------------------------------------------------

// The demo database (built once for the suite) and its server.
class OpenDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("demo.db");
    must(run_cli({"demo", "--db", db_, "--seed", "1"}));
    server_ = new ServerProcess(db_, 8, {"--retention-every", "0"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
};
TempDir* OpenDataTest::dir_ = nullptr;
std::string OpenDataTest::db_;
ServerProcess* OpenDataTest::server_ = nullptr;

// The true counts of one week by (area, main category), from the full export.
std::map<std::pair<std::string, std::string>, long long> true_counts(const std::string& db,
                                                                     const std::string& week) {
  const Interval w = *parse_iso_week(week);
  const auto csv = must(run_cli(
      {"export", "csv", "--db", db, "--from", format_local(w.from), "--to", format_local(w.to)}));
  std::map<std::pair<std::string, std::string>, long long> out;
  ingest::CsvReader reader(csv.out, ',');
  ingest::CsvRecord rec;
  std::map<std::string, std::size_t> col;
  bool header = true;
  while (reader.next(rec)) {
    if (header) {
      for (std::size_t i = 0; i < rec.fields.size(); ++i) col[std::string(rec.fields[i])] = i;
      header = false;
      continue;
    }
    const UtcSeconds at = *parse_timestamp(rec.fields[col.at("occurred_at")]);
    if (at < w.from || at >= w.to) continue;  // the export selects by overlap
    const std::string category(rec.fields[col.at("category")]);
    std::string area(rec.fields[col.at("area")]);
    if (area.empty()) area = "Utan område";
    out[{area, category.substr(0, category.find('.'))}] +=
        std::stoll(std::string(rec.fields[col.at("count")]));
  }
  return out;
}

TEST_F(OpenDataTest, AnonymousCountsHoldNoTextNoPointAndSuppressSmallCounts) {
  auto c = server_->client();
  // The demo's last weeks (it ends at its last_week; take the ten before it).
  const std::string from = "2026-W36", to = "2026-W45";
  auto r = c.Get("/api/v1/open/counts?municipality=2081&from_week=" + from + "&to_week=" + to);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json doc = json::parse(r->body);
  ASSERT_EQ(doc["weeks"].size(), 10u);
  for (const char* key : {"\"lat\"", "\"lon\"", "\"x\"", "\"description\"", "\"organisation\""}) {
    EXPECT_EQ(r->body.find(key), std::string::npos) << key;
  }
  // No report text is in it: take the week's texts as the analyst reads them.
  // The demo's users share the demo's password, not the harness's.
  auto in = c.Post("/api/v1/login",
                   json{{"username", "analytiker"}, {"password", "demo-lagesbild"}}.dump(),
                   "application/json");
  ASSERT_EQ(in->status, 200) << in->body;
  const std::string analyst = json::parse(in->body)["token"];
  auto reports = c.Get("/api/v1/reports?week=2026-W45&limit=200", bearer(analyst));
  ASSERT_EQ(reports->status, 200);
  std::size_t texts = 0;
  const json page = json::parse(reports->body);
  for (const json& rep : page["reports"]) {
    const std::string text = rep.value("description", "");
    if (text.size() < 12) continue;
    ++texts;
    EXPECT_EQ(r->body.find(text), std::string::npos) << text;
  }
  EXPECT_GT(texts, 0u);

  std::size_t small = 0, withheld = 0, shown = 0;
  for (const json& week : doc["weeks"]) {
    const auto truth = true_counts(db_, week["week"].get<std::string>());
    const std::size_t rows = doc["areas"].size(), cols = doc["categories"].size();
    // The published table, extended by its totals: value, or -1 for "<3", -2 for withheld.
    std::vector<std::vector<long long>> pub(rows + 1, std::vector<long long>(cols + 1));
    std::vector<std::vector<long long>> real(rows + 1, std::vector<long long>(cols + 1, 0));
    const auto read = [](const json& v) -> long long {
      if (v.is_null()) return -2;
      if (v.is_string()) return v == "<3" ? -1 : -3;
      return v.get<long long>();
    };
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        pub[i][j] = read(week["counts"][i][j]);
        const auto it = truth.find(
            {doc["areas"][i].get<std::string>(), doc["categories"][j]["code"].get<std::string>()});
        real[i][j] = it == truth.end() ? 0 : it->second;
        real[i][cols] += real[i][j];
        real[rows][j] += real[i][j];
        real[rows][cols] += real[i][j];
      }
      pub[i][cols] = read(week["area_totals"][i]);
    }
    for (std::size_t j = 0; j < cols; ++j) pub[rows][j] = read(week["category_totals"][j]);
    pub[rows][cols] = read(week["total"]);
    for (std::size_t i = 0; i <= rows; ++i) {
      for (std::size_t j = 0; j <= cols; ++j) {
        const long long p = pub[i][j], v = real[i][j];
        ASSERT_NE(p, -3);
        if (p >= 0) {
          EXPECT_EQ(p, v) << week["week"] << " " << i << "," << j;
          EXPECT_TRUE(v == 0 || v >= 3);
          ++shown;
        } else if (p == -1) {
          EXPECT_TRUE(v == 1 || v == 2) << week["week"] << " " << i << "," << j << " " << v;
          ++small;
        } else {
          ++withheld;
        }
      }
    }
    // Every line (entries and total) has 0 or at least 2 hidden members.
    for (std::size_t i = 0; i <= rows; ++i) {
      std::size_t hidden = 0;
      for (std::size_t j = 0; j <= cols; ++j) hidden += pub[i][j] < 0;
      EXPECT_NE(hidden, 1u) << week["week"] << " row " << i;
    }
    for (std::size_t j = 0; j <= cols; ++j) {
      std::size_t hidden = 0;
      for (std::size_t i = 0; i <= rows; ++i) hidden += pub[i][j] < 0;
      EXPECT_NE(hidden, 1u) << week["week"] << " column " << j;
    }
  }
  // The demo has small counts and needs secondary suppression: the checks above bit.
  EXPECT_GT(small, 10u);
  EXPECT_GT(withheld, 0u);
  EXPECT_GT(shown, small);
}

TEST_F(OpenDataTest, TheCsvIsTheCliExportAndBadParametersAreNamed) {
  auto c = server_->client();
  auto r = c.Get(
      "/api/v1/open/counts?municipality=2081&from_week=2026-W44&to_week=2026-W45&"
      "format=csv");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(r->body.rfind("week,area,category_code,category,count\n", 0), 0u);
  EXPECT_NE(r->body.find("<3"), std::string::npos);
  const auto cli = must(run_cli(
      {"export", "open-data", "--db", db_, "--from-week", "2026-W44", "--to-week", "2026-W45"}));
  EXPECT_EQ(cli.out, r->body);

  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"from_week=2026-W44&to_week=2026-W45", "municipality"},
           {"municipality=2081&from_week=2026-W60&to_week=2026-W45", "from_week"},
           {"municipality=2081&from_week=2026-W45&to_week=2026-W44", "to_week"},
           {"municipality=2081&from_week=2016-W01&to_week=2026-W45", "to_week"},
           {"municipality=2081&from_week=2026-W44&to_week=2026-W45&format=pdf", "format"}}) {
    r = c.Get("/api/v1/open/counts?" + query);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << query << r->body;
    EXPECT_NE(r->body.find(field), std::string::npos) << query << r->body;
  }
  r = c.Get("/api/v1/open/counts?municipality=0180&from_week=2026-W44&to_week=2026-W45");
  EXPECT_EQ(r->status, 404);
}

// ---- backup and restore ------------------------------------------------------------------------

std::string export_all(const std::string& db) {
  return must(run_cli({"export", "csv", "--db", db})).out;
}

std::size_t lines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST(BackupRestore, ARoundTripWhileTheServerWritesKeepsEveryRowAndTheChain) {
  TempDir dir;
  const std::string db = dir.file("source.db"), backup = dir.file("backup.lbk");
  seed_database(db, dir);
  {
    ServerProcess server(db, 8, {"--retention-every", "0"});
    auto c = server.client();
    const std::string polis = login(c, "polis");
    for (int i = 0; i < 20; ++i) {
      post_report(c, polis,
                  report_body("2026-11-0" + std::to_string(1 + i % 9) + "T12:00",
                              "före " + std::to_string(i)));
    }
    const std::size_t before = lines(export_all(db));
    // Writes go on while the backup runs.
    std::atomic<bool> stop{false};
    std::atomic<int> written{0};
    std::thread writer([&] {
      auto w = server.client();
      const std::string token = login(w, "polis");
      while (!stop) {
        post_report(w, token, report_body("2026-11-10T08:00", "under " + std::to_string(written)));
        ++written;
      }
    });
    // The backup starts once the writer is under way (its login takes a moment).
    for (int i = 0; i < 300 && written < 3; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto made = run_cli({"backup", "--db", db, "--out", backup});
    const int during = written;
    stop = true;
    writer.join();
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find("backup of"), std::string::npos) << made.out;
    EXPECT_GE(during, 3);
    EXPECT_GT(written.load(), during);

    const std::string target = dir.file("restored.db");
    const auto restored = run_cli({"restore", "--in", backup, "--db", target});
    ASSERT_EQ(restored.exit_code, 0) << restored.out << restored.err;
    EXPECT_NE(restored.out.find("access log ok"), std::string::npos) << restored.out;
    // A consistent snapshot: every row it holds is the source's, as the source has it now, and
    // it holds at least what was there before the backup began.
    const std::string source_rows = export_all(db), restored_rows = export_all(target);
    EXPECT_GE(lines(restored_rows), before);
    std::istringstream in(restored_rows);
    for (std::string line; std::getline(in, line);) {
      EXPECT_NE(source_rows.find(line + "\n"), std::string::npos) << line;
    }
    EXPECT_EQ(run_cli({"audit", "verify", "--db", target}).exit_code, 0);
    // The restored database serves: the users and their passwords came along.
    ServerProcess again(target, 8, {"--retention-every", "0"});
    auto c2 = again.client();
    EXPECT_NO_THROW(login(c2, "admin"));
  }
  // The backup of a database at rest restores to the same rows.
  ASSERT_EQ(run_cli({"backup", "--db", db, "--out", backup}).exit_code, 0);
  const std::string fresh = dir.file("fresh.db");
  ASSERT_EQ(run_cli({"restore", "--in", backup, "--db", fresh}).exit_code, 0);
  EXPECT_EQ(export_all(fresh), export_all(db));
}

TEST(BackupRestore, ATargetWithDataIsReplacedOnlyWithForce) {
  TempDir dir;
  const std::string db = dir.file("a.db"), other = dir.file("b.db"), backup = dir.file("a.lbk");
  seed_database(db, dir);
  seed_database(other, dir);
  must(run_cli({"backup", "--db", db, "--out", backup}));
  const auto refused = run_cli({"restore", "--in", backup, "--db", other});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  const auto forced = run_cli({"restore", "--in", backup, "--db", other, "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(export_all(other), export_all(db));
  EXPECT_EQ(run_cli({"audit", "verify", "--db", other}).exit_code, 0);
}

TEST(BackupRestore, ADamagedFileIsRefusedAndTheTargetIsUntouched) {
  TempDir dir;
  const std::string db = dir.file("a.db"), target = dir.file("t.db"), backup = dir.file("a.lbk");
  seed_database(db, dir);
  {
    ServerProcess server(db, 8, {"--retention-every", "0"});
    auto c = server.client();
    const std::string polis = login(c, "polis");
    for (int i = 0; i < 200; ++i) post_report(c, polis, report_body("2026-11-03T12:00", "rad"));
  }
  seed_database(target, dir);
  const std::string target_rows = export_all(target);
  must(run_cli({"backup", "--db", db, "--out", backup}));
  std::string content;
  {
    std::ifstream in(backup, std::ios::binary);
    content.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Truncated to half, and not a backup at all.
  std::ofstream(dir.file("half.lbk"), std::ios::binary) << content.substr(0, content.size() / 2);
  std::ofstream(dir.file("junk.lbk"), std::ios::binary) << "id,name\n1,x\n";
  for (const char* file : {"half.lbk", "junk.lbk"}) {
    const auto r = run_cli({"restore", "--in", dir.file(file), "--db", target, "--force"});
    EXPECT_EQ(r.exit_code, 1) << file;
    EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("restored"), std::string::npos) << r.out;
    EXPECT_EQ(export_all(target), target_rows) << file << ": " << r.err;
  }
  const auto junk = run_cli({"restore", "--in", dir.file("junk.lbk"), "--db", target});
  EXPECT_NE(junk.err.find("not a Lägesbild backup"), std::string::npos) << junk.err;
  EXPECT_EQ(run_cli({"audit", "verify", "--db", target}).exit_code, 0);
}

}  // namespace
}  // namespace lagesbild::testing

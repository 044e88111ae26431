// The collaboration forums over HTTP against the real binary, on SQLite and PostgreSQL: the
// whole cycle (group -> meeting with its generated agenda -> minutes -> decisions that become a
// measure and a task -> the next meeting shows them open -> one closed -> shown closed), the
// steering overview, the agreement and its follow-up, bad input answered field by field with
// nothing stored, the role rules of docs/ACCESS.md, the meeting material rendered by poppler and
// the iCalendar feed read by Python's icalendar.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "harness.h"

namespace lagesbild::testing {
namespace {

// Runs a shell command and returns its exit code and standard output.
std::pair<int, std::string> shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return {-1, ""};
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class ForumApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("forums.db");
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
    const json body = json::parse(r->body);  // kept: the loop reads into it
    for (const auto& e : body["error"]["errors"]) out.push_back(e["field"]);
    return out;
  }
  static json ok(const httplib::Result& r, int status) {
    if (!r) throw std::runtime_error("no answer");
    EXPECT_EQ(r->status, status) << r->body;
    return json::parse(r->body);
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
};
TempDir* ForumApiTest::dir_ = nullptr;
std::string ForumApiTest::db_;
ServerProcess* ForumApiTest::server_ = nullptr;

TEST_F(ForumApiTest, TheWholeCycleFromGroupToClosedDecision) {
  // A group with an organisation outside the deployment: nothing stored.
  json group_body = {{"name", "Örat mot marken; polis, bostad \"och\" kommun"},
                     {"kind", "operational"},
                     {"cadence", "every_other_week"},
                     {"organisations", {"Polisen", "Tunabyggen", "Räddningstjänsten"}},
                     {"members", {"polis", "bostad"}},
                     {"areas", {"Tjärna Ängar"}}};
  auto r = post("samordnare", "/api/v1/groups", group_body);
  ASSERT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(fields(r), std::vector<std::string>{"/organisations/2"});
  EXPECT_EQ(ok(get("betraktare", "/api/v1/groups"), 200).size(), 0u);
  group_body["organisations"] = {"Polisen", "Tunabyggen"};
  EXPECT_EQ(post("analytiker", "/api/v1/groups", group_body)->status, 403);
  const json group = ok(post("samordnare", "/api/v1/groups", group_body), 201);
  const std::string gid = std::to_string(group["id"].get<long long>());
  EXPECT_EQ(group["members"].size(), 2u);

  // Meetings: one for a group that does not exist, then two by the cadence.
  EXPECT_EQ(
      post("samordnare", "/api/v1/groups/4711/meetings", {{"starts", "2026-11-16T09:00"}})->status,
      404);
  const json meetings =
      ok(post("samordnare", "/api/v1/groups/" + gid + "/meetings/schedule",
              {{"count", 2},
               {"first", "2026-11-16T09:00"},
               {"location", "Stadshuset, sammanträdesrum Dalälven – plan 3, ingång från torget"}}),
         201);
  ASSERT_EQ(meetings.size(), 2u);
  EXPECT_EQ(meetings[1]["starts"], "2026-11-30T09:00:00+01:00");
  const std::string m1 = std::to_string(meetings[0]["id"].get<long long>());
  const std::string m2 = std::to_string(meetings[1]["id"].get<long long>());

  // The first agenda: the picture since one cadence step back, nothing open yet.
  json agenda = ok(get("betraktare", "/api/v1/meetings/" + m1 + "/agenda"), 200);
  EXPECT_EQ(agenda["period"], "2026-11-02..2026-11-15");
  EXPECT_TRUE(agenda["open_items"].empty());
  EXPECT_TRUE(agenda["flags"].is_array());
  EXPECT_TRUE(agenda["hotspots"].is_array()) << "two areas: Gi* needs three, so none";
  EXPECT_TRUE(agenda["hotspots"].empty());

  // Minutes by the analyst; the viewer may not write them.
  const json minutes = {{"minutes", "Genomgång av läget i Tjärna Ängar."},
                        {"status", "held"},
                        {"attending_organisations", {"Polisen"}},
                        {"attending_members", {"polis"}}};
  EXPECT_EQ(patch("betraktare", "/api/v1/meetings/" + m1, minutes)->status, 403);
  EXPECT_EQ(ok(patch("analytiker", "/api/v1/meetings/" + m1, minutes), 200)["status"], "held");

  // Bad decisions: no owner, a due date before the meeting; nothing stored.
  r = post("samordnare", "/api/v1/meetings/" + m1 + "/decisions",
           {{"title", "Röj buskagen"}, {"due", "2026-11-01"}});
  ASSERT_EQ(r->status, 422);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"/organisation", "/due"}));
  EXPECT_EQ(post("analytiker", "/api/v1/meetings/" + m1 + "/decisions",
                 {{"title", "x"}, {"organisation", "Polisen"}, {"due", "2026-12-01"}})
                ->status,
            403);
  EXPECT_TRUE(
      ok(get("samordnare", "/api/v1/meetings/" + m1 + "/agenda"), 200)["decisions"].empty());

  // A decision that becomes a decided measure, and a task: each in one call.
  const json measure_decision = ok(post("samordnare", "/api/v1/meetings/" + m1 + "/decisions",
                                        {{"title", "Belysning i gångtunneln"},
                                         {"kind", "measure"},
                                         {"organisation", "Tunabyggen"},
                                         {"due", "2027-03-31"},
                                         {"measure",
                                          {{"kind", "situational"},
                                           {"level", "universal"},
                                           {"type", "lighting"},
                                           {"status", "decided"}}}}),
                                   201);
  ASSERT_TRUE(measure_decision["measure"].is_number_integer());
  const json measure =
      ok(get("betraktare",
             "/api/v1/measures/" + std::to_string(measure_decision["measure"].get<long long>())),
         200);
  EXPECT_EQ(measure["status"], "decided");
  EXPECT_EQ(measure["title"], "Belysning i gångtunneln");
  const json task = ok(post("samordnare", "/api/v1/meetings/" + m1 + "/decisions",
                            {{"title", "Kartlägg samlingsplatser"},
                             {"organisation", "Polisen"},
                             {"due", "2026-11-20"},
                             {"people_count", 6}}),
                       201);
  const std::string task_id = std::to_string(task["id"].get<long long>());

  // The next meeting opens with both items open.
  agenda = ok(get("betraktare", "/api/v1/meetings/" + m2 + "/agenda"), 200);
  EXPECT_EQ(agenda["period"], "2026-11-16..2026-11-29");
  EXPECT_EQ(agenda["previous_meeting"].get<long long>(), meetings[0]["id"].get<long long>());
  ASSERT_EQ(agenda["open_items"].size(), 2u);
  for (const auto& item : agenda["open_items"]) EXPECT_EQ(item["status"], "open");
  EXPECT_EQ(agenda["open_items"][0]["measure_status"], "decided");
  EXPECT_TRUE(agenda["open_items"][1]["overdue"].get<bool>());  // due before 30 November
  ASSERT_EQ(agenda["measures_due"].size(), 1u);

  // Closed in the second meeting: shown closed, no longer open.
  EXPECT_EQ(post("betraktare", "/api/v1/decisions/" + task_id + "/close", json::object())->status,
            403);
  EXPECT_EQ(ok(post("samordnare", "/api/v1/decisions/" + task_id + "/close",
                    {{"meeting", meetings[1]["id"]}, {"note", "Klart"}}),
               200)["status"],
            "closed");
  EXPECT_EQ(post("samordnare", "/api/v1/decisions/" + task_id + "/close", json::object())->status,
            409);
  agenda = ok(get("betraktare", "/api/v1/meetings/" + m2 + "/agenda"), 200);
  ASSERT_EQ(agenda["open_items"].size(), 1u);
  ASSERT_EQ(agenda["closed_items"].size(), 1u);
  EXPECT_EQ(agenda["closed_items"][0]["id"], task["id"]);
  EXPECT_EQ(agenda["closed_items"][0]["status"], "closed");

  // The steering overview: both decisions, by organisation and status; the CSV has them too.
  const json overview = ok(get("betraktare", "/api/v1/forum-overview"), 200);
  EXPECT_EQ(overview["total"], 2);
  EXPECT_EQ(overview["open"], 1);
  bool tunabyggen = false;
  for (const auto& c : overview["by_organisation"]) tunabyggen |= c["key"] == "Tunabyggen";
  EXPECT_TRUE(tunabyggen);
  r = get("betraktare", "/api/v1/forum-overview?format=csv");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body.rfind("id,measure_id,group,", 0), 0u) << r->body;
  EXPECT_NE(r->body.find("Kartlägg samlingsplatser"), std::string::npos);

  // The meeting material: a PDF poppler renders, with the open item and the decision in it.
  r = get("betraktare", "/api/v1/meetings/" + m2 + "/material");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/pdf");
  const std::string pdf = dir_->file("material.pdf");
  std::ofstream(pdf, std::ios::binary) << r->body;
  EXPECT_EQ(shell("pdftoppm -gray -r 30 '" + pdf + "' '" + dir_->file("page") + "'").first, 0);
  EXPECT_TRUE(fs::exists(dir_->file("page-1.pgm")) || fs::exists(dir_->file("page-01.pgm")));
  const auto [text_rc, text] = shell("pdftotext -enc UTF-8 '" + pdf + "' -");
  EXPECT_EQ(text_rc, 0);
  EXPECT_NE(text.find("Belysning i gångtunneln"), std::string::npos) << text;
  EXPECT_NE(text.find("Öppna punkter"), std::string::npos);

  // The calendar feed, read by Python's icalendar.
  r = get("betraktare", "/api/v1/meetings/calendar.ics");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  const std::string ics = dir_->file("moten.ics");
  std::ofstream(ics, std::ios::binary) << r->body;
  const auto [rc, out] =
      shell("/usr/bin/python3 '" LB_SOURCE_DIR "/tests/integration/check_ics.py' '" + ics + "'");
  ASSERT_EQ(rc, 0) << out;
  const json parsed = json::parse(out);
  ASSERT_EQ(parsed["events"].size(), 2u);
  EXPECT_EQ(parsed["events"][0]["summary"], group_body["name"]);
  EXPECT_EQ(parsed["events"][0]["location"], meetings[0]["location"]);
  EXPECT_EQ(parsed["events"][0]["start"], "2026-11-16T08:00:00Z");
  EXPECT_EQ(parsed["events"][0]["uid"], "meeting-" + m1 + "@2081.lagesbild");
  EXPECT_EQ(get("betraktare", "/api/v1/groups/4711/calendar.ics")->status, 404);
}

TEST_F(ForumApiTest, AnAgreementLinksMeasuresAndIsFollowedUpYearly) {
  json body = {{"title", "Samverkansöverenskommelse 2026–2027"},
               {"from", "2026-01-01"},
               {"to", "2025-12-31"},
               {"parties", {"Polisen", "Kommunen"}},
               {"areas", {"Tjärna Ängar"}},
               {"measures", {9999}}};
  auto r = post("samordnare", "/api/v1/agreements", body);
  ASSERT_EQ(r->status, 422);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"/to", "/measures/0"}));
  EXPECT_EQ(ok(get("betraktare", "/api/v1/agreements"), 200).size(), 0u);
  body["to"] = "2027-12-31";
  body["measures"] = json::array();
  body["commitments"] = "Polisen: närvaro fredagskvällar.\nKommunen: fältassistenter.";
  const json a = ok(post("samordnare", "/api/v1/agreements", body), 201);
  const std::string id = std::to_string(a["id"].get<long long>());
  EXPECT_EQ(a["parties"].size(), 2u);
  r = post("samordnare", "/api/v1/agreements/" + id + "/follow-ups",
           {{"year", 2030}, {"text", "Uppföljning"}});
  ASSERT_EQ(r->status, 422);
  EXPECT_EQ(fields(r), std::vector<std::string>{"/year"});
  const json followed = ok(post("samordnare", "/api/v1/agreements/" + id + "/follow-ups",
                                {{"year", 2026}, {"text", "Närvaron höll; otryggheten minskade."}}),
                           201);
  ASSERT_EQ(followed["follow_ups"].size(), 1u);
  EXPECT_EQ(post("analytiker", "/api/v1/agreements/" + id + "/follow-ups",
                 {{"year", 2027}, {"text", "x"}})
                ->status,
            403);
}

}  // namespace
}  // namespace lagesbild::testing

// The HTTP API, driven over loopback against the real server binary and a real SQLite file.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "harness.h"

namespace lagesbild::testing {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("api.db");
    seed_database(db_, *dir_);
    server_ = new ServerProcess(db_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  httplib::Client client() { return server_->client(); }

  json post_report(const std::string& user, const json& body, int expect = 201) {
    auto c = client();
    auto r = c.Post("/api/v1/reports", bearer(login(c, user)), body.dump(), "application/json");
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, expect) << r->body;
    return json::parse(r->body);
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
};
TempDir* ApiTest::dir_ = nullptr;
std::string ApiTest::db_;
ServerProcess* ApiTest::server_ = nullptr;

json report_body(double lat = 60.485, double lon = 15.42) {
  return {{"category", "klotter"},
          {"occurred_from", "2026-11-13T22:00"},
          {"occurred_to", "2026-11-14T02:00"},
          {"lat", lat},
          {"lon", lon},
          {"count", 2},
          {"severity", 2},
          {"description", "Klotter på busskuren"}};
}

TEST_F(ApiTest, HealthAndOpenApiNeedNoSession) {
  auto c = client();
  auto h = c.Get("/api/v1/health");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(json::parse(h->body)["status"], "ok");
  auto o = c.Get("/api/v1/openapi.json");
  ASSERT_TRUE(o);
  const auto doc = json::parse(o->body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_TRUE(doc["paths"].contains("/api/v1/reports"));
}

TEST_F(ApiTest, EverythingElseNeedsASession) {
  auto c = client();
  for (const char* path :
       {"/api/v1/reports", "/api/v1/reports/1", "/api/v1/areas", "/api/v1/categories",
        "/api/v1/organisations", "/api/v1/places", "/api/v1/me", "/api/v1/municipalities"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 401) << path;
    auto bad = c.Get(path, bearer("not-a-token"));
    EXPECT_EQ(bad->status, 401) << path;
  }
}

TEST_F(ApiTest, WrongPasswordIsRejectedWithoutSayingWhichPart) {
  auto c = client();
  auto r = c.Post("/api/v1/login", R"({"username":"polis","password":"fel"})", "application/json");
  EXPECT_EQ(r->status, 401);
  auto r2 =
      c.Post("/api/v1/login", R"({"username":"finns-inte","password":"fel"})", "application/json");
  EXPECT_EQ(r2->status, 401);
  EXPECT_EQ(json::parse(r->body)["error"]["message"], json::parse(r2->body)["error"]["message"]);
}

TEST_F(ApiTest, SubmittedReportIsPlacedInItsAreaAndProjected) {
  const json r = post_report("polis", report_body());
  EXPECT_EQ(r["area"], "Centrum");
  EXPECT_EQ(r["organisation"], "Polisen");
  EXPECT_EQ(r["category"], "skadegorelse.klotter");
  EXPECT_EQ(r["occurred_from"], "2026-11-13T22:00:00+01:00");
  EXPECT_EQ(r["occurred_to"], "2026-11-14T02:00:00+01:00");
  // SWEREF 99 TM of (60.485, 15.42) is about E 523 000, N 6 706 000.
  EXPECT_NEAR(r["x"].get<double>(), 523000, 3000);
  EXPECT_NEAR(r["y"].get<double>(), 6706000, 3000);
  auto c = client();
  auto back =
      c.Get("/api/v1/reports/" + std::to_string(r["id"].get<long>()), bearer(login(c, "polis")));
  ASSERT_EQ(back->status, 200);
  EXPECT_EQ(json::parse(back->body), r);
}

TEST_F(ApiTest, BadReportListsEveryProblemByJsonPointer) {
  json body = report_body(52.52, 13.40);  // Berlin
  body["category"] = "finns-inte";
  body["count"] = 0;
  body["severity"] = 7;
  body["occurred_to"] = "2026-11-13T21:00";
  body["extra"] = true;
  auto c = client();
  auto r = c.Post("/api/v1/reports", bearer(login(c, "polis")), body.dump(), "application/json");
  ASSERT_EQ(r->status, 422) << r->body;
  const auto errors = json::parse(r->body)["error"]["errors"];
  std::set<std::string> fields;
  for (const auto& e : errors) fields.insert(e["field"].get<std::string>());
  // Unknown fields are reported first, alone: the body's shape is checked before its content.
  EXPECT_TRUE(fields.count("/extra")) << errors.dump();
  body.erase("extra");
  r = c.Post("/api/v1/reports", bearer(login(c, "polis")), body.dump(), "application/json");
  ASSERT_EQ(r->status, 422);
  fields.clear();
  const json second = json::parse(r->body);
  for (const auto& e : second["error"]["errors"]) fields.insert(e["field"].get<std::string>());
  for (const char* f : {"/category", "/count", "/severity", "/occurred_to", "/lat"}) {
    EXPECT_TRUE(fields.count(f)) << f << " in " << r->body;
  }
}

TEST_F(ApiTest, MalformedJsonIsABadRequest) {
  auto c = client();
  auto r =
      c.Post("/api/v1/reports", bearer(login(c, "polis")), "{\"category\": ", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("not valid JSON"), std::string::npos);
}

TEST_F(ApiTest, ResubmittingTheSameExternalIdIsIdempotent) {
  json body = report_body();
  body["external_id"] = "phone-7f3a";
  const json first = post_report("polis", body, 201);
  const json again = post_report("polis", body, 200);
  EXPECT_EQ(first["id"], again["id"]);
}

TEST_F(ApiTest, ReporterSeesOnlyOwnOrganisationAnalystSeesAll) {
  const json mine = post_report("polis", report_body());
  const json theirs = post_report("bostad", report_body(60.48, 15.46));
  EXPECT_EQ(theirs["area"], "Tjärna Ängar");
  auto c = client();
  const auto polis = bearer(login(c, "polis"));
  auto other = c.Get("/api/v1/reports/" + std::to_string(theirs["id"].get<long>()), polis);
  EXPECT_EQ(other->status, 404) << "another organisation's report is invisible, not forbidden";
  auto list = json::parse(c.Get("/api/v1/reports?limit=1000", polis)->body)["reports"];
  for (const auto& r : list) EXPECT_EQ(r["organisation"], "Polisen");
  auto forbidden = c.Get("/api/v1/reports?organisation=Tunabyggen", polis);
  EXPECT_EQ(forbidden->status, 403);

  const auto analyst = bearer(login(c, "analytiker"));
  auto all = json::parse(c.Get("/api/v1/reports?limit=1000", analyst)->body)["reports"];
  std::set<std::string> orgs;
  for (const auto& r : all) orgs.insert(r["organisation"]);
  EXPECT_TRUE(orgs.count("Polisen") && orgs.count("Tunabyggen"));

  auto viewer = c.Get("/api/v1/reports", bearer(login(c, "betraktare")));
  EXPECT_EQ(viewer->status, 403) << "viewers see aggregates only";
}

TEST_F(ApiTest, FiltersByAreaCategoryTreeAndTime) {
  post_report("polis", report_body());
  json fire = report_body(60.48, 15.46);
  fire["category"] = "Anlagd brand";
  fire["occurred_from"] = "2026-11-05T12:00";
  fire.erase("occurred_to");
  post_report("polis", fire);
  auto c = client();
  const auto h = bearer(login(c, "analytiker"));
  auto get = [&](const std::string& q) {
    auto r = c.Get("/api/v1/reports?" + q, h);
    EXPECT_EQ(r->status, 200) << q << " " << r->body;
    return json::parse(r->body)["reports"];
  };
  for (const auto& r : get("category=brand&limit=1000")) EXPECT_EQ(r["category"], "brand.anlagd");
  EXPECT_GE(get("category=brand").size(), 1u);
  for (const auto& r : get("area=Centrum&limit=1000")) EXPECT_EQ(r["area"], "Centrum");
  for (const auto& r : get("week=2026-W45&limit=1000")) EXPECT_EQ(r["category"], "brand.anlagd");
  EXPECT_TRUE(get("from=2026-11-06&to=2026-11-07").empty());
  auto bad = c.Get("/api/v1/reports?from=igår", h);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"]["errors"][0]["field"], "from") << bad->body;
  auto unknown = c.Get("/api/v1/reports?category=nope", h);
  EXPECT_EQ(unknown->status, 400);
}

TEST_F(ApiTest, PagingWithCursorVisitsEveryReportOnce) {
  for (int i = 0; i < 7; ++i) post_report("bostad", report_body(60.48, 15.46));
  auto c = client();
  const auto h = bearer(login(c, "analytiker"));
  std::set<long> ids;
  std::string cursor;
  int pages = 0;
  do {
    auto r = c.Get("/api/v1/reports?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), h);
    ASSERT_EQ(r->status, 200);
    const auto body = json::parse(r->body);
    for (const auto& rep : body["reports"]) EXPECT_TRUE(ids.insert(rep["id"].get<long>()).second);
    cursor = body["next_cursor"].is_null() ? "" : body["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 100);
  auto all = json::parse(c.Get("/api/v1/reports?limit=1000", h)->body)["reports"];
  EXPECT_EQ(ids.size(), all.size());
}

TEST_F(ApiTest, ReviewIsForAnalystsAndRecordsWho) {
  const json r = post_report("polis", report_body());
  const std::string path = "/api/v1/reports/" + std::to_string(r["id"].get<long>());
  auto c = client();
  auto by_reporter =
      c.Patch(path, bearer(login(c, "polis")), R"({"status":"reviewed"})", "application/json");
  EXPECT_EQ(by_reporter->status, 403);
  auto own_fix = c.Patch(path, bearer(login(c, "polis")), R"({"severity":3})", "application/json");
  EXPECT_EQ(own_fix->status, 200) << "a reporter may correct their own organisation's report";
  auto review = c.Patch(path, bearer(login(c, "analytiker")),
                        R"({"status":"reviewed","category":"brand.anlagd"})", "application/json");
  ASSERT_EQ(review->status, 200) << review->body;
  const auto after = json::parse(review->body);
  EXPECT_EQ(after["status"], "reviewed");
  EXPECT_EQ(after["category"], "brand.anlagd");
  EXPECT_EQ(after["severity"], 3);
  EXPECT_FALSE(after["reviewed_by"].is_null());
  auto bad =
      c.Patch(path, bearer(login(c, "analytiker")), R"({"status":"klar"})", "application/json");
  EXPECT_EQ(bad->status, 422);
}

TEST_F(ApiTest, AreasRoundTripAsGeoJsonAndBadPolygonsAreRejected) {
  auto c = client();
  const auto admin = bearer(login(c, "admin"));
  const json area = {
      {"type", "Feature"},
      {"properties", {{"name", "Hagalund"}}},
      {"geometry",
       {{"type", "Polygon"},
        {"coordinates",
         {{{15.40, 60.50}, {15.40, 60.52}, {15.44, 60.52}, {15.44, 60.50}, {15.40, 60.50}}}}}}};
  auto created = c.Post("/api/v1/areas", admin, area.dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  auto list = json::parse(c.Get("/api/v1/areas", admin)->body);
  EXPECT_EQ(list["type"], "FeatureCollection");
  bool found = false;
  for (const auto& f : list["features"]) found |= f["properties"]["name"] == "Hagalund";
  EXPECT_TRUE(found);
  // A report inside the new area is placed in it at once.
  const json r = post_report("polis", report_body(60.51, 15.42));
  EXPECT_EQ(r["area"], "Hagalund");

  json bowtie = area;
  bowtie["properties"]["name"] = "Fluga";
  bowtie["geometry"]["coordinates"] = {
      {{15.40, 60.55}, {15.44, 60.57}, {15.44, 60.55}, {15.40, 60.57}, {15.40, 60.55}}};
  auto rejected = c.Post("/api/v1/areas", admin, bowtie.dump(), "application/json");
  EXPECT_EQ(rejected->status, 422) << rejected->body;
  EXPECT_NE(rejected->body.find("/geometry"), std::string::npos);
  auto repaired = c.Post("/api/v1/areas?repair=true", admin, bowtie.dump(), "application/json");
  EXPECT_EQ(repaired->status, 201) << repaired->body;

  const auto reporter = bearer(login(c, "polis"));
  auto not_allowed = c.Post("/api/v1/areas", reporter, area.dump(), "application/json");
  EXPECT_EQ(not_allowed->status, 403);
}

TEST_F(ApiTest, CategoriesOrganisationsAndPlacesCrud) {
  auto c = client();
  const auto admin = bearer(login(c, "admin"));
  auto cats = json::parse(c.Get("/api/v1/categories", admin)->body);
  long parent = 0;
  for (const auto& cat : cats)
    if (cat["code"] == "skadegorelse") parent = cat["id"];
  ASSERT_GT(parent, 0);
  json sub = {{"code", "skadegorelse.glas"}, {"name", "Glaskross"}, {"parent_id", parent}};
  auto made = c.Post("/api/v1/categories", admin, sub.dump(), "application/json");
  ASSERT_EQ(made->status, 201) << made->body;
  auto dup = c.Post("/api/v1/categories", admin, sub.dump(), "application/json");
  EXPECT_EQ(dup->status, 409);
  json badcode = {{"code", "Stora Bokstäver"}, {"name", "x"}};
  EXPECT_EQ(c.Post("/api/v1/categories", admin, badcode.dump(), "application/json")->status, 422);

  auto org = c.Post("/api/v1/organisations", admin, R"({"name":"Keolis","kind":"transport"})",
                    "application/json");
  ASSERT_EQ(org->status, 201);
  const long org_id = json::parse(org->body)["id"];
  EXPECT_EQ(c.Delete("/api/v1/organisations/" + std::to_string(org_id), admin)->status, 204);
  EXPECT_EQ(c.Delete("/api/v1/organisations/" + std::to_string(org_id), admin)->status, 404);

  auto place = c.Post("/api/v1/places", admin,
                      R"({"name":"Resecentrum","kind":"station","lat":60.486,"lon":15.43})",
                      "application/json");
  ASSERT_EQ(place->status, 201) << place->body;
  EXPECT_FALSE(json::parse(place->body)["area_id"].is_null());
  json at_place = report_body();
  at_place.erase("lat");
  at_place.erase("lon");
  at_place["place"] = "Resecentrum";
  const json r = post_report("polis", at_place);
  EXPECT_EQ(r["place"], "Resecentrum");
  EXPECT_EQ(r["area"], "Centrum");
  auto outside = c.Post("/api/v1/places", admin, R"({"name":"Oslo","lat":59.91,"lon":10.75})",
                        "application/json");
  EXPECT_EQ(outside->status, 422);
}

TEST_F(ApiTest, CsvImportOverHttpIsAllOrNothing) {
  auto c = client();
  const auto admin = bearer(login(c, "admin"));
  const std::string good =
      "occurred_at;category;organisation;lat;lon;external_id\n"
      "2026-11-10 21:00;klotter;Polisen;60,48;15,42;http-1\n";
  auto ok = c.Post("/api/v1/reports/import", admin, good, "text/csv");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["inserted"], 1);
  const std::string bad = good + "2026-11-10 21:00;finns-inte;Polisen;60,48;15,42;http-2\n";
  auto rejected = c.Post("/api/v1/reports/import", admin, bad, "text/csv");
  ASSERT_EQ(rejected->status, 422);
  const auto errors = json::parse(rejected->body)["error"]["errors"];
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["line"], 3);
  EXPECT_EQ(errors[0]["field"], "category");
}

TEST_F(ApiTest, CsvDryRunChecksEveryRowAndStoresNothing) {
  auto c = client();
  const auto admin = bearer(login(c, "admin"));
  auto count = [&] {
    return json::parse(c.Get("/api/v1/reports?limit=1000", admin)->body)["reports"].size();
  };
  const auto before = count();
  const std::string good =
      "occurred_at;category;organisation;lat;lon;external_id\n"
      "2026-11-11 21:00;klotter;Polisen;60,48;15,42;dry-1\n"
      "2026-11-11 22:00;klotter;Polisen;60,48;15,42;dry-2\n";
  auto ok = c.Post("/api/v1/reports/import?dry_run=1", admin, good, "text/csv");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["rows"], 2);
  EXPECT_EQ(json::parse(ok->body)["inserted"], 0);
  EXPECT_EQ(count(), before);
  auto bad = c.Post("/api/v1/reports/import?dry_run=1", admin,
                    good + "2026-11-11 23:00;klotter;Polisen;;;dry-3\n", "text/csv");
  ASSERT_EQ(bad->status, 422) << bad->body;
  EXPECT_EQ(json::parse(bad->body)["error"]["errors"][0]["line"], 4);
  EXPECT_EQ(count(), before);
  // A reporter may not import, so may not check either.
  EXPECT_EQ(c.Post("/api/v1/reports/import?dry_run=1", bearer(login(c, "polis")), good, "text/csv")
                ->status,
            403);
}

TEST_F(ApiTest, BrowserSessionWritesNeedTheCsrfToken) {
  auto c = client();
  auto r = c.Post("/api/v1/login", json{{"username", "analytiker"}, {"password", kPassword}}.dump(),
                  "application/json");
  ASSERT_EQ(r->status, 200);
  const auto login_body = json::parse(r->body);
  const std::string cookie = "lagesbild_session=" + login_body["token"].get<std::string>();
  const std::string csrf = login_body["csrf_token"];
  ASSERT_EQ(csrf.size(), 64u);
  const std::string body = json{{"period", "2026-W46"}, {"text", "Lugn vecka."}}.dump();
  // Reads need no token; a write with the cookie alone is refused and stores nothing.
  EXPECT_EQ(c.Get("/api/v1/me", {{"Cookie", cookie}})->status, 200);
  EXPECT_EQ(c.Post("/api/v1/assessments", {{"Cookie", cookie}}, body, "application/json")->status,
            403);
  EXPECT_EQ(c.Post("/api/v1/assessments", {{"Cookie", cookie}, {"X-CSRF-Token", csrf + "0"}}, body,
                   "application/json")
                ->status,
            403);
  auto list = json::parse(c.Get("/api/v1/assessments?period=2026-W46", {{"Cookie", cookie}})->body);
  EXPECT_TRUE(list.empty()) << list.dump();
  // With the token from the login (or from /me after a reload) it goes through.
  const auto me = json::parse(c.Get("/api/v1/me", {{"Cookie", cookie}})->body);
  EXPECT_EQ(me["csrf_token"], csrf);
  EXPECT_EQ(c.Post("/api/v1/assessments", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}, body,
                   "application/json")
                ->status,
            201);
  // A bearer token is not sent by browsers on their own, so it needs no CSRF token.
  EXPECT_EQ(
      c.Post("/api/v1/assessments", bearer(login_body["token"]), body, "application/json")->status,
      201);
}

TEST_F(ApiTest, AdminListsTheMunicipalitysUsersWithoutSecrets) {
  auto c = client();
  auto users = c.Get("/api/v1/users", bearer(login(c, "admin")));
  ASSERT_EQ(users->status, 200) << users->body;
  const auto list = json::parse(users->body);
  std::vector<std::string> names;
  for (const auto& u : list) {
    names.push_back(u["username"]);
    EXPECT_FALSE(u.contains("password_hash")) << u.dump();
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "polis"), names.end());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(c.Get("/api/v1/users", bearer(login(c, "analytiker")))->status, 403);
}

TEST_F(ApiTest, DisablingAUserEndsTheirSessionAtOnce) {
  auto c = client();
  const auto admin = bearer(login(c, "admin"));
  const json made = {
      {"username", "tillfallig"},
      {"password", kPassword},
      {"grants", {{{"municipality", "2081"}, {"role", "reporter"}, {"organisation_id", 1}}}}};
  auto created = c.Post("/api/v1/users", admin, made.dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const long id = json::parse(created->body)["id"];
  const auto temp = bearer(login(c, "tillfallig"));
  EXPECT_EQ(c.Get("/api/v1/reports", temp)->status, 200);
  auto disabled = c.Patch("/api/v1/users/" + std::to_string(id), admin, R"({"disabled":true})",
                          "application/json");
  ASSERT_EQ(disabled->status, 200) << disabled->body;
  EXPECT_EQ(c.Get("/api/v1/reports", temp)->status, 401);
  auto relogin =
      c.Post("/api/v1/login", json{{"username", "tillfallig"}, {"password", kPassword}}.dump(),
             "application/json");
  EXPECT_EQ(relogin->status, 401);
  const auto reporter = bearer(login(c, "polis"));
  EXPECT_EQ(c.Patch("/api/v1/users/" + std::to_string(id), reporter, R"({"disabled":false})",
                    "application/json")
                ->status,
            404);
}

// An admin replaces a user's roles in the municipality; the user's open session sees the change at
// once; bad grants are named field by field and change nothing; nobody takes away their own
// admin role; only the municipality's admin may.
TEST_F(ApiTest, AUsersRolesAreChangedByTheAdminAndTakeEffectAtOnce) {
  auto c = client();
  const auto admin = bearer(login(c, "admin"));
  const json made = {
      {"username", "rollbyte"},
      {"password", kPassword},
      {"grants", {{{"municipality", "2081"}, {"role", "reporter"}, {"organisation_id", 2}}}}};
  auto created = c.Post("/api/v1/users", admin, made.dump(), "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string path =
      "/api/v1/users/" + std::to_string(json::parse(created->body)["id"].get<long>());
  const auto session = bearer(login(c, "rollbyte"));
  const std::string others = "/api/v1/reports?organisation=Polisen";
  EXPECT_EQ(c.Get(others, session)->status, 403) << "a reporter reads only their organisation's";

  const auto grants_of = [&] {
    for (const auto& u : json::parse(c.Get("/api/v1/users", admin)->body)) {
      if (u["username"] == "rollbyte") return u["grants"].dump();
    }
    return std::string("none");
  };
  const std::string before = grants_of();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"({"grants":[{"role":"boss","organisation_id":1}]})", "/grants/0/role"},
      {R"({"grants":[{"role":"analyst","organisation_id":999}]})", "/grants/0/organisation_id"},
      {R"({"grants":[{"role":"analyst"}]})", "/grants/0/organisation_id"},
      {R"({"grants":[{"role":"analyst","organisation_id":1,"municipality":"1490"}]})",
       "/grants/0/municipality"},
      {R"({"grants":{"role":"analyst"}})", "/grants"},
  };
  for (const auto& [body, field] : bad) {
    auto r = c.Patch(path, admin, body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << body << ": " << r->body;
    EXPECT_NE(r->body.find("\"" + field + "\""), std::string::npos) << body << ": " << r->body;
  }
  EXPECT_EQ(grants_of(), before) << "a refused change changed the roles";
  EXPECT_EQ(c.Patch(path, bearer(login(c, "analytiker")),
                    R"({"grants":[{"role":"admin","organisation_id":3}]})", "application/json")
                ->status,
            403);

  auto up = c.Patch(path, admin, R"({"grants":[{"role":"analyst","organisation_id":3}]})",
                    "application/json");
  ASSERT_EQ(up->status, 200) << up->body;
  const json grants = json::parse(up->body)["grants"];
  ASSERT_EQ(grants.size(), 1u) << up->body;
  EXPECT_EQ(grants[0]["role"], "analyst");
  EXPECT_EQ(c.Get(others, session)->status, 200) << "the open session reads as an analyst now";

  auto removed = c.Patch(path, admin, R"({"grants":[]})", "application/json");
  ASSERT_EQ(removed->status, 200) << removed->body;
  EXPECT_GE(c.Get("/api/v1/reports", session)->status, 400) << "no role left in 2081";

  // The admin's own admin role stays.
  const auto me = [&] {
    for (const auto& u : json::parse(c.Get("/api/v1/users", admin)->body)) {
      if (u["username"] == "admin") return u["id"].get<long>();
    }
    return 0L;
  }();
  auto self = c.Patch("/api/v1/users/" + std::to_string(me), admin,
                      R"({"grants":[{"role":"viewer","organisation_id":3}]})", "application/json");
  EXPECT_EQ(self->status, 422) << self->body;
  EXPECT_EQ(c.Get("/api/v1/users", admin)->status, 200) << "still an admin";
}

TEST_F(ApiTest, UnknownEndpointIsAJson404) {
  auto c = client();
  auto r = c.Get("/api/v1/nothing-here");
  EXPECT_EQ(r->status, 404);
  EXPECT_TRUE(json::parse(r->body).contains("error"));
}

}  // namespace
}  // namespace lagesbild::testing

// The endpoint × role table of docs/ACCESS.md, enforced over HTTP against the real server (both
// engines): every row of tests/integration/access_matrix.csv is sent as its role and must be
// answered with the expected status; a read must not show free text or exact points its role may
// not see; no answer shows another municipality's data. Every endpoint of the OpenAPI document
// must have a row for every role, and every endpoint of the CSV must be named in docs/ACCESS.md,
// so a new endpoint cannot be added without deciding (and documenting) who may call it.
//
// The CSV's placeholders ({report}, {new_measure}, {unique} ...) are listed at its top; they
// stand for the fixtures this test creates (Borlänge 2081 with its users, and Ludvika 2085 with
// its own).
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "harness.h"
#include "ingest/csv_reader.h"

namespace lagesbild::testing {
namespace {

const std::string kSource = LB_SOURCE_DIR;

struct Row {
  std::int64_t line = 0;
  std::string method, path, role, expect, body, text;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The CSV's rows; lines starting with '#' are comments.
std::vector<Row> matrix_rows() {
  const std::string text = read_file(kSource + "/tests/integration/access_matrix.csv");
  std::string data;
  std::vector<std::int64_t> line_of;  // data line -> file line
  std::istringstream in(text);
  std::int64_t file_line = 0;
  for (std::string line; std::getline(in, line);) {
    ++file_line;
    if (line.empty() || line[0] == '#') continue;
    data += line + "\n";
    line_of.push_back(file_line);
  }
  ingest::CsvReader reader(data, ',');
  ingest::CsvRecord rec;
  std::vector<Row> rows;
  bool header = true;
  while (reader.next(rec)) {
    if (rec.error) throw std::runtime_error("access_matrix.csv: " + rec.error->reason);
    if (header) {
      header = false;
      continue;
    }
    if (rec.fields.size() != 6) {
      throw std::runtime_error("access_matrix.csv line " +
                               std::to_string(line_of.at(static_cast<size_t>(rec.line - 1))) +
                               ": 6 columns expected");
    }
    const auto f = [&](int i) { return std::string(rec.fields[static_cast<size_t>(i)]); };
    rows.push_back(
        {line_of.at(static_cast<size_t>(rec.line - 1)), f(0), f(1), f(2), f(3), f(4), f(5)});
  }
  return rows;
}

// A path without its query string, split at '/'.
std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::string p = path.substr(0, path.find('?'));
  std::istringstream in(p);
  for (std::string s; std::getline(in, s, '/');) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

bool is_parameter(const std::string& s) { return s.size() > 2 && s.front() == '{'; }

// Whether a CSV path (placeholders or literal ids) is an instance of an OpenAPI template.
bool instance_of(const std::string& csv_path, const std::string& openapi_path) {
  const auto a = segments(csv_path), b = segments(openapi_path);
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (is_parameter(b[i])) {
      if (!is_parameter(a[i]) && a[i].find_first_not_of("0123456789") != std::string::npos)
        return false;
    } else if (a[i] != b[i]) {
      return false;
    }
  }
  return true;
}

const std::vector<std::string> kRoles = {"anonymous", "viewer",      "reporter",
                                         "analyst",   "coordinator", "admin"};

// Who plays each role of the CSV: user name, municipality, organisation.
struct Player {
  std::string user, municipality, organisation;
};
const std::map<std::string, Player> kPlayers = {
    {"anonymous", {"", "", ""}},
    {"viewer", {"betraktare", "2081", "Kommunen"}},
    {"reporter", {"polis", "2081", "Polisen"}},
    {"analyst", {"analytiker", "2081", "Kommunen"}},
    {"coordinator", {"samordnare", "2081", "Kommunen"}},
    {"admin", {"admin", "2081", "Kommunen"}},
    {"reporter_other_org", {"bostad", "2081", "Tunabyggen"}},
    {"admin_m2", {"admin_lud", "2085", "Kommunen Ludvika"}},
    {"analyst_m2", {"analytiker_lud", "2085", "Kommunen Ludvika"}},
};

// A report whose free text and exact point the checks look for in every answer.
struct Marked {
  std::string municipality, organisation, text, lat, lon;
};
const std::vector<Marked> kMarked = {
    {"2081", "Polisen", "HEMLIGT-POLISEN-7Q", "60.4812347", "15.4123457"},
    {"2081", "Tunabyggen", "HEMLIGT-TUNABYGGEN-3K", "60.4856789", "15.4567891"},
    {"2085", "Polisen Ludvika", "HEMLIGT-LUDVIKA-9Z", "60.1498765", "15.1876543"},
};

class AccessMatrix : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    db_ = dir_->file("access.db");
    seed_database(db_, *dir_);
    auto must = [](const CommandResult& r) {
      if (r.exit_code != 0) throw std::runtime_error("CLI failed: " + r.err);
    };
    must(run_cli({"user", "add", "--db", db_, "--username", "samordnare", "--role", "coordinator",
                  "--organisation", "Kommunen", "--password-stdin"},
                 std::string(kPassword) + "\n"));
    // A second municipality with its own organisations, area and users.
    must(run_cli({"municipality", "add", "--db", db_, "--code", "2085", "--name", "Ludvika"}));
    for (auto [name, kind] :
         {std::pair{"Polisen Ludvika", "police"}, std::pair{"Kommunen Ludvika", "municipality"}}) {
      must(run_cli({"organisation", "add", "--db", db_, "--municipality", "2085", "--name", name,
                    "--kind", kind}));
    }
    std::ofstream(dir_->file("ludvika.geojson")) << R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Ludvika centrum"},"geometry":{"type":"Polygon",
       "coordinates":[[[15.10,60.10],[15.25,60.10],[15.25,60.20],[15.10,60.20],[15.10,60.10]]]}}]})";
    must(run_cli({"import", "geojson", "--db", db_, "--municipality", "2085",
                  dir_->file("ludvika.geojson")}));
    for (auto [user, role] : {std::pair{"admin_lud", "admin"}, {"analytiker_lud", "analyst"}}) {
      must(run_cli({"user", "add", "--db", db_, "--municipality", "2085", "--username", user,
                    "--role", role, "--organisation", "Kommunen Ludvika", "--password-stdin"},
                   std::string(kPassword) + "\n"));
    }
    server_ = new ServerProcess(db_);
    for (const auto& [role, player] : kPlayers) {
      if (player.user.empty()) continue;
      auto c = server_->client();
      tokens_[role] = login(c, player.user);
    }
    create_fixtures();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    tokens_.clear();
    fixtures_.clear();
  }

  static httplib::Result send(const std::string& method, const std::string& path,
                              const httplib::Headers& h, const std::string& body,
                              const std::string& content_type = "application/json") {
    auto c = server_->client();
    if (method == "GET") return c.Get(path, h);
    if (method == "POST") return c.Post(path, h, body, content_type);
    if (method == "PATCH") return c.Patch(path, h, body, content_type);
    if (method == "PUT") return c.Put(path, h, body, content_type);
    if (method == "DELETE") return c.Delete(path, h, body, content_type);
    throw std::runtime_error("unknown method " + method);
  }
  // Creates with the role's session and returns the answer's "id" (or throws).
  static std::string create(const std::string& role, const std::string& path, const json& body) {
    auto r = send("POST", path, bearer(tokens_.at(role)), body.dump());
    if (!r || r->status != 201) {
      throw std::runtime_error("fixture " + path + ": " + (r ? r->body : "no answer"));
    }
    const json j = json::parse(r->body);
    return std::to_string(j["id"].get<long long>());
  }
  static std::string unique() { return std::to_string(++counter_); }

  static void create_fixtures() {
    fixtures_["m"] = "2081";
    fixtures_["m2"] = "2085";
    fixtures_["password"] = kPassword;
    const auto report = [](const std::string& role, const std::string& m, const Marked& mk) {
      return create(role, "/api/v1/reports?municipality=" + m,
                    {{"category", "klotter"},
                     {"organisation", mk.organisation},
                     {"occurred_from", "2026-11-18T22:00"},
                     {"lat", std::stod(mk.lat)},
                     {"lon", std::stod(mk.lon)},
                     {"severity", 3},
                     {"description", "Tag på fasaden " + mk.text}});
    };
    fixtures_["report"] = report("reporter", "2081", kMarked[0]);
    fixtures_["report_other_org"] = report("reporter_other_org", "2081", kMarked[1]);
    fixtures_["report_m2"] = report("admin_m2", "2085", kMarked[2]);
    auto orgs =
        send("GET", "/api/v1/organisations?municipality=2081", bearer(tokens_["admin"]), "");
    for (const auto& o : json::parse(orgs->body)) {
      if (o["name"] == "Kommunen")
        fixtures_["organisation"] = std::to_string(o["id"].get<long long>());
    }
    fixtures_["measure"] = new_measure("coordinator", "2081", "Polisen");
    fixtures_["measure_m2"] = new_measure("admin_m2", "2085", "Polisen Ludvika");
    fixtures_["walk"] =
        create("analyst", "/api/v1/safety-walks?municipality=2081",
               {{"date", "2026-10-15"}, {"areas", {"Centrum"}}, {"route", "Torget"}});
    fixtures_["observation"] = new_observation();
    auto promise =
        send("POST", "/api/v1/citizen-promises?municipality=2081", bearer(tokens_["coordinator"]),
             json{{"year", 2026},
                  {"police_area", "LPO Borlänge"},
                  {"period", "2025"},
                  {"text", "Tryggare kvällar"},
                  {"activities", {{{"text", "Trygghetsvandring"}, {"organisation", "Polisen"}}}}}
                 .dump());
    if (!promise || promise->status != 201) throw std::runtime_error("fixture promise failed");
    const json p = json::parse(promise->body);
    fixtures_["promise"] = std::to_string(p["id"].get<long long>());
    fixtures_["activity"] = std::to_string(p["activities"][0]["id"].get<long long>());
    fixtures_["group"] = create("coordinator", "/api/v1/groups?municipality=2081",
                                {{"name", "Matrisgruppen"},
                                 {"kind", "operational"},
                                 {"cadence", "weekly"},
                                 {"organisations", {"Polisen"}}});
    fixtures_["meeting"] =
        create("coordinator", "/api/v1/groups/" + fixtures_["group"] + "/meetings",
               {{"starts", "2026-11-30T09:00"}});
    fixtures_["agreement"] = create("coordinator", "/api/v1/agreements?municipality=2081",
                                    {{"title", "Matrisöverenskommelse"},
                                     {"from", "2026-01-01"},
                                     {"to", "2027-12-31"},
                                     {"parties", {"Polisen"}}});
  }
  static std::string new_measure(const std::string& role, const std::string& m,
                                 const std::string& organisation) {
    return create(role, "/api/v1/measures?municipality=" + m,
                  {{"title", "Belysning " + unique()},
                   {"kind", "situational"},
                   {"level", "universal"},
                   {"type", "lighting"},
                   {"areas", {m == "2081" ? "Centrum" : "Ludvika centrum"}},
                   {"organisation", organisation},
                   {"start", "2026-01-01"}});
  }
  // An observation of the shared walk, with Polisen responsible.
  static std::string new_observation() {
    const std::string id = create(
        "analyst", "/api/v1/safety-walks/" + fixtures_.at("walk") + "/observations",
        {{"lat", 60.485}, {"lon", 15.42}, {"type", "vegetation"}, {"description", "Buskar"}});
    auto r = send("PATCH", "/api/v1/safety-walks/observations/" + id, bearer(tokens_["analyst"]),
                  json{{"organisation", "Polisen"}}.dump());
    if (!r || r->status != 200) throw std::runtime_error("fixture observation failed");
    return id;
  }
  // {new_KIND}: a fresh object for one row (rows that delete, disable or move it on).
  static std::string fresh(const std::string& kind) {
    const std::string u = unique();
    const std::string q = "?municipality=2081";
    if (kind == "measure") return new_measure("coordinator", "2081", "Polisen");
    if (kind == "observation") return new_observation();
    if (kind == "decision") {
      return create(
          "coordinator", "/api/v1/meetings/" + fixtures_.at("meeting") + "/decisions",
          {{"title", "Uppdrag " + u}, {"organisation", "Polisen"}, {"due", "2026-12-31"}});
    }
    if (kind == "user") {
      return create("admin", "/api/v1/users",
                    {{"username", "tillfallig" + u},
                     {"password", "Ett-langt-losen-" + u},
                     {"grants",
                      {{{"municipality", "2081"},
                        {"role", "viewer"},
                        {"organisation_id", std::stoll(fixtures_.at("organisation"))}}}}});
    }
    if (kind == "category") {
      return create("coordinator", "/api/v1/categories" + q,
                    {{"code", "tillf" + u}, {"name", "Tillfällig " + u}});
    }
    if (kind == "place") {
      return create(
          "coordinator", "/api/v1/places" + q,
          {{"name", "Tillfällig " + u}, {"kind", "school"}, {"lat", 60.48}, {"lon", 15.43}});
    }
    if (kind == "organisation") {
      return create("admin", "/api/v1/organisations" + q,
                    {{"name", "Tillfällig " + u}, {"kind", "association"}});
    }
    if (kind == "area") {
      const json ring = {
          {15.45, 60.475}, {15.46, 60.475}, {15.46, 60.48}, {15.45, 60.48}, {15.45, 60.475}};
      return create("coordinator", "/api/v1/areas" + q,
                    {{"type", "Feature"},
                     {"properties", {{"name", "Tillfällig " + u}}},
                     {"geometry", {{"type", "Polygon"}, {"coordinates", {ring}}}}});
    }
    throw std::runtime_error("access_matrix.csv: no fixture {new_" + kind +
                             "} (add one to AccessMatrix::fresh)");
  }
  // The row's text with every {placeholder} replaced.
  static std::string expand(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size();) {
      const size_t open = text.find('{', i);
      const size_t close = open == std::string::npos ? open : text.find('}', open);
      if (close == std::string::npos) {
        out += text.substr(i);
        break;
      }
      out += text.substr(i, open - i);
      const std::string name = text.substr(open + 1, close - open - 1);
      const bool placeholder =
          !name.empty() &&
          name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") == std::string::npos;
      if (!placeholder) {  // JSON's own braces
        out += '{';
        i = open + 1;
        continue;
      }
      if (name == "unique") {
        out += unique();
      } else if (name == "csv") {
        const std::string u = unique();
        out +=
            "occurred_at,category,organisation,lat,lon,external_id\n"
            "2026-11-17 21:00,klotter,Polisen,60.483,15.43,matris-" +
            u + "-1\n2026-11-17 22:00,Klotter,Tunabyggen,60.484,15.45,matris-" + u + "-2\n";
      } else if (name.starts_with("new_")) {
        out += fresh(name.substr(4));
      } else if (fixtures_.count(name)) {
        out += fixtures_.at(name);
      } else {
        throw std::runtime_error("access_matrix.csv: unknown placeholder {" + name + "}");
      }
      i = close + 1;
    }
    return out;
  }

  // What in `body` the row's player may not see; "" when nothing.
  static std::string leak(const Row& row, const std::string& body) {
    const Player& who = kPlayers.at(row.role);
    for (const Marked& m : kMarked) {
      const bool other_municipality =
          !who.municipality.empty() && m.municipality != who.municipality;
      const bool forbidden = other_municipality || row.text == "none" ||
                             (row.text == "own" && m.organisation != who.organisation);
      if (!forbidden) continue;
      for (const std::string& s : {m.text, m.lat.substr(0, 8), m.lon.substr(0, 8)}) {
        if (body.find(s) != std::string::npos) {
          return "'" + s + "' of " + m.organisation + " (" + m.municipality + ")";
        }
      }
    }
    return "";
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
  static std::map<std::string, std::string> tokens_, fixtures_;
  static int counter_;
};
TempDir* AccessMatrix::dir_ = nullptr;
std::string AccessMatrix::db_;
ServerProcess* AccessMatrix::server_ = nullptr;
std::map<std::string, std::string> AccessMatrix::tokens_, AccessMatrix::fixtures_;
int AccessMatrix::counter_ = 0;

// Whether `doc` names `path` as a whole (not only as the start of a longer path).
bool names_path(const std::string& doc, const std::string& path) {
  for (size_t at = doc.find(path); at != std::string::npos; at = doc.find(path, at + 1)) {
    const size_t end = at + path.size();
    if (end == doc.size() || std::string_view("`,; )[?").find(doc[end]) != std::string::npos)
      return true;
  }
  return false;
}

bool status_matches(const std::string& expect, int status) {
  // "200", "2xx", or alternatives "403|404".
  std::istringstream in(expect);
  for (std::string e; std::getline(in, e, '|');) {
    const std::string s = std::to_string(status);
    if (e.size() == 3 && (e == s || (e.substr(1) == "xx" && e[0] == s[0]))) return true;
  }
  return false;
}

TEST_F(AccessMatrix, TheMarkedTextsAndPointsAreSeenByThoseWhoMay) {
  // Without this the leak checks could pass by looking for strings no answer ever holds.
  auto all = send("GET", "/api/v1/reports?municipality=2081", bearer(tokens_["analyst"]), "");
  ASSERT_EQ(all->status, 200);
  for (int i : {0, 1}) {
    EXPECT_NE(all->body.find(kMarked[i].text), std::string::npos);
    EXPECT_NE(all->body.find(kMarked[i].lat.substr(0, 8)), std::string::npos) << all->body;
  }
  auto lud =
      send("GET", "/api/v1/reports/" + fixtures_["report_m2"], bearer(tokens_["admin_m2"]), "");
  ASSERT_EQ(lud->status, 200);
  EXPECT_NE(lud->body.find(kMarked[2].text), std::string::npos);
}

TEST_F(AccessMatrix, EveryRowIsAnsweredAsTheTableSays) {
  const auto rows = matrix_rows();
  ASSERT_GT(rows.size(), 100u);
  int checked = 0;
  for (const Row& row : rows) {
    SCOPED_TRACE("access_matrix.csv line " + std::to_string(row.line) + ": " + row.method + " " +
                 row.path + " as " + row.role);
    ASSERT_TRUE(kPlayers.count(row.role)) << "unknown role";
    const std::string path = expand(row.path);
    const bool csv_body = row.body == "{csv}";
    const std::string body = expand(row.body);
    httplib::Headers h;
    const Player& who = kPlayers.at(row.role);
    if (!who.user.empty()) {
      std::string token = tokens_.at(row.role);
      if (path == "/api/v1/logout") {  // a session of its own, so the others stay valid
        auto c = server_->client();
        token = login(c, who.user);
      }
      h = bearer(token);
    }
    auto r = send(row.method, path, h, body, csv_body ? "text/csv" : "application/json");
    ASSERT_TRUE(r) << httplib::to_string(r.error());
    EXPECT_TRUE(status_matches(row.expect, r->status))
        << "expected " << row.expect << ", got " << r->status << ": " << r->body.substr(0, 300);
    if (r->status / 100 == 2) {
      const std::string l = leak(row, r->body);
      EXPECT_EQ(l, "") << "the answer shows what " << row.role << " may not see";
    }
    ++checked;
  }
  std::printf("access matrix: %d requests checked\n", checked);
}

TEST_F(AccessMatrix, EveryEndpointOfTheOpenApiDocumentHasARowForEveryRole) {
  const auto rows = matrix_rows();
  auto r = send("GET", "/api/v1/openapi.json", {}, "");
  ASSERT_EQ(r->status, 200);
  const json doc = json::parse(r->body);
  std::vector<std::string> missing;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (auto& ch : m) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      for (const auto& role : kRoles) {
        const bool found = std::any_of(rows.begin(), rows.end(), [&](const Row& row) {
          return row.method == m && row.role == role && instance_of(row.path, path);
        });
        if (!found) missing.push_back(m + " " + path + " as " + role);
      }
    }
  }
  EXPECT_TRUE(missing.empty()) << "tests/integration/access_matrix.csv has no row for:\n  " << [&] {
    std::string s;
    for (const auto& x : missing) s += x + "\n  ";
    return s;
  }();
}

TEST_F(AccessMatrix, EveryEndpointOfTheCsvIsInTheOpenApiDocumentAndInAccessMd) {
  const auto rows = matrix_rows();
  auto r = send("GET", "/api/v1/openapi.json", {}, "");
  const json doc = json::parse(r->body);
  const std::string access = read_file(kSource + "/docs/ACCESS.md");
  std::set<std::string> reported;
  for (const Row& row : rows) {
    std::string method = row.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string template_path;
    for (const auto& [path, ops] : doc["paths"].items()) {
      if (ops.contains(method) && instance_of(row.path, path)) template_path = path;
    }
    if (template_path.empty()) {
      if (reported.insert(row.method + " " + row.path).second)
        ADD_FAILURE() << "line " << row.line << ": " << row.method << " " << row.path
                      << " is not in the OpenAPI document";
      continue;
    }
    if (!names_path(access, template_path) && reported.insert(template_path).second) {
      ADD_FAILURE() << "docs/ACCESS.md does not name " << template_path << " (line " << row.line
                    << ")";
    }
  }
}

}  // namespace
}  // namespace lagesbild::testing

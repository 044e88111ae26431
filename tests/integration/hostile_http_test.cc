// Hostile HTTP against the real server (both engines): oversized bodies, headers and request
// lines, a client that sends its request a byte a second, path traversal on the static files,
// SQL injection in every filter parameter, malformed UTF-8 in JSON and CSV bodies. Each is
// answered with a 4xx (never a 5xx, never a crash), and the data is unchanged afterwards.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <thread>

#include "harness.h"

namespace lagesbild::testing {
namespace {

using Clock = std::chrono::steady_clock;

// A raw TCP connection to the server, for bytes no HTTP client library would send.
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
      throw std::runtime_error("connect failed");
  }
  ~RawConnection() { ::close(fd_); }
  // False once the server has closed the connection (EPIPE/ECONNRESET).
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Everything the server sends until it closes or `seconds` pass without a byte.
  std::string receive(int seconds = 10) {
    std::string out;
    for (;;) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, seconds * 1000) <= 0) break;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      // One complete answer is enough: headers, then Content-Length bytes.
      const auto end = out.find("\r\n\r\n");
      if (end != std::string::npos) {
        const auto cl = out.find("Content-Length: ");
        if (cl != std::string::npos && cl < end) {
          const size_t len = std::stoul(out.substr(cl + 16));
          if (out.size() >= end + 4 + len) break;
        }
      }
    }
    return out;
  }

 private:
  int fd_ = -1;
};

// Percent-encodes every byte but unreserved ones, so the attack reaches the server as written.
std::string encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::stoi(response.substr(9, 3));
}

class HostileHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // A server that closes a connection mid-upload (the 413) must not kill the test with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    dir_ = new TempDir;
    db_ = dir_->file("hostile.db");
    seed_database(db_, *dir_);
    std::filesystem::create_directories(dir_->path() / "static" / "assets");
    std::ofstream(dir_->file("static/index.html")) << "<!doctype html><title>Lägesbild</title>";
    std::ofstream(dir_->file("static/assets/app.js")) << "console.log('ok');";
    // A secret beside the static directory, as /etc/passwd is beside every web root.
    std::ofstream(dir_->file("secret.txt")) << "HEMLIG-FIL-UTANFOR";
    server_ = new ServerProcess(db_, 32, {"--static", dir_->file("static")});
    auto c = server_->client();
    analyst_ = bearer(login(c, "analytiker"));
    reporter_ = bearer(login(c, "polis"));
    for (int i = 0; i < 5; ++i) {
      const json body = {{"category", "klotter"},
                         {"occurred_from", "2026-11-1" + std::to_string(i) + "T22:00"},
                         {"lat", 60.485},
                         {"lon", 15.42 + 0.001 * i},
                         {"description", "Tag nummer " + std::to_string(i)}};
      auto r = c.Post("/api/v1/reports", reporter_, body.dump(), "application/json");
      if (!r || r->status != 201) throw std::runtime_error("seeding reports failed");
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  // What the database holds, as the API shows it: reports (with their texts), areas,
  // categories, organisations and users.
  static std::string snapshot() {
    auto c = server_->client();
    std::string out;
    auto admin = bearer(login(c, "admin"));
    for (const char* path : {"/api/v1/reports?limit=1000", "/api/v1/areas", "/api/v1/categories",
                             "/api/v1/organisations", "/api/v1/users", "/api/v1/places"}) {
      auto r = c.Get(path, admin);
      if (!r || r->status != 200) throw std::runtime_error(std::string("snapshot: ") + path);
      out += r->body;
    }
    return out;
  }
  static std::size_t report_count() {
    auto r = server_->client().Get("/api/v1/reports?limit=1000", analyst_);
    return json::parse(r->body)["reports"].size();
  }

  static TempDir* dir_;
  static std::string db_;
  static ServerProcess* server_;
  static httplib::Headers analyst_, reporter_;
};
TempDir* HostileHttp::dir_ = nullptr;
std::string HostileHttp::db_;
ServerProcess* HostileHttp::server_ = nullptr;
httplib::Headers HostileHttp::analyst_, HostileHttp::reporter_;

TEST_F(HostileHttp, OversizedBodiesAreRefusedWith413BeforeTheyAreRead) {
  // A JSON body over the API's limit (4 MiB): refused on its Content-Length, before it is sent.
  RawConnection conn(server_->port());
  ASSERT_TRUE(conn.send(
      "POST /api/v1/reports HTTP/1.1\r\nHost: x\r\nAuthorization: " + reporter_.begin()->second +
      "\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n"));
  const auto answer = conn.receive();
  EXPECT_EQ(status_of(answer), 413) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
  // The same through a client that sends it all: 413, nothing stored.
  const std::size_t before = report_count();
  json big = {{"category", "klotter"},
              {"occurred_from", "2026-11-19T22:00"},
              {"lat", 60.485},
              {"lon", 15.42},
              {"description", std::string(5 << 20, 'x')}};
  auto r = server_->client().Post("/api/v1/reports", reporter_, big.dump(), "application/json");
  // The server answers and closes before the client has sent it all: the client sees the 413,
  // or a connection reset while still writing.
  if (r) {
    EXPECT_EQ(r->status, 413);
  }
  EXPECT_EQ(report_count(), before);
  // A CSV import may be large (up to 512 MiB): a 3 MiB one is read and checked.
  std::string csv = "occurred_at,category,organisation,lat,lon,description\n";
  while (csv.size() < (3u << 20)) csv += "2026-11-19 22:00,klotter,Polisen,60.485,15.42,Tag\n";
  auto admin = bearer([&] {
    auto c = server_->client();
    return login(c, "admin");
  }());
  auto imp = server_->client().Post("/api/v1/reports/import?dry_run=1", admin, csv, "text/csv");
  ASSERT_TRUE(imp);
  EXPECT_EQ(imp->status, 200) << imp->body.substr(0, 300);
}

TEST_F(HostileHttp, OversizedHeadersAndRequestLinesAre4xx) {
  {  // One header line over 8 KiB.
    RawConnection conn(server_->port());
    conn.send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') +
              "\r\n\r\n");
    const int s = status_of(conn.receive());
    EXPECT_TRUE(s == 400 || s == 431) << s;
  }
  {  // Many headers, 200 KiB in all.
    RawConnection conn(server_->port());
    std::string req = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 2000; ++i)
      req += "X-H" + std::to_string(i) + ": " + std::string(100, 'b') + "\r\n";
    conn.send(req + "\r\n");
    EXPECT_EQ(status_of(conn.receive()), 431);
  }
  {  // A request line over 8 KiB.
    RawConnection conn(server_->port());
    conn.send("GET /api/v1/health?x=" + std::string(20000, 'c') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    const int s = status_of(conn.receive());
    EXPECT_TRUE(s == 414 || s == 400) << s;
  }
  {  // Not HTTP at all.
    RawConnection conn(server_->port());
    conn.send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + "\r\n\r\n");
    const int s = status_of(conn.receive());
    EXPECT_TRUE(s == 0 || s == 400) << s;
  }
  auto health = server_->client().Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(HostileHttp, AClientSendingAByteASecondDoesNotBlockOthers) {
  // Eight slow clients, each trickling its request line a byte a second.
  std::atomic<bool> stop{false};
  std::vector<std::thread> slow;
  for (int i = 0; i < 8; ++i) {
    slow.emplace_back([&] {
      RawConnection conn(server_->port());
      const std::string req = "GET /api/v1/health HTTP/1.1\r\nHost: slow\r\n\r\n";
      for (char ch : req) {
        if (stop || !conn.send(std::string(1, ch))) return;
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // Meanwhile every normal request is answered at once.
  double worst = 0;
  for (int i = 0; i < 20; ++i) {
    const auto t0 = Clock::now();
    auto r = server_->client().Get("/api/v1/reports?limit=10", analyst_);
    worst = std::max(worst, std::chrono::duration<double>(Clock::now() - t0).count());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop = true;
  for (auto& t : slow) t.join();
  // A generous bound: the point is "not blocked for the slow clients' seconds".
  EXPECT_LT(worst, 1.0) << "a normal request waited " << worst << " s";
}

TEST_F(HostileHttp, PathTraversalOnTheStaticFilesFindsNothingOutside) {
  {
    RawConnection conn(server_->port());
    conn.send("GET /assets/app.js HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto ok = conn.receive();
    ASSERT_EQ(status_of(ok), 200) << "the static files are served";
  }
  for (const std::string path :
       {"/../../etc/passwd", "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt", "/..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/..%5csecret.txt", "/%252e%252e/secret.txt",
        "/assets/..%2f..%2fsecret.txt", "/./../secret.txt", "//etc/passwd",
        "/%c0%ae%c0%ae/secret.txt", "/..;/secret.txt", "/assets/%00/../../secret.txt"}) {
    RawConnection conn(server_->port());
    conn.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto answer = conn.receive();
    const int s = status_of(answer);
    EXPECT_TRUE(s == 400 || s == 404) << path << " answered " << s;
    EXPECT_EQ(answer.find("HEMLIG-FIL-UTANFOR"), std::string::npos) << path;
    EXPECT_EQ(answer.find("root:"), std::string::npos) << path;
  }
}

TEST_F(HostileHttp, SqlInjectionInEveryFilterIsAnsweredWithoutEffect) {
  const std::string before = snapshot();
  const std::vector<std::string> attacks = {
      "' OR '1'='1",
      "1; DROP TABLE report; --",
      "Centrum' --",
      "%' UNION SELECT username, password_hash FROM app_user --",
      "\") OR 1=1 --",
      "1 OR 1=1",
      "'; UPDATE report SET description='x'; --",
      "2081' OR municipality<>'2081",
  };
  const std::vector<std::pair<std::string, std::vector<std::string>>> endpoints = {
      {"/api/v1/reports",
       {"municipality", "week", "from", "to", "area", "category", "organisation", "status", "limit",
        "cursor"}},
      {"/api/v1/reports/export", {"municipality", "area", "category", "organisation", "format"}},
      {"/api/v1/situation",
       {"municipality", "period", "area", "category", "organisation", "baseline", "format"}},
      {"/api/v1/assessments", {"municipality", "period"}},
      {"/api/v1/analysis/hotspots",
       {"municipality", "period", "area", "category", "organisation", "cell", "shape"}},
      {"/api/v1/analysis/nearrepeat", {"period", "area", "category", "organisation", "metric"}},
      {"/api/v1/analysis/density", {"period", "area", "category", "kernel"}},
      {"/api/v1/analysis/emerging", {"period", "area", "category", "slice"}},
      {"/api/v1/evaluation",
       {"municipality", "target_area", "comparison_area", "category", "before", "after",
        "measure"}},
      {"/api/v1/measures", {"municipality", "status", "area", "type", "organisation"}},
  };
  const std::size_t reports = report_count();
  int answered = 0;
  for (const auto& [path, names] : endpoints) {
    for (const auto& name : names) {
      for (const auto& attack : attacks) {
        // Analyses need a period; the attacked parameter replaces it when it is the period.
        std::string query = name + "=" + encode(attack);
        if (path.find("analysis") != std::string::npos && name != "period")
          query += "&period=2026-11";
        if (path == "/api/v1/evaluation" && name != "target_area") query += "&target_area=Centrum";
        auto r = server_->client().Get(path + "?" + query, analyst_);
        ASSERT_TRUE(r) << path << " " << name;
        EXPECT_LT(r->status, 500) << path << "?" << name << "=" << attack << ": " << r->body;
        if (r->status == 200 && path == "/api/v1/reports") {
          EXPECT_LT(json::parse(r->body)["reports"].size(), reports == 0 ? 1 : reports + 1);
          if (name != "limit" && name != "status" && name != "municipality") {
            EXPECT_EQ(json::parse(r->body)["reports"].size(), 0u)
                << name << "=" << attack << " selected reports";
          }
        }
        ++answered;
      }
    }
  }
  EXPECT_EQ(snapshot(), before) << "an injection changed the data";
  // The access log is intact, too.
  const auto verify = run_cli({"audit", "verify", "--db", db_});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  std::printf("sql injection: %d requests, data unchanged\n", answered);
}

TEST_F(HostileHttp, MalformedUtf8IsAClear4xxAndNothingIsStored) {
  const std::size_t before = report_count();
  auto c = server_->client();
  for (const std::string& bad :
       {std::string("Tag \xff\xfe p\xe5 v\xe4ggen"), std::string("\xc3\x28"),
        std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80"), std::string("\xc0\xae")}) {
    const std::string body = R"({"category": "klotter", "occurred_from": "2026-11-19T22:00", )"
                             R"("lat": 60.485, "lon": 15.42, "description": ")" +
                             bad + "\"}";
    auto r = c.Post("/api/v1/reports", reporter_, body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status / 100, 4) << r->body;
    EXPECT_NE(r->body.find("\"message\""), std::string::npos) << r->body;
    EXPECT_TRUE(json::accept(r->body)) << "the error itself is valid JSON";
  }
  // A lone surrogate escape is not text either.
  auto esc = c.Post("/api/v1/reports", reporter_,
                    R"({"category": "klotter", "occurred_from": "2026-11-19T22:00", )"
                    R"("lat": 60.485, "lon": 15.42, "description": "\udc00"})",
                    "application/json");
  EXPECT_EQ(esc->status / 100, 4) << esc->body;
  auto admin = bearer(login(c, "admin"));
  const std::string csv =
      "occurred_at,category,organisation,lat,lon,description\n"
      "2026-11-19 22:00,klotter,Polisen,60.485,15.42,bra rad\n"
      "2026-11-19 22:00,klotter,Polisen,60.485,15.42,tr\xe4s\xff rad\n";
  auto imp = c.Post("/api/v1/reports/import", admin, csv, "text/csv");
  ASSERT_TRUE(imp);
  EXPECT_EQ(imp->status, 422) << imp->body;
  EXPECT_NE(imp->body.find("\"line\":3"), std::string::npos) << imp->body;
  EXPECT_EQ(report_count(), before) << "nothing of a refused body is stored";
}

// Every JSON body member of the wrong type (a number where text belongs, text where a number or
// a list belongs, an object anywhere) is the client's mistake: a 4xx naming the problem, never a
// 500, and nothing stored.
TEST_F(HostileHttp, BodyMembersOfTheWrongTypeAreA4xxAndNothingIsStored) {
  const std::string before = snapshot();
  auto c = server_->client();
  auto admin = bearer(login(c, "admin"));
  const std::vector<std::string> names = {"name",
                                          "kind",
                                          "code",
                                          "parent",
                                          "title",
                                          "description",
                                          "category",
                                          "organisation",
                                          "area",
                                          "areas",
                                          "status",
                                          "username",
                                          "password",
                                          "role",
                                          "roles",
                                          "display_name",
                                          "occurred_from",
                                          "occurred_to",
                                          "lat",
                                          "lon",
                                          "count",
                                          "severity",
                                          "place",
                                          "period",
                                          "text",
                                          "start",
                                          "end",
                                          "date",
                                          "type",
                                          "owner",
                                          "due",
                                          "members",
                                          "themes",
                                          "cadence",
                                          "geometry",
                                          "months",
                                          "free_text_months",
                                          "point_months",
                                          "mode",
                                          "disabled",
                                          "level"};
  const std::vector<json> wrong = {json(5), json::array({1, 2}), json::object({{"a", 1}}),
                                   json(true)};
  const std::vector<std::string> paths = {"/api/v1/organisations",
                                          "/api/v1/categories",
                                          "/api/v1/places",
                                          "/api/v1/areas",
                                          "/api/v1/users",
                                          "/api/v1/reports",
                                          "/api/v1/measures",
                                          "/api/v1/groups",
                                          "/api/v1/agreements",
                                          "/api/v1/assessments",
                                          "/api/v1/area-statuses",
                                          "/api/v1/safety-walks",
                                          "/api/v1/citizen-promises",
                                          "/api/v1/nothing-to-report"};
  int answered = 0;
  for (const auto& path : paths) {
    for (const json& value : wrong) {
      json body = json::object();
      for (const auto& n : names) body[n] = value;
      for (const auto& who : {admin, analyst_}) {
        auto r = c.Post(path, who, body.dump(), "application/json");
        ASSERT_TRUE(r) << path;
        EXPECT_GE(r->status, 400) << path << " " << body.dump() << ": " << r->body;
        EXPECT_LT(r->status, 500) << path << " " << body.dump() << ": " << r->body;
        EXPECT_TRUE(json::accept(r->body)) << r->body;
        ++answered;
      }
    }
  }
  // One with the right members but one of the wrong type, on a route that reads it with value().
  auto r = c.Post("/api/v1/organisations", admin, R"({"name": 5, "kind": "police"})",
                  "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(r->body.find("must be string"), std::string::npos) << r->body;
  EXPECT_TRUE(snapshot() == before) << "a refused body changed the data";
  std::printf("wrong-typed bodies: %d requests, all 4xx, data unchanged\n", answered);
}

}  // namespace
}  // namespace lagesbild::testing

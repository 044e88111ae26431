#include "harness.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

namespace lagesbild::testing {
namespace {

bool on_postgres() {
  const char* engine = std::getenv("LB_TEST_ENGINE");
  return engine && std::string(engine) == "postgres";
}

std::string cluster_url() {
  const char* url = std::getenv("LB_TEST_PG_URL");
  return url ? url : "";
}

// Runs one statement on the cluster's own database.
void run_on_cluster(const std::string& sql) {
  PGconn* c = PQconnectdb(cluster_url().c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  if (!error.empty()) throw std::runtime_error(sql + ": " + error);
}

// The URL of database `name` in the cluster (the path of LB_TEST_PG_URL replaced).
std::string url_of(const std::string& name) {
  const std::string cluster = cluster_url();
  const auto slash = cluster.find('/', cluster.find("://") + 3);
  const auto query = cluster.find('?');
  return cluster.substr(0, slash == std::string::npos ? query : slash) + "/" + name +
         (query == std::string::npos ? "" : cluster.substr(query));
}

// Database file named by a test -> PostgreSQL database name standing for it.
std::mutex databases_mu;
std::map<std::string, std::string> databases;

// The CLI's working directory on PostgreSQL: `demo` writes its ground truth beside the database,
// which for a URL is a relative path ("postgresql:/user@host:port/name.truth.json"); it lands
// here. Removed at exit.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("lb-it-pg-" + std::to_string(::getpid()));
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};
const fs::path& scratch_for(const std::string& url) {
  static Scratch scratch;
  fs::create_directories(scratch.dir / fs::path(url).parent_path());
  return scratch.dir;
}

// Without a cluster the PostgreSQL run is skipped, or fails when `make test` requires it.
class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (!on_postgres() || !cluster_url().empty()) return;
    const char* required = std::getenv("LB_REQUIRE_PG");
    if (required && std::string(required) == "1") FAIL() << "LB_TEST_PG_URL is not set";
    GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
  }
};
[[maybe_unused]] auto* const kPostgresEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

std::vector<char*> argv_of(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(LB_BINARY));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

std::string database_url(const std::string& db) {
  if (!on_postgres() || db.starts_with("postgresql://")) return db;
  std::lock_guard lk(databases_mu);
  auto it = databases.find(db);
  if (it == databases.end()) {
    static std::atomic<int> counter{0};
    const std::string name =
        "lb_it_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    run_on_cluster("CREATE DATABASE " + name);
    it = databases.emplace(db, name).first;
  }
  return url_of(it->second);
}

CommandResult run_cli(const std::vector<std::string>& cli_args, const std::string& input) {
  std::vector<std::string> args = cli_args;
  std::string workdir;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] != "--db") continue;
    args[i + 1] = database_url(args[i + 1]);
    if (on_postgres()) workdir = scratch_for(args[i + 1]).string();
  }
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    if (!workdir.empty() && chdir(workdir.c_str()) != 0) _exit(126);
    auto argv = argv_of(args);
    execv(LB_BINARY, argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (!input.empty()) (void)!write(in[1], input.data(), input.size());
  close(in[1]);
  // Read both pipes without deadlocking on a full one.
  CommandResult r;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    poll(fds, 2, 1000);
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buf[65536];
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

ServerProcess::ServerProcess(const std::string& db, int threads,
                             const std::vector<std::string>& extra_args) {
  const std::string url = database_url(db);  // before the fork: it may create the database
  int out[2];
  if (pipe(out)) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    std::vector<std::string> args{
        "serve", "--db", url, "--port", "0", "--threads", std::to_string(threads)};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    auto argv = argv_of(args);
    execv(LB_BINARY, argv.data());
    _exit(127);
  }
  close(out[1]);
  // The server prints "listening on HOST:PORT" once it accepts connections.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (line.find("listening on") == std::string::npos ||
         line.find('\n', line.find("listening on")) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("server did not start");
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 200) > 0) {
      char buf[256];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) throw std::runtime_error("server exited at start");
      line.append(buf, static_cast<size_t>(n));
    }
  }
  close(out[0]);
  const auto at = line.find("listening on");
  const auto colon = line.find(':', at);
  port_ = std::stoi(line.substr(colon + 1));
  // Wait until health answers: 200, or 503 when the server said it waits for its database
  // ("listening on HOST:PORT (503: the database is read-only)").
  const bool waiting = line.find("(503:", at) != std::string::npos;
  for (int i = 0; i < 100; ++i) {
    auto c = client();
    if (auto r = c.Get("/api/v1/health"); r && (r->status == 200 || (waiting && r->status == 503)))
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("server did not answer /health");
}

ServerProcess::~ServerProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

void ServerProcess::kill9() {
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

httplib::Client ServerProcess::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_connection_timeout(5);
  c.set_read_timeout(30);
  return c;
}

TempDir::TempDir() {
  char tmpl[] = "/tmp/lb-it-XXXXXX";
  path_ = mkdtemp(tmpl);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
  std::lock_guard lk(databases_mu);
  for (auto it = databases.begin(); it != databases.end();) {
    if (it->first.starts_with(path_.string() + "/")) {
      try {
        run_on_cluster("DROP DATABASE IF EXISTS " + it->second + " WITH (FORCE)");
      } catch (const std::exception&) {  // the cluster is gone; nothing to clean
      }
      it = databases.erase(it);
    } else {
      ++it;
    }
  }
}

void seed_database(const std::string& db, const TempDir& dir) {
  auto must = [](const CommandResult& r) {
    if (r.exit_code != 0) throw std::runtime_error("CLI failed: " + r.err);
  };
  must(run_cli({"municipality", "add", "--db", db, "--code", "2081", "--name", "Borlänge",
                "--cadence", "14"}));
  must(run_cli({"organisation", "add", "--db", db, "--name", "Polisen", "--kind", "police"}));
  must(run_cli({"organisation", "add", "--db", db, "--name", "Tunabyggen", "--kind", "housing"}));
  must(
      run_cli({"organisation", "add", "--db", db, "--name", "Kommunen", "--kind", "municipality"}));
  // Two adjacent squares around Borlänge centre (lon 15.40-15.44 and 15.44-15.48, lat 60.47-60.50).
  std::ofstream(dir.file("areas.geojson")) << R"({"type":"FeatureCollection","features":[
    {"type":"Feature","properties":{"name":"Centrum"},"geometry":{"type":"Polygon","coordinates":
      [[[15.40,60.47],[15.44,60.47],[15.44,60.50],[15.40,60.50],[15.40,60.47]]]}},
    {"type":"Feature","properties":{"name":"Tjärna Ängar"},"geometry":{"type":"Polygon","coordinates":
      [[[15.44,60.47],[15.48,60.47],[15.48,60.50],[15.44,60.50],[15.44,60.47]]]}}]})";
  must(run_cli({"import", "geojson", "--db", db, dir.file("areas.geojson")}));
  for (auto [user, role, org] :
       {std::tuple{"admin", "admin", "Kommunen"}, std::tuple{"analytiker", "analyst", "Kommunen"},
        std::tuple{"polis", "reporter", "Polisen"}, std::tuple{"bostad", "reporter", "Tunabyggen"},
        std::tuple{"betraktare", "viewer", "Kommunen"}}) {
    must(run_cli({"user", "add", "--db", db, "--username", user, "--role", role, "--organisation",
                  org, "--password-stdin"},
                 std::string(kPassword) + "\n"));
  }
}

std::string login(httplib::Client& c, const std::string& user) {
  const json body = {{"username", user}, {"password", kPassword}};
  auto r = c.Post("/api/v1/login", body.dump(), "application/json");
  if (!r)
    throw std::runtime_error("login failed for " + user + ": " + httplib::to_string(r.error()));
  if (r->status != 200) throw std::runtime_error("login failed for " + user + ": " + r->body);
  return json::parse(r->body)["token"];
}

httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace lagesbild::testing

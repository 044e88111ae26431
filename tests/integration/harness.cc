#include "harness.h"

#include <fcntl.h>
#include <poll.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace lagesbild::testing {
namespace {

std::vector<char*> argv_of(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(LB_BINARY));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

CommandResult run_cli(const std::vector<std::string>& args, const std::string& input) {
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
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

ServerProcess::ServerProcess(const std::string& db, int threads) {
  int out[2];
  if (pipe(out)) throw std::runtime_error("pipe failed");
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    const std::vector<std::string> args{
        "serve", "--db", db, "--port", "0", "--threads", std::to_string(threads)};
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
  // Wait until health answers.
  for (int i = 0; i < 100; ++i) {
    auto c = client();
    if (auto r = c.Get("/api/v1/health"); r && r->status == 200) return;
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

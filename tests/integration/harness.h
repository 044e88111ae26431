// Test harness: runs build/lagesbild as a real process (CLI commands, and `serve` on a loopback
// port with a temporary database) and talks to it over HTTP.
//
// Engines: by default the database is the SQLite file the test names. With
// LB_TEST_ENGINE=postgres (the ctest `integration_postgres`), every database file a test names
// (`--db FILE` of a CLI command, ServerProcess's db) stands for a fresh PostgreSQL database in the
// cluster at LB_TEST_PG_URL, created on first use and dropped with the TempDir it lies in.
#pragma once

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace lagesbild::testing {

namespace fs = std::filesystem;
using nlohmann::json;

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// The database URL that stands for `db` with the engine under test (see above): `db` itself for
// SQLite.
std::string database_url(const std::string& db);

// Runs the CLI with arguments and optional stdin; captures both streams.
CommandResult run_cli(const std::vector<std::string>& args, const std::string& input = "");

// A running `lagesbild serve`. The destructor stops it (SIGTERM, then SIGKILL).
class ServerProcess {
 public:
  // `extra_args` are added to `serve` (e.g. {"--static", DIR}).
  explicit ServerProcess(const std::string& db, int threads = 32,
                         const std::vector<std::string>& extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  void kill9();
  httplib::Client client() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  fs::path path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// Creates Borlänge (2081) with two areas, a place, two organisations and users:
// admin (admin), analytiker (analyst), polis (reporter, Polisen), bostad (reporter, Tunabyggen),
// all with password kPassword.
inline constexpr const char* kPassword = "Test-lösen-2026";
void seed_database(const std::string& db, const TempDir& dir);

std::string login(httplib::Client& c, const std::string& user);
httplib::Headers bearer(const std::string& token);

}  // namespace lagesbild::testing

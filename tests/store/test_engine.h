// The engines the store contract tests run on: a fresh SQLite file, or a fresh PostgreSQL
// database in the cluster LB_TEST_PG_URL points at (scripts/pg.sh starts one; `make test` sets
// it, and LB_REQUIRE_PG=1 makes its absence a failure instead of a skip).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace lagesbild::test_support {

// The URL of PostgreSQL's database `name` in the cluster of `url` (the path part replaced).
inline std::string with_database(const std::string& url, const std::string& name) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const auto query = url.find('?');
  std::string out = url.substr(0, slash == std::string::npos ? query : slash) + "/" + name;
  if (query != std::string::npos) out += url.substr(query);
  return out;
}

// Runs SQL on its own connection; returns the first column of the first row ("" when none).
inline std::string pg_scalar(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to " + url + ": " + why);
  }
  PGresult* r = PQexec(c, sql.c_str());
  const ExecStatusType status = PQresultStatus(r);
  std::string out;
  if (status == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
  const std::string why = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    throw std::runtime_error(sql + ": " + why);
  }
  return out;
}

// One fresh, empty database of an engine, removed by the destructor.
class TestDatabase {
 public:
  // "sqlite" or "postgresql". For PostgreSQL without LB_TEST_PG_URL, available() is false.
  explicit TestDatabase(const std::string& engine) : engine_(engine) {
    static std::atomic<int> counter{0};
    const std::string unique = std::to_string(::getpid()) + "_" + std::to_string(++counter);
    if (engine_ == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("lb-store-" + unique);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      url_ = (dir_ / "t.db").string();
      return;
    }
    const char* cluster = std::getenv("LB_TEST_PG_URL");
    if (!cluster || !*cluster) return;
    cluster_ = cluster;
    name_ = "lb_test_" + unique;
    pg_scalar(cluster_, "CREATE DATABASE " + name_);
    url_ = with_database(cluster_, name_);
  }
  ~TestDatabase() {
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
    if (!name_.empty()) {
      try {
        pg_scalar(cluster_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      } catch (const std::exception&) {  // the cluster is gone; nothing to clean
      }
    }
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  bool available() const { return !url_.empty(); }
  const std::string& url() const { return url_; }

  // A count read on a connection of its own, not the store's.
  long long count(const std::string& sql) const {
    if (engine_ == "sqlite") {
      SQLite::Database db(url_, SQLite::OPEN_READONLY);
      return db.execAndGet(sql).getInt64();
    }
    return std::stoll(pg_scalar(url_, sql));
  }
  bool has_index(const std::string& name) const {
    return count(engine_ == "sqlite"
                     ? "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '" +
                           name + "'"
                     : "SELECT count(*) FROM pg_indexes WHERE indexname = '" + name + "'") == 1;
  }

 private:
  std::string engine_, url_, cluster_, name_;
  std::filesystem::path dir_;
};

// Whether a missing PostgreSQL must fail the tests rather than skip them (`make test`).
inline bool postgres_required() {
  const char* v = std::getenv("LB_REQUIRE_PG");
  return v && std::string(v) == "1";
}

}  // namespace lagesbild::test_support

// Faults against the real server: SIGKILL during a CSV import (both engines: after a restart,
// all of the import's rows or none); a full disk (SQLite on a small tmpfs: the server answers 503
// with a clear message, works again once space returns, and the file passes PRAGMA
// integrity_check); a database on a file system that is read-only (the server answers 503 with
// the reason until it is writable again, then serves without a restart).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "harness.h"

namespace lagesbild::testing {
namespace {

bool on_postgres() {
  const char* engine = std::getenv("LB_TEST_ENGINE");
  return engine && std::string(engine) == "postgres";
}

// One number from the database behind `db` (either engine), read directly, not through the
// server.
long long query_number(const std::string& db, const std::string& sql) {
  const std::string url = database_url(db);
  if (url.starts_with("postgresql://")) {
    PGconn* c = PQconnectdb(url.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    const long long v = ok ? std::atoll(PQgetvalue(r, 0, 0)) : -1;
    const std::string error = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    if (!ok) throw std::runtime_error(sql + ": " + error);
    return v;
  }
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(url.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    throw std::runtime_error("cannot open " + url);
  }
  sqlite3_stmt* s = nullptr;
  long long v = -1;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    v = sqlite3_column_int64(s, 0);
  }
  const std::string error = sqlite3_errmsg(h);
  sqlite3_finalize(s);
  sqlite3_close(h);
  if (v < 0) throw std::runtime_error(sql + ": " + error);
  return v;
}

std::string integrity_check(const std::string& path) {
  sqlite3* h = nullptr;
  sqlite3_open_v2(path.c_str(), &h, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK) {
    while (sqlite3_step(s) == SQLITE_ROW) {
      out += reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
  } else {
    out = sqlite3_errmsg(h);
  }
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

std::string import_csv(const std::string& prefix, int rows) {
  std::string csv = "occurred_at,category,organisation,lat,lon,description,external_id\n";
  for (int i = 0; i < rows; ++i) {
    csv += "2026-11-" + std::to_string(10 + i % 10) + " 2" + std::to_string(i % 4) +
           ":00,klotter,Polisen,60.48" + std::to_string(i % 10) + ",15.4" + std::to_string(i % 7) +
           "1,Tag på vägg " + std::to_string(i) + "," + prefix + std::to_string(i) + "\n";
  }
  return csv;
}

long long imported(const std::string& db, const std::string& prefix) {
  return query_number(db, "SELECT count(*) FROM report WHERE external_id LIKE '" + prefix + "%'");
}

TEST(Faults, SigkillDuringACsvImportLeavesAllOrNoneOfItsRows) {
  TempDir dir;
  const std::string db = dir.file("import.db");
  seed_database(db, dir);
  constexpr int kRows = 40000;
  // How long a whole import takes here, so the kills land before, during and after storing.
  double seconds = 0;
  {
    ServerProcess server(db);
    auto c = server.client();
    c.set_read_timeout(300);
    const auto admin = bearer(login(c, "admin"));
    const auto t0 = std::chrono::steady_clock::now();
    auto r = c.Post("/api/v1/reports/import", admin, import_csv("full-", kRows), "text/csv");
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  ASSERT_EQ(imported(db, "full-"), kRows);
  int none = 0, all = 0;
  for (const double fraction : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    const std::string prefix = "kill" + std::to_string(static_cast<int>(fraction * 10)) + "-";
    {
      ServerProcess server(db);
      auto c = server.client();
      const auto admin = bearer(login(c, "admin"));
      const std::string csv = import_csv(prefix, kRows);
      std::thread importer([&] {
        auto ic = server.client();
        ic.set_read_timeout(300);
        (void)ic.Post("/api/v1/reports/import", admin, csv, "text/csv");
      });
      std::this_thread::sleep_for(std::chrono::duration<double>(seconds * fraction));
      server.kill9();
      importer.join();
    }
    ServerProcess restarted(db);  // recovery (SQLite's WAL, PostgreSQL's) runs here
    const long long n = imported(db, prefix);
    EXPECT_TRUE(n == 0 || n == kRows) << "killed at " << fraction << " of the import: " << n
                                      << " of " << kRows << " rows are visible";
    (n == 0 ? none : all) += 1;
  }
  // Kills timed by the clock mostly land in the upload or the parse. On SQLite the moment the
  // import's pages are written can be seen: the write-ahead log grows. Kill then, while the
  // transaction's pages are going to disk (spilled before the commit, or the commit itself).
  int in_write = 0;
  if (!on_postgres()) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      const std::string prefix = "walkill" + std::to_string(attempt) + "-";
      std::uintmax_t base = 0, at_kill = 0;
      {
        ServerProcess server(db);
        auto c = server.client();
        const auto admin = bearer(login(c, "admin"));
        const std::string wal = db + "-wal";
        std::error_code ec;
        base = std::filesystem::file_size(wal, ec);
        if (ec) base = 0;
        const std::string csv = import_csv(prefix, kRows);
        std::thread importer([&] {
          auto ic = server.client();
          ic.set_read_timeout(300);
          (void)ic.Post("/api/v1/reports/import", admin, csv, "text/csv");
        });
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (std::chrono::steady_clock::now() < deadline) {
          const auto size = std::filesystem::file_size(wal, ec);
          if (!ec && size > base + (1u << 20)) {
            at_kill = size;
            break;
          }
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        server.kill9();
        importer.join();
      }
      ServerProcess restarted(db);
      const long long n = imported(db, prefix);
      EXPECT_TRUE(n == 0 || n == kRows)
          << "killed with " << at_kill << " bytes of log written: " << n << " of " << kRows;
      EXPECT_GT(at_kill, base) << "the import's pages were never seen going to the log";
      if (at_kill > base) ++in_write;
    }
  }
  EXPECT_EQ(imported(db, "full-"), kRows);
  std::printf(
      "import of %d rows: %.2f s; kills at 10-90%%: %d left none, %d all; %d kills while its "
      "pages were written, all or none\n",
      kRows, seconds, none, all, in_write);
}

// A tmpfs of `megabytes` at `dir` (root only; nullopt-like false when mounting is not allowed).
bool mount_tmpfs(const std::string& dir, int megabytes) {
  std::filesystem::create_directories(dir);
  const std::string options = "size=" + std::to_string(megabytes) + "m";
  return ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
}

struct Unmount {
  std::string dir;
  ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
};

// Writes zeros to `path` until the file system is full.
void fill(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  const std::string block(1 << 16, '\0');
  while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) out.flush();
}

json report_body(int i) {
  return {{"category", "klotter"},
          {"occurred_from", "2026-11-13T22:00"},
          {"lat", 60.485},
          {"lon", 15.42},
          {"description", "Tag " + std::to_string(i) + std::string(2000, 'x')},
          {"external_id", "full-disk-" + std::to_string(i)}};
}

TEST(Faults, AFullDiskIsA503UntilSpaceReturnsAndTheFileStaysWhole) {
  if (on_postgres()) GTEST_SKIP() << "the disk of the PostgreSQL cluster is not the test's";
  TempDir dir;
  const std::string mnt = dir.file("small");
  if (!mount_tmpfs(mnt, 24)) GTEST_SKIP() << "cannot mount a tmpfs (not root?)";
  Unmount unmount{mnt};
  const std::string db = mnt + "/full.db";
  seed_database(db, dir);
  std::vector<std::string> acknowledged;
  {
    ServerProcess server(db);
    auto c = server.client();
    const auto h = bearer(login(c, "polis"));
    auto ok = c.Post("/api/v1/reports", h, report_body(0).dump(), "application/json");
    ASSERT_EQ(ok->status, 201) << ok->body;
    acknowledged.push_back("full-disk-0");
    fill(mnt + "/filler");
    int unavailable = 0, internal = 0, i = 1;
    std::string message;
    for (; i < 400 && unavailable < 5; ++i) {
      auto r = c.Post("/api/v1/reports", h, report_body(i).dump(), "application/json");
      ASSERT_TRUE(r);
      if (r->status == 201) acknowledged.push_back("full-disk-" + std::to_string(i));
      if (r->status == 503) {
        ++unavailable;
        message = json::parse(r->body)["error"]["message"];
        EXPECT_EQ(r->get_header_value("Retry-After"), "30");
      }
      if (r->status == 500) ++internal;
    }
    EXPECT_GE(unavailable, 5) << "a full disk was never answered with 503";
    EXPECT_EQ(internal, 0) << "a full disk was answered with 500";
    EXPECT_NE(message.find("disk is full"), std::string::npos) << message;
    // Space returns: the server takes writes again, without a restart.
    std::filesystem::remove(mnt + "/filler");
    bool recovered = false;
    for (int tries = 0; tries < 10 && !recovered; ++tries, ++i) {
      auto r = c.Post("/api/v1/reports", h, report_body(i).dump(), "application/json");
      if (r && r->status == 201) {
        recovered = true;
        acknowledged.push_back("full-disk-" + std::to_string(i));
      }
    }
    EXPECT_TRUE(recovered) << "the server did not take writes once space returned";
    auto list = c.Get("/api/v1/reports?limit=1000", bearer(login(c, "analytiker")));
    ASSERT_EQ(list->status, 200);
  }
  EXPECT_EQ(integrity_check(db), "ok");
  EXPECT_EQ(query_number(db, "SELECT count(*) FROM report WHERE external_id LIKE 'full-disk-%'"),
            static_cast<long long>(acknowledged.size()))
      << "every acknowledged report, and no other";
  std::printf("full disk: %zu reports acknowledged around it\n", acknowledged.size());
}

// The server is started on a database whose file system is read-only (a disk remounted after an
// error, a restore onto the wrong volume): it does not exit but answers every request with 503,
// the reason and Retry-After, tries again every second, and serves normally, without a restart,
// once the file system is writable. The CLI refuses with the same reason.
TEST(Faults, ADatabaseOnAReadOnlyFileSystemIsA503UntilItIsWritable) {
  if (on_postgres()) GTEST_SKIP() << "the PostgreSQL cluster's file system is not the test's";
  TempDir dir;
  const std::string mnt = dir.file("ro");
  if (!mount_tmpfs(mnt, 64)) GTEST_SKIP() << "cannot mount a tmpfs (not root?)";
  Unmount unmount{mnt};
  const std::string db = mnt + "/ro.db";
  seed_database(db, dir);
  {
    ServerProcess server(db);
    auto c = server.client();
    auto r = c.Post("/api/v1/reports", bearer(login(c, "polis")), report_body(1).dump(),
                    "application/json");
    ASSERT_EQ(r->status, 201);
  }
  ASSERT_EQ(::mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr), 0)
      << "remount read-only: " << std::strerror(errno);
  const auto cli = run_cli({"audit", "verify", "--db", db});
  EXPECT_NE(cli.exit_code, 0);
  EXPECT_NE(cli.err.find("read-only"), std::string::npos) << cli.err;
  ServerProcess server(db, 32, {"--retry-open-every", "1"});
  auto c = server.client();
  for (const char* path : {"/api/v1/health", "/api/v1/reports", "/"}) {
    auto r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 503) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Retry-After"), "1");
    EXPECT_NE(json::parse(r->body)["error"]["message"].get<std::string>().find("read-only"),
              std::string::npos)
        << r->body;
  }
  const json credentials = {{"username", "polis"}, {"password", kPassword}};
  auto refused = c.Post("/api/v1/login", credentials.dump(), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503) << refused->body;
  ASSERT_EQ(::mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT, nullptr), 0);
  // The same process opens the database on its next try and takes writes.
  int status = 0;
  for (int tries = 0; tries < 50 && status != 200; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto r = c.Get("/api/v1/health");
    status = r ? r->status : 0;
  }
  ASSERT_EQ(status, 200) << "the server did not recover once the file system was writable";
  auto w = c.Post("/api/v1/reports", bearer(login(c, "polis")), report_body(2).dump(),
                  "application/json");
  EXPECT_EQ(w->status, 201) << "writable again: " << w->body;
}

}  // namespace
}  // namespace lagesbild::testing

#include "store/backup.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <vector>

#include "store/store.h"

extern char** environ;

namespace lagesbild {
namespace {

namespace fs = std::filesystem;

bool is_postgres(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string sqlite_path(const std::string& url) {
  return url.starts_with("sqlite:") ? url.substr(7) : url;
}

// What the file starts with: "sqlite", "postgresql" (a pg_dump custom-format archive) or "".
std::string file_engine(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw StoreError("cannot read backup file '" + file + "': " + std::strerror(errno));
  std::array<char, 16> head{};
  in.read(head.data(), head.size());
  const std::string_view got(head.data(), static_cast<std::size_t>(in.gcount()));
  if (got == std::string_view("SQLite format 3\0", 16)) return "sqlite";
  if (got.starts_with("PGDMP")) return "postgresql";
  return "";
}

// ---- SQLite ------------------------------------------------------------------------------------

struct SqliteDb {
  sqlite3* db = nullptr;
  ~SqliteDb() { sqlite3_close_v2(db); }
  std::string error() const { return db ? sqlite3_errmsg(db) : "out of memory"; }
};

void open_sqlite(SqliteDb& d, const std::string& path, int flags, const std::string& what) {
  if (sqlite3_open_v2(path.c_str(), &d.db, flags | SQLITE_OPEN_URI, nullptr) != SQLITE_OK) {
    throw StoreError("cannot open " + what + " '" + path + "': " + d.error());
  }
  sqlite3_busy_timeout(d.db, 10'000);
}

// The first column of the first row of `sql`, as text; nullopt when the statement fails.
std::optional<std::string> sqlite_value(SqliteDb& d, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(d.db, sql, -1, &s, nullptr) != SQLITE_OK) return std::nullopt;
  std::optional<std::string> out;
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(s, 0);
    out = text ? reinterpret_cast<const char*>(text) : "";
  } else if (rc == SQLITE_DONE) {
    out = "";
  }
  sqlite3_finalize(s);
  return out;
}

// A read-only, immutable URI for a file: nothing is written beside it (no -shm, no journal).
std::string immutable_uri(const std::string& file) {
  std::string out = "file:";
  for (const char ch : fs::absolute(file).string()) {
    if (ch == '?' || ch == '#' || ch == '%' || ch == ' ') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[static_cast<unsigned char>(ch) >> 4];
      out += kHex[static_cast<unsigned char>(ch) & 15];
    } else {
      out += ch;
    }
  }
  return out + "?immutable=1";
}

void sqlite_exec(SqliteDb& d, const char* sql, const std::string& what) {
  char* msg = nullptr;
  if (sqlite3_exec(d.db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    const std::string why = msg ? msg : d.error();
    sqlite3_free(msg);
    throw StoreError(what + ": " + why);
  }
}

// Copies all of `from` into `to` in one step: one read transaction on `from` (a consistent
// snapshot while others write, in WAL mode) and one write transaction on `to`.
void sqlite_copy(SqliteDb& from, SqliteDb& to, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(to.db, "main", from.db, "main");
  if (!b) throw StoreError(what + ": " + to.error());
  const int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    throw StoreError(what + ": " + sqlite3_errstr(rc) + " (" + to.error() + ")");
  }
}

// Whether a Lägesbild database holds anything worth keeping. A file with no tables (or that is
// not there) holds nothing.
bool sqlite_holds_data(SqliteDb& d) {
  const auto tables = sqlite_value(d, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  if (!tables) throw StoreError("cannot read the target database: " + d.error());
  if (*tables == "0") return false;
  const auto rows = sqlite_value(
      d,
      "SELECT (SELECT count(*) FROM municipality) + (SELECT count(*) FROM user_account) + "
      "(SELECT count(*) FROM audit_log)");
  return !rows || *rows != "0";  // tables but not Lägesbild's: not ours to overwrite
}

void fsync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

BackupSummary backup_sqlite(const std::string& url, const std::string& out_file) {
  const std::string path = sqlite_path(url);
  if (!fs::exists(path)) throw StoreError("no database at '" + path + "'");
  const std::string partial = out_file + ".partial";
  fs::remove(partial);
  try {
    {
      SqliteDb from, to;
      open_sqlite(from, path, SQLITE_OPEN_READONLY, "database");
      open_sqlite(to, partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "backup file");
      sqlite_copy(from, to, "backup of '" + path + "' failed");
      // One self-contained file: no WAL beside it.
      sqlite_exec(to, "PRAGMA journal_mode = DELETE", "backup file");
      const auto check = sqlite_value(to, "PRAGMA integrity_check");
      if (!check || *check != "ok") {
        throw StoreError("the backup failed its integrity check: " + check.value_or(to.error()));
      }
    }
    fsync_file(partial);
    fs::rename(partial, out_file);
  } catch (...) {
    std::error_code ec;
    fs::remove(partial, ec);
    throw;
  }
  return {"sqlite", fs::file_size(out_file)};
}

void restore_sqlite(const std::string& in_file, const std::string& url, bool force) {
  const std::string path = sqlite_path(url);
  {
    // Read-only and immutable: checking the file writes nothing beside it.
    SqliteDb check;
    open_sqlite(check, immutable_uri(in_file), SQLITE_OPEN_READONLY, "backup file");
    const auto ok = sqlite_value(check, "PRAGMA integrity_check");
    if (!ok || *ok != "ok") {
      throw StoreError("backup file '" + in_file + "' is damaged (integrity check: " +
                       ok.value_or(check.error()) + "); nothing was restored");
    }
    if (!sqlite_value(check, "SELECT count(*) FROM audit_head")) {
      throw StoreError("backup file '" + in_file +
                       "' is not a Lägesbild database; nothing was restored");
    }
  }
  const bool existed = fs::exists(path);
  try {
    SqliteDb from, to;
    open_sqlite(from, immutable_uri(in_file), SQLITE_OPEN_READONLY, "backup file");
    open_sqlite(to, path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "target database");
    if (existed && !force && sqlite_holds_data(to)) {
      throw StoreError("the target '" + path +
                       "' holds data; restore into an empty target, or give --force to replace it");
    }
    sqlite_copy(from, to, "restore into '" + path + "' failed; the target is unchanged");
  } catch (...) {
    std::error_code ec;
    if (!existed) fs::remove(path, ec);
    throw;
  }
}

// ---- PostgreSQL --------------------------------------------------------------------------------

// A PostgreSQL client tool: from `pg_config --bindir` when it has it, else on PATH.
std::string pg_tool(const std::string& name) {
  std::string bindir;
  if (FILE* p = ::popen("pg_config --bindir 2>/dev/null", "r")) {
    std::array<char, 512> buf{};
    if (std::fgets(buf.data(), buf.size(), p)) bindir = buf.data();
    ::pclose(p);
  }
  while (!bindir.empty() && (bindir.back() == '\n' || bindir.back() == '\r')) bindir.pop_back();
  if (!bindir.empty() && ::access((bindir + "/" + name).c_str(), X_OK) == 0) {
    return bindir + "/" + name;
  }
  return name;  // posix_spawnp searches PATH
}

// Runs a tool without a shell; returns its exit status and what it wrote to stderr.
int run_tool(const std::vector<std::string>& args, std::string& err) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw StoreError("cannot run " + args[0] + ": pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  if (rc != 0) {
    ::close(pipe_fds[0]);
    throw StoreError("cannot run " + args[0] + ": " + std::strerror(rc) +
                     " (install postgresql-client, or put its bin directory on PATH)");
  }
  std::array<char, 4096> buf{};
  for (ssize_t n; (n = ::read(pipe_fds[0], buf.data(), buf.size())) > 0;) {
    err.append(buf.data(), static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

std::string first_lines(const std::string& text) {
  std::string out = text.substr(0, 600);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

struct PgConn {
  PGconn* c = nullptr;
  explicit PgConn(const std::string& url) : c(PQconnectdb(url.c_str())) {
    if (PQstatus(c) != CONNECTION_OK) {
      const std::string why = PQerrorMessage(c);
      PQfinish(c);
      c = nullptr;
      throw StoreError("cannot connect to the target: " + first_lines(why));
    }
  }
  ~PgConn() { PQfinish(c); }
  // The first value of `sql`; nullopt when it fails.
  std::optional<std::string> value(const char* sql) {
    PGresult* r = PQexec(c, sql);
    std::optional<std::string> out;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    PQclear(r);
    return out;
  }
};

BackupSummary backup_postgres(const std::string& url, const std::string& out_file) {
  const std::string partial = out_file + ".partial";
  fs::remove(partial);
  std::string err;
  const int rc = run_tool(
      {pg_tool("pg_dump"), "--format=custom", "--file=" + partial, "--dbname=" + url}, err);
  if (rc != 0) {
    std::error_code ec;
    fs::remove(partial, ec);
    throw StoreError("pg_dump failed (exit " + std::to_string(rc) + "): " + first_lines(err));
  }
  fsync_file(partial);
  fs::rename(partial, out_file);
  return {"postgresql", fs::file_size(out_file)};
}

void restore_postgres(const std::string& in_file, const std::string& url, bool force) {
  std::string err;
  if (run_tool({pg_tool("pg_restore"), "--list", in_file}, err) != 0) {
    throw StoreError("backup file '" + in_file + "' is damaged (pg_restore --list: " +
                     first_lines(err) + "); nothing was restored");
  }
  bool has_tables = false;
  {
    PgConn target(url);
    const auto tables =
        target.value("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
    if (!tables) throw StoreError("cannot read the target database");
    has_tables = *tables != "0";
    if (has_tables && !force) {
      const auto rows = target.value(
          "SELECT (SELECT count(*) FROM municipality) + (SELECT count(*) FROM user_account) + "
          "(SELECT count(*) FROM audit_log)");
      if (!rows || *rows != "0") {
        throw StoreError(
            "the target holds data; restore into an empty target, or give --force to replace it");
      }
    }
  }
  std::vector<std::string> args = {pg_tool("pg_restore"), "--dbname=" + url, "--single-transaction",
                                   "--exit-on-error",     "--no-owner",      "--no-privileges"};
  if (has_tables) {
    args.push_back("--clean");
    args.push_back("--if-exists");
  }
  args.push_back(in_file);
  err.clear();
  const int rc = run_tool(args, err);
  if (rc != 0) {
    throw StoreError("pg_restore failed (exit " + std::to_string(rc) +
                     "); the target is unchanged (one transaction): " + first_lines(err));
  }
}

}  // namespace

BackupSummary backup_database(const std::string& url, const std::string& out_file) {
  if (out_file.empty()) throw StoreError("no backup file given");
  return is_postgres(url) ? backup_postgres(url, out_file) : backup_sqlite(url, out_file);
}

void restore_database(const std::string& in_file, const std::string& url, bool force) {
  const std::string engine = file_engine(in_file);
  if (engine.empty()) {
    throw StoreError("'" + in_file +
                     "' is not a Lägesbild backup (neither a SQLite database nor a pg_dump "
                     "custom-format archive); nothing was restored");
  }
  const std::string target = is_postgres(url) ? "postgresql" : "sqlite";
  if (engine != target) {
    throw StoreError("'" + in_file + "' is a " + engine + " backup and the target is " + target +
                     "; restore it into a " + engine +
                     " database (then `lagesbild migrate` copies between engines)");
  }
  if (engine == "sqlite") {
    restore_sqlite(in_file, url, force);
  } else {
    restore_postgres(in_file, url, force);
  }
}

}  // namespace lagesbild

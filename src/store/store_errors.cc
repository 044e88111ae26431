#include "store/store_errors.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <sys/statvfs.h>

#include "store/pg_conn.h"
#include "store/sqlite_store_internal.h"
#include "store/store.h"

namespace lagesbild::store {

std::optional<std::string> sqlite_unavailable_reason(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return "the disk is full";
    case SQLITE_READONLY:
      return "the database is read-only";
    case SQLITE_IOERR:
      return "the database file cannot be read or written (I/O error)";
    case SQLITE_CANTOPEN:
      return "the database file cannot be opened";
    case SQLITE_NOMEM:
      return "the server is out of memory";
    default:
      return std::nullopt;
  }
}

std::optional<std::string> pg_unavailable_reason(const std::string& sqlstate) {
  if (sqlstate == "53100") return "the disk is full";
  if (sqlstate.rfind("53", 0) == 0) return "the database is out of resources";
  if (sqlstate == "25006") return "the database is read-only";
  if (sqlstate.rfind("08", 0) == 0) return "the connection to the database failed";
  if (sqlstate.rfind("57P", 0) == 0) return "the database is shutting down or restarting";
  return std::nullopt;
}

std::string read_only_note(const std::string& path) {
  if (path.starts_with("postgresql://") || path.starts_with("postgres://")) return "";
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  struct statvfs fs {};
  if (::statvfs(dir.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY)) {
    return " (the file system of " + dir + " is read-only)";
  }
  return "";
}

std::optional<std::string> unavailable_reason(const std::exception& e) {
  if (dynamic_cast<const UnavailableError*>(&e)) return std::string(e.what());
  if (const auto* s = dynamic_cast<const SQLite::Exception*>(&e)) {
    return sqlite_unavailable_reason(s->getExtendedErrorCode());
  }
  if (const auto* p = dynamic_cast<const pg::Error*>(&e))
    return pg_unavailable_reason(p->sqlstate());
  return std::nullopt;
}

}  // namespace lagesbild::store

namespace lagesbild::sqlite_detail {

bool sqlite_is_unavailable(int code) { return store::sqlite_unavailable_reason(code).has_value(); }

}  // namespace lagesbild::sqlite_detail

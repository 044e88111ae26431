// Which store failures mean "the database cannot take this now" (disk full, read-only, failing
// I/O, PostgreSQL out of resources or shutting down) rather than a bug: front ends answer those
// with 503 and a clear message instead of 500.
//
// Owns: the classification of both engines' errors. Pure; thread-safe.
#pragma once

#include <exception>
#include <optional>
#include <string>

namespace lagesbild::store {

// A short English reason ("the disk is full", "the database is read-only", ...) when `e` is
// such a failure: an UnavailableError, a SQLite::Exception with SQLITE_FULL, SQLITE_READONLY,
// SQLITE_IOERR, SQLITE_CANTOPEN or SQLITE_NOMEM, or a PostgreSQL error of SQLSTATE class 53
// (insufficient resources), 08 (connection), 57P (shutdown) or 25006 (read-only transaction).
std::optional<std::string> unavailable_reason(const std::exception& e);

// The reason for a SQLite result code (primary or extended), or nullopt when it is not such a
// failure.
std::optional<std::string> sqlite_unavailable_reason(int code);
// The reason for a PostgreSQL SQLSTATE, or nullopt.
std::optional<std::string> pg_unavailable_reason(const std::string& sqlstate);

// " (the file system of PATH is read-only)" when the directory of the database file `path` is on
// a read-only file system, else "": said when a database cannot be opened.
std::string read_only_note(const std::string& path);

}  // namespace lagesbild::store

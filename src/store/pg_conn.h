// A thin layer over libpq for the PostgreSQL engine: one connection with its prepared
// statements, text-format parameters and results, COPY FROM STDIN, and PostgreSQL's errors as
// the store's. Internal to store/.
//
// Thread-safety: a Connection is used by one thread at a time (the engine's pool hands it out).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace lagesbild::pg {

// An engine failure with its SQLSTATE ("23505" ...; empty when the connection failed).
class Error : public StoreError {
 public:
  Error(const std::string& what, std::string sqlstate)
      : StoreError(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// Translates PostgreSQL's constraint failures into the store's error types, as the SQLite engine
// does: unique violation -> ConflictError "<what> already exists", foreign key -> ConflictError.
[[noreturn]] void rethrow(const Error& e, const std::string& what);

// Parameters of one statement, in text format. NUL cannot be sent: a text holding one throws.
class Params {
 public:
  Params& text(std::string_view v);
  Params& integer(std::int64_t v);
  Params& real(double v);
  Params& boolean(bool v);
  Params& null();
  Params& id(const std::optional<std::int64_t>& v) { return v ? integer(*v) : null(); }
  // A PostgreSQL array literal of ids: "{1,2,3}".
  Params& ids(const std::vector<std::int64_t>& v);

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers for libpq; valid until the next change.
  std::vector<const char*> pointers() const;

 private:
  std::vector<std::string> values_;
  std::vector<bool> null_;
};

// A result set; columns are read as text and converted.
class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  ~Result() { PQclear(r_); }
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  Result& operator=(Result&&) = delete;

  int rows() const { return PQntuples(r_); }
  // Rows changed by an INSERT, UPDATE or DELETE.
  std::size_t affected() const;
  // The command tag: "COMMIT", or "ROLLBACK" when a COMMIT found the transaction failed.
  std::string_view command() const { return PQcmdStatus(r_); }
  bool null(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string_view view(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col))};
  }
  std::string text(int row, int col) const { return std::string(view(row, col)); }
  std::int64_t integer(int row, int col) const;
  double real(int row, int col) const;
  bool boolean(int row, int col) const { return view(row, col) == "t"; }
  std::optional<std::int64_t> opt_integer(int row, int col) const {
    if (null(row, col)) return std::nullopt;
    return integer(row, col);
  }

 private:
  PGresult* r_;
};

// Rows in COPY's text format: fields separated by tabs, \N for NULL, backslash escapes.
class CopyRows {
 public:
  CopyRows& text(std::string_view v);
  CopyRows& integer(std::int64_t v);
  CopyRows& real(double v);
  CopyRows& id(const std::optional<std::int64_t>& v) { return v ? integer(*v) : null(); }
  CopyRows& null();
  void end_row();
  const std::string& data() const { return data_; }
  void clear() { data_.clear(); }

 private:
  void separate();
  std::string data_;
  bool row_open_ = false;
};

class Connection {
 public:
  // Connects with a libpq URL or keyword string and runs `setup` (plain SQL, may be empty) after
  // every connect. Throws Error.
  Connection(std::string conninfo, std::string setup);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement, prepared once per connection and reused. Throws Error.
  Result exec(const std::string& sql, const Params& params = {});
  // Runs SQL without parameters, unprepared (planned for the data at hand; several statements
  // allowed). Returns the last statement's result. Throws Error.
  Result run(const std::string& sql);
  // Runs `copy_sql` (COPY ... FROM STDIN) and sends `rows`. Throws Error.
  void copy_in(const std::string& copy_sql, const CopyRows& rows);
  // Reconnects when the server closed the connection (a restart); prepared statements are
  // prepared again. Throws Error when it cannot.
  void reconnect_if_broken();
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  // "postgresql://user@host:port/dbname", without a password.
  std::string describe() const;

 private:
  void connect();
  Result check(PGresult* r, const char* doing);

  std::string conninfo_, setup_;
  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> prepared_;  // SQL -> statement name
};

}  // namespace lagesbild::pg

#include "store/pg_conn.h"

#include <array>
#include <charconv>
#include <cstring>

#include "store/store_errors.h"

namespace lagesbild::pg {
namespace {

// Prepared statements per connection; past this, new query shapes run unprepared.
constexpr std::size_t kMaxPrepared = 256;
// COPY data is sent in pieces of this size.
constexpr std::size_t kCopyChunk = 1 << 20;

std::string error_text(const PGresult* r, const PGconn* c) {
  const char* primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string out = primary ? primary : PQerrorMessage(c);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (const char* detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : nullptr) {
    out += std::string(" (") + detail + ")";
  }
  return out;
}

void drop_notice(void*, const char*) {}  // "relation already exists, skipping" and the like

template <class T>
void append_number(std::string& out, T v) {
  std::array<char, 32> buf;
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), end);
}

void refuse_nul(std::string_view v) {
  if (std::memchr(v.data(), '\0', v.size()) != nullptr) {
    throw StoreError("a text holds a NUL character, which PostgreSQL cannot store");
  }
}

}  // namespace

void rethrow(const Error& e, const std::string& what) {
  if (e.sqlstate() == "23505") throw ConflictError(what + " already exists");
  if (e.sqlstate() == "23503") {
    throw ConflictError(
        what + ": it is referred to by other records, or refers to one that does not exist");
  }
  if (store::pg_unavailable_reason(e.sqlstate())) throw UnavailableError(what + ": " + e.what());
  throw StoreError(what + ": " + e.what());
}

// ---- parameters and results ------------------------------------------------------------------

Params& Params::text(std::string_view v) {
  refuse_nul(v);
  values_.emplace_back(v);
  null_.push_back(false);
  return *this;
}

Params& Params::integer(std::int64_t v) {
  values_.emplace_back();
  append_number(values_.back(), v);
  null_.push_back(false);
  return *this;
}

Params& Params::real(double v) {
  values_.emplace_back();
  append_number(values_.back(), v);
  null_.push_back(false);
  return *this;
}

Params& Params::boolean(bool v) {
  values_.emplace_back(v ? "true" : "false");
  null_.push_back(false);
  return *this;
}

Params& Params::null() {
  values_.emplace_back();
  null_.push_back(true);
  return *this;
}

Params& Params::ids(const std::vector<std::int64_t>& v) {
  std::string literal = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) literal += ',';
    append_number(literal, v[i]);
  }
  literal += '}';
  values_.push_back(std::move(literal));
  null_.push_back(false);
  return *this;
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) out[i] = null_[i] ? nullptr : values_[i].c_str();
  return out;
}

std::size_t Result::affected() const {
  const char* n = PQcmdTuples(r_);
  std::size_t v = 0;
  std::from_chars(n, n + std::strlen(n), v);
  return v;
}

std::int64_t Result::integer(int row, int col) const {
  const std::string_view s = view(row, col);
  std::int64_t v = 0;
  if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc()) {
    throw StoreError("not an integer in a result: '" + std::string(s) + "'");
  }
  return v;
}

double Result::real(int row, int col) const {
  const std::string_view s = view(row, col);
  double v = 0;
  if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc()) {
    throw StoreError("not a number in a result: '" + std::string(s) + "'");
  }
  return v;
}

// ---- COPY rows -------------------------------------------------------------------------------

void CopyRows::separate() {
  if (row_open_) data_ += '\t';
  row_open_ = true;
}

CopyRows& CopyRows::text(std::string_view v) {
  refuse_nul(v);
  separate();
  for (const char c : v) {
    switch (c) {
      case '\\':
        data_ += "\\\\";
        break;
      case '\n':
        data_ += "\\n";
        break;
      case '\r':
        data_ += "\\r";
        break;
      case '\t':
        data_ += "\\t";
        break;
      default:
        data_ += c;
    }
  }
  return *this;
}

CopyRows& CopyRows::integer(std::int64_t v) {
  separate();
  append_number(data_, v);
  return *this;
}

CopyRows& CopyRows::real(double v) {
  separate();
  append_number(data_, v);
  return *this;
}

CopyRows& CopyRows::null() {
  separate();
  data_ += "\\N";
  return *this;
}

void CopyRows::end_row() {
  data_ += '\n';
  row_open_ = false;
}

// ---- the connection --------------------------------------------------------------------------

Connection::Connection(std::string conninfo, std::string setup)
    : conninfo_(std::move(conninfo)), setup_(std::move(setup)) {
  try {
    connect();
  } catch (...) {  // no destructor runs for a constructor that throws
    PQfinish(conn_);
    throw;
  }
}

Connection::~Connection() { PQfinish(conn_); }

void Connection::connect() {
  if (conn_) PQfinish(conn_);
  prepared_.clear();
  // The URL comes after the defaults it may override; the encoding is not negotiable.
  const std::array<const char*, 5> keys = {"application_name", "connect_timeout", "dbname",
                                           "client_encoding", nullptr};
  const std::array<const char*, 5> values = {"lagesbild", "10", conninfo_.c_str(), "UTF8", nullptr};
  conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
  if (PQstatus(conn_) != CONNECTION_OK) {
    throw Error("cannot connect to PostgreSQL: " + error_text(nullptr, conn_), "");
  }
  PQsetNoticeProcessor(conn_, drop_notice, nullptr);
  if (!setup_.empty()) run(setup_);
}

void Connection::reconnect_if_broken() {
  if (broken()) connect();
}

Result Connection::check(PGresult* r, const char* doing) {
  const ExecStatusType status = PQresultStatus(r);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Result(r);
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  Error e(std::string(doing) + ": " + error_text(r, conn_), state ? state : "");
  PQclear(r);
  throw e;
}

Result Connection::exec(const std::string& sql, const Params& params) {
  const std::vector<const char*> values = params.pointers();
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    if (prepared_.size() >= kMaxPrepared) {
      return check(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, values.data(), nullptr,
                                nullptr, 0),
                   "query failed");
    }
    std::string name = "lb" + std::to_string(prepared_.size() + 1);
    check(PQprepare(conn_, name.c_str(), sql.c_str(), params.size(), nullptr),
          "cannot prepare a query");
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return check(
      PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(), nullptr, nullptr, 0),
      "query failed");
}

Result Connection::run(const std::string& sql) {
  return check(PQexec(conn_, sql.c_str()), "query failed");
}

void Connection::copy_in(const std::string& copy_sql, const CopyRows& rows) {
  PGresult* start = PQexec(conn_, copy_sql.c_str());
  if (PQresultStatus(start) != PGRES_COPY_IN) check(start, "COPY failed");
  PQclear(start);
  const std::string& data = rows.data();
  for (std::size_t at = 0; at < data.size(); at += kCopyChunk) {
    const std::size_t n = std::min(kCopyChunk, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) break;
  }
  PQputCopyEnd(conn_, nullptr);
  // Every result is read, so the connection is ready again even after an error.
  std::optional<Error> failure;
  while (PGresult* r = PQgetResult(conn_)) {
    try {
      check(r, "COPY failed");
    } catch (const Error& e) {
      if (!failure) failure = e;
    }
  }
  if (failure) throw *failure;
}

std::string Connection::describe() const {
  return std::string("postgresql://") + PQuser(conn_) + "@" + PQhost(conn_) + ":" + PQport(conn_) +
         "/" + PQdb(conn_);
}

}  // namespace lagesbild::pg

// What sqlite_store.cc and sqlite_measures.cc share: the connection with its statement cache,
// the write lock, the reader pool's template and the error translation. Internal to store/.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sqlite_raw.h"
#include "store/sqlite_store.h"

namespace lagesbild {
namespace sqlite_detail {

// A full disk, a read-only file, failing I/O (store/store_errors.h): UnavailableError.
bool sqlite_is_unavailable(int code);

// Translates SQLite's constraint failures into the store's error types.
[[noreturn]] inline void rethrow(const SQLite::Exception& e, const std::string& what) {
  const int code = e.getExtendedErrorCode();
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw ConflictError(what + " already exists");
  }
  if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
    throw ConflictError(
        what + ": it is referred to by other records, or refers to one that does not exist");
  }
  if (sqlite_is_unavailable(code)) throw UnavailableError(what + ": " + e.what());
  throw StoreError(what + ": " + e.what());
}

inline void bind_opt(SQLite::Statement& s, int i, const std::optional<Id>& v) {
  if (v)
    s.bind(i, static_cast<int64_t>(*v));
  else
    s.bind(i);
}

inline std::optional<Id> opt_id(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

}  // namespace sqlite_detail

// A connection with its prepared statements, reused across calls. Statements handed out by
// prepare() are reset by done(), so no statement keeps a read snapshot open between calls.
struct SqliteStore::Conn {
  Conn(const std::string& path, int flags)
      : db(path, flags | SQLite::OPEN_NOMUTEX, 5000), raw(db.getHandle()) {}
  SQLite::Statement& prepare(const std::string& sql) {
    auto it = statements.find(sql);
    if (it == statements.end()) {
      if (statements.size() > 256) {  // bounded: query shapes vary with filters
        statements.clear();
        used.clear();
      }
      it = statements.emplace(sql, std::make_unique<SQLite::Statement>(db, sql)).first;
    } else {
      it->second->reset();
      it->second->clearBindings();
    }
    used.push_back(it->second.get());
    return *it->second;
  }
  void done() {
    for (SQLite::Statement* s : used) s->tryReset();
    used.clear();
    raw.reset_used();
  }
  SQLite::Database db;
  sqlite_raw::StatementCache raw;  // the hot read path (see sqlite_raw.h)
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;
  std::vector<SQLite::Statement*> used;
};

// Holds the write mutex unless this thread already owns an open transaction(), whose lock it joins.
class SqliteStore::WriteLock {
 public:
  explicit WriteLock(SqliteStore& s) : store_(s), owned_(!s.in_own_transaction()) {
    if (owned_) store_.write_mu_.lock();
  }
  ~WriteLock() {
    if (owned_) {
      store_.writer_->done();
      store_.write_mu_.unlock();
    }
  }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  SqliteStore& store_;
  bool owned_;
};

template <class Fn>
auto SqliteStore::read(Fn&& fn) {
  if (in_own_transaction()) {
    struct Done {
      Conn& c;
      ~Done() { c.done(); }
    } done{*writer_};
    return fn(*writer_);
  }
  std::unique_ptr<Conn> reader;
  {
    std::lock_guard lk(readers_mu_);
    if (!idle_readers_.empty()) {
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  if (!reader) reader = open_reader();
  struct Return {
    SqliteStore* self;
    std::unique_ptr<Conn>& r;
    ~Return() {
      r->done();
      std::lock_guard lk(self->readers_mu_);
      self->idle_readers_.push_back(std::move(r));
    }
  } give_back{this, reader};
  try {
    return fn(*reader);
  } catch (const SQLite::Exception& e) {
    throw StoreError(std::string("read failed: ") + e.what());
  }
}

}  // namespace lagesbild

// What pg_store.cc and pg_reports.cc share: the connection pool's templates. Internal to store/.
#pragma once

#include <exception>
#include <span>

#include "store/pg_conn.h"
#include "store/pg_store.h"

namespace lagesbild {

// Reader connections open at once, at most; more readers wait for one to come back.
inline constexpr std::size_t kMaxPgReaders = 8;

struct PgStore::PendingInsert {
  std::span<const Report> reports;
  InsertResult result;
  std::exception_ptr error;
  bool done = false;
};

template <class Fn>
auto PgStore::read(Fn&& fn) {
  if (in_own_transaction()) return fn(*writer_);
  std::unique_ptr<pg::Connection> c;
  {
    std::unique_lock lk(readers_mu_);
    readers_cv_.wait(lk, [&] { return !idle_readers_.empty() || open_readers_ < kMaxPgReaders; });
    if (!idle_readers_.empty()) {
      c = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    } else {
      ++open_readers_;
    }
  }
  // Gives the connection back, or its slot when it is broken (the server restarted) or was never
  // opened; the next reader opens a new one.
  struct Return {
    PgStore& s;
    std::unique_ptr<pg::Connection>& c;
    ~Return() {
      std::lock_guard lk(s.readers_mu_);
      if (c && !c->broken())
        s.idle_readers_.push_back(std::move(c));
      else
        --s.open_readers_;
      s.readers_cv_.notify_one();
    }
  } give_back{*this, c};
  if (!c) c = connect("SET default_transaction_read_only = on;");
  c->reconnect_if_broken();
  return fn(*c);
}

template <class Fn>
auto PgStore::in_savepoint(Fn&& fn) {
  writer_->run("SAVEPOINT lb_write");
  try {
    auto out = fn();
    writer_->run("RELEASE SAVEPOINT lb_write");
    return out;
  } catch (...) {
    try {
      writer_->run("ROLLBACK TO SAVEPOINT lb_write; RELEASE SAVEPOINT lb_write");
    } catch (const StoreError&) {  // the transaction fails at its commit instead
    }
    throw;
  }
}

template <class Fn>
auto PgStore::write(const std::string& what, Fn&& fn) {
  try {
    if (in_own_transaction()) return in_savepoint([&] { return fn(*writer_); });
    std::lock_guard lk(write_mu_);
    writer_->reconnect_if_broken();
    return fn(*writer_);
  } catch (const pg::Error& e) {
    pg::rethrow(e, what);
  }
}

}  // namespace lagesbild

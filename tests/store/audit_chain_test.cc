// The access log's hash chain on both engines: appends chain, concurrent stores on one database
// never fork the chain, rows logged before the chain are chained once, and `verify` finds every
// kind of tampering done with direct SQL (an edited field, a removed middle or last entry, an
// inserted entry).
#include "store/audit_chain.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "store/schema.h"
#include "test_engine.h"

namespace lagesbild {
namespace {

AuditEntry entry(int i) {
  return AuditEntry{from_unix(1'700'000'000 + i),
                    i % 3 ? std::optional<Id>(i) : std::nullopt,
                    "2081",
                    "report.read",
                    "report/" + std::to_string(i),
                    "10.0.0.1"};
}

// The format docs/TRUST.md states, checked against hashes computed independently (Python's
// hashlib.blake2b(digest_size=32) over the documented bytes).
TEST(AuditChainFormat, HashesAreTheDocumentedBlake2bOfLengthPrefixedFields) {
  const AuditEntry first{
      from_unix(1'700'000'000), 7, "2081", "report.read", "report/42", "10.0.0.1"};
  const std::string h1 = audit_entry_hash(1, first, kAuditGenesis);
  EXPECT_EQ(h1, "5c9a8bb99b6f21870fb81c8fe5eab63b6c6c3a08d972f885d50543d9a134eb46");
  const AuditEntry second{
      from_unix(1'700'000'001), std::nullopt, "2081", "login", "user/åsa", "cli"};
  EXPECT_EQ(audit_entry_hash(2, second, h1),
            "c5b24b666c3e289de6c15f67f57690450c9c728cdc31e2227d64d2c7ad324686");
  // Moving bytes between fields changes the hash: the lengths make the encoding unambiguous.
  const AuditEntry shifted{first.at, 7, "2081", "report.rea", "dreport/42", "10.0.0.1"};
  EXPECT_NE(audit_entry_hash(1, shifted, kAuditGenesis), h1);
}

class AuditChainTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test_support::TestDatabase>(GetParam());
    if (!db_->available()) {
      if (test_support::postgres_required()) FAIL() << "LB_TEST_PG_URL is not set";
      GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
    }
  }
  bool sqlite() const { return GetParam() == "sqlite"; }

  // Runs SQL on a connection of its own, as someone with the database file or a login would.
  void tamper(const std::string& sql) {
    if (sqlite()) {
      SQLite::Database db(db_->url(), SQLite::OPEN_READWRITE);
      db.exec(sql);
    } else {
      test_support::pg_scalar(db_->url(), sql);
    }
  }
  // The triggers that keep the log append-only are the first thing a tamperer removes.
  void drop_append_only_triggers() {
    tamper(sqlite() ? "DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_no_update"
                    : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
  }

  // A store with entries 1..n committed.
  std::unique_ptr<Store> store_with(int n) {
    auto store = open_store(db_->url());
    for (int i = 1; i <= n; ++i) store->audit(entry(i));
    store->transaction([] {});
    return store;
  }

  std::unique_ptr<test_support::TestDatabase> db_;
};

TEST_P(AuditChainTest, AppendedEntriesChainFromTheGenesisAndVerify) {
  auto store = store_with(5);
  const auto chain = store->audit_chain(0, 100, false);
  ASSERT_EQ(chain.size(), 5u);
  EXPECT_EQ(chain[0].prev_hash, kAuditGenesis);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    EXPECT_EQ(chain[i].hash, audit_entry_hash(chain[i].id, chain[i].entry, chain[i].prev_hash));
    if (i > 0) {
      EXPECT_EQ(chain[i].prev_hash, chain[i - 1].hash);
    }
  }
  const AuditHead head = store->audit_head();
  EXPECT_EQ(head.last_id, chain.back().id);
  EXPECT_EQ(head.hash, chain.back().hash);
  EXPECT_EQ(head.entries, 5);
  const auto v = verify_audit_chain(*store);
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.entries, 5);
  // The newest-first listing is the same entries in reverse.
  const auto newest = store->audit_chain(0, 2, true);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].id, chain[4].id);
  EXPECT_EQ(newest[1].id, chain[3].id);
}

TEST_P(AuditChainTest, AnEmptyLogVerifies) {
  auto store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.entries, 0);
}

TEST_P(AuditChainTest, TheLogRefusesUpdatesAndDeletes) {
  store_with(3).reset();
  EXPECT_ANY_THROW(tamper("UPDATE audit_log SET object = 'x' WHERE id = 2"));
  EXPECT_ANY_THROW(tamper("DELETE FROM audit_log WHERE id = 3"));
  EXPECT_EQ(db_->count("SELECT count(*) FROM audit_log WHERE object = 'report/2'"), 1);
  EXPECT_EQ(db_->count("SELECT count(*) FROM audit_log"), 3);
}

TEST_P(AuditChainTest, VerifyFindsAnEditedField) {
  store_with(5).reset();
  drop_append_only_triggers();
  tamper("UPDATE audit_log SET user_id = 99 WHERE id = 3");
  auto store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.bad_id, 3);
  EXPECT_EQ(v.entries, 2);
  EXPECT_NE(v.problem.find("edited"), std::string::npos) << v.problem;
}

TEST_P(AuditChainTest, VerifyFindsAnEditedEntryWhoseHashWasRecomputed) {
  store_with(5).reset();
  drop_append_only_triggers();
  auto store = open_store(db_->url());
  auto row = store->audit_chain(2, 1, false).at(0);  // entry 3
  row.entry.address = "192.0.2.7";
  const std::string forged = audit_entry_hash(row.id, row.entry, row.prev_hash);
  store.reset();
  tamper("UPDATE audit_log SET address = '192.0.2.7', hash = '" + forged + "' WHERE id = 3");
  store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.bad_id, 4);  // entry 3 is self-consistent; entry 4 no longer follows it
  EXPECT_NE(v.problem.find("does not follow entry 3"), std::string::npos) << v.problem;
}

TEST_P(AuditChainTest, VerifyFindsARemovedMiddleEntry) {
  store_with(5).reset();
  drop_append_only_triggers();
  tamper("DELETE FROM audit_log WHERE id = 3");
  auto store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.bad_id, 4);
  EXPECT_NE(v.problem.find("does not follow entry 2"), std::string::npos) << v.problem;
}

TEST_P(AuditChainTest, VerifyFindsARemovedFirstEntry) {
  store_with(3).reset();
  drop_append_only_triggers();
  tamper("DELETE FROM audit_log WHERE id = 1");
  auto store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.bad_id, 2);
  EXPECT_NE(v.problem.find("does not start the chain"), std::string::npos) << v.problem;
}

TEST_P(AuditChainTest, VerifyFindsRemovedNewestEntriesByTheHead) {
  store_with(5).reset();
  drop_append_only_triggers();
  tamper("DELETE FROM audit_log WHERE id >= 4");
  auto store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.bad_id, 5);
  EXPECT_EQ(v.entries, 3);
  EXPECT_NE(v.problem.find("newest entries were removed"), std::string::npos) << v.problem;
}

TEST_P(AuditChainTest, VerifyFindsAnInsertedEntry) {
  store_with(3).reset();
  tamper(
      "INSERT INTO audit_log (id, at, user_id, municipality, action, object, address) "
      "VALUES (4, 1700000100, 1, '2081', 'report.read', 'report/1', 'cli')");
  auto store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.bad_id, 4);
  EXPECT_NE(v.problem.find("inserted"), std::string::npos) << v.problem;
  // Later appends still work (past the inserted id), and verify still reports the insertion.
  store->audit(entry(9));
  store->transaction([] {});
  EXPECT_EQ(verify_audit_chain(*store).bad_id, 4);
}

TEST_P(AuditChainTest, VerifyFindsAForgedEntryChainedPastTheHead) {
  auto store = store_with(3);
  const AuditHead head = store->audit_head();
  const AuditEntry forged = entry(4);
  const std::string hash = audit_entry_hash(head.last_id + 1, forged, head.hash);
  store.reset();
  tamper(
      "INSERT INTO audit_log (id, at, user_id, municipality, action, object, address, "
      "prev_hash, hash) VALUES (" +
      std::to_string(head.last_id + 1) + ", " + std::to_string(to_unix(forged.at)) +
      ", 4, '2081', 'report.read', 'report/4', '10.0.0.1', '" + head.hash + "', '" + hash + "')");
  store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.bad_id, head.last_id + 1);
  EXPECT_NE(v.problem.find("comes after the recorded head"), std::string::npos) << v.problem;
}

TEST_P(AuditChainTest, ConcurrentStoresOnOneDatabaseNeverForkTheChain) {
  // Three stores stand for three processes (each has its own connections); each has writers on
  // several threads, logging alone and inside write transactions.
  constexpr int kStores = 3, kThreadsPerStore = 3, kEach = 150;
  std::vector<std::unique_ptr<Store>> stores;
  for (int s = 0; s < kStores; ++s) stores.push_back(open_store(db_->url()));
  std::vector<std::thread> threads;
  for (int s = 0; s < kStores; ++s) {
    for (int t = 0; t < kThreadsPerStore; ++t) {
      threads.emplace_back([&, s, t] {
        for (int i = 0; i < kEach; ++i) {
          const AuditEntry e = entry((s * kThreadsPerStore + t) * kEach + i);
          if (i % 10 == 0) {
            stores[s]->transaction([&] { stores[s]->audit(e); });
          } else {
            stores[s]->audit(e);
          }
        }
        stores[s]->transaction([] {});
      });
    }
  }
  // Verifying while they write finds nothing wrong: entries appended during the walk chain on.
  std::atomic<bool> writing{true};
  std::atomic<int> verified{0};
  std::thread verifier([&] {
    auto reader = open_store(db_->url());
    do {
      const auto v = verify_audit_chain(*reader);
      EXPECT_TRUE(v.ok()) << v.problem;
      ++verified;
    } while (writing);
  });
  for (auto& th : threads) th.join();
  writing = false;
  verifier.join();
  EXPECT_GT(verified.load(), 0);
  stores.clear();  // each writes what it still buffers
  auto store = open_store(db_->url());
  const auto v = verify_audit_chain(*store);
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.entries, kStores * kThreadsPerStore * kEach);
  EXPECT_EQ(db_->count("SELECT count(DISTINCT prev_hash) FROM audit_log"),
            kStores * kThreadsPerStore * kEach);
}

// A database of schema version 4 with entries logged before the chain existed.
void create_version_4_with_entries(const std::string& engine, const std::string& url, int n) {
  std::string sql;
  for (int i = 1; i <= n; ++i) {
    sql += "INSERT INTO audit_log (at, user_id, municipality, action, object, address) VALUES (" +
           std::to_string(1'600'000'000 + i) +
           ", NULL, '2081', 'reports.list', 'reports?week=" + std::to_string(i) + "', 'cli');";
  }
  if (engine == "sqlite") {
    SQLite::Database db(url, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (int v = 0; v < 4; ++v) db.exec(std::string(sqlite_migrations()[v]));
    db.exec("PRAGMA user_version=4");
    db.exec(sql);
    return;
  }
  test_support::pg_scalar(
      url,
      "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  for (int v = 0; v < 4; ++v) {
    test_support::pg_scalar(url, std::string(postgres_migrations()[v]));
    test_support::pg_scalar(
        url, "INSERT INTO schema_migration VALUES (" + std::to_string(v + 1) + ", 0)");
  }
  test_support::pg_scalar(url, sql);
}

TEST_P(AuditChainTest, EntriesLoggedBeforeTheChainAreChainedOnceAtTheUpgrade) {
  create_version_4_with_entries(GetParam(), db_->url(), 4);
  auto store = open_store(db_->url());
  EXPECT_EQ(store->schema_version(), static_cast<int>(sqlite_migrations().size()));
  auto v = verify_audit_chain(*store);
  EXPECT_TRUE(v.ok()) << v.problem;
  EXPECT_EQ(v.entries, 4);
  store->audit(entry(1));
  store->transaction([] {});
  store.reset();
  // A row inserted later without a hash is not chained by the next open: verify reports it.
  tamper(
      "INSERT INTO audit_log (id, at, municipality, action, object) "
      "VALUES (100, 1700000000, '2081', 'report.read', 'report/7')");
  store = open_store(db_->url());
  v = verify_audit_chain(*store);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.entries, 5);
  EXPECT_NE(v.problem.find("no hash"), std::string::npos) << v.problem;
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditChainTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lagesbild

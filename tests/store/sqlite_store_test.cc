#include "store/sqlite_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <thread>

namespace lagesbild {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lb-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = open_store((dir_ / "t.db").string());
    store_->put_municipality({"2081", "Borlänge", 14, ""});
    org_ = store_->insert_organisation({0, "2081", "Polisen", "police"});
    other_org_ = store_->insert_organisation({0, "2081", "Tunabyggen", "housing"});
    cat_ = store_->insert_category({0, "2081", "skadegorelse", "Skadegörelse", std::nullopt, true});
    sub_ = store_->insert_category({0, "2081", "skadegorelse.klotter", "Klotter", cat_, true});
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  Report report(int hour, std::string external_id = "") {
    Report r;
    r.municipality = "2081";
    r.organisation_id = org_;
    r.category_id = sub_;
    r.occurred_from = from_unix(1'700'000'000 + hour * 3600);
    r.location = Location{60.48, 15.43, 525000, 6707000};
    r.source = external_id.empty() ? Source::form : Source::csv;
    r.external_id = std::move(external_id);
    r.created_at = from_unix(1'700'000'000);
    return r;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  Id org_ = 0, other_org_ = 0, cat_ = 0, sub_ = 0;
};

TEST_F(SqliteStoreTest, NewDatabaseIsMigratedToTheLatestSchema) {
  EXPECT_EQ(store_->schema_version(), 2);
  // Reopening does not migrate again and keeps the data.
  store_.reset();
  store_ = open_store((dir_ / "t.db").string());
  EXPECT_EQ(store_->schema_version(), 2);
  EXPECT_EQ(store_->organisations("2081").size(), 2u);
}

TEST_F(SqliteStoreTest, DuplicateNamesAreConflicts) {
  EXPECT_THROW(store_->insert_organisation({0, "2081", "Polisen", ""}), ConflictError);
  EXPECT_THROW(store_->insert_category({0, "2081", "skadegorelse", "X", std::nullopt, true}),
               ConflictError);
  // The same name in another municipality is fine.
  store_->put_municipality({"0490", "Borås", 7, ""});
  EXPECT_NO_THROW(store_->insert_organisation({0, "0490", "Polisen", ""}));
}

TEST_F(SqliteStoreTest, ReportsRoundTripFieldByField) {
  Report r = report(1, "row-1");
  r.occurred_to = r.occurred_from + std::chrono::hours{4};
  r.count = 3;
  r.severity = 2;
  r.description = "Klotter på väggen, \"tag\"";
  auto res = store_->insert_reports(std::span(&r, 1));
  ASSERT_EQ(res.inserted, 1u);
  auto back = store_->report(res.ids[0]);
  ASSERT_TRUE(back);
  r.id = res.ids[0];
  EXPECT_EQ(back->occurred_to, r.occurred_to);
  EXPECT_EQ(back->location, r.location);
  EXPECT_EQ(back->description, r.description);
  EXPECT_EQ(back->external_id, "row-1");
  EXPECT_EQ(back->source, Source::csv);
  EXPECT_EQ(back->count, 3);
  EXPECT_EQ(back->severity, 2);
  EXPECT_FALSE(store_->report(res.ids[0] + 100));
}

TEST_F(SqliteStoreTest, ReimportingTheSameExternalIdsAddsNothing) {
  std::vector<Report> rows{report(1, "a"), report(2, "b"), report(3)};
  auto first = store_->insert_reports(rows);
  EXPECT_EQ(first.inserted, 3u);
  auto second = store_->insert_reports(rows);
  EXPECT_EQ(second.inserted, 1u);  // the row without an external id is new each time
  EXPECT_EQ(second.duplicates, 2u);
  EXPECT_EQ(second.ids[0], first.ids[0]);
  EXPECT_EQ(second.ids[1], first.ids[1]);
  // The same external id from another organisation is a different report.
  Report other = report(1, "a");
  other.organisation_id = other_org_;
  EXPECT_EQ(store_->insert_reports(std::span(&other, 1)).inserted, 1u);
}

TEST_F(SqliteStoreTest, AFailingBatchStoresNothing) {
  std::vector<Report> rows{report(1, "x"), report(2, "y")};
  rows[1].category_id = 9999;  // violates the foreign key
  EXPECT_THROW(store_->insert_reports(rows), StoreError);
  ReportQuery q;
  q.municipality = "2081";
  EXPECT_TRUE(store_->query_reports(q).empty());
}

// Hands out `rows` in batches of `size`, as an import does.
std::function<bool(std::vector<Report>&)> batches(const std::vector<Report>& rows,
                                                  std::size_t size) {
  auto pos = std::make_shared<std::size_t>(0);
  return [&rows, size, pos](std::vector<Report>& out) {
    const std::size_t end = std::min(rows.size(), *pos + size);
    out.assign(rows.begin() + static_cast<std::ptrdiff_t>(*pos),
               rows.begin() + static_cast<std::ptrdiff_t>(end));
    *pos = end;
    return end < rows.size();
  };
}

std::size_t count_reports(Store& store) {
  ReportQuery q;
  q.municipality = "2081";
  q.limit = 1'000'000;
  return store.query_reports(q).size();
}

TEST_F(SqliteStoreTest, StreamStoresEveryBatchWithIdsInInputOrder) {
  std::vector<Report> rows;
  for (int i = 0; i < 250; ++i) rows.push_back(report((i * 7919) % 250, "s" + std::to_string(i)));
  const auto result = store_->insert_report_stream(batches(rows, 64));
  EXPECT_EQ(result.inserted, 250u);
  EXPECT_EQ(result.duplicates, 0u);
  ASSERT_EQ(result.ids.size(), 250u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto back = store_->report(result.ids[i]);
    ASSERT_TRUE(back) << i;
    EXPECT_EQ(back->external_id, rows[i].external_id);
    EXPECT_EQ(back->occurred_from, rows[i].occurred_from);
  }
  // Again: nothing new, and every id points at the row already stored.
  const auto again = store_->insert_report_stream(batches(rows, 100));
  EXPECT_EQ(again.inserted, 0u);
  EXPECT_EQ(again.duplicates, 250u);
  EXPECT_EQ(again.ids, result.ids);
  EXPECT_EQ(count_reports(*store_), 250u);
}

TEST_F(SqliteStoreTest, StreamStoresNothingWhenTheProducerThrows) {
  std::vector<Report> rows;
  for (int i = 0; i < 100; ++i) rows.push_back(report(i, "p" + std::to_string(i)));
  auto first = batches(rows, 30);
  int calls = 0;
  EXPECT_THROW(store_->insert_report_stream([&](std::vector<Report>& out) {
    if (++calls == 3) throw std::runtime_error("row 70 is bad");
    return first(out);
  }),
               std::runtime_error);
  EXPECT_EQ(count_reports(*store_), 0u);
  // The store is usable afterwards, by both write paths.
  Report r = report(1);
  EXPECT_EQ(store_->insert_reports(std::span(&r, 1)).inserted, 1u);
  EXPECT_EQ(store_->insert_report_stream(batches(rows, 30)).inserted, 100u);
}

TEST_F(SqliteStoreTest, StreamRejectsReferencesOutsideTheMunicipality) {
  store_->put_municipality({"2080", "Falun", 20, ""});
  const Id falun_cat = store_->insert_category({0, "2080", "brand", "Brand", std::nullopt, true});
  const Id falun_org = store_->insert_organisation({0, "2080", "Polisen", "police"});
  for (auto spoil : std::vector<std::function<void(Report&)>>{
           [&](Report& r) { r.category_id = falun_cat; },
           [&](Report& r) { r.organisation_id = falun_org; },
           [&](Report& r) { r.category_id = 9999; }, [&](Report& r) { r.area_id = 9999; },
           [&](Report& r) { r.reporter_id = 9999; }}) {
    std::vector<Report> rows{report(1, "a"), report(2, "b"), report(3, "c")};
    spoil(rows[2]);
    EXPECT_THROW(store_->insert_report_stream(batches(rows, 2)), ConflictError);
    EXPECT_EQ(count_reports(*store_), 0u);
  }
}

// Past 100,000 rows a stream into a small table builds its time index at the end; the index must
// be there after the commit and after a rollback alike.
TEST_F(SqliteStoreTest, LargeStreamKeepsTheTimeIndex) {
  const auto has_time_index = [&] {
    SQLite::Database db((dir_ / "t.db").string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'report_time'")
               .getInt() == 1;
  };
  std::vector<Report> rows;
  for (int i = 0; i < 150'000; ++i)
    rows.push_back(report((i * 7919) % 100'000, "L" + std::to_string(i)));
  auto fail_late = batches(rows, 20'000);
  int calls = 0;
  EXPECT_THROW(store_->insert_report_stream([&](std::vector<Report>& out) {
    if (++calls == 8) throw std::runtime_error("late failure");
    return fail_late(out);
  }),
               std::runtime_error);
  EXPECT_TRUE(has_time_index());
  EXPECT_EQ(count_reports(*store_), 0u);

  EXPECT_EQ(store_->insert_report_stream(batches(rows, 20'000)).inserted, 150'000u);
  EXPECT_TRUE(has_time_index());
  ReportQuery q;
  q.municipality = "2081";
  q.from = from_unix(1'700'000'000 + 500 * 3600);
  q.to = from_unix(1'700'000'000 + 510 * 3600);
  q.limit = 1000;
  // Hours 500..509 each hold the rows i with (i * 7919) % 100000 == hour: one or two each.
  std::size_t expected = 0;
  for (int i = 0; i < 150'000; ++i)
    expected += ((i * 7919) % 100'000 >= 500 && (i * 7919) % 100'000 < 510);
  EXPECT_EQ(store_->query_reports(q).size(), expected);
}

TEST_F(SqliteStoreTest, QueryFiltersByOverlapAndPagesNewestFirst) {
  std::vector<Report> rows;
  for (int h = 0; h < 50; ++h) rows.push_back(report(h));
  rows[10].occurred_to = rows[10].occurred_from + std::chrono::hours{30};  // reaches hour 40
  rows[20].organisation_id = other_org_;
  rows[21].category_id = cat_;
  store_->insert_reports(rows);

  ReportQuery q;
  q.municipality = "2081";
  q.from = from_unix(1'700'000'000 + 35 * 3600);
  q.to = from_unix(1'700'000'000 + 40 * 3600);
  auto got = store_->query_reports(q);
  ASSERT_EQ(got.size(), 6u);  // hours 35..39 and the interval starting at hour 10
  EXPECT_EQ(got.back().occurred_from, rows[10].occurred_from);

  ReportQuery by_org;
  by_org.municipality = "2081";
  by_org.organisation_ids = {other_org_};
  ASSERT_EQ(store_->query_reports(by_org).size(), 1u);

  ReportQuery by_cat;
  by_cat.municipality = "2081";
  by_cat.category_ids = {cat_};
  ASSERT_EQ(store_->query_reports(by_cat).size(), 1u);

  ReportQuery page;
  page.municipality = "2081";
  page.limit = 20;
  std::vector<Id> seen;
  for (;;) {
    auto chunk = store_->query_reports(page);
    for (const auto& r : chunk) seen.push_back(r.id);
    if (chunk.size() < 20u) break;
    page.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
  }
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_EQ(std::set<Id>(seen.begin(), seen.end()).size(), 50u);
}

TEST_F(SqliteStoreTest, ConcurrentWritersAreAllCommitted) {
  constexpr int kThreads = 8, kPerThread = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Report r = report(i, "t" + std::to_string(t) + "-" + std::to_string(i));
        auto res = store_->insert_reports(std::span(&r, 1));
        ASSERT_EQ(res.inserted, 1u);
      }
    });
  }
  for (auto& t : threads) t.join();
  ReportQuery q;
  q.municipality = "2081";
  q.limit = 100000;
  EXPECT_EQ(store_->query_reports(q).size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST_F(SqliteStoreTest, TransactionRollsBackEverythingOnError) {
  EXPECT_THROW(store_->transaction([&] {
    store_->insert_organisation({0, "2081", "Keolis", "transport"});
    Report r = report(1);
    store_->insert_reports(std::span(&r, 1));
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  EXPECT_EQ(store_->organisations("2081").size(), 2u);
  ReportQuery q;
  q.municipality = "2081";
  EXPECT_TRUE(store_->query_reports(q).empty());
}

TEST_F(SqliteStoreTest, UsersGrantsAndSessions) {
  User u{0, "anna", "Anna A", "hash", false, {{"2081", Role::reporter, org_}}};
  const Id id = store_->insert_user(u);
  EXPECT_THROW(store_->insert_user(u), ConflictError);
  auto back = store_->user_by_name("anna");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->grants, u.grants);
  store_->insert_session({"h1", id, now_utc(), now_utc() + std::chrono::hours{1}});
  EXPECT_TRUE(store_->session("h1"));
  back->disabled = true;
  EXPECT_TRUE(store_->update_user(*back));
  EXPECT_FALSE(store_->session("h1")) << "disabling a user ends their sessions";
}

TEST_F(SqliteStoreTest, RemovingAReferencedCategoryIsAConflict) {
  Report r = report(1);
  store_->insert_reports(std::span(&r, 1));
  EXPECT_THROW(store_->remove_category("2081", sub_), ConflictError);
  EXPECT_FALSE(store_->remove_category("0000", sub_)) << "wrong municipality removes nothing";
}

TEST_F(SqliteStoreTest, AuditEntriesAreKept) {
  store_->audit({now_utc(), std::nullopt, "2081", "reports.list", "reports", "127.0.0.1"});
  auto entries = store_->audit_entries(10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "reports.list");
}

// Reads are logged without waiting for the disk; the entries still reach it on their own.
TEST_F(SqliteStoreTest, AuditEntriesReachTheDiskWithoutAWrite) {
  store_->audit({now_utc(), std::nullopt, "2081", "reports.list", "reports", "127.0.0.1"});
  SQLite::Database other((dir_ / "t.db").string(), SQLite::OPEN_READONLY);
  int found = 0;
  for (int i = 0; i < 100 && found == 0; ++i) {  // within 10 s; the flusher's interval is 0.5 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    found = other.execAndGet("SELECT count(*) FROM audit_log").getInt();
  }
  EXPECT_EQ(found, 1);
}

TEST_F(SqliteStoreTest, ClosingTheStoreWritesEveryAuditEntry) {
  constexpr int kThreads = 4, kEach = 5'000;  // past the flush threshold many times over
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        store_->audit(
            {now_utc(), std::nullopt, "2081", "reports.get", "report/" + std::to_string(i), ""});
      }
    });
  }
  for (auto& t : threads) t.join();
  store_.reset();
  SQLite::Database other((dir_ / "t.db").string(), SQLite::OPEN_READONLY);
  EXPECT_EQ(other.execAndGet("SELECT count(*) FROM audit_log").getInt(), kThreads * kEach);
}

TEST(OpenStore, PostgresUrlIsNotYetSupportedAndSaysSo) {
  EXPECT_THROW(open_store("postgresql://localhost/x"), StoreError);
}

constexpr const char* kSquare =
    R"({"type":"Polygon","coordinates":[[[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]]]})";

TEST_F(SqliteStoreTest, TheSituationNotesAreKeptAndScopedToTheirMunicipality) {
  store_->put_municipality({"0490", "Alingsås", 7, ""});
  const Id other_area = store_->insert_area({0, "0490", "Noltorp", "", kSquare});
  const Id area = store_->insert_area({0, "2081", "Tjärna Ängar", "", kSquare});

  Assessment a{0, "2081", "2026-W47", 0, "Lugnt.", "", 0, from_unix(1'800'000'000)};
  EXPECT_EQ(store_->insert_assessment(a).version, 1);
  a.text = "Oroligt.";
  const Assessment second = store_->insert_assessment(a);
  EXPECT_EQ(second.version, 2);
  a.municipality = "0490";
  EXPECT_EQ(store_->insert_assessment(a).version, 1) << "versions count per municipality";
  const auto versions = store_->assessments("2081", "2026-W47");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].text, "Oroligt.");
  EXPECT_EQ(versions[0].id, second.id);
  EXPECT_EQ(versions[0].created_at, from_unix(1'800'000'000));

  AreaStatusChange st{0, "2081", area, AreaStatus::orange, 20'000, "note", 0, from_unix(1)};
  store_->insert_area_status(st);
  st.area_id = other_area;
  EXPECT_THROW(store_->insert_area_status(st), ConflictError) << "another municipality's area";
  const auto statuses = store_->area_statuses("2081");
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].status, AreaStatus::orange);
  EXPECT_EQ(statuses[0].from_day, 20'000);

  NothingToReport n{0, "2081", org_, std::nullopt, 20'000, 20'007, 0, from_unix(1)};
  const Id first = store_->insert_nothing_to_report(n);
  EXPECT_EQ(store_->insert_nothing_to_report(n), first) << "idempotent";
  n.area_id = area;
  EXPECT_NE(store_->insert_nothing_to_report(n), first);
  n.area_id = other_area;
  EXPECT_THROW(store_->insert_nothing_to_report(n), ConflictError);
  EXPECT_EQ(store_->nothing_to_report("2081", 20'006, 20'010).size(), 2u);
  EXPECT_EQ(store_->nothing_to_report("2081", 20'007, 20'010).size(), 0u) << "end is exclusive";
  EXPECT_EQ(store_->nothing_to_report("2081", 19'990, 20'000).size(), 0u);
}

}  // namespace
}  // namespace lagesbild

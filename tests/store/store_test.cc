#include "store/store.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <set>
#include <thread>

#include "store/schema.h"
#include "test_engine.h"

namespace lagesbild {
namespace {

// Every test runs on each engine: the Store contract is the same on SQLite and PostgreSQL.
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test_support::TestDatabase>(GetParam());
    if (!db_->available()) {
      if (test_support::postgres_required()) FAIL() << "LB_TEST_PG_URL is not set";
      GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
    }
    store_ = open_store(db_->url());
    store_->put_municipality({"2081", "Borlänge", 14, ""});
    org_ = store_->insert_organisation({0, "2081", "Polisen", "police"});
    other_org_ = store_->insert_organisation({0, "2081", "Tunabyggen", "housing"});
    cat_ = store_->insert_category({0, "2081", "skadegorelse", "Skadegörelse", std::nullopt, true});
    sub_ = store_->insert_category({0, "2081", "skadegorelse.klotter", "Klotter", cat_, true});
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
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

  std::unique_ptr<test_support::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  Id org_ = 0, other_org_ = 0, cat_ = 0, sub_ = 0;
};

TEST_P(StoreTest, NewDatabaseIsMigratedToTheLatestSchema) {
  // Both engines know the same migrations (appended by features as they come).
  const int latest = static_cast<int>(sqlite_migrations().size());
  ASSERT_EQ(postgres_migrations().size(), sqlite_migrations().size());
  EXPECT_EQ(store_->schema_version(), latest);
  // Reopening does not migrate again and keeps the data.
  store_.reset();
  store_ = open_store(db_->url());
  EXPECT_EQ(store_->schema_version(), latest);
  EXPECT_EQ(store_->organisations("2081").size(), 2u);
}

TEST_P(StoreTest, DuplicateNamesAreConflicts) {
  EXPECT_THROW(store_->insert_organisation({0, "2081", "Polisen", ""}), ConflictError);
  EXPECT_THROW(store_->insert_category({0, "2081", "skadegorelse", "X", std::nullopt, true}),
               ConflictError);
  // The same name in another municipality is fine.
  store_->put_municipality({"0490", "Borås", 7, ""});
  EXPECT_NO_THROW(store_->insert_organisation({0, "0490", "Polisen", ""}));
}

TEST_P(StoreTest, ReportsRoundTripFieldByField) {
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

TEST_P(StoreTest, ReimportingTheSameExternalIdsAddsNothing) {
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

TEST_P(StoreTest, AFailingBatchStoresNothing) {
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

// A large batch takes another path than a small one in some engines (PostgreSQL stages it with
// COPY): the first of two rows with the same external id is stored, the second is its duplicate.
TEST_P(StoreTest, ALargeBatchWithARepeatedExternalIdStoresTheFirst) {
  std::vector<Report> rows;
  for (int i = 0; i < 40; ++i) rows.push_back(report(i, "big-" + std::to_string(i)));
  rows[39].external_id = "big-0";
  rows[39].description = "the second";
  rows[20].external_id.clear();
  rows[20].source = Source::form;
  const auto result = store_->insert_reports(rows);
  EXPECT_EQ(result.inserted, 39u);
  EXPECT_EQ(result.duplicates, 1u);
  ASSERT_EQ(result.ids.size(), 40u);
  EXPECT_EQ(result.ids[39], result.ids[0]);
  EXPECT_EQ(std::set<Id>(result.ids.begin(), result.ids.end()).size(), 39u);
  for (std::size_t i = 0; i < 39; ++i) {
    const auto back = store_->report(result.ids[i]);
    ASSERT_TRUE(back) << i;
    EXPECT_EQ(back->occurred_from, rows[i].occurred_from) << i;
    EXPECT_EQ(back->description, "") << i;
  }
  const auto again = store_->insert_reports(rows);
  EXPECT_EQ(again.inserted, 1u) << "only the row without an external id";
  EXPECT_EQ(again.duplicates, 39u);
  EXPECT_EQ(again.ids[39], result.ids[0]);
}

// Text goes through every write path unchanged, whatever it holds.
TEST_P(StoreTest, TextWithTabsNewlinesAndBackslashesRoundTrips) {
  const std::string text = "rad 1\tinte en tabb\n\\N\t\"citat\"\r\nÅÄÖ åäö \\ slut\t";
  std::vector<Report> rows;
  for (int i = 0; i < 40; ++i) rows.push_back(report(i, "t" + std::to_string(i)));
  for (Report& r : rows) r.description = text;
  rows[1].external_id = "tab\there\\N";
  const auto small = store_->insert_reports(std::span(rows.data(), 1));
  const auto large = store_->insert_reports(rows);
  for (auto& r : rows) r.external_id += "-stream";
  const auto streamed = store_->insert_report_stream(batches(rows, 16));
  EXPECT_EQ(store_->report(small.ids[0])->description, text);
  EXPECT_EQ(store_->report(large.ids[39])->description, text);
  EXPECT_EQ(store_->report(large.ids[1])->external_id, "tab\there\\N");
  EXPECT_EQ(store_->report(streamed.ids[39])->description, text);
  EXPECT_EQ(store_->report(streamed.ids[1])->external_id, "tab\there\\N-stream");
}

// A write that fails inside transaction() undoes itself only: the caller may carry on, and the
// rest of the transaction commits.
TEST_P(StoreTest, AFailedWriteInsideATransactionUndoesOnlyItself) {
  store_->transaction([&] {
    store_->insert_organisation({0, "2081", "Keolis", "transport"});
    EXPECT_THROW(store_->insert_organisation({0, "2081", "Polisen", ""}), ConflictError);
    Report r = report(1);
    EXPECT_EQ(store_->insert_reports(std::span(&r, 1)).inserted, 1u);
  });
  EXPECT_EQ(store_->organisations("2081").size(), 3u);
  EXPECT_EQ(count_reports(*store_), 1u);
}

TEST_P(StoreTest, StreamStoresEveryBatchWithIdsInInputOrder) {
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

TEST_P(StoreTest, StreamStoresNothingWhenTheProducerThrows) {
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

TEST_P(StoreTest, StreamRejectsReferencesOutsideTheMunicipality) {
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
TEST_P(StoreTest, LargeStreamKeepsTheTimeIndex) {
  const auto has_time_index = [&] { return db_->has_index("report_time"); };
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

TEST_P(StoreTest, QueryFiltersByOverlapAndPagesNewestFirst) {
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

TEST_P(StoreTest, ConcurrentWritersAreAllCommitted) {
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

TEST_P(StoreTest, TransactionRollsBackEverythingOnError) {
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

TEST_P(StoreTest, UsersGrantsAndSessions) {
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

TEST_P(StoreTest, RemovingAReferencedCategoryIsAConflict) {
  Report r = report(1);
  store_->insert_reports(std::span(&r, 1));
  EXPECT_THROW(store_->remove_category("2081", sub_), ConflictError);
  EXPECT_FALSE(store_->remove_category("0000", sub_)) << "wrong municipality removes nothing";
}

TEST_P(StoreTest, AuditEntriesAreKept) {
  store_->audit({now_utc(), std::nullopt, "2081", "reports.list", "reports", "127.0.0.1"});
  auto entries = store_->audit_entries(10);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "reports.list");
}

// Reads are logged without waiting for the disk; the entries still reach it on their own.
TEST_P(StoreTest, AuditEntriesReachTheDiskWithoutAWrite) {
  store_->audit({now_utc(), std::nullopt, "2081", "reports.list", "reports", "127.0.0.1"});
  long long found = 0;
  for (int i = 0; i < 100 && found == 0; ++i) {  // within 10 s; the flusher's interval is 0.5 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    found = db_->count("SELECT count(*) FROM audit_log");
  }
  EXPECT_EQ(found, 1);
}

TEST_P(StoreTest, ClosingTheStoreWritesEveryAuditEntry) {
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
  EXPECT_EQ(db_->count("SELECT count(*) FROM audit_log"), kThreads * kEach);
}

TEST(OpenStore, AnUnreachableServerOrNoPathIsAStoreError) {
  EXPECT_THROW(open_store("postgresql://127.0.0.1:1/x?connect_timeout=2"), StoreError);
  EXPECT_THROW(open_store("sqlite:"), StoreError);
}

constexpr const char* kSquare =
    R"({"type":"Polygon","coordinates":[[[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]]]})";

TEST_P(StoreTest, TheSituationNotesAreKeptAndScopedToTheirMunicipality) {
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

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lagesbild

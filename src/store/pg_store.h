// The server engine: PostgreSQL 15 through libpq, behind the same Store contract as SqliteStore.
//
// Durability: every connection runs with synchronous_commit on, so a commit returns after its WAL
// record is flushed. Concurrent insert_reports callers are committed together (group commit), as
// in the SQLite engine: one WAL flush for many reports, each caller's rows in its own savepoint.
//
// Concurrency: one writer connection guarded by a mutex, a bounded pool of reader connections
// (read-only, autocommit) opened on demand, and a bulk connection for insert_report_stream, which
// stages rows with COPY into a temporary table and inserts them with one INSERT ... SELECT, so an
// import does not hold up other writers. Times are BIGINT unix seconds and ids BIGINT identities,
// the same representation as SQLite's. A connection the server closed is opened again on its next
// use. Inside transaction(), each write method and each nested transaction() runs in a savepoint,
// so a failed statement undoes only itself, as a failed statement does in SQLite.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "store/store.h"

namespace lagesbild {

namespace pg {
class Connection;
}

class PgStore final : public Store {
 public:
  // Connects to a postgresql:// URL (libpq's syntax) and applies pending migrations. Throws
  // StoreError.
  explicit PgStore(const std::string& url);
  ~PgStore() override;

  std::string describe() const override;
  int schema_version() override;

  std::vector<Municipality> municipalities() override;
  std::optional<Municipality> municipality(const std::string& code) override;
  void put_municipality(const Municipality& m) override;
  PersonalDataPolicy personal_data_policy(const std::string& municipality) override;
  bool set_personal_data_policy(const std::string& municipality,
                                PersonalDataPolicy policy) override;
  std::optional<RetentionSettings> retention_settings(const std::string& municipality) override;
  bool set_retention_settings(const std::string& municipality,
                              const RetentionSettings& settings) override;
  RetentionCounts apply_retention(const RetentionCut& cut) override;

  std::vector<Organisation> organisations(const std::string& municipality) override;
  Id insert_organisation(const Organisation& o) override;
  bool update_organisation(const Organisation& o) override;
  bool remove_organisation(const std::string& municipality, Id id) override;

  std::vector<Category> categories(const std::string& municipality) override;
  Id insert_category(const Category& c) override;
  bool update_category(const Category& c) override;
  bool remove_category(const std::string& municipality, Id id) override;

  std::vector<Area> areas(const std::string& municipality) override;
  Id insert_area(const Area& a) override;
  bool update_area(const Area& a) override;
  bool remove_area(const std::string& municipality, Id id) override;

  std::vector<Place> places(const std::string& municipality) override;
  Id insert_place(const Place& p) override;
  bool update_place(const Place& p) override;
  bool remove_place(const std::string& municipality, Id id) override;

  InsertResult insert_reports(std::span<const Report> reports) override;
  InsertResult insert_report_stream(const std::function<bool(std::vector<Report>&)>& next) override;
  std::vector<Report> query_reports(const ReportQuery& q) override;
  std::optional<Report> report(Id id) override;
  bool update_report(const Report& r) override;

  Assessment insert_assessment(const Assessment& a) override;
  std::vector<Assessment> assessments(const std::string& municipality,
                                      const std::string& period) override;
  Id insert_area_status(const AreaStatusChange& s) override;
  std::vector<AreaStatusChange> area_statuses(const std::string& municipality) override;
  Id insert_nothing_to_report(const NothingToReport& n) override;
  std::vector<NothingToReport> nothing_to_report(const std::string& municipality, int first_day,
                                                 int end_day) override;

  Id insert_measure(const Measure& m) override;
  bool update_measure(const Measure& m) override;
  bool advance_measure(const std::string& municipality, Id id, MeasureStatus from,
                       const MeasureStep& step) override;
  Id insert_measure_note(const std::string& municipality, Id measure_id,
                         const MeasureNote& n) override;
  std::vector<Measure> measures(const std::string& municipality) override;
  std::optional<Measure> measure(const std::string& municipality, Id id) override;
  Id insert_safety_walk(const SafetyWalk& w) override;
  std::vector<SafetyWalk> safety_walks(const std::string& municipality) override;
  std::optional<SafetyWalk> safety_walk(const std::string& municipality, Id id) override;
  Id insert_walk_observation(const WalkObservation& o) override;
  std::optional<WalkObservation> walk_observation(const std::string& municipality, Id id) override;
  bool update_walk_observation(const WalkObservation& o) override;
  Id insert_citizen_promise(const CitizenPromise& p) override;
  std::vector<CitizenPromise> citizen_promises(const std::string& municipality) override;
  std::size_t put_survey_values(std::span<const SurveyValue> values) override;
  std::vector<SurveyValue> survey_values(const std::string& municipality) override;
  Id insert_promise_activity(const std::string& municipality, const PromiseActivity& a) override;
  bool update_promise_activity(const std::string& municipality, const PromiseActivity& a) override;

  Id insert_forum_group(const ForumGroup& g) override;
  std::vector<ForumGroup> forum_groups(const std::string& municipality) override;
  Id insert_meeting(const Meeting& m) override;
  bool update_meeting(const Meeting& m) override;
  std::vector<Meeting> meetings(const std::string& municipality) override;
  Id insert_decision(const Decision& d) override;
  bool update_decision(const Decision& d) override;
  std::vector<Decision> decisions(const std::string& municipality) override;
  Id insert_agreement(const CollaborationAgreement& a) override;
  std::vector<CollaborationAgreement> agreements(const std::string& municipality) override;
  Id insert_agreement_follow_up(const std::string& municipality,
                                const AgreementFollowUp& f) override;

  std::size_t insert_police_summaries(std::span<const PoliceSummary> summaries) override;
  std::vector<std::string> assessment_periods(const std::string& municipality) override;
  std::vector<PoliceSummary> police_summaries(const std::string& county_code, UtcSeconds from,
                                              UtcSeconds to) override;

  std::optional<User> user_by_name(const std::string& username) override;
  std::optional<User> user(Id id) override;
  std::vector<User> users() override;
  Id insert_user(const User& u) override;
  bool update_user(const User& u) override;
  void insert_session(const Session& s) override;
  std::optional<Session> session(const std::string& token_hash) override;
  void remove_session(const std::string& token_hash) override;

  void audit(const AuditEntry& e) override;
  std::vector<AuditEntry> audit_entries(std::size_t limit) override;
  std::vector<ChainedAuditEntry> audit_chain(Id after_id, std::size_t limit,
                                             bool newest_first) override;
  AuditHead audit_head() override;

  void transaction(const std::function<void()>& fn) override;

 private:
  struct PendingInsert;

  std::unique_ptr<pg::Connection> connect(const char* setup) const;
  // Runs fn with a connection that sees this thread's open transaction, if any.
  template <class Fn>
  auto read(Fn&& fn);
  // read() inside one read-only REPEATABLE READ transaction, so several statements agree.
  template <class Fn>
  auto read_snapshot(Fn&& fn);
  // Runs fn on the writer: alone, or inside this thread's transaction in a savepoint. Engine
  // errors become StoreError / ConflictError naming `what`.
  template <class Fn>
  auto write(const std::string& what, Fn&& fn);
  // Runs fn inside this thread's transaction in a savepoint: on a throw only fn's changes are
  // undone.
  template <class Fn>
  auto in_savepoint(Fn&& fn);
  bool in_own_transaction() const;
  void migrate();
  // Inserts on `c` inside its open transaction; ids go to result.ids in input order.
  void insert_reports_on(pg::Connection& c, std::span<const Report> reports, InsertResult& result);
  void group_commit(std::deque<PendingInsert*>& batch);
  void commit_with_audit(pg::Connection& c);
  void chain_logged_before_the_chain();
  void audit_flusher();

  std::string url_;
  std::string description_;
  std::unique_ptr<pg::Connection> writer_;
  std::mutex write_mu_;
  std::atomic<std::thread::id> tx_owner_{};

  // insert_report_stream's connection, opened on first use.
  std::mutex bulk_mu_;
  std::unique_ptr<pg::Connection> bulk_;

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<pg::Connection>> idle_readers_;
  std::size_t open_readers_ = 0;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<PendingInsert*> queue_;

  std::mutex audit_mu_;
  std::condition_variable audit_cv_;      // the buffer filled or drained, or stopping
  std::vector<AuditEntry> audit_buffer_;  // not yet committed, oldest first
  bool audit_stopping_ = false;
  // Held from taking buffered entries to removing them after the commit: the writer and the bulk
  // connection both commit the buffer, and an entry must be written once.
  std::mutex audit_commit_mu_;
  std::thread audit_flusher_;  // started last in the constructor
};

}  // namespace lagesbild

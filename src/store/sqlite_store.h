// The embedded engine: one SQLite file in WAL mode.
//
// Durability: journal_mode=WAL with synchronous=FULL. In WAL mode synchronous=NORMAL only syncs at
// checkpoints, so a commit acknowledged just before a power cut can be lost; FULL fsyncs the WAL
// at every commit, which is what "an acknowledged write survives power loss" needs. The cost is
// paid once per group commit (see insert_reports), not once per report.
//
// Concurrency: one writer connection guarded by a mutex; a pool of reader connections, so reads
// never wait for writes (WAL snapshot isolation). Concurrent insert_reports callers queue up and
// the first in line commits everyone's rows in one transaction (the LevelDB write-batch pattern),
// each caller's rows in its own savepoint so one caller's failure does not fail the others.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "store/store.h"

namespace lagesbild {

class SqliteStore final : public Store {
 public:
  // Opens or creates the file and applies pending migrations. Throws StoreError.
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;

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
  std::vector<ReportFact> query_report_facts(const ReportQuery& q) override;
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

  // A connection and its statement cache; public only so file-local helpers can take it.
  struct Conn;

 private:
  struct PendingInsert;
  class WriteLock;

  std::unique_ptr<Conn> open_reader() const;
  // Runs fn with a connection that sees this thread's open transaction, if any.
  template <class Fn>
  auto read(Fn&& fn);
  // read() inside one read transaction, so several statements see the same data.
  template <class Fn>
  auto read_snapshot(Fn&& fn);
  bool in_own_transaction() const;
  void migrate();
  // Inserts on `c` inside its open transaction; ids go to result.ids in input order. `by_time`
  // writes the rows in occurred_from order (their new ids follow that order), see time_order.
  void insert_reports_locked(Conn& c, std::span<const Report> reports, InsertResult& result,
                             bool by_time);
  Id existing_report_id(Conn& c, const Report& r);
  std::vector<std::string> drop_deferrable_indexes(Conn& c);
  void check_references(Conn& c, std::span<const Report> reports,
                        std::set<std::tuple<int, Id, std::string>>& verified);
  void commit_with_audit(Conn& c);
  void chain_audit_entries(Conn& c, const std::vector<AuditEntry>& entries);
  void chain_logged_before_the_chain();
  void audit_flusher();
  void group_commit(std::deque<PendingInsert*>& batch);

  std::string path_;
  std::unique_ptr<Conn> writer_;
  // A second write connection for insert_report_stream, without per-row foreign-key checks
  // (see check_references). Guarded by write_mu_ like writer_; opened on first use.
  std::unique_ptr<Conn> bulk_;
  std::mutex write_mu_;
  std::atomic<std::thread::id> tx_owner_{};

  mutable std::mutex readers_mu_;
  std::vector<std::unique_ptr<Conn>> idle_readers_;

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<PendingInsert*> queue_;

  std::mutex audit_mu_;
  std::condition_variable audit_cv_;      // the buffer filled or drained, or stopping
  std::vector<AuditEntry> audit_buffer_;  // not yet committed, oldest first
  bool audit_stopping_ = false;
  std::thread audit_flusher_;  // started last in the constructor
};

}  // namespace lagesbild

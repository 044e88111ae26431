// The storage interface: everything the product keeps, in domain terms. No SQL crosses it, so
// the engines stand side by side and callers never know which one they have.
//
// Owns: durability and the schema. May use: domain/. Implementations: SqliteStore (embedded
// default), PgStore (PostgreSQL, the server engine). Thread-safety: a Store is safe for concurrent
// use from many threads without external synchronization. Concurrent insert_reports calls are
// committed together (group commit), and a call returns only after its rows are durable.
//
// Errors: methods throw StoreError for failures of the engine (disk full, corrupt file) and
// ConflictError when a uniqueness rule is broken; input validation happens before the store.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/forum.h"
#include "domain/measure.h"
#include "domain/model.h"
#include "domain/survey.h"

namespace lagesbild {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A uniqueness rule was broken (duplicate name, code, username ...). what() names the rule.
class ConflictError : public StoreError {
 public:
  using StoreError::StoreError;
};

// The database cannot take the change now: the disk is full, the file or the database is
// read-only, or its I/O fails (store/store_errors.h recognises the engines' own errors, too).
// Nothing of the failed transaction is stored; the server answers 503 and works again once the
// cause is gone.
class UnavailableError : public StoreError {
 public:
  using StoreError::StoreError;
};

// What GET /reports asks for. Every set filter narrows the result (AND). Times select reports
// whose interval [occurred_from, occurred_to] overlaps [from, to).
struct ReportQuery {
  std::string municipality;  // required
  std::optional<UtcSeconds> from, to;
  std::vector<Id> area_ids;          // any of
  std::vector<Id> category_ids;      // any of (callers expand sub-categories)
  std::vector<Id> organisation_ids;  // any of
  std::optional<ReportStatus> status;
  // Keyset paging, newest first: results are ordered by (occurred_from DESC, id DESC) and start
  // strictly after the cursor when it is set.
  struct Cursor {
    UtcSeconds occurred_from;
    Id id;
  };
  std::optional<Cursor> after;
  int limit = 100;
};

// A report reduced to what counting needs: no texts, no point. What aggregates over many reports
// read (the lägesbild's baseline periods), at a fraction of a full Report's cost.
struct ReportFact {
  Id id = 0;
  Id organisation_id = 0, category_id = 0;
  std::optional<Id> place_id, area_id;
  UtcSeconds occurred_from{};
  std::optional<UtcSeconds> occurred_to;
  int count = 1, severity = 1;
};

// Reports of one municipality and category code in a time range: their count fields summed.
// What the national view reads (one row per municipality and category with reports).
struct MunicipalityCount {
  std::string municipality;
  std::string category_code;
  double count = 0;
};

// Result of inserting a batch of reports in one transaction.
struct InsertResult {
  std::vector<Id> ids;  // one per input report, in input order; for a duplicate, the existing id
  std::size_t inserted = 0;
  std::size_t duplicates =
      0;  // rows whose (municipality, source, organisation, external_id) existed
};

struct Session {
  std::string token_hash;  // hex of a hash of the opaque token; the token itself is never stored
  Id user_id = 0;
  UtcSeconds created_at{};
  UtcSeconds expires_at{};
};

// One line of the access log: who read or changed what. Append-only.
struct AuditEntry {
  UtcSeconds at{};
  std::optional<Id> user_id;
  std::string municipality;
  std::string action;   // "reports.list", "report.read", "report.review", "area.create" ...
  std::string object;   // "report/42", "reports?from=...", ...
  std::string address;  // client address, or "cli"
};

// A municipality's choice for free text with personal data in it (ingest/personal_data.h): the
// reporter is warned and the report stored, or the report is refused.
enum class PersonalDataPolicy { warn, block };

// How long a municipality keeps reports' free text and exact points (docs/TRUST.md, retention):
// whole months; empty keeps them for ever.
struct RetentionSettings {
  std::optional<int> free_text_months, points_months;
  bool operator==(const RetentionSettings&) const = default;
};

// One retention run in one municipality. What happened before a cut-off loses what it names:
// - free_text_before: reports' descriptions (by occurred_from), the police's summary texts of the
//   municipality (by occurred_at) and the descriptions of done safety-walk observations (by
//   created_at) become empty;
// - points_before: a report's `exact` point (by occurred_from) is removed when the report has an
//   area (precision becomes `area`), or replaced by `municipality_point` (precision
//   `municipality`) when it has none; without a municipality_point such points are left and
//   counted as points_without_area.
// Counts, categories, areas, places and times are kept. Rows already coarsened are not touched,
// so a second run changes nothing.
struct RetentionCut {
  std::string municipality;
  std::optional<UtcSeconds> free_text_before, points_before;
  std::optional<Location> municipality_point;
  bool dry_run = false;  // count what would change, change nothing
};

// What a retention run changed (or, dry, would change).
struct RetentionCounts {
  std::int64_t report_texts = 0;
  std::int64_t report_points_to_area = 0;
  std::int64_t report_points_to_municipality = 0;
  std::int64_t points_without_area = 0;  // exact points left: no area and no municipality point
  std::int64_t police_summary_texts = 0;
  std::int64_t walk_observation_texts = 0;
  bool operator==(const RetentionCounts&) const = default;
};

// An access-log entry as stored: its id and its link in the hash chain (store/audit_chain.h).
// prev_hash and hash are lowercase hex; empty when the row was never chained.
struct ChainedAuditEntry {
  Id id = 0;
  AuditEntry entry;
  std::string prev_hash, hash;
};

// The chain's head, kept apart from the entries so that removing the last entries shows:
// the id and hash of the last chained entry and how many entries the chain holds.
struct AuditHead {
  Id last_id = 0;
  std::string hash;
  std::int64_t entries = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // A short name of the engine and its location, for logs ("sqlite:/path/demo.db").
  virtual std::string describe() const = 0;
  // The schema version after migrations.
  virtual int schema_version() = 0;

  // Municipalities. put_municipality inserts or updates by code.
  virtual std::vector<Municipality> municipalities() = 0;
  virtual std::optional<Municipality> municipality(const std::string& code) = 0;
  virtual void put_municipality(const Municipality& m) = 0;
  // What a report whose free text holds personal data meets in the municipality (docs/TRUST.md).
  // An unknown code reads as warn; setting it there returns false.
  virtual PersonalDataPolicy personal_data_policy(const std::string& municipality) = 0;
  virtual bool set_personal_data_policy(const std::string& municipality,
                                        PersonalDataPolicy policy) = 0;
  // The municipality's retention settings; empty for an unknown code. Setting them for an
  // unknown code returns false.
  virtual std::optional<RetentionSettings> retention_settings(const std::string& municipality) = 0;
  virtual bool set_retention_settings(const std::string& municipality,
                                      const RetentionSettings& settings) = 0;
  // Applies one cut in one transaction (joining the caller's transaction(), so the run and its
  // audit entry commit together); with dry_run only counts. See RetentionCut.
  virtual RetentionCounts apply_retention(const RetentionCut& cut) = 0;

  // Organisations, categories, areas, places: per municipality. insert_* return the new id and
  // throw ConflictError on a duplicate name (code for categories). update_* return false when the
  // id does not exist in that municipality; remove_* likewise, and throw ConflictError when reports
  // still refer to the row.
  virtual std::vector<Organisation> organisations(const std::string& municipality) = 0;
  virtual Id insert_organisation(const Organisation& o) = 0;
  virtual bool update_organisation(const Organisation& o) = 0;
  virtual bool remove_organisation(const std::string& municipality, Id id) = 0;

  virtual std::vector<Category> categories(const std::string& municipality) = 0;
  virtual Id insert_category(const Category& c) = 0;
  virtual bool update_category(const Category& c) = 0;
  virtual bool remove_category(const std::string& municipality, Id id) = 0;

  virtual std::vector<Area> areas(const std::string& municipality) = 0;
  virtual Id insert_area(const Area& a) = 0;
  virtual bool update_area(const Area& a) = 0;
  virtual bool remove_area(const std::string& municipality, Id id) = 0;

  virtual std::vector<Place> places(const std::string& municipality) = 0;
  virtual Id insert_place(const Place& p) = 0;
  virtual bool update_place(const Place& p) = 0;
  virtual bool remove_place(const std::string& municipality, Id id) = 0;

  // Reports. insert_reports stores all rows or none (one transaction); rows whose external_id
  // already exists for the same (municipality, source, organisation) are not stored again and
  // count as duplicates. Returns after the commit is durable.
  virtual InsertResult insert_reports(std::span<const Report> reports) = 0;
  // Stores every report `next` yields, in one transaction: all or none. `next` fills its (cleared)
  // argument with the next batch and returns false after the last one; if `next` or the store
  // throws, nothing is stored. For imports: the caller can produce batch k+1 while batch k is
  // written. References (organisation, category, place, area, reporter) must exist in the
  // report's municipality, else ConflictError.
  virtual InsertResult insert_report_stream(
      const std::function<bool(std::vector<Report>&)>& next) = 0;
  virtual std::vector<Report> query_reports(const ReportQuery& q) = 0;
  // The same selection, order and paging as query_reports, reduced to facts. The default reduces
  // query_reports' rows; an engine overrides it to read only the columns (the lägesbild's
  // baseline reads ten times more rows than it shows).
  virtual std::vector<ReportFact> query_report_facts(const ReportQuery& q) {
    std::vector<ReportFact> out;
    for (const Report& r : query_reports(q)) {
      out.push_back({r.id, r.organisation_id, r.category_id, r.place_id, r.area_id, r.occurred_from,
                     r.occurred_to, r.count, r.severity});
    }
    return out;
  }
  // Reports whose start lies in [from, to), summed per municipality and category code, for
  // every municipality in the database. The default reads each municipality's facts in pages;
  // an engine may answer it with one grouped query.
  virtual std::vector<MunicipalityCount> count_by_municipality(UtcSeconds from, UtcSeconds to);
  virtual std::optional<Report> report(Id id) = 0;
  // Marks a report reviewed/submitted and may change its category, area or place; returns false
  // when the id does not exist.
  virtual bool update_report(const Report& r) = 0;

  // The lägesbild's notes (see domain/model.h).
  // Stores a new version of the period's assessment: its version is 1 + the latest for the same
  // (municipality, period), assigned inside the write; returns the stored row (id, version).
  virtual Assessment insert_assessment(const Assessment& a) = 0;
  // Every version of the period's assessment, newest first.
  virtual std::vector<Assessment> assessments(const std::string& municipality,
                                              const std::string& period) = 0;
  // The periods that have an assessment, in the order of their first version (for copying a
  // municipality to another database).
  virtual std::vector<std::string> assessment_periods(const std::string& municipality) = 0;
  // ConflictError when the area or user does not exist.
  virtual Id insert_area_status(const AreaStatusChange& s) = 0;
  // Every status change of the municipality's areas, oldest first by (from_day, id).
  virtual std::vector<AreaStatusChange> area_statuses(const std::string& municipality) = 0;
  // Idempotent: declaring the same (organisation, area or everywhere, days) again stores nothing
  // and returns the existing id. ConflictError when a reference does not exist.
  virtual Id insert_nothing_to_report(const NothingToReport& n) = 0;
  // The declarations whose days overlap [first_day, end_day), oldest first.
  virtual std::vector<NothingToReport> nothing_to_report(const std::string& municipality,
                                                         int first_day, int end_day) = 0;

  // The measures register (domain/measure.h). A municipality holds hundreds of measures, not
  // millions: readers take them all and filter. Every referenced id (areas, places, categories,
  // organisations) must belong to the measure's municipality, else ConflictError and nothing is
  // stored. insert_measure stores the measure, its lists and its history (at least the first
  // step) and returns the new id.
  virtual Id insert_measure(const Measure& m) = 0;
  // Replaces the fields and lists (not status, history or notes); false when the id does not
  // exist in m.municipality.
  virtual bool update_measure(const Measure& m) = 0;
  // Appends `step` to the history and sets the status to step.status, but only while the
  // measure's status is still `from` (compare-and-set: of two concurrent changes one wins).
  // False when the measure does not exist or its status is no longer `from`.
  virtual bool advance_measure(const std::string& municipality, Id id, MeasureStatus from,
                               const MeasureStep& step) = 0;
  // Appends a follow-up note; returns its id, or 0 when the measure does not exist there.
  virtual Id insert_measure_note(const std::string& municipality, Id measure_id,
                                 const MeasureNote& n) = 0;
  // Every measure of the municipality with lists, history and notes, newest start first.
  virtual std::vector<Measure> measures(const std::string& municipality) = 0;
  virtual std::optional<Measure> measure(const std::string& municipality, Id id) = 0;

  // Safety walks and their observations (domain/measure.h). References must belong to the
  // walk's municipality, else ConflictError.
  virtual Id insert_safety_walk(const SafetyWalk& w) = 0;
  // Every walk of the municipality with its observations, latest day first.
  virtual std::vector<SafetyWalk> safety_walks(const std::string& municipality) = 0;
  virtual std::optional<SafetyWalk> safety_walk(const std::string& municipality, Id id) = 0;
  // Returns the new id; ConflictError when the walk is not in o.municipality.
  virtual Id insert_walk_observation(const WalkObservation& o) = 0;
  virtual std::optional<WalkObservation> walk_observation(const std::string& municipality,
                                                          Id id) = 0;
  // Updates status, responsible organisation and measure link; false when the id does not exist
  // in o.municipality.
  virtual bool update_walk_observation(const WalkObservation& o) = 0;

  // The police's summary events (domain/model.h). insert_police_summaries stores those whose
  // external_id is not stored yet, in one transaction, and returns how many it stored; a
  // municipality, when set, must exist, else ConflictError and nothing is stored.
  virtual std::size_t insert_police_summaries(std::span<const PoliceSummary> summaries) = 0;
  // The summaries of a county (two-digit code) with occurred_at in [from, to), oldest first.
  virtual std::vector<PoliceSummary> police_summaries(const std::string& county_code,
                                                      UtcSeconds from, UtcSeconds to) = 0;

  // Citizen promises (domain/measure.h). A promise is read in each of its municipalities.
  // insert_citizen_promise stores it with its municipalities and activities; ConflictError when
  // a municipality does not exist or an activity's organisation is not in p.municipality.
  virtual Id insert_citizen_promise(const CitizenPromise& p) = 0;
  // Every promise that lists `municipality`, with activities, latest year first.
  virtual std::vector<CitizenPromise> citizen_promises(const std::string& municipality) = 0;
  // Adds an activity to a promise kept by `municipality`; 0 when there is no such promise.
  virtual Id insert_promise_activity(const std::string& municipality, const PromiseActivity& a) = 0;
  // Updates text, owner, deadline and status; false when the activity is not in a promise kept
  // by `municipality`.
  virtual bool update_promise_activity(const std::string& municipality,
                                       const PromiseActivity& a) = 0;

  // Collaboration forums (domain/forum.h, docs/FORUMS.md). A municipality holds tens of groups
  // and hundreds of meetings and decisions: readers take them all and filter. Every referenced id
  // (organisations, users, areas, categories, the group, meeting, measure, promise) must exist and,
  // where it has one, belong to the row's municipality, else ConflictError and nothing is stored.
  // insert_* return the new id; update_* return false when the id does not exist there.
  virtual Id insert_forum_group(const ForumGroup& g) = 0;
  virtual std::vector<ForumGroup> forum_groups(const std::string& municipality) = 0;
  virtual Id insert_meeting(const Meeting& m) = 0;
  // Replaces status, location, minutes and attendance.
  virtual bool update_meeting(const Meeting& m) = 0;
  // Every meeting of the municipality, by (starts_at, id).
  virtual std::vector<Meeting> meetings(const std::string& municipality) = 0;
  virtual Id insert_decision(const Decision& d) = 0;
  // Replaces status, closed_at, closed_in_meeting and closing_note.
  virtual bool update_decision(const Decision& d) = 0;
  // Every decision of the municipality, oldest first.
  virtual std::vector<Decision> decisions(const std::string& municipality) = 0;
  virtual Id insert_agreement(const CollaborationAgreement& a) = 0;
  // Every agreement with its follow-ups, latest period first.
  virtual std::vector<CollaborationAgreement> agreements(const std::string& municipality) = 0;
  // Returns the new id, or 0 when the agreement is not in `municipality`.
  virtual Id insert_agreement_follow_up(const std::string& municipality,
                                        const AgreementFollowUp& f) = 0;

  // Safety survey values (domain/survey.h). put_survey_values stores all or none (one
  // transaction); a value whose (municipality, area, year, indicator) is stored already replaces
  // it. Returns how many stored values were replaced. ConflictError when an area is not in the
  // value's municipality or the municipality does not exist.
  virtual std::size_t put_survey_values(std::span<const SurveyValue> values) = 0;
  // Every value of the municipality, ordered by indicator, area (the whole municipality first)
  // and year.
  virtual std::vector<SurveyValue> survey_values(const std::string& municipality) = 0;

  // Users and sessions.
  virtual std::optional<User> user_by_name(const std::string& username) = 0;
  virtual std::optional<User> user(Id id) = 0;
  virtual std::vector<User> users() = 0;
  virtual Id insert_user(const User& u) = 0;  // ConflictError when the username exists
  virtual bool update_user(const User& u) = 0;
  virtual void insert_session(const Session& s) = 0;
  virtual std::optional<Session> session(const std::string& token_hash) = 0;
  virtual void remove_session(const std::string& token_hash) = 0;

  // Appends to the access log without waiting for the disk: entries are buffered and durable
  // within about a second, with the next committed write, or when the store is closed, whichever
  // comes first: a crash can lose the last second of entries. Callers that need an entry to be
  // as durable as a change log it inside the change's transaction().
  virtual void audit(const AuditEntry& e) = 0;
  virtual std::vector<AuditEntry> audit_entries(std::size_t limit) = 0;
  // Committed entries with their chain links, after writing the buffer: those with id > after_id
  // oldest first, or (newest_first) the newest ones, at most `limit`.
  virtual std::vector<ChainedAuditEntry> audit_chain(Id after_id, std::size_t limit,
                                                     bool newest_first) = 0;
  virtual AuditHead audit_head() = 0;

  // Runs `fn` inside one write transaction: either all its changes are committed or none.
  // Nested calls to the store's write methods from `fn` join the transaction.
  virtual void transaction(const std::function<void()>& fn) = 0;
};

// Opens a store by URL: a file path or "sqlite:PATH" opens (and creates, and migrates) a SQLite
// database; "postgresql://..." (or "postgres://") connects to PostgreSQL and migrates its
// schema. Throws StoreError.
std::unique_ptr<Store> open_store(const std::string& url);

}  // namespace lagesbild

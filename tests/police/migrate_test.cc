// `copy_municipality` (lagesbild migrate): the demo municipality plus Borlänge's police events,
// assessments, statuses, "nothing to report" and a measure, copied from SQLite into a fresh
// database of each engine; every count matches, the copy's rows read back field by field, a
// second copy is refused, and a username the target has already gets the roles added.
#include <gtest/gtest.h>

#include <map>

#include "demo/demo.h"
#include "police_fixture.h"
#include "service/municipality_copy.h"

namespace lagesbild {
namespace {

class MigrateTest : public police_testing::EngineTest {
 protected:
  // The source: a SQLite demo database with police events and notes of every kind.
  void fill_source() {
    source_db_ = std::make_unique<test_support::TestDatabase>("sqlite");
    source_ = open_store(source_db_->url());
    demo::DemoOptions options;
    options.seed = 3;
    demo::write_demo(*source_, demo::generate_demo(options));
    Services s(*source_);
    const std::string json = ingest::gunzip_if_compressed(
        police_testing::read_file(police_testing::archive_path()), nullptr);
    const auto police = s.police.import(Principal::operator_cli(), json, police_testing::places(),
                                        police_testing::types(), {"2081", false});
    ASSERT_EQ(police.reports_inserted, 510u);
    const auto who = Principal::operator_cli();
    s.situation.assess(who, {"2081", "2026-W30", "Lugnt.", "Inget."});
    s.situation.assess(who, {"2081", "2026-W30", "Lugnt, men bränder.", "Trygghetsvandring."});
    const auto areas = source_->areas("2081");
    s.situation.set_area_status(
        who, {"2081", "2026-W30", "#" + std::to_string(areas[0].id), "orange", "Bränder"});
    const auto orgs = source_->organisations("2081");
    s.situation.declare_nothing_to_report(who, {"2081", "2026-W30", orgs[0].name, {}});
  }

  std::unique_ptr<test_support::TestDatabase> source_db_;
  std::unique_ptr<Store> source_;
};

TEST_P(MigrateTest, EveryRowOfTheMunicipalityIsCopiedAndCounted) {
  fill_source();
  const MunicipalityCopy copy = copy_municipality(*source_, *store_, "2081");
  EXPECT_EQ(copy.source, copy.target);
  EXPECT_EQ(copy.source.at("assessment versions"), 2u);
  EXPECT_EQ(copy.source.at("area statuses"), 1u);
  EXPECT_EQ(copy.source.at("nothing to report"), 1u);
  EXPECT_GT(copy.source.at("reports"), 10'000u);
  EXPECT_GT(copy.source.at("police summaries of the county"), 0u);
  EXPECT_GT(copy.source.at("users with a role"), 5u);
  EXPECT_EQ(copy.target, count_municipality_rows(*store_, "2081"));  // committed

  // The copied rows say the same, with the target's ids (matched by external id: every demo
  // and police report has one).
  ReportQuery q;
  q.municipality = "2081";
  q.limit = -1;
  std::map<std::string, Report> before;
  for (Report& r : source_->query_reports(q)) before[r.external_id] = std::move(r);
  const auto after = store_->query_reports(q);
  ASSERT_EQ(before.size(), after.size());
  std::map<Id, std::string> source_orgs, target_orgs;
  for (const Organisation& o : source_->organisations("2081")) source_orgs[o.id] = o.name;
  for (const Organisation& o : store_->organisations("2081")) target_orgs[o.id] = o.name;
  for (const Report& r : after) {
    ASSERT_TRUE(before.contains(r.external_id)) << r.external_id;
    const Report& b = before.at(r.external_id);
    EXPECT_EQ(r.occurred_from, b.occurred_from);
    EXPECT_EQ(r.occurred_to, b.occurred_to);
    EXPECT_EQ(r.description, b.description);
    EXPECT_EQ(r.location, b.location);
    EXPECT_EQ(r.location_precision, b.location_precision);
    EXPECT_EQ(r.status, b.status);
    EXPECT_EQ(r.source, b.source);
    EXPECT_EQ(r.count, b.count);
    EXPECT_EQ(r.severity, b.severity);
    EXPECT_EQ(target_orgs.at(r.organisation_id), source_orgs.at(b.organisation_id));
  }
  const auto assessments = store_->assessments("2081", "2026-W30");
  ASSERT_EQ(assessments.size(), 2u);
  EXPECT_EQ(assessments[0].version, 2);
  EXPECT_EQ(assessments[0].text, "Lugnt, men bränder.");
  // The users log in with the same password hash and roles.
  const auto user = store_->user_by_name("analytiker");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->password_hash, source_->user_by_name("analytiker")->password_hash);
  EXPECT_EQ(user->grants.size(), source_->user_by_name("analytiker")->grants.size());

  // A second copy is refused; the police import on the copy adds nothing (ids kept).
  EXPECT_THROW(copy_municipality(*source_, *store_, "2081"), std::invalid_argument);
  EXPECT_THROW(copy_municipality(*source_, *store_, "9999"), std::invalid_argument);
  const auto again = import(ingest::gunzip_if_compressed(
                                police_testing::read_file(police_testing::archive_path()), nullptr),
                            {"2081", false});
  EXPECT_EQ(again.reports_inserted, 0u);
  EXPECT_EQ(again.reports_already_stored, 510u);
}

TEST_P(MigrateTest, AUserTheTargetHasAlreadyGetsTheRolesAdded) {
  fill_source();
  store_->put_municipality({"2080", "Falun", 7, ""});
  const Id falun_org = store_->insert_organisation({0, "2080", "Polisen", "police"});
  User existing;
  existing.username = "analytiker";
  existing.password_hash = "falun-hash";
  existing.grants = {{"2080", Role::viewer, falun_org}};
  store_->insert_user(existing);
  copy_municipality(*source_, *store_, "2081");
  const auto user = store_->user_by_name("analytiker");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->password_hash, "falun-hash");  // the target's account is kept
  ASSERT_EQ(user->grants.size(), 1 + source_->user_by_name("analytiker")->grants.size());
  EXPECT_EQ(user->grants[0].municipality, "2080");
  EXPECT_EQ(user->grants[1].municipality, "2081");
}

INSTANTIATE_TEST_SUITE_P(Engines, MigrateTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace lagesbild

// The collaboration forums in the Store contract, on every engine: groups, meetings, decisions
// and agreements round-trip with their id lists in order; a reference outside the municipality
// (or to nothing) stores nothing; updates and reads are scoped to the municipality; a failure
// inside a transaction undoes the measure and the decision together.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "store/store.h"
#include "test_engine.h"

namespace lagesbild {
namespace {

class ForumStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test_support::TestDatabase>(GetParam());
    if (!db_->available()) {
      if (test_support::postgres_required()) FAIL() << "LB_TEST_PG_URL is not set";
      GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
    }
    store_ = open_store(db_->url());
    store_->put_municipality({"2081", "Borlänge", 14, ""});
    store_->put_municipality({"0490", "Borås", 7, ""});
    police_ = store_->insert_organisation({0, "2081", "Polisen", "police"});
    housing_ = store_->insert_organisation({0, "2081", "Tunabyggen", "housing"});
    elsewhere_org_ = store_->insert_organisation({0, "0490", "Polisen", "police"});
    category_ = store_->insert_category({0, "2081", "brand", "Brand", std::nullopt, true});
    const std::string square =
        R"({"type":"Polygon","coordinates":[[[15.4,60.4],[15.5,60.4],[15.5,60.5],[15.4,60.5],[15.4,60.4]]]})";
    area_ = store_->insert_area({0, "2081", "Tjärna Ängar", "", square});
    other_area_ = store_->insert_area({0, "2081", "Islingby", "", square});
    elsewhere_area_ = store_->insert_area({0, "0490", "Norrby", "", square});
    user_ = store_->insert_user(
        {0, "anna", "Anna A", "hash", false, {{"2081", Role::coordinator, police_}}});
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  ForumGroup group() const {
    ForumGroup g;
    g.municipality = "2081";
    g.name = "Örat mot marken";
    g.kind = GroupKind::operational;
    g.cadence = Cadence::every_other_week;
    g.organisation_ids = {housing_, police_};
    g.member_ids = {user_};
    g.area_ids = {other_area_, area_};
    g.category_ids = {category_};
    g.created_by = user_;
    g.created_at = from_unix(1'760'000'000);
    return g;
  }
  Meeting meeting(Id group) const {
    Meeting m;
    m.group_id = group;
    m.municipality = "2081";
    m.starts_at = from_unix(1'763'366'400);
    m.duration_minutes = 120;
    m.location = "Stadshuset, rum 3";
    m.created_at = from_unix(1'760'000'000);
    return m;
  }
  Decision decision(Id meeting) const {
    Decision d;
    d.meeting_id = meeting;
    d.municipality = "2081";
    d.title = "Röj buskagen vid gångtunneln";
    d.text = "Tunabyggen röjer; \"polisen\" följer upp,\nrapport nästa möte";
    d.organisation_id = housing_;
    d.due_day = 20'440;
    d.people_count = 4;
    d.created_at = from_unix(1'760'000'000);
    return d;
  }

  std::unique_ptr<test_support::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  Id police_ = 0, housing_ = 0, elsewhere_org_ = 0, category_ = 0, area_ = 0, other_area_ = 0,
     elsewhere_area_ = 0, user_ = 0;
};

TEST_P(ForumStoreTest, AGroupItsMeetingAndADecisionRoundTrip) {
  const Id g = store_->insert_forum_group(group());
  ASSERT_GT(g, 0);
  const auto groups = store_->forum_groups("2081");
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].id, g);
  EXPECT_EQ(groups[0].name, "Örat mot marken");
  EXPECT_EQ(groups[0].kind, GroupKind::operational);
  EXPECT_EQ(groups[0].cadence, Cadence::every_other_week);
  EXPECT_EQ(groups[0].organisation_ids, (std::vector<Id>{housing_, police_}));
  EXPECT_EQ(groups[0].member_ids, std::vector<Id>{user_});
  EXPECT_EQ(groups[0].area_ids, (std::vector<Id>{other_area_, area_}));
  EXPECT_EQ(groups[0].category_ids, std::vector<Id>{category_});
  EXPECT_EQ(groups[0].created_by, user_);
  EXPECT_TRUE(store_->forum_groups("0490").empty());
  EXPECT_THROW(store_->insert_forum_group(group()), ConflictError);  // the same name

  const Id m = store_->insert_meeting(meeting(g));
  Meeting held = store_->meetings("2081").at(0);
  EXPECT_EQ(held.id, m);
  EXPECT_EQ(held.starts_at, from_unix(1'763'366'400));
  EXPECT_EQ(held.duration_minutes, 120);
  EXPECT_EQ(held.status, MeetingStatus::planned);
  held.status = MeetingStatus::held;
  held.minutes = "Genomgång av läget; inga personuppgifter.";
  held.attending_organisation_ids = {police_};
  held.attending_user_ids = {user_};
  EXPECT_TRUE(store_->update_meeting(held));
  Meeting other_municipality = held;
  other_municipality.municipality = "0490";
  EXPECT_FALSE(store_->update_meeting(other_municipality));
  const Meeting back = store_->meetings("2081").at(0);
  EXPECT_EQ(back.status, MeetingStatus::held);
  EXPECT_EQ(back.minutes, held.minutes);
  EXPECT_EQ(back.attending_organisation_ids, std::vector<Id>{police_});
  EXPECT_EQ(back.attending_user_ids, std::vector<Id>{user_});

  const Id d = store_->insert_decision(decision(m));
  Decision stored = store_->decisions("2081").at(0);
  EXPECT_EQ(stored.id, d);
  EXPECT_EQ(stored.text, decision(m).text);
  EXPECT_EQ(stored.kind, DecisionKind::task);
  EXPECT_EQ(stored.due_day, 20'440);
  EXPECT_EQ(stored.people_count, std::optional<int>(4));
  EXPECT_EQ(stored.status, DecisionStatus::open);
  EXPECT_FALSE(stored.measure_id);
  stored.status = DecisionStatus::closed;
  stored.closed_at = from_unix(1'764'000'000);
  stored.closed_in_meeting = m;
  stored.closing_note = "Klart";
  EXPECT_TRUE(store_->update_decision(stored));
  const Decision closed = store_->decisions("2081").at(0);
  EXPECT_EQ(closed.status, DecisionStatus::closed);
  EXPECT_EQ(closed.closed_at, std::optional<UtcSeconds>(from_unix(1'764'000'000)));
  EXPECT_EQ(closed.closed_in_meeting, std::optional<Id>(m));
  EXPECT_EQ(closed.closing_note, "Klart");
  EXPECT_TRUE(store_->decisions("0490").empty());
}

TEST_P(ForumStoreTest, AReferenceOutsideTheMunicipalityStoresNothing) {
  for (const auto& change : std::vector<std::function<void(ForumGroup&)>>{
           [&](ForumGroup& g) { g.organisation_ids.push_back(elsewhere_org_); },
           [&](ForumGroup& g) { g.area_ids = {elsewhere_area_}; },
           [&](ForumGroup& g) { g.member_ids = {user_ + 1000}; },
       }) {
    ForumGroup g = group();
    change(g);
    EXPECT_THROW(store_->insert_forum_group(g), ConflictError);
  }
  EXPECT_TRUE(store_->forum_groups("2081").empty());

  const Id g = store_->insert_forum_group(group());
  Meeting elsewhere = meeting(g);
  elsewhere.municipality = "0490";  // the group is Borlänge's
  EXPECT_THROW(store_->insert_meeting(elsewhere), ConflictError);
  EXPECT_THROW(store_->insert_meeting(meeting(g + 1000)), ConflictError);
  EXPECT_TRUE(store_->meetings("2081").empty());
  EXPECT_TRUE(store_->meetings("0490").empty());

  const Id m = store_->insert_meeting(meeting(g));
  Decision d = decision(m);
  d.organisation_id = elsewhere_org_;
  EXPECT_THROW(store_->insert_decision(d), ConflictError);
  d = decision(m + 1000);
  EXPECT_THROW(store_->insert_decision(d), ConflictError);
  EXPECT_TRUE(store_->decisions("2081").empty());
}

TEST_P(ForumStoreTest, ATransactionThatFailsUndoesTheMeasureAndTheDecision) {
  const Id g = store_->insert_forum_group(group());
  const Id m = store_->insert_meeting(meeting(g));
  EXPECT_THROW(store_->transaction([&] {
    Measure measure;
    measure.municipality = "2081";
    measure.title = "Belysning";
    measure.area_ids = {area_};
    measure.organisation_id = housing_;
    measure.start_day = 20'400;
    measure.history = {{MeasureStatus::proposed, 0, from_unix(1'760'000'000), ""}};
    Decision d = decision(m);
    d.kind = DecisionKind::measure;
    d.measure_id = store_->insert_measure(measure);
    store_->insert_decision(d);
    throw std::runtime_error("the audit failed");
  }),
               std::runtime_error);
  EXPECT_TRUE(store_->measures("2081").empty());
  EXPECT_TRUE(store_->decisions("2081").empty());
}

TEST_P(ForumStoreTest, AnAgreementRoundTripsWithItsFollowUps) {
  CollaborationAgreement a;
  a.municipality = "2081";
  a.title = "Samverkansöverenskommelse 2026–2028";
  a.from_day = 20'454;
  a.to_day = 21'549;
  a.party_ids = {police_, housing_};
  a.area_ids = {area_};
  a.category_ids = {category_};
  a.commitments = "Polisen: närvaro kvällstid.\nTunabyggen: belysning.";
  a.created_at = from_unix(1'760'000'000);
  const Id id = store_->insert_agreement(a);
  ASSERT_GT(id, 0);
  EXPECT_NE(store_->insert_agreement_follow_up(
                "2081", {0, id, 2026, "Uppföljning", user_, from_unix(1'770'000'000)}),
            0);
  EXPECT_EQ(store_->insert_agreement_follow_up("0490", {0, id, 2026, "x", 0, from_unix(1)}), 0);
  const auto back = store_->agreements("2081");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].title, a.title);
  EXPECT_EQ(back[0].party_ids, (std::vector<Id>{police_, housing_}));
  EXPECT_EQ(back[0].commitments, a.commitments);
  EXPECT_EQ(back[0].from_day, 20'454);
  EXPECT_EQ(back[0].to_day, 21'549);
  ASSERT_EQ(back[0].follow_ups.size(), 1u);
  EXPECT_EQ(back[0].follow_ups[0].year, 2026);
  EXPECT_EQ(back[0].follow_ups[0].by, user_);
  EXPECT_TRUE(store_->agreements("0490").empty());

  a.measure_ids = {999};  // no such measure
  EXPECT_THROW(store_->insert_agreement(a), ConflictError);
  a.measure_ids.clear();
  a.party_ids = {elsewhere_org_};
  EXPECT_THROW(store_->insert_agreement(a), ConflictError);
  EXPECT_EQ(store_->agreements("2081").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ForumStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lagesbild

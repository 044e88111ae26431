// The measures register and safety walks in the Store contract, on every engine: a measure and
// its lists, history and notes round-trip; references outside the municipality store nothing;
// the status step is a compare-and-set; walks keep their observations.
#include <gtest/gtest.h>

#include <functional>
#include <memory>

#include "store/store.h"
#include "test_engine.h"

namespace lagesbild {
namespace {

class MeasureStoreTest : public ::testing::TestWithParam<std::string> {
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
    place_ = store_->insert_place(
        {0, "2081", "Tjärna torg", "", Location{60.45, 15.45, 525000, 6707000}, area_});
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }

  Measure measure() const {
    Measure m;
    m.municipality = "2081";
    m.title = "Belysning Tjärna torg";
    m.description = "Nya armaturer, \"LED\"\tmed\nrörelsevakt";
    m.kind = MeasureKind::situational;
    m.level = PreventionLevel::universal;
    m.type = MeasureType::lighting;
    m.area_ids = {other_area_, area_};  // the order is kept
    m.place_ids = {place_};
    m.category_ids = {category_};
    m.period = "2026-W45";
    m.hotspot = "Gi* 99 % vid torget";
    m.organisation_id = housing_;
    m.partner_ids = {police_};
    m.start_day = 20'400;
    m.end_day = 20'500;
    m.cost_sek = 125'000;
    m.history = {{MeasureStatus::proposed, 0, from_unix(1'760'000'000), ""}};
    return m;
  }

  std::unique_ptr<test_support::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  Id police_ = 0, housing_ = 0, elsewhere_org_ = 0, category_ = 0, area_ = 0, other_area_ = 0,
     elsewhere_area_ = 0, place_ = 0;
};

TEST_P(MeasureStoreTest, AMeasureRoundTripsWithItsListsHistoryAndNotes) {
  const Measure in = measure();
  const Id id = store_->insert_measure(in);
  ASSERT_GT(id, 0);
  EXPECT_NE(store_->insert_measure_note("2081", id, {0, 0, from_unix(1'760'000'100), "Beställt"}),
            0);
  const auto back = store_->measure("2081", id);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, in.title);
  EXPECT_EQ(back->description, in.description);
  EXPECT_EQ(back->kind, MeasureKind::situational);
  EXPECT_EQ(back->level, PreventionLevel::universal);
  EXPECT_EQ(back->type, MeasureType::lighting);
  EXPECT_EQ(back->area_ids, (std::vector<Id>{other_area_, area_}));
  EXPECT_EQ(back->place_ids, std::vector<Id>{place_});
  EXPECT_EQ(back->category_ids, std::vector<Id>{category_});
  EXPECT_EQ(back->partner_ids, std::vector<Id>{police_});
  EXPECT_EQ(back->organisation_id, housing_);
  EXPECT_EQ(back->period, "2026-W45");
  EXPECT_EQ(back->hotspot, in.hotspot);
  EXPECT_EQ(back->start_day, 20'400);
  EXPECT_EQ(back->end_day, std::optional<int>(20'500));
  EXPECT_EQ(back->cost_sek, std::optional<std::int64_t>(125'000));
  EXPECT_EQ(back->status, MeasureStatus::proposed);
  ASSERT_EQ(back->history.size(), 1u);
  EXPECT_EQ(back->history[0].by, 0);
  EXPECT_EQ(back->history[0].at, from_unix(1'760'000'000));
  ASSERT_EQ(back->notes.size(), 1u);
  EXPECT_EQ(back->notes[0].text, "Beställt");
  // Scoped to its municipality.
  EXPECT_FALSE(store_->measure("0490", id));
  EXPECT_TRUE(store_->measures("0490").empty());
  EXPECT_EQ(store_->insert_measure_note("0490", id, {0, 0, from_unix(1), "x"}), 0);
}

TEST_P(MeasureStoreTest, AReferenceOutsideTheMunicipalityStoresNothing) {
  for (const auto& change : std::vector<std::function<void(Measure&)>>{
           [&](Measure& m) { m.area_ids.push_back(elsewhere_area_); },
           [&](Measure& m) { m.partner_ids = {elsewhere_org_}; },
           [&](Measure& m) { m.organisation_id = elsewhere_org_; },
       }) {
    Measure m = measure();
    change(m);
    EXPECT_THROW(store_->insert_measure(m), ConflictError);
  }
  EXPECT_TRUE(store_->measures("2081").empty());
  EXPECT_EQ(db_->count("SELECT count(*) FROM measure_area"), 0);
  EXPECT_EQ(db_->count("SELECT count(*) FROM measure_step"), 0);
}

TEST_P(MeasureStoreTest, TheSchemaRefusesANegativeCostAndAnEndBeforeTheStart) {
  Measure m = measure();
  m.cost_sek = -1;
  EXPECT_THROW(store_->insert_measure(m), StoreError);
  m = measure();
  m.end_day = m.start_day - 1;
  EXPECT_THROW(store_->insert_measure(m), StoreError);
  EXPECT_TRUE(store_->measures("2081").empty());
}

TEST_P(MeasureStoreTest, AStatusStepIsACompareAndSet) {
  const Id id = store_->insert_measure(measure());
  const MeasureStep decided{MeasureStatus::decided, 0, from_unix(1'760'000'200), "Styrgruppen"};
  EXPECT_TRUE(store_->advance_measure("2081", id, MeasureStatus::proposed, decided));
  // A second change that still believes the measure is proposed loses.
  EXPECT_FALSE(store_->advance_measure("2081", id, MeasureStatus::proposed, decided));
  EXPECT_FALSE(store_->advance_measure("0490", id, MeasureStatus::decided, decided));
  const auto back = store_->measure("2081", id);
  EXPECT_EQ(back->status, MeasureStatus::decided);
  ASSERT_EQ(back->history.size(), 2u);
  EXPECT_EQ(back->history[1].status, MeasureStatus::decided);
  EXPECT_EQ(back->history[1].note, "Styrgruppen");
}

TEST_P(MeasureStoreTest, AnUpdateReplacesFieldsAndListsButKeepsHistoryAndNotes) {
  const Id id = store_->insert_measure(measure());
  store_->insert_measure_note("2081", id, {0, 0, from_unix(1'760'000'100), "Beställt"});
  Measure m = *store_->measure("2081", id);
  m.title = "Belysning och röjning";
  m.area_ids = {area_};
  m.partner_ids.clear();
  m.end_day.reset();
  m.cost_sek.reset();
  EXPECT_TRUE(store_->update_measure(m));
  const auto back = store_->measure("2081", id);
  EXPECT_EQ(back->title, "Belysning och röjning");
  EXPECT_EQ(back->area_ids, std::vector<Id>{area_});
  EXPECT_TRUE(back->partner_ids.empty());
  EXPECT_FALSE(back->end_day);
  EXPECT_FALSE(back->cost_sek);
  EXPECT_EQ(back->history.size(), 1u);
  EXPECT_EQ(back->notes.size(), 1u);
  m.id = id + 1000;
  EXPECT_FALSE(store_->update_measure(m));
}

TEST_P(MeasureStoreTest, AFailedMeasureInsideATransactionRollsBackWithIt) {
  EXPECT_THROW(store_->transaction([&] {
    store_->insert_measure(measure());
    Measure bad = measure();
    bad.area_ids = {elsewhere_area_};
    store_->insert_measure(bad);
  }),
               ConflictError);
  EXPECT_TRUE(store_->measures("2081").empty());
}

TEST_P(MeasureStoreTest, AWalkKeepsItsObservationsAndTheirMeasure) {
  SafetyWalk w;
  w.municipality = "2081";
  w.day = 20'410;
  w.area_ids = {area_};
  w.route = "Torget – skolan";
  w.organisation_ids = {housing_, police_};
  w.created_at = from_unix(1'760'000'000);
  const Id walk = store_->insert_safety_walk(w);
  WalkObservation o;
  o.walk_id = walk;
  o.municipality = "2081";
  o.location = Location{60.45, 15.45, 525000.5, 6707000.25};
  o.area_id = area_;
  o.type = ObservationType::lighting;
  o.description = "Trasig lampa";
  o.created_at = from_unix(1'760'000'000);
  const Id obs = store_->insert_walk_observation(o);
  const auto back = store_->safety_walk("2081", walk);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->day, 20'410);
  EXPECT_EQ(back->route, "Torget – skolan");
  EXPECT_EQ(back->organisation_ids, (std::vector<Id>{housing_, police_}));
  ASSERT_EQ(back->observations.size(), 1u);
  EXPECT_EQ(back->observations[0].location, o.location);
  EXPECT_EQ(back->observations[0].status, ObservationStatus::open);
  EXPECT_FALSE(back->observations[0].organisation_id);

  const Id m = store_->insert_measure(measure());
  WalkObservation changed = *store_->walk_observation("2081", obs);
  changed.status = ObservationStatus::in_progress;
  changed.organisation_id = housing_;
  changed.measure_id = m;
  EXPECT_TRUE(store_->update_walk_observation(changed));
  const auto after = store_->walk_observation("2081", obs);
  EXPECT_EQ(after->status, ObservationStatus::in_progress);
  EXPECT_EQ(after->organisation_id, std::optional<Id>(housing_));
  EXPECT_EQ(after->measure_id, std::optional<Id>(m));

  EXPECT_FALSE(store_->walk_observation("0490", obs));
  EXPECT_TRUE(store_->safety_walks("0490").empty());
  changed.organisation_id = elsewhere_org_;
  EXPECT_THROW(store_->update_walk_observation(changed), ConflictError);
  o.walk_id = walk + 1000;
  EXPECT_THROW(store_->insert_walk_observation(o), ConflictError);
}

TEST_P(MeasureStoreTest, ACitizenPromiseIsReadInEachOfItsMunicipalities) {
  CitizenPromise p;
  p.municipality = "2081";
  p.year = 2026;
  p.police_area = "Lokalpolisområde Borlänge";
  p.municipalities = {"2081", "0490"};
  p.period = "2025";
  p.text = "Vi lovar fler trygghetsvandringar.";
  p.created_at = from_unix(1'760'000'000);
  p.activities = {
      {0, 0, "Trygghetsvandring i Tjärna Ängar", housing_, 20'500, ActivityStatus::planned},
      {0, 0, "SSPF-möten varannan vecka", police_, std::nullopt, ActivityStatus::ongoing}};
  const Id id = store_->insert_citizen_promise(p);
  const auto here = store_->citizen_promises("2081");
  ASSERT_EQ(here.size(), 1u);
  EXPECT_EQ(here[0].id, id);
  EXPECT_EQ(here[0].municipalities, (std::vector<std::string>{"2081", "0490"}));
  ASSERT_EQ(here[0].activities.size(), 2u);
  EXPECT_EQ(here[0].activities[0].deadline_day, std::optional<int>(20'500));
  EXPECT_EQ(here[0].activities[1].status, ActivityStatus::ongoing);
  EXPECT_EQ(store_->citizen_promises("0490").size(), 1u) << "listed there too";

  PromiseActivity a{0, id, "Ny belysning", housing_, std::nullopt, ActivityStatus::planned};
  a.id = store_->insert_promise_activity("2081", a);
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(store_->insert_promise_activity("0490", a), 0) << "kept by 2081, not 0490";
  a.status = ActivityStatus::done;
  EXPECT_TRUE(store_->update_promise_activity("2081", a));
  EXPECT_FALSE(store_->update_promise_activity("0490", a));
  EXPECT_EQ(store_->citizen_promises("2081")[0].activities.back().status, ActivityStatus::done);

  // An activity owned by another municipality's organisation stores nothing.
  p.activities = {{0, 0, "x", elsewhere_org_, std::nullopt, ActivityStatus::planned}};
  EXPECT_THROW(store_->insert_citizen_promise(p), ConflictError);
  p.activities.clear();
  p.municipalities = {"2081", "9999"};
  EXPECT_THROW(store_->insert_citizen_promise(p), ConflictError);
  EXPECT_EQ(store_->citizen_promises("2081").size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, MeasureStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lagesbild

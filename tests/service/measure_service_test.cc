// The measures register and safety walks in the service layer: the workflow (forward one step,
// cancelled from any state that is not final), bad input named field by field with nothing
// stored, the role rules of docs/ACCESS.md, the CSV export, an observation becoming a measure,
// and the evaluation reading its target area, categories and periods from a measure.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "report/measure_csv.h"
#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild {
namespace {

namespace fs = std::filesystem;
using Kind = ServiceError::Kind;

constexpr const char* kCentrum =
    R"({"type":"Polygon","coordinates":[[[15.40,60.47],[15.44,60.47],[15.44,60.50],[15.40,60.50],[15.40,60.47]]]})";
constexpr const char* kTjarna =
    R"({"type":"Polygon","coordinates":[[[15.44,60.47],[15.48,60.47],[15.48,60.50],[15.44,60.50],[15.44,60.47]]]})";

class MeasureServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("lb-measures-" + std::to_string(::getpid()) + ".db");
    remove();
    store_ = open_store(path_.string());
    store_->put_municipality({"2081", "Borlänge", 14, ""});
    store_->put_municipality({"0490", "Borås", 7, ""});
    police_ = store_->insert_organisation({0, "2081", "Polisen", "police"});
    housing_ = store_->insert_organisation({0, "2081", "Tunabyggen", "housing"});
    municipality_org_ = store_->insert_organisation({0, "2081", "Kommunen", "municipality"});
    boras_org_ = store_->insert_organisation({0, "0490", "Kommunen", "municipality"});
    fire_ = store_->insert_category({0, "2081", "brand", "Brand", std::nullopt, true});
    store_->insert_category({0, "2081", "brand.container", "Brand i container", fire_, true});
    graffiti_ = store_->insert_category({0, "2081", "klotter", "Klotter", std::nullopt, true});
    centrum_ = store_->insert_area({0, "2081", "Centrum", "", kCentrum});
    tjarna_ = store_->insert_area({0, "2081", "Tjärna Ängar", "", kTjarna});
    services_ = std::make_unique<Services>(*store_);
  }
  void TearDown() override {
    services_.reset();
    store_.reset();
    remove();
  }
  void remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }

  Principal as(Role role, Id organisation, const std::string& municipality = "2081") const {
    Principal p;
    p.user_id = std::nullopt;
    p.username = std::string(to_string(role));
    p.grants = {{municipality, role, organisation}};
    return p;
  }
  Principal coordinator() const { return as(Role::coordinator, municipality_org_); }

  MeasureInput input() const {
    MeasureInput in;
    in.municipality = "2081";
    in.title = "Belysning Tjärna torg";
    in.description = "Nya armaturer";
    in.kind = "situational";
    in.level = "universal";
    in.type = "lighting";
    in.areas = std::vector<std::string>{"Tjärna Ängar"};
    in.categories = std::vector<std::string>{"brand", "Klotter"};
    in.organisation = "Tunabyggen";
    in.partners = std::vector<std::string>{"Polisen"};
    in.period = "2026-W45";
    in.start = "2025-09-01";
    in.end = "2026-08-31";
    in.cost = 125000.0;
    return in;
  }

  static Kind kind_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const ServiceError& e) {
      return e.kind();
    }
    ADD_FAILURE() << "no ServiceError";
    return Kind::bad_request;
  }
  static std::vector<std::string> fields_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const ServiceError& e) {
      std::vector<std::string> out;
      for (const auto& err : e.errors()) out.push_back(err.field);
      return out;
    }
    ADD_FAILURE() << "no ServiceError";
    return {};
  }

  fs::path path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
  Id police_ = 0, housing_ = 0, municipality_org_ = 0, boras_org_ = 0, fire_ = 0, graffiti_ = 0,
     centrum_ = 0, tjarna_ = 0;
};

TEST_F(MeasureServiceTest, ACreatedMeasureIsProposedWithItsReferencesResolved) {
  const Measure m = services_->measures.create(coordinator(), input());
  EXPECT_EQ(m.status, MeasureStatus::proposed);
  EXPECT_EQ(m.area_ids, std::vector<Id>{tjarna_});
  EXPECT_EQ(m.category_ids, (std::vector<Id>{fire_, graffiti_}));
  EXPECT_EQ(m.organisation_id, housing_);
  EXPECT_EQ(m.partner_ids, std::vector<Id>{police_});
  EXPECT_EQ(m.cost_sek, std::optional<std::int64_t>(125000));
  EXPECT_EQ(format_day(m.start_day), "2025-09-01");
  ASSERT_EQ(m.history.size(), 1u);
  EXPECT_EQ(m.history[0].status, MeasureStatus::proposed);
  const auto audit = store_->audit_entries(10);
  EXPECT_TRUE(std::any_of(audit.begin(), audit.end(),
                          [](const AuditEntry& e) { return e.action == "measure.create"; }));
}

TEST_F(MeasureServiceTest, TheWorkflowGoesForwardOneStepAtATime) {
  const Principal who = coordinator();
  const Id id = services_->measures.create(who, input()).id;
  auto step = [&](const char* status) {
    return services_->measures.change_status(who, "2081", id, {status, "beslut"});
  };
  // Skipping a step, or going back, is a conflict naming the status.
  EXPECT_EQ(kind_of([&] { step("ongoing"); }), Kind::conflict);
  EXPECT_EQ(fields_of([&] { step("evaluated"); }), std::vector<std::string>{"status"});
  EXPECT_EQ(step("decided").status, MeasureStatus::decided);
  EXPECT_EQ(kind_of([&] { step("proposed"); }), Kind::conflict);
  EXPECT_EQ(kind_of([&] { step("decided"); }), Kind::conflict);
  EXPECT_EQ(step("ongoing").status, MeasureStatus::ongoing);
  EXPECT_EQ(step("completed").status, MeasureStatus::completed);
  const Measure done = step("evaluated");
  EXPECT_EQ(done.status, MeasureStatus::evaluated);
  ASSERT_EQ(done.history.size(), 5u);
  EXPECT_EQ(done.history[1].status, MeasureStatus::decided);
  EXPECT_EQ(done.history[1].note, "beslut");
  // Evaluated is final: not even cancelled.
  EXPECT_EQ(kind_of([&] { step("cancelled"); }), Kind::conflict);
  // An unknown status is invalid input, not a conflict.
  EXPECT_EQ(kind_of([&] { step("klar"); }), Kind::invalid);
}

TEST_F(MeasureServiceTest, AMeasureMayBeCancelledFromAnyStateThatIsNotFinal) {
  const Principal who = coordinator();
  const Id id = services_->measures.create(who, input()).id;
  services_->measures.change_status(who, "2081", id, {"decided", ""});
  services_->measures.change_status(who, "2081", id, {"ongoing", ""});
  EXPECT_EQ(
      services_->measures.change_status(who, "2081", id, {"cancelled", "medel saknas"}).status,
      MeasureStatus::cancelled);
  EXPECT_EQ(kind_of([&] {
              services_->measures.change_status(who, "2081", id, {"completed", ""});
            }),
            Kind::conflict);
}

TEST_F(MeasureServiceTest, BadInputNamesEveryFieldAndStoresNothing) {
  MeasureInput in = input();
  in.title = "  ";
  in.areas = std::vector<std::string>{"Tjärna Ängar", "Atlantis"};
  in.organisation = "Okänd";
  in.partners = std::vector<std::string>{"Polisen", "Ingen"};
  in.categories = std::vector<std::string>{"nope"};
  in.start = "2026-09-01";
  in.end = "2026-08-31";
  in.cost = -5.0;
  in.kind = "both";
  in.period = "2026-W99";
  const auto fields = fields_of([&] { services_->measures.create(coordinator(), in); });
  for (const char* f : {"title", "areas/1", "organisation", "partners/1", "categories/0", "end",
                        "cost", "kind", "period"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
  MeasureInput missing;
  const auto required = fields_of([&] { services_->measures.create(coordinator(), missing); });
  for (const char* f : {"title", "kind", "level", "type", "areas", "organisation", "start"}) {
    EXPECT_NE(std::find(required.begin(), required.end(), f), required.end()) << f;
  }
  EXPECT_TRUE(store_->measures("2081").empty());
}

TEST_F(MeasureServiceTest, AnUpdateChecksTheWholeResultAndKeepsTheStatus) {
  const Principal who = coordinator();
  const Id id = services_->measures.create(who, input()).id;
  services_->measures.change_status(who, "2081", id, {"decided", ""});
  MeasureInput patch;
  patch.municipality = "2081";
  patch.end = "2025-08-01";  // before the stored start
  EXPECT_EQ(fields_of([&] { services_->measures.update(who, id, patch); }),
            std::vector<std::string>{"end"});
  patch.end = "";  // clears it
  patch.cost = std::optional<double>{};
  patch.areas = std::vector<std::string>{"Centrum", "#" + std::to_string(tjarna_)};
  const Measure m = services_->measures.update(who, id, patch);
  EXPECT_FALSE(m.end_day);
  EXPECT_FALSE(m.cost_sek);
  EXPECT_EQ(m.area_ids, (std::vector<Id>{centrum_, tjarna_}));
  EXPECT_EQ(m.status, MeasureStatus::decided);
  EXPECT_EQ(m.title, "Belysning Tjärna torg");
  EXPECT_EQ(kind_of([&] { services_->measures.update(who, id + 100, patch); }), Kind::not_found);
}

TEST_F(MeasureServiceTest, EveryRoleReadsOnlyCoordinatorsAndAdminsWrite) {
  const Id id = services_->measures.create(as(Role::admin, municipality_org_), input()).id;
  for (Role r : {Role::viewer, Role::reporter, Role::analyst}) {
    EXPECT_EQ(services_->measures.get(as(r, police_), "2081", id).id, id);
    EXPECT_EQ(services_->measures.list(as(r, police_), {"2081", "", "", ""}).size(), 1u);
    EXPECT_EQ(kind_of([&] { services_->measures.create(as(r, police_), input()); }),
              Kind::forbidden);
    EXPECT_EQ(kind_of([&] {
                services_->measures.change_status(as(r, police_), "2081", id, {"decided", ""});
              }),
              Kind::forbidden);
  }
  // Another municipality's role sees nothing here.
  EXPECT_EQ(
      kind_of([&] { services_->measures.get(as(Role::admin, boras_org_, "0490"), "2081", id); }),
      Kind::forbidden);
  EXPECT_EQ(kind_of([&] { services_->measures.get(coordinator(), "2081", id + 100); }),
            Kind::not_found);
}

TEST_F(MeasureServiceTest, AnalystsAndTheResponsibleOrganisationAddNotes) {
  const Id id = services_->measures.create(coordinator(), input()).id;  // Tunabyggen's
  EXPECT_EQ(
      services_->measures.add_note(as(Role::analyst, municipality_org_), "2081", id, "Uppföljt")
          .notes.size(),
      1u);
  EXPECT_EQ(services_->measures.add_note(as(Role::reporter, housing_), "2081", id, "Lampor bytta")
                .notes.size(),
            2u);
  EXPECT_EQ(
      kind_of([&] { services_->measures.add_note(as(Role::reporter, police_), "2081", id, "x"); }),
      Kind::forbidden);
  EXPECT_EQ(
      kind_of([&] { services_->measures.add_note(as(Role::viewer, housing_), "2081", id, "x"); }),
      Kind::forbidden);
  EXPECT_EQ(kind_of([&] { services_->measures.add_note(coordinator(), "2081", id, " "); }),
            Kind::invalid);
  const Measure m = services_->measures.get(coordinator(), "2081", id);
  ASSERT_EQ(m.notes.size(), 2u);
  EXPECT_EQ(m.notes[1].text, "Lampor bytta");
}

TEST_F(MeasureServiceTest, TheListFiltersByStatusAreaAndOrganisation) {
  const Principal who = coordinator();
  const Id a = services_->measures.create(who, input()).id;
  MeasureInput other = input();
  other.title = "Fältarbete Centrum";
  other.kind = "social";
  other.type = "field_work";
  other.areas = std::vector<std::string>{"Centrum"};
  other.organisation = "Kommunen";
  other.partners = std::vector<std::string>{};
  const Id b = services_->measures.create(who, other).id;
  services_->measures.change_status(who, "2081", b, {"decided", ""});
  const auto ids = [&](MeasureFilter f) {
    f.municipality = "2081";
    std::vector<Id> out;
    for (const Measure& m : services_->measures.list(who, f)) out.push_back(m.id);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(ids({}), (std::vector<Id>{a, b}));
  EXPECT_EQ(ids({"", "decided", "", ""}), std::vector<Id>{b});
  EXPECT_EQ(ids({"", "", "Tjärna Ängar", ""}), std::vector<Id>{a});
  EXPECT_EQ(ids({"", "", "", "Polisen"}), std::vector<Id>{a});  // a partner counts
  EXPECT_EQ(ids({"", "", "", "Kommunen"}), std::vector<Id>{b});
  EXPECT_EQ(kind_of([&] { ids({"", "klar", "", ""}); }), Kind::invalid);
}

TEST_F(MeasureServiceTest, TheCsvExportHasOneRowPerMeasureWithNames) {
  MeasureInput in = input();
  in.title = "=HYPERLINK(\"x\")";
  services_->measures.create(coordinator(), in);
  const std::string csv =
      services_->measures.export_csv(as(Role::viewer, police_), {"2081", "", "", ""});
  const std::string header = csv.substr(0, csv.find("\r\n"));
  EXPECT_EQ(header.rfind("id,title,description,kind,level,type,type_label,status,areas", 0), 0u)
      << header;
  EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos) << "formula guard";
  EXPECT_NE(csv.find("Tjärna Ängar"), std::string::npos);
  EXPECT_NE(csv.find("Belysning"), std::string::npos) << "the Swedish type label";
  EXPECT_NE(csv.find("Tunabyggen"), std::string::npos);
  EXPECT_NE(csv.find("Brand; Klotter"), std::string::npos);
  EXPECT_NE(csv.find(",125000,"), std::string::npos);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2);
}

TEST_F(MeasureServiceTest, AnObservationBecomesAProposedMeasureInItsArea) {
  SafetyWalkInput walk{"2081", "2026-10-15", {"Tjärna Ängar"}, "Torget", {"Tunabyggen"}};
  const SafetyWalk w = services_->safety_walks.create(as(Role::analyst, municipality_org_), walk);
  ObservationInput seen{"2081", 60.485, 15.46, "lighting", "Trasig belysning i gångtunneln", ""};
  const WalkObservation o =
      services_->safety_walks.observe(as(Role::analyst, municipality_org_), w.id, seen);
  EXPECT_EQ(o.area_id, std::optional<Id>(tjarna_));
  EXPECT_GT(o.location.x, 500000);
  // Without a responsible organisation there is no one to own the measure.
  EXPECT_EQ(fields_of([&] { services_->safety_walks.to_measure(coordinator(), "2081", o.id); }),
            std::vector<std::string>{"organisation"});
  services_->safety_walks.update_observation(as(Role::analyst, municipality_org_), o.id,
                                             {"2081", std::nullopt, "Tunabyggen"});
  // The responsible organisation's reporter may change the status, not reassign.
  EXPECT_EQ(services_->safety_walks
                .update_observation(as(Role::reporter, housing_), o.id, {"2081", "in_progress", {}})
                .status,
            ObservationStatus::in_progress);
  EXPECT_EQ(kind_of([&] {
              services_->safety_walks.update_observation(as(Role::reporter, housing_), o.id,
                                                         {"2081", std::nullopt, "Polisen"});
            }),
            Kind::forbidden);
  EXPECT_EQ(kind_of([&] {
              services_->safety_walks.to_measure(as(Role::analyst, police_), "2081", o.id);
            }),
            Kind::forbidden);
  const Measure m = services_->safety_walks.to_measure(coordinator(), "2081", o.id);
  EXPECT_EQ(m.status, MeasureStatus::proposed);
  EXPECT_EQ(m.area_ids, std::vector<Id>{tjarna_});
  EXPECT_EQ(m.organisation_id, housing_);
  EXPECT_EQ(m.type, MeasureType::lighting);
  EXPECT_EQ(m.title, "Belysning: Trasig belysning i gångtunneln");
  EXPECT_EQ(store_->walk_observation("2081", o.id)->measure_id, std::optional<Id>(m.id));
  EXPECT_EQ(kind_of([&] { services_->safety_walks.to_measure(coordinator(), "2081", o.id); }),
            Kind::conflict);
  EXPECT_EQ(store_->measures("2081").size(), 1u);
}

TEST_F(MeasureServiceTest, AWalkOrObservationWithBadInputNamesTheFields) {
  const Principal who = as(Role::analyst, municipality_org_);
  const auto walk_fields = fields_of([&] {
    services_->safety_walks.create(who, {"2081", "2099-01-01", {"Atlantis"}, "", {"Ingen"}});
  });
  EXPECT_EQ(walk_fields, (std::vector<std::string>{"date", "areas/0", "organisations/0"}));
  EXPECT_EQ(kind_of([&] {
              services_->safety_walks.create(as(Role::viewer, police_),
                                             {"2081", "2026-10-01", {"Centrum"}, "", {}});
            }),
            Kind::forbidden);
  const SafetyWalk w =
      services_->safety_walks.create(who, {"2081", "2026-10-01", {"Centrum"}, "", {}});
  const auto obs_fields = fields_of([&] {
    services_->safety_walks.observe(who, w.id, {"2081", 59.91, 10.75, "ufo", "", ""});
  });
  EXPECT_EQ(obs_fields, (std::vector<std::string>{"lat", "type"}));
  EXPECT_TRUE(store_->safety_walk("2081", w.id)->observations.empty());
}

TEST_F(MeasureServiceTest, TheEvaluationTakesItsAreaCategoriesAndPeriodsFromTheMeasure) {
  const Id id = services_->measures.create(coordinator(), input()).id;
  EvaluationRequest r;
  r.municipality = "2081";
  r.comparison_area = "Centrum";
  r.measure_id = id;
  const MeasureEvaluation e = services_->evaluation.evaluate(coordinator(), r);
  EXPECT_EQ(e.target, "Tjärna Ängar");
  EXPECT_EQ(e.categories, (std::vector<std::string>{"Brand", "Klotter"}));
  EXPECT_EQ(e.title, "Belysning Tjärna torg");
  EXPECT_EQ(format_day(e.after.first_day), "2025-09-01");
  EXPECT_EQ(format_day(e.before.end_day), "2025-09-01");
  EXPECT_EQ(e.before.end_day - e.before.first_day, 365);
  // Explicit values win.
  r.target_area = "Centrum";
  r.comparison_area = "Tjärna Ängar";
  r.before = "2024";
  EXPECT_EQ(services_->evaluation.evaluate(coordinator(), r).target, "Centrum");
  // A measure that has not started has no after period.
  MeasureInput future = input();
  future.start = "2099-01-01";
  future.end = "";
  r.measure_id = services_->measures.create(coordinator(), future).id;
  r.before.clear();
  EXPECT_EQ(fields_of([&] { services_->evaluation.evaluate(coordinator(), r); }),
            std::vector<std::string>{"after"});
  r.measure_id = id + 100;
  EXPECT_EQ(kind_of([&] { services_->evaluation.evaluate(coordinator(), r); }), Kind::not_found);
}

TEST_F(MeasureServiceTest, ACitizenPromiseIsFollowedUpWithItsActivitiesAndTheYearsMeasures) {
  CitizenPromiseInput in;
  in.municipality = "2081";
  in.year = 2026;
  in.police_area = "Lokalpolisområde Borlänge";
  in.municipalities = {"0490"};
  in.period = "2025";
  in.text = "Polisen och kommunen lovar <tryggare> kvällar.";
  in.activities = {{"Trygghetsvandring i Tjärna Ängar", "Tunabyggen", "2026-03-31", ""},
                   {"SSPF varannan vecka", "Polisen", "", "ongoing"}};
  // Bad input names the activity's field; nothing is stored.
  CitizenPromiseInput bad = in;
  bad.year.reset();
  bad.activities.push_back({"", "Ingen", "31 mars", "klar"});
  const auto fields = fields_of([&] { services_->citizen_promises.create(coordinator(), bad); });
  EXPECT_EQ(fields,
            (std::vector<std::string>{"year", "activities/2/text", "activities/2/organisation",
                                      "activities/2/deadline", "activities/2/status"}));
  EXPECT_EQ(kind_of([&] { services_->citizen_promises.create(as(Role::analyst, police_), in); }),
            Kind::forbidden);
  EXPECT_TRUE(store_->citizen_promises("2081").empty());

  const CitizenPromise p = services_->citizen_promises.create(coordinator(), in);
  EXPECT_EQ(p.municipalities, (std::vector<std::string>{"2081", "0490"}));
  ASSERT_EQ(p.activities.size(), 2u);
  // The owner organisation sets the status; others may not.
  const Id first = p.activities[0].id;
  EXPECT_EQ(services_->citizen_promises
                .update_activity(as(Role::reporter, housing_), first, {"2081", {}, {}, {}, "done"})
                .activities[0]
                .status,
            ActivityStatus::done);
  EXPECT_EQ(kind_of([&] {
              services_->citizen_promises.update_activity(as(Role::reporter, police_), first,
                                                          {"2081", {}, {}, {}, "planned"});
            }),
            Kind::forbidden);
  // The follow-up lists the activities and the measures that ran in the year.
  MeasureInput measure = input();
  measure.start = "2026-02-01";
  measure.title = "Belysning & röjning";
  services_->measures.create(coordinator(), measure);
  MeasureInput old = input();
  old.title = "Gammal åtgärd";
  old.start = "2024-01-01";
  old.end = "2024-12-31";
  services_->measures.create(coordinator(), old);
  const std::string html =
      services_->citizen_promises.report_html(as(Role::viewer, police_), "2081", p.id);
  EXPECT_NE(html.find("Medborgarlöfte 2026"), std::string::npos);
  EXPECT_NE(html.find("Borlänge, Borås"), std::string::npos);
  EXPECT_NE(html.find("&lt;tryggare&gt;"), std::string::npos) << "escaped";
  EXPECT_NE(html.find("SSPF varannan vecka"), std::string::npos);
  EXPECT_NE(html.find("genomförd"), std::string::npos);
  EXPECT_NE(html.find("Belysning &amp; röjning"), std::string::npos);
  EXPECT_EQ(html.find("Gammal åtgärd"), std::string::npos) << "ended before 2026";
  // Read in every municipality it lists.
  EXPECT_EQ(services_->citizen_promises.list(as(Role::viewer, boras_org_, "0490"), "0490").size(),
            1u);
}

}  // namespace
}  // namespace lagesbild

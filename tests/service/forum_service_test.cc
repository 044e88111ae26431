// The collaboration forums in the service layer: the agenda of a demo meeting lists what the
// lägesbild flags for the same week (computed here through SituationService, not written down),
// scheduling by cadence across the clock change, decisions that become measures in one action,
// bad input named field by field with nothing stored, the role rules of docs/ACCESS.md and the
// personal data guard on minutes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "demo_store.h"
#include "domain/cadence.h"
#include "report/situation_view.h"
#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild {
namespace {

namespace fs = std::filesystem;
using Kind = ServiceError::Kind;
using test_support::DemoStore;
using test_support::kind_of;
using test_support::with_role;

constexpr const char* kSquare =
    R"({"type":"Polygon","coordinates":[[[15.40,60.47],[15.44,60.47],[15.44,60.50],[15.40,60.50],[15.40,60.47]]]})";

TEST(ForumAgenda, ListsWhatTheLagesbildFlagsForTheGroupsAreasThatWeek) {
  DemoStore demo(1);
  ASSERT_FALSE(demo.world.truth.anomalies.empty());
  const auto& anomaly = demo.world.truth.anomalies.front();
  const Principal coordinator = with_role(*demo.store, Role::coordinator, "Borlänge kommun");
  auto& forums = demo.services->forums;
  GroupInput g;
  g.name = "EST-gruppen " + anomaly.area;
  g.kind = "operational";
  g.cadence = "weekly";
  g.areas = {anomaly.area};
  const ForumGroup group = forums.create_group(coordinator, g);
  // Two meetings a week apart: the second one's agenda covers the anomaly's week.
  const Period week = *parse_period(anomaly.week);
  ScheduleInput s;
  s.group_id = group.id;
  s.count = 2;
  s.first = format_day(week.first_day) + "T09:00";
  const auto meetings = forums.schedule(coordinator, s);
  ASSERT_EQ(meetings.size(), 2u);
  const auto agenda = forums.agenda(coordinator, "", meetings[1].id);
  EXPECT_EQ(agenda.period.label(), anomaly.week);
  ASSERT_TRUE(agenda.previous);
  EXPECT_EQ(agenda.previous->id, meetings[0].id);

  SituationRequest r;
  r.period = anomaly.week;
  for (Id a : group.area_ids) r.areas.push_back("#" + std::to_string(a));
  const auto pic = demo.services->situation.compile(coordinator, r);
  std::set<std::pair<std::string, std::string>> expected, listed;
  for (const auto& c : pic.situation.cells) {
    if (c.flagged) {
      expected.insert(
          {report::view::area_name(pic, c.area), report::view::category_name(pic, c.category)});
    }
  }
  for (const auto& f : agenda.flags) listed.insert({f.area, f.category});
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(listed, expected);
  EXPECT_TRUE(std::any_of(agenda.flags.begin(), agenda.flags.end(),
                          [&](const auto& f) { return f.area == anomaly.area && f.rise; }));
  // The material renders (the render test reads it as pixels elsewhere; here: a PDF).
  const std::string pdf = forums.material_pdf(coordinator, "", meetings[1].id);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
}

// The agenda's hot spots are the Gi* classes of the areas over the period since the last meeting,
// as the analysis service computes them for the same period on its own; a group sees its areas.
TEST(ForumAgenda, ListsTheGiStarHotSpotsOfTheGroupsAreasSinceTheLastMeeting) {
  DemoStore demo(1);
  const Principal coordinator = with_role(*demo.store, Role::coordinator, "Borlänge kommun");
  auto& forums = demo.services->forums;
  GroupInput g;
  g.name = "Styrgruppen";
  g.kind = "steering";
  g.cadence = "monthly";
  const ForumGroup all = forums.create_group(coordinator, g);
  ScheduleInput s;
  s.group_id = all.id;
  s.count = 2;
  s.first = "2026-09-01T09:00";
  const auto meetings = forums.schedule(coordinator, s);
  ASSERT_EQ(meetings.size(), 2u);
  // A cluster in September: the best-connected area and its neighbours get many reports (by area
  // name, as an organisation's CSV may place them), so Gi* has a hot spot to find.
  AreaHotspotRequest r;
  r.period = "2026-09";
  const auto before = demo.services->analysis.area_hotspots(coordinator, r);
  const auto centre = std::max_element(
      before.areas.begin(), before.areas.end(),
      [](const auto& l, const auto& x) { return l.neighbours.size() < x.neighbours.size(); });
  std::string csv = "occurred_at,category,organisation,area\n";
  const auto add = [&](const std::string& area, int n) {
    for (int i = 0; i < n; ++i) {
      csv += "2026-09-" + std::to_string(10 + i % 15) + " 21:00,skadegorelse.klotter,Polisen," +
             area + "\n";
    }
  };
  add(centre->name, 120);
  for (Id n : centre->neighbours) {
    for (const auto& a : before.areas) {
      if (a.area_id == n) add(a.name, 80);
    }
  }
  demo.services->reports.import_csv(Principal::operator_cli(), "2081", csv);
  const auto agenda = forums.agenda(coordinator, "", meetings[1].id);
  ASSERT_EQ(agenda.period.label(), "2026-09-01..2026-09-30");
  r.period = agenda.period.label();
  const auto map = demo.services->analysis.area_hotspots(coordinator, r);
  std::set<std::string> expected, listed;
  for (const auto& a : map.areas) {
    if (a.bin > 0) expected.insert(a.name);
  }
  for (const auto& h : agenda.hotspots) {
    listed.insert(h.area);
    EXPECT_GT(h.z, 0) << h.area;
    EXPECT_GE(h.bin, 1) << h.area;
  }
  ASSERT_FALSE(expected.empty()) << "the cluster is a hot spot in " << r.period;
  EXPECT_TRUE(expected.count(centre->name)) << centre->name;
  EXPECT_EQ(listed, expected);
  for (std::size_t i = 1; i < agenda.hotspots.size(); ++i) {
    EXPECT_GE(agenda.hotspots[i - 1].z, agenda.hotspots[i].z) << "strongest first";
  }

  // A group of one area that is not hot sees none; one of a hot area sees only it.
  std::string cold;
  for (const auto& a : map.areas) {
    if (a.bin <= 0) cold = a.name;
  }
  ASSERT_FALSE(cold.empty());
  for (const std::string& area : {cold, *expected.begin()}) {
    GroupInput one = g;
    one.name = "Grupp " + area;
    one.areas = {area};
    const ForumGroup group = forums.create_group(coordinator, one);
    s.group_id = group.id;
    const auto ms = forums.schedule(coordinator, s);
    const auto a = forums.agenda(coordinator, "", ms[1].id);
    ASSERT_EQ(a.period.label(), agenda.period.label());
    if (area == cold) {
      EXPECT_TRUE(a.hotspots.empty());
    } else {
      ASSERT_EQ(a.hotspots.size(), 1u);
      EXPECT_EQ(a.hotspots[0].area, area);
    }
  }
  const std::string pdf = forums.material_pdf(coordinator, "", meetings[1].id);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
}

class ForumServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("lb-forums-" + std::to_string(::getpid()) + ".db");
    remove();
    store_ = open_store(path_.string());
    store_->put_municipality({"2081", "Borlänge", 14, ""});
    store_->put_municipality({"0490", "Borås", 7, ""});
    police_ = store_->insert_organisation({0, "2081", "Polisen", "police"});
    housing_ = store_->insert_organisation({0, "2081", "Tunabyggen", "housing"});
    kommunen_ = store_->insert_organisation({0, "2081", "Kommunen", "municipality"});
    store_->insert_organisation({0, "0490", "Borås Stad", "municipality"});
    store_->insert_category({0, "2081", "brand", "Brand", std::nullopt, true});
    store_->insert_area({0, "2081", "Centrum", "", kSquare});
    member_ = store_->insert_user(
        {0, "anna", "Anna A", "hash", false, {{"2081", Role::reporter, police_}}});
    outsider_ = store_->insert_user(
        {0, "bo", "Bo B", "hash", false, {{"0490", Role::coordinator, police_}}});
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
  Principal as(Role role) const {
    Principal p;
    p.username = std::string(to_string(role));
    p.grants = {{"2081", role, kommunen_}};
    return p;
  }
  ForumGroup make_group() {
    GroupInput g;
    g.name = "Örat mot marken";
    g.kind = "operational";
    g.cadence = "every_other_week";
    g.organisations = {"Polisen", "Tunabyggen"};
    g.members = {"anna"};
    g.areas = {"Centrum"};
    g.categories = {"brand"};
    return services_->forums.create_group(as(Role::coordinator), g);
  }
  Meeting make_meeting(Id group, const std::string& starts = "2026-11-16T09:00") {
    MeetingInput m;
    m.group_id = group;
    m.starts = starts;
    return services_->forums.create_meeting(as(Role::coordinator), m);
  }
  static std::vector<std::string> fields(const std::function<void()>& f) {
    try {
      f();
    } catch (const ServiceError& e) {
      std::vector<std::string> out;
      for (const auto& x : e.errors()) out.push_back(x.field);
      return out;
    }
    ADD_FAILURE() << "no ServiceError";
    return {};
  }

  fs::path path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
  Id police_ = 0, housing_ = 0, kommunen_ = 0, member_ = 0, outsider_ = 0;
};

TEST_F(ForumServiceTest, SchedulesByCadenceKeepingTheLocalTimeAcrossTheClockChange) {
  GroupInput g;
  g.name = "Styrgruppen";
  g.kind = "steering";
  g.cadence = "weekly";
  const ForumGroup group = services_->forums.create_group(as(Role::coordinator), g);
  ScheduleInput s;
  s.group_id = group.id;
  s.count = 2;
  s.first = "2026-03-23T09:00";  // summer time starts on 29 March
  auto first = services_->forums.schedule(as(Role::coordinator), s);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(format_local(first[0].starts_at), "2026-03-23T09:00:00+01:00");
  EXPECT_EQ(format_local(first[1].starts_at), "2026-03-30T09:00:00+02:00");
  s.first.clear();  // continues after the latest meeting
  s.count = 1;
  const auto next = services_->forums.schedule(as(Role::coordinator), s);
  EXPECT_EQ(format_local(next.at(0).starts_at), "2026-04-06T09:00:00+02:00");
  EXPECT_EQ(next_meeting_day(Cadence::monthly, *parse_day("2026-01-31")), *parse_day("2026-02-28"));
  EXPECT_EQ(meeting_day(Cadence::monthly, *parse_day("2026-01-31"), 2), *parse_day("2026-03-31"));
  EXPECT_EQ(next_meeting_day(Cadence::four_times_a_year, *parse_day("2026-11-30")),
            *parse_day("2027-02-28"));
}

TEST_F(ForumServiceTest, BadInputIsNamedAndNothingIsStored) {
  GroupInput g;
  g.name = "";
  g.kind = "board";
  g.cadence = "daily";
  g.organisations = {"Borås Stad"};  // another municipality's organisation
  g.members = {"bo"};                // holds no role in Borlänge
  g.areas = {"Atlantis"};
  EXPECT_EQ(fields([&] { services_->forums.create_group(as(Role::coordinator), g); }),
            (std::vector<std::string>{"name", "kind", "cadence", "organisations/0", "areas/0",
                                      "members/0"}));
  EXPECT_TRUE(store_->forum_groups("2081").empty());

  MeetingInput m;
  m.group_id = 4711;
  m.starts = "2026-11-16T09:00";
  EXPECT_EQ(kind_of([&] { services_->forums.create_meeting(as(Role::coordinator), m); }),
            Kind::not_found);
  const ForumGroup group = make_group();
  m.group_id = group.id;
  m.starts = "16 november";
  EXPECT_EQ(fields([&] { services_->forums.create_meeting(as(Role::coordinator), m); }),
            std::vector<std::string>{"starts"});
  EXPECT_TRUE(store_->meetings("2081").empty());

  const Meeting meeting = make_meeting(group.id);
  DecisionInput d;
  d.meeting_id = meeting.id;
  d.title = "Röj buskagen";
  d.due = "2026-11-01";  // before the meeting
  EXPECT_EQ(fields([&] { services_->forums.decide(as(Role::coordinator), d); }),
            (std::vector<std::string>{"organisation", "due"}));
  // A measure decision whose measure is wrong stores neither the measure nor the decision.
  d.organisation = "Tunabyggen";
  d.due = "2026-12-31";
  d.kind = "measure";
  d.measure.kind = "situational";
  d.measure.level = "everyone";
  EXPECT_EQ(fields([&] { services_->forums.decide(as(Role::coordinator), d); }),
            std::vector<std::string>{"measure/level"});
  EXPECT_TRUE(store_->decisions("2081").empty());
  EXPECT_TRUE(store_->measures("2081").empty());
}

TEST_F(ForumServiceTest, ADecisionBecomesADecidedMeasureAndStaysOpenUntilClosed) {
  const ForumGroup group = make_group();
  const Meeting first = make_meeting(group.id);
  DecisionInput d;
  d.meeting_id = first.id;
  d.title = "Belysning i gångtunneln";
  d.organisation = "Tunabyggen";
  d.due = "2027-03-31";
  d.kind = "measure";
  d.measure = {"situational", "universal",  "lighting",  "decided",
               std::nullopt,  std::nullopt, std::nullopt};
  const DecisionResult r = services_->forums.decide(as(Role::coordinator), d);
  ASSERT_TRUE(r.measure);
  EXPECT_EQ(r.measure->status, MeasureStatus::decided);
  EXPECT_EQ(r.measure->area_ids, group.area_ids);  // the group's areas by default
  EXPECT_EQ(r.measure->end_day, parse_day("2027-03-31"));
  EXPECT_EQ(r.decision.measure_id, std::optional<Id>(r.measure->id));
  d.kind = "task";
  d.title = "Rapportera klotter till kommunen";
  d.organisation = "Polisen";
  d.people_count = 3;
  const DecisionResult task = services_->forums.decide(as(Role::coordinator), d);

  const Meeting second = make_meeting(group.id, "2026-11-30T09:00");
  auto agenda = services_->forums.agenda(as(Role::viewer), "", second.id);
  ASSERT_EQ(agenda.open_items.size(), 2u);
  EXPECT_EQ(agenda.open_items[0].measure_status, "decided");
  EXPECT_EQ(agenda.measures_due.size(), 1u);  // the decided measure in the group's area
  CloseInput c;
  c.meeting_id = second.id;
  c.note = "Klart";
  services_->forums.close(as(Role::coordinator), task.decision.id, c);
  EXPECT_EQ(kind_of([&] { services_->forums.close(as(Role::coordinator), task.decision.id, c); }),
            Kind::conflict);
  agenda = services_->forums.agenda(as(Role::viewer), "", second.id);
  ASSERT_EQ(agenda.open_items.size(), 1u);
  ASSERT_EQ(agenda.closed_items.size(), 1u);
  EXPECT_EQ(agenda.closed_items[0].id, task.decision.id);
  const auto overview = services_->forums.overview(as(Role::viewer), "");
  EXPECT_EQ(overview.total, 2);
  EXPECT_EQ(overview.open, 1);
}

TEST_F(ForumServiceTest, RolesAndThePersonalDataGuardOnMinutes) {
  GroupInput g;
  g.name = "SSPF";
  g.kind = "sspf";
  g.cadence = "monthly";
  EXPECT_EQ(kind_of([&] { services_->forums.create_group(as(Role::analyst), g); }),
            Kind::forbidden);
  const ForumGroup group = make_group();
  const Meeting meeting = make_meeting(group.id);
  MinutesInput in;
  in.minutes = "Ärende om 19811228-9874, ring 070-123 45 67.";
  in.status = "held";
  in.attending_organisations = std::vector<std::string>{"Polisen"};
  in.attending_members = std::vector<std::string>{"anna"};
  EXPECT_EQ(kind_of([&] { services_->forums.record(as(Role::viewer), meeting.id, in); }),
            Kind::forbidden);
  // Warn: stored, the kinds are returned, and readers who may not write minutes see them masked.
  const MinutesResult warned = services_->forums.record(as(Role::analyst), meeting.id, in);
  EXPECT_FALSE(warned.personal_data.empty());
  EXPECT_EQ(services_->forums.meeting(as(Role::analyst), "", meeting.id).minutes, *in.minutes);
  const std::string masked = services_->forums.meeting(as(Role::viewer), "", meeting.id).minutes;
  EXPECT_EQ(masked.find("19811228"), std::string::npos);
  EXPECT_NE(masked.find("[personnummer]"), std::string::npos);
  EXPECT_EQ(services_->forums.agenda(as(Role::analyst), "", meeting.id).minutes.find("19811228"),
            std::string::npos);
  // Block: refused, naming the field, and the stored minutes are unchanged.
  store_->set_personal_data_policy("2081", PersonalDataPolicy::block);
  in.minutes = "Nytt ärende, 19811228-9874";
  EXPECT_EQ(fields([&] { services_->forums.record(as(Role::analyst), meeting.id, in); }),
            std::vector<std::string>{"minutes"});
  EXPECT_EQ(store_->meetings("2081").at(0).minutes, "Ärende om 19811228-9874, ring 070-123 45 67.");
  in.attending_members = std::vector<std::string>{"bo"};  // not a member
  in.minutes = "Inga personuppgifter.";
  EXPECT_EQ(fields([&] { services_->forums.record(as(Role::analyst), meeting.id, in); }),
            std::vector<std::string>{"attending_members/0"});
  // Every write and read was audited.
  std::size_t forum_entries = 0;
  for (const auto& e : store_->audit_entries(1000))
    forum_entries += e.action.rfind("forum.", 0) == 0;
  EXPECT_GE(forum_entries, 5u);
}

}  // namespace
}  // namespace lagesbild

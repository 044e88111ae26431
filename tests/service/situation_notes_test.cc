// The notes a lägesbild carries: the versioned assessment, area statuses carried forward from
// week to week, and "nothing to report" so that the picture tells quiet from not reported.
#include <gtest/gtest.h>

#include <algorithm>

#include "demo_store.h"

namespace lagesbild {
namespace {

using test_support::DemoStore;
using test_support::kind_of;
using test_support::with_role;
using Kind = ServiceError::Kind;

const std::string kMunicipality(demo::kDemoMunicipalityCode);

std::vector<std::string> fields_of(const std::function<void()>& f) {
  std::vector<std::string> out;
  try {
    f();
  } catch (const ServiceError& e) {
    for (const auto& err : e.errors()) out.push_back(err.field);
  }
  return out;
}

const OrganisationCoverage& coverage_of(const SituationPicture& pic, const std::string& name) {
  for (const auto& c : pic.coverage) {
    if (c.organisation->name == name) return c;
  }
  throw std::runtime_error("no organisation " + name);
}

std::optional<AreaStatus> status_of(const SituationPicture& pic, const std::string& area) {
  for (std::size_t i = 0; i < pic.areas.size(); ++i) {
    if (pic.areas[i]->name == area && pic.area_status[i]) return pic.area_status[i]->status;
  }
  return std::nullopt;
}

SituationPicture picture(DemoStore& demo, const Principal& who, const std::string& period) {
  SituationRequest r;
  r.period = period;
  return demo.services->situation.compile(who, r);
}

TEST(SituationNotes, TheAssessmentIsVersionedAndTheCoordinatorWritesIt) {
  DemoStore demo(1);
  auto& svc = demo.services->situation;
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  AssessmentRequest r{"", "2026-W45", "Lugnt utom Tjärna Ängar.", "Trygghetsvandring"};
  const Assessment first = svc.assess(analyst, r);
  r.text = "Lugnt utom Tjärna Ängar, där bränderna ökar.";
  const Assessment second = svc.assess(analyst, r);
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(second.version, 2);
  EXPECT_EQ(second.period, "2026-W45");

  const auto pic = picture(demo, analyst, "2026-W45");
  ASSERT_EQ(pic.assessments.size(), 2u);
  EXPECT_EQ(pic.assessments[0].text, r.text) << "newest first";
  EXPECT_EQ(pic.assessments[1].text, "Lugnt utom Tjärna Ängar.");
  EXPECT_TRUE(picture(demo, analyst, "2026-W46").assessments.empty());
  EXPECT_EQ(svc.assessments(analyst, "", "2026-W45").size(), 2u);

  // Viewers and reporters read it with the picture, but do not write it.
  EXPECT_EQ(
      kind_of([&] { svc.assess(with_role(*demo.store, Role::viewer, "Borlänge kommun"), r); }),
      Kind::forbidden);
  EXPECT_EQ(kind_of([&] { svc.assess(with_role(*demo.store, Role::reporter, "Tunabyggen"), r); }),
            Kind::forbidden);
  // Bad input names every field, and stores nothing.
  const AssessmentRequest bad{"", "2026-W54", "  ", std::string("\xff", 1)};
  EXPECT_EQ(fields_of([&] { svc.assess(analyst, bad); }),
            (std::vector<std::string>{"period", "text", "proposed_actions"}));
  EXPECT_EQ(fields_of([&] {
              svc.assess(analyst, {"", "", "text", ""});
            }),
            std::vector<std::string>{"period"});
  EXPECT_EQ(svc.assessments(analyst, "", "2026-W45").size(), 2u);
  EXPECT_EQ(demo.store->assessments(kMunicipality, "2026-W54").size(), 0u);
}

TEST(SituationNotes, AnAreaStatusHoldsFromItsPeriodUntilChanged) {
  DemoStore demo(1);
  auto& svc = demo.services->situation;
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  svc.set_area_status(analyst, {"", "2026-W40", "Tjärna Ängar", "red", "bränder varje vecka"});
  svc.set_area_status(analyst, {"", "2026-W44", "Tjärna Ängar", "yellow", "lugnare"});
  svc.set_area_status(analyst, {"", "2026-W42", "Centrum", "orange", ""});

  EXPECT_EQ(status_of(picture(demo, analyst, "2026-W39"), "Tjärna Ängar"), std::nullopt);
  EXPECT_EQ(status_of(picture(demo, analyst, "2026-W40"), "Tjärna Ängar"), AreaStatus::red);
  EXPECT_EQ(status_of(picture(demo, analyst, "2026-W43"), "Tjärna Ängar"), AreaStatus::red);
  const auto w47 = picture(demo, analyst, "2026-W47");
  EXPECT_EQ(status_of(w47, "Tjärna Ängar"), AreaStatus::yellow) << "carried forward";
  EXPECT_EQ(status_of(w47, "Centrum"), AreaStatus::orange);
  // A month starting before the change sees the status in force on its first day.
  EXPECT_EQ(status_of(picture(demo, analyst, "2026-10"), "Tjärna Ängar"), AreaStatus::red);

  const auto before = demo.store->area_statuses(kMunicipality).size();
  EXPECT_EQ(fields_of([&] {
              svc.set_area_status(analyst, {"", "2026-W47", "Atlantis", "purple", ""});
            }),
            (std::vector<std::string>{"area", "status"}));
  EXPECT_EQ(kind_of([&] {
              svc.set_area_status(with_role(*demo.store, Role::reporter, "Polisen"),
                                  {"", "2026-W47", "Centrum", "red", ""});
            }),
            Kind::forbidden);
  EXPECT_EQ(demo.store->area_statuses(kMunicipality).size(), before);
}

TEST(SituationNotes, CoverageTellsQuietFromNotReportedOverTheCadence) {
  DemoStore demo(1);
  auto& svc = demo.services->situation;
  const auto analyst = with_role(*demo.store, Role::analyst, "Borlänge kommun");
  ASSERT_EQ(demo.world.municipality.reporting_cadence_days, 14);
  // Before the demo's first report nobody has reported anything.
  const std::string week = "2019-W10", next = "2019-W11", after = "2019-W12";
  for (const auto& c : picture(demo, analyst, week).coverage) {
    EXPECT_EQ(c.state, CoverageState::not_reported) << c.organisation->name;
  }
  const auto tunabyggen = with_role(*demo.store, Role::reporter, "Tunabyggen");
  const auto first = svc.declare_nothing_to_report(tunabyggen, {"", week, "", {}});
  const auto again = svc.declare_nothing_to_report(tunabyggen, {"", week, "", {}});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(again[0].id, first[0].id) << "declaring twice stores one declaration";
  const auto coordinator = with_role(*demo.store, Role::coordinator, "Borlänge kommun");
  svc.declare_nothing_to_report(coordinator, {"", week, "Polisen", {"Tjärna Ängar"}});

  // A reporter declares for their own organisation only; a bad area stores nothing at all.
  const auto declared = demo.store->nothing_to_report(kMunicipality, 0, 1'000'000).size();
  EXPECT_EQ(kind_of([&] {
              svc.declare_nothing_to_report(tunabyggen, {"", week, "Polisen", {}});
            }),
            Kind::forbidden);
  EXPECT_EQ(
      fields_of([&] {
        svc.declare_nothing_to_report(coordinator, {"", week, "Keolis", {"Centrum", "Atlantis"}});
      }),
      std::vector<std::string>{"areas/1"});
  EXPECT_EQ(fields_of([&] {
              svc.declare_nothing_to_report(coordinator, {"", "", "Nobody", {}});
            }),
            (std::vector<std::string>{"period", "organisation"}));
  EXPECT_EQ(demo.store->nothing_to_report(kMunicipality, 0, 1'000'000).size(), declared);

  const auto w10 = picture(demo, analyst, week);
  EXPECT_EQ(coverage_of(w10, "Tunabyggen").state, CoverageState::nothing_to_report);
  EXPECT_TRUE(coverage_of(w10, "Tunabyggen").everywhere_quiet);
  const auto& polisen = coverage_of(w10, "Polisen");
  EXPECT_EQ(polisen.state, CoverageState::nothing_to_report);
  EXPECT_FALSE(polisen.everywhere_quiet);
  ASSERT_EQ(polisen.quiet_areas.size(), 1u);
  EXPECT_EQ(polisen.quiet_areas[0]->name, "Tjärna Ängar");
  EXPECT_EQ(coverage_of(w10, "Keolis").state, CoverageState::not_reported);
  // Borlänge reports every 14 days: the declaration covers the next week too, not the one after.
  EXPECT_EQ(coverage_of(picture(demo, analyst, next), "Tunabyggen").state,
            CoverageState::nothing_to_report);
  EXPECT_EQ(coverage_of(picture(demo, analyst, after), "Tunabyggen").state,
            CoverageState::not_reported);

  // In an ordinary week, reports count over the cadence's 14 days, not only the week's 7.
  const auto last = picture(demo, analyst, demo.world.last_week);
  std::int64_t in_week = 0, in_cadence = 0;
  for (std::size_t o = 0; o < last.coverage.size(); ++o) {
    const auto& c = last.coverage[o];
    EXPECT_EQ(c.organisation, last.organisations[o]);
    EXPECT_GE(c.reports, last.situation.coverage[o].reports) << c.organisation->name;
    if (c.reports > 0) {
      EXPECT_EQ(c.state, CoverageState::reported) << c.organisation->name;
    }
    in_week += last.situation.coverage[o].reports;
    in_cadence += c.reports;
  }
  EXPECT_GT(in_cadence, in_week);
  EXPECT_GT(in_week, 0);
}

}  // namespace
}  // namespace lagesbild

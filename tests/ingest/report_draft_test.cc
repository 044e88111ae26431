#include "ingest/report_draft.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "borlange_fixture.h"

namespace lagesbild::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using namespace testing;  // NOLINT: the fixture's names

class Resolve : public ::testing::Test {
 protected:
  Resolve() : ctx_(borlange_context(projector_)), cats_(borlange_categories()) {}

  // A valid draft: Klotter at Centrum's point (522500, 6702500), yesterday evening.
  ReportDraft draft() const {
    ReportDraft d;
    d.category = "skadegorelse.klotter";
    d.organisation = "Tunabyggen";
    d.occurred_from = "2026-11-30T21:30";
    d.x = 522500;
    d.y = 6702500;
    return d;
  }

  ResolveOptions options() const {
    ResolveOptions o;
    o.source = Source::csv;
    o.now = test_now();
    o.line = 7;
    return o;
  }

  Expected<Report> run(const ReportDraft& d) const {
    return resolve(d, *ctx_, projector_, FieldNames{}, options());
  }

  // The only error of resolving `d`.
  FieldError only_error(const ReportDraft& d) const {
    auto r = run(d);
    EXPECT_FALSE(r.ok());
    if (r.ok()) return {};
    EXPECT_EQ(r.errors().size(), 1u) << to_string(r.errors());
    return r.errors().front();
  }

  geo::Projector projector_;
  std::unique_ptr<ReportContext> ctx_;
  std::vector<Category> cats_;
};

TEST_F(Resolve, ValidDraftFillsEveryField) {
  ReportDraft d = draft();
  d.occurred_to = "2026-11-30T23:00";
  d.count = 3;
  d.severity = 2;
  d.description = "Klotter på gavel, \"tag\" i rött";
  d.external_id = "TB-1";
  ResolveOptions o = options();
  o.reporter_id = 42;
  auto r = resolve(d, *ctx_, projector_, FieldNames{}, o);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(r->municipality, "2081");
  EXPECT_EQ(r->organisation_id, kTunabyggen);
  EXPECT_EQ(r->reporter_id, 42);
  EXPECT_EQ(r->category_id, category_id(cats_, "skadegorelse.klotter"));
  EXPECT_EQ(r->occurred_from, *parse_timestamp("2026-11-30T20:30:00Z"));
  EXPECT_EQ(r->occurred_to, *parse_timestamp("2026-11-30T22:00:00Z"));
  ASSERT_TRUE(r->location.has_value());
  EXPECT_EQ(r->location->x, 522500);
  EXPECT_EQ(r->location->y, 6702500);
  EXPECT_NEAR(r->location->lat, 60.4, 0.2);
  EXPECT_NEAR(r->location->lon, 15.4, 0.2);
  EXPECT_EQ(r->area_id, kCentrum);
  EXPECT_FALSE(r->place_id.has_value());
  EXPECT_EQ(r->count, 3);
  EXPECT_EQ(r->severity, 2);
  EXPECT_EQ(r->description, d.description);
  EXPECT_EQ(r->source, Source::csv);
  EXPECT_EQ(r->external_id, "TB-1");
  EXPECT_EQ(r->created_at, test_now());
  EXPECT_EQ(r->status, ReportStatus::submitted);
}

TEST_F(Resolve, ThePrecisionSaysWhetherThePointIsWhereItHappened) {
  EXPECT_EQ(run(draft())->location_precision, LocationPrecision::exact);
  ReportDraft at_place = draft();
  at_place.x.reset();
  at_place.y.reset();
  at_place.place = "Resecentrum";
  EXPECT_EQ(run(at_place)->location_precision, LocationPrecision::place);
  ReportDraft in_area = at_place;
  in_area.place.clear();
  in_area.area = "Centrum";
  const auto r = run(in_area);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_FALSE(r->location);
  EXPECT_EQ(r->location_precision, LocationPrecision::area);
}

TEST_F(Resolve, CountAndSeverityDefaultToOne) {
  auto r = run(draft());
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(r->count, 1);
  EXPECT_EQ(r->severity, 1);
}

TEST_F(Resolve, CategoryByCodeNameOrPathIgnoringCase) {
  const Id klotter = category_id(cats_, "skadegorelse.klotter");
  for (const char* text : {"skadegorelse.klotter", "SKADEGORELSE.KLOTTER", "Klotter", "klotter",
                           " KLOTTER ", "Skadegörelse › Klotter", "SKADEGÖRELSE›klotter",
                           "Skadegörelse/Klotter", "skadegörelse / klotter"}) {
    std::string why;
    EXPECT_EQ(ctx_->category_id(text, &why), klotter) << text << ": " << why;
  }
}

TEST_F(Resolve, CategoryNamesWithSlashesStillResolve) {
  const Id container = category_id(cats_, "brand.container");
  for (const char* text : {"Brand i container/papperskorg", "Brand › Brand i container/papperskorg",
                           "brand/brand i container / papperskorg"}) {
    std::string why;
    EXPECT_EQ(ctx_->category_id(text, &why), container) << text << ": " << why;
  }
  std::string why;
  EXPECT_EQ(ctx_->category_id("stöld/inbrott", &why), category_id(cats_, "stold_inbrott")) << why;
}

TEST_F(Resolve, AmbiguousCategoryNameListsTheCandidateCodes) {
  ReportDraft d = draft();
  d.category = "övrigt";
  EXPECT_EQ(only_error(d), (FieldError{"category", 7,
                                       "ambiguous category 'övrigt': use one of the codes ovrigt, "
                                       "trafik.ovrigt"}));
  d.category = "Trafik › Övrigt";
  auto r = run(d);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(r->category_id, category_id(cats_, "trafik.ovrigt"));
}

TEST_F(Resolve, UnknownCategoryIsNamed) {
  ReportDraft d = draft();
  d.category = "graffiti";
  EXPECT_EQ(only_error(d), (FieldError{"category", 7, "unknown category 'graffiti'"}));
}

TEST_F(Resolve, InactiveCategoryIsRejected) {
  ReportDraft d = draft();
  d.category = "Gammal kategori";
  EXPECT_EQ(only_error(d), (FieldError{"category", 7, "category 'gammal' is no longer in use"}));
}

TEST_F(Resolve, MissingCategoryIsRequired) {
  ReportDraft d = draft();
  d.category = " ";
  EXPECT_EQ(only_error(d), (FieldError{"category", 7, "required"}));
}

TEST_F(Resolve, OrganisationByNameIgnoringCaseOrTheDefault) {
  ReportDraft d = draft();
  d.organisation = "RÄDDNINGSTJÄNSTEN dala mitt";
  EXPECT_EQ(run(d)->organisation_id, kRaddningstjansten);
  d.organisation = "";
  EXPECT_EQ(only_error(d), (FieldError{"organisation", 7, "required"}));
  ResolveOptions o = options();
  o.default_organisation = kPolisen;
  EXPECT_EQ(resolve(d, *ctx_, projector_, FieldNames{}, o)->organisation_id, kPolisen);
  o.default_organisation = 99;
  EXPECT_EQ(resolve(d, *ctx_, projector_, FieldNames{}, o).errors(),
            Errors{(FieldError{"organisation", 7, "organisation 99 is not in municipality 2081"})});
  d.organisation = "Securitas";
  EXPECT_EQ(only_error(d), (FieldError{"organisation", 7, "unknown organisation 'Securitas'"}));
}

TEST_F(Resolve, LatLonIsProjectedAndLocatedInItsArea) {
  const Location maserhallen = projector_.from_sweref(527000, 6703000);
  ReportDraft d = draft();
  d.x = d.y = std::nullopt;
  d.lat = maserhallen.lat;
  d.lon = maserhallen.lon;
  auto r = run(d);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(r->location->lat, maserhallen.lat);
  EXPECT_NEAR(r->location->x, 527000, 1e-6);
  EXPECT_NEAR(r->location->y, 6703000, 1e-6);
  EXPECT_EQ(r->area_id, kTjarnaAngar);
}

TEST_F(Resolve, PointOutsideEveryAreaHasNoArea) {
  ReportDraft d = draft();
  d.x = 535000;
  auto r = run(d);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_FALSE(r->area_id.has_value());
}

TEST_F(Resolve, HalfACoordinatePairIsAnErrorOnTheMissingHalf) {
  ReportDraft d = draft();
  d.y = std::nullopt;
  EXPECT_EQ(only_error(d), (FieldError{"y", 7, "required together with x"}));
  d = draft();
  d.x = d.y = std::nullopt;
  d.lon = 15.4;
  EXPECT_EQ(only_error(d), (FieldError{"lat", 7, "required together with lon"}));
}

TEST_F(Resolve, BothCoordinatePairsAreAnError) {
  ReportDraft d = draft();
  d.lat = 60.48;
  d.lon = 15.43;
  EXPECT_EQ(only_error(d), (FieldError{"x", 7, "give either lat/lon or x/y, not both"}));
}

TEST_F(Resolve, PointOutsideSwedenIsRejected) {
  ReportDraft d = draft();
  d.x = d.y = std::nullopt;
  d.lat = 52.52;  // Berlin
  d.lon = 13.40;
  EXPECT_EQ(only_error(d), (FieldError{"lat", 7, "outside Sweden"}));
  d.lat = 15.43;  // Borlänge with lat and lon swapped
  d.lon = 60.48;
  EXPECT_EQ(only_error(d), (FieldError{"lat", 7, "outside Sweden (are the coordinates swapped?)"}));
  d.lat = 91;
  EXPECT_EQ(only_error(d), (FieldError{"lat", 7, "must be between -90 and 90"}));
}

TEST_F(Resolve, SwerefOutsideSwedenIsRejected) {
  ReportDraft d = draft();
  d.x = 6702500;  // swapped
  d.y = 522500;
  EXPECT_EQ(only_error(d), (FieldError{"x", 7, "outside Sweden (are the coordinates swapped?)"}));
  d.x = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(only_error(d), (FieldError{"x", 7, "must be a finite number"}));
}

TEST_F(Resolve, PointOutsideTheMunicipalityBoundaryIsRejected) {
  ReportDraft d = draft();
  d.x = 545000;  // in Sweden, east of the boundary
  EXPECT_EQ(only_error(d), (FieldError{"x", 7, "outside the municipality 2081"}));
  auto no_boundary = borlange_context(projector_, false);
  EXPECT_TRUE(resolve(d, *no_boundary, projector_, FieldNames{}, options()).ok());
}

TEST_F(Resolve, PlaceGivesItsPointAndArea) {
  ReportDraft d = draft();
  d.x = d.y = std::nullopt;
  for (const char* text : {"resecentrum", "#1", "1"}) {
    d.place = text;
    auto r = run(d);
    ASSERT_TRUE(r.ok()) << to_string(r.errors());
    EXPECT_EQ(r->place_id, kResecentrum);
    EXPECT_EQ(r->location, ctx_->places()[0].location);
    EXPECT_EQ(r->area_id, kCentrum);
  }
  d.place = "Stadshuset";
  EXPECT_EQ(only_error(d), (FieldError{"place", 7, "unknown place 'Stadshuset'"}));
}

TEST_F(Resolve, PointWithAPlaceMustBeThePlacesPoint) {
  ReportDraft d = draft();
  d.place = "Resecentrum";
  d.x = 522000;
  d.y = 6702000;
  EXPECT_TRUE(run(d).ok());
  d.x = 522300;
  d.y = 6702400;
  EXPECT_EQ(only_error(d),
            (FieldError{"place", 7, "the given point is 500 m from place 'Resecentrum'"}));
}

TEST_F(Resolve, AreaAloneHasNoPoint) {
  ReportDraft d = draft();
  d.x = d.y = std::nullopt;
  d.area = "TJÄRNA ÄNGAR";
  auto r = run(d);
  ASSERT_TRUE(r.ok()) << to_string(r.errors());
  EXPECT_EQ(r->area_id, kTjarnaAngar);
  EXPECT_FALSE(r->location.has_value());
  d.area = "#3";
  EXPECT_EQ(run(d)->area_id, kNorr);
  d.area = "Söder";
  EXPECT_EQ(only_error(d), (FieldError{"area", 7, "unknown area 'Söder'"}));
}

TEST_F(Resolve, AreaWithAPointOrPlaceMustAgreeWithIt) {
  ReportDraft d = draft();  // a point in Centrum
  d.area = "Centrum";
  EXPECT_EQ(run(d)->area_id, kCentrum);
  d.area = "Norr";
  EXPECT_EQ(only_error(d), (FieldError{"area", 7, "the point is not in area 'Norr'"}));
  d.x = d.y = std::nullopt;
  d.place = "Maserhallen";
  EXPECT_EQ(only_error(d), (FieldError{"area", 7, "place 'Maserhallen' is not in area 'Norr'"}));
}

TEST_F(Resolve, SomeLocationIsRequired) {
  ReportDraft d = draft();
  d.x = d.y = std::nullopt;
  EXPECT_EQ(only_error(d),
            (FieldError{"", 7, "a location is required: lat and lon, x and y, place or area"}));
}

TEST_F(Resolve, OccurredFromIsRequiredAndParsed) {
  ReportDraft d = draft();
  d.occurred_from = "";
  EXPECT_EQ(only_error(d), (FieldError{"occurred_from", 7, "required"}));
  d.occurred_from = "30/11/2026";
  std::string why;
  parse_timestamp(d.occurred_from, &why);
  EXPECT_EQ(only_error(d), (FieldError{"occurred_from", 7, why}));
  d.occurred_from = "2026-03-29T02:30";  // the spring DST gap
  parse_timestamp(d.occurred_from, &why);
  EXPECT_EQ(only_error(d), (FieldError{"occurred_from", 7, why}));
}

TEST_F(Resolve, OccurredFromMoreThanFiveMinutesAheadIsInTheFuture) {
  ReportDraft d = draft();
  d.occurred_from = "2026-12-01T12:05:00Z";
  EXPECT_TRUE(run(d).ok());
  d.occurred_from = "2026-12-01T12:05:01Z";
  EXPECT_EQ(only_error(d), (FieldError{"occurred_from", 7, "in the future"}));
}

TEST_F(Resolve, OccurredToMustFollowOccurredFromWithinTheLimit) {
  ReportDraft d = draft();
  d.occurred_from = "2026-11-01T00:00:00Z";
  d.occurred_to = "2026-10-31T23:59:59Z";
  EXPECT_EQ(only_error(d), (FieldError{"occurred_to", 7, "occurred_to is before occurred_from"}));
  d.occurred_to = "2026-11-15T00:00:00Z";
  EXPECT_TRUE(run(d).ok());
  d.occurred_to = "2026-11-15T00:00:01Z";
  EXPECT_EQ(only_error(d), (FieldError{"occurred_to", 7, "the interval is longer than 14 days"}));
  d.occurred_to = "soon";
  EXPECT_EQ(only_error(d).field, "occurred_to");
}

TEST_F(Resolve, CountAndSeverityRanges) {
  ReportDraft d = draft();
  d.count = 0;
  EXPECT_EQ(only_error(d), (FieldError{"count", 7, "must be between 1 and 10000"}));
  d.count = 10000;
  d.severity = 4;
  EXPECT_EQ(only_error(d), (FieldError{"severity", 7, "must be 1, 2 or 3"}));
  d.severity = 0;
  EXPECT_EQ(only_error(d), (FieldError{"severity", 7, "must be 1, 2 or 3"}));
  d.severity = 3;
  EXPECT_TRUE(run(d).ok());
}

TEST_F(Resolve, DescriptionMustBeUtf8OfAtMost4000Characters) {
  ReportDraft d = draft();
  d.description = "bra\xC3(";
  EXPECT_EQ(only_error(d), (FieldError{"description", 7, "malformed UTF-8 at byte offset 3"}));
  d.description.clear();
  for (int i = 0; i < 4000; ++i) d.description += "å";  // 8000 bytes, 4000 characters
  EXPECT_TRUE(run(d).ok());
  d.description += "x";
  EXPECT_EQ(only_error(d), (FieldError{"description", 7, "longer than 4000 characters"}));
}

TEST_F(Resolve, ExternalIdOfAtMost200Characters) {
  ReportDraft d = draft();
  d.external_id = std::string(200, 'a');
  EXPECT_TRUE(run(d).ok());
  d.external_id += 'a';
  EXPECT_EQ(only_error(d), (FieldError{"external_id", 7, "longer than 200 characters"}));
}

TEST_F(Resolve, CollectsEveryProblemOfADraft) {
  ReportDraft d;
  d.category = "nope";
  d.organisation = "Ingen";
  d.occurred_from = "igår";
  d.lat = 60.48;
  d.count = -1;
  d.severity = 9;
  auto r = run(d);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields;
  for (const auto& e : r.errors()) fields.push_back(e.field);
  EXPECT_THAT(fields, UnorderedElementsAre("category", "organisation", "occurred_from", "lon",
                                           "count", "severity"));
}

TEST_F(Resolve, ErrorsUseTheCallersFieldNames) {
  ReportDraft d = draft();
  d.category = "nope";
  auto r =
      resolve(d, *ctx_, projector_, FieldNames::json_pointers(), ResolveOptions{.now = test_now()});
  EXPECT_THAT(r.errors(), ElementsAre(FieldError{"/category", 0, "unknown category 'nope'"}));
}

TEST_F(Resolve, CategoryWithDescendants) {
  const auto ids = ctx_->category_with_descendants(category_id(cats_, "andts.narkotika"));
  EXPECT_THAT(ids, UnorderedElementsAre(category_id(cats_, "andts.narkotika"),
                                        category_id(cats_, "andts.narkotika.forsaljning_bruk"),
                                        category_id(cats_, "andts.narkotika.sprutor")));
}

}  // namespace
}  // namespace lagesbild::ingest

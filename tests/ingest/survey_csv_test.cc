// The survey CSV import: every row's problems named by line and column, the whole municipality
// spelled several ways, duplicates on the later line.
#include "ingest/survey_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "borlange_fixture.h"

namespace lagesbild::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace testing;  // NOLINT: the fixture's names

class SurveyCsvTest : public ::testing::Test {
 protected:
  SurveyCsvTest() : ctx_(borlange_context(projector_)) {}
  SurveyCsv parse(std::string_view content) const { return parse_survey_csv(content, *ctx_); }

  geo::Projector projector_;
  std::unique_ptr<ReportContext> ctx_;
};

TEST_F(SurveyCsvTest, ReadsAreasAndTheWholeMunicipality) {
  const auto r = parse(
      "area,year,indicator,value,n\n"
      "Tjärna Ängar,2025,känner sig otrygg ute sent på kvällen,0.34,212\n"
      ",2025,känner sig otrygg ute sent på kvällen,0.21,1830\n"
      "Borlänge,2024,känner sig otrygg ute sent på kvällen,0.23,1790\n"
      "#1,2025,oro för brott,1,45\n");
  ASSERT_THAT(r.errors, IsEmpty());
  ASSERT_EQ(r.values.size(), 4u);
  EXPECT_EQ(r.values[0].area_id, std::optional<Id>(kTjarnaAngar));
  EXPECT_EQ(r.values[0].year, 2025);
  EXPECT_EQ(r.values[0].indicator, "känner sig otrygg ute sent på kvällen");
  EXPECT_DOUBLE_EQ(r.values[0].share, 0.34);
  EXPECT_EQ(r.values[0].respondents, 212);
  EXPECT_EQ(r.values[0].municipality, "2081");
  EXPECT_FALSE(r.values[1].area_id);
  EXPECT_FALSE(r.values[2].area_id);
  EXPECT_EQ(r.values[3].area_id, std::optional<Id>(kCentrum));
  EXPECT_THAT(r.lines, ElementsAre(2, 3, 4, 5));
}

TEST_F(SurveyCsvTest, ReadsSwedishExcelWithSemicolonsDecimalCommaAndSwedishHeaders) {
  const auto r = parse(
      "\xEF\xBB\xBFOmråde;År;Indikator;Andel;Svarande\r\n"
      "Norr;2023;Känner sig otrygg;0,405;96\r\n"
      ";;;;\r\n"
      "Hela kommunen;2023;Känner sig otrygg;0,2;1500\r\n");
  ASSERT_THAT(r.errors, IsEmpty());
  ASSERT_EQ(r.values.size(), 2u);
  EXPECT_DOUBLE_EQ(r.values[0].share, 0.405);
  EXPECT_EQ(r.values[0].area_id, std::optional<Id>(kNorr));
  EXPECT_THAT(r.lines, ElementsAre(2, 4));
}

TEST_F(SurveyCsvTest, EveryBadFieldIsNamedWithItsLine) {
  const auto r = parse(
      "area,year,indicator,value,n\n"
      "Centrum,2025,otrygg,1.2,100\n"    // share above 1
      "Centrum,2025,oro,-0.1,100\n"      // share below 0
      "Centrum,2025,rädd,34,100\n"       // a percentage
      "Centrum,2025,ensam,abc,100\n"     // not a number
      "Centrum,2025,otrygg2,0.5,0\n"     // n = 0
      "Centrum,2025,otrygg3,0.5,-4\n"    // n < 0
      "Centrum,2025,otrygg4,0.5,12.5\n"  // n not whole
      "Atlantis,2025,otrygg,0.5,100\n"   // unknown area
      "Centrum,1899,otrygg,0.5,100\n"    // year out of range
      "Centrum,tjugo,otrygg,0.5,100\n"   // year not a number
      "Centrum,2025,,0.5,100\n"          // no indicator
      "Centrum,2025,otrygg,0.5\n");      // too few fields
  ASSERT_EQ(r.errors.size(), 12u);
  const auto at = [&](std::size_t i) { return r.errors[i]; };
  EXPECT_EQ(at(0).line, 2);
  EXPECT_EQ(at(0).field, "value");
  EXPECT_THAT(at(0).reason, HasSubstr("between 0 and 1"));
  EXPECT_EQ(at(1).line, 3);
  EXPECT_EQ(at(1).field, "value");
  EXPECT_EQ(at(2).line, 4);
  EXPECT_THAT(at(2).reason, HasSubstr("looks like a percentage: write 0.34"));
  EXPECT_EQ(at(3).line, 5);
  EXPECT_THAT(at(3).reason, HasSubstr("not a number"));
  EXPECT_EQ(at(4).line, 6);
  EXPECT_EQ(at(4).field, "n");
  EXPECT_THAT(at(4).reason, HasSubstr("at least 1"));
  EXPECT_EQ(at(5).line, 7);
  EXPECT_EQ(at(5).field, "n");
  EXPECT_EQ(at(6).line, 8);
  EXPECT_THAT(at(6).reason, HasSubstr("whole number"));
  EXPECT_EQ(at(7).line, 9);
  EXPECT_EQ(at(7).field, "area");
  EXPECT_THAT(at(7).reason, HasSubstr("unknown area 'Atlantis'"));
  EXPECT_EQ(at(8).line, 10);
  EXPECT_EQ(at(8).field, "year");
  EXPECT_EQ(at(9).line, 11);
  EXPECT_EQ(at(9).field, "year");
  EXPECT_EQ(at(10).line, 12);
  EXPECT_EQ(at(10).field, "indicator");
  EXPECT_EQ(at(11).line, 13);
  EXPECT_THAT(at(11).reason, HasSubstr("expected 5 fields"));
  EXPECT_THAT(r.values, IsEmpty());
}

TEST_F(SurveyCsvTest, SeveralProblemsOfOneRowAreAllReported) {
  const auto r = parse("area,year,indicator,value,n\nAtlantis,20x5,otrygg,7,0\n");
  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].field, "area");
  EXPECT_EQ(r.errors[1].field, "year");
  EXPECT_EQ(r.errors[2].field, "value");
  EXPECT_EQ(r.errors[3].field, "n");
}

TEST_F(SurveyCsvTest, DuplicateRowIsAnErrorOnTheLaterLine) {
  const auto r = parse(
      "area,year,indicator,value,n\n"
      "Centrum,2025,Känner sig otrygg,0.3,100\n"
      "Norr,2025,Känner sig otrygg,0.3,100\n"
      "#1,2025,känner sig OTRYGG,0.31,101\n"
      ",2025,Känner sig otrygg,0.3,100\n"
      "Borlänge,2025,Känner sig otrygg,0.3,100\n");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 4);
  EXPECT_THAT(r.errors[0].reason, HasSubstr("duplicate row"));
  EXPECT_THAT(r.errors[0].reason, HasSubstr("line 2"));
  EXPECT_EQ(r.errors[1].line, 6);
  EXPECT_THAT(r.errors[1].reason, HasSubstr("line 5"));
}

TEST_F(SurveyCsvTest, HeaderProblemsStopBeforeTheRows) {
  const auto missing = parse("area,year,value\nCentrum,2025,0.5\n");
  ASSERT_EQ(missing.errors.size(), 2u);
  EXPECT_EQ(missing.errors[0].field, "indicator");
  EXPECT_EQ(missing.errors[0].line, 1);
  EXPECT_EQ(missing.errors[1].field, "n");
  const auto unknown = parse("area,year,indicator,value,n,kommentar\n");
  ASSERT_EQ(unknown.errors.size(), 1u);
  EXPECT_EQ(unknown.errors[0].field, "kommentar");
  EXPECT_EQ(parse("").errors.size(), 1u);
}

}  // namespace
}  // namespace lagesbild::ingest

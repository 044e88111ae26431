#include "ingest/csv_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "borlange_fixture.h"

namespace lagesbild::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace testing;  // NOLINT: the fixture's names

class CsvImportTest : public ::testing::Test {
 protected:
  CsvImportTest() : ctx_(borlange_context(projector_)) {}

  CsvImport parse(std::string_view content, int threads = 1) const {
    ResolveOptions o;
    o.source = Source::csv;
    o.now = test_now();
    return parse_reports_csv(content, *ctx_, o, threads);
  }

  geo::Projector projector_;
  std::unique_ptr<ReportContext> ctx_;
};

TEST_F(CsvImportTest, ReadsSwedishExcelWithBomSemicolonsAndDecimalCommas) {
  const auto lat_lon = projector_.from_sweref(527000, 6703000);
  const std::string lat = number_text(lat_lon.lat), lon = number_text(lat_lon.lon);
  auto comma = [](std::string s) {
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
  };
  const std::string file =
      "\xEF\xBB\xBF"
      "Occurred_at ; Category;ORGANISATION;lat;lon;count;description\r\n"
      "2026-11-20 22:15;Klotter;Tunabyggen;" +
      comma(lat) + ";" + comma(lon) + ";2;\"Tag; \"\"KGB\"\" på väggen\"\r\n";
  const auto result = parse(file);
  ASSERT_THAT(result.errors, IsEmpty()) << to_string(result.errors);
  ASSERT_EQ(result.reports.size(), 1u);
  const Report& r = result.reports[0];
  EXPECT_EQ(result.lines, std::vector<std::int64_t>{2});
  EXPECT_EQ(r.occurred_from, *parse_timestamp("2026-11-20T21:15:00Z"));
  EXPECT_EQ(r.organisation_id, kTunabyggen);
  EXPECT_EQ(r.location->lat, lat_lon.lat);
  EXPECT_EQ(r.location->lon, lat_lon.lon);
  EXPECT_EQ(r.area_id, kTjarnaAngar);
  EXPECT_EQ(r.count, 2);
  EXPECT_EQ(r.description, "Tag; \"KGB\" på väggen");
  EXPECT_EQ(r.source, Source::csv);
}

TEST_F(CsvImportTest, AcceptsOccurredFromAndSwerefPlaceOrAreaColumns) {
  const auto result = parse(
      "occurred_from,occurred_to,category,organisation,x,y,place,area,severity,external_id\n"
      "2026-11-20T22:00,2026-11-20T23:00,brand.fordon,Polisen,522500,6702500,,,3,P-1\n"
      "2026-11-21T01:00,,Stök,polisen,,,Resecentrum,,,P-2\n"
      "2026-11-21T02:00,,Stök,Polisen,,,,Norr,,\n");
  ASSERT_THAT(result.errors, IsEmpty()) << to_string(result.errors);
  ASSERT_EQ(result.reports.size(), 3u);
  EXPECT_EQ(result.reports[0].severity, 3);
  EXPECT_EQ(result.reports[0].area_id, kCentrum);
  EXPECT_EQ(result.reports[1].place_id, kResecentrum);
  EXPECT_EQ(result.reports[2].area_id, kNorr);
  EXPECT_FALSE(result.reports[2].location.has_value());
  EXPECT_EQ(result.lines, (std::vector<std::int64_t>{2, 3, 4}));
}

TEST_F(CsvImportTest, UnknownColumnsAreNamedOnLineOne) {
  const auto result = parse("occurred_at;category;organisation;area;Kommentar;vem\n");
  EXPECT_EQ(result.errors.size(), 2u);
  EXPECT_EQ(result.errors[0].field, "Kommentar");
  EXPECT_EQ(result.errors[0].line, 1);
  EXPECT_THAT(result.errors[0].reason,
              ::testing::StartsWith("unknown column; the columns are occurred_at, "));
  EXPECT_EQ(result.errors[1].field, "vem");
}

TEST_F(CsvImportTest, MissingRequiredColumnsAreNamed) {
  EXPECT_THAT(
      parse("category,lat\n").errors,
      ElementsAre(FieldError{"occurred_at", 1, "required column is missing"},
                  FieldError{"organisation", 1, "required column is missing"},
                  FieldError{"lon", 1, "required column is missing (it goes with column 'lat')"}));
  EXPECT_THAT(parse("occurred_at,category,organisation,count\n").errors,
              ElementsAre(FieldError{
                  "", 1, "a location column is required: lat and lon, x and y, place or area"}));
  EXPECT_THAT(parse("occurred_at,category,organisation,area,Area\n").errors,
              ElementsAre(FieldError{"Area", 1, "the column is given twice"}));
  EXPECT_THAT(parse("occurred_at;category;organisation;area;\n").errors,
              ElementsAre(FieldError{"", 1, "column 5 has no name"}));
  EXPECT_THAT(parse("").errors, ElementsAre(FieldError{"", 1, "the file is empty"}));
}

TEST_F(CsvImportTest, ListsEveryBadRowWithLineColumnAndReason) {
  const auto result = parse(
      "occurred_at,category,organisation,lat,lon,count,severity\n"
      "2026-11-20T22:00,Klotter,Tunabyggen,60.48,15.43,1,1\n"      // 2: good
      "2026-11-20T22:00,Klottr,Tunabyggen,60.48,15.43,1,1\n"       // 3: unknown category
      "2026-11-20T22:00,Klotter,Tunabyggen,52.52,13.40,1,1\n"      // 4: outside Sweden
      "2026-11-20T22:00,Klotter,Tunabyggen,60.48,15.43,0,5\n"      // 5: count and severity
      "2026-11-20T22:00,Klotter,Tunabyggen,sextio,15.43,1,1\n"     // 6: not a number
      "2026-11-20T22:00,Klotter,Tunabyggen,60.48,15.43,1\n"        // 7: a field short
      "2026-13-20T22:00,Klotter,Tunabyggen,60.48,15.43,2.5,1\n");  // 8: date and count
  EXPECT_THAT(result.errors,
              ElementsAre(FieldError{"category", 3, "unknown category 'Klottr'"},
                          FieldError{"lat", 4, "outside Sweden"},
                          FieldError{"count", 5, "must be between 1 and 10000"},
                          FieldError{"severity", 5, "must be 1, 2 or 3"},
                          FieldError{"lat", 6, "'sextio' is not a number"},
                          FieldError{"", 7, "expected 7 fields as in the header, found 6"},
                          FieldError{"count", 8, "'2.5' is not a whole number"},
                          FieldError{"occurred_at", 8, "no such date: 2026-13-20"}));
  EXPECT_EQ(result.lines, std::vector<std::int64_t>{2});
}

TEST_F(CsvImportTest, QuotedNewlinesKeepLaterLineNumbersRight) {
  const auto result = parse(
      "occurred_at,category,organisation,area,description\n"
      "2026-11-20T22:00,Klotter,Polisen,Centrum,\"rad ett\nrad två\nrad tre\"\n"
      "2026-11-20T22:00,Klotter,Polisen,Söder,\"\"\n");
  EXPECT_THAT(result.errors, ElementsAre(FieldError{"area", 5, "unknown area 'Söder'"}));
  EXPECT_EQ(result.reports[0].description, "rad ett\nrad två\nrad tre");
}

TEST_F(CsvImportTest, MalformedUtf8NamesLineColumnAndCharacter) {
  const auto result = parse(
      "occurred_at;category;organisation;area;description\n"
      "2026-11-20T22:00;Klotter;Polisen;Centrum;\"två\nrader \xE5 latin-1\"\n");
  EXPECT_THAT(result.errors,
              ElementsAre(FieldError{
                  "description", 3,
                  "malformed UTF-8 (save the file as UTF-8) at character 7 of the line"}));
}

TEST_F(CsvImportTest, BlankRowsAreSkipped) {
  const auto result = parse(
      "occurred_at;category;organisation;area\n;;;\n2026-11-20T22:00;Klotter;Polisen;Norr\n\n;; "
      ";\n");
  EXPECT_THAT(result.errors, IsEmpty());
  EXPECT_EQ(result.lines, std::vector<std::int64_t>{3});
}

TEST_F(CsvImportTest, RepeatedExternalIdOfAnOrganisationIsAnErrorOnTheLaterLine) {
  const auto result = parse(
      "occurred_at,category,organisation,area,external_id\n"
      "2026-11-20T22:00,Klotter,Polisen,Norr,A-1\n"
      "2026-11-20T22:00,Klotter,Tunabyggen,Norr,A-1\n"  // another organisation: fine
      "2026-11-20T22:00,Klotter,Polisen,Norr,A-2\n"
      "2026-11-20T22:00,Klotter,POLISEN,Norr,A-1\n");
  EXPECT_THAT(result.errors,
              ElementsAre(FieldError{"external_id", 5,
                                     "external_id 'A-1' of this organisation is also on line 2"}));
}

TEST_F(CsvImportTest, ExportOnlyColumnsAreAcceptedAndMunicipalityChecked) {
  const auto result = parse(
      "id,municipality,occurred_at,category,organisation,area,source,status,created_at\n"
      "17,2081,2026-11-20T22:00,Klotter,Polisen,Norr,form,reviewed,2026-11-21T08:00:00+01:00\n"
      "18,1490,2026-11-20T22:00,Klotter,Polisen,Norr,form,reviewed,2026-11-21T08:00:00+01:00\n");
  EXPECT_THAT(result.errors, ElementsAre(FieldError{
                                 "municipality", 3,
                                 "the report is for municipality 1490, this import is for 2081"}));
  ASSERT_EQ(result.reports.size(), 1u);
  EXPECT_EQ(result.reports[0].id, 0);
  EXPECT_EQ(result.reports[0].status, ReportStatus::submitted);
  EXPECT_EQ(result.reports[0].source, Source::csv);
}

// A file with quoted newlines, CRLF and some bad rows, big enough to split many ways.
std::string mixed_file() {
  std::string f = "occurred_at,category,organisation,x,y,description,external_id\r\n";
  for (int i = 0; i < 400; ++i) {
    const std::string n = std::to_string(i);
    const std::string category = i % 37 == 0 ? "okänd" : "Klotter";
    f += "2026-11-20T22:00," + category + ",Polisen," + std::to_string(520100 + i * 20) +
         ",6702000,\"rad " + n + (i % 3 == 0 ? "\r\nmed \"\"citat\"\"\noch radbrytning" : "") +
         "\",E-" + std::to_string(i % 150) + "\r\n";
  }
  return f;
}

TEST_F(CsvImportTest, ParallelPartsGiveTheSameResultAsOneThread) {
  const std::string file = mixed_file();
  const auto one = parse(file, 1);
  ASSERT_FALSE(one.errors.empty());
  for (int threads : {2, 3, 7}) {
    const auto many = parse(file, threads);
    EXPECT_EQ(many.errors, one.errors) << threads;
    EXPECT_EQ(many.lines, one.lines) << threads;
    ASSERT_EQ(many.reports.size(), one.reports.size());
    for (std::size_t i = 0; i < one.reports.size(); ++i) {
      EXPECT_EQ(many.reports[i].description, one.reports[i].description);
      EXPECT_EQ(many.reports[i].location, one.reports[i].location);
    }
  }
}

TEST_F(CsvImportTest, ParallelPartsAfterAStrayQuoteStillReportTheSameErrors) {
  std::string file = mixed_file();
  file.insert(file.find("rad 5"), "\"");  // `,""rad 5` : a stray quote early in the file
  const auto one = parse(file, 1);
  ASSERT_FALSE(one.errors.empty());
  EXPECT_EQ(parse(file, 2).errors, one.errors);
  EXPECT_EQ(parse(file, 5).errors, one.errors);
}

TEST_F(CsvImportTest, AnySplitOfArbitraryTextGivesTheSameResultAsOneThread) {
  const auto ok = rc::check([&] {
    const auto piece = rc::gen::elementOf(
        std::vector<std::string>{"Norr", "2026-11-20", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n",
                                 "\xC3", "å", "Polisen", "Klotter"});
    const auto parts = *rc::gen::container<std::vector<std::string>>(piece);
    std::string file = "occurred_at,category,organisation,area\n";
    for (const auto& p : parts) file += p;
    const auto one = parse(file, 1);
    const int threads = *rc::gen::inRange(2, 6);
    const auto many = parse(file, threads);
    RC_ASSERT(many.errors == one.errors);
    RC_ASSERT(many.lines == one.lines);
  });
  EXPECT_TRUE(ok);
}

// ---- streaming ----

struct Streamed {
  std::vector<std::vector<Report>> chunks;
  Errors errors;
};

Streamed stream_all(std::string_view content, const ReportContext& ctx, std::size_t chunk_bytes) {
  ResolveOptions o;
  o.source = Source::csv;
  o.now = test_now();
  Streamed out;
  out.errors = parse_reports_csv_streaming(
      content, ctx, o, [&](std::vector<Report>&& chunk) { out.chunks.push_back(std::move(chunk)); },
      chunk_bytes);
  return out;
}

std::string clean_file() {
  std::string f = "occurred_at,category,organisation,x,y,description,external_id\r\n";
  for (int i = 0; i < 300; ++i) {
    f += "2026-11-20T22:00,Klotter,Polisen," + std::to_string(520100 + i * 20) + ",6702000,\"rad " +
         std::to_string(i) + (i % 4 == 0 ? "\nmed radbrytning" : "") + "\",E-" + std::to_string(i) +
         "\r\n";
  }
  return f;
}

TEST_F(CsvImportTest, StreamHandsOverTheSameReportsInChunks) {
  const std::string file = clean_file();
  const auto whole = parse(file);
  ASSERT_TRUE(whole.errors.empty());
  for (std::size_t chunk :
       {std::size_t{1}, std::size_t{100}, std::size_t{4096}, CsvReportStream::kDefaultChunkBytes}) {
    const auto s = stream_all(file, *ctx_, chunk);
    EXPECT_TRUE(s.errors.empty());
    std::vector<Report> all;
    for (const auto& c : s.chunks) {
      EXPECT_FALSE(c.empty());
      all.insert(all.end(), c.begin(), c.end());
    }
    ASSERT_EQ(all.size(), whole.reports.size()) << chunk;
    for (std::size_t i = 0; i < all.size(); ++i) {
      EXPECT_EQ(all[i].description, whole.reports[i].description);
      EXPECT_EQ(all[i].external_id, whole.reports[i].external_id);
      EXPECT_EQ(all[i].location, whole.reports[i].location);
    }
    if (chunk == 1) {
      EXPECT_GT(s.chunks.size(), 100u) << "small chunks really are handed over one by one";
    }
  }
}

TEST_F(CsvImportTest, StreamReportsTheSameErrorsAndStopsHandingOver) {
  const std::string file = mixed_file();
  const auto whole = parse(file);
  ASSERT_FALSE(whole.errors.empty());
  for (std::size_t chunk : {std::size_t{1}, std::size_t{300}, std::size_t{1} << 20}) {
    const auto s = stream_all(file, *ctx_, chunk);
    EXPECT_EQ(s.errors, whole.errors) << chunk;
    // Only rows before the first bad line can have been handed over.
    std::size_t handed = 0;
    for (const auto& c : s.chunks) handed += c.size();
    EXPECT_LT(handed, static_cast<std::size_t>(whole.errors.front().line)) << chunk;
  }
}

TEST_F(CsvImportTest, StreamWithABadHeaderHandsOverNothing) {
  const auto s = stream_all("occurred_at,colour\n2026-11-20T22:00,red\n", *ctx_, 1);
  EXPECT_TRUE(s.chunks.empty());
  EXPECT_EQ(s.errors, parse("occurred_at,colour\n2026-11-20T22:00,red\n").errors);
  EXPECT_FALSE(s.errors.empty());
}

TEST_F(CsvImportTest, StreamStoppedEarlyJoinsItsWorker) {
  const std::string file = clean_file();
  for (int taken = 0; taken < 3; ++taken) {
    ResolveOptions o;
    o.source = Source::csv;
    o.now = test_now();
    CsvReportStream stream(file, *ctx_, o, 1);
    std::vector<Report> chunk;
    for (int i = 0; i < taken; ++i) ASSERT_TRUE(stream.next(chunk));
  }  // destroyed with chunks waiting and the worker blocked: must not hang or leak
  SUCCEED();
}

TEST_F(CsvImportTest, AnyStreamOfArbitraryTextGivesTheSameResultAsOneParse) {
  const auto ok = rc::check([&] {
    const auto piece = rc::gen::elementOf(
        std::vector<std::string>{"Norr", "2026-11-20", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n",
                                 "\xC3", "å", "Polisen", "Klotter"});
    const auto parts = *rc::gen::container<std::vector<std::string>>(piece);
    std::string file = "occurred_at,category,organisation,area\n";
    for (const auto& p : parts) file += p;
    const auto whole = parse(file);
    const auto s = stream_all(file, *ctx_, *rc::gen::inRange<std::size_t>(1, 64));
    RC_ASSERT(s.errors == whole.errors);
    std::size_t handed = 0;
    for (const auto& c : s.chunks) handed += c.size();
    if (whole.errors.empty()) RC_ASSERT(handed == whole.reports.size());
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace lagesbild::ingest

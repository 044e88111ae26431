// The lägesbild renderers (HTML, PDF, CSV, GeoJSON) over a small compiled picture of Borlänge:
// three areas, four organisations, a small category tree and a klotter surge in Tjärna Ängar.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../ingest/borlange_fixture.h"
#include "report/situation_html.h"
#include "report/situation_pdf.h"
#include "report/situation_tables.h"
#include "report/situation_view.h"

namespace lagesbild::report {
namespace {

using ingest::testing::rectangle_geojson;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kHostile = "Norr <script>alert(1)</script>";
constexpr const char* kDescription = "Brand i <b>förråd</b> & trapphus, Ö-huset";

enum : int { kCentrum, kTjarna, kNorr };                                   // area indexes
enum : int { kSkadegorelse, kKlotter, kRuta, kBrand, kAnlagd, kOrdning };  // category indexes
enum : int { kPolisen, kTunabyggen, kFaltgruppen, kRaddning };             // organisation indexes

std::shared_ptr<const ingest::ReportContext> borlange(const geo::Projector& p,
                                                      const std::string& third_area) {
  std::vector<Organisation> orgs{{1, "2081", "Polisen", "police"},
                                 {2, "2081", "Tunabyggen", "housing"},
                                 {3, "2081", "Fältgruppen", "social"},
                                 {4, "2081", "Räddningstjänsten Dala Mitt", "rescue"}};
  std::vector<Category> cats{
      {1, "2081", "skadegorelse", "Skadegörelse", std::nullopt, true},
      {2, "2081", "skadegorelse.klotter", "Klotter", 1, true},
      {3, "2081", "skadegorelse.krossad_ruta", "Krossad ruta", 1, true},
      {4, "2081", "brand", "Brand", std::nullopt, true},
      {5, "2081", "brand.anlagd", "Anlagd brand", 4, true},
      {6, "2081", "ordningsstorning", "Ordningsstörning", std::nullopt, true}};
  std::vector<Place> places{
      {1, "2081", "Resecentrum", "transport", p.from_sweref(522000, 6702000), 1}};
  std::vector<Area> areas{
      {1, "2081", "Centrum", "centrum", rectangle_geojson(p, 520000, 6700000, 525000, 6705000)},
      {2, "2081", "Tjärna Ängar", "bostadsområde",
       rectangle_geojson(p, 525000, 6700000, 530000, 6705000)},
      {3, "2081", third_area, "bostadsområde",
       rectangle_geojson(p, 520000, 6705000, 530000, 6710000)}};
  return std::make_shared<ingest::ReportContext>(Municipality{"2081", "Borlänge", 14, ""},
                                                 std::move(orgs), std::move(cats),
                                                 std::move(places), std::move(areas));
}

// Reports per period of one stream: [0] the period, [1..8] the baseline, [9] last year.
struct Stream {
  int area, category, organisation, place, severity;
  std::array<int, 10> per_period;
};

const std::vector<Stream> kStreams{
    {kCentrum, kOrdning, kPolisen, 0, 1, {4, 3, 4, 2, 3, 5, 3, 4, 3, 3}},
    {kCentrum, kKlotter, kTunabyggen, -1, 1, {2, 2, 1, 2, 3, 2, 1, 2, 2, 1}},
    {kTjarna, kKlotter, kTunabyggen, -1, 2, {14, 1, 0, 1, 1, 0, 1, 1, 0, 1}},
    {kTjarna, kAnlagd, kPolisen, -1, 3, {1, 0, 1, 0, 0, 1, 0, 0, 1, 0}},
    {kNorr, kRuta, kFaltgruppen, -1, 1, {1, 1, 1, 2, 1, 1, 1, 2, 1, 2}},
    {kNorr, kOrdning, kFaltgruppen, -1, 2, {3, 2, 2, 3, 1, 2, 3, 2, 2, 2}},
};

// SWEREF x0, y0 of each area's rectangle, and its size.
constexpr double kAreaX[] = {520000, 525000, 520000}, kAreaY[] = {6700000, 6700000, 6705000};
constexpr double kAreaW[] = {5000, 5000, 10000}, kAreaH[] = {5000, 5000, 5000};

struct Options {
  bool reports = true;
  std::string third_area = kHostile;
  int extra_serious = 0;  // more serious reports, for a table longer than a page
};

SituationPicture make_picture(const geo::Projector& p, const Options& o = {}) {
  SituationPicture pic;
  pic.municipality = "2081";
  pic.period = *parse_period("2026-W47");
  pic.previous = previous_period(pic.period);
  pic.last_year = same_period_last_year(pic.period);
  for (int i = 1; i <= 8; ++i) pic.baseline.push_back(previous_period(pic.period, i));
  pic.context = borlange(p, o.third_area);
  const ingest::ReportContext& ctx = *pic.context;
  for (const auto& a : ctx.areas()) pic.areas.push_back(&a);
  for (const auto& c : ctx.categories()) pic.categories.push_back(&c);
  for (const auto& g : ctx.organisations()) pic.organisations.push_back(&g);
  for (const auto& l : ctx.places()) pic.places.push_back(&l);

  std::vector<analysis::SituationEvent> events;
  int n = 0;
  for (const Stream& s : o.reports ? kStreams : std::vector<Stream>{}) {
    for (int period = 0; period < 10; ++period) {
      for (int k = 0; k < s.per_period[static_cast<std::size_t>(period)]; ++k, ++n) {
        analysis::SituationEvent e;
        e.period = period;
        e.area = s.area;
        e.category = s.category;
        e.organisation = s.organisation;
        e.place = s.place;
        e.severity = s.severity;
        // Mostly Friday and Saturday evenings, some weekday afternoons.
        e.week_minute =
            n % 3 == 0 ? (n % 5) * 1440 + 15 * 60 : (4 + n % 2) * 1440 + 20 * 60 + n % 240;
        e.duration_minutes = n % 4 == 0 ? 120 : 0;
        events.push_back(e);
        if (period != 0) continue;
        const auto a = static_cast<std::size_t>(s.area);
        pic.points.push_back({kAreaX[a] + 400 + (n * 733) % static_cast<int>(kAreaW[a] - 800),
                              kAreaY[a] + 400 + (n * 1289) % static_cast<int>(kAreaH[a] - 800),
                              s.category, s.severity});
      }
    }
  }
  analysis::SituationInput in;
  in.areas = static_cast<int>(pic.areas.size());
  in.organisations = static_cast<int>(pic.organisations.size());
  in.places = static_cast<int>(pic.places.size());
  for (const Category* c : pic.categories) {
    in.category_parent.push_back(c->parent_id ? static_cast<int>(*c->parent_id - 1) : -1);
  }
  in.events = events;
  pic.situation = analysis::compile_situation(in);

  if (o.reports) {
    for (int i = 0; i < 1 + o.extra_serious; ++i) {
      Report r;
      r.id = 100 + i;
      r.municipality = "2081";
      r.organisation_id = 1;
      r.category_id = 5;
      r.occurred_from = *parse_timestamp("2026-11-20T22:30:00+01:00") - std::chrono::hours(i);
      r.area_id = 2;
      r.severity = 3;
      r.description = i == 0 ? kDescription
                             : "Uppföljning " + std::to_string(i) +
                                   ": brandrök i källarförråd, boende evakuerade till "
                                   "grannhuset medan räddningstjänsten ventilerade trapphuset.";
      pic.serious.push_back(r);
    }
    Assessment v1{1,
                  "2081",
                  "2026-W47",
                  1,
                  "Första utkast.",
                  "",
                  7,
                  *parse_timestamp("2026-11-23T09:00:00+01:00")};
    Assessment v2{2,
                  "2081",
                  "2026-W47",
                  2,
                  "Klottret i Tjärna Ängar har ökat kraftigt sedan i fredags, främst kring "
                  "centrumhuset. <script>alert('x')</script>\nÖvriga områden som vanligt.",
                  "Trygghetsvandring i Tjärna Ängar torsdag kväll.\nSanering inom 24 timmar "
                  "(Tunabyggen).",
                  7,
                  *parse_timestamp("2026-11-24T08:15:00+01:00"),
                  "Anna <Samordnare>"};
    pic.assessments = {v2, v1};
  }
  AreaStatusChange green, orange;
  green.area_id = 1;
  green.status = AreaStatus::green;
  orange.area_id = 2;
  orange.status = AreaStatus::orange;
  pic.area_status = {green, orange, std::nullopt};
  for (const auto& c : pic.situation.coverage) {
    OrganisationCoverage oc;
    oc.organisation = pic.organisations[static_cast<std::size_t>(c.organisation)];
    oc.reports = c.reports;
    oc.state = c.reports > 0 ? CoverageState::reported : CoverageState::not_reported;
    if (c.organisation == kRaddning) {
      oc.state = CoverageState::nothing_to_report;
      oc.quiet_areas = {pic.areas[kNorr]};
    }
    pic.coverage.push_back(std::move(oc));
  }
  return pic;
}

std::string section(const std::string& html, const std::string& id) {
  const auto from = html.find("<section id=\"" + id + "\"");
  if (from == std::string::npos) return "";
  return html.substr(from, html.find("</section>", from) - from);
}

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class SituationRender : public ::testing::Test {
 protected:
  geo::Projector projector_;
};

TEST_F(SituationRender, PictureHasTheKlotterSurgeFlagged) {  // the premise of the tests below
  const SituationPicture pic = make_picture(projector_);
  const auto flags = view::flag_cells(pic);
  ASSERT_FALSE(flags.empty());
  EXPECT_TRUE(std::any_of(flags.begin(), flags.end(), [](const analysis::Cell* c) {
    return c->area == kTjarna && c->category == kKlotter && c->flagged && c->rise;
  }));
}

TEST_F(SituationRender, TitlesNameThePeriodInSwedish) {
  EXPECT_EQ(view::title(*parse_period("2026-W47")), "Lägesbild vecka 47 2026");
  EXPECT_EQ(view::title(*parse_period("2026-11")), "Lägesbild november 2026");
  EXPECT_EQ(view::title(*parse_period("2026-Q4")), "Lägesbild kvartal 4 2026");
  EXPECT_EQ(view::title(*parse_period("2026")), "Lägesbild 2026");
  EXPECT_EQ(view::period_dates(*parse_period("2026-W47")), "16–22 november 2026");
  EXPECT_EQ(view::period_dates(*parse_period("2026-W01")), "29 december 2025–4 januari 2026");
}

TEST_F(SituationRender, HtmlShowsTheFlagTheMapAndTheAssessmentAndEscapesDataText) {
  const SituationPicture pic = make_picture(projector_);
  const std::string html = situation_html(pic);
  EXPECT_THAT(html, HasSubstr("<html lang=\"sv\">"));
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<h1>Lägesbild vecka 47 2026</h1>"));
  const std::string flags = section(html, "avvikelser");
  EXPECT_THAT(flags, HasSubstr("<td>Tjärna Ängar</td><td>Klotter</td><td class=\"n\">14</td>"));
  EXPECT_THAT(flags, HasSubstr("Ökning"));
  const std::string map = section(html, "karta");
  EXPECT_THAT(map, HasSubstr("<svg"));
  EXPECT_EQ(occurrences(map, "<path "), 3u);
  EXPECT_EQ(occurrences(map, "<circle class=\"point\""), pic.points.size());
  EXPECT_THAT(map, HasSubstr(">orange</span>"));
  EXPECT_THAT(section(html, "trender"), HasSubstr("<polyline"));
  EXPECT_THAT(section(html, "rapportering"), HasSubstr("Inget att rapportera"));
  EXPECT_THAT(section(html, "platser"), HasSubstr("<td>Resecentrum</td><td class=\"n\">4</td>"));
  const std::string assessment = section(html, "bedomning");
  EXPECT_THAT(assessment, HasSubstr("Version 2 · Anna &lt;Samordnare&gt; · 2026-11-24 08:15"));
  EXPECT_THAT(assessment, HasSubstr("Trygghetsvandring i Tjärna Ängar"));
  EXPECT_THAT(assessment, Not(HasSubstr("Första utkast")));
  // Data text is escaped everywhere: no script element can come from the picture.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("Norr &lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(assessment, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  // The report's free text only in the serious-reports table.
  const std::string escaped = "Brand i &lt;b&gt;förråd&lt;/b&gt; &amp; trapphus, Ö-huset";
  EXPECT_EQ(occurrences(html, escaped), 1u);
  EXPECT_THAT(section(html, "allvarliga"), HasSubstr(escaped));
}

TEST_F(SituationRender, HtmlForAViewerHasNoSeriousReportsAndNoPoints) {
  SituationPicture pic = make_picture(projector_);
  pic.serious.clear();
  pic.points.clear();
  const std::string html = situation_html(pic);
  EXPECT_EQ(section(html, "allvarliga"), "");
  EXPECT_THAT(html, Not(HasSubstr("förråd")));
  EXPECT_THAT(html, Not(HasSubstr("class=\"point\"")));
  EXPECT_THAT(html, HasSubstr("Tjärna Ängar"));
}

TEST_F(SituationRender, HtmlOfAnEmptyPeriodSaysSo) {
  const std::string html = situation_html(make_picture(projector_, {.reports = false}));
  EXPECT_THAT(section(html, "sammanfattning"), HasSubstr("Inga rapporter under perioden"));
  EXPECT_THAT(section(html, "bedomning"), HasSubstr("Ingen bedömning ännu"));
  EXPECT_THAT(section(html, "avvikelser"), HasSubstr("Inga statistiskt säkerställda"));
}

// RFC 4180 records: quoted fields may hold , " and line breaks.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      if (i + 1 < text.size()) rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  return rows;
}

TEST_F(SituationRender, CsvHasEveryCellWithItsNumbersAndGuardsNames) {
  const SituationPicture pic = make_picture(projector_, {.third_area = "=Norr, \"väst\""});
  const auto rows = parse_csv(situation_csv(pic));
  ASSERT_EQ(rows.size(), pic.situation.cells.size() + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{
                         "area", "category", "category_name", "current", "previous", "last_year",
                         "baseline_mean", "baseline_sd", "expected", "ratio", "p_rise", "p_fall",
                         "q", "flagged", "direction", "early_warning"}));
  int found = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 16u) << i;
    const analysis::Cell& c = pic.situation.cells[i - 1];
    EXPECT_EQ(rows[i][1], pic.categories[static_cast<std::size_t>(c.category)]->code);
    EXPECT_EQ(rows[i][3], std::to_string(c.current));
    EXPECT_DOUBLE_EQ(std::stod(rows[i][12]), c.q);
    if (rows[i][0] == "Tjärna Ängar" && rows[i][1] == "skadegorelse.klotter") {
      ++found;
      EXPECT_EQ(rows[i][2], "Klotter");
      EXPECT_EQ(rows[i][3], "14");
      EXPECT_EQ(rows[i][4], "1");
      EXPECT_DOUBLE_EQ(std::stod(rows[i][6]), 5.0 / 8);
      EXPECT_DOUBLE_EQ(std::stod(rows[i][9]), 14 / (5.0 / 8));
      EXPECT_EQ(rows[i][13], "true");
      EXPECT_EQ(rows[i][14], "rise");
    }
    const std::string area = c.area == kNorr ? "'=Norr, \"väst\"" : c.area == -1 ? "" : "?";
    if (area != "?") {
      EXPECT_EQ(rows[i][0], area);
    }
  }
  EXPECT_EQ(found, 1);
}

TEST_F(SituationRender, GeoJsonHasOneFeaturePerAreaWithStatusAndNoReportText) {
  const SituationPicture pic = make_picture(projector_);
  const std::string text = situation_geojson(pic);
  EXPECT_THAT(text, Not(HasSubstr("förråd")));
  const json g = json::parse(text);
  EXPECT_EQ(g["type"], "FeatureCollection");
  EXPECT_EQ(g["period"], "2026-W47");
  ASSERT_EQ(g["features"].size(), 3u);
  const json& tjarna = g["features"][1];
  EXPECT_EQ(tjarna["geometry"]["type"], "Polygon");
  EXPECT_EQ(tjarna["properties"]["name"], "Tjärna Ängar");
  EXPECT_EQ(tjarna["properties"]["status"], "orange");
  EXPECT_EQ(tjarna["properties"]["status_name"], "orange");
  EXPECT_EQ(tjarna["properties"]["current"], 15);
  EXPECT_GE(tjarna["properties"]["flagged"].get<int>(), 1);
  EXPECT_GT(tjarna["properties"]["ratio"].get<double>(), 5);
  EXPECT_EQ(g["features"][0]["properties"]["status"], "green");
  EXPECT_TRUE(g["features"][2]["properties"]["status"].is_null());
  EXPECT_EQ(g["features"][2]["properties"]["name"], kHostile);
}

// --- PDF: rendered with poppler-utils and looked at pixel by pixel.

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("lb_situation_" + std::to_string(::getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

int run(const std::string& command) { return std::system(command.c_str()); }

// The share of pixels darker than light grey in a binary PGM (P5, maxval < 256).
double ink_share(const std::string& pgm) {
  std::istringstream in(pgm);
  std::string magic;
  int w = 0, h = 0, max = 0;
  in >> magic >> w >> h >> max;
  in.get();  // the single whitespace before the raster
  if (magic != "P5" || w <= 0 || h <= 0 || max <= 0 || max > 255) return -1;
  const std::size_t start = static_cast<std::size_t>(in.tellg());
  const std::size_t n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
  if (pgm.size() < start + n) return -1;
  std::size_t dark = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (static_cast<unsigned char>(pgm[start + i]) < 200) ++dark;
  }
  return static_cast<double>(dark) / static_cast<double>(n);
}

struct RenderedPdf {
  int pages = 0;            // as pdfinfo reads it
  std::vector<double> ink;  // per rendered page
  std::string text;         // pdftotext
};

RenderedPdf render(const std::string& pdf, const std::filesystem::path& dir) {
  RenderedPdf out;
  const auto file = dir / "picture.pdf";
  write_file(file, pdf);
  const std::string q = "'" + file.string() + "'";
  EXPECT_EQ(run("pdfinfo " + q + " > '" + (dir / "info.txt").string() + "'"), 0);
  std::istringstream info(read_file(dir / "info.txt"));
  for (std::string line; std::getline(info, line);) {
    if (line.starts_with("Pages:")) out.pages = std::stoi(line.substr(6));
  }
  EXPECT_EQ(run("pdftoppm -gray -r 30 " + q + " '" + (dir / "page").string() + "'"), 0);
  std::vector<std::filesystem::path> pages;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".pgm") pages.push_back(e.path());
  }
  std::sort(pages.begin(), pages.end());
  for (const auto& p : pages) out.ink.push_back(ink_share(read_file(p)));
  EXPECT_EQ(run("pdftotext -enc UTF-8 " + q + " '" + (dir / "text.txt").string() + "'"), 0);
  out.text = read_file(dir / "text.txt");
  return out;
}

// LB_SITUATION_EXAMPLE_DIR=dir keeps the example HTML and PDF for a person to look at.
void keep_example(const std::string& name, const std::string& bytes) {
  if (const char* dir = std::getenv("LB_SITUATION_EXAMPLE_DIR")) {
    write_file(std::filesystem::path(dir) / name, bytes);
  }
}

TEST_F(SituationRender, PdfHasATitlePageMapChartsAndTablesOnNonBlankPages) {
  const SituationPicture pic = make_picture(projector_);
  const std::string pdf = situation_pdf(pic);
  keep_example("lagesbild.pdf", pdf);
  keep_example("lagesbild.html", situation_html(pic));
  ASSERT_TRUE(pdf.starts_with("%PDF-"));
  const TempDir dir;
  const RenderedPdf r = render(pdf, dir.path());
  EXPECT_GE(r.pages, 3);
  ASSERT_EQ(r.ink.size(), static_cast<std::size_t>(r.pages));
  for (std::size_t i = 0; i < r.ink.size(); ++i) EXPECT_GT(r.ink[i], 0.005) << "page " << i + 1;
  EXPECT_THAT(r.text, HasSubstr("Lägesbild vecka 47 2026"));
  EXPECT_THAT(r.text, HasSubstr("16–22 november 2026"));
  EXPECT_THAT(r.text, HasSubstr("Tjärna Ängar"));
  EXPECT_THAT(r.text, HasSubstr("Räddningstjänsten Dala Mitt"));
  EXPECT_THAT(r.text, HasSubstr("förråd"));
  EXPECT_THAT(r.text, HasSubstr("Trygghetsvandring i Tjärna Ängar"));
}

TEST_F(SituationRender, PdfTablesContinueAcrossPages) {
  const TempDir dir;
  const RenderedPdf short_one = render(situation_pdf(make_picture(projector_)), dir.path());
  const TempDir dir2;
  const RenderedPdf long_one =
      render(situation_pdf(make_picture(projector_, {.extra_serious = 49})), dir2.path());
  EXPECT_GE(long_one.pages, short_one.pages + 2);
  ASSERT_EQ(long_one.ink.size(), static_cast<std::size_t>(long_one.pages));
  for (const double ink : long_one.ink) EXPECT_GT(ink, 0.005);
  EXPECT_THAT(long_one.text, HasSubstr("Uppföljning 49"));
  EXPECT_GE(occurrences(long_one.text, "Beskrivning"), 2u);  // the header on each page
}

TEST_F(SituationRender, PdfOfAnEmptyPeriodSaysSo) {
  const std::string pdf = situation_pdf(make_picture(projector_, {.reports = false}));
  keep_example("tom.pdf", pdf);
  const TempDir dir;
  const RenderedPdf r = render(pdf, dir.path());
  EXPECT_GE(r.pages, 3);
  ASSERT_EQ(r.ink.size(), static_cast<std::size_t>(r.pages));
  EXPECT_THAT(r.text, HasSubstr("Inga rapporter under perioden"));
  EXPECT_THAT(r.text, HasSubstr("Ingen bedömning ännu"));
}

TEST_F(SituationRender, AYearsPictureSaysItIsTheLawsYearlyPictureAndListsTheWeeksFlags) {
  SituationPicture pic = make_picture(projector_);
  pic.period = *parse_period("2026");
  pic.previous = previous_period(pic.period);
  pic.last_year = same_period_last_year(pic.period);
  pic.reports_by_source[static_cast<std::size_t>(Source::polisen)] = 12;
  pic.year_flags.push_back({*parse_period("2026-W24"), 0, 1, 19, 2.5, 0.0004});
  pic.year_hotspots.push_back({1, 3, 41});
  const std::string html = situation_html(pic);
  EXPECT_THAT(section(html, "hotspots"), HasSubstr(view::area_name(pic, 1)));
  EXPECT_THAT(section(html, "hotspots"), HasSubstr("<td class=\"n\">41</td>"));
  EXPECT_THAT(html, HasSubstr("lag (2023:196)"));
  EXPECT_THAT(html, HasSubstr("Varav 12 från polisens öppna händelser."));
  const std::string review = section(html, "aret");
  EXPECT_THAT(review, HasSubstr(view::area_name(pic, 0)));
  EXPECT_THAT(review, HasSubstr("<td class=\"n\">19</td>"));
  const TempDir dir;
  const RenderedPdf r = render(situation_pdf(pic), dir.path());
  EXPECT_THAT(r.text, HasSubstr("Året vecka för vecka"));
  EXPECT_THAT(r.text, HasSubstr("Årets hotspots"));
  EXPECT_THAT(r.text, HasSubstr("Varav 12 från polisens öppna händelser."));

  pic.year_flags.clear();
  EXPECT_THAT(section(situation_html(pic), "aret"), HasSubstr(view::kNoYearFlags));
  pic.period = *parse_period("2026-W47");
  EXPECT_EQ(situation_html(pic).find("id=\"aret\""), std::string::npos) << "weeks have no review";
}

}  // namespace
}  // namespace lagesbild::report

// The action plan and the annual evaluation report as documents: what each section says, that
// text is escaped, and that the PDFs render (poppler) to non-blank pages holding the same text.
#include "report/measure_documents.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lagesbild::report {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// pdftotext's text of a PDF and its page count by pdftoppm.
std::pair<std::string, int> rendered(const std::string& pdf, const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("lb-docs-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "d.pdf", std::ios::binary) << pdf;
  const std::string q = "'" + (dir / "d.pdf").string() + "'";
  EXPECT_EQ(std::system(("pdftoppm -gray -r 20 " + q + " '" + (dir / "p").string() + "'").c_str()),
            0);
  int pages = 0;
  for (const auto& e : fs::directory_iterator(dir)) pages += e.path().extension() == ".pgm";
  EXPECT_EQ(
      std::system(("pdftotext -enc UTF-8 " + q + " '" + (dir / "t.txt").string() + "'").c_str()),
      0);
  std::string text = slurp(dir / "t.txt");
  fs::remove_all(dir);
  return {text, pages};
}

PlannedMeasure planned(std::int64_t id, std::string title, std::optional<std::int64_t> cost) {
  PlannedMeasure m;
  m.id = id;
  m.title = std::move(title);
  m.type_label = "Belysning";
  m.kind_label = "situationell";
  m.level_label = "generell";
  m.areas = "Tjärna Ängar";
  m.categories = "Klotter";
  m.organisation = "Tunabyggen";
  m.partners = "Polisen";
  m.start = "2026-01-15";
  m.cost_sek = cost;
  m.follow_up = "Effektutvärdering: Klotter i Tjärna Ängar";
  m.status_planned = "beslutad";
  return m;
}

ActionPlanView plan() {
  ActionPlanView v;
  v.municipality_name = "Borlänge";
  v.year = 2026;
  v.lagesbild = "2025";
  v.assessment = "Klotter och bränder ökar i Tjärna Ängar.";
  v.measures = {planned(1, "Belysning <torget>", 125000), planned(2, "Röjning", std::nullopt)};
  v.measures[1].kind_label = "social";
  v.measures[1].organisation = "Kommunen";
  return v;
}

TEST(MoneyText, GroupsThousandsWithNoBreakSpaces) {
  EXPECT_EQ(money_text(std::int64_t{125000}), "125\u00a0000\u00a0kr");
  EXPECT_EQ(money_text(std::int64_t{1234567}), "1\u00a0234\u00a0567\u00a0kr");
  EXPECT_EQ(money_text(std::int64_t{0}), "0\u00a0kr");
  EXPECT_EQ(money_text(std::nullopt), "–");
}

TEST(ActionPlan, HtmlHasTheLawTheAssessmentTheMeasuresAndTheirCosts) {
  const std::string h = action_plan_html(plan());
  EXPECT_NE(h.find("<h1>Åtgärdsplan 2026 – Borlänge</h1>"), std::string::npos);
  EXPECT_NE(h.find("lagen (2023:196)"), std::string::npos);
  EXPECT_NE(h.find("Klotter och bränder ökar"), std::string::npos);
  EXPECT_NE(h.find("Belysning &lt;torget&gt;"), std::string::npos);
  EXPECT_EQ(h.find("<torget>"), std::string::npos);
  EXPECT_NE(h.find("2 åtgärder (1 situationella, 1 sociala)"), std::string::npos);
  EXPECT_NE(h.find("kostnad ej angiven för 1"), std::string::npos);
  EXPECT_NE(h.find("med Polisen"), std::string::npos);
  EXPECT_NE(h.find("2026-01-15–tills vidare"), std::string::npos);
  EXPECT_EQ(h.find("id=\"uppfoljning\""), std::string::npos);
}

TEST(ActionPlan, TheFollowUpReadsStatusAndEffectAgainstThePlan) {
  ActionPlanView v = plan();
  v.follow_up = true;
  v.follow_up_date = "2026-12-31";
  v.measures[0].status_actual = "genomförd";
  v.measures[0].effect.short_text = "−31 %, p = 0,004 mot Islingby";
  v.measures[0].effect.effect = true;
  v.measures[1].status_actual = "avbruten";
  v.measures[1].effect.note = "ingen efterperiod än";
  const std::string h = action_plan_html(v);
  EXPECT_NE(h.find("Uppföljning mot planen per 2026-12-31"), std::string::npos);
  EXPECT_NE(h.find("1 genomförda eller utvärderade, 0 pågår och 1 har avbrutits. 1 visar"),
            std::string::npos);
  EXPECT_NE(h.find("−31 %, p = 0,004 mot Islingby"), std::string::npos);
  EXPECT_NE(h.find("ingen efterperiod än"), std::string::npos);

  const auto [text, pages] = rendered(action_plan_pdf(v), "plan");
  EXPECT_GE(pages, 1);
  EXPECT_NE(text.find("Åtgärdsplan 2026"), std::string::npos);
  EXPECT_NE(text.find("Belysning <torget>"), std::string::npos);
  EXPECT_NE(text.find("Uppföljning mot planen"), std::string::npos);
}

TEST(AnnualReport, HtmlAndPdfCarryTheInventoryTablesAndTheVerdicts) {
  AnnualReportView v;
  v.municipality_name = "Borlänge";
  v.year = 2025;
  v.as_of = "2025-12-31";
  InventoryMeasure m;
  m.id = 1;
  m.title = "Kamerabevakning Tjärna torg";
  m.type_label = "Kamerabevakning";
  m.kind_label = "situationell";
  m.level_label = "generell";
  m.organisation = "Polisen";
  m.areas = "Tjärna Ängar";
  m.status = "pågående";
  m.start = "2025-09-01";
  m.cost_sek = 250000;
  m.effect.short_text = "−30 %, p = 0,002 mot Islingby";
  m.effect.verdict = "I Tjärna Ängar blev det 40,0 händelser färre.";
  m.effect.effect = true;
  v.measures = {m};
  v.by_type = {{"Kamerabevakning", 1, 1, 250000}};
  v.by_status = {{"pågående", 1, 1, 250000}};
  v.total_cost_sek = 250000;
  v.evaluated = 1;
  v.with_effect = 1;
  const std::string h = annual_report_html(v);
  EXPECT_NE(h.find("Uppföljning av åtgärder 2025 – Borlänge"), std::string::npos);
  EXPECT_NE(h.find("1 kunde utvärderas mot rapporterade händelser: 1 med en statistiskt"),
            std::string::npos);
  EXPECT_NE(h.find("<h3 id=\"typ\">Efter typ av åtgärd</h3>"), std::string::npos);
  EXPECT_NE(h.find("class=\"effect\">−30 %"), std::string::npos);
  EXPECT_NE(h.find("40,0 händelser färre"), std::string::npos);

  const auto [text, pages] = rendered(annual_report_pdf(v), "annual");
  EXPECT_GE(pages, 1);
  EXPECT_NE(text.find("Inventering"), std::string::npos);
  EXPECT_NE(text.find("Kamerabevakning Tjärna torg"), std::string::npos);
  EXPECT_NE(text.find("40,0 händelser färre"), std::string::npos);
}

}  // namespace
}  // namespace lagesbild::report

// The annual evaluation report (årlig uppföljning av åtgärderna) as HTML and PDF (see
// measure_documents.h).
#include "report/measure_documents.h"
#include "report/pdf_layout.h"
#include "report/situation_html.h"

namespace lagesbild::report {
namespace {

using pdf::Align;
using pdf::Document;
using pdf::Font;

std::string title_of(const AnnualReportView& v) {
  return "Uppföljning av åtgärder " + std::to_string(v.year) + " – " + v.municipality_name;
}

std::string introduction(const AnnualReportView& v) {
  return "Inventering av de brottsförebyggande och trygghetsskapande åtgärder som pågick under " +
         std::to_string(v.year) +
         ": typ, förebyggandenivå, ansvarig organisation, område, status, "
         "kostnad och utvärderat resultat. Status och utvärderingar avser läget " +
         v.as_of + ".";
}

std::string evaluation_summary(const AnnualReportView& v) {
  return std::to_string(v.measures.size()) + " åtgärder, sammanlagd kostnad " +
         money_text(v.total_cost_sek) + " (avbrutna åtgärder oräknade). " +
         std::to_string(v.evaluated) +
         " kunde utvärderas mot rapporterade händelser: " + std::to_string(v.with_effect) +
         " med en statistiskt säkerställd minskning, " + std::to_string(v.too_few) +
         " med för få händelser för en säker bedömning. " + std::to_string(v.not_evaluable) +
         " kunde inte utvärderas (ingen efterperiod, inget område att jämföra med eller inga "
         "kategorier).";
}

struct Table {
  const char* id;
  const char* title;
  const char* column;
  const std::vector<InventoryLine>* lines;
};

std::vector<Table> tables(const AnnualReportView& v) {
  return {{"status", "Efter status", "Status", &v.by_status},
          {"inriktning", "Efter inriktning", "Inriktning", &v.by_kind},
          {"niva", "Efter förebyggandenivå", "Nivå", &v.by_level},
          {"typ", "Efter typ av åtgärd", "Typ", &v.by_type},
          {"organisation", "Efter ansvarig organisation", "Organisation", &v.by_organisation},
          {"omrade", "Efter område", "Område", &v.by_area}};
}

std::string effect_cell(const MeasureEffect& e) {
  if (!e.short_text.empty()) return e.short_text;
  return e.note.empty() ? "–" : e.note;
}

}  // namespace

std::string annual_report_html(const AnnualReportView& v) {
  const auto esc = [](const std::string& s) { return html_escape(s); };
  std::string out = document_head(title_of(v)) + "<h1>" + esc(title_of(v)) + "</h1><p>" +
                    esc(introduction(v)) +
                    "</p>\n<section id=\"sammanfattning\"><h2>"
                    "Sammanfattning</h2><p class=\"lead\">" +
                    esc(evaluation_summary(v)) + "</p></section>\n";
  out += "<section id=\"inventering\"><h2>Inventering</h2>";
  for (const Table& t : tables(v)) {
    out += "<h3 id=\"" + std::string(t.id) + "\">" + t.title + "</h3><table><thead><tr><th>" +
           t.column +
           "</th><th>Åtgärder</th><th>Ej avbrutna</th><th>Kostnad</th></tr></thead><tbody>";
    for (const InventoryLine& l : *t.lines) {
      out += "<tr><td>" + esc(l.label) + "</td><td class=\"n\">" + std::to_string(l.measures) +
             "</td><td class=\"n\">" + std::to_string(l.active) + "</td><td class=\"n\">" +
             esc(money_text(l.cost_sek)) + "</td></tr>";
    }
    out += "</tbody></table>";
  }
  out +=
      "</section>\n<section id=\"atgarder\"><h2>Åtgärderna</h2><table><thead><tr><th>Åtgärd</th>"
      "<th>Typ</th><th>Ansvarig</th><th>Område</th><th>Period</th><th>Status</th><th>Kostnad</th>"
      "<th>Resultat</th></tr></thead><tbody>";
  for (const InventoryMeasure& m : v.measures) {
    out += "<tr id=\"atgard-" + std::to_string(m.id) + "\"><td>" + esc(m.title) +
           "<br><span class=\"muted\">" + esc(m.kind_label) + " · " + esc(m.level_label) +
           "</span></td><td>" + esc(m.type_label) + "</td><td>" + esc(m.organisation) +
           "</td><td>" + esc(m.areas) + "</td><td>" + esc(m.start) + "–" + esc(m.end) +
           "</td><td>" + esc(m.status) + "</td><td class=\"n\">" + esc(money_text(m.cost_sek)) +
           "</td><td" + (m.effect.effect ? " class=\"effect\"" : "") + ">" +
           esc(effect_cell(m.effect)) + "</td></tr>";
  }
  if (v.measures.empty()) {
    out += "<tr><td colspan=\"8\">Inga åtgärder under året.</td></tr>";
  }
  out += "</tbody></table></section>\n<section id=\"utvarderingar\"><h2>Utvärderingar</h2>";
  bool any = false;
  for (const InventoryMeasure& m : v.measures) {
    if (m.effect.verdict.empty()) continue;
    any = true;
    out += "<h3>" + esc(m.title) + "</h3><p>" + esc(m.effect.verdict) + "</p>";
  }
  if (!any) out += "<p class=\"muted\">Ingen åtgärd kunde utvärderas.</p>";
  return out + "</section>\n</body></html>\n";
}

std::string annual_report_pdf(const AnnualReportView& v) {
  Document doc(title_of(v));
  const Font text{10, false, {0.13, 0.13, 0.13}};
  const Font small{8, false, {0.13, 0.13, 0.13}};
  doc.paragraph(title_of(v), Font{18, true, {0.17, 0.30, 0.49}}, 6);
  doc.paragraph(introduction(v), text, 10);
  doc.heading("Sammanfattning");
  doc.paragraph(evaluation_summary(v), text, 10);
  const double w = doc.width();
  doc.heading("Inventering");
  for (const Table& t : tables(v)) {
    doc.heading(t.title, 3, 80);
    std::vector<Document::Row> rows;
    for (const InventoryLine& l : *t.lines) {
      rows.push_back(
          {{l.label, std::to_string(l.measures), std::to_string(l.active), money_text(l.cost_sek)},
           std::nullopt});
    }
    if (rows.empty()) rows.push_back({{"–", "0", "0", money_text(0)}, std::nullopt});
    doc.table({{t.column, w * 0.46, Align::left},
               {"Åtgärder", w * 0.16, Align::right},
               {"Ej avbrutna", w * 0.16, Align::right},
               {"Kostnad", w * 0.22, Align::right}},
              rows, Font{9, false, {0.13, 0.13, 0.13}});
    doc.move_down(6);
  }
  doc.heading("Åtgärderna");
  std::vector<Document::Row> rows;
  for (const InventoryMeasure& m : v.measures) {
    Document::Row r{
        {m.title + "\n" + m.type_label + ", " + m.kind_label + ", " + m.level_label, m.organisation,
         m.areas, m.start + "–" + m.end, m.status, money_text(m.cost_sek), effect_cell(m.effect)},
        std::nullopt};
    if (m.effect.effect) r.fill = view::Rgb{0.88, 0.96, 0.89};
    rows.push_back(std::move(r));
  }
  if (rows.empty()) rows.push_back({{"Inga åtgärder under året.", "", "", "", "", "", ""}, {}});
  doc.table({{"Åtgärd", w * 0.24, Align::left},
             {"Ansvarig", w * 0.13, Align::left},
             {"Område", w * 0.13, Align::left},
             {"Period", w * 0.14, Align::left},
             {"Status", w * 0.1, Align::left},
             {"Kostnad", w * 0.1, Align::right},
             {"Resultat", w * 0.16, Align::left}},
            rows, small);
  doc.heading("Utvärderingar");
  bool any = false;
  for (const InventoryMeasure& m : v.measures) {
    if (m.effect.verdict.empty()) continue;
    any = true;
    doc.heading(m.title, 3, 40);
    doc.paragraph(m.effect.verdict, Font{9.5, false, {0.13, 0.13, 0.13}}, 8);
  }
  if (!any) doc.paragraph("Ingen åtgärd kunde utvärderas.", text);
  return doc.finish();
}

}  // namespace lagesbild::report

// The action plan (åtgärdsplan) and its follow-up as HTML and PDF (see measure_documents.h).
#include <algorithm>
#include <map>

#include "report/measure_documents.h"
#include "report/pdf_layout.h"
#include "report/situation_html.h"

namespace lagesbild::report {
namespace {

using pdf::Align;
using pdf::Document;
using pdf::Font;

std::string title_of(const ActionPlanView& v) {
  return "Åtgärdsplan " + std::to_string(v.year) + " – " + v.municipality_name;
}

std::string introduction(const ActionPlanView& v) {
  return "Enligt lagen (2023:196) om kommuners ansvar för brottsförebyggande arbete ska kommunen "
         "utifrån lägesbilden besluta om en åtgärdsplan. Planen bygger på lägesbilden " +
         v.lagesbild + " och tar upp de åtgärder som ska genomföras under " +
         std::to_string(v.year) +
         ": vem som ansvarar, vilka som deltar, vilka resurser som avsätts och hur varje åtgärd "
         "följs upp.";
}

std::string period_of(const PlannedMeasure& m) {
  return m.start + "–" + (m.end.empty() ? "tills vidare" : m.end);
}

std::string summary(const ActionPlanView& v) {
  int situational = 0, social = 0;
  std::int64_t cost = 0;
  int unknown_cost = 0;
  for (const PlannedMeasure& m : v.measures) {
    (m.kind_label == "situationell" ? situational : social) += 1;
    if (m.cost_sek) {
      cost += *m.cost_sek;
    } else {
      ++unknown_cost;
    }
  }
  std::string s = std::to_string(v.measures.size()) + " åtgärder (" + std::to_string(situational) +
                  " situationella, " + std::to_string(social) +
                  " sociala). Avsatta resurser: " + money_text(cost);
  if (unknown_cost > 0) s += " (kostnad ej angiven för " + std::to_string(unknown_cost) + ")";
  return s + ".";
}

// Cost per responsible organisation, largest first.
std::vector<std::pair<std::string, std::int64_t>> cost_by_organisation(const ActionPlanView& v) {
  std::map<std::string, std::int64_t> sums;
  for (const PlannedMeasure& m : v.measures) sums[m.organisation] += m.cost_sek.value_or(0);
  std::vector<std::pair<std::string, std::int64_t>> out(sums.begin(), sums.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string follow_up_summary(const ActionPlanView& v) {
  int done = 0, running = 0, dropped = 0, effect = 0;
  for (const PlannedMeasure& m : v.measures) {
    done += m.status_actual == "genomförd" || m.status_actual == "utvärderad";
    running += m.status_actual == "pågående";
    dropped += m.status_actual == "avbruten";
    effect += m.effect.effect;
  }
  return "Av " + std::to_string(v.measures.size()) + " planerade åtgärder är " +
         std::to_string(done) + " genomförda eller utvärderade, " + std::to_string(running) +
         " pågår och " + std::to_string(dropped) + " har avbrutits. " + std::to_string(effect) +
         " visar en statistiskt säkerställd minskning av de händelser de riktar sig mot.";
}

std::string effect_cell(const MeasureEffect& e) {
  if (!e.short_text.empty()) return e.short_text;
  return e.note.empty() ? "–" : e.note;
}

}  // namespace

std::string money_text(const std::optional<std::int64_t>& sek) {
  if (!sek) return "–";
  std::string digits = std::to_string(*sek < 0 ? -*sek : *sek);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u00a0";
    out += digits[i];
  }
  return (*sek < 0 ? "−" : "") + out + "\u00a0kr";
}

std::string document_head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
         "content=\"width=device-width, initial-scale=1\"><title>" +
         html_escape(title) +
         "</title><style>body{font-family:\"DejaVu Sans\",system-ui,sans-serif;color:#222;"
         "max-width:1100px;margin:0 auto;padding:1.5rem;line-height:1.4}h2{color:#2b4c7e;"
         "border-bottom:2px solid #2b4c7e}table{border-collapse:collapse;width:100%}th,td{"
         "border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}"
         "td.n{text-align:right;white-space:nowrap}.lead{background:#eef2f8;padding:.8rem;"
         "border-left:4px solid #2b4c7e;white-space:pre-wrap}.effect{color:#1d6b2f;"
         "font-weight:bold}.muted{color:#666}</style></head><body>\n";
}

std::string action_plan_html(const ActionPlanView& v) {
  const auto esc = [](const std::string& s) { return html_escape(s); };
  std::string out = document_head(title_of(v)) + "<h1>" + esc(title_of(v)) + "</h1><p>" +
                    esc(introduction(v)) + "</p>\n";
  out += "<section id=\"lagesbild\"><h2>Lägesbilden " + esc(v.lagesbild) + "</h2>";
  if (v.assessment.empty() && v.proposed_actions.empty()) {
    out += "<p class=\"muted\">Ingen bedömning är registrerad för lägesbilden " + esc(v.lagesbild) +
           ".</p>";
  } else {
    if (!v.assessment.empty()) out += "<p class=\"lead\">" + esc(v.assessment) + "</p>";
    if (!v.proposed_actions.empty()) {
      out += "<p><strong>Föreslagna åtgärder:</strong> " + esc(v.proposed_actions) + "</p>";
    }
  }
  out += "</section>\n<section id=\"sammanfattning\"><h2>Sammanfattning</h2><p>" + esc(summary(v)) +
         "</p><table><thead><tr><th>Ansvarig organisation</th><th>Resurser"
         "</th></tr></thead><tbody>";
  for (const auto& [org, cost] : cost_by_organisation(v)) {
    out += "<tr><td>" + esc(org) + "</td><td class=\"n\">" + esc(money_text(cost)) + "</td></tr>";
  }
  out +=
      "</tbody></table></section>\n<section id=\"atgarder\"><h2>Åtgärder</h2><table><thead><tr>"
      "<th>Åtgärd</th><th>Område och problem</th><th>Ansvarig och samverkan</th><th>Period</th>"
      "<th>Resurser</th><th>Uppföljning</th></tr></thead><tbody>";
  for (const PlannedMeasure& m : v.measures) {
    out +=
        "<tr id=\"atgard-" + std::to_string(m.id) + "\"><td><strong>" + esc(m.title) +
        "</strong><br><span class=\"muted\">" + esc(m.type_label) + " · " + esc(m.kind_label) +
        " · " + esc(m.level_label) +
        (m.from_lagesbild ? " · från lägesbilden " + esc(v.lagesbild) : "") + " · " +
        esc(m.status_planned) + "</span></td><td>" + esc(m.areas) +
        (m.categories.empty() ? "" : "<br><span class=\"muted\">" + esc(m.categories) + "</span>") +
        "</td><td>" + esc(m.organisation) +
        (m.partners.empty() ? "" : "<br><span class=\"muted\">med " + esc(m.partners) + "</span>") +
        "</td><td>" + esc(period_of(m)) + "</td><td class=\"n\">" + esc(money_text(m.cost_sek)) +
        "</td><td>" + esc(m.follow_up) + "</td></tr>";
  }
  if (v.measures.empty()) {
    out += "<tr><td colspan=\"6\">Inga åtgärder i registret för " + std::to_string(v.year) +
           ".</td></tr>";
  }
  out += "</tbody></table></section>\n";
  if (v.follow_up) {
    out += "<section id=\"uppfoljning\"><h2>Uppföljning mot planen per " + esc(v.follow_up_date) +
           "</h2><p>" + esc(follow_up_summary(v)) +
           "</p><table><thead><tr><th>Åtgärd</th><th>Planerad status</th><th>Utfall</th>"
           "<th>Effekt</th><th>Senaste anteckning</th></tr></thead><tbody>";
    for (const PlannedMeasure& m : v.measures) {
      out += "<tr><td>" + esc(m.title) + "</td><td>" + esc(m.status_planned) + "</td><td>" +
             esc(m.status_actual) + "</td><td" + (m.effect.effect ? " class=\"effect\"" : "") +
             " title=\"" + esc(m.effect.verdict) + "\">" + esc(effect_cell(m.effect)) +
             "</td><td>" + esc(m.last_note) + "</td></tr>";
    }
    out += "</tbody></table></section>\n";
  }
  return out + "</body></html>\n";
}

std::string action_plan_pdf(const ActionPlanView& v) {
  Document doc(title_of(v));
  const Font body{9, false, {0.13, 0.13, 0.13}};
  const Font text{10, false, {0.13, 0.13, 0.13}};
  doc.paragraph(title_of(v), Font{18, true, {0.17, 0.30, 0.49}}, 6);
  doc.paragraph(introduction(v), text, 10);
  doc.heading("Lägesbilden " + v.lagesbild);
  if (v.assessment.empty() && v.proposed_actions.empty()) {
    doc.paragraph("Ingen bedömning är registrerad för lägesbilden " + v.lagesbild + ".",
                  Font{10, false, {0.4, 0.4, 0.4}}, 8);
  } else {
    if (!v.assessment.empty()) doc.paragraph(v.assessment, text, 6);
    if (!v.proposed_actions.empty()) {
      doc.paragraph("Föreslagna åtgärder: " + v.proposed_actions, text, 8);
    }
  }
  const double w = doc.width();
  doc.heading("Sammanfattning");
  doc.paragraph(summary(v), text, 6);
  std::vector<Document::Row> costs;
  for (const auto& [org, cost] : cost_by_organisation(v)) {
    costs.push_back({{org, money_text(cost)}, std::nullopt});
  }
  if (!costs.empty()) {
    doc.table(
        {{"Ansvarig organisation", w * 0.7, Align::left}, {"Resurser", w * 0.3, Align::right}},
        costs, body);
  }
  doc.heading("Åtgärder");
  std::vector<Document::Row> rows;
  for (const PlannedMeasure& m : v.measures) {
    rows.push_back({{m.title + "\n" + m.type_label + ", " + m.kind_label + ", " + m.level_label +
                         (m.from_lagesbild ? "\nfrån lägesbilden " + v.lagesbild : ""),
                     m.areas + (m.categories.empty() ? "" : "\n" + m.categories),
                     m.organisation + (m.partners.empty() ? "" : "\nmed " + m.partners),
                     period_of(m), money_text(m.cost_sek), m.follow_up},
                    std::nullopt});
  }
  if (rows.empty()) {
    rows.push_back({{"Inga åtgärder i registret.", "", "", "", "", ""}, std::nullopt});
  }
  doc.table({{"Åtgärd", w * 0.22, Align::left},
             {"Område och problem", w * 0.16, Align::left},
             {"Ansvarig", w * 0.15, Align::left},
             {"Period", w * 0.12, Align::left},
             {"Resurser", w * 0.11, Align::right},
             {"Uppföljning", w * 0.24, Align::left}},
            rows, Font{8, false, {0.13, 0.13, 0.13}});
  if (v.follow_up) {
    doc.heading("Uppföljning mot planen per " + v.follow_up_date);
    doc.paragraph(follow_up_summary(v), text, 6);
    std::vector<Document::Row> follow;
    for (const PlannedMeasure& m : v.measures) {
      Document::Row r{
          {m.title, m.status_planned, m.status_actual, effect_cell(m.effect), m.last_note},
          std::nullopt};
      if (m.effect.effect) r.fill = view::Rgb{0.88, 0.96, 0.89};
      follow.push_back(std::move(r));
    }
    if (!follow.empty()) {
      doc.table({{"Åtgärd", w * 0.26, Align::left},
                 {"Planerad status", w * 0.14, Align::left},
                 {"Utfall", w * 0.13, Align::left},
                 {"Effekt", w * 0.2, Align::left},
                 {"Senaste anteckning", w * 0.27, Align::left}},
                follow, Font{8, false, {0.13, 0.13, 0.13}});
    }
  }
  return doc.finish();
}

}  // namespace lagesbild::report

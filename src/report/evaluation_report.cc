#include "report/evaluation_report.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "report/pdf_layout.h"
#include "report/situation_html.h"
#include "report/situation_view.h"

namespace lagesbild::report {
namespace {

namespace v = view;
using pdf::Align;
using pdf::Document;
using pdf::Font;

constexpr v::Rgb kTarget{0.75, 0.22, 0.17}, kComparison{0.17, 0.30, 0.49};

// The rows of the counts table: area, role, before, after, change (as rates per before-length).
std::vector<std::vector<std::string>> count_rows(const MeasureEvaluation& e) {
  const double w = e.input.before_days / e.input.after_days;
  std::vector<std::vector<std::string>> rows;
  const auto row = [&](const std::string& area, const std::string& role,
                       const analysis::BeforeAfter& c) {
    rows.push_back(
        {area, role, std::to_string(c.before), std::to_string(c.after),
         v::change_text(w * static_cast<double>(c.after), static_cast<double>(c.before))});
  };
  row(e.target, "åtgärdsområde", e.input.target);
  row(e.comparison, "jämförelseområde", e.input.comparison);
  if (e.input.displacement) row(e.displacement, "förflyttningsområde", *e.input.displacement);
  if (e.input.displacement_comparison) {
    row(e.displacement_comparison, "jämförelse för förflyttning", *e.input.displacement_comparison);
  }
  return rows;
}

std::vector<std::pair<std::string, std::string>> statistics(const MeasureEvaluation& e) {
  const auto& r = e.result;
  std::vector<std::pair<std::string, std::string>> out{
      {"Effekt i åtgärdsområdet (jämfört med " + e.comparison + ")",
       v::decimal(r.wdd.local, 1) + " händelser (" + v::p_text(r.wdd.local_p) + ")"},
      {"WDD, netto", v::decimal(r.wdd.estimate, 1) + " (95 % KI " + v::decimal(r.wdd.ci_low, 1) +
                         " till " + v::decimal(r.wdd.ci_high, 1) + ", z " + v::decimal(r.wdd.z, 2) +
                         ", p " + v::p_text(r.wdd.p_two_sided) + ")"}};
  if (r.rate_ratio.defined) {
    out.push_back({"Kvot av kvoter (efter/före, mot jämförelsen)",
                   v::decimal(r.rate_ratio.ratio, 2) + " (95 % KI " +
                       v::decimal(r.rate_ratio.ci_low, 2) + "–" +
                       v::decimal(r.rate_ratio.ci_high, 2) + ")"});
  }
  out.push_back({"Åtgärdsområdets egen förändring (exakt test)",
                 v::decimal(r.rate_ratio.target_ratio, 2) + "× (p " +
                     v::p_text(r.rate_ratio.target_p) + ")"});
  if (r.wdq) out.push_back({"WDQ (förflyttning)", v::decimal(*r.wdq, 2)});
  return out;
}

std::string period_text(const MeasureEvaluation& e) {
  return "Före: " + v::period_dates(e.before) + " (" +
         std::to_string(e.before.end_day - e.before.first_day) +
         " dagar). Efter: " + v::period_dates(e.after) + " (" +
         std::to_string(e.after.end_day - e.after.first_day) + " dagar).";
}

std::string categories_text(const MeasureEvaluation& e) {
  if (e.categories.empty()) return "Alla kategorier.";
  std::string s = "Kategorier: ";
  for (std::size_t i = 0; i < e.categories.size(); ++i) {
    s += (i ? ", " : "") + e.categories[i];
  }
  return s + ".";
}

// The chart's y scale: the largest weekly count, at least 1.
double chart_max(const MeasureEvaluation& e) {
  std::int64_t m = 1;
  for (auto n : e.target_weekly) m = std::max(m, n);
  for (auto n : e.comparison_weekly) m = std::max(m, n);
  return static_cast<double>(m);
}

std::string svg_chart(const MeasureEvaluation& e) {
  constexpr double kW = 720, kH = 240, kPad = 30;
  const std::size_t n = e.week_first_day.size();
  const double top = chart_max(e);
  const auto x = [&](std::size_t i) {
    return kPad + (n > 1 ? (kW - 2 * kPad) * static_cast<double>(i) / (n - 1) : 0);
  };
  const auto y = [&](double v) { return kH - kPad - (kH - 2 * kPad) * v / top; };
  const auto line = [&](const std::vector<std::int64_t>& s, v::Rgb c) {
    std::string points;
    for (std::size_t i = 0; i < s.size(); ++i) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.1f,%.1f ", x(i), y(static_cast<double>(s[i])));
      points += buf;
    }
    return "<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"" + v::hex(c) + "\" points=\"" +
           points + "\"/>";
  };
  std::string out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Rapporter "
      "per vecka\" viewBox=\"0 0 720 240\" style=\"max-width:100%;height:auto\">";
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>", kPad,
                kH - kPad, kW - kPad, kH - kPad);
  out += buf;
  for (std::size_t i = 0; i < n; ++i) {
    if (e.week_first_day[i] >= e.after.first_day) {
      std::snprintf(buf, sizeof buf,
                    "<line class=\"start\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"#333\" stroke-dasharray=\"4 3\"/>",
                    x(i), kPad / 2, x(i), kH - kPad);
      out += buf;
      break;
    }
  }
  out += line(e.target_weekly, kTarget) + line(e.comparison_weekly, kComparison);
  std::snprintf(buf, sizeof buf, "<text x=\"4\" y=\"%.1f\" font-size=\"11\">%lld</text>",
                y(top) + 4, static_cast<long long>(top));
  out += buf;
  return out + "</svg>";
}

}  // namespace

std::string evaluation_html(const MeasureEvaluation& e) {
  const auto esc = [](const std::string& s) { return html_escape(s); };
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>" +
      esc(e.title) +
      "</title><style>body{font-family:\"DejaVu Sans\",system-ui,sans-serif;color:#222;"
      "max-width:900px;margin:0 auto;padding:1.5rem;line-height:1.4}h2{color:#2b4c7e;"
      "border-bottom:2px solid #2b4c7e}table{border-collapse:collapse}th,td{border-bottom:1px "
      "solid #ddd;padding:.25rem .6rem;text-align:left}td.n{text-align:right}.verdict{font-size:"
      "1.1rem;background:#eef2f8;padding:.8rem;border-left:4px solid #2b4c7e}.warn{background:"
      "#fff4e0;border-left-color:#e0a030}</style></head><body>\n<h1>" +
      esc(e.title) + "</h1><p>" + esc(e.municipality_name) + " · " + esc(period_text(e)) +
      "</p><p>" + esc(categories_text(e)) + "</p>\n";
  out += "<section id=\"bedomning\"><h2>Bedömning</h2><p class=\"verdict" +
         std::string(e.result.too_few ? " warn" : "") + "\">" + esc(e.verdict) + "</p></section>\n";
  out +=
      "<section id=\"antal\"><h2>Antal före och efter</h2><table><thead><tr><th>Område</th>"
      "<th>Roll</th><th>Före</th><th>Efter</th><th>Förändring (per dag)</th></tr></thead><tbody>";
  for (const auto& r : count_rows(e)) {
    out += "<tr><td>" + esc(r[0]) + "</td><td>" + esc(r[1]) + "</td><td class=\"n\">" + r[2] +
           "</td><td class=\"n\">" + r[3] + "</td><td class=\"n\">" + esc(r[4]) + "</td></tr>";
  }
  out += "</tbody></table></section>\n<section id=\"statistik\"><h2>Statistik</h2><table><tbody>";
  for (const auto& [what, value] : statistics(e)) {
    out += "<tr><th>" + esc(what) + "</th><td>" + esc(value) + "</td></tr>";
  }
  out +=
      "</tbody></table></section>\n<section id=\"diagram\"><h2>Rapporter per vecka</h2><p><span "
      "style=\"color:" +
      v::hex(kTarget) + "\">■</span> " + esc(e.target) +
      " <span style=\"color:" + v::hex(kComparison) + "\">■</span> " + esc(e.comparison) +
      " · streckad linje: åtgärden börjar</p>" + svg_chart(e) + "</section>\n</body></html>\n";
  return out;
}

std::string evaluation_pdf(const MeasureEvaluation& e) {
  Document doc(e.title + " · " + e.municipality_name);
  const Font body{10, false, {0.13, 0.13, 0.13}};
  doc.paragraph(e.title, Font{20, true, {0.17, 0.30, 0.49}}, 4);
  doc.paragraph(e.municipality_name + " · " + period_text(e), Font{10, false, {0.4, 0.4, 0.4}});
  doc.paragraph(categories_text(e), Font{10, false, {0.4, 0.4, 0.4}}, 12);
  doc.heading("Bedömning");
  doc.paragraph(e.verdict, Font{11, e.result.too_few, {0.13, 0.13, 0.13}}, 10);
  doc.heading("Antal före och efter");
  std::vector<Document::Row> rows;
  for (auto& r : count_rows(e)) rows.push_back({r, std::nullopt});
  const double w = doc.width();
  doc.table({{"Område", w * 0.28, Align::left},
             {"Roll", w * 0.28, Align::left},
             {"Före", w * 0.13, Align::right},
             {"Efter", w * 0.13, Align::right},
             {"Förändring", w * 0.18, Align::right}},
            rows, body);
  doc.heading("Statistik");
  std::vector<Document::Row> stats;
  for (const auto& [what, value] : statistics(e)) stats.push_back({{what, value}, std::nullopt});
  doc.table({{"Mått", w * 0.45, Align::left}, {"Värde", w * 0.55, Align::left}}, stats, body);

  doc.heading("Rapporter per vecka", 2, 200);
  constexpr double kH = 170;
  doc.ensure(kH + 20);
  cairo_t* cr = doc.cr();
  const double x0 = doc.left(), y0 = doc.y(), cw = doc.width();
  const std::size_t n = e.week_first_day.size();
  const double top = chart_max(e);
  const auto px = [&](std::size_t i) {
    return x0 + (n > 1 ? cw * static_cast<double>(i) / (n - 1) : 0);
  };
  const auto py = [&](double v) { return y0 + kH - kH * v / top; };
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, x0, y0 + kH);
  cairo_line_to(cr, x0 + cw, y0 + kH);
  cairo_stroke(cr);
  for (std::size_t i = 0; i < n; ++i) {
    if (e.week_first_day[i] < e.after.first_day) continue;
    const double dash[] = {4, 3};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, px(i), y0);
    cairo_line_to(cr, px(i), y0 + kH);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    break;
  }
  for (const auto& [series, colour] :
       {std::pair{&e.target_weekly, kTarget}, std::pair{&e.comparison_weekly, kComparison}}) {
    cairo_set_source_rgb(cr, colour.r, colour.g, colour.b);
    cairo_set_line_width(cr, 1.2);
    for (std::size_t i = 0; i < series->size(); ++i) {
      const double yy = py(static_cast<double>((*series)[i]));
      if (i == 0) {
        cairo_move_to(cr, px(i), yy);
      } else {
        cairo_line_to(cr, px(i), yy);
      }
    }
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  doc.move_down(kH + 6);
  doc.paragraph("Rött: " + e.target + ". Blått: " + e.comparison +
                    ". Streckad linje: åtgärden börjar. Högsta veckovärde: " +
                    std::to_string(static_cast<long long>(top)) + ".",
                Font{8.5, false, {0.4, 0.4, 0.4}});
  return doc.finish();
}

}  // namespace lagesbild::report

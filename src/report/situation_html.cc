#include "report/situation_html.h"

#include <algorithm>
#include <cstdio>

#include "report/situation_view.h"

namespace lagesbild::report {
namespace {

using analysis::Cell;
namespace v = view;

std::string esc(std::string_view s) { return html_escape(s); }

// SVG coordinates: one decimal is finer than a screen pixel.
std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

constexpr const char* kStyle = R"(
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#222;margin:0 auto;max-width:1100px;
padding:1.5rem;line-height:1.4}
h1{margin:0;font-size:1.9rem}h2{border-bottom:2px solid #2b4c7e;padding-bottom:.2rem;
margin-top:2rem;color:#2b4c7e}h3{margin-bottom:.3rem}
.lead{font-size:1.1rem;color:#555;margin:.2rem 0 0}.note{color:#666;font-size:.9rem}
.empty{font-size:1.1rem;font-weight:bold;color:#8a4b00;background:#fff4e0;padding:.6rem;
border-left:4px solid #e0a030}
.totals{display:flex;gap:1rem;flex-wrap:wrap}.kpi{border:1px solid #ccd;border-radius:6px;
padding:.6rem 1rem;min-width:11rem}.kpi .n{display:block;font-size:1.8rem;font-weight:bold}
.kpi .c{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#eef2f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.flag td{background:#fde8e6}.badge{display:inline-block;padding:0 .5rem;border-radius:.7rem;
color:#fff;font-size:.85rem}.badge.yellow{color:#222}
.legend{display:flex;gap:1.2rem;flex-wrap:wrap;font-size:.85rem;align-items:center}
.sw{display:inline-block;width:1rem;height:.8rem;border:1px solid #999;vertical-align:middle;
margin-right:.2rem}
.trends{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-size:.85rem}
.pre{white-space:pre-wrap}.meta{color:#666;font-size:.85rem}
.coverage-not_reported td{color:#a00}.coverage-nothing_to_report td{color:#555}
svg text{font-family:"DejaVu Sans",sans-serif}
footer{margin-top:2rem;color:#888;font-size:.8rem}
@media print{body{max-width:none}section{break-inside:avoid-page}}
)";

std::string td(const std::string& text, bool number = false) {
  return std::string(number ? "<td class=\"n\">" : "<td>") + esc(text) + "</td>";
}

std::string th(const std::string& text, bool number = false) {
  return std::string(number ? "<th class=\"n\">" : "<th>") + esc(text) + "</th>";
}

std::string status_badge(AreaStatus s) {
  return "<span class=\"badge " + std::string(to_string(s)) +
         "\" style=\"background:" + v::hex(v::status_colour(s)) + "\">" + esc(swedish_name(s)) +
         "</span>";
}

void header(std::string& out, const SituationPicture& pic) {
  const std::string municipality =
      pic.context ? pic.context->municipality().name : pic.municipality;
  out += "<header><h1>" + esc(v::title(pic.period)) + "</h1><p class=\"lead\">" +
         esc(municipality) + " · " + esc(v::period_dates(pic.period)) + "</p>";
  if (pic.period.kind == PeriodKind::year) out += "<p>" + esc(v::kYearlyLaw) + "</p>";
  if (pic.filtered) {
    out +=
        "<p class=\"note\">Urvalet är avgränsat till vissa områden, kategorier eller "
        "organisationer.</p>";
  }
  out += "</header>\n";
}

void summary(std::string& out, const SituationPicture& pic) {
  const analysis::Situation& s = pic.situation;
  out += "<section id=\"sammanfattning\"><h2>Sammanfattning</h2>";
  if (s.total_current == 0) out += "<p class=\"empty\">" + esc(v::kNoReports) + "</p>";
  const auto kpi = [&](const std::string& n, const std::string& what, const std::string& change) {
    out += "<div class=\"kpi\"><span class=\"n\">" + esc(n) + "</span>" + esc(what);
    if (!change.empty()) out += "<br><span class=\"c\">" + esc(change) + "</span>";
    out += "</div>";
  };
  const double now = static_cast<double>(s.total_current);
  out += "<div class=\"totals\">";
  kpi(std::to_string(s.total_current), "rapporter " + v::period_name(pic.period), "");
  kpi(std::to_string(s.total_previous), "föregående period (" + pic.previous.label() + ")",
      "förändring " + v::change_text(now, static_cast<double>(s.total_previous)));
  kpi(v::decimal(s.total_baseline_mean, 1),
      "snitt för " + std::to_string(pic.baseline.size()) + " perioder före",
      "förändring " + v::change_text(now, s.total_baseline_mean));
  kpi(std::to_string(s.total_last_year), "samma period förra året (" + pic.last_year.label() + ")",
      "förändring " + v::change_text(now, static_cast<double>(s.total_last_year)));
  out += "</div>";
  if (const auto police = v::police_events_text(pic); !police.empty()) {
    out += "<p>" + esc(police) + "</p>";
  }
  out += "</section>\n";
}

// A year's weeks with flagged rises: what stood out during the year, and when.
void year_review(std::string& out, const SituationPicture& pic) {
  if (pic.period.kind != PeriodKind::year) return;
  out += "<section id=\"aret\"><h2>Året vecka för vecka: flaggade ökningar</h2>";
  const auto rows = v::year_flag_rows(pic);
  if (rows.empty()) {
    out += "<p>" + esc(v::kNoYearFlags) + "</p></section>\n";
    return;
  }
  out += "<table><thead><tr>" + th("Vecka") + th("Område") + th("Kategori") + th("Antal", true) +
         th("Förväntat", true) + th("q", true) + "</tr></thead><tbody>";
  for (const auto& r : rows) {
    out += "<tr>" + td(r[0]) + td(r[1]) + td(r[2]) + td(r[3], true) + td(r[4], true) +
           td(r[5], true) + "</tr>";
  }
  out += "</tbody></table></section>\n";
}

void year_hotspots(std::string& out, const SituationPicture& pic) {
  if (pic.period.kind != PeriodKind::year) return;
  out += "<section id=\"hotspots\"><h2>Årets hotspots</h2><p class=\"note\">" +
         esc(v::kYearHotspotsNote) + "</p>";
  const auto rows = v::year_hotspot_rows(pic);
  if (rows.empty()) {
    out += "<p>" + esc(v::kNoYearHotspots) + "</p></section>\n";
    return;
  }
  out += "<table><thead><tr>" + th("Område") + th("Heta rutor", true) +
         th("Rapporter i dem", true) + "</tr></thead><tbody>";
  for (const auto& r : rows) out += "<tr>" + td(r[0]) + td(r[1], true) + td(r[2], true) + "</tr>";
  out += "</tbody></table></section>\n";
}

std::string signal_text(const Cell& c) {
  std::string signal;
  if (c.flagged) signal = c.rise ? "Ökning" : "Minskning";
  if (c.ewma.alarm) {
    if (!signal.empty()) signal += "; ";
    signal += "Tidig varning (EWMA " + v::decimal(c.ewma.value, 1) + " > gräns " +
              v::decimal(c.ewma.upper_limit, 1) + ")";
  }
  return signal;
}

void flags(std::string& out, const SituationPicture& pic) {
  out += "<section id=\"avvikelser\"><h2>Avvikelser</h2>";
  const auto cells = v::flag_cells(pic);
  if (cells.empty()) {
    out += "<p>Inga statistiskt säkerställda avvikelser och inga tidiga varningar.</p></section>\n";
    return;
  }
  out +=
      "<p class=\"note\">Flaggad: q-värdet (Benjamini–Hochberg över alla celler) är under vald "
      "nivå. Tidig varning: EWMA-kurvan över kontrollgränsen.</p><table><thead><tr>" +
      th("Område") + th("Kategori") + th("Perioden", true) + th("Förväntat", true) +
      th("Kvot", true) + th("p", true) + th("q", true) + th("Signal") + "</tr></thead><tbody>";
  for (const Cell* c : cells) {
    out += std::string(c->flagged ? "<tr class=\"flag\">" : "<tr>") +
           td(v::area_name(pic, c->area)) + td(v::category_name(pic, c->category)) +
           td(std::to_string(c->current), true) + td(v::decimal(c->test.expected, 1), true) +
           td(v::ratio_text(*c), true) + td(v::p_text(c->test.p_two_sided), true) +
           td(v::p_text(c->q), true) + td(signal_text(*c)) + "</tr>";
  }
  out += "</tbody></table></section>\n";
}

std::string path_of(const v::Polygons& polygons, const v::MapFrame& f) {
  std::string d;
  for (const auto& polygon : polygons) {
    for (const v::Ring& ring : polygon) {
      for (std::size_t i = 0; i < ring.size(); ++i) {
        d += (i == 0 ? "M" : "L") + num(f.px(ring[i][0])) + " " + num(f.py(ring[i][1]));
      }
      d += "Z";
    }
  }
  return d;
}

// The middle of the outline's bounding box, in map coordinates.
std::array<double, 2> label_point(const v::Polygons& polygons, const v::MapFrame& f) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (const auto& polygon : polygons) {
    if (polygon.empty()) continue;
    for (const auto& [x, y] : polygon.front()) {
      x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
    }
  }
  return {f.px((x0 + x1) / 2), f.py((y0 + y1) / 2)};
}

void map(std::string& out, const SituationPicture& pic, const std::vector<v::AreaSummary>& areas) {
  constexpr double kW = 720, kH = 520;
  out += "<section id=\"karta\"><h2>Karta: förändring och status per område</h2>";
  const v::MapFrame f = v::fit_map(areas, pic.points, kW, kH, 20);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kW) + "\" height=\"" + num(kH) +
         "\" viewBox=\"0 0 " + num(kW) + " " + num(kH) +
         "\" role=\"img\" aria-label=\"Karta över områdena\" style=\"max-width:100%;height:auto;"
         "background:#fbfbf8;border:1px solid #ccc\">";
  for (const v::AreaSummary& a : areas) {
    if (a.outline.empty()) continue;
    out += "<path fill-rule=\"evenodd\" stroke=\"#444\" stroke-width=\"1.2\" fill=\"" +
           v::hex(v::change_colour(static_cast<double>(a.current), a.expected)) + "\" d=\"" +
           path_of(a.outline, f) + "\"><title>" + esc(v::area_name(pic, a.area)) + ": " +
           std::to_string(a.current) + " rapporter, förväntat " + v::decimal(a.expected, 1) +
           "</title></path>";
  }
  for (const SituationPoint& p : pic.points) {
    out += "<circle class=\"point\" stroke=\"#fff\" stroke-width=\"1\" r=\"" +
           num(v::point_radius(p.severity)) + "\" cx=\"" + num(f.px(p.x)) + "\" cy=\"" +
           num(f.py(p.y)) + "\" fill=\"" + v::hex(v::point_colour()) + "\"/>";
  }
  for (const v::AreaSummary& a : areas) {
    if (a.outline.empty()) continue;
    const auto [x, y] = label_point(a.outline, f);
    out +=
        "<text text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\" stroke=\"#fff\" "
        "stroke-width=\"3\" paint-order=\"stroke\" x=\"" +
        num(x) + "\" y=\"" + num(y) + "\">" + esc(v::area_name(pic, a.area)) + "</text>";
    if (a.status) {
      out += "<circle r=\"7\" stroke=\"#222\" cx=\"" + num(x) + "\" cy=\"" + num(y + 14) +
             "\" fill=\"" + v::hex(v::status_colour(*a.status)) +
             "\"><title>Status: " + esc(swedish_name(*a.status)) + "</title></circle>";
    }
  }
  out += "</svg><div class=\"legend\"><span>Förändring mot förväntat:</span>";
  for (const auto& [ratio, label] : std::initializer_list<std::pair<double, const char*>>{
           {0.25, "≤ 0,25×"}, {0.5, "0,5×"}, {1, "som väntat"}, {2, "2×"}, {4, "≥ 4×"}}) {
    out += "<span><span class=\"sw\" style=\"background:" + v::hex(v::change_colour(ratio, 1)) +
           "\"></span>" + label + "</span>";
  }
  out += "<span><span class=\"sw\" style=\"background:" + v::hex(v::change_colour(0, 0)) +
         "\"></span>inga rapporter</span>";
  out += "<span>Status: ";
  for (const AreaStatus s :
       {AreaStatus::green, AreaStatus::yellow, AreaStatus::orange, AreaStatus::red}) {
    out += status_badge(s) + " ";
  }
  out += "</span>";
  if (!pic.points.empty()) {
    out += "<span>Rapporter (allvarlighet): ";
    for (int s = 1; s <= 3; ++s) {
      const double r = v::point_radius(s);
      out += "<svg width=\"" + num(2 * r + 2) + "\" height=\"" + num(2 * r + 2) +
             "\"><circle r=\"" + num(r) + "\" cx=\"" + num(r + 1) + "\" cy=\"" + num(r + 1) +
             "\" fill=\"" + v::hex(v::point_colour()) + "\"/></svg>" + std::to_string(s) + " ";
    }
    out += "</span>";
  }
  out += "</div><table><thead><tr>" + th("Område") + th("Status") + th("Rapporter", true) +
         th("Förväntat", true) + th("Kvot", true) + th("Flaggade", true) +
         th("Tidiga varningar", true) + "</tr></thead><tbody>";
  for (const v::AreaSummary& a : areas) {
    out += std::string(a.flagged > 0 ? "<tr class=\"flag\">" : "<tr>") +
           td(v::area_name(pic, a.area)) + "<td>" +
           (a.status ? status_badge(*a.status) : std::string("–")) + "</td>" +
           td(std::to_string(a.current), true) + td(v::decimal(a.expected, 1), true) +
           td(v::ratio_text(static_cast<double>(a.current), a.expected), true) +
           td(std::to_string(a.flagged), true) + td(std::to_string(a.early_warnings), true) +
           "</tr>";
  }
  out += "</tbody></table></section>\n";
}

void trend_chart(std::string& out, const SituationPicture& pic, const Cell& c,
                 const std::vector<std::string>& labels) {
  constexpr double kW = 300, kH = 130, kL = 30, kR = 10, kT = 10, kB = 24;
  double top = std::max(1.0, c.baseline_mean);
  for (const std::int64_t n : c.series) top = std::max(top, static_cast<double>(n));
  const std::size_t n = c.series.size();
  const auto x = [&](std::size_t i) {
    return kL + (n > 1 ? (kW - kL - kR) * static_cast<double>(i) / static_cast<double>(n - 1) : 0);
  };
  const auto y = [&](double value) { return kT + (kH - kT - kB) * (1 - value / top); };
  out += "<figure class=\"trend\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kW) +
         "\" height=\"" + num(kH) + "\" viewBox=\"0 0 " + num(kW) + " " + num(kH) + "\">";
  out += "<line stroke=\"#999\" x1=\"" + num(kL) + "\" x2=\"" + num(kW - kR) + "\" y1=\"" +
         num(y(0)) + "\" y2=\"" + num(y(0)) + "\"/>";
  out += "<text font-size=\"10\" text-anchor=\"end\" x=\"" + num(kL - 4) + "\" y=\"" +
         num(y(top) + 4) + "\">" + v::decimal(top, 0) +
         "</text><text font-size=\"10\" "
         "text-anchor=\"end\" x=\"" +
         num(kL - 4) + "\" y=\"" + num(y(0) + 4) + "\">0</text>";
  out += "<line stroke=\"#888\" stroke-dasharray=\"4 3\" x1=\"" + num(kL) + "\" x2=\"" +
         num(kW - kR) + "\" y1=\"" + num(y(c.baseline_mean)) + "\" y2=\"" +
         num(y(c.baseline_mean)) + "\"><title>Snitt " + v::decimal(c.baseline_mean, 1) +
         "</title></line>";
  std::string points;
  for (std::size_t i = 0; i < n; ++i) {
    points += num(x(i)) + "," + num(y(static_cast<double>(c.series[i]))) + " ";
  }
  out +=
      "<polyline fill=\"none\" stroke=\"#2b4c7e\" stroke-width=\"2\" points=\"" + points + "\"/>";
  if (n > 0) {
    out += "<circle r=\"4\" fill=\"" + std::string(c.flagged ? "#c62828" : "#2b4c7e") + "\" cx=\"" +
           num(x(n - 1)) + "\" cy=\"" + num(y(static_cast<double>(c.series.back()))) + "\"/>";
  }
  for (std::size_t i = 0; i < n && i < labels.size(); ++i) {
    if (i != 0 && i + 1 != n && n > 5 && i % 2 != (n - 1) % 2) continue;
    out += "<text font-size=\"9\" text-anchor=\"middle\" x=\"" + num(x(i)) + "\" y=\"" +
           num(kH - 8) + "\">" + esc(labels[i]) + "</text>";
  }
  out += "</svg><figcaption><strong>" + esc(v::category_name(pic, c.category)) +
         "</strong>: " + std::to_string(c.current) + " (snitt " + v::decimal(c.baseline_mean, 1) +
         ", kvot " + v::ratio_text(c) + ")" + (c.flagged ? " – flaggad" : "") +
         (c.ewma.alarm ? " – tidig varning" : "") + "</figcaption></figure>";
}

void trends(std::string& out, const SituationPicture& pic) {
  const auto cells = v::trend_cells(pic, 6);
  if (cells.empty()) return;
  const auto labels = v::series_labels(pic);
  out +=
      "<section id=\"trender\"><h2>Trender för de största kategorierna</h2>"
      "<p class=\"note\">Rapporter per period i hela kommunen; streckad linje: snittet för "
      "baslinjen.</p><div class=\"trends\">";
  for (const Cell* c : cells) trend_chart(out, pic, *c, labels);
  out += "</div></section>\n";
}

void time_of_week(std::string& out, const SituationPicture& pic) {
  static constexpr const char* kDays[] = {"mån", "tis", "ons", "tor", "fre", "lör", "sön"};
  constexpr double kCell = 26, kRow = 20, kL = 36, kT = 18;
  const auto& grid = pic.situation.time_of_week;
  double top = 0;
  for (const auto& day : grid) top = std::max(top, *std::max_element(day.begin(), day.end()));
  out +=
      "<section id=\"tid\"><h2>Tid på veckan</h2><svg xmlns=\"http://www.w3.org/2000/svg\" "
      "width=\"" +
      num(kL + 24 * kCell) + "\" height=\"" + num(kT + 7 * kRow + 4) +
      "\" style=\"max-width:100%;height:auto\">";
  for (int h = 0; h < 24; h += 3) {
    out += "<text font-size=\"10\" x=\"" + num(kL + h * kCell + 2) + "\" y=\"12\">" +
           (h < 10 ? "0" : "") + std::to_string(h) + "</text>";
  }
  for (int d = 0; d < 7; ++d) {
    out += "<text font-size=\"11\" x=\"0\" y=\"" + num(kT + d * kRow + 14) + "\">" + kDays[d] +
           "</text>";
    for (int h = 0; h < 24; ++h) {
      const double value = grid[static_cast<std::size_t>(d)][static_cast<std::size_t>(h)];
      const double t = top > 0 ? value / top : 0;
      const v::Rgb c{1 - 0.3 * t, 1 - 0.85 * t, 1 - 0.8 * t};
      out += "<rect stroke=\"#fff\" x=\"" + num(kL + h * kCell) + "\" y=\"" + num(kT + d * kRow) +
             "\" width=\"" + num(kCell) + "\" height=\"" + num(kRow) + "\" fill=\"" + v::hex(c) +
             "\"><title>" + kDays[d] + " " + std::to_string(h) + ":00: " + v::decimal(value, 1) +
             "</title></rect>";
    }
  }
  out +=
      "</svg><p class=\"note\">Rapporter per veckodag och timme; en händelse över flera "
      "timmar fördelas lika på dem. Mörkast: " +
      v::decimal(top, 1) + ".</p></section>\n";
}

void cell_table(std::string& out, const SituationPicture& pic) {
  const auto cells = v::table_cells(pic);
  out += "<section id=\"omraden\"><h2>Antal per område och kategori</h2>";
  if (cells.empty()) {
    out += "<p>Inga rapporter i något område under perioden eller baslinjen.</p></section>\n";
    return;
  }
  out += "<table><thead><tr>" + th("Område") + th("Kategori") + th("Perioden", true) +
         th("Föregående", true) + th("Snitt", true) + th("Förra året", true) + th("Kvot", true) +
         th("q", true) + "</tr></thead><tbody>";
  for (const Cell* c : cells) {
    const int depth = v::category_depth(pic, c->category);
    out += std::string(c->flagged ? "<tr class=\"flag\">" : "<tr>") +
           td(v::area_name(pic, c->area)) + "<td style=\"padding-left:" + num(0.6 + 1.2 * depth) +
           "rem\">" + esc(v::category_name(pic, c->category)) + "</td>" +
           td(std::to_string(c->current), true) + td(std::to_string(c->previous), true) +
           td(v::decimal(c->baseline_mean, 1), true) + td(std::to_string(c->last_year), true) +
           td(v::ratio_text(*c), true) + td(v::p_text(c->q), true) + "</tr>";
  }
  out += "</tbody></table></section>\n";
}

void top_places(std::string& out, const SituationPicture& pic) {
  out += "<section id=\"platser\"><h2>Platser med flest rapporter</h2>";
  if (pic.situation.top_places.empty()) {
    out += "<p>Inga rapporter vid namngivna platser.</p></section>\n";
    return;
  }
  out += "<table><thead><tr>" + th("Plats") + th("Rapporter", true) + "</tr></thead><tbody>";
  for (const auto& [place, n] : pic.situation.top_places) {
    out += "<tr>" + td(pic.places[static_cast<std::size_t>(place)]->name) +
           td(std::to_string(n), true) + "</tr>";
  }
  out += "</tbody></table></section>\n";
}

void coverage(std::string& out, const SituationPicture& pic) {
  out += "<section id=\"rapportering\"><h2>Rapportering</h2><table><thead><tr>" +
         th("Organisation") + th("Rapporter", true) + th("Status") +
         th("Inget att rapportera för") + "</tr></thead><tbody>";
  for (const OrganisationCoverage& c : v::coverage(pic)) {
    std::string quiet = c.everywhere_quiet ? "alla områden" : "";
    for (const Area* a : c.quiet_areas) quiet += (quiet.empty() ? "" : ", ") + a->name;
    out += "<tr class=\"coverage-" + std::string(to_string(c.state)) + "\">" +
           td(c.organisation ? c.organisation->name : "?") + td(std::to_string(c.reports), true) +
           td(v::coverage_text(c.state)) + td(quiet) + "</tr>";
  }
  out += "</tbody></table></section>\n";
}

void serious(std::string& out, const SituationPicture& pic) {
  if (pic.serious.empty()) return;
  out += "<section id=\"allvarliga\"><h2>Allvarliga händelser</h2><table><thead><tr>" + th("Tid") +
         th("Kategori") + th("Organisation") + th("Plats/område") + th("Antal", true) +
         th("Beskrivning") + "</tr></thead><tbody>";
  for (const Report& r : pic.serious) {
    out += "<tr>" + td(v::local_time_text(r.occurred_from)) +
           td(v::report_category_name(pic, r.category_id)) +
           td(v::organisation_name(pic, r.organisation_id)) + td(v::report_where(pic, r)) +
           td(std::to_string(r.count), true) + "<td class=\"pre\">" + esc(r.description) +
           "</td></tr>";
  }
  out += "</tbody></table></section>\n";
}

void assessment(std::string& out, const SituationPicture& pic) {
  out += "<section id=\"bedomning\"><h2>Bedömning och föreslagna åtgärder</h2>";
  const Assessment* a = v::latest_assessment(pic);
  if (a == nullptr) {
    out += "<p class=\"empty\">" + esc(v::kNoAssessment) + "</p></section>\n";
    return;
  }
  out += "<p class=\"meta\">Version " + std::to_string(a->version) + " · " +
         esc(v::author_text(*a)) + " · " + esc(v::local_time_text(a->created_at)) + "</p>";
  out += "<h3>Bedömning</h3><p class=\"pre\">" + esc(a->text) + "</p>";
  out += "<h3>Föreslagna åtgärder</h3><p class=\"pre\">" +
         (a->proposed_actions.empty() ? std::string("–") : esc(a->proposed_actions)) + "</p>";
  out += "</section>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string situation_html(const SituationPicture& pic) {
  const std::vector<v::AreaSummary> areas = v::area_summaries(pic);
  const std::string municipality =
      pic.context ? pic.context->municipality().name : pic.municipality;
  std::string out;
  out.reserve(64 * 1024);
  out +=
      "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      esc(v::title(pic.period) + " – " + municipality) + "</title><style>" + kStyle +
      "</style></head><body>\n";
  header(out, pic);
  summary(out, pic);
  flags(out, pic);
  map(out, pic, areas);
  trends(out, pic);
  year_review(out, pic);
  year_hotspots(out, pic);
  time_of_week(out, pic);
  cell_table(out, pic);
  top_places(out, pic);
  coverage(out, pic);
  serious(out, pic);
  assessment(out, pic);
  out += "<footer>Lägesbild " + esc(municipality) + " · period " + esc(pic.period.label()) +
         " · baslinje " + std::to_string(pic.baseline.size()) +
         " perioder · sammanställd enligt EST</footer>\n</body></html>\n";
  return out;
}

}  // namespace lagesbild::report

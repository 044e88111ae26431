#include "report/situation_pdf.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>

#include "report/pdf_layout.h"
#include "report/situation_view.h"

namespace lagesbild::report {
namespace {

using analysis::Cell;
using pdf::Align;
using pdf::Document;
using pdf::Font;
using view::Rgb;
namespace v = view;

constexpr Rgb kFlagRow{0.99, 0.91, 0.90};
constexpr Rgb kInk{0.13, 0.13, 0.13};
constexpr Rgb kGrey{0.4, 0.4, 0.4};
constexpr Rgb kBlue{0.17, 0.30, 0.49};

Font font(double size, bool bold = false, Rgb colour = kInk) { return Font{size, bold, colour}; }

void fill_colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

std::string municipality_name(const SituationPicture& pic) {
  return pic.context ? pic.context->municipality().name : pic.municipality;
}

// Columns from relative weights, scaled to the text column.
std::vector<Document::Column> columns(
    const Document& doc, std::initializer_list<std::tuple<const char*, double, Align>> spec) {
  double total = 0;
  for (const auto& [title, weight, align] : spec) total += weight;
  std::vector<Document::Column> out;
  for (const auto& [title, weight, align] : spec) {
    out.push_back({title, doc.width() * weight / total, align});
  }
  return out;
}

std::string signal_text(const Cell& c) {
  std::string signal;
  if (c.flagged) signal = c.rise ? "Ökning" : "Minskning";
  if (c.ewma.alarm) signal += std::string(signal.empty() ? "" : "; ") + "Tidig varning";
  return signal;
}

void title_page(Document& doc, const SituationPicture& pic) {
  const analysis::Situation& s = pic.situation;
  doc.move_down(30);
  doc.paragraph(v::title(pic.period), font(26, true, kBlue), 4);
  doc.paragraph(municipality_name(pic), font(16), 2);
  doc.paragraph(v::period_dates(pic.period), font(12, false, kGrey), 18);
  if (pic.period.kind == PeriodKind::year) doc.paragraph(v::kYearlyLaw, font(10), 10);
  if (pic.filtered) {
    doc.paragraph("Urvalet är avgränsat till vissa områden, kategorier eller organisationer.",
                  font(9.5, false, kGrey));
  }
  if (s.total_current == 0) {
    doc.paragraph(v::kNoReports, font(14, true, Rgb{0.55, 0.29, 0}), 12);
  }
  doc.heading("Sammanfattning");
  const double now = static_cast<double>(s.total_current);
  doc.table(columns(doc, {{"Jämförelse", 3, Align::left},
                          {"Rapporter", 1, Align::right},
                          {"Perioden mot denna", 1.3, Align::right}}),
            {{{"Perioden (" + pic.period.label() + ")", std::to_string(s.total_current), ""}},
             {{"Föregående period (" + pic.previous.label() + ")", std::to_string(s.total_previous),
               v::change_text(now, static_cast<double>(s.total_previous))}},
             {{"Snitt för " + std::to_string(pic.baseline.size()) + " perioder före",
               v::decimal(s.total_baseline_mean, 1), v::change_text(now, s.total_baseline_mean)}},
             {{"Samma period förra året (" + pic.last_year.label() + ")",
               std::to_string(s.total_last_year),
               v::change_text(now, static_cast<double>(s.total_last_year))}}});
  if (const auto police = v::police_events_text(pic); !police.empty()) {
    doc.paragraph(police, font(9.5));
  }

  doc.heading("Avvikelser");
  const auto flags = v::flag_cells(pic);
  if (flags.empty()) {
    doc.paragraph("Inga statistiskt säkerställda avvikelser och inga tidiga varningar.", font(10));
    return;
  }
  doc.paragraph(
      "Flaggad: q-värdet (Benjamini–Hochberg över alla celler) är under vald nivå. Tidig "
      "varning: EWMA-kurvan över kontrollgränsen.",
      font(8.5, false, kGrey));
  std::vector<Document::Row> rows;
  for (const Cell* c : flags) {
    rows.push_back({{v::area_name(pic, c->area), v::category_name(pic, c->category),
                     std::to_string(c->current), v::decimal(c->test.expected, 1), v::ratio_text(*c),
                     v::p_text(c->test.p_two_sided), v::p_text(c->q), signal_text(*c)},
                    c->flagged ? std::optional(kFlagRow) : std::nullopt});
  }
  doc.table(columns(doc, {{"Område", 2.2, Align::left},
                          {"Kategori", 2.2, Align::left},
                          {"Antal", 0.9, Align::right},
                          {"Förväntat", 1.2, Align::right},
                          {"Kvot", 0.9, Align::right},
                          {"p", 1, Align::right},
                          {"q", 1, Align::right},
                          {"Signal", 1.8, Align::left}}),
            rows, font(8.5));
}

void outline_path(cairo_t* cr, const v::Polygons& polygons, const v::MapFrame& f, double x0,
                  double y0) {
  for (const auto& polygon : polygons) {
    for (const v::Ring& ring : polygon) {
      for (std::size_t i = 0; i < ring.size(); ++i) {
        const double x = x0 + f.px(ring[i][0]), y = y0 + f.py(ring[i][1]);
        if (i == 0) {
          cairo_move_to(cr, x, y);
        } else {
          cairo_line_to(cr, x, y);
        }
      }
      cairo_close_path(cr);
    }
  }
}

// Legend entries left to right (a swatch, then its label), measured so that they never overlap;
// a new line when the column is full.
class Legend {
 public:
  explicit Legend(Document& doc) : doc_(doc), x_(doc.left()) {}
  ~Legend() { doc_.move_down(kLine + 6); }

  void label(const std::string& text) {
    const double w = doc_.text_width(text, kFont);
    room(w);
    doc_.draw_text(text, kFont, x_, doc_.y(), w + 1);
    x_ += w + 6;
  }
  void box(Rgb colour, const std::string& text) {
    room(14 + doc_.text_width(text, kFont));
    cairo_t* cr = doc_.cr();
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_rectangle(cr, x_, doc_.y() + 1, 11, 8);
    outline_fill(cr, colour);
    cairo_restore(cr);
    x_ += 14;
    label(text);
  }
  void dot(Rgb colour, double radius, const std::string& text) {
    room(2 * radius + 4 + doc_.text_width(text, kFont));
    cairo_t* cr = doc_.cr();
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_arc(cr, x_ + radius, doc_.y() + 5, radius, 0, 2 * M_PI);
    outline_fill(cr, colour);
    cairo_restore(cr);
    x_ += 2 * radius + 4;
    label(text);
  }
  void gap() { x_ += 12; }
  void new_line() {
    doc_.move_down(kLine);
    x_ = doc_.left();
  }

 private:
  static constexpr double kLine = 14;
  static constexpr Font kFont{8, false, kInk};

  void room(double w) {
    if (x_ + w > doc_.left() + doc_.width()) new_line();
  }
  static void outline_fill(cairo_t* cr, Rgb c) {
    fill_colour(cr, c);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  }

  Document& doc_;
  double x_;
};

void map_legend(Document& doc, const SituationPicture& pic) {
  Legend legend(doc);
  legend.label("Förändring mot förväntat:");
  for (const auto& [ratio, text] : std::initializer_list<std::pair<double, const char*>>{
           {0.25, "≤ 0,25×"}, {0.5, "0,5×"}, {1, "som väntat"}, {2, "2×"}, {4, "≥ 4×"}}) {
    legend.box(v::change_colour(ratio, 1), text);
  }
  legend.box(v::change_colour(0, 0), "inga rapporter");
  legend.new_line();
  legend.label("Status:");
  for (const AreaStatus s :
       {AreaStatus::green, AreaStatus::yellow, AreaStatus::orange, AreaStatus::red}) {
    legend.dot(v::status_colour(s), 4.5, std::string(swedish_name(s)));
  }
  if (!pic.points.empty()) {
    legend.gap();
    legend.label("Rapporter, allvarlighet:");
    for (int s = 1; s <= 3; ++s)
      legend.dot(v::point_colour(), v::point_radius(s), std::to_string(s));
  }
}

// The area's name on a white label at the middle of its outline, its status as a dot before it.
void area_label(Document& doc, const SituationPicture& pic, const v::AreaSummary& a,
                const v::MapFrame& f, double x0, double y0) {
  double ax0 = 1e300, ay0 = 1e300, ax1 = -1e300, ay1 = -1e300;
  for (const auto& polygon : a.outline) {
    for (const auto& [x, y] : polygon.front()) {
      ax0 = std::min(ax0, x), ax1 = std::max(ax1, x), ay0 = std::min(ay0, y);
      ay1 = std::max(ay1, y);
    }
  }
  const double cx = x0 + f.px((ax0 + ax1) / 2), cy = y0 + f.py((ay0 + ay1) / 2);
  const Font name_font = font(9, true);
  const std::string name = v::area_name(pic, a.area);
  const double tw = std::min(140.0, doc.text_width(name, name_font));
  const double th = doc.text_height(name, name_font, tw + 1);
  const double dot = a.status ? 14 : 0, w = tw + dot + 8, h = th + 4;
  const double bx = cx - w / 2, by = cy - h / 2;
  cairo_t* cr = doc.cr();
  cairo_save(cr);
  cairo_new_path(cr);
  cairo_rectangle(cr, bx, by, w, h);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
  cairo_set_line_width(cr, 0.4);
  cairo_stroke(cr);
  if (a.status) {
    cairo_new_path(cr);
    cairo_arc(cr, bx + 4 + 5, cy, 5, 0, 2 * M_PI);
    fill_colour(cr, v::status_colour(*a.status));
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  doc.draw_text(name, name_font, bx + 4 + dot, by + 2, tw + 1);
}

void map_page(Document& doc, const SituationPicture& pic,
              const std::vector<v::AreaSummary>& areas) {
  doc.new_page();
  doc.heading("Karta: förändring och status per område", 2, 400);
  const double w = doc.width(), h = std::min(420.0, doc.space_left() - 200);
  const double x0 = doc.left(), y0 = doc.y();
  const v::MapFrame f = v::fit_map(areas, pic.points, w, h, 14);
  cairo_t* cr = doc.cr();
  cairo_save(cr);
  cairo_rectangle(cr, x0, y0, w, h);
  cairo_set_source_rgb(cr, 0.985, 0.985, 0.975);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.75, 0.75, 0.75);
  cairo_set_line_width(cr, 0.6);
  cairo_stroke(cr);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (const v::AreaSummary& a : areas) {
    cairo_new_path(cr);
    outline_path(cr, a.outline, f, x0, y0);
    fill_colour(cr, v::change_colour(static_cast<double>(a.current), a.expected));
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.27, 0.27, 0.27);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
  }
  for (const SituationPoint& p : pic.points) {
    cairo_new_path(cr);
    cairo_arc(cr, x0 + f.px(p.x), y0 + f.py(p.y), v::point_radius(p.severity), 0, 2 * M_PI);
    fill_colour(cr, v::point_colour());
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 0.8);
    cairo_stroke(cr);
  }
  cairo_restore(cr);
  for (const v::AreaSummary& a : areas) {
    if (!a.outline.empty()) area_label(doc, pic, a, f, x0, y0);
  }
  doc.move_down(h + 6);
  map_legend(doc, pic);

  std::vector<Document::Row> rows;
  for (const v::AreaSummary& a : areas) {
    rows.push_back(
        {{v::area_name(pic, a.area), a.status ? std::string(swedish_name(*a.status)) : "–",
          std::to_string(a.current), v::decimal(a.expected, 1),
          v::ratio_text(static_cast<double>(a.current), a.expected), std::to_string(a.flagged),
          std::to_string(a.early_warnings)},
         a.flagged > 0 ? std::optional(kFlagRow) : std::nullopt});
  }
  doc.table(columns(doc, {{"Område", 3, Align::left},
                          {"Status", 1.2, Align::left},
                          {"Rapporter", 1.4, Align::right},
                          {"Förväntat", 1.3, Align::right},
                          {"Kvot", 1, Align::right},
                          {"Flaggade", 1.3, Align::right},
                          {"Tidiga varningar", 1.4, Align::right}}),
            rows);
}

void trend_chart(Document& doc, const SituationPicture& pic, const Cell& c,
                 const std::vector<std::string>& labels, double x0, double y0, double w, double h) {
  cairo_t* cr = doc.cr();
  doc.draw_text(v::category_name(pic, c.category) + ": " + std::to_string(c.current) + " (snitt " +
                    v::decimal(c.baseline_mean, 1) + ", kvot " + v::ratio_text(c) + ")" +
                    (c.flagged ? " – flaggad" : "") + (c.ewma.alarm ? " – tidig varning" : ""),
                font(8.5, true), x0, y0, w);
  const double left = x0 + 24, right = x0 + w - 6, top = y0 + 30, bottom = y0 + h - 14;
  double max = std::max(1.0, c.baseline_mean);
  for (const std::int64_t n : c.series) max = std::max(max, static_cast<double>(n));
  const std::size_t n = c.series.size();
  const auto x = [&](std::size_t i) {
    return left +
           (n > 1 ? (right - left) * static_cast<double>(i) / static_cast<double>(n - 1) : 0);
  };
  const auto y = [&](double value) { return bottom - (bottom - top) * value / max; };
  const Font small = font(7, false, kGrey);
  doc.draw_text(v::decimal(max, 0), small, x0, y(max) - 4, 20, Align::right);
  doc.draw_text("0", small, x0, y(0) - 4, 20, Align::right);
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, left, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_move_to(cr, left, top);
  cairo_line_to(cr, left, bottom);
  cairo_stroke(cr);
  const double dash[] = {3, 2};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_move_to(cr, left, y(c.baseline_mean));
  cairo_line_to(cr, right, y(c.baseline_mean));
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  fill_colour(cr, kBlue);
  cairo_set_line_width(cr, 1.6);
  for (std::size_t i = 0; i < n; ++i) {
    const double yy = y(static_cast<double>(c.series[i]));
    if (i == 0) {
      cairo_move_to(cr, x(i), yy);
    } else {
      cairo_line_to(cr, x(i), yy);
    }
  }
  cairo_stroke(cr);
  if (n > 0) {
    cairo_new_path(cr);
    cairo_arc(cr, x(n - 1), y(static_cast<double>(c.series.back())), 3, 0, 2 * M_PI);
    fill_colour(cr, c.flagged ? Rgb{0.78, 0.16, 0.16} : kBlue);
    cairo_fill(cr);
  }
  cairo_restore(cr);
  for (std::size_t i = 0; i < n && i < labels.size(); ++i) {
    if (i != 0 && i + 1 != n && n > 5 && i % 2 != (n - 1) % 2) continue;
    doc.draw_text(labels[i], small, x(i) - 20, bottom + 2, 40, Align::centre);
  }
}

void trends(Document& doc, const SituationPicture& pic) {
  const auto cells = v::trend_cells(pic, 6);
  if (cells.empty()) return;
  const auto labels = v::series_labels(pic);
  constexpr double kChartH = 130, kGap = 16;
  doc.heading("Trender för de största kategorierna", 2, kChartH + 20);
  doc.paragraph("Rapporter per period i hela kommunen; streckad linje: snittet för baslinjen.",
                font(8.5, false, kGrey));
  const double w = (doc.width() - kGap) / 2;
  for (std::size_t i = 0; i < cells.size(); i += 2) {
    doc.ensure(kChartH);
    for (std::size_t j = i; j < std::min(i + 2, cells.size()); ++j) {
      trend_chart(doc, pic, *cells[j], labels, doc.left() + static_cast<double>(j - i) * (w + kGap),
                  doc.y(), w, kChartH);
    }
    doc.move_down(kChartH + 10);
  }
}

void time_of_week(Document& doc, const SituationPicture& pic) {
  static constexpr const char* kDays[] = {"mån", "tis", "ons", "tor", "fre", "lör", "sön"};
  constexpr double kLabel = 28, kRow = 15, kHead = 12;
  doc.heading("Tid på veckan", 2, kHead + 7 * kRow + 30);
  const double cell = (doc.width() - kLabel) / 24;
  const auto& grid = pic.situation.time_of_week;
  double top = 0;
  for (const auto& day : grid) top = std::max(top, *std::max_element(day.begin(), day.end()));
  const double x0 = doc.left() + kLabel, y0 = doc.y() + kHead;
  const Font small = font(7.5, false, kGrey);
  for (int hour = 0; hour < 24; hour += 3) {
    doc.draw_text((hour < 10 ? "0" : "") + std::to_string(hour), small, x0 + hour * cell, doc.y(),
                  20);
  }
  cairo_t* cr = doc.cr();
  for (int d = 0; d < 7; ++d) {
    doc.draw_text(kDays[d], font(8), doc.left(), y0 + d * kRow + 2, kLabel);
    for (int hour = 0; hour < 24; ++hour) {
      const double value = grid[static_cast<std::size_t>(d)][static_cast<std::size_t>(hour)];
      const double t = top > 0 ? value / top : 0;
      cairo_save(cr);
      cairo_rectangle(cr, x0 + hour * cell, y0 + d * kRow, cell - 1, kRow - 1);
      cairo_set_source_rgb(cr, 1 - 0.3 * t, 1 - 0.85 * t, 1 - 0.8 * t);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
      cairo_set_line_width(cr, 0.3);
      cairo_stroke(cr);
      cairo_restore(cr);
    }
  }
  doc.move_down(kHead + 7 * kRow + 6);
  doc.paragraph(
      "Rapporter per veckodag och timme; en händelse över flera timmar fördelas lika "
      "på dem. Mörkast: " +
          v::decimal(top, 1) + ".",
      font(8.5, false, kGrey));
}

void cell_table(Document& doc, const SituationPicture& pic) {
  doc.heading("Antal per område och kategori");
  const auto cells = v::table_cells(pic);
  if (cells.empty()) {
    doc.paragraph("Inga rapporter i något område under perioden eller baslinjen.", font(10));
    return;
  }
  std::vector<Document::Row> rows;
  for (const Cell* c : cells) {
    rows.push_back(
        {{v::area_name(pic, c->area),
          std::string(static_cast<std::size_t>(3 * v::category_depth(pic, c->category)), ' ') +
              v::category_name(pic, c->category),
          std::to_string(c->current), std::to_string(c->previous), v::decimal(c->baseline_mean, 1),
          std::to_string(c->last_year), v::ratio_text(*c), v::p_text(c->q)},
         c->flagged ? std::optional(kFlagRow) : std::nullopt});
  }
  doc.table(columns(doc, {{"Område", 2.2, Align::left},
                          {"Kategori", 2.5, Align::left},
                          {"Perioden", 1.3, Align::right},
                          {"Föregående", 1.6, Align::right},
                          {"Snitt", 1, Align::right},
                          {"Förra året", 1.2, Align::right},
                          {"Kvot", 1, Align::right},
                          {"q", 1, Align::right}}),
            rows, font(8.5));
}

void places_and_coverage(Document& doc, const SituationPicture& pic) {
  doc.heading("Platser med flest rapporter");
  if (pic.situation.top_places.empty()) {
    doc.paragraph("Inga rapporter vid namngivna platser.", font(10));
  } else {
    std::vector<Document::Row> rows;
    for (const auto& [place, n] : pic.situation.top_places) {
      rows.push_back({{pic.places[static_cast<std::size_t>(place)]->name, std::to_string(n)}});
    }
    doc.table(columns(doc, {{"Plats", 4, Align::left}, {"Rapporter", 1, Align::right}}), rows);
  }

  doc.heading("Rapportering");
  std::vector<Document::Row> rows;
  for (const OrganisationCoverage& c : v::coverage(pic)) {
    std::string quiet = c.everywhere_quiet ? "alla områden" : "";
    for (const Area* a : c.quiet_areas) quiet += (quiet.empty() ? "" : ", ") + a->name;
    rows.push_back({{c.organisation ? c.organisation->name : "?", std::to_string(c.reports),
                     v::coverage_text(c.state), quiet},
                    c.state == CoverageState::not_reported ? std::optional(Rgb{1, 0.95, 0.88})
                                                           : std::nullopt});
  }
  doc.table(columns(doc, {{"Organisation", 3, Align::left},
                          {"Rapporter", 1.3, Align::right},
                          {"Status", 2, Align::left},
                          {"Inget att rapportera för", 2.5, Align::left}}),
            rows);
}

void serious(Document& doc, const SituationPicture& pic) {
  if (pic.serious.empty()) return;
  doc.heading("Allvarliga händelser");
  std::vector<Document::Row> rows;
  for (const Report& r : pic.serious) {
    rows.push_back(
        {{v::local_time_text(r.occurred_from), v::report_category_name(pic, r.category_id),
          v::organisation_name(pic, r.organisation_id), v::report_where(pic, r), r.description}});
  }
  doc.table(columns(doc, {{"Tid", 1.5, Align::left},
                          {"Kategori", 1.5, Align::left},
                          {"Organisation", 1.6, Align::left},
                          {"Plats/område", 1.5, Align::left},
                          {"Beskrivning", 3.6, Align::left}}),
            rows, font(8.5));
}

void assessment(Document& doc, const SituationPicture& pic) {
  doc.heading("Bedömning och föreslagna åtgärder");
  const Assessment* a = v::latest_assessment(pic);
  if (a == nullptr) {
    doc.paragraph(v::kNoAssessment, font(11, true, Rgb{0.55, 0.29, 0}));
    return;
  }
  doc.paragraph("Version " + std::to_string(a->version) + " · " + v::author_text(*a) + " · " +
                    v::local_time_text(a->created_at),
                font(8.5, false, kGrey));
  doc.heading("Bedömning", 3, 30);
  doc.paragraph(a->text, font(10), 10);
  doc.heading("Föreslagna åtgärder", 3, 30);
  doc.paragraph(a->proposed_actions.empty() ? "–" : a->proposed_actions, font(10));
}

// A year's weeks with flagged rises: what stood out during the year, and when.
void year_review(Document& doc, const SituationPicture& pic) {
  if (pic.period.kind != PeriodKind::year) return;
  doc.heading("Året vecka för vecka: flaggade ökningar");
  const auto flags = v::year_flag_rows(pic);
  if (flags.empty()) {
    doc.paragraph(v::kNoYearFlags, font(10));
    return;
  }
  std::vector<Document::Row> rows;
  for (const auto& f : flags) rows.push_back({{f.begin(), f.end()}, std::nullopt});
  doc.table(columns(doc, {{"Vecka", 0.9, Align::left},
                          {"Område", 2.2, Align::left},
                          {"Kategori", 2.4, Align::left},
                          {"Antal", 0.8, Align::right},
                          {"Förväntat", 1.1, Align::right},
                          {"q", 0.9, Align::right}}),
            rows, font(8.5));
}

void year_hotspots(Document& doc, const SituationPicture& pic) {
  if (pic.period.kind != PeriodKind::year) return;
  doc.heading("Årets hotspots");
  doc.paragraph(v::kYearHotspotsNote, font(8.5, false, kGrey));
  const auto hot = v::year_hotspot_rows(pic);
  if (hot.empty()) {
    doc.paragraph(v::kNoYearHotspots, font(10));
    return;
  }
  std::vector<Document::Row> rows;
  for (const auto& h : hot) rows.push_back({{h.begin(), h.end()}, std::nullopt});
  doc.table(columns(doc, {{"Område", 3, Align::left},
                          {"Heta rutor", 1, Align::right},
                          {"Rapporter i dem", 1.3, Align::right}}),
            rows, font(9));
}

}  // namespace

std::string situation_pdf(const SituationPicture& pic) {
  const std::vector<v::AreaSummary> areas = v::area_summaries(pic);
  Document doc(v::title(pic.period) + " · " + municipality_name(pic) + " · " +
               v::period_dates(pic.period));
  title_page(doc, pic);
  map_page(doc, pic, areas);
  doc.new_page();
  trends(doc, pic);
  year_review(doc, pic);
  year_hotspots(doc, pic);
  time_of_week(doc, pic);
  cell_table(doc, pic);
  places_and_coverage(doc, pic);
  serious(doc, pic);
  assessment(doc, pic);
  return doc.finish();
}

}  // namespace lagesbild::report

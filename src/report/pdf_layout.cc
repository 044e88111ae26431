#include "report/pdf_layout.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <stdexcept>

namespace lagesbild::report::pdf {
namespace {

constexpr double kCellPad = 3;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void set_colour(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

}  // namespace

Document::Document(std::string footer) : footer_(std::move(footer)) {
  surface_ = cairo_pdf_surface_create_for_stream(append, &pdf_, kWidth, kHeight);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface_);
    throw std::runtime_error("cannot create a PDF surface");
  }
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "Lägesbild");
  cr_ = cairo_create(surface_);
  layout_ = pango_cairo_create_layout(cr_);
  start_page();
}

Document::~Document() {
  if (layout_ != nullptr) g_object_unref(layout_);
  if (cr_ != nullptr) cairo_destroy(cr_);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

void Document::start_page() {
  ++page_;
  y_ = kMargin;
  Font f;
  f.size = 7.5;
  f.colour = {0.45, 0.45, 0.45};
  draw_text(footer_, f, left(), kHeight - kMargin + 14, width() - 60);
  draw_text("sida " + std::to_string(page_), f, left() + width() - 60, kHeight - kMargin + 14, 60,
            Align::right);
}

void Document::new_page() {
  cairo_show_page(cr_);
  start_page();
}

void Document::ensure(double height) {
  if (height > space_left() && y_ > kMargin) new_page();
}

void Document::set_text(std::string_view text, const Font& font, double width, Align align) {
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, "DejaVu Sans,Sans");
  pango_font_description_set_weight(desc, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(desc, font.size * PANGO_SCALE);
  pango_layout_set_font_description(layout_, desc);
  pango_font_description_free(desc);
  pango_layout_set_width(layout_, width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout_, align == Align::left    ? PANGO_ALIGN_LEFT
                                      : align == Align::right ? PANGO_ALIGN_RIGHT
                                                              : PANGO_ALIGN_CENTER);
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
}

double Document::text_height(std::string_view text, const Font& font, double width) {
  set_text(text, font, width, Align::left);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

double Document::text_width(std::string_view text, const Font& font) {
  set_text(text, font, -1, Align::left);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

double Document::draw_text(std::string_view text, const Font& font, double x, double y,
                           double width, Align align) {
  set_text(text, font, width, align);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  cairo_save(cr_);
  set_colour(cr_, font.colour);
  cairo_new_path(cr_);
  cairo_move_to(cr_, x, y);
  pango_cairo_update_layout(cr_, layout_);
  pango_cairo_show_layout(cr_, layout_);
  cairo_restore(cr_);
  return static_cast<double>(h) / PANGO_SCALE;
}

void Document::paragraph(std::string_view text, const Font& font, double space_after) {
  set_text(text, font, width(), Align::left);
  PangoLayoutIter* it = pango_layout_get_iter(layout_);
  double top = y_;  // where the layout's y = 0 is on this page
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, nullptr, &logical);
    const double line_top = top + static_cast<double>(logical.y) / PANGO_SCALE;
    const double line_h = static_cast<double>(logical.height) / PANGO_SCALE;
    if (line_top + line_h > bottom()) {
      new_page();
      top = y_ - static_cast<double>(logical.y) / PANGO_SCALE;
    }
    const double baseline =
        top + static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
    cairo_save(cr_);
    set_colour(cr_, font.colour);
    cairo_move_to(cr_, left() + static_cast<double>(logical.x) / PANGO_SCALE, baseline);
    pango_cairo_update_layout(cr_, layout_);
    pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
    cairo_restore(cr_);
    y_ = top + static_cast<double>(logical.y + logical.height) / PANGO_SCALE;
  } while (pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
  y_ += space_after;
}

void Document::heading(std::string_view text, int level, double keep_with) {
  Font f;
  f.bold = true;
  f.size = level == 1 ? 20 : level == 2 ? 14 : 11;
  f.colour = level == 3 ? Rgb{0.13, 0.13, 0.13} : Rgb{0.17, 0.30, 0.49};
  const double h = text_height(text, f, width());
  if (y_ > kMargin) y_ += level == 1 ? 0 : 8;
  ensure(h + keep_with);
  y_ += draw_text(text, f, left(), y_, width());
  if (level == 2) {
    cairo_save(cr_);
    set_colour(cr_, f.colour);
    cairo_set_line_width(cr_, 1.2);
    cairo_move_to(cr_, left(), y_ + 1.5);
    cairo_line_to(cr_, left() + width(), y_ + 1.5);
    cairo_stroke(cr_);
    cairo_restore(cr_);
  }
  y_ += level == 3 ? 3 : 7;
}

void Document::table_header(const std::vector<Column>& columns, const Font& font) {
  Font bold = font;
  bold.bold = true;
  double h = 0;
  for (const Column& c : columns) {
    h = std::max(h, text_height(c.title, bold, c.width - 2 * kCellPad));
  }
  h += 2 * kCellPad;
  cairo_save(cr_);
  cairo_set_source_rgb(cr_, 0.90, 0.93, 0.97);
  cairo_rectangle(cr_, left(), y_, width(), h);
  cairo_fill(cr_);
  cairo_restore(cr_);
  double x = left();
  for (const Column& c : columns) {
    draw_text(c.title, bold, x + kCellPad, y_ + kCellPad, c.width - 2 * kCellPad, c.align);
    x += c.width;
  }
  y_ += h;
}

void Document::table(const std::vector<Column>& columns, const std::vector<Row>& rows,
                     const Font& font) {
  ensure(60);
  table_header(columns, font);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    double h = 0;
    for (std::size_t c = 0; c < columns.size() && c < row.cells.size(); ++c) {
      h = std::max(h, text_height(row.cells[c], font, columns[c].width - 2 * kCellPad));
    }
    h += 2 * kCellPad;
    if (h > space_left()) {
      new_page();
      table_header(columns, font);
    }
    const Rgb fill = row.fill ? *row.fill : (r % 2 == 1 ? Rgb{0.965, 0.965, 0.965} : Rgb{1, 1, 1});
    cairo_save(cr_);
    set_colour(cr_, fill);
    cairo_rectangle(cr_, left(), y_, width(), h);
    cairo_fill(cr_);
    cairo_set_source_rgb(cr_, 0.82, 0.82, 0.82);
    cairo_set_line_width(cr_, 0.5);
    cairo_move_to(cr_, left(), y_ + h);
    cairo_line_to(cr_, left() + width(), y_ + h);
    cairo_stroke(cr_);
    cairo_restore(cr_);
    double x = left();
    for (std::size_t c = 0; c < columns.size() && c < row.cells.size(); ++c) {
      draw_text(row.cells[c], font, x + kCellPad, y_ + kCellPad, columns[c].width - 2 * kCellPad,
                columns[c].align);
      x += columns[c].width;
    }
    y_ += h;
  }
  y_ += 8;
}

std::string Document::finish() {
  g_object_unref(layout_);
  layout_ = nullptr;
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("PDF output failed: ") + cairo_status_to_string(status));
  }
  return std::move(pdf_);
}

}  // namespace lagesbild::report::pdf

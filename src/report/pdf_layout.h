// A4 portrait PDF pages drawn with Cairo and laid out top to bottom with Pango: a cursor,
// automatic page breaks, wrapped text, headings and tables that continue across pages with their
// header repeated. The PDF bytes are collected in memory.
//
// Owns: the page geometry and text layout of generated PDFs. May use: Cairo, Pango,
// report/situation_view.h (for Rgb only). Not thread-safe: one Document per thread; separate
// Documents are independent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/situation_view.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;
typedef struct _PangoLayout PangoLayout;

namespace lagesbild::report::pdf {

using view::Rgb;

struct Font {
  double size = 9.5;  // points
  bool bold = false;
  Rgb colour{0.13, 0.13, 0.13};
};

enum class Align { left, centre, right };

class Document {
 public:
  static constexpr double kWidth = 595.276, kHeight = 841.89;  // A4 in points
  static constexpr double kMargin = 48;

  // Starts page 1. `footer` is printed at the foot of every page with the page number. Throws
  // std::runtime_error if Cairo cannot make a PDF surface.
  explicit Document(std::string footer);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // For custom drawing (maps, charts) in points from the page's top left. Callers leave the
  // Cairo state as they found it (cairo_save / cairo_restore).
  cairo_t* cr() const { return cr_; }
  double left() const { return kMargin; }
  double width() const { return kWidth - 2 * kMargin; }  // of the text column
  double y() const { return y_; }
  void move_down(double dy) { y_ += dy; }
  double space_left() const { return bottom() - y_; }
  int page() const { return page_; }

  void new_page();
  // A new page unless `height` fits below the cursor.
  void ensure(double height);

  // The height `text` takes wrapped to `width`, and the width it takes on one line.
  double text_height(std::string_view text, const Font& font, double width);
  double text_width(std::string_view text, const Font& font);
  // Draws `text` wrapped to `width` with its top at (x, y); the cursor does not move. Returns the
  // height used.
  double draw_text(std::string_view text, const Font& font, double x, double y, double width,
                   Align align = Align::left);
  // Text across the column at the cursor, breaking pages between lines; the cursor moves below
  // it plus `space_after`.
  void paragraph(std::string_view text, const Font& font, double space_after = 6);
  // A section heading (level 1: page title size, 2: section, 3: sub-section), kept on the same
  // page as at least `keep_with` points of what follows.
  void heading(std::string_view text, int level = 2, double keep_with = 60);

  struct Column {
    std::string title;
    double width = 0;  // points; the columns' widths should add up to width()
    Align align = Align::left;
  };
  struct Row {
    std::vector<std::string> cells;  // one per column
    std::optional<Rgb> fill;         // background; default: white / light zebra stripes
  };
  // A table at the cursor: rows wrap within their columns; a row that does not fit starts a new
  // page, which repeats the header.
  void table(const std::vector<Column>& columns, const std::vector<Row>& rows,
             const Font& font = Font{});

  // Ends the document and returns the PDF. The Document is unusable afterwards.
  std::string finish();

 private:
  double bottom() const { return kHeight - kMargin; }
  void start_page();
  void set_text(std::string_view text, const Font& font, double width, Align align);
  void table_header(const std::vector<Column>& columns, const Font& font);

  std::string pdf_;  // before the surface: the surface's stream writes into it
  std::string footer_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  PangoLayout* layout_ = nullptr;
  double y_ = kMargin;
  int page_ = 0;
};

}  // namespace lagesbild::report::pdf

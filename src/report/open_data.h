// Open data (docs/TRUST.md): weekly counts per area and main category of one municipality, with
// small counts suppressed (analysis/suppression.h), as JSON and CSV. Nothing else leaves: no
// report, no text, no point, no organisation.
//
// May use: domain/, analysis/. Pure formatting; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "analysis/suppression.h"

namespace lagesbild {

struct OpenCountsWeek {
  std::string week;                 // "2026-W45"
  analysis::SuppressedTable table;  // rows: areas, columns: categories
};

struct OpenCounts {
  std::string municipality, municipality_name;
  std::string from_week, to_week;
  std::vector<std::string> areas;  // row labels, in table order
  struct Column {
    std::string code, name;
  };
  std::vector<Column> categories;  // column labels, in table order
  std::vector<OpenCountsWeek> weeks;
};

// The text a published entry reads as in CSV: the number, "<3", or ".." (withheld).
std::string open_count_text(const analysis::SuppressedTable& t, std::size_t r, std::size_t c);

// {"municipality", "name", "from_week", "to_week", "suppression", "areas": [...],
//  "categories": [{"code","name"}], "weeks": [{"week", "counts": [[...] per area],
//  "area_totals": [...], "category_totals": [...], "total"}]}; an entry is a number, "<3", or
// null when withheld.
std::string open_counts_json(const OpenCounts& counts);
// One line per week, area and category, then the totals (area or category "Totalt"):
// week,area,category_code,category,count.
std::string open_counts_csv(const OpenCounts& counts);

}  // namespace lagesbild

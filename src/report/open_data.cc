#include "report/open_data.h"

#include <nlohmann/json.hpp>

#include "report/csv_field.h"

namespace lagesbild {
namespace {

using analysis::Publish;
using analysis::SuppressedTable;
using nlohmann::json;

constexpr const char* kTotal = "Totalt";

json entry(const SuppressedTable& t, std::size_t r, std::size_t c) {
  switch (t.state(r, c)) {
    case Publish::value:
      return t.value(r, c);
    case Publish::small:
      return "<3";
    case Publish::withheld:
      break;
  }
  return nullptr;
}

}  // namespace

std::string open_count_text(const SuppressedTable& t, std::size_t r, std::size_t c) {
  switch (t.state(r, c)) {
    case Publish::value:
      return std::to_string(t.value(r, c));
    case Publish::small:
      return "<3";
    case Publish::withheld:
      break;
  }
  return "..";
}

std::string open_counts_json(const OpenCounts& counts) {
  json doc;
  doc["municipality"] = counts.municipality;
  doc["name"] = counts.municipality_name;
  doc["from_week"] = counts.from_week;
  doc["to_week"] = counts.to_week;
  doc["suppression"] =
      "1 and 2 are shown as \"<3\"; null is withheld so that totals cannot reveal them";
  doc["areas"] = counts.areas;
  json cats = json::array();
  for (const auto& c : counts.categories) cats.push_back({{"code", c.code}, {"name", c.name}});
  doc["categories"] = std::move(cats);
  json weeks = json::array();
  for (const OpenCountsWeek& w : counts.weeks) {
    const SuppressedTable& t = w.table;
    json cells = json::array(), area_totals = json::array(), category_totals = json::array();
    for (std::size_t r = 0; r < t.rows; ++r) {
      json row = json::array();
      for (std::size_t c = 0; c < t.cols; ++c) row.push_back(entry(t, r, c));
      cells.push_back(std::move(row));
      area_totals.push_back(entry(t, r, t.cols));
    }
    for (std::size_t c = 0; c < t.cols; ++c) category_totals.push_back(entry(t, t.rows, c));
    weeks.push_back({{"week", w.week},
                     {"counts", std::move(cells)},
                     {"area_totals", std::move(area_totals)},
                     {"category_totals", std::move(category_totals)},
                     {"total", entry(t, t.rows, t.cols)}});
  }
  doc["weeks"] = std::move(weeks);
  return doc.dump();
}

std::string open_counts_csv(const OpenCounts& counts) {
  std::string out = "week,area,category_code,category,count\n";
  const auto line = [&](const std::string& week, const std::string& area, const std::string& code,
                        const std::string& name, const std::string& value) {
    out += week;
    out += ',';
    report::append_csv_text(out, area);
    out += ',';
    report::append_csv_text(out, code);
    out += ',';
    report::append_csv_text(out, name);
    out += ',';
    report::append_csv_field(out, value);
    out += '\n';
  };
  for (const OpenCountsWeek& w : counts.weeks) {
    const SuppressedTable& t = w.table;
    for (std::size_t r = 0; r <= t.rows; ++r) {
      const std::string& area = r < t.rows ? counts.areas[r] : std::string(kTotal);
      for (std::size_t c = 0; c <= t.cols; ++c) {
        const bool total = c == t.cols;
        line(w.week, area, total ? "" : counts.categories[c].code,
             total ? std::string(kTotal) : counts.categories[c].name, open_count_text(t, r, c));
      }
    }
  }
  return out;
}

}  // namespace lagesbild

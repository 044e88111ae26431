#include "service/open_data_service.h"

#include <unordered_map>

#include "domain/period.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

constexpr const char* kNoArea = "Utan område";

Period week_of(const std::string& text, const char* field) {
  std::string why;
  const auto p = parse_period(text, &why);
  if (text.empty()) throw ServiceError::invalid(field, "is required: an ISO week such as 2026-W45");
  if (!p || p->kind != PeriodKind::week) {
    throw ServiceError::invalid(
        field, "must be an ISO week such as 2026-W45" + (why.empty() ? std::string() : ": " + why));
  }
  return *p;
}

// The top-level category of each category id.
std::unordered_map<Id, Id> main_categories(const std::vector<Category>& all) {
  std::unordered_map<Id, const Category*> by_id;
  for (const Category& c : all) by_id[c.id] = &c;
  std::unordered_map<Id, Id> out;
  for (const Category& c : all) {
    const Category* root = &c;
    // Bounded by the tree's size: a corrupt cycle cannot loop for ever.
    for (std::size_t steps = 0; root->parent_id && steps < all.size(); ++steps) {
      const auto it = by_id.find(*root->parent_id);
      if (it == by_id.end()) break;
      root = it->second;
    }
    out[c.id] = root->id;
  }
  return out;
}

}  // namespace

OpenCounts OpenDataService::weekly_counts(const std::string& municipality,
                                          const std::string& from_week,
                                          const std::string& to_week) {
  if (municipality.empty()) {
    throw ServiceError::invalid("municipality", "is required: a municipality code such as 2081");
  }
  const Period first = week_of(from_week, "from_week");
  const Period last = week_of(to_week, "to_week");
  if (last.first_day < first.first_day) {
    throw ServiceError::invalid("to_week", "must not be before from_week");
  }
  const int n_weeks = (last.first_day - first.first_day) / 7 + 1;
  if (n_weeks > kMaxOpenDataWeeks) {
    throw ServiceError::invalid(
        "to_week", "at most " + std::to_string(kMaxOpenDataWeeks) + " weeks per request");
  }
  const auto m = store_.municipality(municipality);
  if (!m) throw ServiceError(Kind::not_found, "no municipality " + municipality);

  OpenCounts out;
  out.municipality = m->code;
  out.municipality_name = m->name;
  out.from_week = first.label();
  out.to_week = last.label();

  std::unordered_map<Id, std::size_t> row_of;
  for (const Area& a : store_.areas(municipality)) {
    row_of[a.id] = out.areas.size();
    out.areas.push_back(a.name);
  }
  const std::size_t no_area_row = out.areas.size();
  out.areas.emplace_back(kNoArea);

  const std::vector<Category> categories = store_.categories(municipality);
  const auto root_of = main_categories(categories);
  std::unordered_map<Id, std::size_t> col_of;
  for (const Category& c : categories) {
    if (c.parent_id) continue;
    col_of[c.id] = out.categories.size();
    out.categories.push_back({c.code, c.name});
  }
  const std::size_t rows = out.areas.size(), cols = out.categories.size();

  std::vector<std::vector<std::int64_t>> cells(n_weeks, std::vector<std::int64_t>(rows * cols, 0));
  const Interval range{first.utc().from, last.utc().to};
  ReportQuery q;
  q.municipality = municipality;
  q.from = range.from;
  q.to = range.to;
  q.limit = 100'000;
  for (;;) {
    const auto chunk = store_.query_report_facts(q);
    for (const ReportFact& f : chunk) {
      // The store selects by overlap; a report counts in the week it starts in.
      if (f.occurred_from < range.from || f.occurred_from >= range.to) continue;
      const int day = period_containing(PeriodKind::range, f.occurred_from).first_day;
      const int week = (day - first.first_day) / 7;
      const auto root = root_of.find(f.category_id);
      const auto column = root == root_of.end() ? col_of.end() : col_of.find(root->second);
      if (column == col_of.end()) continue;  // a category the tree does not lead to a root of
      const std::size_t col = column->second;
      const auto area = f.area_id ? row_of.find(*f.area_id) : row_of.end();
      const std::size_t row = area != row_of.end() ? area->second : no_area_row;
      cells[week][row * cols + col] += f.count;
    }
    if (static_cast<int>(chunk.size()) < q.limit) break;
    q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
  }
  for (int w = 0; w < n_weeks; ++w) {
    const Period week{PeriodKind::week, first.first_day + 7 * w, first.first_day + 7 * w + 7};
    out.weeks.push_back({week.label(), analysis::suppress_small_counts(rows, cols, cells[w])});
  }
  return out;
}

}  // namespace lagesbild

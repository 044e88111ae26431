#include "report/situation_tables.h"

#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "report/csv_field.h"
#include "report/situation_view.h"

namespace lagesbild::report {
namespace {

using json = nlohmann::json;

constexpr std::array<std::string_view, 16> kColumns{
    "area",     "category",  "category_name", "current",
    "previous", "last_year", "baseline_mean", "baseline_sd",
    "expected", "ratio",     "p_rise",        "p_fall",
    "q",        "flagged",   "direction",     "early_warning"};

// The shortest text that reads back as exactly `v`.
std::string exact(double v) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

}  // namespace

std::string situation_csv(const SituationPicture& pic) {
  std::string out;
  out.reserve(160 * (pic.situation.cells.size() + 1));
  for (std::size_t c = 0; c < kColumns.size(); ++c) {
    if (c > 0) out += ',';
    out += kColumns[c];
  }
  out += "\r\n";
  for (const analysis::Cell& c : pic.situation.cells) {
    const Category& category = *pic.categories[static_cast<std::size_t>(c.category)];
    if (c.area >= 0) append_csv_text(out, pic.areas[static_cast<std::size_t>(c.area)]->name);
    out += ',';
    append_csv_text(out, category.code);
    out += ',';
    append_csv_text(out, category.name);
    const bool has_ratio = c.test.expected > 0 && std::isfinite(c.test.ratio);
    for (const std::string& v :
         {std::to_string(c.current), std::to_string(c.previous), std::to_string(c.last_year),
          exact(c.baseline_mean), exact(c.baseline_sd), exact(c.test.expected),
          has_ratio ? exact(c.test.ratio) : std::string(), exact(c.test.p_upper),
          exact(c.test.p_lower), exact(c.q), std::string(c.flagged ? "true" : "false"),
          std::string(c.flagged ? (c.rise ? "rise" : "fall") : ""),
          std::string(c.ewma.alarm ? "true" : "false")}) {
      out += ',';
      append_csv_field(out, v);
    }
    out += "\r\n";
  }
  return out;
}

std::string situation_geojson(const SituationPicture& pic) {
  json features = json::array();
  const std::vector<view::AreaSummary> summaries = view::area_summaries(pic);
  for (const view::AreaSummary& s : summaries) {
    const Area& area = *pic.areas[static_cast<std::size_t>(s.area)];
    json geometry = json::parse(area.geometry_geojson, nullptr, /*allow_exceptions=*/false);
    if (geometry.is_discarded() || !geometry.is_object()) geometry = nullptr;
    json properties = {
        {"name", area.name},
        {"status", s.status ? json(std::string(to_string(*s.status))) : json(nullptr)},
        {"status_name", s.status ? json(std::string(swedish_name(*s.status))) : json(nullptr)},
        {"current", s.current},
        {"expected", s.expected},
        {"ratio", s.expected > 0 ? json(s.current / s.expected) : json(nullptr)},
        {"flagged", s.flagged},
        {"early_warnings", s.early_warnings}};
    features.push_back({{"type", "Feature"},
                        {"id", area.id},
                        {"geometry", std::move(geometry)},
                        {"properties", std::move(properties)}});
  }
  const json collection = {{"type", "FeatureCollection"},
                           {"municipality", pic.municipality},
                           {"period", pic.period.label()},
                           {"features", std::move(features)}};
  return collection.dump();
}

}  // namespace lagesbild::report

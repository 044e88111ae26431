#include "ingest/survey_csv.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "ingest/csv_reader.h"
#include "ingest/text.h"

namespace lagesbild::ingest {
namespace {

enum Column { kArea, kYear, kIndicator, kValue, kRespondents, kColumns };

constexpr std::array<const char*, kColumns> kCanonical{"area", "year", "indicator", "value", "n"};
constexpr std::size_t kMaxIndicator = 200;

std::optional<Column> column_of(std::string_view cell) {
  const std::string key = fold_key(cell);
  static const std::map<std::string, Column> kNames{{"area", kArea},
                                                    {"område", kArea},
                                                    {"year", kYear},
                                                    {"år", kYear},
                                                    {"indicator", kIndicator},
                                                    {"indikator", kIndicator},
                                                    {"value", kValue},
                                                    {"share", kValue},
                                                    {"andel", kValue},
                                                    {"n", kRespondents},
                                                    {"respondents", kRespondents},
                                                    {"svarande", kRespondents},
                                                    {"antal_svar", kRespondents}};
  const auto it = kNames.find(key);
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

bool whole_municipality(std::string_view cell, const ReportContext& ctx) {
  return cell.empty() || cell == "*" || equal_folded(cell, "kommunen") ||
         equal_folded(cell, "hela kommunen") || equal_folded(cell, ctx.municipality().name) ||
         cell == ctx.municipality().code;
}

std::optional<std::int64_t> whole_number(std::string_view s) {
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> decimal(std::string_view s) {
  std::string t(s);
  std::replace(t.begin(), t.end(), ',', '.');
  if (t.empty() || t.find_first_not_of("0123456789.+-eE") != std::string::npos) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

SurveyCsv parse_survey_csv(std::string_view content, const ReportContext& ctx) {
  SurveyCsv out;
  const char separator = detect_separator(
      content, [](std::string_view cell) { return column_of(trim(cell)).has_value(); });
  CsvReader reader(content, separator);
  CsvRecord record;
  if (!reader.next(record) || (record.fields.size() == 1 && trim(record.fields[0]).empty())) {
    out.errors.push_back({"", 1, "the file is empty"});
    return out;
  }
  if (record.error) {
    out.errors.push_back({"", record.error->line, record.error->reason});
    return out;
  }
  // header[c]: the index of column c in the file; names[c]: its spelling, for errors.
  std::array<std::optional<std::size_t>, kColumns> index;
  std::array<std::string, kColumns> names;
  for (int c = 0; c < kColumns; ++c) names[c] = kCanonical[c];
  const std::size_t width = record.fields.size();
  for (std::size_t i = 0; i < width; ++i) {
    const std::string name(trim(record.fields[i]));
    const auto c = column_of(name);
    if (!c) {
      out.errors.push_back(
          {name, record.line, "unknown column; the columns are area, year, indicator, value, n"});
    } else if (index[*c]) {
      out.errors.push_back({name, record.line, "the column is given twice"});
    } else {
      index[*c] = i;
      names[*c] = name;
    }
  }
  for (int c = 0; c < kColumns; ++c) {
    if (!index[c]) out.errors.push_back({names[c], record.line, "required column is missing"});
  }
  if (!out.errors.empty()) return out;

  // (area or 0, year, folded indicator) -> the line that gave it first.
  std::map<std::tuple<Id, int, std::string>, std::int64_t> seen;
  while (reader.next(record)) {
    const std::int64_t line = record.line;
    if (record.error) {
      const std::size_t f = record.error->field_index;
      out.errors.push_back({"", record.error->line,
                            record.error->reason + " (field " + std::to_string(f + 1) + ")"});
      continue;
    }
    if (std::all_of(record.fields.begin(), record.fields.end(),
                    [](std::string_view f) { return trim(f).empty(); })) {
      continue;
    }
    if (record.fields.size() != width) {
      out.errors.push_back({"", line,
                            "expected " + std::to_string(width) +
                                " fields as in the header, found " +
                                std::to_string(record.fields.size())});
      continue;
    }
    const auto cell = [&](Column c) { return trim(record.fields[*index[c]]); };
    const std::size_t before = out.errors.size();
    SurveyValue v;
    v.municipality = ctx.municipality().code;

    const std::string_view area = cell(kArea);
    if (!whole_municipality(area, ctx)) {
      const Area* a = ctx.area(std::string(area));
      if (!a) {
        out.errors.push_back({names[kArea], line,
                              "unknown area '" + std::string(area) +
                                  "'; leave it empty for the whole municipality"});
      } else {
        v.area_id = a->id;
      }
    }
    const auto year = whole_number(cell(kYear));
    if (!year || *year < 2000 || *year > 2100) {
      out.errors.push_back(
          {names[kYear], line, "'" + std::string(cell(kYear)) + "' is not a year (2000–2100)"});
    } else {
      v.year = static_cast<int>(*year);
    }
    v.indicator = std::string(cell(kIndicator));
    if (v.indicator.empty()) {
      out.errors.push_back(
          {names[kIndicator], line, "is required, e.g. \"känner sig otrygg ute sent på kvällen\""});
    } else if (utf8_length(v.indicator) > kMaxIndicator) {
      out.errors.push_back({names[kIndicator], line, "is longer than 200 characters"});
    }
    const auto share = decimal(cell(kValue));
    if (!share) {
      out.errors.push_back(
          {names[kValue], line, "'" + std::string(cell(kValue)) + "' is not a number"});
    } else if (*share < 0 || *share > 1) {
      out.errors.push_back(
          {names[kValue], line,
           "is a share between 0 and 1" +
               (*share > 1 && *share <= 100
                    ? "; " + std::string(cell(kValue)) + " looks like a percentage: write " +
                          short_number(*share / 100)
                    : std::string())});
    } else {
      v.share = *share;
    }
    const auto n = whole_number(cell(kRespondents));
    if (!n) {
      out.errors.push_back(
          {names[kRespondents], line,
           "'" + std::string(cell(kRespondents)) + "' is not a whole number of respondents"});
    } else if (*n <= 0) {
      out.errors.push_back({names[kRespondents], line, "must be at least 1 respondent"});
    } else {
      v.respondents = *n;
    }
    if (out.errors.size() != before) continue;

    const auto key = std::make_tuple(v.area_id.value_or(0), v.year, fold_key(v.indicator));
    const auto [it, fresh] = seen.emplace(key, line);
    if (!fresh) {
      out.errors.push_back({names[kIndicator], line,
                            "duplicate row: the same area, year and indicator as line " +
                                std::to_string(it->second)});
      continue;
    }
    out.values.push_back(std::move(v));
    out.lines.push_back(line);
  }
  return out;
}

}  // namespace lagesbild::ingest

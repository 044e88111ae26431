#include "ingest/values_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <unordered_set>

#include "ingest/csv_reader.h"

namespace lagesbild::ingest {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

ValuesTable parse_values_csv(std::string_view content, Errors& errors) {
  ValuesTable out;
  const std::size_t eol = content.find('\n');
  const std::string_view first = content.substr(0, eol);
  const char separator = first.find(';') != std::string_view::npos ? ';' : ',';
  CsvReader reader(content, separator);
  CsvRecord record;
  if (!reader.next(record)) {
    errors.push_back({"id", 1, "the file is empty: expected a header with id and value"});
    return out;
  }
  int id_col = -1, value_col = -1;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string name = lower(record.fields[i]);
    if (name == "id") id_col = static_cast<int>(i);
    if (name == "value") value_col = static_cast<int>(i);
  }
  if (id_col < 0) errors.push_back({"id", 1, "missing column 'id' in the header"});
  if (value_col < 0) errors.push_back({"value", 1, "missing column 'value' in the header"});
  if (id_col < 0 || value_col < 0) return out;
  std::unordered_set<std::string> seen;
  while (reader.next(record)) {
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // a blank line
    if (record.error) {
      errors.push_back({"", record.line, record.error->reason});
      continue;
    }
    const auto field = [&](int col) {
      return static_cast<std::size_t>(col) < record.fields.size()
                 ? record.fields[static_cast<std::size_t>(col)]
                 : std::string_view{};
    };
    const std::string id(field(id_col));
    if (id.empty()) {
      errors.push_back({"id", record.line, "is empty"});
      continue;
    }
    if (!seen.insert(id).second) {
      errors.push_back({"id", record.line, "'" + id + "' appears twice"});
      continue;
    }
    std::string text(field(value_col));
    if (separator == ';') std::replace(text.begin(), text.end(), ',', '.');
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(v)) {
      errors.push_back({"value", record.line, "'" + text + "' is not a finite number"});
      continue;
    }
    out.ids.push_back(id);
    out.values.push_back(v);
  }
  if (errors.empty() && out.ids.empty()) {
    errors.push_back({"value", 2, "the file has a header but no rows"});
  }
  return out;
}

}  // namespace lagesbild::ingest

#include "report/csv_field.h"

namespace lagesbild::report {

bool needs_formula_guard(std::string_view v) {
  return !v.empty() && std::string_view("=+-@\t\r'").find(v.front()) != std::string_view::npos;
}

void append_csv_field(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (const char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_text(std::string& out, std::string_view v) {
  if (needs_formula_guard(v)) {
    append_csv_field(out, "'" + std::string(v));
  } else {
    append_csv_field(out, v);
  }
}

}  // namespace lagesbild::report

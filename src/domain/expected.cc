#include "domain/expected.h"

namespace lagesbild {

std::string FieldError::to_string() const {
  std::string out;
  if (line > 0) {
    out = "line " + std::to_string(line);
    if (!field.empty()) out += ", column '" + field + "'";
  } else {
    out = field;
  }
  if (!out.empty()) out += ": ";
  return out + reason;
}

std::string to_string(const Errors& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += '\n';
    out += e.to_string();
  }
  return out;
}

InputError::InputError(Errors errors)
    : std::runtime_error(lagesbild::to_string(errors)), errors_(std::move(errors)) {}

}  // namespace lagesbild

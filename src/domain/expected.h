// Errors a user can cause, carried as values.
//
// Owns: FieldError (which field or column, which line, why) and Expected<T> (a value or the list of
// every problem found). Used by every module; depends on nothing but the standard library.
// Exceptions are reserved for bugs, broken invariants and I/O failures of our own files.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace lagesbild {

// One reason an input was rejected. `field` is the name the caller used: a JSON pointer for the
// API ("/lat"), a column name for CSV ("lat"). `line` is the 1-based physical line in a file where
// the record starts, or 0 when the input is not a file.
struct FieldError {
  std::string field;
  std::int64_t line = 0;
  std::string reason;

  // "line 12, column 'lat': outside Sweden" or "/lat: outside Sweden".
  std::string to_string() const;
  bool operator==(const FieldError&) const = default;
};

using Errors = std::vector<FieldError>;

// Joins every error's to_string() with newlines.
std::string to_string(const Errors& errors);

// Thrown only where a caller cannot take an Errors value (e.g. deep inside a transaction callback);
// front ends translate it to the same response as a returned Errors.
class InputError : public std::runtime_error {
 public:
  explicit InputError(Errors errors);
  const Errors& errors() const { return errors_; }

 private:
  Errors errors_;
};

// A value or a non-empty list of errors.
template <class T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Expected(Errors errors) : v_(std::move(errors)) {}  // NOLINT(google-explicit-constructor)
  Expected(FieldError error) : v_(Errors{std::move(error)}) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Errors& errors() const { return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Errors> v_;
};

}  // namespace lagesbild

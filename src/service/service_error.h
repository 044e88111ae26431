// What went wrong in a service call, in terms every front end can map: the HTTP server to a status
// code, the CLI to an exit code and a message.
#pragma once

#include <stdexcept>
#include <string>

#include "domain/expected.h"

namespace lagesbild {

class ServiceError : public std::runtime_error {
 public:
  enum class Kind {
    invalid,          // the input is wrong; errors() says where and why (HTTP 422)
    bad_request,      // the request itself is malformed (HTTP 400)
    unauthenticated,  // no valid session (HTTP 401)
    forbidden,        // the session's roles do not allow this (HTTP 403)
    not_found,        // no such thing, or not visible to this session (HTTP 404)
    conflict,         // breaks a uniqueness or reference rule (HTTP 409)
  };

  ServiceError(Kind kind, std::string message, Errors errors = {})
      : std::runtime_error(message.empty() ? lagesbild::to_string(errors) : message),
        kind_(kind),
        errors_(std::move(errors)) {}

  static ServiceError invalid(Errors errors) {
    return ServiceError(Kind::invalid, "", std::move(errors));
  }
  static ServiceError invalid(std::string field, std::string reason) {
    return invalid(Errors{FieldError{std::move(field), 0, std::move(reason)}});
  }

  Kind kind() const { return kind_; }
  const Errors& errors() const { return errors_; }

 private:
  Kind kind_;
  Errors errors_;
};

}  // namespace lagesbild

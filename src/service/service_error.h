// What went wrong in a service call, in terms every front end can map: the HTTP server to a status
// code, the CLI to an exit code and a message.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

#include "domain/expected.h"

namespace lagesbild {

class ServiceError : public std::runtime_error {
 public:
  enum class Kind {
    invalid,            // the input is wrong; errors() says where and why (HTTP 422)
    bad_request,        // the request itself is malformed (HTTP 400)
    unauthenticated,    // no valid session (HTTP 401)
    forbidden,          // the session's roles do not allow this (HTTP 403)
    not_found,          // no such thing, or not visible to this session (HTTP 404)
    conflict,           // breaks a uniqueness or reference rule (HTTP 409)
    too_many_requests,  // throttled: try again after retry_after() (HTTP 429, Retry-After)
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

  static ServiceError too_many_requests(std::string message, std::chrono::seconds retry_after) {
    ServiceError e(Kind::too_many_requests, std::move(message));
    e.retry_after_ = retry_after;
    return e;
  }

  Kind kind() const { return kind_; }
  const Errors& errors() const { return errors_; }
  // For too_many_requests: how long to wait; zero otherwise.
  std::chrono::seconds retry_after() const { return retry_after_; }

 private:
  Kind kind_;
  Errors errors_;
  std::chrono::seconds retry_after_{0};
};

}  // namespace lagesbild

// Logging in and out, sessions, and user accounts.
//
// Sessions are opaque random tokens; the store keeps only their hash (auth/password.h). A session
// lasts kSessionLifetime. May use: auth/, store/. Thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "service/principal.h"
#include "store/store.h"

namespace lagesbild {

inline constexpr std::chrono::hours kSessionLifetime{12};

struct LoginResult {
  std::string token;
  UtcSeconds expires_at;
  User user;
};

class AuthService {
 public:
  explicit AuthService(Store& store) : store_(store) {}

  // Throws ServiceError(unauthenticated) with one message for every failure (unknown user,
  // wrong password, disabled), so the answer does not reveal which usernames exist.
  LoginResult login(const std::string& username, const std::string& password,
                    const std::string& address);
  // The principal behind a bearer token; throws ServiceError(unauthenticated).
  Principal authenticate(const std::string& token, const std::string& address);
  void logout(const std::string& token);

  // Creates a user. Validates the username (2-64 of [a-z0-9._-]), the password rules and that
  // every grant's municipality and organisation exist. Throws ServiceError.
  User add_user(const Principal& who, const std::string& username, const std::string& display_name,
                const std::string& password, const std::vector<RoleGrant>& grants);

 private:
  Store& store_;
};

}  // namespace lagesbild

// Logging in and out, sessions, and user accounts.
//
// Sessions are opaque random tokens; the store keeps only their hash (auth/password.h). A session
// lasts kSessionLifetime. Every API call authenticates, so a verified session is remembered in
// memory for kSessionRecheck: logging out and changes to users through this service take effect
// at once; changes made by another process on the same database (the CLI) within kSessionRecheck.
// May use: auth/, store/. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "service/login_throttle.h"
#include "service/principal.h"
#include "store/store.h"

namespace lagesbild {

inline constexpr std::chrono::hours kSessionLifetime{12};
inline constexpr std::chrono::seconds kSessionRecheck{5};

struct LoginResult {
  std::string token;
  UtcSeconds expires_at;
  User user;
};

class AuthService {
 public:
  // `throttle` counts failed logins (service/login_throttle.h); tests give it a clock of their own.
  explicit AuthService(Store& store, std::unique_ptr<LoginThrottle> throttle = nullptr)
      : store_(store),
        throttle_(throttle ? std::move(throttle) : std::make_unique<LoginThrottle>()) {}

  // Throws ServiceError(unauthenticated) with one message for every failure (unknown user,
  // wrong password, disabled), so the answer does not reveal which usernames exist; and
  // ServiceError(too_many_requests) with retry_after() while the account or the address is
  // throttled, before the password is checked.
  LoginResult login(const std::string& username, const std::string& password,
                    const std::string& address);
  // The principal behind a bearer token; throws ServiceError(unauthenticated).
  Principal authenticate(const std::string& token, const std::string& address);
  void logout(const std::string& token);

  // Creates a user. Validates the username (2-64 of [a-z0-9._-]), the password rules and that
  // every grant's municipality and organisation exist. Throws ServiceError.
  User add_user(const Principal& who, const std::string& username, const std::string& display_name,
                const std::string& password, const std::vector<RoleGrant>& grants);

  // Disables or re-enables a user (admin of a municipality where the user holds a role). A
  // disabled user's sessions end at once.
  User set_disabled(const Principal& who, Id user_id, bool disabled);

  // Replaces the user's roles in `municipality` with `grants` (an admin of that municipality;
  // every grant must be in it; empty removes the user from it), keeping their roles elsewhere, so
  // one person can serve several municipalities. The user's sessions see the change at once.
  // An admin cannot take away their own admin role there. Throws ServiceError: invalid
  // ("grants/i" and why), not_found (no such user visible to `who`), forbidden.
  User set_grants(const Principal& who, Id user_id, const std::string& municipality,
                  const std::vector<RoleGrant>& grants);

  // The users holding a role in `municipality`, by username, without password hashes (admin of
  // that municipality). Their grants elsewhere are left out: another municipality's admin
  // manages those. Throws ServiceError(forbidden).
  std::vector<User> users(const Principal& who, const std::string& municipality);

 private:
  struct Cached {
    Principal principal;
    UtcSeconds expires_at;
    std::chrono::steady_clock::time_point checked_at;
  };
  void forget_user(Id user_id);

  Store& store_;
  std::unique_ptr<LoginThrottle> throttle_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> sessions_;  // by token hash
};

}  // namespace lagesbild

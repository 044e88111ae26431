// Login throttling: how many failed logins an account and a client address may have before the
// next attempt must wait (docs/TRUST.md).
//
// Owns: the failure counters, in memory (a restart forgets them; one server process is the only
// thing that accepts passwords). May use: the standard library. Thread-safe.
//
// An account (the username as typed, known or not, so a lockout does not reveal which names
// exist) is locked after kAccountFailures failures within kWindow, first for kFirstLockout, each
// further lockout twice as long up to kMaxLockout; a successful login resets it. A client
// address is refused after kAddressFailures failures within kWindow until the oldest of them is
// kWindow old; success does not reset an address, so one valid account cannot launder guessing.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace lagesbild {

struct LoginThrottlePolicy {
  int account_failures = 5;
  int address_failures = 20;
  std::chrono::seconds window{15 * 60};
  std::chrono::seconds first_lockout{60};
  std::chrono::seconds max_lockout{60 * 60};
};

class LoginThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit LoginThrottle(
      LoginThrottlePolicy policy = {},
      Clock clock = [] { return std::chrono::steady_clock::now(); });

  // How long the caller must wait before this login may be tried (rounded up to whole seconds),
  // or nullopt when it may be tried now. A refused attempt is not counted as a failure.
  std::optional<std::chrono::seconds> wait(const std::string& account, const std::string& address);
  // A failed attempt (wrong password, unknown or disabled account).
  void failed(const std::string& account, const std::string& address);
  // A successful login: the account's failures and lockout history are forgotten.
  void succeeded(const std::string& account);

  const LoginThrottlePolicy& policy() const { return policy_; }

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  struct Account {
    std::deque<TimePoint> failures;  // within the window, oldest first
    TimePoint locked_until{};
    int lockouts = 0;  // lockouts since the last success, for the increasing delay
  };
  void forget_old(std::deque<TimePoint>& failures, TimePoint now) const;
  void bound_memory(TimePoint now);

  LoginThrottlePolicy policy_;
  Clock clock_;
  std::mutex mu_;
  std::unordered_map<std::string, Account> accounts_;
  std::unordered_map<std::string, std::deque<TimePoint>> addresses_;
};

}  // namespace lagesbild

// Login throttling (see login_throttle.h).
#include "service/login_throttle.h"

#include <algorithm>
#include <iterator>

namespace lagesbild {
namespace {

// Past this many tracked accounts or addresses, entries with nothing in force are dropped, so a
// flood of made-up usernames cannot grow memory without bound.
constexpr std::size_t kMaxTracked = 100'000;

std::chrono::seconds round_up(std::chrono::steady_clock::duration d) {
  const auto s = std::chrono::ceil<std::chrono::seconds>(d);
  return std::max(s, std::chrono::seconds{1});
}

}  // namespace

LoginThrottle::LoginThrottle(LoginThrottlePolicy policy, Clock clock)
    : policy_(policy), clock_(std::move(clock)) {}

void LoginThrottle::forget_old(std::deque<TimePoint>& failures, TimePoint now) const {
  while (!failures.empty() && now - failures.front() >= policy_.window) failures.pop_front();
}

std::optional<std::chrono::seconds> LoginThrottle::wait(const std::string& account,
                                                        const std::string& address) {
  const TimePoint now = clock_();
  std::lock_guard lk(mu_);
  TimePoint until = now;
  if (auto it = accounts_.find(account); it != accounts_.end()) {
    until = std::max(until, it->second.locked_until);
  }
  if (auto it = addresses_.find(address); it != addresses_.end()) {
    forget_old(it->second, now);
    if (static_cast<int>(it->second.size()) >= policy_.address_failures) {
      until = std::max(until, it->second.front() + policy_.window);
    }
  }
  if (until <= now) return std::nullopt;
  return round_up(until - now);
}

void LoginThrottle::failed(const std::string& account, const std::string& address) {
  const TimePoint now = clock_();
  std::lock_guard lk(mu_);
  bound_memory(now);
  Account& a = accounts_[account];
  forget_old(a.failures, now);
  // A day without a lockout and the delay starts from the beginning again.
  if (a.lockouts > 0 && now - a.locked_until > std::chrono::hours{24}) a.lockouts = 0;
  a.failures.push_back(now);
  if (static_cast<int>(a.failures.size()) >= policy_.account_failures) {
    auto lockout = policy_.first_lockout * (1LL << std::min(a.lockouts, 20));
    lockout = std::min<std::chrono::seconds>(lockout, policy_.max_lockout);
    a.locked_until = now + lockout;
    ++a.lockouts;
    a.failures.clear();
  }
  auto& f = addresses_[address];
  forget_old(f, now);
  f.push_back(now);
}

void LoginThrottle::succeeded(const std::string& account) {
  std::lock_guard lk(mu_);
  accounts_.erase(account);
}

void LoginThrottle::bound_memory(TimePoint now) {
  if (accounts_.size() > kMaxTracked) {
    for (auto it = accounts_.begin(); it != accounts_.end();) {
      forget_old(it->second.failures, now);
      const bool idle = it->second.failures.empty() && it->second.locked_until <= now;
      it = idle ? accounts_.erase(it) : std::next(it);
    }
  }
  if (addresses_.size() > kMaxTracked) {
    for (auto it = addresses_.begin(); it != addresses_.end();) {
      forget_old(it->second, now);
      it = it->second.empty() ? addresses_.erase(it) : std::next(it);
    }
  }
}

}  // namespace lagesbild

#include "service/auth_service.h"

#include <algorithm>

#include "auth/password.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

// Verifying against this keeps an unknown username as slow as a wrong password.
const std::string& dummy_hash() {
  static const std::string h = auth::hash_password("no-such-user-timing-guard");
  return h;
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The user `who` may manage: one holding a role where `who` manages users (or any, for the
// operator). Anyone else is not_found, so user ids cannot be probed.
User managed_user(Store& store, const Principal& who, Id user_id) {
  auto user = store.user(user_id);
  const bool visible =
      user && (who.local_operator ||
               std::any_of(user->grants.begin(), user->grants.end(), [&](const RoleGrant& g) {
                 return who.can(g.municipality, Capability::user_manage);
               }));
  if (!visible) throw ServiceError(Kind::not_found, "no user " + std::to_string(user_id));
  return std::move(*user);
}

}  // namespace

LoginResult AuthService::login(const std::string& username, const std::string& password,
                               const std::string& address) {
  if (const auto wait = throttle_->wait(username, address)) {
    store_.audit({now_utc(), std::nullopt, "", "login.throttled", "user/" + username, address});
    throw ServiceError::too_many_requests("för många misslyckade inloggningar; försök igen om " +
                                              std::to_string(wait->count()) +
                                              " sekunder / too many failed logins; try again in " +
                                              std::to_string(wait->count()) + " seconds",
                                          *wait);
  }
  auto user = store_.user_by_name(username);
  const bool ok = user ? auth::verify_password(password, user->password_hash)
                       : (auth::verify_password(password, dummy_hash()), false);
  if (!ok || user->disabled) {
    throttle_->failed(username, address);
    store_.audit({now_utc(), user ? std::optional<Id>(user->id) : std::nullopt, "", "login.failed",
                  "user/" + username, address});
    throw ServiceError(Kind::unauthenticated, "wrong username or password");
  }
  throttle_->succeeded(username);
  LoginResult result;
  result.token = auth::new_session_token();
  const auto now = now_utc();
  result.expires_at = now + kSessionLifetime;
  store_.insert_session({auth::token_hash(result.token), user->id, now, result.expires_at});
  store_.audit({now, user->id, "", "login", "user/" + username, address});
  user->password_hash.clear();
  result.user = std::move(*user);
  return result;
}

Principal AuthService::authenticate(const std::string& token, const std::string& address) {
  if (token.empty()) throw ServiceError(Kind::unauthenticated, "log in first (no session token)");
  const std::string hash = auth::token_hash(token);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lk(mu_);
    auto it = sessions_.find(hash);
    if (it != sessions_.end() && now - it->second.checked_at < kSessionRecheck &&
        it->second.expires_at > now_utc()) {
      Principal p = it->second.principal;
      p.address = address;
      return p;
    }
  }
  auto session = store_.session(hash);
  if (!session || session->expires_at <= now_utc()) {
    throw ServiceError(Kind::unauthenticated,
                       "the session has expired or does not exist; log in again");
  }
  auto user = store_.user(session->user_id);
  if (!user || user->disabled) throw ServiceError(Kind::unauthenticated, "the account is disabled");
  Principal p;
  p.user_id = user->id;
  p.username = user->username;
  p.grants = std::move(user->grants);
  p.address = address;
  std::lock_guard lk(mu_);
  if (sessions_.size() > 100000) sessions_.clear();  // bounded; it refills from the store
  sessions_[hash] = Cached{p, session->expires_at, now};
  return p;
}

void AuthService::forget_user(Id user_id) {
  std::lock_guard lk(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.principal.user_id == user_id; });
}

void AuthService::logout(const std::string& token) {
  const std::string hash = auth::token_hash(token);
  store_.remove_session(hash);
  std::lock_guard lk(mu_);
  sessions_.erase(hash);
}

User AuthService::add_user(const Principal& who, const std::string& username,
                           const std::string& display_name, const std::string& password,
                           const std::vector<RoleGrant>& grants) {
  Errors errors;
  const bool name_ok =
      username.size() >= 2 && username.size() <= 64 &&
      std::all_of(username.begin(), username.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!name_ok) errors.push_back({"username", 0, "use 2-64 characters a-z, 0-9, '.', '_' or '-'"});
  if (auto problem = auth::password_problem(password)) {
    errors.push_back({"password", 0, *problem});
  } else if (username.size() >= 3 && lowercase(password).find(username) != std::string::npos) {
    errors.push_back({"password", 0, "the password must not contain the username"});
  }
  for (size_t i = 0; i < grants.size(); ++i) {
    const auto& g = grants[i];
    const std::string field = "grants/" + std::to_string(i);
    if (!who.can(g.municipality, Capability::user_manage)) {
      throw ServiceError(Kind::forbidden, "you may not manage users in " + g.municipality);
    }
    if (!store_.municipality(g.municipality)) {
      errors.push_back({field, 0, "unknown municipality " + g.municipality});
      continue;
    }
    const auto orgs = store_.organisations(g.municipality);
    if (std::none_of(orgs.begin(), orgs.end(),
                     [&](const Organisation& o) { return o.id == g.organisation_id; })) {
      errors.push_back(
          {field, 0,
           "unknown organisation " + std::to_string(g.organisation_id) + " in " + g.municipality});
    }
  }
  if (grants.empty() && !who.local_operator) {
    errors.push_back({"grants", 0, "a user needs at least one role"});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  User u{0, username, display_name, auth::hash_password(password), false, grants};
  try {
    u.id = store_.insert_user(u);
  } catch (const ConflictError&) {
    throw ServiceError(Kind::conflict, "", {{"username", 0, "'" + username + "' is taken"}});
  }
  store_.audit({now_utc(), who.user_id, grants.empty() ? "" : grants.front().municipality,
                "user.create", "user/" + username, who.address});
  u.password_hash.clear();
  return u;
}

std::vector<User> AuthService::users(const Principal& who, const std::string& municipality) {
  if (!who.can(municipality, Capability::user_manage)) {
    throw ServiceError(Kind::forbidden, "only an admin of the municipality lists its users");
  }
  std::vector<User> out;
  for (auto& u : store_.users()) {
    std::erase_if(u.grants, [&](const RoleGrant& g) { return g.municipality != municipality; });
    if (u.grants.empty()) continue;
    u.password_hash.clear();
    out.push_back(std::move(u));
  }
  std::sort(out.begin(), out.end(),
            [](const User& a, const User& b) { return a.username < b.username; });
  store_.audit({now_utc(), who.user_id, municipality, "users.list", "users", who.address});
  return out;
}

}  // namespace lagesbild

namespace lagesbild {
User AuthService::set_grants(const Principal& who, Id user_id, const std::string& municipality,
                             const std::vector<RoleGrant>& grants) {
  if (!who.can(municipality, Capability::user_manage)) {
    throw ServiceError(Kind::forbidden, "you may not manage users in " + municipality);
  }
  User user = managed_user(store_, who, user_id);
  Errors errors;
  const auto orgs = store_.organisations(municipality);
  for (std::size_t i = 0; i < grants.size(); ++i) {
    const RoleGrant& g = grants[i];
    const std::string field = "grants/" + std::to_string(i);
    if (g.municipality != municipality) {
      errors.push_back({field + "/municipality", 0, "must be " + municipality});
    } else if (std::none_of(orgs.begin(), orgs.end(),
                            [&](const Organisation& o) { return o.id == g.organisation_id; })) {
      errors.push_back(
          {field + "/organisation_id", 0,
           "unknown organisation " + std::to_string(g.organisation_id) + " in " + municipality});
    }
  }
  const bool self = who.user_id && *who.user_id == user_id;
  if (self && std::none_of(grants.begin(), grants.end(),
                           [](const RoleGrant& g) { return g.role == Role::admin; })) {
    errors.push_back({"grants", 0, "you cannot take away your own admin role; another admin can"});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  std::vector<RoleGrant> kept;
  for (const RoleGrant& g : user.grants) {
    if (g.municipality != municipality) kept.push_back(g);
  }
  kept.insert(kept.end(), grants.begin(), grants.end());
  user.grants = std::move(kept);
  store_.update_user(user);
  forget_user(user_id);
  store_.audit(
      {now_utc(), who.user_id, municipality, "user.grants", "user/" + user.username, who.address});
  user.password_hash.clear();
  return user;
}

User AuthService::set_disabled(const Principal& who, Id user_id, bool disabled) {
  User user = managed_user(store_, who, user_id);
  user.disabled = disabled;
  store_.update_user(user);
  forget_user(user_id);
  store_.audit({now_utc(), who.user_id, user.grants.empty() ? "" : user.grants.front().municipality,
                disabled ? "user.disable" : "user.enable", "user/" + user.username, who.address});
  user.password_hash.clear();
  return user;
}

}  // namespace lagesbild

// Secrets: password hashing and session tokens, with libsodium.
//
// Owns: argon2id password hashes (crypto_pwhash_str, libsodium's interactive limits) and opaque
// session tokens, which are stored only as a hash. May use: libsodium. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lagesbild::auth {

// An encoded argon2id hash ("$argon2id$v=19$m=...") of the password. Throws std::runtime_error only
// if the system is out of memory.
std::string hash_password(std::string_view password);

// True when `password` matches the encoded hash. Constant-time in the password.
bool verify_password(std::string_view password, const std::string& encoded_hash);

// A reason the password is too weak, or nullopt when it is acceptable (at least 10 characters,
// not all of one character class).
std::optional<std::string> password_problem(std::string_view password);

// A fresh opaque token: 32 random bytes, URL-safe base64 without padding.
std::string new_session_token();

// The hex BLAKE2b-256 of a token: what the store keeps, so a leaked database holds no live tokens.
std::string token_hash(std::string_view token);

// The CSRF token that goes with a session token: a keyed BLAKE2b-256 of it, hex. A browser
// session (HttpOnly cookie) must echo it in the X-CSRF-Token header of every write; another
// site's page can neither read the cookie nor compute this, nor set the header without CORS.
std::string csrf_token(std::string_view session_token);

// Constant-time comparison of two strings of equal length (false for different lengths).
bool equal_secrets(std::string_view a, std::string_view b);

}  // namespace lagesbild::auth

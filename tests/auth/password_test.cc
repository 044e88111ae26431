#include "auth/password.h"

#include <gtest/gtest.h>

namespace lagesbild::auth {
namespace {

TEST(Password, HashIsArgon2idAndVerifiesOnlyTheSamePassword) {
  const std::string h = hash_password("rätt-lösen-123");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
  EXPECT_TRUE(verify_password("rätt-lösen-123", h));
  EXPECT_FALSE(verify_password("rätt-lösen-124", h));
  EXPECT_FALSE(verify_password("", h));
  EXPECT_FALSE(verify_password("rätt-lösen-123", ""));
}

TEST(Password, SamePasswordHashesDifferently) {
  EXPECT_NE(hash_password("samma-lösen-1"), hash_password("samma-lösen-1"));
}

TEST(Password, WeakPasswordsAreNamed) {
  EXPECT_TRUE(password_problem("kort1").has_value());
  EXPECT_TRUE(password_problem("aaaaaaaaaaaaaa").has_value());
  EXPECT_FALSE(password_problem("langre-losen-42").has_value());
}

TEST(SessionToken, TokensAreUniqueUrlSafeAndHashedStably) {
  const auto a = new_session_token(), b = new_session_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_EQ(token_hash(a), token_hash(a));
  EXPECT_NE(token_hash(a), token_hash(b));
  EXPECT_EQ(token_hash(a).size(), 64u);
}

}  // namespace
}  // namespace lagesbild::auth

// Login throttling with a clock the test moves: per account (5 failures in 15 minutes lock it,
// each further lockout twice as long, a success resets) and per client address (20 failures in
// 15 minutes), and AuthService refusing a throttled login before it checks the password.
#include "service/login_throttle.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "service/auth_service.h"
#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours{1000}};
  LoginThrottle::Clock fn() {
    return [this] { return now; };
  }
};

TEST(LoginThrottle, FiveFailuresLockTheAccountForAMinute) {
  FakeClock clock;
  LoginThrottle t({}, clock.fn());
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(t.wait("polis", "10.0.0.1"));
    t.failed("polis", "10.0.0.1");
  }
  EXPECT_FALSE(t.wait("polis", "10.0.0.1"));
  t.failed("polis", "10.0.0.1");
  ASSERT_TRUE(t.wait("polis", "10.0.0.1"));
  EXPECT_EQ(*t.wait("polis", "10.0.0.1"), 60s);
  // From another address too: the account is what is locked.
  EXPECT_EQ(*t.wait("polis", "10.0.0.2"), 60s);
  EXPECT_FALSE(t.wait("bostad", "10.0.0.2"));
  clock.now += 45s;
  EXPECT_EQ(*t.wait("polis", "10.0.0.1"), 15s);
  clock.now += 15s;
  EXPECT_FALSE(t.wait("polis", "10.0.0.1"));
}

TEST(LoginThrottle, FailuresOlderThanTheWindowDoNotCount) {
  FakeClock clock;
  LoginThrottle t({}, clock.fn());
  for (int i = 0; i < 4; ++i) t.failed("polis", "10.0.0.1");
  clock.now += 15min;
  t.failed("polis", "10.0.0.1");
  EXPECT_FALSE(t.wait("polis", "10.0.0.1"));
}

TEST(LoginThrottle, EachFurtherLockoutIsTwiceAsLongUpToAnHour) {
  FakeClock clock;
  LoginThrottle t({}, clock.fn());
  std::vector<std::chrono::seconds> lockouts;
  for (int round = 0; round < 8; ++round) {
    for (int i = 0; i < 5; ++i) t.failed("polis", "10.0.0." + std::to_string(round));
    const auto w = t.wait("polis", "10.0.0.99");
    ASSERT_TRUE(w);
    lockouts.push_back(*w);
    clock.now += *w;
  }
  EXPECT_EQ(lockouts,
            (std::vector<std::chrono::seconds>{60s, 120s, 240s, 480s, 960s, 1920s, 3600s, 3600s}));
}

TEST(LoginThrottle, ASuccessResetsTheAccount) {
  FakeClock clock;
  LoginThrottle t({}, clock.fn());
  for (int i = 0; i < 5; ++i) t.failed("polis", "10.0.0.1");
  clock.now += 60s;
  t.succeeded("polis");
  for (int i = 0; i < 4; ++i) t.failed("polis", "10.0.0.1");
  EXPECT_FALSE(t.wait("polis", "10.0.0.1")) << "the count starts again after a success";
  t.failed("polis", "10.0.0.1");
  EXPECT_EQ(*t.wait("polis", "10.0.0.1"), 60s) << "and so does the delay";
}

TEST(LoginThrottle, TwentyFailuresFromOneAddressBlockIt) {
  FakeClock clock;
  LoginThrottle t({}, clock.fn());
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(t.wait("user" + std::to_string(i), "10.0.0.1"));
    t.failed("user" + std::to_string(i), "10.0.0.1");  // a different account each time
    clock.now += 10s;
  }
  // Blocked until the first failure is 15 minutes old; other addresses are not.
  ASSERT_TRUE(t.wait("someone", "10.0.0.1"));
  EXPECT_EQ(*t.wait("someone", "10.0.0.1"), 15min - 200s);
  EXPECT_FALSE(t.wait("someone", "10.0.0.2"));
  t.succeeded("someone");  // a success elsewhere does not clear the address
  EXPECT_TRUE(t.wait("someone", "10.0.0.1"));
  clock.now += 15min - 200s;
  EXPECT_FALSE(t.wait("someone", "10.0.0.1"));
}

class AuthThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("lb-throttle-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    store_ = open_store(path_.string());
    Services s(*store_);
    const auto op = Principal::operator_cli();
    s.reference.create_municipality(op, {"2081", "Borlänge", 14, ""});
    const Id org = s.reference.create_organisation(op, {0, "2081", "Polisen", "police"}).id;
    s.auth.add_user(op, "polis", "", kPassword, {{"2081", Role::reporter, org}});
    auth_ = std::make_unique<AuthService>(
        *store_, std::make_unique<LoginThrottle>(LoginThrottlePolicy{}, clock_.fn()));
  }
  void TearDown() override {
    auth_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  ServiceError::Kind login_error(const std::string& password, ServiceError* out = nullptr) {
    try {
      auth_->login("polis", password, "10.0.0.1");
    } catch (const ServiceError& e) {
      if (out) *out = e;
      return e.kind();
    }
    ADD_FAILURE() << "the login succeeded";
    return ServiceError::Kind::bad_request;
  }

  static constexpr const char* kPassword = "Rätt-lösen-2026";
  FakeClock clock_;
  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthThrottleTest, ALockedAccountIsRefusedEvenWithTheRightPasswordUntilTheDelayEnds) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(login_error("fel"), ServiceError::Kind::unauthenticated);
  }
  ServiceError e(ServiceError::Kind::bad_request, "");
  EXPECT_EQ(login_error(kPassword, &e), ServiceError::Kind::too_many_requests);
  EXPECT_EQ(e.retry_after(), 60s);
  EXPECT_NE(std::string(e.what()).find("försök igen om 60 sekunder"), std::string::npos);
  EXPECT_NE(std::string(e.what()).find("try again in 60 seconds"), std::string::npos);
  clock_.now += 60s;
  EXPECT_NO_THROW(auth_->login("polis", kPassword, "10.0.0.1"));
  // The success reset the account: four more failures do not lock it.
  for (int i = 0; i < 4; ++i) login_error("fel");
  EXPECT_NO_THROW(auth_->login("polis", kPassword, "10.0.0.1"));
}

TEST_F(AuthThrottleTest, ThrottledAttemptsAreAudited) {
  for (int i = 0; i < 6; ++i) login_error("fel");
  const auto entries = store_->audit_entries(10);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().action, "login.throttled");
  EXPECT_EQ(entries.front().object, "user/polis");
  EXPECT_EQ(entries.front().address, "10.0.0.1");
}

TEST(PasswordRules, APasswordMayNotContainTheUsername) {
  const auto path =
      std::filesystem::temp_directory_path() / ("lb-pwrule-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    auto store = open_store(path.string());
    Services s(*store);
    const auto op = Principal::operator_cli();
    s.reference.create_municipality(op, {"2081", "Borlänge", 14, ""});
    const Id org = s.reference.create_organisation(op, {0, "2081", "Polisen", "police"}).id;
    try {
      s.auth.add_user(op, "kommunpolis", "", "Kommunpolis-2026!", {{"2081", Role::reporter, org}});
      ADD_FAILURE() << "accepted a password containing the username";
    } catch (const ServiceError& e) {
      ASSERT_EQ(e.errors().size(), 1u);
      EXPECT_EQ(e.errors()[0].field, "password");
    }
    EXPECT_NO_THROW(s.auth.add_user(op, "kommunpolis", "", "Tjärna-torg-2026",
                                    {{"2081", Role::reporter, org}}));
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

}  // namespace
}  // namespace lagesbild

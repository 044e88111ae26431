// The live client against a fake police API on loopback (the network here is closed): the
// User-Agent, the query parameters, each error class (404 permanent; 429, 5xx and timeouts to
// retry), the call budget with a fake clock, and `lagesbild import polisen --live` end to end.
#include "fetch/polisen_client.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "police_fixture.h"

namespace lagesbild::fetch {
namespace {

// Recorded events in the API's shape: two Borlänge events, one of them with the old absolute URL.
const char* kRecorded =
    R"([{"id":650301,"datetime":"2026-08-22 21:05:00 +02:00","name":"22 augusti 21.05, Brand, Borlänge",)"
    R"("summary":"Brand i ett förråd.","url":"/aktuellt/handelser/2026/augusti/22/x/","type":"Brand",)"
    R"("location":{"name":"Dalarnas län","gps":"60.605,15.635"}},)"
    R"({"id":650302,"datetime":"2026-08-22 9:15:00 +02:00","name":"22 augusti 09.15, Stöld, Borlänge",)"
    R"("summary":"Cykel stulen.","url":"https://polisen.se/aktuellt/handelser/y/","type":"Stöld",)"
    R"("location":{"name":"Borlänge","gps":"60.484,15.434"}}])";

class FakeApi {
 public:
  FakeApi() {
    server_.Get("/api/events", [this](const httplib::Request& req, httplib::Response& res) {
      ++calls;
      last_location = req.get_param_value("locationname");
      last_type = req.get_param_value("type");
      if (req.get_header_value("User-Agent").empty()) {
        res.status = 403;
        return;
      }
      res.set_content(kRecorded, "application/json");
    });
    server_.Get("/gone", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
    server_.Get("/busy", [](const httplib::Request&, httplib::Response& res) { res.status = 429; });
    server_.Get("/broken",
                [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
    server_.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      res.set_content("[]", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeApi() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  std::atomic<int> calls{0};
  std::string last_location, last_type;

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// A client on a fake clock that advances only when the client sleeps or the test says so.
struct FakeTime {
  UtcSeconds now = from_unix(1'780'000'000);
  std::vector<std::chrono::seconds> slept;
  PolisenClient client(PolisenClientOptions options) {
    return PolisenClient(
        std::move(options), [this] { return now; },
        [this](std::chrono::seconds s) {
          slept.push_back(s);
          now += s;
        });
  }
};

PolisenClientOptions options_for(const std::string& url) {
  PolisenClientOptions o;
  o.url = url;
  o.timeout = std::chrono::seconds(1);
  return o;
}

TEST(PolisenClient, FetchesWithAUserAgentAndTheQueryParameters) {
  FakeApi api;
  FakeTime time;
  auto client = time.client(options_for(api.url("/api/events")));
  const auto r = client.fetch("Dalarnas län", "Brand");
  ASSERT_EQ(r.outcome, FetchResult::Outcome::ok) << r.message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kRecorded);
  EXPECT_EQ(api.last_location, "Dalarnas län");
  EXPECT_EQ(api.last_type, "Brand");
}

TEST(PolisenClient, WithoutAUserAgentThePoliceRefuse) {
  FakeApi api;
  FakeTime time;
  auto options = options_for(api.url("/api/events"));
  options.user_agent = "";
  const auto r = time.client(options).fetch();
  EXPECT_EQ(r.outcome, FetchResult::Outcome::failed);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.message.find("User-Agent"), std::string::npos);
}

TEST(PolisenClient, EachErrorClassIsReported) {
  FakeApi api;
  FakeTime time;
  const auto outcome = [&](const std::string& path) {
    return time.client(options_for(api.url(path))).fetch();
  };
  const auto gone = outcome("/gone");
  EXPECT_EQ(gone.outcome, FetchResult::Outcome::permanent);
  EXPECT_NE(gone.message.find("permanent"), std::string::npos);
  EXPECT_EQ(outcome("/busy").outcome, FetchResult::Outcome::retry_later);
  EXPECT_EQ(outcome("/busy").status, 429);
  EXPECT_EQ(outcome("/broken").outcome, FetchResult::Outcome::retry_later);
  const auto slow = outcome("/slow");  // the client's timeout is 1 s, the server takes 3 s
  EXPECT_EQ(slow.outcome, FetchResult::Outcome::retry_later);
  EXPECT_EQ(slow.status, 0);
  EXPECT_NE(slow.message.find("no answer"), std::string::npos) << slow.message;
  // Nothing listens on a port of a stopped server.
  std::string closed;
  {
    FakeApi gone_api;
    closed = gone_api.url("/api/events");
  }
  EXPECT_EQ(time.client(options_for(closed)).fetch().outcome, FetchResult::Outcome::retry_later);
}

TEST(PolisenClient, WaitsTenSecondsBetweenCallsAndStopsAtTheHourlyLimit) {
  FakeApi api;
  FakeTime time;
  auto client = time.client(options_for(api.url("/api/events")));
  ASSERT_EQ(client.fetch().outcome, FetchResult::Outcome::ok);
  time.now += std::chrono::seconds(3);
  ASSERT_EQ(client.fetch().outcome, FetchResult::Outcome::ok);
  ASSERT_EQ(time.slept.size(), 1u);
  EXPECT_EQ(time.slept[0], std::chrono::seconds(7));  // 10 s after the previous call
  // 60 calls within the hour: the 61st is not made, and says when it may be.
  while (api.calls < 60) ASSERT_EQ(client.fetch().outcome, FetchResult::Outcome::ok);
  const auto refused = client.fetch();
  EXPECT_EQ(refused.outcome, FetchResult::Outcome::retry_later);
  EXPECT_NE(refused.message.find("next call is allowed"), std::string::npos);
  EXPECT_EQ(api.calls, 60);
  time.now += std::chrono::hours(1);
  EXPECT_EQ(client.fetch().outcome, FetchResult::Outcome::ok);
}

TEST(PolisenClient, TheDailyLimitHolds) {
  FakeTime time;
  PolisenClientOptions o = options_for("http://127.0.0.1:9/api/events");
  o.per_day = 3;
  auto client = time.client(o);
  for (int i = 0; i < 3; ++i) {
    client.fetch();  // nothing listens: a failed call still counts
    time.now += std::chrono::hours(2);
  }
  EXPECT_EQ(client.wait_needed(), std::chrono::hours(18));
}

TEST(PolisenClient, TheCallLogCarriesTheBudgetAcrossRuns) {
  FakeApi api;
  FakeTime time;
  const auto log =
      std::filesystem::temp_directory_path() / ("lb-polisen-calls-" + std::to_string(::getpid()));
  std::filesystem::remove(log);
  auto options = options_for(api.url("/api/events"));
  options.call_log = log.string();
  ASSERT_EQ(time.client(options).fetch().outcome, FetchResult::Outcome::ok);
  time.now += std::chrono::seconds(4);
  EXPECT_EQ(time.client(options).wait_needed(), std::chrono::seconds(6));
  std::filesystem::remove(log);
}

// The binary, end to end: --live --url at the fake API, into a fresh SQLite database.
TEST(PolisenClient, ImportLiveStoresTheFetchedEvents) {
  FakeApi api;
  const auto dir =
      std::filesystem::temp_directory_path() / ("lb-polisen-live-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "t.db").string();
  const std::string base = std::string(LB_BINARY) + " ";
  ASSERT_EQ(std::system((base + "municipality add --db " + db +
                         " --code 2081 --name Borlänge > /dev/null 2>&1")
                            .c_str()),
            0);
  const std::string live = base + "import polisen --live --db " + db + " --url " +
                           api.url("/api/events") + " --location Borlänge --call-log " +
                           (dir / "calls").string() + " > " + (dir / "out").string() + " 2>&1";
  ASSERT_EQ(std::system(live.c_str()), 0) << police_testing::read_file((dir / "out").string());
  EXPECT_NE(police_testing::read_file((dir / "out").string()).find("2 reports new"),
            std::string::npos);
  EXPECT_EQ(api.last_location, "Borlänge");
  // A 404 fails the command with the reason.
  const std::string gone = base + "import polisen --live --db " + db + " --url " +
                           api.url("/gone") + " --call-log " + (dir / "calls2").string() + " > " +
                           (dir / "out").string() + " 2>&1";
  EXPECT_NE(std::system(gone.c_str()), 0);
  EXPECT_NE(police_testing::read_file((dir / "out").string()).find("404"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lagesbild::fetch

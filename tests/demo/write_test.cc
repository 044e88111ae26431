// write_demo into a real SQLite store, read back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "auth/password.h"
#include "worlds.h"

namespace lagesbild::demo {
namespace {

using testing::world;

class DemoWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lb_demo_write_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string db() const { return (dir_ / "demo.db").string(); }

  std::filesystem::path dir_;
};

std::vector<Report> all_reports(Store& store) {
  ReportQuery q;
  q.municipality = "2081";
  q.limit = 1'000'000;
  return store.query_reports(q);
}

TEST_F(DemoWrite, WritesTheWholeWorldAndReadsItBack) {
  const DemoWorld& w = world(1);
  const auto store = open_store(db());
  const auto start = std::chrono::steady_clock::now();
  const DemoSummary s = write_demo(*store, w);
  std::printf("write_demo: %zu reports in %.2f s\n", s.reports_inserted,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

  EXPECT_EQ(s.reports_inserted, w.reports.size());
  EXPECT_EQ(s.reports_duplicate, 0u);
  const std::optional<Municipality> m = store->municipality("2081");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->name, "Borlänge (demo)");
  EXPECT_EQ(m->reporting_cadence_days, 14);
  EXPECT_FALSE(m->boundary_geojson.empty());

  EXPECT_EQ(store->organisations("2081").size(), 11u);
  const std::vector<Category> categories = store->categories("2081");
  EXPECT_EQ(categories.size(), default_categories().size());
  std::map<Id, std::string> category_code;
  for (const Category& c : categories) category_code[c.id] = c.code;
  for (const Category& c : categories) {
    const std::size_t dot = c.code.rfind('.');
    if (dot == std::string::npos) {
      EXPECT_FALSE(c.parent_id) << c.code;
    } else {
      ASSERT_TRUE(c.parent_id) << c.code;
      EXPECT_EQ(category_code[*c.parent_id], c.code.substr(0, dot));
    }
  }
  const std::vector<Area> areas = store->areas("2081");
  EXPECT_EQ(areas.size(), 15u);
  std::map<Id, std::string> area_name;
  for (const Area& a : areas) area_name[a.id] = a.name;
  const std::vector<Place> places = store->places("2081");
  EXPECT_EQ(places.size(), w.places.size());
  for (const Place& p : places) EXPECT_TRUE(p.area_id) << p.name;

  const std::optional<User> admin = store->user_by_name("admin");
  ASSERT_TRUE(admin);
  EXPECT_TRUE(auth::verify_password(kDemoPassword, admin->password_hash));
  ASSERT_EQ(admin->grants.size(), 1u);
  EXPECT_EQ(admin->grants[0].role, Role::admin);
  const std::optional<User> reporter = store->user_by_name("raddningstjansten");
  ASSERT_TRUE(reporter);
  EXPECT_EQ(reporter->grants.at(0).role, Role::reporter);
  EXPECT_EQ(store->users().size(), w.users.size());

  const std::vector<Report> reports = all_reports(*store);
  ASSERT_EQ(reports.size(), w.reports.size());
  std::map<std::string, const DemoReport*> by_external_id;
  for (const DemoReport& d : w.reports) by_external_id[d.external_id] = &d;
  std::size_t reviewed = 0;
  for (const Report& r : reports) {
    const DemoReport& d = *by_external_id.at(r.external_id);
    EXPECT_EQ(category_code[r.category_id], d.category);
    EXPECT_EQ(r.area_id ? std::optional(area_name[*r.area_id]) : std::nullopt, d.area);
    EXPECT_EQ(r.occurred_from, d.occurred_from);
    EXPECT_EQ(r.place_id.has_value(), d.place.has_value());
    EXPECT_TRUE(r.reporter_id);
    if (r.status == ReportStatus::reviewed) {
      ++reviewed;
      EXPECT_TRUE(r.reviewed_by);
    }
  }
  EXPECT_GT(reviewed, reports.size() * 9 / 10);
  EXPECT_LT(reviewed, reports.size());
}

TEST(DemoUsers, DemoPasswordIsAcceptedByThePasswordRules) {
  EXPECT_EQ(auth::password_problem(kDemoPassword), std::nullopt);
}

TEST_F(DemoWrite, SecondWriteIsRefusedAndChangesNothing) {
  DemoOptions options;
  options.weeks = 16;
  const DemoWorld w = generate_demo(options);
  const auto store = open_store(db());
  write_demo(*store, w);
  const std::size_t reports = all_reports(*store).size();
  EXPECT_THROW(write_demo(*store, w), ConflictError);
  EXPECT_EQ(all_reports(*store).size(), reports);
  EXPECT_EQ(store->users().size(), w.users.size());
}

TEST_F(DemoWrite, ExistingUsernameRollsEverythingBack) {
  DemoOptions options;
  options.weeks = 16;
  const DemoWorld w = generate_demo(options);
  const auto store = open_store(db());
  store->put_municipality({"1234", "Någon annan", 7, ""});
  const Id org = store->insert_organisation({0, "1234", "Polisen", "police"});
  store->insert_user({0, "samordnare", "", "x", false, {{"1234", Role::coordinator, org}}});
  EXPECT_THROW(write_demo(*store, w), ConflictError);
  EXPECT_FALSE(store->municipality("2081"));
  EXPECT_TRUE(all_reports(*store).empty());
}

}  // namespace
}  // namespace lagesbild::demo

// The service layer over a real SQLite store: role scoping, validation and all-or-nothing import.
#include <gtest/gtest.h>

#include <filesystem>

#include "auth/password.h"
#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild {
namespace {

namespace fs = std::filesystem;
using Kind = ServiceError::Kind;

constexpr const char* kSquare =
    R"({"type":"Polygon","coordinates":[[[15.40,60.47],[15.44,60.47],[15.44,60.50],[15.40,60.50],[15.40,60.47]]]})";

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("lb-svc-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    fs::remove(path_);
    store_ = open_store(path_.string());
    services_ = std::make_unique<Services>(*store_);
    const auto op = Principal::operator_cli();
    services_->reference.create_municipality(op, {"2081", "Borlänge", 14, ""});
    services_->reference.create_municipality(op, {"0490", "Borås", 7, ""});
    polisen_ = services_->reference.create_organisation(op, {0, "2081", "Polisen", "police"}).id;
    tunabyggen_ =
        services_->reference.create_organisation(op, {0, "2081", "Tunabyggen", "housing"}).id;
    boras_org_ = services_->reference.create_organisation(op, {0, "0490", "Polisen", "police"}).id;
    services_->reference.create_area(op, {0, "2081", "Centrum", "", kSquare}, false);
  }
  void TearDown() override {
    services_.reset();
    store_.reset();
    fs::remove(path_);
    fs::remove(path_.string() + "-wal");
    fs::remove(path_.string() + "-shm");
  }

  // A principal backed by a real user row (reports refer to their reporter).
  Principal as(Role role, Id org, const std::string& m = "2081") {
    Principal p;
    p.username = "u" + std::to_string(++users_);
    p.grants = {{m, role, org}};
    p.user_id = store_->insert_user({0, p.username, "", "x", false, p.grants});
    return p;
  }
  int users_ = 0;

  ingest::ReportDraft draft() {
    ingest::ReportDraft d;
    d.category = "klotter";
    d.occurred_from = "2026-11-13T22:00";
    d.lat = 60.485;
    d.lon = 15.42;
    return d;
  }

  Report submit(const Principal& p, ingest::ReportDraft d) {
    return services_->reports.submit(p, "2081", d, Source::form, {}).report;
  }

  fs::path path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
  Id polisen_ = 0, tunabyggen_ = 0, boras_org_ = 0;
};

Kind kind_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ServiceError& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no ServiceError thrown";
  return Kind::bad_request;
}

TEST_F(ServiceTest, ReporterDefaultsToOwnOrganisationAndCannotReportForAnother) {
  const auto reporter = as(Role::reporter, polisen_);
  const Report r = submit(reporter, draft());
  EXPECT_EQ(r.organisation_id, polisen_);
  EXPECT_EQ(r.reporter_id, reporter.user_id);
  ASSERT_TRUE(r.area_id.has_value());
  auto d = draft();
  d.organisation = "Tunabyggen";
  EXPECT_EQ(kind_of([&] { submit(reporter, d); }), Kind::forbidden);
  // An analyst may register on another organisation's behalf.
  EXPECT_EQ(submit(as(Role::analyst, polisen_), d).organisation_id, tunabyggen_);
}

TEST_F(ServiceTest, NobodyReadsAnotherMunicipality) {
  const Report r = submit(as(Role::reporter, polisen_), draft());
  const auto boras_analyst = as(Role::analyst, boras_org_, "0490");
  EXPECT_EQ(kind_of([&] { services_->reports.get(boras_analyst, r.id); }), Kind::not_found);
  ReportFilter f;
  f.municipality = "2081";
  EXPECT_EQ(kind_of([&] { services_->reports.list(boras_analyst, f); }), Kind::forbidden);
  EXPECT_EQ(kind_of([&] { services_->reference.areas(boras_analyst, "2081"); }), Kind::not_found);
}

TEST_F(ServiceTest, ReporterListSeesOnlyOwnOrganisation) {
  submit(as(Role::reporter, polisen_), draft());
  submit(as(Role::reporter, tunabyggen_), draft());
  ReportFilter f;
  const auto mine = services_->reports.list(as(Role::reporter, polisen_), f).reports;
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].organisation_id, polisen_);
  EXPECT_EQ(services_->reports.list(as(Role::analyst, polisen_), f).reports.size(), 2u);
  EXPECT_EQ(kind_of([&] { services_->reports.list(as(Role::viewer, polisen_), f); }),
            Kind::forbidden);
}

TEST_F(ServiceTest, EveryReadIsAudited) {
  const Report r = submit(as(Role::reporter, polisen_), draft());
  services_->reports.get(as(Role::analyst, polisen_), r.id);
  const auto entries = store_->audit_entries(10);
  ASSERT_GE(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "report.read");
  EXPECT_EQ(entries[0].object, "report/" + std::to_string(r.id));
}

TEST_F(ServiceTest, CsvImportStoresNothingWhenAnyRowIsBad) {
  const auto coordinator = as(Role::coordinator, polisen_);
  const std::string csv =
      "occurred_at,category,organisation,lat,lon\n"
      "2026-11-10 21:00,klotter,Polisen,60.48,15.42\n"
      "2026-11-10 21:00,klotter,Polisen,59.91,10.75\n"   // Oslo
      "2099-01-01 00:00,klotter,Polisen,60.48,15.42\n";  // future
  try {
    services_->reports.import_csv(coordinator, "2081", csv);
    FAIL() << "expected rejection";
  } catch (const ServiceError& e) {
    ASSERT_EQ(e.kind(), Kind::invalid);
    ASSERT_EQ(e.errors().size(), 2u) << to_string(e.errors());
    EXPECT_EQ(e.errors()[0].line, 3);
    EXPECT_EQ(e.errors()[1].line, 4);
  }
  EXPECT_TRUE(services_->reports.list(coordinator, {}).reports.empty());
  EXPECT_EQ(
      kind_of([&] { services_->reports.import_csv(as(Role::reporter, polisen_), "2081", csv); }),
      Kind::forbidden);
}

TEST_F(ServiceTest, ContextFollowsReferenceEdits) {
  const auto op = Principal::operator_cli();
  auto d = draft();
  d.category = "Glaskross";
  EXPECT_EQ(kind_of([&] { submit(as(Role::reporter, polisen_), d); }), Kind::invalid);
  const auto cats = services_->reference.categories(op, "2081");
  const auto parent = std::find_if(cats.begin(), cats.end(),
                                   [](const Category& c) { return c.code == "skadegorelse"; });
  services_->reference.create_category(
      op, {0, "2081", "skadegorelse.glas", "Glaskross", parent->id, true});
  EXPECT_NO_THROW(submit(as(Role::reporter, polisen_), d));
  // Sub-category filters include the new child.
  ReportFilter f;
  f.categories = {"skadegorelse"};
  EXPECT_EQ(services_->reports.list(as(Role::analyst, polisen_), f).reports.size(), 1u);
}

TEST_F(ServiceTest, CategoryCannotBecomeItsOwnAncestor) {
  const auto op = Principal::operator_cli();
  auto cats = services_->reference.categories(op, "2081");
  Category parent = *std::find_if(cats.begin(), cats.end(),
                                  [](const Category& c) { return c.code == "skadegorelse"; });
  const Category child = *std::find_if(
      cats.begin(), cats.end(), [](const Category& c) { return c.code == "skadegorelse.klotter"; });
  parent.parent_id = child.id;
  EXPECT_EQ(kind_of([&] { services_->reference.update_category(op, parent); }), Kind::invalid);
}

TEST_F(ServiceTest, UsersNeedStrongPasswordsAndKnownOrganisations) {
  const auto op = Principal::operator_cli();
  EXPECT_EQ(
      kind_of([&] {
        services_->auth.add_user(op, "anna", "", "kort", {{"2081", Role::reporter, polisen_}});
      }),
      Kind::invalid);
  EXPECT_EQ(
      kind_of([&] {
        services_->auth.add_user(op, "anna", "", "langt-losen-1", {{"2081", Role::reporter, 999}});
      }),
      Kind::invalid);
  services_->auth.add_user(op, "anna", "Anna", "langt-losen-1",
                           {{"2081", Role::reporter, polisen_}});
  EXPECT_EQ(kind_of([&] {
              services_->auth.add_user(op, "anna", "", "langt-losen-1",
                                       {{"2081", Role::reporter, polisen_}});
            }),
            Kind::conflict);
  const auto login = services_->auth.login("anna", "langt-losen-1", "test");
  const auto p = services_->auth.authenticate(login.token, "test");
  EXPECT_EQ(p.username, "anna");
  services_->auth.logout(login.token);
  EXPECT_EQ(kind_of([&] { services_->auth.authenticate(login.token, "test"); }),
            Kind::unauthenticated);
}

}  // namespace
}  // namespace lagesbild

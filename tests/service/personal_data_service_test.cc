// The personal data guard in the services: submit reports what it found and stores the text as
// written; under the block policy submit, correction and CSV import refuse it on the description;
// the lägesbild's serious reports are masked for every reader; only an admin sets the policy.
#include <gtest/gtest.h>

#include <filesystem>

#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild {
namespace {

namespace fs = std::filesystem;
using Kind = ServiceError::Kind;
using PD = ingest::PersonalDataKind;

constexpr const char* kSquare =
    R"({"type":"Polygon","coordinates":[[[15.40,60.47],[15.44,60.47],[15.44,60.50],[15.40,60.50],[15.40,60.47]]]})";

class PersonalDataServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("lb-pd-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    fs::remove(path_);
    store_ = open_store(path_.string());
    services_ = std::make_unique<Services>(*store_);
    const auto op = Principal::operator_cli();
    services_->reference.create_municipality(op, {"2081", "Borlänge", 14, ""});
    polisen_ = services_->reference.create_organisation(op, {0, "2081", "Polisen", "police"}).id;
    services_->reference.create_area(op, {0, "2081", "Centrum", "", kSquare}, false);
  }
  void TearDown() override {
    services_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }

  Principal as(Role role) {
    Principal p;
    p.username = "u" + std::to_string(++users_);
    p.grants = {{"2081", role, polisen_}};
    p.user_id = store_->insert_user({0, p.username, "", "x", false, p.grants});
    return p;
  }
  ingest::ReportDraft draft(const std::string& description, int severity = 2) {
    ingest::ReportDraft d;
    d.category = "klotter";
    d.occurred_from = "2026-11-13T22:00";
    d.lat = 60.485;
    d.lon = 15.42;
    d.severity = severity;
    d.description = description;
    return d;
  }
  SubmitResult submit(const Principal& p, const std::string& description, int severity = 2) {
    return services_->reports.submit(p, "2081", draft(description, severity), Source::form,
                                     ingest::FieldNames::json_pointers());
  }
  void block() {
    services_->reference.set_personal_data_policy(Principal::operator_cli(), "2081",
                                                  PersonalDataPolicy::block);
  }
  // The single field error of a rejected call.
  FieldError rejection(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const ServiceError& e) {
      EXPECT_EQ(e.kind(), Kind::invalid) << e.what();
      EXPECT_EQ(e.errors().size(), 1u) << e.what();
      if (!e.errors().empty()) return e.errors()[0];
    }
    ADD_FAILURE() << "not rejected";
    return {};
  }

  int users_ = 0;
  fs::path path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
  Id polisen_ = 0;
};

TEST_F(PersonalDataServiceTest, SubmitReportsWhatItFoundAndStoresTheTextAsWritten) {
  const auto reporter = as(Role::reporter);
  const std::string text = "Pojke 811228-9874 sprang mot bil ABC 123";
  const auto result = submit(reporter, text);
  EXPECT_EQ(result.personal_data, (std::vector<PD>{PD::personnummer, PD::vehicle_registration}));
  EXPECT_EQ(store_->report(result.report.id)->description, text);
  EXPECT_TRUE(submit(reporter, "Klotter på busskuren").personal_data.empty());
}

TEST_F(PersonalDataServiceTest, UnderTheBlockPolicySubmitCorrectionAndImportAreRefused) {
  const auto reporter = as(Role::reporter);
  const Id id = submit(reporter, "Klotter").report.id;
  block();
  auto e = rejection([&] { submit(reporter, "Mamma nås på mamma@example.se"); });
  EXPECT_EQ(e.field, "/description");
  EXPECT_NE(e.reason.find("email"), std::string::npos) << e.reason;

  ReviewPatch patch;
  patch.description = "Bil ABC 12D";
  e = rejection(
      [&] { services_->reports.review(reporter, id, patch, ingest::FieldNames::json_pointers()); });
  EXPECT_EQ(e.field, "/description");
  EXPECT_EQ(store_->report(id)->description, "Klotter");

  const std::string csv =
      "occurred_at,category,organisation,lat,lon,description\n"
      "2026-11-10 21:00,klotter,Polisen,60.48,15.42,Klotter\n"
      "2026-11-10 22:00,klotter,Polisen,60.48,15.42,Ring 070-123 45 67\n";
  e = rejection([&] { services_->reports.import_csv(as(Role::coordinator), "2081", csv); });
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.field, "description");
  EXPECT_EQ(services_->reports.list(as(Role::analyst), {}).reports.size(), 1u);

  EXPECT_NO_THROW(submit(reporter, "Klotter igen"));
}

TEST_F(PersonalDataServiceTest, OnlyAnAdminSetsThePolicyAndTheChangeIsLogged) {
  for (Role role : {Role::reporter, Role::analyst, Role::coordinator}) {
    try {
      services_->reference.set_personal_data_policy(as(role), "2081", PersonalDataPolicy::block);
      ADD_FAILURE() << "allowed";
    } catch (const ServiceError& e) {
      EXPECT_EQ(e.kind(), Kind::forbidden);
    }
  }
  EXPECT_EQ(store_->personal_data_policy("2081"), PersonalDataPolicy::warn);
  const auto admin = as(Role::admin);
  services_->reference.set_personal_data_policy(admin, "2081", PersonalDataPolicy::block);
  EXPECT_EQ(services_->reference.personal_data_policy(as(Role::viewer), "2081"),
            PersonalDataPolicy::block);
  EXPECT_EQ(store_->audit_entries(1).at(0).action, "settings.personal_data.block");
}

TEST_F(PersonalDataServiceTest, TheSituationPicturesSeriousReportsAreMaskedForEveryReader) {
  submit(as(Role::reporter), "Hot mot 811228-9874, ring 070-123 45 67", 3);
  for (const Principal& who : {as(Role::reporter), as(Role::analyst), Principal::operator_cli()}) {
    SituationRequest r;
    r.municipality = "2081";
    r.period = "2026-W46";
    const auto pic = services_->situation.compile(who, r);
    ASSERT_EQ(pic.serious.size(), 1u) << who.username;
    EXPECT_EQ(pic.serious[0].description, "Hot mot [personnummer], ring [telefonnummer]");
  }
}

}  // namespace
}  // namespace lagesbild

// What the police tests share: the real municipality list and polygons (LB_SHARED_DATA), the
// shipped type table, a fresh store on an engine with its services, and reading files.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "../store/test_engine.h"
#include "ingest/police_events.h"
#include "service/services.h"

namespace lagesbild::police_testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

inline std::string types_path() {
  return (std::filesystem::path(__FILE__).parent_path() / "../../data/polisen_types.csv").string();
}
inline const char* admin_areas_path() { return LB_SHARED_DATA "/swedish_admin_areas.csv"; }
inline const char* archive_path() { return LB_SHARED_DATA "/polisen-events-2022-2026.json.gz"; }

inline const ingest::SwedishPlaces& places() {
  static const ingest::SwedishPlaces p = [] {
    auto loaded = ingest::SwedishPlaces::load(
        read_file(admin_areas_path()), read_file(LB_SHARED_DATA "/swedish_municipalities.geojson"));
    if (!loaded) throw std::runtime_error(to_string(loaded.errors()));
    return *std::move(loaded);
  }();
  return p;
}

inline const ingest::PoliceTypeTable& types() {
  static const ingest::PoliceTypeTable t = [] {
    auto parsed = ingest::PoliceTypeTable::parse(read_file(types_path()));
    if (!parsed) throw std::runtime_error(to_string(parsed.errors()));
    return *std::move(parsed);
  }();
  return t;
}

// A fresh database of the test's engine ("sqlite" or "postgresql") with its services.
class EngineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test_support::TestDatabase>(GetParam());
    if (!db_->available()) {
      if (test_support::postgres_required()) FAIL() << "LB_TEST_PG_URL is not set";
      GTEST_SKIP() << "LB_TEST_PG_URL is not set (scripts/pg.sh starts a cluster)";
    }
    store_ = open_store(db_->url());
    services_ = std::make_unique<Services>(*store_);
  }
  void TearDown() override {
    services_.reset();
    store_.reset();
    db_.reset();
  }
  void add_municipality(const std::string& code, const std::string& name) {
    services_->reference.create_municipality(Principal::operator_cli(), {code, name, 7, ""});
  }
  PoliceImportResult import(const std::string& json, PoliceImportOptions options = {}) {
    return services_->police.import(Principal::operator_cli(), json, places(), types(), options);
  }

  std::unique_ptr<test_support::TestDatabase> db_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
};

}  // namespace lagesbild::police_testing

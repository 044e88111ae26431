// `national init` in the service: a polygon file with any bad feature names each one and stores
// nothing (no tenant, no municipality, no area); a good file creates the tenant, the missing
// municipalities and one area each, and running it again changes nothing; only the operator
// may run it.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "service/national.h"
#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild {
namespace {

namespace fs = std::filesystem;
using Kind = ServiceError::Kind;

std::string feature(const std::string& id, const std::string& name, double x0,
                    const std::string& geometry = "") {
  const std::string g = !geometry.empty()
                            ? geometry
                            : R"({"type":"Polygon","coordinates":[[[)" + std::to_string(x0) +
                                  R"(,60.4],[)" + std::to_string(x0 + 0.1) + R"(,60.4],[)" +
                                  std::to_string(x0 + 0.1) + R"(,60.5],[)" + std::to_string(x0) +
                                  R"(,60.5],[)" + std::to_string(x0) + R"(,60.4]]]})";
  return R"({"type":"Feature","properties":{"id":")" + id + R"(","kom_namn":")" + name +
         R"("},"geometry":)" + g + "}";
}

std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}

class NationalInitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("lb-national-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    fs::remove(path_);
    store_ = open_store(path_.string());
    services_ = std::make_unique<Services>(*store_);
  }
  void TearDown() override {
    services_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }
  NationalInit init(const std::string& geojson, const Principal& who = Principal::operator_cli()) {
    return init_national(*store_, services_->reference, who, geojson);
  }
  Errors errors_of(const std::string& geojson) {
    try {
      init(geojson);
    } catch (const ServiceError& e) {
      EXPECT_EQ(e.kind(), Kind::invalid);
      return e.errors();
    }
    ADD_FAILURE() << "accepted: " << geojson;
    return {};
  }
  void expect_nothing_stored() {
    EXPECT_TRUE(store_->municipalities().empty());
    EXPECT_TRUE(store_->areas(std::string(kNationalCode)).empty());
  }

  fs::path path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Services> services_;
};

TEST_F(NationalInitTest, AFileThatIsNotAFeatureCollectionIsRefused) {
  for (const std::string bad : {"", "{", "[]", R"({"type":"Feature"})", R"({"features":5})"}) {
    const Errors e = errors_of(bad);
    ASSERT_EQ(e.size(), 1u) << bad;
    EXPECT_EQ(e[0].field, "polygons") << bad;
  }
  expect_nothing_stored();
}

TEST_F(NationalInitTest, EveryBadFeatureIsNamedAndNothingIsStored) {
  const std::string file = collection({
      feature("2081", "Borlänge", 15.0),                                                  // 1: good
      feature("208", "Kort kod", 15.2),                                                   // 2
      feature("0000", "Riket", 15.4),                                                     // 3
      feature("2080", "", 15.6),                                                          // 4
      feature("2081", "Borlänge igen", 15.8),                                             // 5
      R"({"type":"Feature","properties":{"id":"2082","kom_namn":"Utan"}})",               // 6
      feature("2083", "Trasig", 16.0, R"({"type":"Polygon","coordinates":[]})"),          // 7
      R"({"type":"Feature","properties":{"id":2084,"kom_namn":"Tal"},"geometry":null})",  // 8
  });
  const Errors e = errors_of(file);
  std::set<std::string> named;
  for (const FieldError& f : e) named.insert(f.field);
  for (int i : {2, 3, 4, 5, 6, 7, 8}) {
    EXPECT_TRUE(named.count("feature " + std::to_string(i))) << "feature " << i << " not named";
  }
  EXPECT_FALSE(named.count("feature 1")) << "the good feature is not an error";
  expect_nothing_stored();
}

TEST_F(NationalInitTest, AGoodFileCreatesTheTenantOnceAndOnlyTheOperatorRunsIt) {
  const std::string file =
      collection({feature("2081", "Borlänge", 15.0), feature("2080", "Falun", 15.1),
                  feature("2085", "Ludvika", 15.2)});
  Principal analyst;
  analyst.user_id = 7;
  try {
    init(file, analyst);
    ADD_FAILURE() << "a user set up the national tenant";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.kind(), Kind::forbidden);
  }
  expect_nothing_stored();

  const NationalInit first = init(file);
  EXPECT_EQ(first.municipalities_created, 3u);
  EXPECT_EQ(first.areas_created, 3u);
  EXPECT_EQ(store_->municipalities().size(), 4u) << "three and Riket";
  ASSERT_EQ(store_->areas(std::string(kNationalCode)).size(), 3u);
  const NationalInit again = init(file);
  EXPECT_EQ(again.municipalities_created, 0u);
  EXPECT_EQ(again.areas_created, 0u);
  EXPECT_EQ(again.areas_kept, 3u);
  EXPECT_EQ(store_->areas(std::string(kNationalCode)).size(), 3u);
}

}  // namespace
}  // namespace lagesbild

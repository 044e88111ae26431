#include "domain/model.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/expected.h"
#include "domain/taxonomy.h"

namespace lagesbild {
namespace {

TEST(Model, MunicipalityCodesAreFourDigits) {
  EXPECT_TRUE(is_municipality_code("2081"));
  EXPECT_TRUE(is_municipality_code("0114"));
  EXPECT_FALSE(is_municipality_code("208"));
  EXPECT_FALSE(is_municipality_code("20811"));
  EXPECT_FALSE(is_municipality_code("20a1"));
}

TEST(Model, EnumsRoundTripThroughText) {
  for (auto r : {Role::reporter, Role::analyst, Role::coordinator, Role::admin, Role::viewer}) {
    EXPECT_EQ(role_from_string(to_string(r)), r);
  }
  for (auto s : {Source::form, Source::csv, Source::api, Source::polisen}) {
    EXPECT_EQ(source_from_string(to_string(s)), s);
  }
  EXPECT_FALSE(role_from_string("root"));
  EXPECT_FALSE(source_from_string(""));
}

TEST(Taxonomy, DefaultTreeIsConsistent) {
  std::set<std::string_view> seen;
  for (const auto& c : default_categories()) {
    const auto dot = c.code.rfind('.');
    if (dot != std::string_view::npos) {
      EXPECT_TRUE(seen.count(c.code.substr(0, dot))) << "parent before child: " << c.code;
    }
    EXPECT_TRUE(seen.insert(c.code).second) << "duplicate code " << c.code;
  }
  EXPECT_TRUE(seen.count("skadegorelse.klotter"));
  EXPECT_TRUE(seen.count("andts.narkotika.sprutor"));
}

TEST(FieldError, SaysWhereAndWhy) {
  EXPECT_EQ((FieldError{"lat", 12, "outside Sweden"}).to_string(),
            "line 12, column 'lat': outside Sweden");
  EXPECT_EQ((FieldError{"/lat", 0, "outside Sweden"}).to_string(), "/lat: outside Sweden");
  Expected<int> bad = FieldError{"x", 0, "no"};
  EXPECT_FALSE(bad.ok());
  Expected<int> good = 3;
  EXPECT_EQ(*good, 3);
}

}  // namespace
}  // namespace lagesbild

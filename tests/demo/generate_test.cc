#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "geo/geometry.h"
#include "geo/projection.h"
#include "worlds.h"

namespace lagesbild::demo {
namespace {

using testing::week_index;
using testing::world;

auto key(const DemoReport& r) {
  return std::tie(r.organisation, r.category, r.reporter, r.place, r.area, r.location,
                  r.occurred_from, r.occurred_to, r.count, r.severity, r.description, r.source,
                  r.external_id, r.created_at, r.status, r.reviewed_at);
}

TEST(DemoGenerate, SameSeedSameReports) {
  DemoOptions options;
  options.seed = 7;
  const DemoWorld a = generate_demo(options);
  const DemoWorld b = generate_demo(options);
  ASSERT_EQ(a.reports.size(), b.reports.size());
  for (std::size_t i = 0; i < a.reports.size(); ++i) {
    ASSERT_TRUE(key(a.reports[i]) == key(b.reports[i])) << "report " << i;
  }
  EXPECT_EQ(ground_truth_json(a), ground_truth_json(b));
}

TEST(DemoGenerate, DifferentSeedDifferentReports) {
  const DemoWorld& a = world(1);
  const DemoWorld& b = world(2);
  std::size_t same = 0;
  for (std::size_t i = 0; i < std::min(a.reports.size(), b.reports.size()); ++i) {
    same += key(a.reports[i]) == key(b.reports[i]) ? 1 : 0;
  }
  EXPECT_LT(same, a.reports.size() / 100);
}

TEST(DemoGenerate, IsFast) {
  DemoOptions options;
  options.seed = 99;
  const auto start = std::chrono::steady_clock::now();
  const DemoWorld w = generate_demo(options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("generate_seconds", std::to_string(seconds));
  std::printf("generate_demo: %zu reports in %.3f s\n", w.reports.size(), seconds);
  EXPECT_LT(seconds, 2.0);
}

TEST(DemoGenerate, RejectsOptionsOutOfRange) {
  DemoOptions options;
  options.weeks = 3;
  EXPECT_THROW(generate_demo(options), std::invalid_argument);
}

TEST(DemoGenerate, ShortPeriodsStillWork) {
  DemoOptions options;
  options.weeks = 20;
  options.today = std::chrono::sys_days{std::chrono::year{2025} / 3 / 5};
  const DemoWorld w = generate_demo(options);
  EXPECT_EQ(w.last_week, "2025-W09");
  EXPECT_GT(w.reports.size(), 1000u);
  EXPECT_FALSE(w.truth.anomalies.empty());  // the one in the last week
}

TEST(DemoGenerate, EveryReportKeepsTheModelInvariants) {
  const DemoWorld& w = world(1);
  const geo::Boundary boundary(w.municipality.boundary_geojson);
  const geo::Projector projector;
  std::set<std::string> leaves, external_ids;
  for (const CategorySeed& c : w.categories) leaves.insert(std::string(c.code));
  for (const CategorySeed& c : w.categories) {
    const std::string code(c.code);
    const std::size_t dot = code.rfind('.');
    if (dot != std::string::npos) leaves.erase(code.substr(0, dot));
  }
  std::map<std::string, const DemoPlace*> places;
  for (const DemoPlace& p : w.places) places[p.name] = &p;
  std::map<std::string, std::string> user_org;
  for (const DemoUser& u : w.users) user_org[u.username] = u.organisation;
  const UtcSeconds cutoff = stockholm_to_utc(w.options.today, std::chrono::hours{7});

  for (const DemoReport& r : w.reports) {
    SCOPED_TRACE(r.external_id);
    ASSERT_TRUE(r.location || r.place || r.area);
    if (r.occurred_to) {
      EXPECT_GE(*r.occurred_to, r.occurred_from);
      EXPECT_LE(*r.occurred_to - r.occurred_from, kMaxReportInterval);
    }
    EXPECT_GE(r.count, 1);
    EXPECT_GE(r.severity, 1);
    EXPECT_LE(r.severity, 3);
    EXPECT_TRUE(leaves.count(r.category)) << r.category;
    EXPECT_EQ(user_org.at(r.reporter), r.organisation);
    EXPECT_TRUE(external_ids.insert(r.external_id).second);
    if (r.place) {
      ASSERT_TRUE(places.count(*r.place));
      EXPECT_EQ(r.location, places[*r.place]->location);
      EXPECT_EQ(r.area, places[*r.place]->area);
    }
    if (r.location) {
      EXPECT_TRUE(geo::in_sweden(r.location->lat, r.location->lon));
      EXPECT_TRUE(boundary.contains(r.location->x, r.location->y));
      const geo::Xy xy = projector.to_sweref(r.location->lat, r.location->lon);
      EXPECT_NEAR(xy.x, r.location->x, 0.01);
      EXPECT_NEAR(xy.y, r.location->y, 0.01);
    }
    // Created after it ended, never after demo today; reviewed after it was created.
    const UtcSeconds end = r.occurred_to.value_or(r.occurred_from);
    EXPECT_GE(r.created_at, end);
    EXPECT_LE(r.created_at, cutoff);
    EXPECT_EQ(r.status == ReportStatus::reviewed, r.reviewed_at.has_value());
    if (r.reviewed_at) {
      EXPECT_GE(*r.reviewed_at, r.created_at);
    }
    // Templates carry no digits, so no identity numbers, plates or addresses.
    EXPECT_FALSE(r.description.empty());
    EXPECT_TRUE(std::none_of(r.description.begin(), r.description.end(), [](unsigned char c) {
      return std::isdigit(c);
    })) << r.description;
  }
  EXPECT_TRUE(std::is_sorted(
      w.reports.begin(), w.reports.end(),
      [](const DemoReport& a, const DemoReport& b) { return a.occurred_from < b.occurred_from; }));
}

TEST(DemoGenerate, PointsLieInTheAreaTheAreaIndexFinds) {
  const DemoWorld& w = world(1);
  std::vector<Area> areas;
  for (std::size_t i = 0; i < w.areas.size(); ++i) {
    areas.push_back({static_cast<Id>(i + 1), w.municipality.code, w.areas[i].name, w.areas[i].kind,
                     w.areas[i].geometry_geojson});
  }
  const geo::AreaIndex index(areas);
  std::size_t countryside = 0, area_only = 0;
  for (const DemoReport& r : w.reports) {
    if (!r.location) {
      ++area_only;
      EXPECT_TRUE(r.area);
      continue;
    }
    const std::optional<Id> id = index.locate(r.location->x, r.location->y);
    const std::optional<std::string> found =
        id ? std::optional<std::string>(w.areas[*id - 1].name) : std::nullopt;
    ASSERT_EQ(found, r.area) << r.external_id;
    countryside += id ? 0 : 1;
  }
  EXPECT_GT(countryside, 0u);
  EXPECT_LT(countryside, w.reports.size() / 20);
  EXPECT_GT(area_only, 0u);
  EXPECT_LT(area_only, w.reports.size() / 10);
}

TEST(DemoGenerate, ReportsEndInTheWeekBeforeToday) {
  const DemoWorld& w = world(1);
  EXPECT_EQ(w.first_week, "2023-W47");
  EXPECT_EQ(w.last_week, "2026-W46");
  const int last = week_index(w, w.reports.back().occurred_from);
  EXPECT_EQ(last, 155);
  EXPECT_LE(week_index(w, w.reports.front().occurred_from), 0);
}

TEST(DemoGenerate, WeeklyVolumeIsThatOfAMidSizedMunicipality) {
  for (std::uint64_t seed : {1, 2}) {
    const DemoWorld& w = world(seed);
    std::vector<int> per_week(156);
    for (const DemoReport& r : w.reports) {
      const int week = week_index(w, r.occurred_from);
      if (week >= 0) ++per_week.at(week);
    }
    const auto [lo, hi] = std::minmax_element(per_week.begin(), per_week.end());
    const double mean = static_cast<double>(w.reports.size()) / 156;
    const auto typical =
        std::count_if(per_week.begin(), per_week.end(), [](int n) { return n >= 80 && n <= 150; });
    std::printf("seed %llu: %zu reports, %.1f per week, range %d-%d, %ld of 156 weeks in 80-150\n",
                static_cast<unsigned long long>(seed), w.reports.size(), mean, *lo, *hi,
                static_cast<long>(typical));
    EXPECT_GE(w.reports.size(), 15000u);
    EXPECT_LE(w.reports.size(), 25000u);
    EXPECT_GE(*lo, 60);
    EXPECT_LE(*hi, 200);
    EXPECT_GE(typical, 140);
  }
}

TEST(DemoGenerate, DisorderPeaksOnFridayAndSaturdayNights) {
  const DemoWorld& w = world(1);
  int weekend = 0, weekday = 0;  // per night: evening 20-24 and the small hours 0-4 after it
  for (const DemoReport& r : w.reports) {
    if (!r.category.starts_with("ordningsstorning")) continue;
    const LocalTime t = utc_to_stockholm(r.occurred_from);
    const int dow = iso_weekday(t.date);
    const bool evening = t.hour >= 20, small_hours = t.hour < 4;
    if ((evening && (dow == 5 || dow == 6)) || (small_hours && (dow == 6 || dow == 7))) ++weekend;
    if ((evening && dow <= 4) || (small_hours && dow >= 2 && dow <= 5)) ++weekday;
  }
  const double per_weekend_night = weekend / 2.0, per_weekday_night = weekday / 4.0;
  std::printf("ordningsstörning per night: Fri/Sat %.0f, Mon-Thu %.0f\n", per_weekend_night,
              per_weekday_night);
  EXPECT_GT(per_weekend_night, 2 * per_weekday_night);
}

TEST(DemoGenerate, SchoolsReportInSchoolHoursAndTerms) {
  const DemoWorld& w = world(1);
  int total = 0;
  for (const DemoReport& r : w.reports) {
    if (r.organisation != "Grundskolan" && r.organisation != "Gymnasieskolan") continue;
    ++total;
    const LocalTime t = utc_to_stockholm(r.occurred_to.value_or(r.occurred_from));
    EXPECT_LE(iso_weekday(t.date), 5) << r.external_id;
    EXPECT_FALSE(school_holiday(t.date)) << r.external_id;
    EXPECT_GE(t.hour, 7);
    EXPECT_LE(t.hour, 16);
  }
  EXPECT_GT(total, 1000);
}

TEST(DemoGenerate, SeasonsShowInTheCounts) {
  const DemoWorld& w = world(1);
  auto count = [&](std::string_view category, auto in_season) {
    return std::count_if(w.reports.begin(), w.reports.end(), [&](const DemoReport& r) {
      if (r.category != category) return false;
      const std::chrono::year_month_day ymd{utc_to_stockholm(r.occurred_from).date};
      return in_season(static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    });
  };
  auto months = [](unsigned a, unsigned b) {
    return [=](unsigned m, unsigned) { return m == a || m == b; };
  };
  const auto all = [](unsigned, unsigned) { return true; };
  EXPECT_GT(count("fysisk_miljo.trasig_belysning", months(12, 1)),
            4 * count("fysisk_miljo.trasig_belysning", months(6, 7)));
  EXPECT_GT(count("trafik.mopedbuskorning", months(6, 7)),
            4 * count("trafik.mopedbuskorning", months(12, 1)));
  EXPECT_GT(count("ordningsstorning.stok", months(7, 8)),
            count("ordningsstorning.stok", months(1, 2)));
  const auto new_year = count("ordningsstorning.fyrverkerier", [](unsigned m, unsigned d) {
    return (m == 12 && d >= 26) || (m == 1 && d <= 6);
  });
  EXPECT_GT(2 * new_year, count("ordningsstorning.fyrverkerier", all));
}

TEST(DemoGenerate, SomeReportsStateIntervals) {
  const DemoWorld& w = world(1);
  std::size_t intervals = 0, friday_night_shifts = 0;
  for (const DemoReport& r : w.reports) {
    if (!r.occurred_to) continue;
    ++intervals;
    const LocalTime from = utc_to_stockholm(r.occurred_from);
    const LocalTime to = utc_to_stockholm(*r.occurred_to);
    if (iso_weekday(from.date) == 5 && from.hour == 22 && to.hour == 2) ++friday_night_shifts;
  }
  EXPECT_GT(intervals, w.reports.size() / 4);
  EXPECT_LT(intervals, w.reports.size() * 3 / 4);
  EXPECT_GT(friday_night_shifts, 50u);
}

TEST(DemoGenerate, EveryOrganisationReportsAndOnlyTheTen) {
  const DemoWorld& w = world(1);
  std::map<std::string, std::size_t> per_org;
  for (const DemoReport& r : w.reports) ++per_org[r.organisation];
  EXPECT_EQ(per_org.size(), 10u);
  for (const auto& [org, n] : per_org) EXPECT_GT(n, 300u) << org;
  EXPECT_EQ(per_org.count("Borlänge kommun"), 0u);
  EXPECT_EQ(w.organisations.size(), 11u);
}

}  // namespace
}  // namespace lagesbild::demo

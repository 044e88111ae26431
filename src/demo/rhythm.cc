#include "demo/rhythm.h"

#include <algorithm>
#include <cmath>

namespace lagesbild::demo {
namespace {

using scenario::Closure;
using scenario::Season;
using scenario::TimeProfile;

constexpr int kProfiles = static_cast<int>(TimeProfile::morning_discovery) + 1;

double weight(TimeProfile p, int dow, int h) {
  const bool weekday = dow <= 5;
  const bool fri_sat_evening = dow == 5 || dow == 6;
  const bool weekend_small_hours = dow == 6 || dow == 7;  // Friday and Saturday nights
  switch (p) {
    case TimeProfile::nightlife: {
      double w = h <= 3 ? 1.0 : h <= 6 ? 0.1 : h <= 15 ? 0.12 : h <= 17 ? 0.3 : h <= 19 ? 0.5 : 0.9;
      if (h >= 20 && fri_sat_evening) w *= 3;
      if (h <= 3 && weekend_small_hours) w *= 3.5;
      return w;
    }
    case TimeProfile::evening: {
      double w = h >= 15 && h <= 19   ? 1.0
                 : h >= 20 && h <= 22 ? 1.3
                 : h == 23            ? 0.8
                 : h <= 1             ? 0.4
                                      : 0.05;
      if (h >= 15 && fri_sat_evening) w *= 1.5;
      if (h <= 1 && weekend_small_hours) w *= 2;
      return w;
    }
    case TimeProfile::school:
      if (!weekday) return 0;
      if (h == 11 || h == 12) return 1.4;
      if (h >= 8 && h <= 15) return 1;
      return h == 7 || h == 16 ? 0.3 : 0;
    case TimeProfile::youth_centre:
      if (dow <= 4) return h >= 15 && h <= 21 ? 1 : 0;
      if (dow == 5) return h >= 15 && h <= 23 ? 1.3 : 0;
      if (dow == 6) return h >= 18 && h <= 23 ? 0.8 : 0;
      return 0;  // closed on Sundays
    case TimeProfile::daytime:
      if (weekday) return h >= 7 && h <= 16 ? 1 : 0.01;
      return h >= 9 && h <= 15 ? 0.15 : 0.01;
    case TimeProfile::all_day: {
      const double w = h <= 5 ? 0.35 : h <= 9 ? 0.8 : h <= 15 ? 1.0 : h <= 21 ? 1.3 : 0.8;
      return weekday ? w : 1.1 * w;
    }
    case TimeProfile::transit: {
      double w = h == 0    ? 0.4
                 : h <= 4  ? 0.05
                 : h == 5  ? 0.2
                 : h <= 8  ? 1.2
                 : h <= 14 ? 0.7
                 : h <= 17 ? 1.2
                 : h <= 20 ? 0.8
                           : 0.9;
      if (h >= 21 && fri_sat_evening) w *= 1.8;
      if (h <= 4 && weekend_small_hours) w *= 3;
      return w;
    }
    case TimeProfile::arena:
      if (weekday) return h >= 17 && h <= 21 ? 1 : 0.02;
      return h >= 12 && h <= 21 ? 1.3 : 0.02;
    case TimeProfile::morning_discovery: {
      double w = h >= 6 && h <= 9 ? 1 : h >= 10 && h <= 15 ? 0.25 : 0.02;
      if (dow == 1 && h <= 11) w *= 2.2;  // the weekend's damage is found on Monday
      return weekday ? w : 0.3 * w;
    }
  }
  return 0;
}

struct Tables {
  std::array<WeekWeights, kProfiles> weights;
  std::array<std::array<double, 7>, kProfiles> shares;
  Tables() {
    for (int p = 0; p < kProfiles; ++p) {
      double total = 0;
      std::array<double, 7> per_day{};
      for (int d = 0; d < 7; ++d) {
        for (int h = 0; h < 24; ++h) {
          weights[p][d][h] = weight(static_cast<TimeProfile>(p), d + 1, h);
          per_day[d] += weights[p][d][h];
        }
        total += per_day[d];
      }
      for (int d = 0; d < 7; ++d) shares[p][d] = per_day[d] / total;
    }
  }
};

const Tables& tables() {
  static const Tables kTables;
  return kTables;
}

// cos over the year, 1 on day-of-year `peak`.
double wave(Day date, double peak) {
  return std::cos(2 * 3.141592653589793 * (day_of_year(date) - peak) / 365.25);
}

}  // namespace

const WeekWeights& week_weights(TimeProfile profile) {
  return tables().weights[static_cast<int>(profile)];
}

const std::array<double, 7>& weekday_shares(TimeProfile profile) {
  return tables().shares[static_cast<int>(profile)];
}

double season_factor(Season season, Day date) {
  const std::chrono::year_month_day ymd{date};
  const unsigned month = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  constexpr double kMidJuly = 196, kMidWinter = 355;
  switch (season) {
    case Season::flat:
      return 1;
    case Season::summer:
      return 1 + 0.35 * wave(date, kMidJuly);
    case Season::strong_summer:
      return std::max(0.05, 1 + 0.9 * wave(date, kMidJuly));
    case Season::growing:
      return month >= 5 && month <= 9 ? 2.2 : 0.12;
    case Season::dark:
      return std::max(0.05, 1 + 0.9 * wave(date, kMidWinter));
    case Season::winter:
      return 1 + 0.2 * wave(date, kMidWinter);
    case Season::fireworks:
      if (month == 12 && day == 31) return 30;
      if (month == 1 && day == 1) return 12;
      if (month == 12 && day >= 26) return 2.5;
      if (month == 1 && day <= 6) return 1;
      if (month == 4 && day == 30) return 3;     // Valborg
      if (month == 10 && day == 31) return 1.5;  // Halloween
      return 0.08;
  }
  return 1;
}

double closure_factor(Closure closure, Day date) {
  switch (closure) {
    case Closure::none:
      return 1;
    case Closure::school:
      return school_holiday(date) ? 0 : 1;
    case Closure::youth_centre: {
      const std::chrono::year_month_day ymd{date};
      const unsigned month = static_cast<unsigned>(ymd.month());
      const unsigned day = static_cast<unsigned>(ymd.day());
      if (month == 7) return 0.4;
      if ((month == 12 && (day == 24 || day == 25 || day == 31)) || (month == 1 && day == 1)) {
        return 0.1;
      }
      return 1;
    }
  }
  return 1;
}

}  // namespace lagesbild::demo

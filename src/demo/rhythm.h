// Internal to demo/: when reports happen. The rhythm of the week (168 hourly weights per time
// profile), of the year (seasonal factors) and of the calendar (school holidays, youth centre
// closures).
#pragma once

#include <array>

#include "demo/calendar.h"
#include "demo/scenario.h"

namespace lagesbild::demo {

// Hourly weights of one profile, [iso_weekday - 1][hour], local time; the hours 0-3 of a day
// belong to the night that began the evening before (Saturday 01:00 is "Friday night").
using WeekWeights = std::array<std::array<double, 24>, 7>;
const WeekWeights& week_weights(scenario::TimeProfile profile);

// The share of a profile's week that falls on each weekday; sums to 1.
const std::array<double, 7>& weekday_shares(scenario::TimeProfile profile);

// The seasonal factor on a date; its yearly mean is about 1 except for fireworks (about 0.25,
// two thirds of it around New Year).
double season_factor(scenario::Season season, Day date);

// 0..1: how much of normal activity a closure leaves on a date.
double closure_factor(scenario::Closure closure, Day date);

}  // namespace lagesbild::demo

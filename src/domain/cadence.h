// Series of meetings by a group's cadence (domain/forum.h), without drift.
//
// Owns: the arithmetic of the n-th meeting day. Pure; thread-safe.
#pragma once

#include "domain/forum.h"

namespace lagesbild {

// The local day `n` cadence steps after `first_day` (days since 1970-01-01). Monthly steps count
// from the first day and keep its day of the month, clamped to each month's last day, so a series
// begun on 31 January falls on 28/29 February and on 31 March again (next_meeting_day applied
// twice would give 28 March).
int meeting_day(Cadence c, int first_day, int n);

}  // namespace lagesbild

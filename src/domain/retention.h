// Retention: how old a report must be before its free text and exact point are purged
// (docs/TRUST.md). Owns the cut-off arithmetic. May use: domain/period.h. Pure; thread-safe.
#pragma once

#include "domain/time.h"

namespace lagesbild {

// The longest retention a municipality may set, in months (100 years).
inline constexpr int kMaxRetentionMonths = 1200;

// The instant before which something is older than `months` whole calendar months at `now`:
// local midnight (Europe/Stockholm) of the day `months` months before now's local day. A day the
// earlier month lacks becomes that month's last day (31 May - 3 months = 28 or 29 February).
// `months` must be in 1..kMaxRetentionMonths.
UtcSeconds retention_cutoff(UtcSeconds now, int months);

}  // namespace lagesbild

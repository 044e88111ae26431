#include "domain/retention.h"

#include <date/date.h>

#include "domain/period.h"

namespace lagesbild {

UtcSeconds retention_cutoff(UtcSeconds now, int months) {
  const int today = period_containing(PeriodKind::range, now).first_day;
  const date::year_month_day ymd{date::sys_days{date::days{today}}};
  const date::year_month earlier = date::year_month{ymd.year(), ymd.month()} - date::months{months};
  const date::day last =
      date::year_month_day_last{earlier.year(), date::month_day_last{earlier.month()}}.day();
  const date::year_month_day cut{earlier.year(), earlier.month(), std::min(ymd.day(), last)};
  const int cut_day = static_cast<int>(date::sys_days{cut}.time_since_epoch().count());
  return Period{PeriodKind::range, cut_day, cut_day + 1}.utc().from;
}

}  // namespace lagesbild

// Query parameters (domain/time.h, domain/period.h): timestamps, ISO weeks and periods are parsed
// or refused with a reason, never a crash or an overflow; a parsed period's label parses back to
// the same period.
#include "domain/period.h"
#include "domain/time.h"
#include "fuzz_common.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  std::string why;
  if (auto t = parse_timestamp(text, &why))
    (void)format_local(*t);
  else if (why.empty())
    fuzz::broken("parse_timestamp refused without a reason");
  why.clear();
  if (auto w = parse_iso_week(text, &why)) {
    if (!(w->from < w->to)) fuzz::broken("an ISO week that is empty");
  } else if (why.empty()) {
    fuzz::broken("parse_iso_week refused without a reason");
  }
  why.clear();
  if (auto p = parse_period(text, &why)) {
    const auto back = parse_period(p->label());
    if (!back || !(*back == *p)) fuzz::broken("a period's label does not parse back to it");
    (void)p->utc();
    (void)previous_period(*p);
    (void)same_period_last_year(*p);
  } else if (why.empty()) {
    fuzz::broken("parse_period refused without a reason");
  }
  return 0;
}

#include "domain/forum.h"

#include <date/date.h>

#include <array>
#include <utility>

#include "domain/cadence.h"

namespace lagesbild {
namespace {

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
  for (const auto& [value, text] : table) {
    if (text == s) return value;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, text] : table) {
    if (value == e) return text;
  }
  return "";
}

constexpr std::array<std::pair<GroupKind, std::string_view>, 7> kGroupKinds{{
    {GroupKind::steering, "steering"},
    {GroupKind::management, "management"},
    {GroupKind::council, "council"},
    {GroupKind::operational, "operational"},
    {GroupKind::thematic, "thematic"},
    {GroupKind::local_network, "local_network"},
    {GroupKind::sspf, "sspf"},
}};
constexpr std::array<std::pair<GroupKind, std::string_view>, 7> kGroupLabels{{
    {GroupKind::steering, "Styrgrupp"},
    {GroupKind::management, "Ledningsgrupp"},
    {GroupKind::council, "Brottsförebyggande råd"},
    {GroupKind::operational, "Operativ grupp (EST)"},
    {GroupKind::thematic, "Tematisk samverkansgrupp"},
    {GroupKind::local_network, "Lokalt nätverk"},
    {GroupKind::sspf, "SSPF"},
}};
constexpr std::array<std::pair<Cadence, std::string_view>, 4> kCadences{{
    {Cadence::weekly, "weekly"},
    {Cadence::every_other_week, "every_other_week"},
    {Cadence::monthly, "monthly"},
    {Cadence::four_times_a_year, "four_times_a_year"},
}};
constexpr std::array<std::pair<Cadence, std::string_view>, 4> kCadenceLabels{{
    {Cadence::weekly, "varje vecka"},
    {Cadence::every_other_week, "varannan vecka"},
    {Cadence::monthly, "varje månad"},
    {Cadence::four_times_a_year, "fyra gånger per år"},
}};
constexpr std::array<std::pair<MeetingStatus, std::string_view>, 3> kMeetingStatuses{{
    {MeetingStatus::planned, "planned"},
    {MeetingStatus::held, "held"},
    {MeetingStatus::cancelled, "cancelled"},
}};
constexpr std::array<std::pair<DecisionKind, std::string_view>, 2> kDecisionKinds{{
    {DecisionKind::task, "task"},
    {DecisionKind::measure, "measure"},
}};

int add_months(int day, int months) {
  using namespace date;
  const year_month_day ymd{sys_days{days{day}}};
  year_month ym = year_month{ymd.year(), ymd.month()} + date::months{months};
  const auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  const date::day d = ymd.day() > last ? last : ymd.day();
  return static_cast<int>(sys_days{ym.year() / ym.month() / d}.time_since_epoch().count());
}

}  // namespace

std::string_view to_string(GroupKind k) { return name_of(kGroupKinds, k); }
std::string_view swedish_label(GroupKind k) { return name_of(kGroupLabels, k); }
std::optional<GroupKind> group_kind_from_string(std::string_view s) {
  return lookup(kGroupKinds, s);
}

std::string_view to_string(Cadence c) { return name_of(kCadences, c); }
std::string_view swedish_label(Cadence c) { return name_of(kCadenceLabels, c); }
std::optional<Cadence> cadence_from_string(std::string_view s) { return lookup(kCadences, s); }

int meeting_day(Cadence c, int first_day, int n) {
  switch (c) {
    case Cadence::weekly:
      return first_day + 7 * n;
    case Cadence::every_other_week:
      return first_day + 14 * n;
    case Cadence::monthly:
      return add_months(first_day, n);
    case Cadence::four_times_a_year:
      return add_months(first_day, 3 * n);
  }
  return first_day + 7 * n;
}

int next_meeting_day(Cadence c, int day) { return meeting_day(c, day, 1); }

int cadence_days(Cadence c) {
  switch (c) {
    case Cadence::weekly:
      return 7;
    case Cadence::every_other_week:
      return 14;
    case Cadence::monthly:
      return 30;
    case Cadence::four_times_a_year:
      return 91;
  }
  return 7;
}

std::string_view to_string(MeetingStatus s) { return name_of(kMeetingStatuses, s); }
std::optional<MeetingStatus> meeting_status_from_string(std::string_view s) {
  return lookup(kMeetingStatuses, s);
}

std::string_view to_string(DecisionKind k) { return name_of(kDecisionKinds, k); }
std::optional<DecisionKind> decision_kind_from_string(std::string_view s) {
  return lookup(kDecisionKinds, s);
}

std::string_view to_string(DecisionStatus s) {
  return s == DecisionStatus::open ? "open" : "closed";
}
std::string_view swedish_name(DecisionStatus s) {
  return s == DecisionStatus::open ? "öppen" : "stängd";
}

}  // namespace lagesbild

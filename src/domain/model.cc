#include "domain/model.h"

#include <array>
#include <cctype>
#include <utility>

namespace lagesbild {
namespace {

template <class E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

template <class E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, name] : table) {
    if (v == e) return name;
  }
  return "?";
}

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles{{
    {Role::reporter, "reporter"},
    {Role::analyst, "analyst"},
    {Role::coordinator, "coordinator"},
    {Role::admin, "admin"},
    {Role::viewer, "viewer"},
}};
constexpr std::array<std::pair<Source, std::string_view>, 4> kSources{{
    {Source::form, "form"},
    {Source::csv, "csv"},
    {Source::api, "api"},
    {Source::polisen, "polisen"},
}};
constexpr std::array<std::pair<LocationPrecision, std::string_view>, 5> kPrecisions{{
    {LocationPrecision::exact, "exact"},
    {LocationPrecision::place, "place"},
    {LocationPrecision::area, "area"},
    {LocationPrecision::municipality, "municipality"},
    {LocationPrecision::county, "county"},
}};
constexpr std::array<std::pair<ReportStatus, std::string_view>, 2> kStatuses{{
    {ReportStatus::submitted, "submitted"},
    {ReportStatus::reviewed, "reviewed"},
}};

constexpr std::array<std::pair<AreaStatus, std::string_view>, 4> kAreaStatuses{{
    {AreaStatus::green, "green"},
    {AreaStatus::yellow, "yellow"},
    {AreaStatus::orange, "orange"},
    {AreaStatus::red, "red"},
}};
constexpr std::array<std::pair<AreaStatus, std::string_view>, 4> kAreaStatusesSwedish{{
    {AreaStatus::green, "grön"},
    {AreaStatus::yellow, "gul"},
    {AreaStatus::orange, "orange"},
    {AreaStatus::red, "röd"},
}};

}  // namespace

bool is_municipality_code(std::string_view code) {
  if (code.size() != 4) return false;
  for (char c : code) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string_view to_string(Role r) { return name_of(kRoles, r); }
std::optional<Role> role_from_string(std::string_view s) { return lookup(kRoles, s); }
std::string_view to_string(Source s) { return name_of(kSources, s); }
std::optional<Source> source_from_string(std::string_view s) { return lookup(kSources, s); }
std::string_view to_string(LocationPrecision p) { return name_of(kPrecisions, p); }
std::optional<LocationPrecision> location_precision_from_string(std::string_view s) {
  return lookup(kPrecisions, s);
}
std::string_view to_string(ReportStatus s) { return name_of(kStatuses, s); }
std::optional<ReportStatus> report_status_from_string(std::string_view s) {
  return lookup(kStatuses, s);
}
std::string_view to_string(AreaStatus s) { return name_of(kAreaStatuses, s); }
std::string_view swedish_name(AreaStatus s) { return name_of(kAreaStatusesSwedish, s); }
std::optional<AreaStatus> area_status_from_string(std::string_view s) {
  return lookup(kAreaStatuses, s);
}

}  // namespace lagesbild

#include "domain/measure.h"

#include <array>
#include <utility>

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

constexpr std::array<std::pair<MeasureKind, std::string_view>, 2> kKinds{{
    {MeasureKind::situational, "situational"},
    {MeasureKind::social, "social"},
}};
constexpr std::array<std::pair<PreventionLevel, std::string_view>, 3> kLevels{{
    {PreventionLevel::universal, "universal"},
    {PreventionLevel::selective, "selective"},
    {PreventionLevel::indicated, "indicated"},
}};
constexpr std::array<std::pair<MeasureType, std::string_view>, 9> kTypes{{
    {MeasureType::lighting, "lighting"},
    {MeasureType::camera_surveillance, "camera_surveillance"},
    {MeasureType::safety_hosts, "safety_hosts"},
    {MeasureType::field_work, "field_work"},
    {MeasureType::parental_support, "parental_support"},
    {MeasureType::sspf_sig, "sspf_sig"},
    {MeasureType::physical_repair, "physical_repair"},
    {MeasureType::cleaning, "cleaning"},
    {MeasureType::other, "other"},
}};
constexpr std::array<std::pair<MeasureType, std::string_view>, 9> kTypeLabels{{
    {MeasureType::lighting, "Belysning"},
    {MeasureType::camera_surveillance, "Kamerabevakning"},
    {MeasureType::safety_hosts, "Trygghetsvärdar"},
    {MeasureType::field_work, "Fältarbete"},
    {MeasureType::parental_support, "Föräldrastöd"},
    {MeasureType::sspf_sig, "SSPF/SIG-insats"},
    {MeasureType::physical_repair, "Fysisk upprustning"},
    {MeasureType::cleaning, "Städning och klottersanering"},
    {MeasureType::other, "Övrigt"},
}};
constexpr std::array<std::pair<MeasureStatus, std::string_view>, 6> kStatuses{{
    {MeasureStatus::proposed, "proposed"},
    {MeasureStatus::decided, "decided"},
    {MeasureStatus::ongoing, "ongoing"},
    {MeasureStatus::completed, "completed"},
    {MeasureStatus::evaluated, "evaluated"},
    {MeasureStatus::cancelled, "cancelled"},
}};
constexpr std::array<std::pair<MeasureStatus, std::string_view>, 6> kStatusNames{{
    {MeasureStatus::proposed, "föreslagen"},
    {MeasureStatus::decided, "beslutad"},
    {MeasureStatus::ongoing, "pågående"},
    {MeasureStatus::completed, "genomförd"},
    {MeasureStatus::evaluated, "utvärderad"},
    {MeasureStatus::cancelled, "avbruten"},
}};
constexpr std::array<std::pair<ObservationType, std::string_view>, 6> kObservationTypes{{
    {ObservationType::lighting, "lighting"},
    {ObservationType::vegetation, "vegetation"},
    {ObservationType::graffiti, "graffiti"},
    {ObservationType::litter, "litter"},
    {ObservationType::damaged_property, "damaged_property"},
    {ObservationType::other, "other"},
}};
constexpr std::array<std::pair<ObservationType, std::string_view>, 6> kObservationLabels{{
    {ObservationType::lighting, "Belysning"},
    {ObservationType::vegetation, "Vegetation"},
    {ObservationType::graffiti, "Klotter"},
    {ObservationType::litter, "Nedskräpning"},
    {ObservationType::damaged_property, "Skadad egendom"},
    {ObservationType::other, "Övrigt"},
}};
constexpr std::array<std::pair<ObservationStatus, std::string_view>, 3> kObservationStatuses{{
    {ObservationStatus::open, "open"},
    {ObservationStatus::in_progress, "in_progress"},
    {ObservationStatus::done, "done"},
}};

constexpr std::array<std::pair<ActivityStatus, std::string_view>, 4> kActivityStatuses{{
    {ActivityStatus::planned, "planned"},
    {ActivityStatus::ongoing, "ongoing"},
    {ActivityStatus::done, "done"},
    {ActivityStatus::cancelled, "cancelled"},
}};
constexpr std::array<std::pair<ActivityStatus, std::string_view>, 4> kActivityNames{{
    {ActivityStatus::planned, "planerad"},
    {ActivityStatus::ongoing, "pågående"},
    {ActivityStatus::done, "genomförd"},
    {ActivityStatus::cancelled, "inställd"},
}};

}  // namespace

std::string_view to_string(MeasureKind k) { return name_of(kKinds, k); }
std::optional<MeasureKind> measure_kind_from_string(std::string_view s) {
  return lookup(kKinds, s);
}
std::string_view to_string(PreventionLevel l) { return name_of(kLevels, l); }
std::optional<PreventionLevel> prevention_level_from_string(std::string_view s) {
  return lookup(kLevels, s);
}
std::string_view to_string(MeasureType t) { return name_of(kTypes, t); }
std::string_view swedish_label(MeasureType t) { return name_of(kTypeLabels, t); }
std::optional<MeasureType> measure_type_from_string(std::string_view s) {
  return lookup(kTypes, s);
}
const std::vector<MeasureType>& all_measure_types() {
  static const std::vector<MeasureType> all = [] {
    std::vector<MeasureType> out;
    for (const auto& [t, text] : kTypes) out.push_back(t);
    return out;
  }();
  return all;
}

std::string_view to_string(MeasureStatus s) { return name_of(kStatuses, s); }
std::string_view swedish_name(MeasureStatus s) { return name_of(kStatusNames, s); }
std::optional<MeasureStatus> measure_status_from_string(std::string_view s) {
  return lookup(kStatuses, s);
}
bool is_final(MeasureStatus s) {
  return s == MeasureStatus::evaluated || s == MeasureStatus::cancelled;
}
bool may_follow(MeasureStatus from, MeasureStatus to) {
  if (is_final(from)) return false;
  if (to == MeasureStatus::cancelled) return true;
  return static_cast<int>(to) == static_cast<int>(from) + 1;
}

std::string_view to_string(ObservationType t) { return name_of(kObservationTypes, t); }
std::string_view swedish_label(ObservationType t) { return name_of(kObservationLabels, t); }
std::optional<ObservationType> observation_type_from_string(std::string_view s) {
  return lookup(kObservationTypes, s);
}
std::string_view to_string(ObservationStatus s) { return name_of(kObservationStatuses, s); }
std::optional<ObservationStatus> observation_status_from_string(std::string_view s) {
  return lookup(kObservationStatuses, s);
}

std::string_view to_string(ActivityStatus s) { return name_of(kActivityStatuses, s); }
std::string_view swedish_name(ActivityStatus s) { return name_of(kActivityNames, s); }
std::optional<ActivityStatus> activity_status_from_string(std::string_view s) {
  return lookup(kActivityStatuses, s);
}

}  // namespace lagesbild

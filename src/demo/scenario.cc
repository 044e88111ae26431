#include "demo/scenario.h"

namespace lagesbild::demo::scenario {

const std::vector<AreaSpec>& areas() {
  // Roughly Borlänge's layout: the river side in the west (Kvarnsveden, Islingby, Domnarvet), the
  // centre, the large rental areas east and south-east of it, villages at the edges. Names are
  // real, sizes and figures are invented.
  static const std::vector<AreaSpec> kAreas = {
      // row 0, south
      {"Gylle", "bostadsområde", 0, 0, 3.0, 0.8, 1.0, 0.1, 0.2},
      {"Bullermyren", "handel och bostäder", 1, 0, 2.5, 0.5, 0.8, 0.3, 3.0},
      {"Hagalund", "bostadsområde", 2, 0, 3.5, 1.6, 1.5, 0.2, 0.3},
      {"Tjärna Ängar", "bostadsområde", 3, 0, 4.0, 2.5, 3.0, 0.3, 0.6},
      {"Torsång", "tätort", 4, 0, 1.0, 0.1, 0.5, 0, 0.1},
      // row 1
      {"Islingby", "bostadsområde", 0, 1, 4.0, 1.8, 1.8, 0.2, 0.3},
      {"Domnarvet", "industri och bostäder", 1, 1, 2.0, 0.5, 0.8, 0.1, 0.2},
      {"Centrum", "centrum", 2, 1, 4.0, 1.0, 1.0, 5.0, 3.0},
      {"Jakobsgårdarna", "bostadsområde", 3, 1, 4.0, 1.8, 1.8, 0.3, 0.3},
      {"Ornäs", "tätort", 4, 1, 1.5, 0.2, 0.5, 0, 0.1},
      // row 2, north
      {"Kvarnsveden", "bostadsområde", 0, 2, 3.0, 0.6, 0.9, 0.1, 0.2},
      {"Barkargärdet", "bostadsområde", 1, 2, 2.0, 0.3, 0.6, 0, 0.1},
      {"Hushagen", "bostadsområde", 2, 2, 3.0, 0.6, 0.8, 0.3, 0.3},
      {"Mellanbyn", "bostadsområde", 3, 2, 3.0, 0.4, 0.7, 0.1, 0.5},
      {"Romme", "tätort", 4, 2, 1.2, 0.1, 0.5, 0, 0.1},
  };
  return kAreas;
}

const std::vector<PlaceSpec>& places() {
  static const std::vector<PlaceSpec> kPlaces = {
      {"Resecentrum", "resecentrum", "Centrum", 0.35, 0.35},
      {"Borlänge torg", "torg", "Centrum", 0.55, 0.55},
      {"Stadsbiblioteket", "bibliotek", "Centrum", 0.68, 0.42},
      {"Hagagymnasiet", "gymnasieskola", "Centrum", 0.42, 0.72},
      {"Stadsparken", "park", "Centrum", 0.72, 0.7},
      {"Ungdomens hus", "fritidsgård", "Centrum", 0.25, 0.6},
      {"Tjärna torg", "torg", "Tjärna Ängar", 0.5, 0.5},
      {"Tjärnaskolan", "grundskola", "Tjärna Ängar", 0.3, 0.68},
      {"Fritidsgården Tjärna Ängar", "fritidsgård", "Tjärna Ängar", 0.62, 0.3},
      {"Hållplats Tjärna Ängar", "hållplats", "Tjärna Ängar", 0.72, 0.62},
      {"Maserhallen", "idrottsarena", "Jakobsgårdarna", 0.3, 0.3},
      {"Jakobsgårdsskolan", "grundskola", "Jakobsgårdarna", 0.62, 0.62},
      {"Fritidsgården Jakobsgårdarna", "fritidsgård", "Jakobsgårdarna", 0.55, 0.35},
      {"Hagalundsskolan", "grundskola", "Hagalund", 0.55, 0.55},
      {"Hagalundsparken", "park", "Hagalund", 0.3, 0.4},
      {"Islingbyskolan", "grundskola", "Islingby", 0.5, 0.5},
      {"Fritidsgården Islingby", "fritidsgård", "Islingby", 0.35, 0.6},
      {"Hållplats Islingby", "hållplats", "Islingby", 0.65, 0.3},
      {"Kvarnsvedens skola", "grundskola", "Kvarnsveden", 0.5, 0.4},
      {"Kvarnsvedens bruk", "industri", "Kvarnsveden", 0.3, 0.72},
      {"Jernvallen", "idrottsplats", "Domnarvet", 0.55, 0.5},
      {"Domnarvsskolan", "grundskola", "Domnarvet", 0.35, 0.35},
      {"Mellanbyns centrum", "torg", "Mellanbyn", 0.5, 0.5},
      {"Mellanbyskolan", "grundskola", "Mellanbyn", 0.3, 0.3},
      {"Gylleskolan", "grundskola", "Gylle", 0.5, 0.5},
      {"Kupolen", "köpcentrum", "Bullermyren", 0.5, 0.5},
      {"Soltorgsgymnasiet", "gymnasieskola", "Bullermyren", 0.3, 0.72},
      {"Hushagsskolan", "grundskola", "Hushagen", 0.5, 0.5},
      {"Romme skola", "grundskola", "Romme", 0.5, 0.5},
      {"Ornäs station", "hållplats", "Ornäs", 0.5, 0.5},
      {"Torsångs skola", "grundskola", "Torsång", 0.5, 0.5},
      {"Barkargärdets fritidsgård", "fritidsgård", "Barkargärdet", 0.5, 0.5},
  };
  return kPlaces;
}

const std::vector<OrganisationSpec>& organisations() {
  static const std::vector<OrganisationSpec> kOrganisations = {
      {"Polisen", "police", "polisen", Source::csv},
      {"Tunabyggen", "housing", "tunabyggen", Source::csv},
      {"Fältgruppen", "social", "faltgruppen", Source::form},
      {"Grundskolan", "school", "grundskolan", Source::form},
      {"Gymnasieskolan", "school", "gymnasieskolan", Source::form},
      {"Socialtjänsten", "social", "socialtjansten", Source::form},
      {"Fritidsgårdarna", "leisure", "fritidsgardarna", Source::form},
      {"Maserhallen", "leisure", "maserhallen", Source::form},
      {"Räddningstjänsten Dala Mitt", "rescue", "raddningstjansten", Source::csv},
      {"Keolis", "transport", "keolis", Source::csv},
  };
  return kOrganisations;
}

namespace {

constexpr std::array<double, 3> kMinor = {0.8, 0.18, 0.02};
constexpr std::array<double, 3> kMiddling = {0.5, 0.4, 0.1};
constexpr std::array<double, 3> kSerious = {0.2, 0.5, 0.3};

// Area weightings that recur.
constexpr Affinity kPeople{};
constexpr Affinity kStrain{.vulnerability = 1};
constexpr Affinity kStrongStrain{.vulnerability = 1.5};
constexpr Affinity kNightStrain{.vulnerability = 1, .nightlife = 1};
constexpr Affinity kNight{.nightlife = 1.5};
constexpr Affinity kHousing{.vulnerability = 0.5, .rental = 1};
constexpr Affinity kHousingStrain{.vulnerability = 0.8, .rental = 1};

}  // namespace

const std::vector<StreamSpec>& streams() {
  using enum TimeProfile;
  using enum Season;
  using enum Span;
  using enum Where;
  // One entry per stream reads better as a table than one field per line.
  // clang-format off
  static const std::vector<StreamSpec> kStreams = {
      // Polisen: public order and violence at night, theft, drugs, traffic.
      {.organisation = "Polisen", .category = "ordningsstorning.stok", .weekly_rate = 4.5,
       .affinity = kNightStrain, .profile = nightlife, .season = summer},
      {.organisation = "Polisen", .category = "ordningsstorning.hogljudda_samlingar",
       .weekly_rate = 1.8, .affinity = {.vulnerability = 0.5, .nightlife = 0.6},
       .profile = nightlife, .season = summer, .extra_count = 0.3},
      {.organisation = "Polisen", .category = "hot_vald.misshandel", .weekly_rate = 2.8,
       .affinity = {.vulnerability = 1, .nightlife = 1.5}, .profile = nightlife,
       .severity = kSerious},
      {.organisation = "Polisen", .category = "hot_vald.hot", .weekly_rate = 1.8,
       .affinity = {.vulnerability = 1, .nightlife = 0.5}, .profile = all_day,
       .severity = kMiddling},
      {.organisation = "Polisen", .category = "hot_vald.ran", .weekly_rate = 0.7,
       .affinity = {.vulnerability = 1.2, .nightlife = 1, .commerce = 0.5}, .profile = evening,
       .severity = {0.1, 0.5, 0.4}},
      {.organisation = "Polisen", .category = "stold_inbrott", .weekly_rate = 5.5,
       .affinity = {.vulnerability = 0.3, .commerce = 1}, .rural_share = 0.1, .profile = all_day,
       .season = winter, .extra_count = 0.2, .severity = kMiddling},
      {.organisation = "Polisen", .category = "andts.narkotika.forsaljning_bruk",
       .weekly_rate = 2.8, .affinity = {.vulnerability = 1.5, .nightlife = 0.5}, .profile = evening,
       .severity = kMiddling},
      {.organisation = "Polisen", .category = "trafik.vardslos_korning", .weekly_rate = 1.8,
       .affinity = kPeople, .rural_share = 0.3, .profile = all_day, .severity = kMiddling},
      {.organisation = "Polisen", .category = "trafik.mopedbuskorning", .weekly_rate = 1.4,
       .affinity = {.vulnerability = 0.5}, .rural_share = 0.15, .profile = evening,
       .season = strong_summer, .extra_count = 0.5},
      {.organisation = "Polisen", .category = "andts.alkohol", .weekly_rate = 1.0,
       .affinity = kNight, .profile = nightlife, .season = summer},
      {.organisation = "Polisen", .category = "ordningsstorning.fyrverkerier", .weekly_rate = 1.4,
       .affinity = {.vulnerability = 0.8, .nightlife = 0.3}, .profile = nightlife,
       .season = fireworks, .extra_count = 0.5},

      // Tunabyggen: what caretakers find in and around the rental blocks.
      {.organisation = "Tunabyggen", .category = "skadegorelse.klotter", .weekly_rate = 3.5,
       .affinity = kHousing, .profile = morning_discovery, .season = summer, .interval = discovered,
       .extra_count = 0.6, .severity = kMinor},
      {.organisation = "Tunabyggen", .category = "skadegorelse.krossad_ruta", .weekly_rate = 1.8,
       .affinity = kHousingStrain, .profile = morning_discovery, .interval = discovered,
       .extra_count = 0.4, .severity = kMiddling},
      {.organisation = "Tunabyggen", .category = "skadegorelse.ovrig", .weekly_rate = 2.4,
       .affinity = kHousingStrain, .profile = morning_discovery, .interval = discovered,
       .severity = kMinor},
      {.organisation = "Tunabyggen", .category = "nedskrapning", .weekly_rate = 2.8,
       .affinity = kHousing, .profile = daytime, .season = summer, .interval = discovered,
       .severity = {0.9, 0.1, 0}},
      {.organisation = "Tunabyggen", .category = "fysisk_miljo.trasig_belysning",
       .weekly_rate = 2.2, .affinity = kHousing, .profile = daytime, .season = dark,
       .extra_count = 0.5, .severity = {0.6, 0.4, 0}},
      {.organisation = "Tunabyggen", .category = "fysisk_miljo.igenvuxet", .weekly_rate = 1.0,
       .affinity = kHousing, .profile = daytime, .season = growing, .severity = {0.8, 0.2, 0}},
      {.organisation = "Tunabyggen", .category = "brand.container", .weekly_rate = 0.7,
       .affinity = kHousingStrain, .profile = morning_discovery, .interval = discovered,
       .severity = kMiddling},
      {.organisation = "Tunabyggen", .category = "otrygghetsskapande", .weekly_rate = 1.4,
       .affinity = kHousingStrain, .profile = evening, .severity = kMiddling},
      {.organisation = "Tunabyggen", .category = "stold_inbrott", .weekly_rate = 1.4,
       .affinity = kHousing, .profile = morning_discovery, .season = winter, .interval = discovered,
       .extra_count = 0.8, .severity = kMiddling},
      {.organisation = "Tunabyggen", .category = "andts.narkotika.sprutor", .weekly_rate = 0.4,
       .affinity = kHousingStrain, .profile = daytime, .severity = kMiddling},

      // Fältgruppen: evening and night shifts where young people gather.
      {.organisation = "Fältgruppen", .category = "ungdomsgrupperingar", .weekly_rate = 3.5,
       .affinity = {.vulnerability = 1.5, .nightlife = 0.5}, .profile = evening, .season = summer,
       .interval = shift, .extra_count = 1.0, .severity = kMiddling},
      {.organisation = "Fältgruppen", .category = "otrygghetsskapande", .weekly_rate = 1.8,
       .affinity = kNightStrain, .profile = evening, .season = summer, .interval = shift},
      {.organisation = "Fältgruppen", .category = "andts.alkohol", .weekly_rate = 1.8,
       .affinity = {.vulnerability = 0.5, .nightlife = 1}, .profile = nightlife, .season = summer,
       .interval = shift, .extra_count = 0.5},
      {.organisation = "Fältgruppen", .category = "andts.narkotika.forsaljning_bruk",
       .weekly_rate = 1.2, .affinity = kStrongStrain, .profile = evening, .interval = shift,
       .severity = kMiddling},
      {.organisation = "Fältgruppen", .category = "ordningsstorning.hogljudda_samlingar",
       .weekly_rate = 1.8, .affinity = {.vulnerability = 0.5, .nightlife = 1}, .profile = nightlife,
       .season = summer, .interval = shift, .extra_count = 0.4},
      {.organisation = "Fältgruppen", .category = "social_oro", .weekly_rate = 0.6,
       .affinity = {.vulnerability = 2}, .profile = evening, .interval = shift,
       .severity = kMiddling},
      {.organisation = "Fältgruppen", .category = "trafik.mopedbuskorning", .weekly_rate = 1.0,
       .affinity = {.vulnerability = 0.5}, .profile = evening, .season = strong_summer,
       .interval = shift, .extra_count = 0.5},
      {.organisation = "Fältgruppen", .category = "ordningsstorning.fyrverkerier",
       .weekly_rate = 0.7, .affinity = kStrain, .profile = nightlife, .season = fireworks,
       .interval = shift, .extra_count = 1.0},

      // Grundskolan: at the schools, in school hours, in term time.
      {.organisation = "Grundskolan", .category = "skadegorelse.ovrig", .weekly_rate = 1.8,
       .where = places, .affinity = kStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .interval = discovered, .severity = kMinor},
      {.organisation = "Grundskolan", .category = "skadegorelse.klotter", .weekly_rate = 1.4,
       .where = places, .affinity = kStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .interval = discovered, .severity = kMinor},
      {.organisation = "Grundskolan", .category = "hot_vald.hot", .weekly_rate = 1.5,
       .where = places, .affinity = kStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},
      {.organisation = "Grundskolan", .category = "hot_vald.misshandel", .weekly_rate = 1.0,
       .where = places, .affinity = kStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},
      {.organisation = "Grundskolan", .category = "andts.tobak", .weekly_rate = 1.2,
       .where = places, .affinity = kStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .extra_count = 0.5, .severity = kMinor},
      {.organisation = "Grundskolan", .category = "otrygghetsskapande", .weekly_rate = 1.4,
       .where = places, .affinity = kStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},
      {.organisation = "Grundskolan", .category = "social_oro", .weekly_rate = 1.2, .where = places,
       .affinity = kStrongStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},
      {.organisation = "Grundskolan", .category = "brand.anlagd", .weekly_rate = 0.3,
       .where = places, .affinity = kStrain, .place_kinds = "grundskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},

      // Gymnasieskolan: the two upper secondary schools.
      {.organisation = "Gymnasieskolan", .category = "andts.narkotika.forsaljning_bruk",
       .weekly_rate = 1.4, .where = places, .place_kinds = "gymnasieskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},
      {.organisation = "Gymnasieskolan", .category = "andts.tobak", .weekly_rate = 1.0,
       .where = places, .place_kinds = "gymnasieskola", .profile = school,
       .closure = Closure::school, .extra_count = 0.5, .severity = kMinor},
      {.organisation = "Gymnasieskolan", .category = "hot_vald.hot", .weekly_rate = 0.7,
       .where = places, .place_kinds = "gymnasieskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},
      {.organisation = "Gymnasieskolan", .category = "skadegorelse.ovrig", .weekly_rate = 0.9,
       .where = places, .place_kinds = "gymnasieskola", .profile = school,
       .closure = Closure::school, .interval = discovered, .severity = kMinor},
      {.organisation = "Gymnasieskolan", .category = "social_oro", .weekly_rate = 0.9,
       .where = places, .place_kinds = "gymnasieskola", .profile = school,
       .closure = Closure::school, .severity = kMiddling},
      {.organisation = "Gymnasieskolan", .category = "andts.alkohol", .weekly_rate = 0.3,
       .where = places, .place_kinds = "gymnasieskola", .profile = school,
       .closure = Closure::school, .severity = kMinor},

      // Socialtjänsten: per area, never a point (the picture of a week, not of a person).
      {.organisation = "Socialtjänsten", .category = "social_oro", .weekly_rate = 1.3,
       .where = area_only, .affinity = {.vulnerability = 2}, .profile = daytime,
       .interval = week_span, .severity = kMiddling},
      {.organisation = "Socialtjänsten", .category = "ungdomsgrupperingar", .weekly_rate = 1.6,
       .where = area_only, .affinity = {.vulnerability = 2}, .profile = daytime,
       .interval = week_span, .extra_count = 1.0, .severity = kSerious},
      {.organisation = "Socialtjänsten", .category = "andts.narkotika.forsaljning_bruk",
       .weekly_rate = 0.9, .where = area_only, .affinity = kStrongStrain, .profile = daytime,
       .interval = week_span, .severity = kMiddling},
      {.organisation = "Socialtjänsten", .category = "andts.spel", .weekly_rate = 0.4,
       .where = area_only, .affinity = kStrain, .profile = daytime, .interval = week_span,
       .severity = kMinor},
      {.organisation = "Socialtjänsten", .category = "andts.alkohol", .weekly_rate = 0.5,
       .where = area_only, .affinity = kStrain, .profile = daytime, .interval = week_span,
       .severity = kMiddling},

      // Fritidsgårdarna: at the youth centres, in opening hours.
      {.organisation = "Fritidsgårdarna", .category = "ungdomsgrupperingar", .weekly_rate = 1.6,
       .where = places, .affinity = kStrain, .place_kinds = "fritidsgård", .profile = youth_centre,
       .closure = Closure::youth_centre, .extra_count = 1.0, .severity = kMiddling},
      {.organisation = "Fritidsgårdarna", .category = "ordningsstorning.stok", .weekly_rate = 2.0,
       .where = places, .affinity = kStrain, .place_kinds = "fritidsgård", .profile = youth_centre,
       .closure = Closure::youth_centre, .severity = kMinor},
      {.organisation = "Fritidsgårdarna", .category = "skadegorelse.ovrig", .weekly_rate = 0.9,
       .where = places, .affinity = kStrain, .place_kinds = "fritidsgård", .profile = youth_centre,
       .closure = Closure::youth_centre, .severity = kMinor},
      {.organisation = "Fritidsgårdarna", .category = "hot_vald.hot", .weekly_rate = 0.9,
       .where = places, .affinity = kStrain, .place_kinds = "fritidsgård", .profile = youth_centre,
       .closure = Closure::youth_centre, .severity = kMiddling},
      {.organisation = "Fritidsgårdarna", .category = "andts.tobak", .weekly_rate = 0.8,
       .where = places, .affinity = kStrain, .place_kinds = "fritidsgård", .profile = youth_centre,
       .closure = Closure::youth_centre, .severity = kMinor},
      {.organisation = "Fritidsgårdarna", .category = "andts.narkotika.forsaljning_bruk",
       .weekly_rate = 0.4, .where = places, .affinity = kStrongStrain,
       .place_kinds = "fritidsgård", .profile = youth_centre, .closure = Closure::youth_centre,
       .severity = kMiddling},

      // Maserhallen: the arena, on match and event days.
      {.organisation = "Maserhallen", .category = "ordningsstorning.stok", .weekly_rate = 1.3,
       .where = places, .place_kinds = "idrottsarena", .profile = arena, .season = winter,
       .interval = duration, .extra_count = 0.5, .severity = kMinor},
      {.organisation = "Maserhallen", .category = "skadegorelse.ovrig", .weekly_rate = 0.7,
       .where = places, .place_kinds = "idrottsarena", .profile = arena, .season = winter,
       .interval = discovered, .severity = kMinor},
      {.organisation = "Maserhallen", .category = "stold_inbrott", .weekly_rate = 0.8,
       .where = places, .place_kinds = "idrottsarena", .profile = arena, .season = winter,
       .interval = duration, .severity = kMiddling},
      {.organisation = "Maserhallen", .category = "andts.alkohol", .weekly_rate = 0.5,
       .where = places, .place_kinds = "idrottsarena", .profile = arena, .season = winter,
       .interval = duration, .severity = kMinor},
      {.organisation = "Maserhallen", .category = "andts.dopning", .weekly_rate = 0.25,
       .where = places, .place_kinds = "idrottsarena", .profile = daytime, .severity = kMiddling},
      {.organisation = "Maserhallen", .category = "nedskrapning", .weekly_rate = 0.5,
       .where = places, .place_kinds = "idrottsarena", .profile = arena, .season = winter,
       .interval = discovered, .severity = kMinor},

      // Räddningstjänsten Dala Mitt: fires everywhere, the countryside included.
      {.organisation = "Räddningstjänsten Dala Mitt", .category = "brand.container",
       .weekly_rate = 2.8, .affinity = {.vulnerability = 1, .rental = 0.5}, .rural_share = 0.03,
       .profile = nightlife, .severity = kMiddling},
      {.organisation = "Räddningstjänsten Dala Mitt", .category = "brand.anlagd",
       .weekly_rate = 1.6, .affinity = kStrain, .rural_share = 0.15, .profile = evening,
       .season = summer, .severity = kSerious},
      {.organisation = "Räddningstjänsten Dala Mitt", .category = "brand.fordon",
       .weekly_rate = 1.1, .affinity = kStrain, .rural_share = 0.15, .profile = nightlife,
       .severity = kSerious},
      {.organisation = "Räddningstjänsten Dala Mitt", .category = "ordningsstorning.fyrverkerier",
       .weekly_rate = 0.7, .affinity = kStrain, .rural_share = 0.05, .profile = nightlife,
       .season = fireworks, .severity = kMiddling},
      {.organisation = "Räddningstjänsten Dala Mitt", .category = "ovrigt", .weekly_rate = 0.7,
       .affinity = kHousing, .profile = all_day, .severity = kMinor},

      // Keolis: buses, stops and the travel centre.
      {.organisation = "Keolis", .category = "skadegorelse.klotter", .weekly_rate = 1.6,
       .affinity = {.vulnerability = 0.5, .nightlife = 0.3}, .profile = morning_discovery,
       .interval = discovered, .severity = kMinor},
      {.organisation = "Keolis", .category = "skadegorelse.krossad_ruta", .weekly_rate = 0.9,
       .affinity = kStrain, .profile = morning_discovery, .interval = discovered,
       .severity = kMiddling},
      {.organisation = "Keolis", .category = "hot_vald.hot", .weekly_rate = 1.3,
       .affinity = kNightStrain, .profile = transit, .severity = kSerious},
      {.organisation = "Keolis", .category = "ordningsstorning.stok", .weekly_rate = 1.6,
       .where = places, .place_kinds = "resecentrum|hållplats", .profile = transit,
       .severity = kMinor},
      {.organisation = "Keolis", .category = "otrygghetsskapande", .weekly_rate = 0.9,
       .where = places, .place_kinds = "resecentrum|hållplats", .profile = transit,
       .severity = kMinor},
  };
  // clang-format on
  return kStreams;
}

const std::vector<HotspotSpec>& hotspots() {
  using enum TimeProfile;
  using enum Season;
  using enum Span;
  using enum Where;
  // One entry per stream reads better as a table than one field per line.
  // clang-format off
  static const std::vector<HotspotSpec> kHotspots = {
      {"Resecentrum på helgnätter", "Resecentrum", 150,
       {
           {.organisation = "Polisen", .category = "ordningsstorning.stok", .weekly_rate = 1.6,
            .where = cluster, .profile = nightlife},
           {.organisation = "Polisen", .category = "andts.narkotika.forsaljning_bruk",
            .weekly_rate = 1.1, .where = cluster, .profile = evening, .severity = kMiddling},
           {.organisation = "Polisen", .category = "hot_vald.misshandel", .weekly_rate = 0.6,
            .where = cluster, .profile = nightlife, .severity = kSerious},
           {.organisation = "Keolis", .category = "otrygghetsskapande", .weekly_rate = 1.0,
            .where = cluster, .profile = transit},
       }},
      {"Tjärna torg", "Tjärna torg", 200,
       {
           {.organisation = "Tunabyggen", .category = "skadegorelse.klotter", .weekly_rate = 1.3,
            .where = cluster, .profile = morning_discovery, .interval = discovered,
            .extra_count = 0.6, .severity = kMinor},
           {.organisation = "Tunabyggen", .category = "skadegorelse.ovrig", .weekly_rate = 0.9,
            .where = cluster, .profile = morning_discovery, .interval = discovered,
            .severity = kMinor},
           {.organisation = "Räddningstjänsten Dala Mitt", .category = "brand.container",
            .weekly_rate = 0.9, .where = cluster, .profile = nightlife, .severity = kMiddling},
           {.organisation = "Fältgruppen", .category = "ungdomsgrupperingar", .weekly_rate = 1.3,
            .where = cluster, .profile = evening, .season = summer, .interval = shift,
            .extra_count = 1.0, .severity = kMiddling},
       }},
      {"Kupolen", "Kupolen", 150,
       {
           {.organisation = "Polisen", .category = "stold_inbrott", .weekly_rate = 1.6,
            .where = cluster, .profile = all_day, .severity = kMinor},
           {.organisation = "Polisen", .category = "ordningsstorning.stok", .weekly_rate = 0.7,
            .where = cluster, .profile = evening},
           {.organisation = "Fältgruppen", .category = "ungdomsgrupperingar", .weekly_rate = 0.6,
            .where = cluster, .profile = evening, .interval = shift, .extra_count = 1.0,
            .severity = kMiddling},
       }},
  };
  // clang-format on
  return kHotspots;
}

const std::vector<EmergingSpec>& emerging_hotspots() {
  using enum TimeProfile;
  using enum Season;
  using enum Span;
  using enum Where;
  // One entry per stream reads better as a table than one field per line.
  // clang-format off
  static const std::vector<EmergingSpec> kEmerging = {
      {"Narkotikaförsäljning vid Mellanbyns centrum", "Mellanbyns centrum", 200, 12, 1.2,
       {
           {.organisation = "Polisen", .category = "andts.narkotika.forsaljning_bruk",
            .weekly_rate = 0.4, .where = cluster, .profile = evening, .severity = kMiddling},
           {.organisation = "Fältgruppen", .category = "andts.narkotika.forsaljning_bruk",
            .weekly_rate = 0.25, .where = cluster, .profile = evening, .interval = shift,
            .severity = kMiddling},
       }},
      {"Ungdomsgrupp och skadegörelse vid Jernvallen", "Jernvallen", 200, 12, 1.18,
       {
           {.organisation = "Fältgruppen", .category = "ungdomsgrupperingar", .weekly_rate = 0.45,
            .where = cluster, .profile = evening, .interval = shift, .extra_count = 1.0,
            .severity = kMiddling},
           {.organisation = "Polisen", .category = "skadegorelse.ovrig", .weekly_rate = 0.35,
            .where = cluster, .profile = nightlife, .severity = kMinor},
       }},
  };
  // clang-format on
  return kEmerging;
}

const std::vector<AnomalySpec>& anomalies() {
  using enum TimeProfile;
  using enum Season;
  using enum Span;
  using enum Where;
  // One entry per stream reads better as a table than one field per line.
  // clang-format off
  static const std::vector<AnomalySpec> kAnomalies = {
      {87, "Gylle",
       {.organisation = "Räddningstjänsten Dala Mitt", .category = "brand.container",
        .weekly_rate = 12, .profile = nightlife, .severity = kMiddling}},
      {22, "Kvarnsveden",
       {.organisation = "Tunabyggen", .category = "skadegorelse.krossad_ruta", .weekly_rate = 10,
        .profile = morning_discovery, .extra_count = 0.4, .severity = kMiddling}},
      {0, "Jakobsgårdarna",
       {.organisation = "Fältgruppen", .category = "ungdomsgrupperingar", .weekly_rate = 10,
        .profile = evening, .interval = shift, .extra_count = 1.0, .severity = kSerious}},
  };
  // clang-format on
  return kAnomalies;
}

const MeasureSpec& measure() {
  static const MeasureSpec kMeasure = {
      .name = "Kameraövervakning och ny belysning vid Tjärna torg",
      .area = "Tjärna Ängar",
      .categories = {"skadegorelse.klotter", "skadegorelse.krossad_ruta", "skadegorelse.ovrig",
                     "brand.container"},
      .weeks_before_end = 62,
      .effect = -0.30,
      .displacement_area = "Hagalund",
      .displacement = 0.10,
      .comparison_area = "Islingby",
  };
  return kMeasure;
}

}  // namespace lagesbild::demo::scenario

#include "demo/descriptions.h"

#include <stdexcept>
#include <unordered_map>
#include <vector>

namespace lagesbild::demo {
namespace {

// "{}" stands for the location phrase.
using Templates = std::unordered_map<std::string_view, std::vector<std::string_view>>;

const Templates& templates() {
  static const Templates kTemplates = {
      {"skadegorelse.klotter",
       {"Klotter på fasad {}.", "Nya taggar på elskåp och busskur {}.",
        "Klotter i trapphus och tvättstuga {}.", "Omfattande klotter på plank {}, sanerat."}},
      {"skadegorelse.krossad_ruta",
       {"Krossad ruta i entrédörr {}.", "Sönderslagen ruta i busskur {}.",
        "Flera krossade fönster {}.", "Ruta i källardörr krossad {}."}},
      {"skadegorelse.ovrig",
       {"Sönderslagen belysningsarmatur {}.", "Skadegörelse på lekplats {}.",
        "Uppbrutna postboxar {}.", "Sönderskurna sittdynor och skadad inredning {}."}},
      {"brand.anlagd",
       {"Anlagd brand i buskage {}.", "Brand i soprum, misstänkt anlagd, {}.",
        "Gräsbrand, troligen anlagd, {}."}},
      {"brand.fordon", {"Brand i personbil {}.", "Moped i brand {}.", "Bilbrand på parkering {}."}},
      {"brand.container",
       {"Brand i container {}.", "Brand i papperskorg {}.", "Brand i återvinningskärl {}."}},
      {"stold_inbrott",
       {"Inbrott i källarförråd {}.", "Cykelstölder {}.", "Stöld ur butik {}.",
        "Inbrott i bil på parkering {}."}},
      {"ordningsstorning.stok",
       {"Stök och skrik sent på kvällen {}.", "Berusade personer stör ordningen {}.",
        "Bråk och stök {}, lugnade ner sig efter en stund.", "Störande beteende {}."}},
      {"ordningsstorning.hogljudda_samlingar",
       {"Högljudd samling med hög musik {}.", "Stor samling ungdomar, högljutt, {}.",
        "Fest utomhus som stör grannar {}."}},
      {"ordningsstorning.fyrverkerier",
       {"Fyrverkerier avfyras mot hus {}.", "Smällare kastas mot förbipasserande {}.",
        "Raketer avfyrade sent på natten {}."}},
      {"hot_vald.hot",
       {"Personal hotad {}.", "Hot mot busschaufför {}.", "Hotfull situation mellan ungdomar {}.",
        "Verbala hot mot personal {}."}},
      {"hot_vald.misshandel",
       {"Misshandel {}.", "Slagsmål mellan flera personer {}.",
        "Person slagen {}, ambulans kallad."}},
      {"hot_vald.ran", {"Rån {}.", "Personrån, mobiltelefon tagen, {}.", "Försök till rån {}."}},
      {"andts.narkotika.forsaljning_bruk",
       {"Misstänkt narkotikaförsäljning {}.", "Lukt av cannabis {}.",
        "Misstänkt langning {}, kända överlämningsplatser.", "Misstänkt bruk av narkotika {}."}},
      {"andts.narkotika.sprutor",
       {"Fynd av sprutor {}.", "Kanyler hittade i buskage {}, omhändertagna."}},
      {"andts.alkohol",
       {"Berusade ungdomar {}.", "Alkohol langas till minderåriga {}.", "Drickande i grupp {}."}},
      {"andts.dopning", {"Misstänkt dopning i gymmet {}.", "Fynd av dopningspreparat {}."}},
      {"andts.tobak",
       {"Rökning och snusning utomhus {}.", "Försäljning av vapes till unga {}.",
        "Elever röker {}."}},
      {"andts.spel", {"Oro för spel om pengar bland unga {}.", "Signaler om spelskulder {}."}},
      {"ungdomsgrupperingar",
       {"Grupp ungdomar samlas {}, stökigt.", "Ungdomsgrupp rör sig mellan områden {}.",
        "Ungdomar från andra områden samlas {}.", "Oro för rekrytering av unga {}."}},
      {"social_oro",
       {"Rykten i sociala medier om konflikt {}.", "Oro bland boende efter händelse {}.",
        "Ryktesspridning om hämnd {}.", "Spänningar mellan grupper {}."}},
      {"otrygghetsskapande",
       {"Personer uppehåller sig i trapphus {}.", "Otrygghet vid entrén {}.",
        "Vuxna utan ärende uppehåller sig {}.", "Boende upplever otrygghet {}."}},
      {"nedskrapning",
       {"Nedskräpning {}.", "Mycket skräp efter helgen {}.", "Grovsopor dumpade {}."}},
      {"trafik.mopedbuskorning",
       {"Mopedbuskörning på gång- och cykelväg {}.", "Mopeder kör i hög fart {}.",
        "Buskörning med moped {}."}},
      {"trafik.vardslos_korning",
       {"Vårdslös körning {}.", "Bil kör i hög fart genom bostadsområde {}.",
        "Rivstarter och hög fart {}."}},
      {"fysisk_miljo.trasig_belysning",
       {"Trasig belysning {}.", "Gatlyktor släckta {}.",
        "Mörk gångtunnel, belysning ur funktion, {}."}},
      {"fysisk_miljo.igenvuxet",
       {"Igenvuxna buskar skymmer sikten {}.", "Höga buskar vid gångväg {}."}},
      {"ovrigt",
       {"Brandfarligt material i trapphus {}.", "Blockerad utrymningsväg {}.",
        "Övrig händelse {}."}},
  };
  return kTemplates;
}

}  // namespace

std::string describe(std::string_view category, std::string_view where, Rng& rng) {
  const auto it = templates().find(category);
  if (it == templates().end()) {
    throw std::logic_error("no demo description for category " + std::string(category));
  }
  const std::string_view t = it->second[rng.below(static_cast<int>(it->second.size()))];
  const std::size_t at = t.find("{}");
  std::string out;
  out.reserve(t.size() + where.size());
  out.append(t.substr(0, at)).append(where).append(t.substr(at + 2));
  return out;
}

}  // namespace lagesbild::demo

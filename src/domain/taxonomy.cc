#include "domain/taxonomy.h"

namespace lagesbild {

const std::vector<CategorySeed>& default_categories() {
  static const std::vector<CategorySeed> kSeeds = {
      {"skadegorelse", "Skadegörelse"},
      {"skadegorelse.klotter", "Klotter"},
      {"skadegorelse.krossad_ruta", "Krossad ruta"},
      {"skadegorelse.ovrig", "Övrig skadegörelse"},
      {"brand", "Brand"},
      {"brand.anlagd", "Anlagd brand"},
      {"brand.fordon", "Brand i fordon"},
      {"brand.container", "Brand i container/papperskorg"},
      {"stold_inbrott", "Stöld/inbrott"},
      {"ordningsstorning", "Ordningsstörning"},
      {"ordningsstorning.stok", "Stök"},
      {"ordningsstorning.hogljudda_samlingar", "Högljudda samlingar"},
      {"ordningsstorning.fyrverkerier", "Fyrverkerier"},
      {"hot_vald", "Hot och våld"},
      {"hot_vald.hot", "Hot"},
      {"hot_vald.misshandel", "Misshandel"},
      {"hot_vald.ran", "Rån"},
      {"andts", "ANDTS"},
      {"andts.narkotika", "Narkotika"},
      {"andts.narkotika.forsaljning_bruk", "Misstänkt försäljning/bruk"},
      {"andts.narkotika.sprutor", "Fynd av sprutor"},
      {"andts.alkohol", "Alkohol"},
      {"andts.dopning", "Dopning"},
      {"andts.tobak", "Tobak"},
      {"andts.spel", "Spel"},
      {"ungdomsgrupperingar", "Ungdomsgrupperingar"},
      {"social_oro", "Social oro och ryktesspridning"},
      {"otrygghetsskapande", "Otrygghetsskapande beteende"},
      {"nedskrapning", "Nedskräpning"},
      {"trafik", "Trafik"},
      {"trafik.mopedbuskorning", "Mopedbuskörning"},
      {"trafik.vardslos_korning", "Vårdslös körning"},
      {"fysisk_miljo", "Fysisk miljö"},
      {"fysisk_miljo.trasig_belysning", "Trasig belysning"},
      {"fysisk_miljo.igenvuxet", "Igenvuxet"},
      {"ovrigt", "Övrigt"},
  };
  return kSeeds;
}

}  // namespace lagesbild

// `lagesbild national init`: the national tenant (kNationalCode, "Riket") whose areas are the
// country's municipalities, and every municipality of the polygon file as a row of its own, so
// that police events and reports of any municipality can be counted in the national view
// (`analyse areas --municipality 0000`, GET /api/v1/analysis/areas?municipality=0000).
#include <iostream>

#include "cli/common.h"
#include "service/national.h"

namespace lagesbild::cli {
namespace {

struct NationalArgs {
  Common common;
  std::string polygons = std::string(LB_PLACES_DIR) + "/swedish_municipalities.geojson";
};

}  // namespace

void register_national(CLI::App& app) {
  auto* group = app.add_subcommand("national", "The national view: every municipality as an area");
  group->require_subcommand(1);
  auto* cmd = group->add_subcommand(
      "init",
      "Create the national tenant 0000 (Riket) with one area per municipality, and the "
      "municipalities that are missing; safe to run again");
  auto* a = make_option_storage<NationalArgs>();
  add_common(cmd, a->common);
  cmd->add_option("--polygons", a->polygons,
                  "Municipality polygons (GeoJSON; property id = code, kom_namn = name)");
  cmd->callback([a] {
    run(a->common, [&](Services& s) {
      const auto r =
          init_national(s.store, s.reference, Principal::operator_cli(), read_file(a->polygons));
      std::cout << "national tenant " << kNationalCode << ": " << r.areas_created
                << " municipality areas created, " << r.areas_kept << " already there; "
                << r.municipalities_created << " municipalities created\n";
    });
  });
}

}  // namespace lagesbild::cli

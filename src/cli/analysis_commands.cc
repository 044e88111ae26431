// `lagesbild analyse gistar|moran`: local spatial statistics on plain inputs (a CSV of id,value
// and a GeoDa/PySAL .gal or .gwt weights file), writing one row per observation so the result
// can be compared with GeoDa, PySAL or spdep row by row. Thin: read, call analysis/, write.
#include <cstdio>
#include <iostream>

#include "analysis/local_statistics.h"
#include "cli/common.h"
#include "ingest/values_csv.h"
#include "report/csv_field.h"
#include "server/analysis_json.h"
#include "service/service_error.h"

namespace lagesbild::cli {
namespace {

struct LocalCommand {
  std::string values, weights, out, transform = "B";
  bool star = false;
  int permutations = 999;
  std::uint64_t seed = 20240601;
};

// The values and their weights, aligned by id and styled; ServiceError naming the file and
// line for anything wrong.
std::pair<ingest::ValuesTable, analysis::SpatialWeights> load(const LocalCommand& c) {
  Errors errors;
  auto table = ingest::parse_values_csv(read_file(c.values), errors);
  for (auto& e : errors) e.field = e.field.empty() ? c.values : c.values + ": " + e.field;
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  if (c.transform != "B" && c.transform != "R" && c.transform != "W") {
    throw ServiceError::invalid("--transform", "must be B (binary) or R (row-standardised)");
  }
  if (c.permutations < 0 || c.permutations > 99'999) {
    throw ServiceError::invalid("--permutations", "must be between 0 and 99999");
  }
  analysis::IdentifiedWeights w;
  try {
    const std::string text = read_file(c.weights);
    const bool gwt = c.weights.size() >= 4 && c.weights.substr(c.weights.size() - 4) == ".gwt";
    w = gwt ? analysis::parse_gwt(text) : analysis::parse_gal(text);
    analysis::SpatialWeights aligned = analysis::align_weights(w, table.ids);
    const analysis::WeightOptions options{c.star, c.transform == "B"
                                                      ? analysis::WeightStyle::binary
                                                      : analysis::WeightStyle::row_standardised};
    return {std::move(table), analysis::with_style(aligned, options)};
  } catch (const std::invalid_argument& e) {
    throw ServiceError::invalid(c.weights, e.what());
  }
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

void register_local(CLI::App* group, const std::string& name, const std::string& help) {
  auto* cmd = group->add_subcommand(name, help);
  auto* c = make_option_storage<LocalCommand>();
  cmd->add_option("--values", c->values, "CSV with columns id,value")->required();
  cmd->add_option("--weights", c->weights, "GeoDa/PySAL weights: FILE.gal or FILE.gwt")->required();
  cmd->add_option("--transform", c->transform, "B (binary, default) or R (row-standardised)");
  if (name == "gistar") cmd->add_flag("--star", c->star, "Gi* (each cell its own neighbour)");
  cmd->add_option("--permutations", c->permutations, "Conditional permutations (0: none)");
  cmd->add_option("--seed", c->seed, "Seed of the permutations");
  cmd->add_option("--out", c->out, "Write to this file instead of stdout");
  cmd->callback([c, name] {
    try {
      const auto [table, w] = load(*c);
      analysis::LocalOptions options;
      options.permutation.permutations = c->permutations;
      options.permutation.seed = c->seed;
      std::string out;
      if (name == "gistar") {
        const auto r = analysis::getis_ord(table.values, w, options);
        out = "id,value,z,p,p_sim,class\r\n";
        for (std::size_t i = 0; i < table.ids.size(); ++i) {
          report::append_csv_field(out, table.ids[i]);
          out += "," + number(table.values[i]) + "," + number(r.z[i]) + "," + number(r.p[i]) + "," +
                 (r.p_sim.empty() ? "" : number(r.p_sim[i])) + "," + std::to_string(r.bin[i]) +
                 "\r\n";
        }
      } else {
        const auto r = analysis::local_moran(table.values, w, options);
        static constexpr const char* kQuadrant[] = {"", "HH", "LL", "HL", "LH"};
        out = "id,value,ii,z,p,p_sim,quadrant,cluster\r\n";
        for (std::size_t i = 0; i < table.ids.size(); ++i) {
          report::append_csv_field(out, table.ids[i]);
          out += "," + number(table.values[i]) + "," + number(r.ii[i]) + "," + number(r.z[i]) +
                 "," + number(r.p[i]) + "," + (r.p_sim.empty() ? "" : number(r.p_sim[i])) + "," +
                 kQuadrant[static_cast<int>(r.quadrant[i])] + "," +
                 kQuadrant[static_cast<int>(r.cluster[i])] + "\r\n";
        }
      }
      write_output(c->out, out);
    } catch (const std::exception& e) {
      report_failure(e);
    }
  });
}

void register_hotspots(CLI::App* group) {
  auto* cmd = group->add_subcommand(
      "hotspots", "Hotspots of stored reports: Gi* on a square grid, GeoJSON or CSV");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<HotspotRequest>();
  auto* format = make_option_storage<std::string>("geojson");
  add_common(cmd, *c, true);
  cmd->add_option("--period", r->period, "The period, e.g. 2026-Q3")->required();
  cmd->add_option("--area", r->areas, "Area name or id (repeatable)");
  cmd->add_option("--category", r->categories, "Category code or name (repeatable)");
  cmd->add_option("--organisation", r->organisations, "Organisation name (repeatable)");
  cmd->add_option("--cell", r->cell_size, "Cell size in metres (25..5000, default 250)");
  cmd->add_option("--shape", r->shape, "square (default) or hexagon");
  cmd->add_option("--permutations", r->permutations, "Conditional permutations (default 999)");
  cmd->add_option("--seed", r->seed, "Seed of the permutations");
  cmd->add_option("--format", *format, "geojson or csv");
  cmd->callback([c, r, format] {
    run(*c, [&](Services& s) {
      if (!server::is_hotspot_format(*format)) {
        throw ServiceError::invalid("--format", "must be geojson or csv");
      }
      r->municipality = c->municipality;
      const auto map = s.analysis.hotspots(Principal::operator_cli(), *r);
      write_output(c->out, server::render_hotspots(map, *format, "--format").content);
    });
  });
}

void register_near_repeat(CLI::App* group) {
  auto* cmd = group->add_subcommand(
      "nearrepeat", "Knox near-repeat test of stored reports: spatial × temporal bands");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<NearRepeatRequest>();
  auto* format = make_option_storage<std::string>("json");
  auto* euclidean = make_option_storage<bool>(false);
  add_common(cmd, *c, true);
  cmd->add_option("--period", r->period, "The period, e.g. 2026-Q3")->required();
  cmd->add_option("--area", r->areas, "Area name or id (repeatable)");
  cmd->add_option("--category", r->categories, "Category code or name (repeatable)");
  cmd->add_option("--organisation", r->organisations, "Organisation name (repeatable)");
  cmd->add_option("--spatial-bandwidth", r->options.spatial_bandwidth, "Metres (default 100)");
  cmd->add_option("--spatial-bands", r->options.spatial_bands, "Bands (default 3)");
  cmd->add_option("--temporal-bandwidth", r->options.temporal_bandwidth, "Days (default 7)");
  cmd->add_option("--temporal-bands", r->options.temporal_bands, "Bands (default 3)");
  cmd->add_flag("--euclidean", *euclidean, "Euclidean distance (default Manhattan)");
  cmd->add_option("--permutations", r->options.permutations, "Permutations (default 999)");
  cmd->add_option("--seed", r->options.seed, "Seed of the permutations");
  cmd->add_option("--format", *format, "json or csv");
  cmd->callback([c, r, format, euclidean] {
    run(*c, [&](Services& s) {
      if (!server::is_near_repeat_format(*format)) {
        throw ServiceError::invalid("--format", "must be json or csv");
      }
      if (*euclidean) r->options.metric = analysis::DistanceMetric::euclidean;
      r->municipality = c->municipality;
      const auto table = s.analysis.near_repeat(Principal::operator_cli(), *r);
      write_output(c->out, server::render_near_repeat(table, *format, "--format").content);
    });
  });
}

void register_density(CLI::App* group) {
  auto* cmd = group->add_subcommand(
      "kde", "Kernel density of stored reports on a raster: JSON or an ESRI ASCII grid");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<DensityRequest>();
  auto* format = make_option_storage<std::string>("json");
  auto* kernel = make_option_storage<std::string>("quartic");
  add_common(cmd, *c, true);
  cmd->add_option("--period", r->period, "The period, e.g. 2026-Q3")->required();
  cmd->add_option("--area", r->areas, "Area name or id (repeatable)");
  cmd->add_option("--category", r->categories, "Category code or name (repeatable)");
  cmd->add_option("--organisation", r->organisations, "Organisation name (repeatable)");
  cmd->add_option("--cell", r->cell_size, "Cell size in metres (10..1000, default 50)");
  cmd->add_option("--bandwidth", r->bandwidth,
                  "Metres: the quartic's search radius, or the Gaussian's σ (default 300)");
  cmd->add_option("--kernel", *kernel, "quartic or gaussian");
  cmd->add_option("--format", *format, "json or asc");
  cmd->callback([c, r, format, kernel] {
    run(*c, [&](Services& s) {
      if (!server::is_density_format(*format)) {
        throw ServiceError::invalid("--format", "must be json or asc");
      }
      if (*kernel == "gaussian") {
        r->kernel = analysis::DensityKernel::kGaussian;
      } else if (*kernel != "quartic") {
        throw ServiceError::invalid("--kernel", "must be quartic or gaussian");
      }
      r->municipality = c->municipality;
      const auto map = s.analysis.density(Principal::operator_cli(), *r);
      write_output(c->out, server::render_density(map, *format, "--format").content);
    });
  });
}

void register_emerging(CLI::App* group) {
  auto* cmd = group->add_subcommand(
      "emerging", "Emerging hot spots of stored reports: Gi* per week or month, 17 patterns");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<EmergingRequest>();
  auto* format = make_option_storage<std::string>("geojson");
  add_common(cmd, *c, true);
  cmd->add_option("--period", r->period, "The period, at least 4 slices, e.g. 2026-Q3")->required();
  cmd->add_option("--area", r->areas, "Area name or id (repeatable)");
  cmd->add_option("--category", r->categories, "Category code or name (repeatable)");
  cmd->add_option("--organisation", r->organisations, "Organisation name (repeatable)");
  cmd->add_option("--cell", r->cell_size, "Cell size in metres (25..5000, default 250)");
  cmd->add_option("--slice", r->slice, "week (default) or month");
  cmd->add_option("--permutations", r->permutations, "0 = analytic p (default)");
  cmd->add_option("--seed", r->seed, "Seed of the permutations");
  cmd->add_option("--format", *format, "geojson or csv");
  cmd->callback([c, r, format] {
    run(*c, [&](Services& s) {
      if (!server::is_emerging_format(*format)) {
        throw ServiceError::invalid("--format", "must be geojson or csv");
      }
      r->municipality = c->municipality;
      const auto map = s.analysis.emerging(Principal::operator_cli(), *r);
      write_output(c->out, server::render_emerging(map, *format, "--format").content);
    });
  });
}

void register_area_hotspots(CLI::App* group) {
  auto* cmd = group->add_subcommand(
      "areas", "Gi* and local Moran per area of the municipality, neighbours from the boundaries");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<AreaHotspotRequest>();
  auto* format = make_option_storage<std::string>("geojson");
  add_common(cmd, *c, true);
  cmd->add_option("--period", r->period, "The period, e.g. 2026-Q3")->required();
  cmd->add_option("--category", r->categories, "Category code or name (repeatable)");
  cmd->add_option("--organisation", r->organisations, "Organisation name (repeatable)");
  cmd->add_option("--contiguity", r->contiguity, "queen (default) or rook");
  cmd->add_option("--tolerance", r->tolerance,
                  "Metres within which boundaries count as touching (0..2000, default 50)");
  cmd->add_option("--measure", r->measure, "count (default) or density (reports per km²)");
  cmd->add_option("--permutations", r->permutations, "Conditional permutations (default 999)");
  cmd->add_option("--seed", r->seed, "Seed of the permutations");
  cmd->add_option("--format", *format, "geojson or csv");
  cmd->callback([c, r, format] {
    run(*c, [&](Services& s) {
      if (!server::is_hotspot_format(*format)) {
        throw ServiceError::invalid("--format", "must be geojson or csv");
      }
      r->municipality = c->municipality;
      const auto map = s.analysis.area_hotspots(Principal::operator_cli(), *r);
      write_output(c->out, server::render_area_hotspots(map, *format, "--format").content);
    });
  });
}

void register_compare(CLI::App* group) {
  auto* cmd = group->add_subcommand(
      "compare", "Hotspot methods (counts, KDE, Gi*) judged on held-out weeks: PAI, hit rate, PEI");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<MethodComparisonRequest>();
  auto* format = make_option_storage<std::string>("json");
  add_common(cmd, *c, true);
  cmd->add_option("--period", r->period, "The held-out weeks, e.g. 2026-Q2")->required();
  cmd->add_option("--area", r->areas, "Area name or id (repeatable)");
  cmd->add_option("--category", r->categories, "Category code or name (repeatable)");
  cmd->add_option("--organisation", r->organisations, "Organisation name (repeatable)");
  cmd->add_option("--training-weeks", r->training_weeks, "Weeks each prediction sees (default 8)");
  cmd->add_option("--cell", r->cell_size, "Cell size in metres (50..2000, default 250)");
  cmd->add_option("--area-share", r->area_share, "Share of the study area (default 0.05)");
  cmd->add_option("--bandwidth", r->bandwidth, "KDE search radius in metres (default 300)");
  cmd->add_option("--format", *format, "json or csv");
  cmd->callback([c, r, format] {
    run(*c, [&](Services& s) {
      if (!server::is_comparison_format(*format)) {
        throw ServiceError::invalid("--format", "must be json or csv");
      }
      r->municipality = c->municipality;
      const auto result = s.analysis.compare_methods(Principal::operator_cli(), *r);
      write_output(c->out, server::render_method_comparison(result, *format, "--format").content);
    });
  });
}

}  // namespace

void register_analysis(CLI::App& app) {
  auto* group =
      app.add_subcommand("analyse", "Spatial analyses: of stored reports, or on plain files");
  group->require_subcommand(1);
  register_local(group, "gistar",
                 "Getis–Ord Gi/Gi* per observation: id,value,z,p,p_sim,class (−3…3)");
  register_local(group, "moran",
                 "Local Moran's I per observation: id,value,ii,z,p,p_sim,quadrant,cluster");
  register_hotspots(group);
  register_near_repeat(group);
  register_density(group);
  register_emerging(group);
  register_area_hotspots(group);
  register_compare(group);
}

}  // namespace lagesbild::cli

// `lagesbild import polisen`: the police's open events from a file (JSON, plain or gzip) or
// fetched live from the police's API, into the municipalities of the database
// (docs/POLICE_EVENTS.md). Thin: reads files and fetches, calls PoliceEventService, prints the
// outcome of every event.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/common.h"
#include "fetch/polisen_client.h"
#include "service/service_error.h"

namespace lagesbild::cli {
namespace {

struct PoliceArgs {
  Common c;
  std::string file;
  bool live = false;
  std::string url = fetch::PolisenClientOptions{}.url;
  std::string location, type;
  std::string call_log;
  bool all_municipalities = false;
  std::string types = LB_POLICE_TYPES;
  std::string admin_areas = std::string(LB_PLACES_DIR) + "/swedish_admin_areas.csv";
  std::string polygons = std::string(LB_PLACES_DIR) + "/swedish_municipalities.geojson";
  std::string rejected_out;
  int show = 20;
};

template <class T>
T loaded(Expected<T> e) {
  if (!e) throw ServiceError::invalid(Errors(e.errors()));
  return *std::move(e);
}

// Prints the outcome: counts, the reasons grouped, the first `show` rejected events.
void print(const PoliceImportResult& r, const PoliceArgs& a) {
  std::cout << "read " << r.elements << " events: " << r.reports_inserted << " reports new, "
            << r.reports_already_stored << " already stored; " << r.summaries_inserted
            << " summaries new, " << r.summaries_already_stored << " already stored; "
            << r.skipped_total() << " for municipalities not in this database; "
            << r.rejected.size() << " rejected\n";
  if (!r.municipalities_created.empty())
    std::cout << "created " << r.municipalities_created.size() << " municipalities\n";
  if (!r.organisations_created.empty())
    std::cout << "created the organisation '" << kPoliceEventsOrganisation << "' in "
              << r.organisations_created.size() << " municipalities\n";
  std::map<std::string, std::size_t> reasons;
  for (const auto& p : r.rejected) {
    std::string reason = p.reason;
    if (const auto quote = reason.find(" '"); quote != std::string::npos) reason.resize(quote);
    ++reasons[reason];
  }
  for (const auto& [reason, n] : reasons) std::cout << "  " << n << " × " << reason << "\n";
  const std::size_t shown = std::min<std::size_t>(r.rejected.size(), std::max(0, a.show));
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& p = r.rejected[i];
    std::cerr << "event " << p.index << (p.id ? " (id " + std::to_string(*p.id) + ")" : "") << ": "
              << p.reason << "\n";
  }
  if (shown < r.rejected.size())
    std::cerr << "... " << r.rejected.size() - shown << " more"
              << (a.rejected_out.empty() ? " (--rejected FILE lists every one)" : "") << "\n";
  if (!a.rejected_out.empty()) {
    std::string csv = "index,id,reason\n";
    for (const auto& p : r.rejected) {
      std::string reason = p.reason;
      for (char& ch : reason)
        if (ch == '"') ch = '\'';
      csv += std::to_string(p.index) + "," + (p.id ? std::to_string(*p.id) : "") + ",\"" + reason +
             "\"\n";
    }
    write_output(a.rejected_out, csv);
  }
  if (!r.stopped.empty()) {
    std::cerr << "error: reading stopped early: " << r.stopped
              << "; the complete events before that point were imported as counted above\n";
    set_exit_code(1);
  }
}

}  // namespace

void register_police_import(CLI::App* import_group) {
  auto* cmd = import_group->add_subcommand(
      "polisen", "Import the police's open events (a JSON file, or --live from polisen.se)");
  auto* a = make_option_storage<PoliceArgs>();
  add_common(cmd, a->c);
  auto* file = cmd->add_option("--file", a->file, "Events JSON file (plain or .gz)");
  auto* live = cmd->add_flag("--live", a->live, "Fetch the latest events from the police's API");
  file->excludes(live);
  cmd->add_option("--url", a->url, "The API's address (for a mirror or a test server)");
  cmd->add_option("--location", a->location, "With --live: only this county or municipality");
  cmd->add_option("--type", a->type, "With --live: only this police event type");
  cmd->add_option("--call-log", a->call_log,
                  "With --live: file of past call times, so runs share the police's limits "
                  "(default ~/.cache/lagesbild/polisen-calls)");
  cmd->add_flag("--all-municipalities", a->all_municipalities,
                "Create the municipalities the events name (the national tenant)");
  cmd->add_option("--types", a->types, "The police type → category table (CSV)");
  cmd->add_option("--admin-areas", a->admin_areas, "SCB's municipality and county list (CSV)");
  cmd->add_option("--municipality-polygons", a->polygons, "Municipality polygons (GeoJSON)");
  cmd->add_option("--rejected", a->rejected_out, "Write every rejected event to this CSV");
  cmd->add_option("--show", a->show, "How many rejected events to print (default 20)");
  cmd->callback([a] {
    if (a->file.empty() && !a->live) {
      std::cerr << "error: give --file FILE or --live\n";
      set_exit_code(1);
      return;
    }
    run(a->c, [&](Services& s) {
      const auto types = loaded(ingest::PoliceTypeTable::parse(read_file(a->types)));
      const auto places =
          loaded(ingest::SwedishPlaces::load(read_file(a->admin_areas), read_file(a->polygons)));
      std::string bytes;
      if (a->live) {
        fetch::PolisenClientOptions options;
        options.url = a->url;
        options.call_log = a->call_log;
        if (options.call_log.empty()) {
          const char* home = std::getenv("HOME");
          options.call_log = std::string(home ? home : ".") + "/.cache/lagesbild/polisen-calls";
        }
        fetch::PolisenClient client(options);
        auto answer = client.fetch(a->location, a->type);
        if (answer.outcome != fetch::FetchResult::Outcome::ok)
          throw std::runtime_error(answer.message);
        bytes = std::move(answer.body);
      } else {
        bytes = read_file(a->file);
      }
      std::string gzip_stopped;
      const std::string json = ingest::gunzip_if_compressed(bytes, &gzip_stopped);
      PoliceImportOptions options{a->c.municipality, a->all_municipalities};
      auto result = s.police.import(Principal::operator_cli(), json, places, types, options);
      if (!gzip_stopped.empty())
        result.stopped = gzip_stopped + (result.stopped.empty() ? "" : "; " + result.stopped);
      print(result, *a);
    });
  });
}

}  // namespace lagesbild::cli

#include "cli/commands.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "auth/password.h"
#include "cli/common.h"
#include "cli/open_or_wait.h"
#include "cli/police_poller.h"
#include "demo/demo.h"
#include "report/export.h"
#include "server/http_server.h"
#include "service/retention_schedule.h"
#include "service/service_error.h"
#include "service/services.h"

namespace lagesbild::cli {
namespace {

server::HttpServer* g_server = nullptr;
std::atomic<bool> g_stopping{false};
void on_signal(int) {
  g_stopping = true;
  if (g_server) g_server->stop();
}

void register_serve(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "Serve the API (and the web app) over HTTP");
  auto* c = make_option_storage<Common>();
  auto* o = make_option_storage<server::ServerOptions>();
  add_common(cmd, *c);
  cmd->add_option("--port", o->port, "TCP port (0 = any free port, printed at start)");
  cmd->add_option("--host", o->host, "Address to listen on");
  cmd->add_option("--threads", o->threads, "Worker threads (bounds concurrent connections)");
  cmd->add_option("--static", o->static_dir, "Directory of the built web app to serve at /");
  auto* retention_every = make_option_storage<long>(86400);
  cmd->add_option("--retention-every", *retention_every,
                  "Seconds between retention runs, the first at start (0 = none; docs/TRUST.md)")
      ->check(CLI::NonNegativeNumber);
  auto* poll = make_option_storage<PollerOptions>();
  auto* poll_every = make_option_storage<long>(0);
  cmd->add_option("--poll-polisen", *poll_every,
                  "Seconds between fetches of the police's events API, the first at start "
                  "(0 = none, the default; at least 60 keeps within the police's hourly limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--polisen-url", poll->client.url, "The police API's address (or a mirror)");
  cmd->add_option("--polisen-location", poll->location, "Only this county or municipality");
  auto* retry_open = make_option_storage<long>(5);
  cmd->add_option("--retry-open-every", *retry_open,
                  "While the database cannot be opened (read-only or full file system, "
                  "PostgreSQL down): answer 503 and try again every this many seconds")
      ->check(CLI::PositiveNumber);
  cmd->callback([c, o, retention_every, poll, poll_every, retry_open] {
    try {
      std::signal(SIGINT, on_signal);
      std::signal(SIGTERM, on_signal);
      auto store = open_store_or_wait(c->db, o->host, o->port, std::chrono::seconds(*retry_open),
                                      g_stopping);
      if (!store) return;
      Services services(*store);
      Services& s = services;
      if (*poll_every > 0 && *poll_every < poll->client.min_interval.count()) {
        throw ServiceError::invalid("--poll-polisen", "must be 0 or at least 10 seconds");
      }
      RetentionSchedule retention(s.retention, std::chrono::seconds(*retention_every));
      std::unique_ptr<PolicePoller> poller;
      if (*poll_every > 0) {
        poll->interval = std::chrono::seconds(*poll_every);
        auto types = ingest::PoliceTypeTable::parse(read_file(LB_POLICE_TYPES));
        auto places = ingest::SwedishPlaces::load(
            read_file(std::string(LB_PLACES_DIR) + "/swedish_admin_areas.csv"),
            read_file(std::string(LB_PLACES_DIR) + "/swedish_municipalities.geojson"));
        if (!types) throw ServiceError::invalid(Errors(types.errors()));
        if (!places) throw ServiceError::invalid(Errors(places.errors()));
        poller = std::make_unique<PolicePoller>(s, *std::move(places), *std::move(types), *poll);
      }
      server::HttpServer http(s, *o);
      if (!http.bind())
        throw std::runtime_error("cannot listen on port " + std::to_string(o->port));
      g_server = &http;
      if (g_stopping) return;
      spdlog::info("Lägesbild serving {} on http://{}:{}/", s.store.describe(), o->host,
                   http.port());
      std::cout << "listening on " << o->host << ":" << http.port() << std::endl;
      http.serve();
      g_server = nullptr;
    } catch (const std::exception& e) {
      report_failure(e);
    }
  });
}

void register_municipality(CLI::App& app) {
  auto* group = app.add_subcommand("municipality", "Municipalities");
  group->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Create a municipality with the default EST categories");
  auto* c = make_option_storage<Common>();
  auto* m = make_option_storage<Municipality>();
  auto* boundary = make_option_storage<std::string>();
  cmd->add_option("--db", c->db, "Database")->required();
  cmd->add_option("--code", m->code, "4-digit municipality code")->required();
  cmd->add_option("--name", m->name, "Name")->required();
  cmd->add_option("--cadence", m->reporting_cadence_days, "Reporting cadence in days (7 or 14)");
  cmd->add_option("--boundary", *boundary, "GeoJSON file with the boundary polygon (WGS84)");
  cmd->callback([c, m, boundary] {
    run(*c, [&](Services& s) {
      if (!boundary->empty()) {
        const auto doc = nlohmann::json::parse(read_file(*boundary));
        const auto& g = doc.value("type", "") == "Feature" ? doc["geometry"] : doc;
        m->boundary_geojson = g.dump();
      }
      s.reference.create_municipality(Principal::operator_cli(), *m);
      std::cout << "created municipality " << m->code << " " << m->name << "\n";
    });
  });
}

void register_organisation(CLI::App& app) {
  auto* group = app.add_subcommand("organisation", "Reporting organisations");
  group->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Add an organisation");
  auto* c = make_option_storage<Common>();
  auto* o = make_option_storage<Organisation>();
  add_common(cmd, *c);
  cmd->add_option("--name", o->name, "Name")->required();
  cmd->add_option("--kind", o->kind, "Kind (police, housing, school ...)");
  cmd->callback([c, o] {
    run(*c, [&](Services& s) {
      const auto who = Principal::operator_cli();
      o->municipality = s.reports.municipality_for(who, c->municipality);
      auto created = s.reference.create_organisation(who, *o);
      std::cout << "created organisation " << created.id << " " << created.name << "\n";
    });
  });
}

void register_user(CLI::App& app) {
  auto* group = app.add_subcommand("user", "User accounts");
  group->require_subcommand(1);
  auto* cmd = group->add_subcommand("add", "Create a user with one role in one organisation");
  struct Args {
    Common c;
    std::string username, display_name, password, role = "reporter", organisation;
    bool password_stdin = false;
  };
  auto* a = make_option_storage<Args>();
  add_common(cmd, a->c);
  cmd->add_option("--username", a->username, "Login name")->required();
  cmd->add_option("--display-name", a->display_name, "Name shown in the app");
  auto* pw = cmd->add_option("--password", a->password, "Password (prefer --password-stdin)");
  cmd->add_flag("--password-stdin", a->password_stdin, "Read the password from standard input")
      ->excludes(pw);
  cmd->add_option("--role", a->role, "reporter, analyst, coordinator, admin or viewer");
  cmd->add_option("--organisation", a->organisation, "Organisation name")->required();
  cmd->callback([a] {
    run(a->c, [&](Services& s) {
      const auto who = Principal::operator_cli();
      if (a->password_stdin) std::getline(std::cin, a->password);
      const std::string m = s.reports.municipality_for(who, a->c.municipality);
      auto role = role_from_string(a->role);
      if (!role)
        throw ServiceError::invalid("--role",
                                    "one of reporter, analyst, coordinator, admin, viewer");
      auto org = s.reports.context(m)->organisation_id(a->organisation);
      if (!org)
        throw ServiceError::invalid("--organisation",
                                    "unknown organisation '" + a->organisation + "' in " + m);
      auto u = s.auth.add_user(who, a->username, a->display_name, a->password, {{m, *role, *org}});
      std::cout << "created user " << u.username << " (" << a->role << ", " << a->organisation
                << ")\n";
    });
  });
}

void register_import(CLI::App& app) {
  auto* group = app.add_subcommand("import", "Import reports (CSV, GeoJSON) or areas (GeoJSON)");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("csv", "Import reports from CSV: all rows or none");
    auto* c = make_option_storage<Common>();
    auto* file = make_option_storage<std::string>();
    add_common(cmd, *c);
    cmd->add_option("file", *file, "CSV file (',' or ';' separated, UTF-8)")->required();
    cmd->callback([c, file] {
      run(*c, [&](Services& s) {
        const auto who = Principal::operator_cli();
        const std::string m = s.reports.municipality_for(who, c->municipality);
        const auto summary = s.reports.import_csv(who, m, read_file(*file));
        std::cout << "imported " << summary.rows << " rows: " << summary.inserted << " new, "
                  << summary.duplicates << " already stored\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("geojson", "Import areas (polygons) or reports (points)");
    auto* c = make_option_storage<Common>();
    auto* file = make_option_storage<std::string>();
    auto* as = make_option_storage<std::string>();
    auto* repair = make_option_storage<bool>(false);
    add_common(cmd, *c);
    cmd->add_option("file", *file, "GeoJSON FeatureCollection")->required();
    cmd->add_option("--as", *as, "areas or reports (default: from the geometry type)");
    cmd->add_flag("--repair", *repair,
                  "Repair self-intersecting polygons instead of rejecting them");
    cmd->callback([c, file, as, repair] {
      run(*c, [&](Services& s) {
        const auto who = Principal::operator_cli();
        const std::string m = s.reports.municipality_for(who, c->municipality);
        const std::string content = read_file(*file);
        std::string kind = *as;
        if (kind.empty()) {
          kind = content.find("\"Polygon\"") != std::string::npos ||
                         content.find("\"MultiPolygon\"") != std::string::npos
                     ? "areas"
                     : "reports";
        }
        if (kind == "areas") {
          auto areas = s.reference.import_areas(who, m, content, *repair);
          std::cout << "imported " << areas.size() << " areas\n";
        } else if (kind == "reports") {
          auto summary = s.reports.import_geojson_reports(who, m, content);
          std::cout << "imported " << summary.rows << " reports: " << summary.inserted << " new, "
                    << summary.duplicates << " already stored\n";
        } else {
          throw ServiceError::invalid("--as", "must be areas or reports");
        }
      });
    });
  }
  register_police_import(group);
}

void register_export(CLI::App& app) {
  auto* group = app.add_subcommand("export", "Export reports (CSV or GeoJSON)");
  group->require_subcommand(1);
  for (const char* format : {"csv", "geojson"}) {
    auto* cmd = group->add_subcommand(format, std::string("Export reports as ") + format);
    auto* c = make_option_storage<Common>();
    auto* f = make_option_storage<ReportFilter>();
    auto* from = make_option_storage<std::string>();
    auto* to = make_option_storage<std::string>();
    add_common(cmd, *c, true);
    cmd->add_option("--from", *from, "Start (ISO 8601, local time without offset)");
    cmd->add_option("--to", *to, "End, exclusive");
    cmd->add_option("--area", f->areas, "Area name or id (repeatable)");
    cmd->add_option("--category", f->categories,
                    "Category code or name (repeatable; includes sub-categories)");
    cmd->add_option("--organisation", f->organisations, "Organisation name (repeatable)");
    const std::string fmt = format;
    cmd->callback([c, f, from, to, fmt] {
      run(*c, [&](Services& s) {
        const auto who = Principal::operator_cli();
        f->municipality = s.reports.municipality_for(who, c->municipality);
        std::string why;
        if (!from->empty() && !(f->from = parse_timestamp(*from, &why)))
          throw ServiceError::invalid("--from", why);
        if (!to->empty() && !(f->to = parse_timestamp(*to, &why)))
          throw ServiceError::invalid("--to", why);
        auto reports = s.reports.all(who, *f);
        auto ctx = s.reports.context(f->municipality);
        write_output(c->out, fmt == "csv" ? report::reports_to_csv(reports, *ctx)
                                          : report::reports_to_geojson(reports, *ctx));
        if (!c->out.empty())
          std::cerr << "exported " << reports.size() << " reports to " << c->out << "\n";
      });
    });
  }
}

void register_demo(CLI::App& app) {
  auto* cmd = app.add_subcommand("demo", "Create the demo municipality (simulated, deterministic)");
  auto* c = make_option_storage<Common>();
  auto* seed = make_option_storage<std::uint64_t>(1);
  cmd->add_option("--db", c->db, "Database file to create (must not exist)")->required();
  cmd->add_option("--seed", *seed, "Random seed");
  cmd->callback([c, seed] {
    if (::access(c->db.c_str(), F_OK) == 0) {
      std::cerr << "error: '" << c->db << "' exists; the demo writes a new database\n";
      set_exit_code(1);
      return;
    }
    run(*c, [&](Services& s) {
      demo::DemoOptions options;
      options.seed = *seed;
      const auto world = demo::generate_demo(options);
      const auto summary = demo::write_demo(s.store, world);
      const auto truth = demo::ground_truth_path(c->db);
      demo::write_ground_truth(world, truth);
      std::cout << "demo municipality " << summary.municipality << ": " << summary.organisations
                << " organisations, " << summary.areas << " areas, " << summary.places
                << " places, " << summary.users << " users, " << summary.reports_inserted
                << " reports (" << world.first_week << " to " << world.last_week << ")\n"
                << "ground truth: " << truth.string() << "\n"
                << "demo users log in with the password '" << demo::kDemoPassword << "'\n";
    });
  });
}

}  // namespace

void register_commands(CLI::App& app) {
  register_serve(app);
  register_situation(app);
  register_analysis(app);
  register_national(app);
  register_measures(app);
  register_forums(app);
  register_surveys(app);
  register_municipality(app);
  register_organisation(app);
  register_user(app);
  register_import(app);
  register_export(app);
  register_demo(app);
  register_migrate(app);
  register_trust(app);
  register_trust_data(app);
}

}  // namespace lagesbild::cli

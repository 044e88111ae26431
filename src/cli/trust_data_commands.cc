// The local operator's commands for retention, open data and backups (docs/TRUST.md):
// `retention show|set|apply`, `export open-data`, `backup` and `restore`. Owns only parsing and
// printing.
#include <iostream>

#include "cli/common.h"
#include "domain/retention.h"
#include "report/open_data.h"
#include "service/report_service.h"
#include "service/service_error.h"
#include "store/audit_chain.h"
#include "store/backup.h"

namespace lagesbild::cli {
namespace {

std::string months_text(const std::optional<int>& m) {
  return m ? std::to_string(*m) + " months" : std::string("kept");
}

// "keep" or a whole number of months, as --free-text-months and --points-months take it.
std::optional<int> months_option(const std::string& value, const char* option) {
  if (value == "keep") return std::nullopt;
  std::size_t used = 0;
  int n = 0;
  try {
    n = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty() || n < 1 || n > kMaxRetentionMonths) {
    throw ServiceError::invalid(option, "must be a whole number of months from 1 to " +
                                            std::to_string(kMaxRetentionMonths) + ", or keep");
  }
  return n;
}

void register_retention(CLI::App& app) {
  auto* group = app.add_subcommand(
      "retention", "Purge reports' free text and exact points after N months (docs/TRUST.md)");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("show", "A municipality's retention settings");
    auto* c = make_option_storage<Common>();
    add_common(cmd, *c);
    cmd->callback([c] {
      run(*c, [&](Services& s) {
        const auto who = Principal::operator_cli();
        const std::string m = s.reports.municipality_for(who, c->municipality);
        const RetentionSettings r = s.retention.settings(who, m);
        std::cout << "municipality " << m << ": free text " << months_text(r.free_text_months)
                  << ", exact points " << months_text(r.points_months) << "\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("set", "Set a municipality's retention (months or keep)");
    auto* c = make_option_storage<Common>();
    auto* text = make_option_storage<std::string>();
    auto* points = make_option_storage<std::string>();
    add_common(cmd, *c);
    cmd->add_option("--free-text-months", *text, "Months reports keep their free text, or keep")
        ->required();
    cmd->add_option("--points-months", *points, "Months reports keep exact points, or keep")
        ->required();
    cmd->callback([c, text, points] {
      run(*c, [&](Services& s) {
        const auto who = Principal::operator_cli();
        const std::string m = s.reports.municipality_for(who, c->municipality);
        const RetentionSettings r =
            s.retention.set_settings(who, m,
                                     {months_option(*text, "--free-text-months"),
                                      months_option(*points, "--points-months")});
        std::cout << "municipality " << m << ": free text " << months_text(r.free_text_months)
                  << ", exact points " << months_text(r.points_months) << "\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand(
        "apply", "Apply the retention settings now: one transaction and audit entry each");
    auto* c = make_option_storage<Common>();
    auto* dry = make_option_storage<bool>(false);
    add_common(cmd, *c);
    cmd->add_flag("--dry-run", *dry, "Count what would be purged; change nothing");
    cmd->callback([c, dry] {
      run(*c, [&](Services& s) {
        const auto runs =
            s.retention.apply(Principal::operator_cli(), c->municipality, now_utc(), *dry);
        if (runs.empty()) std::cout << "no municipality has retention settings\n";
        for (const RetentionRun& r : runs) {
          if (!r.free_text_before && !r.points_before) {
            std::cout << r.municipality << ": no retention settings, nothing to do\n";
            continue;
          }
          const RetentionCounts& n = r.counts;
          std::cout << r.municipality << (r.dry_run ? " (dry run, nothing changed)" : "") << ":";
          if (r.free_text_before) {
            std::cout << " free text before " << format_local(*r.free_text_before) << ": "
                      << n.report_texts << " reports, " << n.police_summary_texts
                      << " police summaries, " << n.walk_observation_texts << " walk observations;";
          }
          if (r.points_before) {
            std::cout << " exact points before " << format_local(*r.points_before) << ": "
                      << n.report_points_to_area << " to their area, "
                      << n.report_points_to_municipality << " to the municipality";
            if (n.points_without_area > 0) {
              std::cout << ", " << n.points_without_area
                        << " kept (no area, and the municipality has no boundary)";
            }
          }
          std::cout << "\n";
        }
      });
    });
  }
}

void register_open_data_export(CLI::App& app) {
  auto* group = app.get_subcommand("export");
  auto* cmd = group->add_subcommand(
      "open-data", "Weekly counts per area and main category, small counts suppressed");
  auto* c = make_option_storage<Common>();
  auto* from = make_option_storage<std::string>();
  auto* to = make_option_storage<std::string>();
  auto* format = make_option_storage<std::string>("csv");
  add_common(cmd, *c, true);
  cmd->add_option("--from-week", *from, "First ISO week, e.g. 2026-W40")->required();
  cmd->add_option("--to-week", *to, "Last ISO week, inclusive")->required();
  cmd->add_option("--format", *format, "csv (default) or json")
      ->check(CLI::IsMember({"csv", "json"}));
  cmd->callback([c, from, to, format] {
    run(*c, [&](Services& s) {
      const std::string m = s.reports.municipality_for(Principal::operator_cli(), c->municipality);
      const OpenCounts counts = s.open_data.weekly_counts(m, *from, *to);
      write_output(c->out,
                   *format == "json" ? open_counts_json(counts) + "\n" : open_counts_csv(counts));
    });
  });
}

// Like run(), without opening the store first (backup and restore open it themselves).
template <class Fn>
void run_plain(Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    report_failure(e);
  }
}

void register_backup(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand(
        "backup", "A consistent copy of the database, also while the server writes");
    auto* db = make_option_storage<std::string>();
    auto* out = make_option_storage<std::string>();
    cmd->add_option("--db", *db, "Database: a SQLite file path or a postgresql:// URL")->required();
    cmd->add_option("--out", *out, "Backup file to write")->required();
    cmd->callback([db, out] {
      run_plain([&] {
        const BackupSummary b = backup_database(*db, *out);
        std::cout << "backup of " << b.engine << " database written to " << *out << " (" << b.bytes
                  << " bytes)\n";
      });
    });
  }
  {
    auto* cmd = app.add_subcommand(
        "restore", "Restore a backup into an empty database and verify its access log");
    auto* in = make_option_storage<std::string>();
    auto* db = make_option_storage<std::string>();
    auto* force = make_option_storage<bool>(false);
    cmd->add_option("--in", *in, "Backup file (from lagesbild backup)")->required();
    cmd->add_option("--db", *db, "Target database: a SQLite file path or a postgresql:// URL")
        ->required();
    cmd->add_flag("--force", *force, "Replace a target that holds data");
    cmd->callback([in, db, force] {
      run_plain([&] {
        restore_database(*in, *db, *force);
        auto store = open_store(*db);
        const AuditVerification v = verify_audit_chain(*store);
        std::cout << "restored " << *in << ": " << store->municipalities().size()
                  << " municipalities, " << store->users().size() << " users\n";
        if (!v.ok()) {
          std::cout << "access log broken at entry " << *v.bad_id << ": " << v.problem << "\n";
          set_exit_code(1);
          return;
        }
        std::cout << "access log ok, " << v.entries << " entries (head " << store->audit_head().hash
                  << ")\n";
        Principal who = Principal::operator_cli();
        store->transaction(
            [&] { store->audit(audit_entry(who, "", "database.restore", "backup " + *in)); });
      });
    });
  }
}

}  // namespace

void register_trust_data(CLI::App& app) {
  register_retention(app);
  register_open_data_export(app);
  register_backup(app);
}

}  // namespace lagesbild::cli

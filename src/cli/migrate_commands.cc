// `lagesbild migrate`: copies municipalities from one database to another (a SQLite file to
// PostgreSQL) through the Store interface, one transaction per municipality, and prints the
// counts it checked (service/municipality_copy.h). Thin: opens both stores and calls the copy.
#include <iomanip>
#include <iostream>

#include "cli/common.h"
#include "service/municipality_copy.h"

namespace lagesbild::cli {

void register_migrate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "migrate", "Copy municipalities' data to another database (e.g. SQLite to PostgreSQL)");
  struct Args {
    std::string from, to;
    std::vector<std::string> municipalities;
  };
  auto* a = make_option_storage<Args>();
  cmd->add_option("--from", a->from, "Source database (a SQLite file or a URL)")->required();
  cmd->add_option("--to", a->to, "Target database (postgresql://... or a SQLite file)")->required();
  cmd->add_option("--municipality", a->municipalities,
                  "Municipality code (repeatable; default: every municipality of the source)");
  cmd->callback([a] {
    try {
      auto from = open_store(a->from);
      auto to = open_store(a->to);
      std::vector<std::string> codes = a->municipalities;
      if (codes.empty())
        for (const Municipality& m : from->municipalities()) codes.push_back(m.code);
      for (const std::string& code : codes) {
        const MunicipalityCopy copy = copy_municipality(*from, *to, code);
        std::cout << "copied municipality " << code << " to " << to->describe()
                  << " (counts checked in the target before commit):\n";
        for (const auto& [kind, n] : copy.source) {
          std::cout << "  " << std::left << std::setw(32) << kind << std::right << std::setw(10)
                    << n << std::setw(10) << copy.target.at(kind) << "\n";
        }
        for (const std::string& left_out : copy.not_copied)
          std::cout << "  not copied: " << left_out << "\n";
      }
    } catch (const std::exception& e) {
      report_failure(e);
    }
  });
}

}  // namespace lagesbild::cli

// What every CLI command shares: the common options (--db, --municipality, --out), reading and
// writing files, and running a command body with the store open and errors printed the way
// users need them (every problem with its field or line). Used by commands.cc and
// situation_commands.cc only.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "service/services.h"

namespace lagesbild::cli {

// Option values must outlive register_commands (CLI11 writes them during parse); they live here
// until exit.
template <class T, class... Args>
T* make_option_storage(Args&&... args) {
  static std::vector<std::shared_ptr<void>> storage;
  auto p = std::make_shared<T>(std::forward<Args>(args)...);
  storage.push_back(p);
  return p.get();
}

// Options every command shares.
struct Common {
  std::string db;
  std::string municipality;
  std::string out;
};

void add_common(CLI::App* cmd, Common& c, bool with_out = false);
// The whole file; ServiceError(bad_request) when it cannot be read.
std::string read_file(const std::string& path);
// To stdout when `out` is empty, else to the file, replaced atomically (written beside it, then
// renamed): a failed run never leaves half a file.
void write_output(const std::string& out, const std::string& content);

// Prints the error of a failed command body to stderr and sets the exit code to 1.
void report_failure(const std::exception& e);
void set_exit_code(int code);

// Runs a command body with the store open.
template <class Fn>
void run(const Common& c, Fn&& fn) {
  try {
    auto store = open_store(c.db);
    Services services(*store);
    fn(services);
  } catch (const std::exception& e) {
    report_failure(e);
  }
}

void register_situation(CLI::App& app);
void register_analysis(CLI::App& app);
// `import polisen` under the import group (police_commands.cc); `migrate` (migrate_commands.cc).
void register_police_import(CLI::App* import_group);
void register_migrate(CLI::App& app);
void register_measures(CLI::App& app);
// `national init` (national_commands.cc).
void register_national(CLI::App& app);
// `group`, `meeting`, `decision`, `agreement`, `forum` (forum_commands.cc).
void register_forums(CLI::App& app);
// `survey import|list|trends`, `action-plan`, `annual-report` (survey_commands.cc).
void register_surveys(CLI::App& app);
// `audit verify|list` and `municipality set` (trust_commands.cc), after register_municipality.
void register_trust(CLI::App& app);
// `retention`, `export open-data`, `backup`, `restore` (trust_data_commands.cc), after
// register_export.
void register_trust_data(CLI::App& app);

}  // namespace lagesbild::cli

// The command-line front end: one contract for every command (--db, --municipality, positional
// files, --out). A thin adapter over the services, like the HTTP server.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Logs go to stderr, so stdout carries only a command's output (CSV, GeoJSON, summaries).
  spdlog::set_default_logger(spdlog::stderr_color_mt("lagesbild"));
  CLI::App app{"Lägesbild – gemensam lägesbild för EST (effektiv samordning för trygghet)"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  lagesbild::cli::register_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return lagesbild::cli::exit_code();
}

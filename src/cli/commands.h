// CLI commands. Each registers itself on the app and runs through the services with the local
// operator principal (whoever holds the database file holds the data).
#pragma once

#include <CLI/CLI.hpp>

namespace lagesbild::cli {

void register_commands(CLI::App& app);
// The exit code of the command that ran: 0 ok, 1 rejected input or failure.
int exit_code();

}  // namespace lagesbild::cli

#include "cli/common.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "service/service_error.h"

namespace lagesbild::cli {
namespace {
int g_exit = 0;
}  // namespace

void add_common(CLI::App* cmd, Common& c, bool with_out) {
  cmd->add_option("--db", c.db, "Database: a SQLite file path or a postgresql:// URL")->required();
  cmd->add_option("--municipality", c.municipality,
                  "Municipality code; optional when the database holds one");
  if (with_out) cmd->add_option("--out", c.out, "Write to this file instead of stdout");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw ServiceError(ServiceError::Kind::bad_request, "cannot read '" + path + "'");
  // A regular file is read in one piece into a string of its size: copying through a
  // stringstream took a tenth of a second for a 100 MB import. Pipes have no size.
  if (const std::streamoff size = in.tellg(); size >= 0) {
    std::string content(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (in.read(content.data(), size)) return content;
    throw ServiceError(ServiceError::Kind::bad_request, "cannot read '" + path + "'");
  }
  in.clear();
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_output(const std::string& out, const std::string& content) {
  if (out.empty()) {
    std::cout << content;
    return;
  }
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f) throw ServiceError(ServiceError::Kind::bad_request, "cannot write '" + out + "'");
  }
  std::rename(tmp.c_str(), out.c_str());
}

void report_failure(const std::exception& e) {
  const auto* se = dynamic_cast<const ServiceError*>(&e);
  if (se && !se->errors().empty()) {
    std::cerr << "error: " << se->errors().size() << " problem(s):\n";
    for (const auto& err : se->errors()) std::cerr << "  " << err.to_string() << "\n";
  } else {
    std::cerr << "error: " << e.what() << "\n";
  }
  g_exit = 1;
}

void set_exit_code(int code) { g_exit = code; }
int exit_code() { return g_exit; }

}  // namespace lagesbild::cli

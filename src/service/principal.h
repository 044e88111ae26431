// Who is asking, and what their roles let them do. Every read and write in the service layer is
// scoped through these checks; the full role matrix is documented in docs/ACCESS.md.
//
// Owns: the role -> capability mapping. May use: domain/. Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace lagesbild {

enum class Capability {
  report_create,        // reporter and up: report for an organisation the user belongs to
  report_read_own,      // reporter: the reports of their own organisation(s)
  report_read_all,      // analyst, coordinator, admin: every report of the municipality
  report_review,        // analyst, coordinator, admin
  reference_manage,     // coordinator, admin: categories, areas, places
  organisation_manage,  // admin
  user_manage,          // admin
  settings_manage,      // admin: the municipality's settings (personal data policy)
  import_files,         // coordinator, admin
  situation_write,      // analyst, coordinator, admin: the assessment and area statuses
  measure_manage,       // coordinator, admin: register measures, edit them, change status
  measure_follow_up,    // analyst, coordinator, admin: follow-up notes on any measure
  safety_walk_write,    // analyst, coordinator, admin: safety walks and their observations
};

struct Principal {
  std::optional<Id> user_id;  // empty for the local operator (CLI with file access)
  std::string username;
  std::vector<RoleGrant> grants;
  bool local_operator = false;  // the CLI run by someone who holds the database file
  std::string address;          // client address for the audit log, "cli" for the CLI

  static Principal operator_cli();

  // True when some grant in `municipality` gives the capability.
  bool can(const std::string& municipality, Capability c) const;
  // The organisations the user reports for in the municipality (from their grants).
  std::vector<Id> organisations(const std::string& municipality) const;
  // Municipalities in which the user holds any role.
  std::vector<std::string> municipalities() const;
};

}  // namespace lagesbild

#include "service/principal.h"

#include <algorithm>

namespace lagesbild {
namespace {

bool role_has(Role role, Capability c) {
  switch (c) {
    case Capability::report_create:
      return role != Role::viewer;
    case Capability::report_read_own:
      return role != Role::viewer;
    case Capability::report_read_all:
    case Capability::report_review:
    case Capability::situation_write:
    case Capability::measure_follow_up:
    case Capability::safety_walk_write:
      return role == Role::analyst || role == Role::coordinator || role == Role::admin;
    case Capability::reference_manage:
    case Capability::import_files:
    case Capability::measure_manage:
      return role == Role::coordinator || role == Role::admin;
    case Capability::organisation_manage:
    case Capability::user_manage:
    case Capability::settings_manage:
      return role == Role::admin;
  }
  return false;
}

}  // namespace

Principal Principal::operator_cli() {
  Principal p;
  p.local_operator = true;
  p.username = "cli";
  p.address = "cli";
  return p;
}

bool Principal::can(const std::string& municipality, Capability c) const {
  if (local_operator) return true;
  return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& g) {
    return g.municipality == municipality && role_has(g.role, c);
  });
}

std::vector<Id> Principal::organisations(const std::string& municipality) const {
  std::vector<Id> out;
  for (const auto& g : grants) {
    if (g.municipality == municipality &&
        std::find(out.begin(), out.end(), g.organisation_id) == out.end()) {
      out.push_back(g.organisation_id);
    }
  }
  return out;
}

std::vector<std::string> Principal::municipalities() const {
  std::vector<std::string> out;
  for (const auto& g : grants) {
    if (std::find(out.begin(), out.end(), g.municipality) == out.end()) {
      out.push_back(g.municipality);
    }
  }
  return out;
}

}  // namespace lagesbild

// The trust commands of the local operator (docs/TRUST.md): `audit verify|list` (the access log's
// hash chain; the walk is store/audit_chain.h) and `municipality set --personal-data`. Owns only
// parsing and printing.
#include <iostream>

#include "cli/common.h"
#include "domain/time.h"
#include "store/audit_chain.h"

namespace lagesbild::cli {

namespace {

void register_municipality_set(CLI::App& app) {
  auto* group = app.get_subcommand("municipality");
  auto* cmd = group->add_subcommand("set", "Change a municipality's settings");
  auto* c = make_option_storage<Common>();
  auto* policy = make_option_storage<std::string>();
  add_common(cmd, *c);
  cmd->add_option("--personal-data", *policy,
                  "warn: store reports whose text holds personal data, with a warning; block: "
                  "refuse them")
      ->required()
      ->check(CLI::IsMember({"warn", "block"}));
  cmd->callback([c, policy] {
    run(*c, [&](Services& s) {
      const auto who = Principal::operator_cli();
      const std::string m = s.reports.municipality_for(who, c->municipality);
      s.reference.set_personal_data_policy(
          who, m, *policy == "block" ? PersonalDataPolicy::block : PersonalDataPolicy::warn);
      std::cout << "municipality " << m << ": personal data policy " << *policy << "\n";
    });
  });
}

}  // namespace

void register_trust(CLI::App& app) {
  register_municipality_set(app);
  auto* group = app.add_subcommand("audit", "The access log: verify its hash chain, list it");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand(
        "verify", "Walk the hash chain; exit 1 at the first entry edited, removed or inserted");
    auto* c = make_option_storage<Common>();
    cmd->add_option("--db", c->db, "Database: a SQLite file path or a postgresql:// URL")
        ->required();
    cmd->callback([c] {
      run(*c, [&](Services& s) {
        const AuditVerification v = verify_audit_chain(s.store);
        if (v.ok()) {
          std::cout << "ok, " << v.entries << " entries (head " << s.store.audit_head().hash
                    << ")\n";
          return;
        }
        std::cout << "broken at entry " << *v.bad_id << ": " << v.problem << " (" << v.entries
                  << " entries intact before it)\n";
        set_exit_code(1);
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "The newest entries of the access log, newest first");
    auto* c = make_option_storage<Common>();
    auto* limit = make_option_storage<std::size_t>(50);
    cmd->add_option("--db", c->db, "Database: a SQLite file path or a postgresql:// URL")
        ->required();
    cmd->add_option("--limit", *limit, "How many entries (default 50)");
    cmd->callback([c, limit] {
      run(*c, [&](Services& s) {
        for (const ChainedAuditEntry& e : s.store.audit_chain(0, *limit, true)) {
          std::cout << e.id << '\t' << format_utc(e.entry.at) << '\t'
                    << (e.entry.user_id ? std::to_string(*e.entry.user_id) : "-") << '\t'
                    << e.entry.municipality << '\t' << e.entry.action << '\t' << e.entry.object
                    << '\t' << e.entry.address << '\t' << e.hash.substr(0, 16) << '\n';
        }
      });
    });
  }
}

}  // namespace lagesbild::cli

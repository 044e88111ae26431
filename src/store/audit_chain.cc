// The access log's hash chain (see audit_chain.h).
#include "store/audit_chain.h"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "domain/time.h"

namespace lagesbild {

namespace {

constexpr std::size_t kPage = 10'000;

void field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += ';';
}

}  // namespace

std::string audit_canonical(Id id, const AuditEntry& e, std::string_view prev_hash) {
  std::string out = "lagesbild-audit-v1";
  field(out, std::to_string(id));
  field(out, std::to_string(to_unix(e.at)));
  field(out, e.user_id ? std::to_string(*e.user_id) : std::string());
  field(out, e.municipality);
  field(out, e.action);
  field(out, e.object);
  field(out, e.address);
  field(out, prev_hash);
  return out;
}

std::string audit_entry_hash(Id id, const AuditEntry& e, std::string_view prev_hash) {
  // sodium_init is idempotent and thread-safe; it only fails when no entropy source exists,
  // which hashing does not need.
  static const int init = sodium_init();
  (void)init;
  const std::string bytes = audit_canonical(id, e, prev_hash);
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr,
                     0);
  std::array<char, 65> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return std::string(hex.data(), 64);
}

// Writers keep appending while this walks (the server does not stop for it), so the walk is
// checked against the head read before it (`before`): the chain must pass through exactly that
// head. Entries past it must chain on from it and must be recorded by the head read after the
// walk, because an append commits its entries and its head in one transaction: an entry that no
// head ever recorded was inserted.
AuditVerification verify_audit_chain(Store& store) {
  const AuditHead before = store.audit_head();
  AuditVerification v;
  std::string prev_hash(kAuditGenesis);
  std::optional<Id> prev_id;
  bool head_checked = false;
  std::vector<Id> newer;  // entries appended after `before`
  auto fail = [&](Id id, std::string problem) {
    v.bad_id = id;
    v.problem = std::move(problem);
    return v;
  };
  // The chain so far must end exactly at the head `before` records.
  auto head_problem = [&]() -> std::optional<std::string> {
    head_checked = true;
    if (v.entries == before.entries && prev_hash == before.hash &&
        prev_id.value_or(0) == before.last_id) {
      return std::nullopt;
    }
    return "the chain reaches entry " + std::to_string(prev_id.value_or(0)) + " after " +
           std::to_string(v.entries) + " entries, but its head records entry " +
           std::to_string(before.last_id) + " after " + std::to_string(before.entries) +
           ": the newest entries were removed";
  };
  for (Id after = 0;;) {
    const std::vector<ChainedAuditEntry> page = store.audit_chain(after, kPage, false);
    for (const ChainedAuditEntry& c : page) {
      const std::string id = std::to_string(c.id);
      if (!head_checked && c.id > before.last_id) {
        if (auto problem = head_problem()) return fail(before.last_id, *problem);
      }
      if (c.hash.empty()) {
        return fail(c.id, "entry " + id + " has no hash: it was inserted outside Lägesbild");
      }
      if (audit_entry_hash(c.id, c.entry, c.prev_hash) != c.hash) {
        return fail(c.id, "entry " + id + " was edited: its contents do not match its hash");
      }
      if (c.prev_hash != prev_hash) {
        return fail(c.id, prev_id ? "entry " + id + " does not follow entry " +
                                        std::to_string(*prev_id) +
                                        ": an entry between them was removed, or one of them "
                                        "was replaced or inserted"
                                  : "entry " + id +
                                        " does not start the chain: the entries before it "
                                        "were removed");
      }
      if (c.id > before.last_id) newer.push_back(c.id);
      prev_hash = c.hash;
      prev_id = c.id;
      ++v.entries;
    }
    if (page.size() < kPage) break;
    after = page.back().id;
  }
  if (!head_checked) {
    if (auto problem = head_problem()) return fail(before.last_id, *problem);
  }
  if (!newer.empty()) {
    const AuditHead now = store.audit_head();
    for (const Id id : newer) {
      if (id > now.last_id) {
        return fail(id, "entry " + std::to_string(id) + " comes after the recorded head (entry " +
                            std::to_string(now.last_id) + "): it was inserted");
      }
    }
  }
  return v;
}

}  // namespace lagesbild

// The access log's hash chain: every entry carries the hash of the entry before it, so editing,
// removing or inserting an entry with SQL breaks the chain where it happened.
//
// Owns: the canonical serialisation of an entry, its BLAKE2b-256 hash (libsodium), and the walk
// that verifies a stored chain. May use: domain/, the Store interface (no SQL). The engines call
// audit_entry_hash() when they append; `lagesbild audit verify` calls verify_audit_chain().
// Thread-safety: pure functions; verify_audit_chain reads through a Store, which is thread-safe.
//
// Format (docs/TRUST.md): hash = hex(BLAKE2b-256("lagesbild-audit-v1" || field...)), each field
// written as <decimal byte length> ':' <bytes> ';' in this order: id, at (unix seconds), user_id
// (empty when none), municipality, action, object, address, prev_hash. The first entry's
// prev_hash is kAuditGenesis.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.h"

namespace lagesbild {

// The prev_hash of the first entry: 64 hex zeros.
inline constexpr std::string_view kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The canonical bytes hashed for entry `id` chained after `prev_hash`.
std::string audit_canonical(Id id, const AuditEntry& e, std::string_view prev_hash);
// Lowercase hex of BLAKE2b-256 over audit_canonical(id, e, prev_hash).
std::string audit_entry_hash(Id id, const AuditEntry& e, std::string_view prev_hash);

struct AuditVerification {
  std::int64_t entries = 0;  // entries walked before the first problem (all of them when ok)
  std::optional<Id> bad_id;  // the first entry found edited, removed or inserted
  std::string problem;       // what is wrong there; empty when the chain is intact
  bool ok() const { return problem.empty(); }
};

// Walks the whole chain oldest first, in pages, and checks each entry's hash, its link to the
// entry before it, and that the chain passes through the head stored before the walk (count,
// last id, last hash), so that removing the newest entries shows too. Writers may append during
// the walk: their entries must chain on and be recorded by the head after it. Returns the first
// problem. Throws StoreError.
AuditVerification verify_audit_chain(Store& store);

}  // namespace lagesbild

// Backup and restore of a whole database (docs/TRUST.md, "Backup and restore").
//
// SQLite: the online backup API (sqlite3_backup_*) copies the database in one read transaction,
// so the copy is consistent while a server writes; the file is a plain SQLite database (rollback
// journal, no WAL) that sqlite3 opens. PostgreSQL: pg_dump's custom format (restored with
// pg_restore), the tools found in `pg_config --bindir` or on PATH.
//
// Owns: the copying and the checks around it. May use: SQLite, libpq, the PostgreSQL client tools.
// Thread-safety: the functions are independent; run one at a time per target.
// Errors: throw StoreError with a message for the operator (what, which file, why).
#pragma once

#include <cstdint>
#include <string>

namespace lagesbild {

struct BackupSummary {
  std::string engine;  // "sqlite" or "postgresql"
  std::uintmax_t bytes = 0;
};

// Writes a consistent copy of the database at `url` (a SQLite path or "sqlite:PATH", or a
// postgresql:// URL) to `out_file`: written beside it and renamed, so a failure leaves no partial
// file and an existing file is replaced only by a complete backup.
BackupSummary backup_database(const std::string& url, const std::string& out_file);

// Restores `in_file` into the database at `url`. The file is checked first (its engine must be
// the target's; a SQLite file must pass integrity_check, a dump pg_restore --list); a target that
// holds data (any municipality, user or access-log entry) is refused unless `force`. The restore
// is one transaction on the target: when it fails, the target is as it was (a SQLite target that
// did not exist is removed again). The caller verifies the access log afterwards.
void restore_database(const std::string& in_file, const std::string& url, bool force);

}  // namespace lagesbild

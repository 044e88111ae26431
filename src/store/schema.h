// The versioned schema of the SQL engines. Migration N takes a database from version N-1 to N
// (SQLite's user_version, PostgreSQL's schema_migration table); they are applied in order, each in
// its own transaction, and never edited once released: a change is a new migration appended to the
// list.
#pragma once

#include <string_view>
#include <vector>

namespace lagesbild {

// SQLite dialect. Index i holds migration i+1.
const std::vector<std::string_view>& sqlite_migrations();
// PostgreSQL dialect: the same tables, columns, constraints and versions. Index i holds
// migration i+1.
const std::vector<std::string_view>& postgres_migrations();

}  // namespace lagesbild

// The one place an engine is chosen by the database's URL.
#include "store/pg_store.h"
#include "store/sqlite_store.h"

namespace lagesbild {

std::unique_ptr<Store> open_store(const std::string& url) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return std::make_unique<PgStore>(url);
  }
  const std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
  if (path.empty()) throw StoreError("no database path given");
  return std::make_unique<SqliteStore>(path);
}

}  // namespace lagesbild

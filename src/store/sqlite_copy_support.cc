// SqliteStore's listings that copying a municipality to another database needs (and nothing
// else reads): the periods that hold assessments.
#include "store/sqlite_store_internal.h"

namespace lagesbild {

std::vector<std::string> SqliteStore::assessment_periods(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT period FROM assessment WHERE municipality = ? GROUP BY period ORDER BY min(id)");
    s.bind(1, municipality);
    std::vector<std::string> out;
    while (s.executeStep()) out.push_back(s.getColumn(0).getString());
    return out;
  });
}

}  // namespace lagesbild

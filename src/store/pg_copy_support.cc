// PgStore's listings that copying a municipality to another database needs (and nothing else
// reads): the periods that hold assessments.
#include "store/pg_store_internal.h"

namespace lagesbild {

std::vector<std::string> PgStore::assessment_periods(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT period FROM assessment WHERE municipality = $1 GROUP BY period ORDER BY min(id)",
        pg::Params().text(municipality));
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  });
}

}  // namespace lagesbild

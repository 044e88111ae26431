// The Store interface's default implementations (store.h), written over its other methods.
#include <map>
#include <unordered_map>

#include "store/store.h"

namespace lagesbild {

std::vector<MunicipalityCount> Store::count_by_municipality(UtcSeconds from, UtcSeconds to) {
  std::vector<MunicipalityCount> out;
  for (const Municipality& m : municipalities()) {
    std::unordered_map<Id, std::string> code_of;
    for (const Category& c : categories(m.code)) code_of.emplace(c.id, c.code);
    std::map<std::string, double> sums;
    ReportQuery q;
    q.municipality = m.code;
    q.from = from;
    q.to = to;
    q.limit = 100'000;
    for (;;) {
      const auto chunk = query_report_facts(q);
      for (const ReportFact& f : chunk) {
        if (f.occurred_from < from) continue;  // started before the range: not its report
        sums[code_of[f.category_id]] += f.count;
      }
      if (static_cast<int>(chunk.size()) < q.limit) break;
      q.after = ReportQuery::Cursor{chunk.back().occurred_from, chunk.back().id};
    }
    for (auto& [code, count] : sums) out.push_back({m.code, code, count});
  }
  return out;
}

}  // namespace lagesbild

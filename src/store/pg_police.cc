// PgStore's police summary events (domain/model.h PoliceSummary): idempotent inserts by the
// police's id, and reads per county and time.
#include "store/pg_store_internal.h"

namespace lagesbild {

std::size_t PgStore::insert_police_summaries(std::span<const PoliceSummary> summaries) {
  std::size_t inserted = 0;
  transaction([&] {
    write("police summary", [&](pg::Connection& c) {
      for (const PoliceSummary& p : summaries) {
        pg::Params params;
        params.text(p.external_id).text(p.county_code);
        if (p.municipality.empty())
          params.null();
        else
          params.text(p.municipality);
        params.integer(to_unix(p.occurred_at))
            .text(p.type)
            .text(p.title)
            .text(p.summary)
            .text(p.url);
        inserted += static_cast<std::size_t>(
            c.exec("INSERT INTO police_summary (external_id, county_code, municipality, "
                   "occurred_at, type, title, summary, url) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
                   "ON CONFLICT (external_id) DO NOTHING",
                   params)
                .affected());
      }
      return 0;
    });
  });
  return inserted;
}

std::vector<PoliceSummary> PgStore::police_summaries(const std::string& county_code,
                                                     UtcSeconds from, UtcSeconds to) {
  return read([&](pg::Connection& c) {
    const auto r = c.exec(
        "SELECT id, external_id, county_code, coalesce(municipality, ''), occurred_at, type, "
        "title, summary, url FROM police_summary WHERE county_code = $1 AND occurred_at >= $2 "
        "AND occurred_at < $3 ORDER BY occurred_at, id",
        pg::Params().text(county_code).integer(to_unix(from)).integer(to_unix(to)));
    std::vector<PoliceSummary> out;
    for (int i = 0; i < r.rows(); ++i) {
      PoliceSummary p;
      p.id = r.integer(i, 0);
      p.external_id = r.text(i, 1);
      p.county_code = r.text(i, 2);
      p.municipality = r.text(i, 3);
      p.occurred_at = from_unix(r.integer(i, 4));
      p.type = r.text(i, 5);
      p.title = r.text(i, 6);
      p.summary = r.text(i, 7);
      p.url = r.text(i, 8);
      out.push_back(std::move(p));
    }
    return out;
  });
}

}  // namespace lagesbild

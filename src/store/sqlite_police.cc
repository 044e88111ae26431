// SqliteStore's police summary events (domain/model.h PoliceSummary): idempotent inserts by the
// police's id, and reads per county and time.
#include "store/sqlite_store_internal.h"

namespace lagesbild {

using sqlite_detail::rethrow;

std::size_t SqliteStore::insert_police_summaries(std::span<const PoliceSummary> summaries) {
  std::size_t inserted = 0;
  transaction([&] {
    WriteLock lk(*this);
    try {
      SQLite::Statement& s = writer_->prepare(
          "INSERT INTO police_summary (external_id, county_code, municipality, occurred_at, type, "
          "title, summary, url) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (external_id) DO NOTHING");
      for (const PoliceSummary& p : summaries) {
        s.reset();
        s.bind(1, p.external_id);
        s.bind(2, p.county_code);
        if (p.municipality.empty())
          s.bind(3);
        else
          s.bind(3, p.municipality);
        s.bind(4, static_cast<int64_t>(to_unix(p.occurred_at)));
        s.bind(5, p.type);
        s.bind(6, p.title);
        s.bind(7, p.summary);
        s.bind(8, p.url);
        inserted += static_cast<std::size_t>(s.exec());
      }
    } catch (const SQLite::Exception& e) {
      rethrow(e, "police summary");
    }
  });
  return inserted;
}

std::vector<PoliceSummary> SqliteStore::police_summaries(const std::string& county_code,
                                                         UtcSeconds from, UtcSeconds to) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, external_id, county_code, coalesce(municipality, ''), occurred_at, type, "
        "title, summary, url FROM police_summary WHERE county_code = ? AND occurred_at >= ? AND "
        "occurred_at < ? ORDER BY occurred_at, id");
    s.bind(1, county_code);
    s.bind(2, static_cast<int64_t>(to_unix(from)));
    s.bind(3, static_cast<int64_t>(to_unix(to)));
    std::vector<PoliceSummary> out;
    while (s.executeStep()) {
      PoliceSummary p;
      p.id = s.getColumn(0).getInt64();
      p.external_id = s.getColumn(1).getString();
      p.county_code = s.getColumn(2).getString();
      p.municipality = s.getColumn(3).getString();
      p.occurred_at = from_unix(s.getColumn(4).getInt64());
      p.type = s.getColumn(5).getString();
      p.title = s.getColumn(6).getString();
      p.summary = s.getColumn(7).getString();
      p.url = s.getColumn(8).getString();
      out.push_back(std::move(p));
    }
    return out;
  });
}

}  // namespace lagesbild

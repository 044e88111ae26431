// The SQLite engine's survey values (trygghetsmätningar; see store.h for the contracts).
#include "store/sqlite_store.h"
#include "store/sqlite_store_internal.h"

namespace lagesbild {
namespace {

using sqlite_detail::bind_opt;
using sqlite_detail::opt_id;
using sqlite_detail::rethrow;

}  // namespace

std::size_t SqliteStore::put_survey_values(std::span<const SurveyValue> values) {
  std::size_t replaced = 0;
  transaction([&] {
    try {
      for (const SurveyValue& v : values) {
        if (v.area_id) {
          SQLite::Statement& a =
              writer_->prepare("SELECT count(*) FROM area WHERE id = ? AND municipality = ?");
          a.bind(1, static_cast<int64_t>(*v.area_id));
          a.bind(2, v.municipality);
          a.executeStep();
          const bool here = a.getColumn(0).getInt() == 1;
          a.reset();
          if (!here) {
            throw ConflictError("area " + std::to_string(*v.area_id) + " is not in municipality " +
                                v.municipality);
          }
        }
        SQLite::Statement& d = writer_->prepare(
            "DELETE FROM survey_value WHERE municipality = ? AND coalesce(area_id, 0) = ? AND "
            "year = ? AND indicator = ?");
        d.bind(1, v.municipality);
        d.bind(2, static_cast<int64_t>(v.area_id.value_or(0)));
        d.bind(3, v.year);
        d.bind(4, v.indicator);
        replaced += static_cast<std::size_t>(d.exec());
        SQLite::Statement& s = writer_->prepare(
            "INSERT INTO survey_value (municipality, area_id, year, indicator, share, "
            "respondents, imported_by, imported_at) VALUES (?,?,?,?,?,?,?,?)");
        s.bind(1, v.municipality);
        bind_opt(s, 2, v.area_id);
        s.bind(3, v.year);
        s.bind(4, v.indicator);
        s.bind(5, v.share);
        s.bind(6, static_cast<int64_t>(v.respondents));
        bind_opt(s, 7, v.imported_by ? std::optional<Id>(v.imported_by) : std::nullopt);
        s.bind(8, static_cast<int64_t>(to_unix(v.imported_at)));
        s.exec();
      }
    } catch (const SQLite::Exception& e) {
      rethrow(e, "survey value");
    }
  });
  return replaced;
}

std::vector<SurveyValue> SqliteStore::survey_values(const std::string& municipality) {
  return read([&](Conn& c) {
    SQLite::Statement& s = c.prepare(
        "SELECT id, municipality, area_id, year, indicator, share, respondents, imported_by, "
        "imported_at FROM survey_value WHERE municipality = ? "
        "ORDER BY indicator, coalesce(area_id, 0), year");
    s.bind(1, municipality);
    std::vector<SurveyValue> out;
    while (s.executeStep()) {
      SurveyValue v;
      v.id = s.getColumn(0).getInt64();
      v.municipality = s.getColumn(1).getString();
      v.area_id = opt_id(s.getColumn(2));
      v.year = s.getColumn(3).getInt();
      v.indicator = s.getColumn(4).getString();
      v.share = s.getColumn(5).getDouble();
      v.respondents = s.getColumn(6).getInt64();
      v.imported_by = opt_id(s.getColumn(7)).value_or(0);
      v.imported_at = from_unix(s.getColumn(8).getInt64());
      out.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace lagesbild

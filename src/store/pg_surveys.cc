// The PostgreSQL engine's survey values: the same table and order as sqlite_surveys.cc (see
// store.h for the contracts).
#include "store/pg_store.h"
#include "store/pg_store_internal.h"

namespace lagesbild {

std::size_t PgStore::put_survey_values(std::span<const SurveyValue> values) {
  std::size_t replaced = 0;
  transaction([&] {
    replaced = write("survey values", [&](pg::Connection& c) {
      std::size_t n = 0;
      for (const SurveyValue& v : values) {
        if (v.area_id && c.exec("SELECT count(*) FROM area WHERE id = $1 AND municipality = $2",
                                pg::Params().integer(*v.area_id).text(v.municipality))
                                 .integer(0, 0) != 1) {
          throw ConflictError("area " + std::to_string(*v.area_id) + " is not in municipality " +
                              v.municipality);
        }
        n += c.exec(
                  "DELETE FROM survey_value WHERE municipality = $1 AND coalesce(area_id, 0) = "
                  "$2 AND year = $3 AND indicator = $4",
                  pg::Params()
                      .text(v.municipality)
                      .integer(v.area_id.value_or(0))
                      .integer(v.year)
                      .text(v.indicator))
                 .affected();
        c.exec(
            "INSERT INTO survey_value (municipality, area_id, year, indicator, share, "
            "respondents, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            pg::Params()
                .text(v.municipality)
                .id(v.area_id)
                .integer(v.year)
                .text(v.indicator)
                .real(v.share)
                .integer(v.respondents)
                .id(v.imported_by ? std::optional<Id>(v.imported_by) : std::nullopt)
                .integer(to_unix(v.imported_at)));
      }
      return n;
    });
  });
  return replaced;
}

std::vector<SurveyValue> PgStore::survey_values(const std::string& municipality) {
  return read([&](pg::Connection& c) {
    // COLLATE "C": the same byte order as SQLite's, so both engines list alike.
    const auto r = c.exec(
        "SELECT id, municipality, area_id, year, indicator, share, respondents, imported_by, "
        "imported_at FROM survey_value WHERE municipality = $1 "
        "ORDER BY indicator COLLATE \"C\", coalesce(area_id, 0), year",
        pg::Params().text(municipality));
    std::vector<SurveyValue> out;
    for (int i = 0; i < r.rows(); ++i) {
      SurveyValue v;
      v.id = r.integer(i, 0);
      v.municipality = r.text(i, 1);
      v.area_id = r.opt_integer(i, 2);
      v.year = static_cast<int>(r.integer(i, 3));
      v.indicator = r.text(i, 4);
      v.share = r.real(i, 5);
      v.respondents = r.integer(i, 6);
      v.imported_by = r.opt_integer(i, 7).value_or(0);
      v.imported_at = from_unix(r.integer(i, 8));
      out.push_back(std::move(v));
    }
    return out;
  });
}

}  // namespace lagesbild

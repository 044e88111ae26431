// The PostgreSQL engine's retention settings and runs: the same steps as sqlite_retention.cc
// (see store.h for the contracts). Each UPDATE selects only what still holds text or an exact
// point, so a repeated run changes nothing; a dry run counts the same WHERE clauses.
#include "store/pg_store.h"
#include "store/pg_store_internal.h"

namespace lagesbild {
namespace {

std::optional<int> optional_int(const pg::Result& r, int row, int col) {
  if (r.null(row, col)) return std::nullopt;
  return static_cast<int>(r.integer(row, col));
}

pg::Params& months(pg::Params& p, const std::optional<int>& m) {
  return m ? p.integer(*m) : p.null();
}

// One step of a run: `set` applied to the rows of `table` that `where` selects. $1 is the
// municipality, $2 the cut-off; a point in `set` is $3..$6 (lat, lon, x, y).
struct Step {
  const char* table;
  const char* set;
  const char* where;
};

constexpr Step kReportTexts{"report", "description = ''",
                            "municipality = $1 AND occurred_from < $2 AND description <> ''"};
constexpr Step kPoliceTexts{"police_summary", "summary = ''",
                            "municipality = $1 AND occurred_at < $2 AND summary <> ''"};
constexpr Step kWalkTexts{
    "walk_observation", "description = ''",
    "municipality = $1 AND created_at < $2 AND status = 'done' AND description <> ''"};
constexpr Step kPointsToArea{
    "report", "lat = NULL, lon = NULL, x = NULL, y = NULL, location_precision = 'area'",
    "municipality = $1 AND occurred_from < $2 AND location_precision = 'exact' AND "
    "lat IS NOT NULL AND area_id IS NOT NULL"};
constexpr Step kPointsToMunicipality{
    "report", "lat = $3, lon = $4, x = $5, y = $6, location_precision = 'municipality'",
    "municipality = $1 AND occurred_from < $2 AND location_precision = 'exact' AND "
    "lat IS NOT NULL AND area_id IS NULL"};

}  // namespace

std::optional<RetentionSettings> PgStore::retention_settings(const std::string& municipality) {
  return read([&](pg::Connection& c) -> std::optional<RetentionSettings> {
    const auto r = c.exec(
        "SELECT retention_free_text_months, retention_points_months FROM municipality "
        "WHERE code = $1",
        pg::Params().text(municipality));
    if (r.rows() != 1) return std::nullopt;
    return RetentionSettings{optional_int(r, 0, 0), optional_int(r, 0, 1)};
  });
}

bool PgStore::set_retention_settings(const std::string& municipality,
                                     const RetentionSettings& settings) {
  return write("municipality " + municipality, [&](pg::Connection& c) {
           pg::Params p;
           months(p, settings.free_text_months);
           months(p, settings.points_months);
           p.text(municipality);
           return c.exec(
               "UPDATE municipality SET retention_free_text_months = $1, "
               "retention_points_months = $2 WHERE code = $3",
               p);
         }).affected() == 1;
}

RetentionCounts PgStore::apply_retention(const RetentionCut& cut) {
  RetentionCounts counts;
  transaction([&] {
    write("retention in municipality " + cut.municipality, [&](pg::Connection& c) {
      const auto count = [&](const Step& st, UtcSeconds before) {
        const auto r =
            c.exec(std::string("SELECT count(*) FROM ") + st.table + " WHERE " + st.where,
                   pg::Params().text(cut.municipality).integer(to_unix(before)));
        return r.integer(0, 0);
      };
      const auto step = [&](const Step& st, UtcSeconds before, const Location* point) {
        if (cut.dry_run) return count(st, before);
        pg::Params p;
        p.text(cut.municipality).integer(to_unix(before));
        if (point) p.real(point->lat).real(point->lon).real(point->x).real(point->y);
        return static_cast<std::int64_t>(
            c.exec(std::string("UPDATE ") + st.table + " SET " + st.set + " WHERE " + st.where, p)
                .affected());
      };
      if (cut.free_text_before) {
        counts.report_texts = step(kReportTexts, *cut.free_text_before, nullptr);
        counts.police_summary_texts = step(kPoliceTexts, *cut.free_text_before, nullptr);
        counts.walk_observation_texts = step(kWalkTexts, *cut.free_text_before, nullptr);
      }
      if (cut.points_before) {
        counts.report_points_to_area = step(kPointsToArea, *cut.points_before, nullptr);
        if (cut.municipality_point) {
          counts.report_points_to_municipality =
              step(kPointsToMunicipality, *cut.points_before, &*cut.municipality_point);
        } else {
          counts.points_without_area = count(kPointsToMunicipality, *cut.points_before);
        }
      }
      return true;
    });
  });
  return counts;
}

}  // namespace lagesbild

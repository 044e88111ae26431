// The SQLite engine's retention settings and runs (see store.h for the contracts). Each step of a
// run is one UPDATE whose WHERE clause selects only what still holds text or an exact point, so a
// run repeated changes nothing; a dry run counts the same WHERE clauses.
#include "store/sqlite_store.h"
#include "store/sqlite_store_internal.h"

namespace lagesbild {
namespace {

using sqlite_detail::rethrow;

std::optional<int> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt();
}

void bind_months(SQLite::Statement& s, int i, const std::optional<int>& months) {
  if (months)
    s.bind(i, *months);
  else
    s.bind(i);
}

// One step of a run: `set` applied to the rows of `table` that `where` selects (its first
// parameter is the municipality, its second the cut-off); `extra` binds what `set` needs.
struct Step {
  const char* table;
  const char* set;    // "description = ''" ...; its parameters come first
  const char* where;  // "municipality = ? AND occurred_from < ? AND ..."
};

constexpr Step kReportTexts{"report", "description = ''",
                            "municipality = ? AND occurred_from < ? AND description <> ''"};
constexpr Step kPoliceTexts{"police_summary", "summary = ''",
                            "municipality = ? AND occurred_at < ? AND summary <> ''"};
constexpr Step kWalkTexts{
    "walk_observation", "description = ''",
    "municipality = ? AND created_at < ? AND status = 'done' AND description <> ''"};
constexpr Step kPointsToArea{
    "report", "lat = NULL, lon = NULL, x = NULL, y = NULL, location_precision = 'area'",
    "municipality = ? AND occurred_from < ? AND location_precision = 'exact' AND "
    "lat IS NOT NULL AND area_id IS NOT NULL"};
constexpr Step kPointsToMunicipality{
    "report", "lat = ?, lon = ?, x = ?, y = ?, location_precision = 'municipality'",
    "municipality = ? AND occurred_from < ? AND location_precision = 'exact' AND "
    "lat IS NOT NULL AND area_id IS NULL"};

}  // namespace

std::optional<RetentionSettings> SqliteStore::retention_settings(const std::string& municipality) {
  return read([&](Conn& c) -> std::optional<RetentionSettings> {
    SQLite::Statement& s = c.prepare(
        "SELECT retention_free_text_months, retention_points_months FROM municipality "
        "WHERE code = ?");
    s.bind(1, municipality);
    if (!s.executeStep()) return std::nullopt;
    return RetentionSettings{optional_int(s.getColumn(0)), optional_int(s.getColumn(1))};
  });
}

bool SqliteStore::set_retention_settings(const std::string& municipality,
                                         const RetentionSettings& settings) {
  WriteLock lk(*this);
  try {
    SQLite::Statement& s = writer_->prepare(
        "UPDATE municipality SET retention_free_text_months = ?, retention_points_months = ? "
        "WHERE code = ?");
    bind_months(s, 1, settings.free_text_months);
    bind_months(s, 2, settings.points_months);
    s.bind(3, municipality);
    return s.exec() == 1;
  } catch (const SQLite::Exception& e) {
    rethrow(e, "municipality " + municipality);
  }
}

RetentionCounts SqliteStore::apply_retention(const RetentionCut& cut) {
  RetentionCounts counts;
  transaction([&] {
    try {
      // Runs (or counts) one step; returns the rows it changes.
      const auto step = [&](const Step& st, UtcSeconds before, const Location* point) {
        const int offset = point ? 4 : 0;
        if (cut.dry_run) {
          SQLite::Statement& s = writer_->prepare(std::string("SELECT count(*) FROM ") + st.table +
                                                  " WHERE " + st.where);
          s.bind(1, cut.municipality);
          s.bind(2, static_cast<int64_t>(to_unix(before)));
          s.executeStep();
          return static_cast<std::int64_t>(s.getColumn(0).getInt64());
        }
        SQLite::Statement& s = writer_->prepare(std::string("UPDATE ") + st.table + " SET " +
                                                st.set + " WHERE " + st.where);
        if (point) {
          s.bind(1, point->lat);
          s.bind(2, point->lon);
          s.bind(3, point->x);
          s.bind(4, point->y);
        }
        s.bind(offset + 1, cut.municipality);
        s.bind(offset + 2, static_cast<int64_t>(to_unix(before)));
        return static_cast<std::int64_t>(s.exec());
      };
      if (cut.free_text_before) {
        counts.report_texts = step(kReportTexts, *cut.free_text_before, nullptr);
        counts.police_summary_texts = step(kPoliceTexts, *cut.free_text_before, nullptr);
        counts.walk_observation_texts = step(kWalkTexts, *cut.free_text_before, nullptr);
      }
      if (cut.points_before) {
        counts.report_points_to_area = step(kPointsToArea, *cut.points_before, nullptr);
        if (cut.municipality_point) {
          // A dry run counts with the plain WHERE clause: the point binds only the SET.
          counts.report_points_to_municipality =
              step(kPointsToMunicipality, *cut.points_before,
                   cut.dry_run ? nullptr : &*cut.municipality_point);
        } else {
          SQLite::Statement& s = writer_->prepare(
              std::string("SELECT count(*) FROM report WHERE ") + kPointsToMunicipality.where);
          s.bind(1, cut.municipality);
          s.bind(2, static_cast<int64_t>(to_unix(*cut.points_before)));
          s.executeStep();
          counts.points_without_area = s.getColumn(0).getInt64();
        }
      }
    } catch (const SQLite::Exception& e) {
      rethrow(e, "retention in municipality " + cut.municipality);
    }
  });
  return counts;
}

}  // namespace lagesbild

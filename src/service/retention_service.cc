#include "service/retention_service.h"

#include <algorithm>

#include "domain/retention.h"
#include "geo/interior_point.h"
#include "service/context_cache.h"
#include "service/report_service.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

void check_months(const std::optional<int>& months, const char* field, Errors& errors) {
  if (months && (*months < 1 || *months > kMaxRetentionMonths)) {
    errors.push_back({field, 0,
                      "must be a whole number of months from 1 to " +
                          std::to_string(kMaxRetentionMonths) + ", or null to keep"});
  }
}

std::string months_text(const std::optional<int>& m) {
  return m ? std::to_string(*m) : std::string("keep");
}

}  // namespace

std::string retention_audit_object(const RetentionRun& run) {
  const RetentionCounts& c = run.counts;
  std::string out = "retention";
  if (run.free_text_before) out += " free_text<" + format_local(*run.free_text_before);
  if (run.points_before) out += " points<" + format_local(*run.points_before);
  out += " report_texts=" + std::to_string(c.report_texts) +
         " points_to_area=" + std::to_string(c.report_points_to_area) +
         " points_to_municipality=" + std::to_string(c.report_points_to_municipality) +
         " points_without_area=" + std::to_string(c.points_without_area) +
         " police_summary_texts=" + std::to_string(c.police_summary_texts) +
         " walk_observation_texts=" + std::to_string(c.walk_observation_texts);
  return out;
}

void RetentionService::require_member(const Principal& who, const std::string& municipality) {
  if (!store_.municipality(municipality)) {
    throw ServiceError(Kind::not_found, "no municipality " + municipality);
  }
  if (who.local_operator) return;
  const auto mine = who.municipalities();
  if (std::find(mine.begin(), mine.end(), municipality) == mine.end()) {
    throw ServiceError(Kind::forbidden, "no role in municipality " + municipality);
  }
}

RetentionSettings RetentionService::settings(const Principal& who,
                                             const std::string& municipality) {
  require_member(who, municipality);
  return store_.retention_settings(municipality).value_or(RetentionSettings{});
}

RetentionSettings RetentionService::set_settings(const Principal& who,
                                                 const std::string& municipality,
                                                 const RetentionSettings& settings) {
  require_member(who, municipality);
  if (!who.can(municipality, Capability::settings_manage)) {
    throw ServiceError(Kind::forbidden, "only an admin of the municipality changes its settings");
  }
  Errors errors;
  check_months(settings.free_text_months, "/free_text_months", errors);
  check_months(settings.points_months, "/points_months", errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    if (!store_.set_retention_settings(municipality, settings)) {
      throw ServiceError(Kind::not_found, "no municipality " + municipality);
    }
    store_.audit(audit_entry(who, municipality, "settings.retention",
                             "free_text_months=" + months_text(settings.free_text_months) +
                                 " points_months=" + months_text(settings.points_months)));
  });
  return settings;
}

std::optional<Location> RetentionService::municipality_point(const std::string& municipality) {
  const auto m = store_.municipality(municipality);
  if (!m || m->boundary_geojson.empty()) return std::nullopt;
  const auto p = geo::interior_point(m->boundary_geojson);
  if (!p) return std::nullopt;
  return thread_projector().from_wgs84(p->lat, p->lon);
}

std::vector<RetentionRun> RetentionService::apply(const Principal& who,
                                                  const std::string& municipality, UtcSeconds now,
                                                  bool dry_run) {
  if (!who.local_operator) {
    throw ServiceError(Kind::forbidden,
                       "retention is run by the operator or the server's schedule");
  }
  std::vector<std::string> codes;
  if (!municipality.empty()) {
    if (!store_.municipality(municipality)) {
      throw ServiceError(Kind::not_found, "no municipality " + municipality);
    }
    codes.push_back(municipality);
  } else {
    for (const Municipality& m : store_.municipalities()) codes.push_back(m.code);
  }
  std::vector<RetentionRun> runs;
  for (const std::string& code : codes) {
    RetentionRun run;
    run.municipality = code;
    run.dry_run = dry_run;
    run.settings = store_.retention_settings(code).value_or(RetentionSettings{});
    if (!run.settings.free_text_months && !run.settings.points_months) {
      if (!municipality.empty()) runs.push_back(run);  // asked for: say that nothing applies
      continue;
    }
    if (run.settings.free_text_months) {
      run.free_text_before = retention_cutoff(now, *run.settings.free_text_months);
    }
    if (run.settings.points_months) {
      run.points_before = retention_cutoff(now, *run.settings.points_months);
    }
    RetentionCut cut{code, run.free_text_before, run.points_before, std::nullopt, dry_run};
    if (run.points_before) cut.municipality_point = municipality_point(code);
    store_.transaction([&] {
      run.counts = store_.apply_retention(cut);
      if (!dry_run) {
        store_.audit(audit_entry(who, code, "retention.apply", retention_audit_object(run)));
      }
    });
    runs.push_back(std::move(run));
  }
  return runs;
}

}  // namespace lagesbild

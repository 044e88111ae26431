#include "service/police_event_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "service/service_error.h"

namespace lagesbild {
namespace {

using ingest::PoliceEventKind;

// An event that resolved and that this database takes, waiting for the write.
struct Pending {
  std::size_t event;  // index into PoliceEventRead::events
  ingest::PoliceEventResolution where;
};

}  // namespace

std::size_t PoliceImportResult::skipped_total() const {
  std::size_t n = 0;
  for (const auto& [key, count] : skipped) n += count;
  return n;
}

std::string police_report_description(const ingest::PoliceEvent& e) {
  return e.type + ": " + e.name + "\n" + e.summary + "\n" + e.url;
}

PoliceImportResult PoliceEventService::import(const Principal& who, std::string_view json,
                                              const ingest::SwedishPlaces& places,
                                              const ingest::PoliceTypeTable& types,
                                              const PoliceImportOptions& options) {
  if (!who.local_operator)
    throw ServiceError(ServiceError::Kind::forbidden, "only the operator imports police events");
  std::set<std::string> stored_municipalities;
  for (const Municipality& m : store_.municipalities()) stored_municipalities.insert(m.code);
  if (!options.municipality.empty() && !options.all_municipalities &&
      !stored_municipalities.contains(options.municipality)) {
    throw ServiceError(ServiceError::Kind::not_found,
                       "municipality " + options.municipality + " is not in the database");
  }
  // Whether this database takes a municipality's events.
  const auto takes = [&](const std::string& code) {
    if (!options.municipality.empty()) return code == options.municipality;
    return options.all_municipalities || stored_municipalities.contains(code);
  };

  ingest::PoliceEventRead read = ingest::read_police_events(json);
  PoliceImportResult result;
  result.elements = read.elements;
  result.stopped = read.stopped;
  result.rejected = std::move(read.problems);

  std::vector<Pending> incidents, summaries;
  for (std::size_t i = 0; i < read.events.size(); ++i) {
    const ingest::PoliceEvent& e = read.events[i];
    auto where = ingest::resolve_police_event(e, places, types);
    if (!where.reason.empty()) {
      result.rejected.push_back({read.indices[i], e.id, std::move(where.reason)});
      continue;
    }
    bool taken = false;
    if (!where.municipality.empty()) {
      taken = takes(where.municipality);
    } else {  // a county-wide summary: for every database holding one of its municipalities
      for (const std::string& code : places.municipalities_in(where.county_code))
        taken = taken || takes(code);
    }
    if (!taken) {
      ++result
            .skipped[where.municipality.empty() ? "län " + where.county_code : where.municipality];
      continue;
    }
    (where.kind == PoliceEventKind::incident ? incidents : summaries).push_back({i, where});
  }

  const UtcSeconds now = now_utc();
  store_.transaction([&] {
    // The municipalities and organisations the events need, then one id lookup per event.
    std::unordered_map<std::string, Id> organisation_of;
    std::unordered_map<std::string, std::unordered_map<std::string, Id>> categories_of;
    for (const Pending& p : incidents) {
      const std::string& code = p.where.municipality;
      if (organisation_of.contains(code)) continue;
      if (!stored_municipalities.contains(code)) {
        const auto* info = places.municipality(code);
        reference_.create_municipality(who, {code, info ? info->name : code, 7, ""});
        stored_municipalities.insert(code);
        result.municipalities_created.push_back(code);
      }
      Id org = 0;
      for (const Organisation& o : store_.organisations(code))
        if (o.name == kPoliceEventsOrganisation) org = o.id;
      if (org == 0) {
        org =
            store_.insert_organisation({0, code, std::string(kPoliceEventsOrganisation), "police"});
        result.organisations_created.push_back(code);
      }
      organisation_of[code] = org;
      auto& categories = categories_of[code];
      for (const Category& c : store_.categories(code)) categories[c.code] = c.id;
    }
    std::vector<Report> reports;
    reports.reserve(incidents.size());
    for (const Pending& p : incidents) {
      const ingest::PoliceEvent& e = read.events[p.event];
      const auto& categories = categories_of.at(p.where.municipality);
      const auto category = categories.find(p.where.category);
      if (category == categories.end()) {
        result.rejected.push_back({read.indices[p.event], e.id,
                                   "category '" + p.where.category + "' is not in municipality " +
                                       p.where.municipality + "'s category tree"});
        continue;
      }
      Report r;
      r.municipality = p.where.municipality;
      r.organisation_id = organisation_of.at(p.where.municipality);
      r.category_id = category->second;
      r.occurred_from = e.occurred_at;
      r.location = places.municipality(p.where.municipality)->point;
      r.location_precision = LocationPrecision::municipality;
      r.description = police_report_description(e);
      r.source = Source::polisen;
      r.external_id = std::to_string(e.id);
      r.created_at = now;
      reports.push_back(std::move(r));
    }
    const InsertResult inserted = store_.insert_reports(reports);
    result.reports_inserted = inserted.inserted;
    result.reports_already_stored = inserted.duplicates;

    std::vector<PoliceSummary> rows;
    rows.reserve(summaries.size());
    for (const Pending& p : summaries) {
      const ingest::PoliceEvent& e = read.events[p.event];
      // A summary names a municipality the database may not hold (e.g. one of several in a
      // county): it is still the county's summary, without the reference.
      const std::string municipality =
          stored_municipalities.contains(p.where.municipality) ? p.where.municipality : "";
      rows.push_back({0, std::to_string(e.id), p.where.county_code, municipality, e.occurred_at,
                      e.type, e.name, e.summary, e.url});
    }
    result.summaries_inserted = store_.insert_police_summaries(rows);
    result.summaries_already_stored = rows.size() - result.summaries_inserted;
    for (const auto& [code, org] : organisation_of)
      store_.audit({now, who.user_id, code, "police.import", "police events", who.address});
  });
  for (const std::string& code : result.organisations_created) contexts_.invalidate(code);
  std::sort(result.rejected.begin(), result.rejected.end(),
            [](const auto& a, const auto& b) { return a.index < b.index; });
  return result;
}

}  // namespace lagesbild

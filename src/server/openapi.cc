#include <nlohmann/json.hpp>

#include "server/http_server.h"

namespace lagesbild::server {
namespace {

using nlohmann::json;

json op(const char* summary, const char* tag, bool auth = true, json parameters = json::array(),
        bool body = false) {
  json o = {{"summary", summary},
            {"tags", {tag}},
            {"parameters", parameters},
            {"responses",
             {{"200", {{"description", "OK"}}},
              {"400", {{"$ref", "#/components/responses/Error"}}},
              {"401", {{"$ref", "#/components/responses/Error"}}},
              {"403", {{"$ref", "#/components/responses/Error"}}},
              {"404", {{"$ref", "#/components/responses/Error"}}},
              {"409", {{"$ref", "#/components/responses/Error"}}},
              {"422", {{"$ref", "#/components/responses/Error"}}}}}};
  if (!auth) o["security"] = json::array();
  if (body) {
    o["requestBody"] = {{"required", true},
                        {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  }
  return o;
}

json q(const char* name, const char* description, const char* type = "string") {
  return {
      {"name", name}, {"in", "query"}, {"description", description}, {"schema", {{"type", type}}}};
}

json id_param() {
  return {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "integer"}}}};
}

json build() {
  const json m = q("municipality", "4-digit municipality code; optional when the user has one");
  const json filters = {m,
                        q("week", "ISO week in Europe/Stockholm, e.g. 2026-W47"),
                        q("from", "start (ISO 8601; local time without offset)"),
                        q("to", "end, exclusive"),
                        q("area", "area id or name; repeat or comma-separate for several"),
                        q("category", "category id, code or name; includes sub-categories"),
                        q("organisation", "organisation id or name"),
                        q("status", "submitted or reviewed"),
                        q("limit", "1-1000, default 100", "integer"),
                        q("cursor", "next_cursor of the previous page")};
  json paths;
  paths["/api/v1/health"]["get"] = op("Liveness and store status", "system", false);
  paths["/api/v1/openapi.json"]["get"] = op("This document", "system", false);
  paths["/api/v1/login"]["post"] =
      op("Log in: {username, password} -> {token, csrf_token}; also sets the HttpOnly session "
         "cookie, with which every write must send X-CSRF-Token: csrf_token",
         "session", false, json::array(), true);
  paths["/api/v1/login"]["post"]["responses"]["429"] = {
      {"description", "Too many failed logins for the account or address: see Retry-After"}};
  paths["/api/v1/logout"]["post"] = op("End the session", "session");
  paths["/api/v1/me"]["get"] = op("The logged-in user and their roles", "session");
  paths["/api/v1/users"]["get"] =
      op("The municipality's users and their roles there, without secrets (admin)", "users", true,
         json::array({m}));
  const json analysis_filters = {
      m, q("period", "required: 2026-W47, 2026-11, 2026-Q4, 2026 or 2026-01-01..2026-06-30"),
      q("area", "area id or name (repeatable)"),
      q("category", "category code or name (repeatable; includes sub-categories)"),
      q("organisation", "organisation name (repeatable)")};
  auto with = [&](json params, std::initializer_list<json> more) {
    for (const auto& p : more) params.push_back(p);
    return params;
  };
  paths["/api/v1/analysis/hotspots"]["get"] = op(
      "Getis–Ord Gi* of report counts on square or hexagonal cells: GeoJSON or CSV (analyst and "
      "up)",
      "analysis", true,
      with(analysis_filters, {q("cell", "cell size in metres, 25-5000 (default 250)", "number"),
                              q("shape", "square (default) or hexagon"),
                              q("permutations", "0-9999 (default 999)", "integer"),
                              q("seed", "", "integer"), q("format", "geojson (default) or csv")}));
  paths["/api/v1/analysis/nearrepeat"]["get"] =
      op("Knox near-repeat table over spatial × temporal bands: JSON or CSV (analyst and up)",
         "analysis", true,
         with(analysis_filters, {q("spatial_bandwidth", "metres (default 100)", "number"),
                                 q("spatial_bands", "1-20 (default 3)", "integer"),
                                 q("temporal_bandwidth", "days (default 7)", "number"),
                                 q("temporal_bands", "1-20 (default 3)", "integer"),
                                 q("metric", "manhattan (default) or euclidean"),
                                 q("permutations", "1-9999 (default 999)", "integer"),
                                 q("seed", "", "integer"), q("format", "json (default) or csv")}));
  paths["/api/v1/analysis/density"]["get"] = op(
      "Kernel density raster of report points, reports per km²: JSON or ESRI ASCII grid "
      "(analyst and up)",
      "analysis", true,
      with(analysis_filters,
           {q("cell", "cell size in metres, 10-1000 (default 50)", "number"),
            q("bandwidth", "metres: quartic search radius or Gaussian σ (default 300)", "number"),
            q("kernel", "quartic (default) or gaussian"), q("format", "json (default) or asc")}));
  paths["/api/v1/analysis/emerging"]["get"] =
      op("Emerging hot spots: Gi* per week or month, Mann–Kendall, 17 patterns: GeoJSON or CSV "
         "(analyst and up)",
         "analysis", true,
         with(analysis_filters,
              {q("cell", "cell size in metres, 25-5000 (default 250)", "number"),
               q("slice", "week (default) or month; the period must give 4-520 slices"),
               q("permutations", "0 = analytic p (default)", "integer"), q("seed", "", "integer"),
               q("format", "geojson (default) or csv")}));
  paths["/api/v1/analysis/areas"]["get"] =
      op("Gi* and local Moran per area, neighbours from the boundaries; for municipality=0000 "
         "per municipality (the national view): GeoJSON or CSV (counts only; every role)",
         "analysis", true,
         json::array({q("municipality", ""), q("period", "required, e.g. 2026-Q3"),
                      q("category", "code or name; repeat or comma-separate"),
                      q("organisation", "name; repeat or comma-separate"),
                      q("contiguity", "queen (default) or rook"),
                      q("tolerance", "metres within which boundaries touch (default 50)", "number"),
                      q("measure", "count (default) or density (per km²)"),
                      q("permutations", "0-9999 (default 999)", "integer"),
                      q("seed", "", "integer"), q("format", "geojson (default) or csv")}));
  paths["/api/v1/analysis/compare"]["get"] =
      op("Hotspot methods (counts, KDE, Gi*) judged on held-out weeks: PAI, hit rate, PEI "
         "(analyst and up)",
         "analysis", true,
         with(analysis_filters,
              {q("training_weeks", "weeks each prediction sees, 1-52 (default 8)", "integer"),
               q("cell", "cell size in metres, 50-2000 (default 250)", "number"),
               q("area_share", "share of the study area, (0, 0.5] (default 0.05)", "number"),
               q("bandwidth", "KDE search radius in metres (default 300)", "number"),
               q("format", "json (default) or csv")}));
  paths["/api/v1/users"]["post"] = op("Create a user (admin)", "users", true, json::array(), true);
  paths["/api/v1/users/{id}"]["patch"] =
      op("Disable or enable a user: {disabled}; replace their roles in the municipality: {grants: "
         "[{role, organisation_id}]} (admin)",
         "users", true, json::array({id_param()}), true);
  paths["/api/v1/municipalities"]["get"] = op("Municipalities the user has roles in", "reference");
  const json code = {
      {"name", "code"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
  const char* policy = "/api/v1/municipalities/{code}/personal-data-policy";
  paths[policy]["get"] =
      op("The personal data policy: warn or block", "reference", true, json::array({code}));
  paths[policy]["put"] = op("Set the personal data policy: {personal_data_policy} (admin)",
                            "reference", true, json::array({code}), true);
  const char* retention = "/api/v1/municipalities/{code}/retention";
  paths[retention]["get"] =
      op("Retention: months after which reports' free text and exact points are purged "
         "(null = keep)",
         "reference", true, json::array({code}));
  paths[retention]["put"] =
      op("Set retention: {free_text_months, points_months}, 1-1200 or null (admin)", "reference",
         true, json::array({code}), true);
  paths["/api/v1/open/counts"]["get"] =
      op("Open data, no login: weekly counts per area and main category, 1 and 2 shown as \"<3\" "
         "and cells withheld (null, CSV \"..\") so that totals cannot reveal them",
         "open data", false,
         json::array({q("municipality", "municipality code, e.g. 2081 (required)"),
                      q("from_week", "first ISO week, e.g. 2026-W40 (required)"),
                      q("to_week", "last ISO week, inclusive (required; at most 522 weeks)"),
                      q("format", "json (default) or csv")}));
  paths["/api/v1/reports"]["get"] =
      op("List reports, newest first, scoped by role", "reports", true, filters);
  paths["/api/v1/reports"]["post"] =
      op("Submit a report; `warnings` lists personal data found in the description", "reports",
         true, json::array({m}), true);
  paths["/api/v1/reports/{id}"]["get"] =
      op("One report", "reports", true, json::array({id_param()}));
  paths["/api/v1/reports/{id}"]["patch"] =
      op("Review or correct a report", "reports", true, json::array({id_param()}), true);
  paths["/api/v1/reports/import"]["post"] =
      op("Import CSV (text/csv body), all rows or none; dry_run=1 checks every row and stores "
         "nothing",
         "reports", true, json::array({m, q("dry_run", "1 or true: check only")}));
  paths["/api/v1/reports/export"]["get"] =
      op("Export reports as CSV or GeoJSON", "reports", true, [&] {
        json f = filters;
        f.push_back(q("format", "csv or geojson"));
        return f;
      }());
  paths["/api/v1/situation"]["get"] =
      op("The lägesbild of a period: counts, comparisons, flags, trends, coverage, notes "
         "(docs/SITUATION.md)",
         "situation", true, [&] {
           return json::array(
               {m, q("period", "2026-W47, 2026-11, 2026-Q4, 2026 or 2026-11-01..2026-11-30"),
                q("area", "area id or name (repeatable)"),
                q("category", "category code or name (repeatable; includes sub-categories)"),
                q("organisation", "organisation name (repeatable)"),
                q("baseline", "baseline periods 1-52 (default 8; 3 for a year)", "integer"),
                q("format", "json (default), html, pdf, csv or geojson")});
         }());
  paths["/api/v1/evaluation"]["get"] =
      op("Evaluate a measure: counts before/after in a target, comparison and displacement area, "
         "WDD, rate ratios, WDQ and a verdict in Swedish",
         "measures", true,
         json::array({m, q("target_area", "the measure's area"),
                      q("comparison_area", "an untouched, similar area"),
                      q("displacement_area", "optional: where the problem could move"),
                      q("displacement_comparison_area", "optional; default the comparison area"),
                      q("category", "category code or name (repeatable; includes sub-categories)"),
                      q("before", "period before, e.g. 2024-09-02..2025-08-31"),
                      q("after", "period after"), q("title", "optional heading"),
                      q("measure",
                        "a measure id: its first area, categories and start fill in "
                        "target_area, category, after and before when not given"),
                      q("format", "json (default), html or pdf")}));
  paths["/api/v1/assessments"]["get"] =
      op("Every version of a period's assessment, newest first", "situation", true,
         json::array({m, q("period", "the period")}));
  paths["/api/v1/assessments"]["post"] =
      op("A new version of the assessment: {period, text, proposed_actions}", "situation", true,
         json::array({m}), true);
  paths["/api/v1/area-statuses"]["post"] =
      op("Set an area's status from a period on: {area, status, period, note}", "situation", true,
         json::array({m}), true);
  paths["/api/v1/nothing-to-report"]["post"] =
      op("Declare nothing to report: {period, organisation, areas}", "situation", true,
         json::array({m}), true);
  const json measure_filters = {m,
                                q("status",
                                  "proposed, decided, ongoing, completed, evaluated "
                                  "or cancelled"),
                                q("area", "area id or name"),
                                q("organisation", "responsible or partner organisation")};
  paths["/api/v1/measures"]["get"] =
      op("The measures register, newest start first (docs/MEASURES.md)", "measures", true,
         measure_filters);
  paths["/api/v1/measures"]["post"] =
      op("Register a proposed measure: {title, description, kind, level, type, areas, places, "
         "categories, period, hotspot, organisation, partners, start, end, cost}",
         "measures", true, json::array({m}), true);
  paths["/api/v1/measures/export"]["get"] =
      op("The register as CSV, one row per measure (columns in docs/MEASURES.md)", "measures", true,
         measure_filters);
  paths["/api/v1/measures/{id}"]["get"] =
      op("One measure with its history and notes", "measures", true, json::array({m, id_param()}));
  paths["/api/v1/measures/{id}"]["patch"] =
      op("Change a measure's fields (not its status); end and cost may be null", "measures", true,
         json::array({m, id_param()}), true);
  paths["/api/v1/measures/{id}/status"]["post"] =
      op("The next step of the workflow: {status, note}; 409 naming status when the workflow "
         "does not allow it",
         "measures", true, json::array({m, id_param()}), true);
  paths["/api/v1/measures/{id}/notes"]["post"] =
      op("A follow-up note: {text}", "measures", true, json::array({m, id_param()}), true);
  // Collaboration forums (docs/FORUMS.md).
  const json mid = json::array({m, id_param()});
  paths["/api/v1/groups"]["get"] = op("The municipality's groups (styrgrupp, EST-grupp, SSPF ...)",
                                      "forums", true, json::array({m}));
  paths["/api/v1/groups"]["post"] =
      op("Create a group: {name, kind, cadence, organisations, members, areas, categories}",
         "forums", true, json::array({m}), true);
  paths["/api/v1/groups/{id}"]["get"] = op("One group", "forums", true, mid);
  paths["/api/v1/groups/{id}/meetings"]["get"] =
      op("The group's meetings, oldest first", "forums", true, mid);
  paths["/api/v1/groups/{id}/meetings"]["post"] =
      op("Schedule a meeting: {starts, duration_minutes, location}; 404 for an unknown group",
         "forums", true, mid, true);
  paths["/api/v1/groups/{id}/meetings/schedule"]["post"] =
      op("Schedule the next meetings by the cadence: {count, first, duration_minutes, location}",
         "forums", true, mid, true);
  paths["/api/v1/groups/{id}/calendar.ics"]["get"] =
      op("The group's meetings as iCalendar (RFC 5545)", "forums", true, mid);
  paths["/api/v1/meetings"]["get"] =
      op("Every meeting, oldest first", "forums", true, json::array({m}));
  paths["/api/v1/meetings/calendar.ics"]["get"] =
      op("Every meeting as iCalendar (RFC 5545)", "forums", true, json::array({m}));
  paths["/api/v1/meetings/{id}"]["get"] = op("One meeting", "forums", true, mid);
  paths["/api/v1/meetings/{id}"]["patch"] =
      op("Minutes and attendance: {minutes, status, location, attending_organisations, "
         "attending_members}; minutes pass the personal data guard",
         "forums", true, mid, true);
  paths["/api/v1/meetings/{id}/agenda"]["get"] =
      op("The agenda: open items, the lägesbild's flags and the Gi* hot spots of the group's areas "
         "since the last meeting, measures to follow up, unreviewed reports, organisations that "
         "have not reported, decisions, minutes",
         "forums", true, mid);
  paths["/api/v1/meetings/{id}/material"]["get"] =
      op("The meeting material as PDF", "forums", true, mid);
  paths["/api/v1/meetings/{id}/decisions"]["post"] =
      op("A decision: {title, text, kind: task|measure, organisation, due, people_count, "
         "measure: {kind, level, type, status, areas, categories, cost}}",
         "forums", true, mid, true);
  paths["/api/v1/decisions/{id}/close"]["post"] =
      op("Close an open decision: {meeting, note}; 409 when closed", "forums", true, mid, true);
  paths["/api/v1/forum-overview"]["get"] =
      op("Every measure and task across groups by area, theme, organisation and status, with "
         "what is overdue",
         "forums", true, json::array({m, q("format", "json (default) or csv")}));
  paths["/api/v1/agreements"]["get"] =
      op("Collaboration agreements with their follow-ups", "forums", true, json::array({m}));
  paths["/api/v1/agreements"]["post"] =
      op("A collaboration agreement: {title, from, to, parties, areas, categories, commitments, "
         "promises, measures}",
         "forums", true, json::array({m}), true);
  paths["/api/v1/agreements/{id}/follow-ups"]["post"] =
      op("The yearly follow-up: {year, text}", "forums", true, mid, true);
  paths["/api/v1/safety-walks"]["get"] = op("Safety walks with their observations, latest first",
                                            "safety walks", true, json::array({m}));
  paths["/api/v1/safety-walks"]["post"] =
      op("Record a safety walk: {date, areas, route, organisations}", "safety walks", true,
         json::array({m}), true);
  paths["/api/v1/safety-walks/{id}"]["get"] =
      op("One safety walk", "safety walks", true, json::array({m, id_param()}));
  paths["/api/v1/safety-walks/{id}/observations"]["post"] =
      op("An observation: {lat, lon, type, description, organisation}", "safety walks", true,
         json::array({m, id_param()}), true);
  paths["/api/v1/safety-walks/observations/{id}"]["patch"] =
      op("Change an observation's status or responsible organisation: {status, organisation}",
         "safety walks", true, json::array({m, id_param()}), true);
  paths["/api/v1/safety-walks/observations/{id}/measure"]["post"] =
      op("Make a proposed measure of the observation and link it", "safety walks", true,
         json::array({m, id_param()}));
  paths["/api/v1/citizen-promises"]["get"] =
      op("Citizen promises (medborgarlöften) that list the municipality, latest year first",
         "citizen promises", true, json::array({m}));
  paths["/api/v1/citizen-promises"]["post"] =
      op("A promise: {year, police_area, municipalities, period, text, activities: [{text, "
         "organisation, deadline, status}]}",
         "citizen promises", true, json::array({m}), true);
  paths["/api/v1/citizen-promises/{id}"]["get"] =
      op("One promise with its activities", "citizen promises", true, json::array({m, id_param()}));
  paths["/api/v1/citizen-promises/{id}/report"]["get"] = op(
      "The year's follow-up as HTML or PDF: activities, late ones, the measures of the year",
      "citizen promises", true, json::array({m, id_param(), q("format", "html (default) or pdf")}));
  paths["/api/v1/surveys/import"]["post"] =
      op("Import a safety survey table (text/csv body: area, year, indicator, value as a share "
         "0-1, n), all rows or none; a stored (area, year, indicator) is replaced; dry_run=1 "
         "checks every row and stores nothing",
         "surveys", true, json::array({m, q("dry_run", "1 or true: check only")}));
  paths["/api/v1/surveys"]["get"] =
      op("Stored survey values: [{id, area: {id, name} | null (the whole municipality), year, "
         "indicator, share, respondents}]",
         "surveys", true,
         json::array({m, q("area", "area name or id; kommunen for the whole municipality"),
                      q("indicator", "indicator (any case)")}));
  paths["/api/v1/surveys/trends"]["get"] =
      op("Per area x indicator: yearly shares with Wilson intervals and the reported incidents of "
         "the same area and year, and a two-proportion test of the change between two years",
         "surveys", true,
         json::array({m, q("area", "area name or id; kommunen for the whole municipality"),
                      q("indicator", "indicator (any case)"),
                      q("from", "first year of the change test (with to; default the two latest)"),
                      q("to", "second year of the change test"),
                      q("category", "count incidents of these categories (default all)"),
                      q("confidence", "of the intervals, default 0.95")}));
  paths["/api/v1/action-plan"]["get"] =
      op("The action plan (åtgärdsplan, lag 2023:196) of a year from the register, with the "
         "follow-up against it once the year has begun",
         "measures", true,
         json::array({m, q("year", "default this year"), q("format", "html (default) or pdf")}));
  paths["/api/v1/annual-report"]["get"] =
      op("The annual evaluation report: every measure of the year by kind, level, type, "
         "organisation and area, with status, evaluation and cost",
         "measures", true,
         json::array({m, q("year", "default this year"), q("format", "html (default) or pdf")}));
  paths["/api/v1/citizen-promises/{id}/activities"]["post"] =
      op("Add an activity: {text, organisation, deadline, status}", "citizen promises", true,
         json::array({m, id_param()}), true);
  paths["/api/v1/citizen-promises/activities/{id}"]["patch"] =
      op("Change an activity: {status, deadline, text, organisation}", "citizen promises", true,
         json::array({m, id_param()}), true);
  for (const char* kind : {"organisations", "categories", "areas", "places"}) {
    const std::string base = std::string("/api/v1/") + kind;
    paths[base]["get"] = op("List", kind, true, json::array({m}));
    paths[base]["post"] = op("Create", kind, true, json::array({m}), true);
    paths[base + "/{id}"]["patch"] = op("Update", kind, true, json::array({m, id_param()}), true);
    paths[base + "/{id}"]["delete"] = op("Remove", kind, true, json::array({m, id_param()}));
  }
  const json error_item = {{"type", "object"},
                           {"properties",
                            {{"field", {{"type", "string"}}},
                             {"line", {{"type", "integer"}}},
                             {"reason", {{"type", "string"}}}}}};
  const json error_body = {{"type", "object"},
                           {"properties",
                            {{"status", {{"type", "integer"}}},
                             {"message", {{"type", "string"}}},
                             {"errors", {{"type", "array"}, {"items", error_item}}}}}};
  const json error_schema = {{"type", "object"}, {"properties", {{"error", error_body}}}};
  json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "Lägesbild API"},
                 {"version", "0.1.0"},
                 {"description",
                  "EST reporting core: reports, reference data and sessions. Times are ISO 8601; "
                  "without an offset they mean Europe/Stockholm."}};
  doc["paths"] = paths;
  doc["security"] = json::array({{{"bearer", json::array()}}, {{"cookie", json::array()}}});
  doc["components"]["securitySchemes"]["bearer"] = {{"type", "http"}, {"scheme", "bearer"}};
  doc["components"]["securitySchemes"]["cookie"] = {
      {"type", "apiKey"}, {"in", "cookie"}, {"name", "lagesbild_session"}};
  doc["components"]["responses"]["Error"] = {
      {"description", "An error: which field (JSON pointer), which line, why"},
      {"content", {{"application/json", {{"schema", error_schema}}}}}};
  return doc;
}

}  // namespace

const std::string& openapi_document() {
  static const std::string doc = build().dump(2);
  return doc;
}

}  // namespace lagesbild::server

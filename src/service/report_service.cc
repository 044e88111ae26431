#include "service/report_service.h"

#include <algorithm>

#include "ingest/csv_import.h"
#include "ingest/geojson_import.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

std::optional<Id> parse_id(const std::string& text) {
  std::string_view s = text;
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return std::nullopt;
  Id v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

AuditEntry audit_entry(const Principal& who, std::string municipality, std::string action,
                       std::string object) {
  AuditEntry a;
  a.at = now_utc();
  a.user_id = who.user_id;
  a.municipality = std::move(municipality);
  a.action = std::move(action);
  a.object = std::move(object);
  a.address = who.address;
  return a;
}

void ReportService::log(const Principal& who, const std::string& municipality, std::string action,
                        std::string object) {
  store_.audit(audit_entry(who, municipality, std::move(action), std::move(object)));
}

std::string ReportService::readable_municipality(const Principal& who,
                                                 const std::string& requested) {
  const std::string m = municipality_for(who, requested);
  if (!who.local_operator) {
    const auto ms = who.municipalities();
    if (std::find(ms.begin(), ms.end(), m) == ms.end()) {
      throw ServiceError(Kind::forbidden, "you hold no role in municipality " + m);
    }
  }
  return m;
}

std::string ReportService::municipality_for(const Principal& who, const std::string& requested) {
  if (!requested.empty()) {
    if (!is_municipality_code(requested)) {
      throw ServiceError::invalid("municipality",
                                  "'" + requested + "' is not a 4-digit municipality code");
    }
    return requested;
  }
  std::vector<std::string> candidates;
  if (who.local_operator) {
    for (const auto& m : store_.municipalities()) candidates.push_back(m.code);
  } else {
    candidates = who.municipalities();
  }
  if (candidates.size() == 1) return candidates.front();
  if (candidates.empty()) {
    throw ServiceError(Kind::not_found, "no municipality is available; create one first");
  }
  throw ServiceError(Kind::bad_request,
                     "several municipalities are available: name one with municipality=CODE");
}

SubmitResult ReportService::submit(const Principal& who, const std::string& municipality,
                                   const ingest::ReportDraft& draft, Source source,
                                   const ingest::FieldNames& names) {
  if (!who.can(municipality, Capability::report_create)) {
    throw ServiceError(Kind::forbidden, "you may not report in municipality " + municipality);
  }
  auto ctx = contexts_.get(municipality);
  ingest::ResolveOptions options;
  options.source = source;
  options.reporter_id = who.user_id;
  options.now = now_utc();
  options.refuse_personal_data = refuses_personal_data(municipality);
  const auto own = who.organisations(municipality);
  if (own.size() == 1) options.default_organisation = own.front();
  auto resolved = ingest::resolve(draft, *ctx, thread_projector(), names, options);
  if (!resolved) throw ServiceError::invalid(resolved.errors());
  Report report = std::move(resolved.value());
  // Reporters report for their own organisation; those who may read everything may also
  // register a report on another organisation's behalf (e.g. from a phone call).
  if (!who.can(municipality, Capability::report_read_all) &&
      std::find(own.begin(), own.end(), report.organisation_id) == own.end()) {
    throw ServiceError(
        Kind::forbidden, "",
        {FieldError{names.organisation, 0, "you may only report for your own organisation"}});
  }
  auto personal_data = ingest::personal_data_kinds(report.description);
  const auto result = store_.insert_reports(std::span(&report, 1));
  report.id = result.ids.at(0);
  log(who, municipality, "report.create", "report/" + std::to_string(report.id));
  if (result.duplicates > 0) return {*store_.report(report.id), false, {}};
  return {std::move(report), true, std::move(personal_data)};
}

bool ReportService::refuses_personal_data(const std::string& municipality) {
  return store_.personal_data_policy(municipality) == PersonalDataPolicy::block;
}

ReportQuery query_for(const ReportFilter& filter, const ingest::ReportContext& ctx) {
  ReportQuery q;
  q.municipality = ctx.municipality().code;
  q.from = filter.from;
  q.to = filter.to;
  q.status = filter.status;
  q.after = filter.after;
  q.limit = filter.limit;
  Errors errors;
  for (const auto& text : filter.categories) {
    std::string why;
    auto id = parse_id(text);
    if (!id) id = ctx.category_id(text, &why);
    if (!id) {
      errors.push_back({"category", 0, why.empty() ? "unknown category '" + text + "'" : why});
      continue;
    }
    for (Id c : ctx.category_with_descendants(*id)) q.category_ids.push_back(c);
  }
  for (const auto& text : filter.areas) {
    const Area* a = ctx.area(text);
    if (!a)
      errors.push_back({"area", 0, "unknown area '" + text + "'"});
    else
      q.area_ids.push_back(a->id);
  }
  for (const auto& text : filter.organisations) {
    auto id = parse_id(text);
    if (!id) id = ctx.organisation_id(text);
    if (!id)
      errors.push_back({"organisation", 0, "unknown organisation '" + text + "'"});
    else
      q.organisation_ids.push_back(*id);
  }
  if (filter.from && filter.to && *filter.to <= *filter.from) {
    errors.push_back({"to", 0, "'to' must be after 'from'"});
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  return q;
}

ReportQuery ReportService::scoped_query(const Principal& who, const ReportFilter& filter,
                                        const ingest::ReportContext& ctx) {
  const std::string& m = ctx.municipality().code;
  ReportQuery q = query_for(filter, ctx);
  if (who.can(m, Capability::report_read_all)) return q;
  if (!who.can(m, Capability::report_read_own)) {
    throw ServiceError(Kind::forbidden, "your role does not allow reading reports in " + m);
  }
  // A reporter reads their own organisation's reports only.
  const auto own = who.organisations(m);
  if (q.organisation_ids.empty()) {
    q.organisation_ids = own;
  } else {
    for (Id id : q.organisation_ids) {
      if (std::find(own.begin(), own.end(), id) == own.end()) {
        throw ServiceError(Kind::forbidden, "you may only read your own organisation's reports");
      }
    }
  }
  return q;
}

ReportPage ReportService::list(const Principal& who, const ReportFilter& filter) {
  if (filter.limit < 1 || filter.limit > 1000) {
    throw ServiceError::invalid("limit", "must be between 1 and 1000");
  }
  const std::string m = municipality_for(who, filter.municipality);
  auto ctx = contexts_.get(m);
  const ReportQuery q = scoped_query(who, filter, *ctx);
  auto reports = store_.query_reports(q);
  log(who, m, "reports.list", std::to_string(reports.size()) + " reports");
  return {std::move(reports), std::move(ctx)};
}

std::vector<Report> ReportService::all(const Principal& who, ReportFilter filter) {
  const std::string m = municipality_for(who, filter.municipality);
  auto ctx = contexts_.get(m);
  filter.limit = 10000;
  ReportQuery q = scoped_query(who, filter, *ctx);
  std::vector<Report> out;
  for (;;) {
    auto chunk = store_.query_reports(q);
    out.insert(out.end(), std::make_move_iterator(chunk.begin()),
               std::make_move_iterator(chunk.end()));
    if (static_cast<int>(chunk.size()) < q.limit) break;
    q.after = ReportQuery::Cursor{out.back().occurred_from, out.back().id};
  }
  log(who, m, "reports.export", std::to_string(out.size()) + " reports");
  return out;
}

bool ReportService::can_see(const Principal& who, const Report& r) const {
  if (who.can(r.municipality, Capability::report_read_all)) return true;
  if (!who.can(r.municipality, Capability::report_read_own)) return false;
  const auto own = who.organisations(r.municipality);
  return std::find(own.begin(), own.end(), r.organisation_id) != own.end();
}

Report ReportService::get(const Principal& who, Id id) {
  auto r = store_.report(id);
  // A report the caller may not see is reported as missing, so ids do not leak existence.
  if (!r || !can_see(who, *r)) {
    throw ServiceError(Kind::not_found, "no report " + std::to_string(id));
  }
  log(who, r->municipality, "report.read", "report/" + std::to_string(id));
  return std::move(*r);
}

Report ReportService::review(const Principal& who, Id id, const ReviewPatch& patch,
                             const ingest::FieldNames& names) {
  auto found = store_.report(id);
  if (!found || !can_see(who, *found)) {
    throw ServiceError(Kind::not_found, "no report " + std::to_string(id));
  }
  Report r = std::move(*found);
  const std::string& m = r.municipality;
  auto ctx = contexts_.get(m);
  Errors errors;
  if (patch.status) {
    if (!who.can(m, Capability::report_review)) {
      throw ServiceError(Kind::forbidden, "your role does not allow reviewing reports");
    }
    r.status = *patch.status;
    r.reviewed_by = who.user_id;
    r.reviewed_at = now_utc();
  }
  if (!patch.category.empty()) {
    std::string why;
    auto cid = parse_id(patch.category);
    if (!cid) cid = ctx->category_id(patch.category, &why);
    if (!cid)
      errors.push_back({names.category, 0, why.empty() ? "unknown category" : why});
    else
      r.category_id = *cid;
  }
  if (!patch.place.empty()) {
    const Place* p = ctx->place(patch.place);
    if (!p) {
      errors.push_back({names.place, 0, "unknown place '" + patch.place + "'"});
    } else {
      r.place_id = p->id;
      r.location = p->location;
      r.area_id = p->area_id;
    }
  }
  if (!patch.area.empty()) {
    const Area* a = ctx->area(patch.area);
    if (!a)
      errors.push_back({names.area, 0, "unknown area '" + patch.area + "'"});
    else
      r.area_id = a->id;
  }
  if (patch.count) {
    if (*patch.count < 1 || *patch.count > 10000)
      errors.push_back({names.count, 0, "must be between 1 and 10000"});
    else
      r.count = static_cast<int>(*patch.count);
  }
  if (patch.severity) {
    if (*patch.severity < 1 || *patch.severity > 3)
      errors.push_back({names.severity, 0, "must be 1, 2 or 3"});
    else
      r.severity = static_cast<int>(*patch.severity);
  }
  if (patch.description) {
    if (patch.description->size() > 4000)
      errors.push_back({names.description, 0, "at most 4000 characters"});
    else
      r.description = *patch.description;
    if (refuses_personal_data(m)) {
      if (auto why = ingest::personal_data_refusal(r.description)) {
        errors.push_back({names.description, 0, *why});
      }
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.update_report(r);
  log(who, m, "report.update", "report/" + std::to_string(id));
  return r;
}

ImportSummary ReportService::import_csv(const Principal& who, const std::string& municipality,
                                        std::string_view content, std::optional<Id> reporter_id) {
  if (!who.can(municipality, Capability::import_files)) {
    throw ServiceError(Kind::forbidden, "your role does not allow importing files");
  }
  auto ctx = contexts_.get(municipality);
  ingest::ResolveOptions options;
  options.source = Source::csv;
  options.reporter_id = reporter_id ? reporter_id : who.user_id;
  options.now = now_utc();
  options.refuse_personal_data = refuses_personal_data(municipality);
  // Parsing runs one chunk ahead of storing, on the stream's worker; the store writes everything
  // in one transaction, which the throw below rolls back when any row is bad. If the store throws
  // instead, the stream's destructor stops and joins the worker.
  ingest::CsvReportStream stream(content, *ctx, options);
  std::size_t rows = 0;
  const auto result = store_.insert_report_stream([&](std::vector<Report>& batch) {
    if (stream.next(batch)) {
      rows += batch.size();
      return true;
    }
    if (auto errors = stream.finish(); !errors.empty()) {
      throw ServiceError::invalid(std::move(errors));
    }
    return false;
  });
  log(who, municipality, "reports.import", "csv: " + std::to_string(result.inserted) + " new");
  return {rows, result.inserted, result.duplicates};
}

ImportSummary ReportService::check_csv(const Principal& who, const std::string& municipality,
                                       std::string_view content) {
  if (!who.can(municipality, Capability::import_files)) {
    throw ServiceError(Kind::forbidden, "your role does not allow importing files");
  }
  auto ctx = contexts_.get(municipality);
  ingest::ResolveOptions options;
  options.source = Source::csv;
  options.reporter_id = who.user_id;
  options.now = now_utc();
  options.refuse_personal_data = refuses_personal_data(municipality);
  auto parsed = ingest::parse_reports_csv(content, *ctx, options);
  if (!parsed.errors.empty()) throw ServiceError::invalid(std::move(parsed.errors));
  return {parsed.reports.size(), 0, 0};
}

ImportSummary ReportService::import_geojson_reports(const Principal& who,
                                                    const std::string& municipality,
                                                    std::string_view content) {
  if (!who.can(municipality, Capability::import_files)) {
    throw ServiceError(Kind::forbidden, "your role does not allow importing files");
  }
  auto ctx = contexts_.get(municipality);
  ingest::ResolveOptions options;
  options.source = Source::api;
  options.reporter_id = who.user_id;
  options.now = now_utc();
  options.refuse_personal_data = refuses_personal_data(municipality);
  auto parsed = ingest::parse_reports_geojson(content, *ctx, thread_projector(), options);
  if (!parsed.errors.empty()) throw ServiceError::invalid(std::move(parsed.errors));
  const auto result = store_.insert_reports(parsed.reports);
  log(who, municipality, "reports.import", "geojson: " + std::to_string(result.inserted) + " new");
  return {parsed.reports.size(), result.inserted, result.duplicates};
}

}  // namespace lagesbild

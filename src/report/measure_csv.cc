#include "report/measure_csv.h"

#include "domain/period.h"
#include "report/csv_field.h"

namespace lagesbild::report {
namespace {

template <class T, class Name>
std::string joined(const std::vector<Id>& ids, const T* (ingest::ReportContext::*find)(Id) const,
                   const ingest::ReportContext& ctx, Name name) {
  std::string out;
  for (Id id : ids) {
    if (!out.empty()) out += "; ";
    const T* item = (ctx.*find)(id);
    out += item ? name(*item) : "#" + std::to_string(id);
  }
  return out;
}

// The local date of the latest step into `status`, or "".
std::string day_of(const Measure& m, MeasureStatus status) {
  for (auto it = m.history.rbegin(); it != m.history.rend(); ++it) {
    if (it->status == status) return format_local(it->at).substr(0, 10);
  }
  return "";
}

}  // namespace

const std::vector<std::string>& measure_csv_columns() {
  static const std::vector<std::string> columns{
      "id",          "title",        "description",  "kind",         "level",      "type",
      "type_label",  "status",       "areas",        "places",       "categories", "period",
      "hotspot",     "organisation", "partners",     "start",        "end",        "cost_sek",
      "proposed_on", "decided_on",   "completed_on", "evaluated_on", "notes",      "last_note"};
  return columns;
}

std::string measures_to_csv(const std::vector<Measure>& measures,
                            const ingest::ReportContext& ctx) {
  std::string out;
  bool first = true;
  for (const std::string& c : measure_csv_columns()) {
    if (!first) out += ',';
    first = false;
    out += c;
  }
  out += "\r\n";
  const auto name_of = [](const auto& x) { return x.name; };
  for (const Measure& m : measures) {
    const Organisation* owner = ctx.organisation_by_id(m.organisation_id);
    const std::vector<std::string> numbers{
        std::to_string(m.id),
        m.end_day ? format_day(*m.end_day) : "",
        m.cost_sek ? std::to_string(*m.cost_sek) : "",
    };
    append_csv_field(out, numbers[0]);
    for (const std::string* text : {&m.title, &m.description}) {
      out += ',';
      append_csv_text(out, *text);
    }
    for (std::string_view v : {to_string(m.kind), to_string(m.level), to_string(m.type),
                               swedish_label(m.type), to_string(m.status)}) {
      out += ',';
      append_csv_field(out, v);
    }
    for (const std::string& list :
         {joined<Area>(m.area_ids, &ingest::ReportContext::area_by_id, ctx, name_of),
          joined<Place>(m.place_ids, &ingest::ReportContext::place_by_id, ctx, name_of),
          joined<Category>(m.category_ids, &ingest::ReportContext::category_by_id, ctx, name_of)}) {
      out += ',';
      append_csv_text(out, list);
    }
    out += ',';
    append_csv_field(out, m.period);
    out += ',';
    append_csv_text(out, m.hotspot);
    out += ',';
    append_csv_text(out, owner ? owner->name : "#" + std::to_string(m.organisation_id));
    out += ',';
    append_csv_text(
        out, joined<Organisation>(m.partner_ids, &ingest::ReportContext::organisation_by_id, ctx,
                                  name_of));
    for (const std::string& v :
         {format_day(m.start_day), numbers[1], numbers[2], day_of(m, MeasureStatus::proposed),
          day_of(m, MeasureStatus::decided), day_of(m, MeasureStatus::completed),
          day_of(m, MeasureStatus::evaluated), std::to_string(m.notes.size())}) {
      out += ',';
      append_csv_field(out, v);
    }
    out += ',';
    append_csv_text(out, m.notes.empty() ? "" : m.notes.back().text);
    out += "\r\n";
  }
  return out;
}

}  // namespace lagesbild::report

// The citizen promise follow-up as a PDF: the same sections as citizen_promise_html.cc, laid out
// with the lägesbild's PDF machinery.
#include "domain/period.h"
#include "report/citizen_promise_html.h"
#include "report/pdf_layout.h"

namespace lagesbild::report {
namespace {

using pdf::Align;
using pdf::Document;
using pdf::Font;

bool late(const PromiseActivity& a, int today) {
  return a.deadline_day && *a.deadline_day < today && a.status != ActivityStatus::done &&
         a.status != ActivityStatus::cancelled;
}

std::string organisation_name(const ingest::ReportContext& ctx, Id id) {
  const Organisation* o = ctx.organisation_by_id(id);
  return o ? o->name : "#" + std::to_string(id);
}

}  // namespace

std::string citizen_promise_pdf(const PromiseFollowUp& f) {
  const CitizenPromise& p = *f.promise;
  const ingest::ReportContext& ctx = *f.context;
  const std::string title = "Medborgarlöfte " + std::to_string(p.year) + " – " + p.police_area;
  std::string names;
  for (const std::string& n : f.municipality_names) names += (names.empty() ? "" : ", ") + n;
  Document doc(title);
  const Font body{10, false, {0.13, 0.13, 0.13}};
  const Font grey{10, false, {0.4, 0.4, 0.4}};
  doc.paragraph(title, Font{18, true, {0.17, 0.30, 0.49}}, 4);
  doc.paragraph(
      "Uppföljning · " + names + (p.period.empty() ? "" : " · bygger på lägesbilden " + p.period),
      grey, 10);
  if (!p.text.empty()) doc.paragraph(p.text, Font{11, false, {0.13, 0.13, 0.13}}, 10);

  int done = 0, ongoing = 0, overdue = 0;
  for (const PromiseActivity& a : p.activities) {
    done += a.status == ActivityStatus::done;
    ongoing += a.status == ActivityStatus::ongoing;
    overdue += late(a, f.today);
  }
  doc.heading("Sammanfattning");
  doc.paragraph(std::to_string(p.activities.size()) + " aktiviteter: " + std::to_string(done) +
                    " genomförda, " + std::to_string(ongoing) + " pågående, " +
                    std::to_string(overdue) + " försenade.",
                body, 10);

  const double w = doc.width();
  doc.heading("Aktiviteter");
  std::vector<Document::Row> rows;
  for (const PromiseActivity& a : p.activities) {
    Document::Row r{{a.text, organisation_name(ctx, a.organisation_id),
                     a.deadline_day ? format_day(*a.deadline_day) : "",
                     std::string(swedish_name(a.status)) + (late(a, f.today) ? " (försenad)" : "")},
                    std::nullopt};
    if (late(a, f.today)) r.fill = view::Rgb{0.99, 0.90, 0.88};
    rows.push_back(std::move(r));
  }
  if (rows.empty()) rows.push_back({{"Inga aktiviteter.", "", "", ""}, std::nullopt});
  doc.table({{"Aktivitet", w * 0.46, Align::left},
             {"Ansvarig", w * 0.22, Align::left},
             {"Klart senast", w * 0.14, Align::left},
             {"Status", w * 0.18, Align::left}},
            rows, body);

  doc.heading("Åtgärder under året");
  std::vector<Document::Row> measures;
  for (const Measure* m : f.measures) {
    measures.push_back(
        {{m->title, std::string(swedish_label(m->type)), organisation_name(ctx, m->organisation_id),
          format_day(m->start_day), std::string(swedish_name(m->status))},
         std::nullopt});
  }
  if (measures.empty()) {
    measures.push_back({{"Inga åtgärder registrerade.", "", "", "", ""}, std::nullopt});
  }
  doc.table({{"Åtgärd", w * 0.34, Align::left},
             {"Typ", w * 0.18, Align::left},
             {"Ansvarig", w * 0.18, Align::left},
             {"Start", w * 0.14, Align::left},
             {"Status", w * 0.16, Align::left}},
            measures, body);
  return doc.finish();
}

}  // namespace lagesbild::report

#include "report/citizen_promise_html.h"

#include "domain/period.h"
#include "report/situation_html.h"

namespace lagesbild::report {
namespace {

bool late(const PromiseActivity& a, int today) {
  return a.deadline_day && *a.deadline_day < today && a.status != ActivityStatus::done &&
         a.status != ActivityStatus::cancelled;
}

std::string organisation_name(const ingest::ReportContext& ctx, Id id) {
  const Organisation* o = ctx.organisation_by_id(id);
  return o ? o->name : "#" + std::to_string(id);
}

}  // namespace

std::string citizen_promise_html(const PromiseFollowUp& f) {
  const CitizenPromise& p = *f.promise;
  const ingest::ReportContext& ctx = *f.context;
  const auto esc = [](const std::string& s) { return html_escape(s); };
  const std::string title = "Medborgarlöfte " + std::to_string(p.year) + " – " + p.police_area;
  std::string names;
  for (const std::string& n : f.municipality_names) names += (names.empty() ? "" : ", ") + n;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>" +
      esc(title) +
      "</title><style>body{font-family:\"DejaVu Sans\",system-ui,sans-serif;color:#222;"
      "max-width:900px;margin:0 auto;padding:1.5rem;line-height:1.4}h2{color:#2b4c7e;"
      "border-bottom:2px solid #2b4c7e}table{border-collapse:collapse;width:100%}th,td{"
      "border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}"
      ".late{color:#a02020;font-weight:bold}.promise{background:#eef2f8;padding:.8rem;"
      "border-left:4px solid #2b4c7e;white-space:pre-wrap}</style></head><body>\n<h1>" +
      esc(title) + "</h1><p>Uppföljning · " + esc(names) +
      (p.period.empty() ? "" : " · bygger på lägesbilden " + esc(p.period)) + "</p>\n";
  if (!p.text.empty()) out += "<p class=\"promise\">" + esc(p.text) + "</p>\n";

  int done = 0, ongoing = 0, overdue = 0;
  for (const PromiseActivity& a : p.activities) {
    done += a.status == ActivityStatus::done;
    ongoing += a.status == ActivityStatus::ongoing;
    overdue += late(a, f.today);
  }
  out += "<section id=\"sammanfattning\"><h2>Sammanfattning</h2><p>" +
         std::to_string(p.activities.size()) + " aktiviteter: " + std::to_string(done) +
         " genomförda, " + std::to_string(ongoing) + " pågående, " + std::to_string(overdue) +
         " försenade.</p></section>\n";
  out +=
      "<section id=\"aktiviteter\"><h2>Aktiviteter</h2><table><thead><tr><th>Aktivitet</th>"
      "<th>Ansvarig</th><th>Klart senast</th><th>Status</th></tr></thead><tbody>";
  for (const PromiseActivity& a : p.activities) {
    out += "<tr><td>" + esc(a.text) + "</td><td>" + esc(organisation_name(ctx, a.organisation_id)) +
           "</td><td>" + (a.deadline_day ? format_day(*a.deadline_day) : "") + "</td><td" +
           (late(a, f.today) ? " class=\"late\">" : ">") +
           esc(std::string(swedish_name(a.status))) + (late(a, f.today) ? " (försenad)" : "") +
           "</td></tr>";
  }
  out += "</tbody></table></section>\n";
  out +=
      "<section id=\"atgarder\"><h2>Åtgärder under året</h2><table><thead><tr><th>Åtgärd</th>"
      "<th>Typ</th><th>Ansvarig</th><th>Start</th><th>Status</th></tr></thead><tbody>";
  for (const Measure* m : f.measures) {
    out += "<tr><td>" + esc(m->title) + "</td><td>" + esc(std::string(swedish_label(m->type))) +
           "</td><td>" + esc(organisation_name(ctx, m->organisation_id)) + "</td><td>" +
           format_day(m->start_day) + "</td><td>" + esc(std::string(swedish_name(m->status))) +
           "</td></tr>";
  }
  if (f.measures.empty()) out += "<tr><td colspan=\"5\">Inga åtgärder registrerade.</td></tr>";
  out += "</tbody></table></section>\n</body></html>\n";
  return out;
}

}  // namespace lagesbild::report

#include "report/forum_material.h"

#include <algorithm>

#include "report/csv_field.h"
#include "report/pdf_layout.h"
#include "report/situation_view.h"

namespace lagesbild::report {
namespace {

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

void para(pdf::Document& doc, std::string_view text, const pdf::Font& font = pdf::Font{}) {
  doc.paragraph(text, font);
}

std::string meeting_time(const Meeting& m) { return view::local_time_text(m.starts_at); }

std::string status_text(const DecisionLine& d) {
  std::string s = d.status == "open" ? "öppen" : "stängd";
  if (!d.measure_status.empty()) s += " (åtgärd: " + d.measure_status + ")";
  if (d.overdue) s += ", försenad";
  return s;
}

void decision_table(pdf::Document& doc, const std::vector<DecisionLine>& lines) {
  const double w = doc.width();
  std::vector<pdf::Document::Row> rows;
  for (const DecisionLine& d : lines) {
    pdf::Document::Row r;
    r.cells = {d.title + (d.kind == "measure" ? " [åtgärd]" : " [uppdrag]"), d.organisation, d.due,
               status_text(d), d.meeting_date};
    if (d.overdue) r.fill = view::Rgb{1.0, 0.9, 0.88};
    rows.push_back(std::move(r));
  }
  doc.table({{"Beslut", w * 0.38},
             {"Ansvarig", w * 0.18},
             {"Klart senast", w * 0.13, pdf::Align::right},
             {"Status", w * 0.17},
             {"Beslutat", w * 0.14, pdf::Align::right}},
            rows);
  doc.move_down(6);
}

// RFC 5545 3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values.
std::string ics_text(std::string_view v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      if (i + 1 < v.size() && v[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\n') {
      out += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += ' ';  // other control characters are not allowed in TEXT
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 5545 3.1: a content line longer than 75 octets continues on the next line after CRLF and
// one space; a UTF-8 character is never split.
void append_line(std::string& out, std::string_view line) {
  std::size_t limit = 75;
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = 74;  // the leading space counts
  }
  out.append(line);
  out += "\r\n";
}

std::string ics_utc(UtcSeconds t) {
  // "2026-11-20T21:00:00Z" -> "20261120T210000Z"
  std::string s = format_utc(t);
  std::string out;
  for (char c : s) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

}  // namespace

std::string meeting_pdf(const MeetingAgenda& a) {
  pdf::Document doc(
      a.group.name + " · " + a.municipality_name + " · " +
      format_day(period_containing(PeriodKind::range, a.meeting.starts_at).first_day));
  doc.heading(a.group.name + ": möte " + meeting_time(a.meeting), 1);
  para(doc, std::string(swedish_label(a.group.kind)) + ", " +
                std::string(swedish_label(a.group.cadence)) +
                (a.meeting.location.empty() ? "" : ". Plats: " + a.meeting.location) + ".");
  if (!a.members.empty()) para(doc, "Medlemmar: " + join(a.members, ", ") + ".");
  if (a.meeting.status == MeetingStatus::held) {
    para(doc, "Närvarande organisationer: " +
                  (a.attending.empty() ? std::string("–") : join(a.attending, ", ")) + " (" +
                  std::to_string(a.attending_people) + " personer).");
  }

  doc.heading("1. Öppna punkter från tidigare möten");
  if (a.open_items.empty() && a.closed_items.empty()) {
    para(doc, "Inga öppna punkter.");
  } else {
    if (!a.open_items.empty()) decision_table(doc, a.open_items);
    if (!a.closed_items.empty()) {
      para(doc, "Stängda sedan förra mötet:", pdf::Font{9.5, true});
      decision_table(doc, a.closed_items);
    }
  }

  doc.heading("2. Lägesbilden " + view::period_dates(a.period));
  if (a.flags.empty()) {
    para(doc, "Inga statistiskt säkerställda avvikelser i gruppens områden och teman.");
  } else {
    const double w = doc.width();
    std::vector<pdf::Document::Row> rows;
    for (const auto& f : a.flags) {
      rows.push_back({{f.area, f.category, std::to_string(f.current), view::decimal(f.expected, 1),
                       view::p_text(f.q), f.rise ? "ökning" : "minskning"},
                      std::nullopt});
    }
    doc.table({{"Område", w * 0.24},
               {"Kategori", w * 0.26},
               {"Antal", w * 0.1, pdf::Align::right},
               {"Väntat", w * 0.12, pdf::Align::right},
               {"q", w * 0.12, pdf::Align::right},
               {"", w * 0.16}},
              rows);
    doc.move_down(6);
  }
  if (!a.hotspots.empty()) {
    para(doc, "Hot spots (Gi* mellan kommunens områden):", pdf::Font{9.5, true});
    const double w = doc.width();
    std::vector<pdf::Document::Row> rows;
    for (const auto& h : a.hotspots) {
      rows.push_back({{h.area, view::decimal(h.count, 0), view::decimal(h.z, 2), view::p_text(h.p),
                       std::to_string(h.bin == 3   ? 99
                                      : h.bin == 2 ? 95
                                                   : 90) +
                           " %"},
                      std::nullopt});
    }
    doc.table({{"Område", w * 0.4},
               {"Rapporter", w * 0.15, pdf::Align::right},
               {"z", w * 0.15, pdf::Align::right},
               {"p", w * 0.15, pdf::Align::right},
               {"Säkerhet", w * 0.15, pdf::Align::right}},
              rows);
    doc.move_down(6);
  }
  para(doc, "Rapporter som inte granskats: " + std::to_string(a.unreviewed_reports) + ".");
  para(doc, "Organisationer som inte rapporterat: " +
                (a.not_reported.empty() ? std::string("inga") : join(a.not_reported, ", ")) + ".");

  doc.heading("3. Åtgärder att följa upp");
  if (a.measures_due.empty()) {
    para(doc, "Inga pågående åtgärder i gruppens områden.");
  } else {
    const double w = doc.width();
    std::vector<pdf::Document::Row> rows;
    for (const auto& m : a.measures_due) {
      pdf::Document::Row r{{"#" + std::to_string(m.id) + " " + m.title, m.organisation, m.status,
                            m.end_day ? format_day(*m.end_day) : "–"},
                           std::nullopt};
      if (m.overdue) r.fill = view::Rgb{1.0, 0.9, 0.88};
      rows.push_back(std::move(r));
    }
    doc.table({{"Åtgärd", w * 0.46},
               {"Ansvarig", w * 0.2},
               {"Status", w * 0.16},
               {"Slutdatum", w * 0.18, pdf::Align::right}},
              rows);
    doc.move_down(6);
  }

  doc.heading("4. Beslut");
  if (a.decisions.empty()) {
    para(doc, "Inga beslut registrerade.");
  } else {
    decision_table(doc, a.decisions);
  }
  doc.heading("5. Minnesanteckningar");
  para(doc, a.minutes.empty() ? "–" : a.minutes);
  para(doc,
       "Materialet innehåller grupper, möten, beslut och antal – aldrig uppgifter om enskilda "
       "personer. Personuppgifter i fritext är maskerade.",
       pdf::Font{8, false, {0.4, 0.4, 0.4}});
  return doc.finish();
}

std::string meetings_ics(const std::string& calendar_name, const std::vector<CalendarEvent>& events,
                         UtcSeconds now) {
  std::string out;
  append_line(out, "BEGIN:VCALENDAR");
  append_line(out, "VERSION:2.0");
  append_line(out, "PRODID:-//Lägesbild//Samverkansforum//SV");
  append_line(out, "CALSCALE:GREGORIAN");
  append_line(out, "METHOD:PUBLISH");
  append_line(out, "X-WR-CALNAME:" + ics_text(calendar_name));
  const std::string stamp = ics_utc(now);
  for (const CalendarEvent& e : events) {
    append_line(out, "BEGIN:VEVENT");
    append_line(out, "UID:" + e.uid);
    append_line(out, "DTSTAMP:" + stamp);
    append_line(out, "DTSTART:" + ics_utc(e.starts_at));
    append_line(out, "DTEND:" + ics_utc(e.starts_at + std::chrono::minutes(e.duration_minutes)));
    append_line(out, "SUMMARY:" + ics_text(e.summary));
    if (!e.location.empty()) append_line(out, "LOCATION:" + ics_text(e.location));
    if (!e.description.empty()) append_line(out, "DESCRIPTION:" + ics_text(e.description));
    append_line(out, e.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    append_line(out, "END:VEVENT");
  }
  append_line(out, "END:VCALENDAR");
  return out;
}

const std::vector<std::string>& overview_csv_columns() {
  static const std::vector<std::string> columns{
      "id",  "measure_id", "group",          "meeting_date", "kind",  "title",     "organisation",
      "due", "status",     "measure_status", "overdue",      "areas", "categories"};
  return columns;
}

std::string overview_csv(const ForumOverview& o) {
  std::string out;
  for (std::size_t i = 0; i < overview_csv_columns().size(); ++i) {
    if (i) out += ',';
    out += overview_csv_columns()[i];
  }
  out += "\r\n";
  for (const DecisionLine& d : o.items) {
    append_csv_field(out, d.id ? std::to_string(d.id) : "");
    out += ',';
    append_csv_field(out, d.measure_id ? std::to_string(*d.measure_id) : "");
    out += ',';
    append_csv_text(out, d.group);
    out += ',';
    append_csv_field(out, d.meeting_date);
    out += ',';
    append_csv_field(out, d.kind);
    out += ',';
    append_csv_text(out, d.title);
    out += ',';
    append_csv_text(out, d.organisation);
    out += ',';
    append_csv_field(out, d.due);
    out += ',';
    append_csv_field(out, d.status);
    out += ',';
    append_csv_field(out, d.measure_status);
    out += ',';
    append_csv_field(out, d.overdue ? "yes" : "no");
    out += ',';
    append_csv_text(out, join(d.areas, "; "));
    out += ',';
    append_csv_text(out, join(d.categories, "; "));
    out += "\r\n";
  }
  return out;
}

}  // namespace lagesbild::report

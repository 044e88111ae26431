// The compiled lägesbild as one self-contained HTML page in Swedish: for the screen, the
// meeting's projector and the e-mail to every organisation.
//
// Owns: the HTML layout of a SituationPicture. May use: report/situation_view.h (shared labels,
// colours, map geometry), report/situation_picture.h, domain/. Pure: no I/O. Thread-safe.
#pragma once

#include <string>

#include "report/situation_picture.h"

namespace lagesbild::report {

// One HTML5 document (lang="sv", UTF-8, inline CSS and inline SVG; no scripts and no external
// resources): title, totals against the previous period, the baseline mean and last year; the
// flags (flagged cells and EWMA early warnings); a map of the areas coloured by change with their
// status and the period's points; trend charts of the largest categories; the time-of-week
// heatmap; counts by area × category; top places; reporting coverage; the serious reports; the
// latest assessment and proposed actions ("Ingen bedömning ännu" when there is none).
// Renders only what the picture holds: serious reports and points only when present. Every text
// that comes from data is HTML-escaped; report descriptions appear only in the serious-reports
// table. "Inga rapporter under perioden" when the period has no reports.
std::string situation_html(const SituationPicture& pic);

// `text` with & < > " ' replaced by character references: safe in element content and in
// quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace lagesbild::report

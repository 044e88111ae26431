// The compiled lägesbild as the meeting's PDF report: A4 portrait, drawn natively with Cairo and
// Pango (DejaVu Sans, or what fontconfig gives for "Sans").
//
// Owns: the PDF layout of a SituationPicture. May use: report/pdf_layout.h (pages, text,
// tables), report/situation_view.h (shared labels, colours, map geometry), Cairo. Pure apart
// from reading fonts; thread-safe (each call has its own document).
#pragma once

#include <string>

#include "report/situation_picture.h"

namespace lagesbild::report {

// The PDF bytes: a title page (period, totals against the previous period, the baseline mean
// and last year, "Inga rapporter under perioden" when there are none, the flags); a map of the
// areas coloured by change with their status and the period's points; trend charts of the
// largest categories and the time-of-week heatmap; the counts by area × category, top places,
// reporting coverage and serious reports as tables that continue across pages; the latest
// assessment and proposed actions ("Ingen bedömning ännu" when there is none). Renders only what
// the picture holds; report descriptions appear only in the serious-reports table. Throws
// std::runtime_error if Cairo fails.
std::string situation_pdf(const SituationPicture& pic);

}  // namespace lagesbild::report

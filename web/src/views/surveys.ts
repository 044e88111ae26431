// Trygghet: the safety surveys' shares per area and indicator with their 95 % intervals, the
// reported incidents of the same area and year beside them and the change test in Swedish; the
// register's yearly documents (the action plan and the annual evaluation report); and the
// citizen promises and safety walks as lists. Every role reads it (aggregates, no personal data).
import { get } from "../api";
import { withMunicipality } from "../app";
import { h, num, pct } from "../dom";
import { t } from "../i18n";

interface Ref {
  id: number;
  name: string;
}
interface SurveyPoint {
  year: number;
  share: number;
  respondents: number;
  ci_low: number;
  ci_high: number;
  incidents: number;
}
interface SurveySeries {
  area: Ref | null;
  area_name: string;
  indicator: string;
  points: SurveyPoint[];
  change: { from: number; to: number; p: number; small_sample: boolean; reading: string } | null;
}
interface SurveyTrends {
  series: SurveySeries[];
}
interface Promise_ {
  id: number;
  year: number;
  police_area: string;
  activities: unknown[];
}
interface Walk {
  id: number;
  date: string;
  route: string;
  areas: Ref[];
  observations: unknown[];
}

function seriesTable(s: SurveySeries): HTMLElement {
  return h(
    "section",
    { class: "survey-series", "data-area": s.area_name },
    h("h3", {}, `${s.area_name} · ${s.indicator}`),
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h("tr", {}, ["År", "Andel", "95 % konfidensintervall", "Svarande", "Rapporterade händelser"].map((t) => h("th", {}, t))),
      ),
      h(
        "tbody",
        {},
        s.points.map((p) =>
          h(
            "tr",
            {},
            h("td", {}, String(p.year)),
            h("td", { class: "n" }, pct(p.share)),
            h("td", { class: "n" }, `${pct(p.ci_low)}–${pct(p.ci_high)}`),
            h("td", { class: "n" }, num(p.respondents)),
            h("td", { class: "n" }, num(p.incidents)),
          ),
        ),
      ),
    ),
    s.change ? h("p", { class: s.change.small_sample ? "warning" : "lead" }, s.change.reading) : null,
  );
}

export async function surveysView(main: HTMLElement): Promise<void> {
  const year = new Date().getFullYear();
  const doc = (path: string, params: Record<string, string | number>) => path + withMunicipality(params);
  main.append(
    h("h1", {}, t("Trygghet och uppföljning")),
    h(
      "p",
      { class: "actions" },
      h("a", { class: "button", href: doc("/api/v1/action-plan", { year }), target: "_blank" }, `Åtgärdsplan ${year}`),
      " ",
      h("a", { href: doc("/api/v1/action-plan", { year, format: "pdf" }) }, "PDF"),
      " · ",
      h("a", { class: "button", href: doc("/api/v1/annual-report", { year }), target: "_blank" }, `Årlig uppföljning ${year}`),
      " ",
      h("a", { href: doc("/api/v1/annual-report", { year, format: "pdf" }) }, "PDF"),
    ),
  );
  const [trends, promises, walks] = await Promise.all([
    get<SurveyTrends>("/api/v1/surveys/trends" + withMunicipality({})),
    get<Promise_[]>("/api/v1/citizen-promises" + withMunicipality({})),
    get<Walk[]>("/api/v1/safety-walks" + withMunicipality({})),
  ]);
  main.append(
    h("h2", {}, "Trygghetsmätningar"),
    h(
      "p",
      { class: "muted" },
      "Andelen svarande per område och år med 95 % konfidensintervall, bredvid de rapporterade händelserna i samma område och år.",
    ),
    trends.series.length ? h("div", { id: "survey-trends" }, trends.series.map(seriesTable)) : h("p", {}, "Inga trygghetsmätningar är importerade."),
    h("h2", {}, "Medborgarlöften"),
    promises.length
      ? h(
          "ul",
          { id: "promise-list" },
          promises.map((p) =>
            h(
              "li",
              {},
              `${p.year} · ${p.police_area} (${p.activities.length} aktiviteter) · `,
              h("a", { href: `/api/v1/citizen-promises/${p.id}/report` + withMunicipality({}), target: "_blank" }, "Uppföljning"),
              " ",
              h("a", { href: `/api/v1/citizen-promises/${p.id}/report` + withMunicipality({ format: "pdf" }) }, "PDF"),
            ),
          ),
        )
      : h("p", {}, "Inga medborgarlöften."),
    h("h2", {}, "Trygghetsvandringar"),
    walks.length
      ? h(
          "ul",
          { id: "walk-list" },
          walks.map((w) =>
            h("li", {}, `${w.date} · ${w.areas.map((a) => a.name).join(", ")} · ${w.route} (${w.observations.length} iakttagelser)`),
          ),
        )
      : h("p", {}, "Inga trygghetsvandringar."),
  );
}

// The week's lägesbild: what is unusual (flags and early warnings in plain Swedish), the map with
// areas coloured by change and the week's points, trend charts, the time-of-week heatmap, the
// tables, coverage, area statuses, the coordinator's assessment editor, and the PDF for the
// meeting. Viewers get the same picture without texts and points (the server decides).
import L from "leaflet";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { ApiError, get, post } from "../api";
import { atLeast, withMunicipality } from "../app";
import { h, num, toast, when } from "../dom";
import { t as tr } from "../i18n";
import { fit, makeMap, ratioColour, severityColour } from "../map";
import type { Cell, Report, Situation } from "../types";
import { lastWeek, mondayOf, shiftWeek } from "../week";

const days = ["Mån", "Tis", "Ons", "Tor", "Fre", "Lör", "Sön"];

function weekTitle(label: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  return m ? `vecka ${Number(m[2])}, ${m[1]}` : label;
}

function flagText(c: Cell): string {
  const where = c.area ?? "hela kommunen";
  const dir = c.direction === "fall" ? "Minskning" : c.direction === "rise" ? "Ökning" : "Varning";
  const how = c.flagged
    ? `säker avvikelse (q = ${c.q.toFixed(3)})`
    : c.early_warning
      ? "tidig varning (EWMA över gränsen)"
      : "";
  return `${dir}: ${c.category_name} i ${where} – ${c.current} mot normalt ${num(c.expected)} (${how}).`;
}

// Every report of the week in pages of 1,000 (the API's page size), for the map.
async function weekReports(label: string): Promise<Report[] | null> {
  const out: Report[] = [];
  let cursor: string | undefined;
  try {
    for (let i = 0; i < 20; i++) {
      const page = await get<{ reports: Report[]; next_cursor: string | null }>(
        "/api/v1/reports" + withMunicipality({ week: label, limit: 1000, cursor }),
      );
      out.push(...page.reports);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null; // viewer
    throw e;
  }
  return out;
}

function trendChart(el: HTMLElement, title: string, labels: string[], series: number[], expected: number): void {
  const xs = labels.map((_, i) => i);
  new uPlot(
    {
      title,
      width: Math.min(560, el.clientWidth || 560),
      height: 180,
      scales: { x: { time: false } },
      axes: [{ values: (_u, ticks) => ticks.map((t) => labels[t]?.slice(5) ?? "") }, {}],
      series: [
        {},
        { label: "Antal", stroke: "#b2182b", width: 2, points: { show: true } },
        { label: "Normalnivå", stroke: "#777", dash: [4, 4] },
      ],
      legend: { show: false },
    },
    [xs, series, xs.map(() => expected)],
    el,
  );
  el.append(h("p", { class: "legend" }, h("span", {}, h("i", { style: "background:#b2182b" }), "antal per vecka"), h("span", {}, h("i", { style: "background:#777" }), "normalnivå")));
}

function heatmap(matrix: number[][]): HTMLElement {
  const max = Math.max(0.0001, ...matrix.flat());
  return h(
    "table",
    { class: "heatmap", id: "time-of-week" },
    h("caption", {}, "Tid på veckan (rapporter fördelade över sina tidsintervall)"),
    h("thead", {}, h("tr", {}, h("th", {}, ""), Array.from({ length: 24 }, (_, i) => h("th", { scope: "col" }, i % 3 === 0 ? String(i) : "")))),
    h(
      "tbody",
      {},
      matrix.map((row, d) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, days[d]),
          row.map((v, hour) =>
            h("td", {
              style: `background: rgba(178,24,43,${(v / max).toFixed(3)})`,
              title: `${days[d]} ${hour}:00–${hour + 1}:00: ${num(v)}`,
            }),
          ),
        ),
      ),
    ),
  );
}

export async function situationView(main: HTMLElement, args: string[]): Promise<void> {
  const label = args[0] && mondayOf(args[0]) ? args[0] : lastWeek();
  const m = withMunicipality({ period: label });
  const [pic, areas, reports] = await Promise.all([
    get<Situation>("/api/v1/situation" + m),
    get<GeoJSON.FeatureCollection>("/api/v1/situation" + withMunicipality({ period: label, format: "geojson" })),
    atLeast("reporter") ? weekReports(label) : Promise.resolve(null),
  ]);

  const picker = h("input", { type: "week", id: "week", value: label, "aria-label": "Välj vecka" });
  picker.addEventListener("change", () => picker.value && (location.hash = `#/lagesbild/${picker.value}`));
  const pdfHref = "/api/v1/situation" + withMunicipality({ period: label, format: "pdf" });
  main.append(
    h(
      "div",
      { class: "titlebar" },
      h("h1", {}, `${tr("Lägesbild")} ${weekTitle(label)}`),
      h(
        "div",
        { class: "row" },
        h("a", { class: "button", href: `#/lagesbild/${shiftWeek(label, -1)}`, "aria-label": "Föregående vecka" }, "‹ Föregående"),
        picker,
        h("a", { class: "button", href: `#/lagesbild/${shiftWeek(label, 1)}`, "aria-label": "Nästa vecka" }, "Nästa ›"),
        h("a", { class: "button primary", href: pdfHref, download: `lagesbild-${label}.pdf`, id: "pdf-link" }, "PDF för mötet"),
      ),
    ),
  );

  const t = pic.totals;
  main.append(
    h(
      "section",
      { class: "totals", "aria-label": "Summering" },
      h("div", { class: "stat", id: "total-current" }, h("strong", {}, num(t.current)), h("span", {}, "rapporter denna vecka")),
      h("div", { class: "stat" }, h("strong", {}, num(t.previous)), h("span", {}, `förra veckan (${pic.previous})`)),
      h("div", { class: "stat" }, h("strong", {}, num(t.baseline_mean)), h("span", {}, `snitt ${pic.baseline.length} veckor`)),
      h("div", { class: "stat" }, h("strong", {}, num(t.last_year)), h("span", {}, `samma vecka i fjol`)),
    ),
  );

  const warnings = pic.cells.filter((c) => !c.flagged && c.early_warning);
  main.append(
    h(
      "section",
      { "aria-labelledby": "flags-h" },
      h("h2", { id: "flags-h" }, "Det som sticker ut"),
      pic.flags.length === 0 && warnings.length === 0
        ? h("p", { class: "muted" }, "Inget avviker statistiskt säkert från det normala denna vecka.")
        : h(
            "ul",
            { class: "flags", id: "flags" },
            pic.flags.map((c) => h("li", { class: c.direction === "fall" ? "fall" : "rise" }, flagText(c))),
            warnings.slice(0, 10).map((c) => h("li", { class: "warn" }, flagText(c))),
          ),
    ),
  );

  // Map: areas coloured by the ratio to their normal level, with the week's points.
  const mapEl = h("div", { class: "map", id: "situation-map", role: "img", "aria-label": "Karta över områden färgade efter förändring" });
  const legend = h(
    "p",
    { class: "legend" },
    [
      [2.5, "≥ 2×"],
      [1.5, "1,4–2×"],
      [1.2, "1,1–1,4×"],
      [1, "som vanligt"],
      [0.8, "0,7–0,9×"],
      [0.4, "< 0,5×"],
    ].map(([r, text]) => h("span", {}, h("i", { style: `background:${ratioColour(r as number)}` }), text as string)),
    reports ? h("span", {}, h("i", { class: "dot" }), `${num(reports.length)} rapporter med punkt`) : "Punkter visas inte för din roll.",
  );
  main.append(h("section", { "aria-label": "Karta" }, h("h2", {}, "Karta"), mapEl, legend));
  const map = makeMap(mapEl);
  const areaLayer = L.geoJSON(areas as never, {
    filter: (f) => f.geometry.type !== "Point",
    style: (f) => ({
      color: (f?.properties as { flagged?: number }).flagged ? "#000" : "#666",
      weight: (f?.properties as { flagged?: number }).flagged ? 3 : 1,
      fillColor: ratioColour((f?.properties as { ratio?: number }).ratio),
      fillOpacity: 0.45,
    }),
    onEachFeature: (f, layer) => {
      const p = f.properties as { name: string; current: number; expected: number; ratio: number | null; status_name: string | null };
      layer.bindTooltip(
        `<strong>${p.name}</strong><br>${p.current} rapporter, normalt ${num(p.expected)}` +
          (p.status_name ? `<br>Status: ${p.status_name}` : ""),
      );
    },
  }).addTo(map);
  fit(map, areaLayer);
  mapEl.dataset.areas = String(areaLayer.getLayers().length); // what was drawn, for tests
  if (reports) {
    const pts = L.featureGroup();
    for (const r of reports) {
      if (r.lat === null || r.lon === null) continue;
      L.circleMarker([r.lat, r.lon], { radius: 4, weight: 1, color: "#fff", fillColor: severityColour(r.severity), fillOpacity: 0.9 })
        .bindPopup(`<strong>${r.category_name}</strong><br>${when(r.occurred_from)} · ${r.organisation}` + (r.description ? `<br>${escapeHtml(r.description)}` : ""))
        .addTo(pts);
    }
    pts.addTo(map);
    mapEl.dataset.points = String(pts.getLayers().length);
  }

  // Trends: the whole municipality, then each flagged cell.
  const labels = [...pic.baseline].reverse().concat(label);
  const top = pic.cells.filter((c) => c.area === null && !c.category.includes("."));
  const total = labels.map((_, i) => top.reduce((s, c) => s + (c.series[i] ?? 0), 0));
  const charts = h("div", { class: "charts", id: "charts" });
  main.append(h("section", { "aria-labelledby": "trend-h" }, h("h2", { id: "trend-h" }, "Trender"), charts));
  const totalEl = h("div", { class: "chart" });
  charts.append(totalEl);
  trendChart(totalEl, "Alla rapporter", labels, total, t.baseline_mean);
  for (const c of pic.flags.slice(0, 6)) {
    const el = h("div", { class: "chart" });
    charts.append(el);
    trendChart(el, `${c.category_name} – ${c.area ?? "hela kommunen"}`, labels, c.series, c.expected);
  }

  main.append(h("section", { "aria-label": "Tid på veckan" }, h("h2", {}, "När det händer"), heatmap(pic.time_of_week)));

  // Table: areas × top-level categories, this week.
  const areaNames = [...new Set(pic.cells.filter((c) => c.area).map((c) => c.area as string))].sort((a, b) => a.localeCompare(b, "sv"));
  const cats = [...new Map(top.map((c) => [c.category, c.category_name])).entries()];
  const cell = (a: string, k: string) => pic.cells.find((c) => c.area === a && c.category === k);
  main.append(
    h(
      "section",
      { "aria-labelledby": "table-h" },
      h("h2", { id: "table-h" }, "Per område och kategori"),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          { class: "matrix", id: "area-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Område"), cats.map(([, n]) => h("th", { scope: "col" }, n)))),
          h(
            "tbody",
            {},
            areaNames.map((a) =>
              h(
                "tr",
                {},
                h("th", { scope: "row" }, a),
                cats.map(([k]) => {
                  const c = cell(a, k);
                  return h(
                    "td",
                    { class: c?.flagged ? (c.direction === "fall" ? "fall" : "rise") : "" },
                    c ? num(c.current) : "0",
                  );
                }),
              ),
            ),
          ),
        ),
      ),
    ),
  );

  if (pic.serious.length) {
    main.append(
      h(
        "section",
        { "aria-labelledby": "serious-h" },
        h("h2", { id: "serious-h" }, "Allvarliga händelser"),
        h(
          "ul",
          { class: "serious" },
          pic.serious.map((r) =>
            h("li", {}, h("strong", {}, r.category_name), ` · ${r.area ?? "–"} · ${when(r.occurred_from)} · ${r.organisation}`, r.description ? h("p", {}, r.description) : null),
          ),
        ),
      ),
    );
  }

  const stateNames: Record<string, string> = {
    reported: "har rapporterat",
    nothing_to_report: "inget att rapportera",
    not_reported: "har inte rapporterat",
  };
  main.append(
    h(
      "section",
      { "aria-labelledby": "coverage-h" },
      h("h2", { id: "coverage-h" }, "Vilka har rapporterat"),
      h(
        "ul",
        { class: "coverage" },
        pic.coverage.map((c) => h("li", { class: c.state }, `${c.organisation}: ${stateNames[c.state] ?? c.state}` + (c.reports ? ` (${c.reports})` : ""))),
      ),
    ),
  );

  main.append(assessmentSection(pic, label));
}

function assessmentSection(pic: Situation, label: string): HTMLElement {
  const a = pic.assessment;
  const section = h(
    "section",
    { "aria-labelledby": "assessment-h", id: "assessment" },
    h("h2", { id: "assessment-h" }, "Bedömning"),
    a
      ? h("div", { class: "assessment" }, h("p", {}, a.text), a.proposed_actions ? h("p", {}, h("strong", {}, "Föreslagna åtgärder: "), a.proposed_actions) : null, h("p", { class: "muted" }, `Version ${a.version} av ${a.author}, ${when(a.created_at)}`))
      : h("p", { class: "muted" }, "Ingen bedömning skriven för veckan."),
  );
  if (!atLeast("analyst")) return section;
  const text = h("textarea", { id: "assessment-text", rows: 5 }, a?.text ?? "");
  const actions = h("textarea", { id: "assessment-actions", rows: 3 }, a?.proposed_actions ?? "");
  const err = h("p", { class: "field-error", role: "alert" });
  const form = h(
    "form",
    {},
    h("label", { for: "assessment-text" }, "Samlad bedömning"),
    text,
    h("label", { for: "assessment-actions" }, "Föreslagna åtgärder"),
    actions,
    err,
    h("button", { type: "submit", class: "primary" }, a ? "Spara ny version" : "Spara bedömning"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    err.textContent = "";
    try {
      await post("/api/v1/assessments" + withMunicipality({}), { period: label, text: text.value, proposed_actions: actions.value });
      toast("Bedömningen är sparad.");
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (ex) {
      err.textContent = ex instanceof ApiError ? ex.forField("text") ?? ex.message : String(ex);
    }
  });
  section.append(form);
  return section;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

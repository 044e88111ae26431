// Hotspots (Getis–Ord Gi* over square cells, classes at 90/95/99 %) and the near-repeat table
// (Knox test) of stored reports, with their parameters. Both run on the server over every
// report's point, so they are for analysts and up.
import L from "leaflet";
import { ApiError, get } from "../api";
import { app, withMunicipality } from "../app";
import { clear, h, num } from "../dom";
import { t } from "../i18n";
import { fit, hotColour, makeMap } from "../map";
import { localStamp } from "../week";

interface Band { label: string }
interface Density {
  cols: number;
  rows: number;
  south_west: [number, number];
  north_east: [number, number];
  max: number;
  values: number[];
  reports: number;
}

// The density raster as an image: transparent where nothing happens, yellow to dark red towards
// the maximum (square root scale, so that the lesser concentrations still show).
function densityImage(d: Density): string {
  const canvas = document.createElement("canvas");
  canvas.width = d.cols;
  canvas.height = d.rows;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(d.cols, d.rows);
  for (let row = 0; row < d.rows; row++) {
    for (let col = 0; col < d.cols; col++) {
      const v = d.max > 0 ? Math.sqrt(d.values[row * d.cols + col] / d.max) : 0;
      const o = ((d.rows - 1 - row) * d.cols + col) * 4; // row 0 is the south edge
      img.data[o] = 255;
      img.data[o + 1] = Math.round(255 * (1 - v) * 0.9);
      img.data[o + 2] = Math.round(60 * (1 - v));
      img.data[o + 3] = v < 0.05 ? 0 : Math.round(60 + 170 * v);
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}

const emergingColours: Record<string, string> = {
  "New Hot Spot": "#fdae61",
  "Consecutive Hot Spot": "#f46d43",
  "Intensifying Hot Spot": "#a50026",
  "Persistent Hot Spot": "#d73027",
  "Diminishing Hot Spot": "#fee090",
  "Sporadic Hot Spot": "#f4a582",
  "Oscillating Hot Spot": "#dd3497",
  "Historical Hot Spot": "#bababa",
  "New Cold Spot": "#abd9e9",
  "Consecutive Cold Spot": "#74add1",
  "Intensifying Cold Spot": "#313695",
  "Persistent Cold Spot": "#4575b4",
  "Diminishing Cold Spot": "#e0f3f8",
  "Sporadic Cold Spot": "#92c5de",
  "Oscillating Cold Spot": "#8073ac",
  "Historical Cold Spot": "#878787",
};
interface NearRepeat {
  reports: number;
  pairs: number;
  near_pairs: number;
  spatial: Band[];
  temporal: Band[];
  cells: { observed: number; expected: number; knox_ratio: number | null; p: number }[][];
}

const classNames: Record<number, string> = {
  3: "Het 99 %",
  2: "Het 95 %",
  1: "Het 90 %",
  [-1]: "Kall 90 %",
  [-2]: "Kall 95 %",
  [-3]: "Kall 99 %",
};

// The day after the same date one year earlier: twelve whole months ending at `iso`.
function yearBefore(iso: string): string {
  const d = new Date(iso + "T12:00:00");
  d.setFullYear(d.getFullYear() - 1);
  d.setDate(d.getDate() + 1);
  return localStamp(d).slice(0, 10);
}

// The day `n` days before the date `iso` (YYYY-MM-DD).
function daysAgoFrom(iso: string, n: number): string {
  const d = new Date(iso + "T12:00:00");
  d.setDate(d.getDate() - n);
  return localStamp(d).slice(0, 10);
}

function daysAgo(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return localStamp(d).slice(0, 10);
}

export async function analysisView(main: HTMLElement): Promise<void> {
  const ref = app.ref!;
  const from = h("input", { id: "an-from", type: "date", value: daysAgo(91) });
  const to = h("input", { id: "an-to", type: "date", value: daysAgo(1) });
  const category = h(
    "select",
    { id: "an-category" },
    h("option", { value: "" }, "Alla kategorier"),
    ref.categories.filter((c) => c.parent_id === null).map((c) => h("option", { value: c.code }, c.name)),
  );
  const cell = h("input", { id: "an-cell", type: "number", min: 50, max: 2000, step: 50, value: 250 });
  const shape = h(
    "select",
    { id: "an-shape" },
    h("option", { value: "square" }, "Kvadrater"),
    h("option", { value: "hexagon" }, "Hexagoner"),
  );
  const perms = h("input", { id: "an-perms", type: "number", min: 0, max: 9999, value: 999 });
  const sBand = h("input", { id: "an-sband", type: "number", min: 10, max: 5000, value: 100 });
  const tBand = h("input", { id: "an-tband", type: "number", min: 1, max: 60, value: 7 });
  const status = h("p", { role: "status", class: "muted" });
  const mapEl = h("div", { class: "map", id: "hotspot-map", role: "img", "aria-label": "Karta över hot- och coldspots" });
  const legend = h(
    "p",
    { class: "legend" },
    [3, 2, 1, -1, -2, -3].map((c) => h("span", {}, h("i", { style: `background:${hotColour(c)}` }), classNames[c])),
  );
  const nrOut = h("div", { id: "near-repeat" });
  const bandwidth = h("input", { id: "an-bandwidth", type: "number", min: 50, max: 5000, step: 50, value: 300 });
  const emMapEl = h("div", { class: "map", id: "emerging-map", role: "img", "aria-label": "Karta över framväxande hotspots" });
  const emLegend = h("ul", { class: "legend", id: "emerging-legend" });
  const areaMapEl = h("div", { class: "map", id: "area-map", role: "img", "aria-label": "Karta över hot- och coldspots per område" });
  const areaOut = h("div", { id: "area-hotspots" });
  const compareOut = h("div", { id: "method-comparison" });
  const form = h(
    "form",
    { class: "params" },
    h("div", {}, h("label", { for: "an-from" }, "Från"), from),
    h("div", {}, h("label", { for: "an-to" }, "Till"), to),
    h("div", {}, h("label", { for: "an-category" }, "Kategori"), category),
    h("div", {}, h("label", { for: "an-cell" }, "Cellstorlek (m)"), cell),
    h("div", {}, h("label", { for: "an-shape" }, "Cellform"), shape),
    h("div", {}, h("label", { for: "an-perms" }, "Permutationer"), perms),
    h("div", {}, h("label", { for: "an-sband" }, "Avståndsband (m)"), sBand),
    h("div", {}, h("label", { for: "an-tband" }, "Tidsband (dagar)"), tBand),
    h("div", {}, h("label", { for: "an-bandwidth" }, "KDE-radie (m)"), bandwidth),
    h("button", { type: "submit", class: "primary" }, "Kör analysen"),
  );
  main.append(
    h("h1", {}, t("Analys")),
    form,
    status,
    h("h2", {}, "Hotspots (Getis–Ord Gi*)"),
    mapEl,
    legend,
    h("p", { class: "muted" }, "Lagret Täthet (KDE) visar kvartisk kärntäthet med vald radie; välj lager uppe till höger i kartan."),
    h("h2", {}, "Framväxande hotspots (tolv månader fram till Till-datum, Gi* per månad, Mann–Kendall)"),
    emMapEl,
    emLegend,
    h("h2", {}, "Upprepad utsatthet (near repeat, Knox)"),
    nrOut,
    h("h2", {}, "Per område (Gi* och lokal Moran, grannar från områdesgränserna)"),
    h("p", { class: "muted" }, "Rapporter per km² i varje område under perioden; ett område är hett när det och dess grannar tillsammans har ovanligt många."),
    areaMapEl,
    areaOut,
    h("h2", {}, "Vilken metod hade förutsagt bäst?"),
    h("p", { class: "muted" }, "De åtta veckorna fram till Till-datum hålls undan en i taget; varje metod ser bara de åtta veckorna före. Träffandel och PAI för de celler som täcker 5 % av ytan."),
    compareOut,
  );
  const map = makeMap(mapEl);
  const areas = L.geoJSON(ref.areas as never, { style: { color: "#444", weight: 1, fill: false } }).addTo(map);
  fit(map, areas);
  let cells: L.GeoJSON | null = null;
  let density: L.ImageOverlay | null = null;
  const layers = L.control.layers(undefined, undefined, { collapsed: false }).addTo(map);
  const emMap = makeMap(emMapEl);
  L.geoJSON(ref.areas as never, { style: { color: "#444", weight: 1, fill: false } }).addTo(emMap);
  fit(emMap, areas);
  let emCells: L.GeoJSON | null = null;
  const areaMap = makeMap(areaMapEl);
  fit(areaMap, L.geoJSON(ref.areas as never, { style: { color: "#444", weight: 1, fill: false } }).addTo(areaMap));
  let areaLayer: L.GeoJSON | null = null;

  const errorText = (e: unknown) =>
    e instanceof ApiError ? `${e.message}${e.errors.length ? ": " + e.errors.map((x) => `${x.field} – ${x.reason}`).join("; ") : ""}` : String(e);

  // Gi* per area: each area coloured by its class, a table of the areas by z.
  const runAreas = async (period: string, cat: string | undefined) => {
    clear(areaOut);
    try {
      const fc = await get<GeoJSON.FeatureCollection>(
        "/api/v1/analysis/areas" + withMunicipality({ period, category: cat, measure: "density", permutations: 999 }),
      );
      areaLayer?.remove();
      areaLayer = L.geoJSON(fc as never, {
        style: (f) => ({ color: "#444", weight: 1, fillColor: hotColour((f?.properties as { class: number }).class), fillOpacity: 0.7 }),
        onEachFeature: (f, layer) => {
          const p = f.properties as { name: string; count: number; value: number; z: number; class: number };
          layer.bindTooltip(`${p.name}: ${num(p.count)} rapporter (${p.value.toFixed(1)}/km²), z = ${p.z.toFixed(2)}${p.class ? ", " + classNames[p.class] : ""}`);
        },
      }).addTo(areaMap);
      const rows = fc.features
        .map((f) => f.properties as { name: string; count: number; value: number; z: number; p_sim: number; class: number; moran_cluster: string })
        .sort((a, b) => b.z - a.z);
      areaMapEl.dataset.areas = String(rows.length);
      areaMapEl.dataset.hot = String(rows.filter((r) => r.class >= 2).length);
      areaOut.append(
        h(
          "div",
          { class: "scroll" },
          h(
            "table",
            { id: "area-hotspot-table" },
            h("caption", {}, "Områden efter Gi* z-värde"),
            h("thead", {}, h("tr", {}, ["Område", "Rapporter", "Per km²", "z", "p (perm.)", "Klass", "Lokal Moran"].map((t) => h("th", { scope: "col" }, t)))),
            h(
              "tbody",
              {},
              rows.map((r) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, r.name),
                  h("td", {}, num(r.count)),
                  h("td", {}, r.value.toFixed(1)),
                  h("td", {}, r.z.toFixed(2)),
                  h("td", {}, String(r.p_sim)),
                  h("td", {}, classNames[r.class] ?? "–"),
                  h("td", {}, r.moran_cluster || "–"),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      areaOut.append(h("p", { class: "error", role: "alert" }, errorText(e)));
    }
  };

  // The methods judged on the eight weeks before `to`.
  const methodNames: Record<string, string> = { counts: "Antal senaste veckorna", kde: "Täthet (KDE)", gistar: "Gi* z-värde" };
  const runCompare = async (cat: string | undefined) => {
    clear(compareOut);
    try {
      const r = await get<{
        best: string | null;
        cells_selected: number;
        study_cells: number;
        skipped_weeks: string[];
        methods: { method: string; mean_pai: number; mean_hit_rate: number; mean_pei: number; weeks: unknown[] }[];
      }>(
        "/api/v1/analysis/compare" +
          withMunicipality({ period: `${daysAgoFrom(to.value, 56)}..${to.value}`, category: cat, cell: cell.value, bandwidth: bandwidth.value }),
      );
      compareOut.append(
        h(
          "table",
          { id: "method-table" },
          h("caption", {}, `Medel över ${r.methods[0]?.weeks.length ?? 0} veckor; ${r.cells_selected} av ${r.study_cells} celler väljs`),
          h("thead", {}, h("tr", {}, ["Metod", "Träffandel", "PAI", "PEI"].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            r.methods.map((m) =>
              h(
                "tr",
                { class: m.method === r.best ? "strong" : "" },
                h("th", { scope: "row" }, (methodNames[m.method] ?? m.method) + (m.method === r.best ? " (bäst)" : "")),
                h("td", {}, `${Math.round(100 * m.mean_hit_rate)} %`),
                h("td", {}, m.mean_pai.toFixed(1)),
                h("td", {}, m.mean_pei.toFixed(2)),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      compareOut.append(h("p", { class: "error", role: "alert" }, errorText(e)));
    }
  };

  const run = async () => {
    status.textContent = "Räknar …";
    clear(nrOut);
    const common = { period: `${from.value}..${to.value}`, category: category.value || undefined };
    void runAreas(common.period, common.category);
    void runCompare(common.category);
    try {
      const [hot, nr, kde, em] = await Promise.all([
        get<GeoJSON.FeatureCollection>(
          "/api/v1/analysis/hotspots" + withMunicipality({ ...common, cell: cell.value, shape: shape.value, permutations: perms.value }),
        ),
        get<NearRepeat>(
          "/api/v1/analysis/nearrepeat" +
            withMunicipality({ ...common, spatial_bandwidth: sBand.value, temporal_bandwidth: tBand.value, permutations: Math.min(Number(perms.value), 999) }),
        ),
        get<Density>("/api/v1/analysis/density" + withMunicipality({ ...common, bandwidth: bandwidth.value, cell: 50 })),
        get<GeoJSON.FeatureCollection>(
          "/api/v1/analysis/emerging" +
            withMunicipality({ period: `${yearBefore(to.value)}..${to.value}`, category: common.category, cell: cell.value, slice: "month" }),
        ),
      ]);
      if (density) {
        layers.removeLayer(density);
        density.remove();
      }
      density = null;
      if (kde.values.length) {
        density = L.imageOverlay(densityImage(kde), [[kde.south_west[1], kde.south_west[0]], [kde.north_east[1], kde.north_east[0]]], { opacity: 0.8 });
        layers.addOverlay(density, "Täthet (KDE)");
      }
      mapEl.dataset.density = String(kde.cols * kde.rows);
      emCells?.remove();
      const patterns = new Map<string, number>();
      emCells = L.geoJSON(em as never, {
        filter: (f) => (f.properties as { pattern: string }).pattern !== "No Pattern Detected",
        style: (f) => ({ weight: 0, fillColor: emergingColours[(f?.properties as { pattern: string }).pattern] ?? "#ccc", fillOpacity: 0.8 }),
        onEachFeature: (f, layer) => {
          const p = f.properties as { pattern: string; pattern_sv: string; count: number; hot_slices: number };
          patterns.set(p.pattern, (patterns.get(p.pattern) ?? 0) + 1);
          layer.bindTooltip(`${p.pattern_sv}: ${p.count} rapporter, het ${p.hot_slices} veckor`);
        },
      }).addTo(emMap);
      clear(emLegend);
      for (const [name, n] of [...patterns.entries()].sort((a, b) => b[1] - a[1])) {
        const sv = em.features.find((f) => (f.properties as { pattern: string }).pattern === name)?.properties?.pattern_sv;
        emLegend.append(h("li", {}, h("i", { style: `background:${emergingColours[name]}` }), `${sv} (${n})`));
      }
      if (patterns.size === 0) emLegend.append(h("li", {}, "Inga mönster under perioden."));
      emMapEl.dataset.patterns = String([...patterns.values()].reduce((a, b) => a + b, 0));
      if (cells) {
        layers.removeLayer(cells);
        cells.remove();
      }
      cells = L.geoJSON(hot as never, {
        filter: (f) => ((f.properties as { class: number }).class ?? 0) !== 0,
        style: (f) => ({ weight: 0, fillColor: hotColour((f?.properties as { class: number }).class), fillOpacity: 0.75 }),
        onEachFeature: (f, layer) => {
          const p = f.properties as { class: number; count: number; z: number; p_sim: number };
          layer.bindTooltip(`${classNames[p.class]}: ${num(p.count)} rapporter, z = ${p.z.toFixed(2)}, p = ${p.p_sim}`);
        },
      }).addTo(map);
      layers.addOverlay(cells, "Gi* hot/cold");
      const hotCount = hot.features.filter((f) => (f.properties as { class: number }).class > 0).length;
      status.textContent = `${hotCount} heta celler av ${hot.features.length}. Near repeat: ${num(nr.reports)} rapporter, ${num(nr.near_pairs)} nära par.`;
      nrOut.append(
        h(
          "div",
          { class: "scroll" },
          h(
            "table",
            { class: "matrix", id: "near-repeat-table" },
            h("caption", {}, "Knox-kvot (observerat/förväntat) per avstånd och tid; fetstil: p < 0,05"),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Avstånd \\ tid"), nr.temporal.map((t) => h("th", { scope: "col" }, t.label)))),
            h(
              "tbody",
              {},
              nr.spatial.map((s, i) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, s.label),
                  (nr.cells[i] ?? []).map((c) =>
                    h(
                      "td",
                      { class: c.p < 0.05 && (c.knox_ratio ?? 0) > 1 ? "rise strong" : "", title: `observerat ${c.observed}, förväntat ${num(c.expected)}, p = ${c.p}` },
                      c.knox_ratio === null ? "–" : c.knox_ratio.toFixed(2),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      );
    } catch (e) {
      status.textContent = "";
      const msg = e instanceof ApiError ? `${e.message}${e.errors.length ? ": " + e.errors.map((x) => `${x.field} – ${x.reason}`).join("; ") : ""}` : String(e);
      nrOut.append(h("p", { class: "error", role: "alert" }, msg));
    }
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void run();
  });
  await run();
}

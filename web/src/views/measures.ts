// The measures (åtgärder) board by status, a new measure, and a measure's page: its facts, the
// status workflow (proposed → decided → ongoing → completed → evaluated, one step at a time, with
// who and when), follow-up notes, and the evaluation of its effect against a comparison area.
import { ApiError, get, post } from "../api";
import { app, atLeast, categoryPath, withMunicipality } from "../app";
import { clear, h, num, toast, when } from "../dom";
import { t } from "../i18n";
import type { Measure, MeasureStatus } from "../types";

export const statusNames: Record<MeasureStatus, string> = {
  proposed: "Föreslagen",
  decided: "Beslutad",
  ongoing: "Pågår",
  completed: "Genomförd",
  evaluated: "Utvärderad",
  cancelled: "Avbruten",
};
const flow: MeasureStatus[] = ["proposed", "decided", "ongoing", "completed", "evaluated"];
export const kindNames: Record<string, string> = { situational: "Situationell", social: "Social" };
export const levelNames: Record<string, string> = { universal: "Universell", selective: "Selektiv", indicated: "Indikerad" };
export const types: [string, string][] = [
  ["lighting", "Belysning"],
  ["camera_surveillance", "Kamerabevakning"],
  ["safety_hosts", "Trygghetsvärdar"],
  ["field_work", "Fältarbete"],
  ["parental_support", "Föräldrastöd"],
  ["sspf_sig", "SSPF/SIG-insats"],
  ["physical_repair", "Fysisk upprustning"],
  ["cleaning", "Städning/klottersanering"],
  ["other", "Annat"],
];

export async function measuresView(main: HTMLElement): Promise<void> {
  const measures = await get<Measure[]>("/api/v1/measures" + withMunicipality({}));
  main.append(h("div", { class: "titlebar" }, h("h1", {}, t("Åtgärder")), h("a", { class: "button", href: "/api/v1/measures/export" + withMunicipality({}), download: "atgarder.csv" }, "Exportera CSV")));
  const statuses: MeasureStatus[] = [...flow, "cancelled"];
  main.append(
    h(
      "div",
      { class: "board", id: "measure-board" },
      statuses.map((s) => {
        const mine = measures.filter((m) => m.status === s);
        return h(
          "section",
          { class: "column", "aria-label": statusNames[s], "data-status": s },
          h("h2", {}, `${statusNames[s]} (${mine.length})`),
          mine.map((m) =>
            h(
              "a",
              { class: "card measure", href: `#/atgarder/${m.id}` },
              h("strong", {}, m.title),
              h("span", {}, `${m.type_label ?? m.type} · ${m.areas.map((a) => a.name).join(", ")}`),
              h("span", { class: "muted" }, `${m.organisation?.name ?? ""} · från ${m.start}`),
            ),
          ),
        );
      }),
    ),
  );
  if (atLeast("coordinator")) main.append(newMeasureForm());
}

function newMeasureForm(): HTMLElement {
  const ref = app.ref!;
  const errs = new Map<string, HTMLElement>();
  const field = (id: string, label: string, input: HTMLElement) => {
    const e = h("p", { class: "field-error", role: "alert", id: `err-m-${id}` });
    errs.set(id, e);
    return h("div", { class: "field" }, h("label", { for: `m-${id}` }, label), input, e);
  };
  const title = h("input", { id: "m-title", required: true });
  const description = h("textarea", { id: "m-description", rows: 3 });
  const kind = h("select", { id: "m-kind" }, Object.entries(kindNames).map(([v, n]) => h("option", { value: v }, n)));
  const level = h("select", { id: "m-level" }, Object.entries(levelNames).map(([v, n]) => h("option", { value: v }, n)));
  const type = h("select", { id: "m-type" }, types.map(([v, n]) => h("option", { value: v }, n)));
  const areas = h("select", { id: "m-areas", multiple: true, size: 5 }, ref.areas.map((a) => h("option", { value: a.id }, a.properties.name)));
  const categories = h(
    "select",
    { id: "m-categories", multiple: true, size: 5 },
    ref.categories.map((c) => h("option", { value: c.id }, categoryPath(c, ref.categories))),
  );
  const organisation = h("select", { id: "m-organisation" }, ref.organisations.map((o) => h("option", { value: o.id }, o.name)));
  const start = h("input", { id: "m-start", type: "date", value: new Date().toISOString().slice(0, 10) });
  const end = h("input", { id: "m-end", type: "date" });
  const cost = h("input", { id: "m-cost", type: "number", min: 0, step: 1000 });
  const form = h(
    "form",
    { class: "grid-form", id: "new-measure" },
    h("h2", {}, "Ny åtgärd"),
    field("title", "Rubrik", title),
    field("description", "Beskrivning", description),
    field("kind", "Slag", kind),
    field("level", "Preventionsnivå", level),
    field("type", "Typ", type),
    field("areas", "Områden", areas),
    field("categories", "Problem (kategorier)", categories),
    field("organisation", "Ansvarig organisation", organisation),
    field("start", "Start", start),
    field("end", "Slut (valfritt)", end),
    field("cost", "Kostnad (kr, valfritt)", cost),
    h("button", { type: "submit", class: "primary" }, "Spara åtgärden"),
  );
  const selected = (s: HTMLSelectElement) => [...s.selectedOptions].map((o) => Number(o.value));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    for (const x of errs.values()) x.textContent = "";
    const body: Record<string, unknown> = {
      title: title.value,
      description: description.value,
      kind: kind.value,
      level: level.value,
      type: type.value,
      areas: selected(areas),
      categories: selected(categories),
      organisation: Number(organisation.value),
      start: start.value,
    };
    if (end.value) body.end = end.value;
    if (cost.value) body.cost = Number(cost.value);
    try {
      const m = await post<Measure>("/api/v1/measures" + withMunicipality({}), body);
      toast("Åtgärden är sparad.");
      location.hash = `#/atgarder/${m.id}`;
    } catch (ex) {
      showFieldErrors(ex, errs, form);
    }
  });
  return form;
}

function showFieldErrors(ex: unknown, errs: Map<string, HTMLElement>, form: HTMLElement): void {
  if (!(ex instanceof ApiError)) {
    toast(String(ex));
    return;
  }
  let shown = false;
  for (const fe of ex.errors) {
    const key = fe.field.replace(/^\//, "").split("/")[0]; // "/areas/0" -> "areas"
    const el = errs.get(key);
    if (el) {
      el.textContent = fe.reason;
      shown = true;
    }
  }
  if (!shown) {
    const p = h("p", { class: "error", role: "alert" }, ex.message + (ex.errors.length ? ": " + ex.errors.map((x) => `${x.field} – ${x.reason}`).join("; ") : ""));
    form.append(p);
  }
}

export async function measureView(main: HTMLElement, args: string[]): Promise<void> {
  const m = await get<Measure>(`/api/v1/measures/${encodeURIComponent(args[0])}` + withMunicipality({}));
  const canManage = atLeast("coordinator");
  const next = flow[flow.indexOf(m.status) + 1];
  const statusNote = h("input", { id: "status-note", placeholder: "Kommentar (valfritt)" });
  const statusErr = h("p", { class: "field-error", role: "alert", id: "status-error" });
  const change = async (to: MeasureStatus) => {
    statusErr.textContent = "";
    try {
      await post(`/api/v1/measures/${m.id}/status` + withMunicipality({}), { status: to, note: statusNote.value });
      toast(`Status: ${statusNames[to]}`);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (ex) {
      statusErr.textContent = ex instanceof ApiError ? ex.forField("status") ?? ex.message : String(ex);
    }
  };
  main.append(
    h("p", {}, h("a", { href: "#/atgarder" }, "‹ Alla åtgärder")),
    h("h1", {}, m.title),
    h("p", { class: "badge", id: "measure-status", "data-status": m.status }, statusNames[m.status]),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Slag / nivå / typ"),
      h("dd", {}, `${kindNames[m.kind] ?? m.kind} · ${levelNames[m.level] ?? m.level} · ${m.type_label ?? m.type}`),
      h("dt", {}, "Områden"),
      h("dd", {}, m.areas.map((a) => a.name).join(", ") || "–"),
      h("dt", {}, "Problem"),
      h("dd", {}, m.categories.map((c) => c.name).join(", ") || "–"),
      h("dt", {}, "Ansvarig"),
      h("dd", {}, [m.organisation?.name, ...m.partners.map((p) => p.name)].filter(Boolean).join(", ")),
      h("dt", {}, "Period"),
      h("dd", {}, `${m.start} – ${m.end ?? "tills vidare"}`),
      h("dt", {}, "Kostnad"),
      h("dd", {}, m.cost === null ? "–" : `${num(m.cost)} kr`),
    ),
  );
  if (m.description) main.append(h("p", {}, m.description));
  if (canManage && m.status !== "evaluated" && m.status !== "cancelled") {
    main.append(
      h(
        "section",
        { "aria-labelledby": "status-h" },
        h("h2", { id: "status-h" }, "Ändra status"),
        h("label", { for: "status-note" }, "Kommentar"),
        statusNote,
        h(
          "div",
          { class: "row" },
          next ? h("button", { class: "primary", id: "status-next", onclick: () => change(next) }, `Till ${statusNames[next].toLowerCase()}`) : null,
          h("button", { id: "status-cancel", onclick: () => change("cancelled") }, "Avbryt åtgärden"),
        ),
        statusErr,
      ),
    );
  }
  main.append(
    h("h2", {}, "Historik"),
    h("ol", { class: "history", id: "measure-history" }, m.history.map((s) => h("li", {}, `${statusNames[s.status as MeasureStatus] ?? s.status} – ${s.by_name ?? "användare " + s.by}, ${when(s.at)}${s.note ? ": " + s.note : ""}`))),
    h("h2", {}, "Uppföljning"),
    h("ul", { class: "notes" }, m.notes.map((n) => h("li", {}, h("p", {}, n.text), h("span", { class: "muted" }, `${n.by_name ?? "användare " + n.by}, ${when(n.at)}`)))),
  );
  if (atLeast("analyst") || atLeast("reporter")) {
    const text = h("textarea", { id: "note-text", rows: 3 });
    const err = h("p", { class: "field-error", role: "alert" });
    const form = h("form", {}, h("label", { for: "note-text" }, "Ny anteckning"), text, err, h("button", { type: "submit" }, "Lägg till"));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      try {
        await post(`/api/v1/measures/${m.id}/notes` + withMunicipality({}), { text: text.value });
        window.dispatchEvent(new HashChangeEvent("hashchange"));
      } catch (ex) {
        err.textContent = ex instanceof ApiError ? ex.forField("text") ?? ex.message : String(ex);
      }
    });
    main.append(form);
  }
  main.append(evaluationSection(m));
}

function evaluationSection(m: Measure): HTMLElement {
  const ref = app.ref!;
  const comparison = h(
    "select",
    { id: "ev-comparison" },
    ref.areas.filter((a) => !m.areas.some((t) => t.id === a.id)).map((a) => h("option", { value: a.properties.name }, a.properties.name)),
  );
  const startDay = new Date(m.start + "T12:00:00");
  const before = new Date(startDay);
  before.setDate(before.getDate() - 182);
  const yesterday = new Date();
  yesterday.setDate(yesterday.getDate() - 1);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const dayBefore = new Date(startDay);
  dayBefore.setDate(dayBefore.getDate() - 1);
  const beforeIn = h("input", { id: "ev-before", value: `${iso(before)}..${iso(dayBefore)}` });
  const afterIn = h("input", { id: "ev-after", value: `${m.start}..${iso(m.end && new Date(m.end) < yesterday ? new Date(m.end) : yesterday)}` });
  const out = h("div", { id: "evaluation", role: "status" });
  const form = h(
    "form",
    { class: "params" },
    h("div", {}, h("label", { for: "ev-comparison" }, "Jämförelseområde"), comparison),
    h("div", {}, h("label", { for: "ev-before" }, "Före"), beforeIn),
    h("div", {}, h("label", { for: "ev-after" }, "Efter"), afterIn),
    h("button", { type: "submit" }, "Utvärdera"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear(out);
    const params = { measure: m.id, comparison_area: comparison.value, before: beforeIn.value, after: afterIn.value };
    try {
      const r = await get<{ verdict: string; target: { before: number; after: number }; comparison: { before: number; after: number }; wdd: { estimate: number; p: number } | null }>(
        "/api/v1/evaluation" + withMunicipality(params),
      );
      out.append(
        h("p", { class: "verdict" }, r.verdict),
        h("p", { class: "muted" }, `Målområdet: ${r.target.before} → ${r.target.after}. Jämförelse: ${r.comparison.before} → ${r.comparison.after}.`),
        h("a", { class: "button", href: "/api/v1/evaluation" + withMunicipality({ ...params, format: "pdf" }), download: `utvardering-${m.id}.pdf` }, "Rapport som PDF"),
      );
    } catch (ex) {
      out.append(h("p", { class: "error", role: "alert" }, ex instanceof ApiError ? `${ex.message}${ex.errors.length ? ": " + ex.errors.map((x) => `${x.field} – ${x.reason}`).join("; ") : ""}` : String(ex)));
    }
  });
  return h("section", { "aria-labelledby": "ev-h" }, h("h2", { id: "ev-h" }, "Effekt"), form, out);
}

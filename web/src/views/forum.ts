// Samverkan (docs/FORUMS.md): the groups that carry the EST work, their meetings with the agenda
// the server builds from the lägesbild, minutes and attendance, decisions that become tasks or
// measures, the meeting material (PDF) and calendar (.ics), the collaboration agreements with
// their yearly follow-up, and the steering group's overview. Every role reads; coordinators and
// admins create groups, meetings, decisions and agreements; analysts and up write minutes.
// No registers of individuals: groups, meetings, decisions and counts only.
import { ApiError, get, patch, post } from "../api";
import { app, atLeast, categoryPath, withMunicipality } from "../app";
import { h, num, toast, when } from "../dom";
import { t } from "../i18n";
import { checkboxes, checkedValues, FieldForm, personalDataNames, selectedValues } from "../forms";
import type { Measure, MeasureStatus } from "../types";
import { kindNames, levelNames, statusNames, types } from "./measures";

interface Ref {
  id: number;
  name: string;
}
interface Group {
  id: number;
  name: string;
  kind: string;
  kind_label: string;
  cadence: string;
  cadence_label: string;
  organisations: Ref[];
  members: { id: number; name?: string }[];
  areas: Ref[];
  categories: (Ref & { code: string })[];
}
interface Meeting {
  id: number;
  group: number;
  starts: string;
  duration_minutes: number;
  location: string;
  status: "planned" | "held" | "cancelled";
  minutes: string;
  attending_organisations: Ref[];
  attending_members: number;
}
interface DecisionLine {
  id: number | null;
  group: string;
  meeting_date: string;
  title: string;
  kind: string;
  organisation: string;
  due: string;
  status: string;
  measure: number | null;
  measure_status: string | null;
  people_count: number | null;
  overdue: boolean;
  areas: string[];
  categories: string[];
}
interface Agenda {
  meeting: number;
  group: Ref;
  starts: string;
  previous_meeting: number | null;
  period: string;
  open_items: DecisionLine[];
  closed_items: DecisionLine[];
  flags: { area: string; category: string; current: number; expected: number; q: number; direction: "rise" | "fall" }[];
  measures_due: { id: number; title: string; status: string; organisation: string; end: string | null; overdue: boolean }[];
  unreviewed_reports: number;
  not_reported: string[];
  decisions: DecisionLine[];
  attending_organisations: string[];
  attending_members: number;
  minutes: string;
  hotspots?: { area: string; count: number; z: number; p: number; class: number }[];
}
interface Count {
  key: string;
  total: number;
  open: number;
  overdue: number;
}
interface Overview {
  today: string;
  total: number;
  open: number;
  overdue: number;
  by_group: Count[];
  by_organisation: Count[];
  by_area: Count[];
  by_status: Count[];
  items: DecisionLine[];
}
interface Agreement {
  id: number;
  title: string;
  from: string;
  to: string;
  parties: Ref[];
  areas: Ref[];
  categories: Ref[];
  commitments: string;
  promises: { id: number; year?: number; police_area?: string; activities?: number; activities_done?: number }[];
  measures: { id: number; title?: string; status?: string }[];
  follow_ups: { id: number; year: number; text: string; at: string }[];
}

const groupKinds: [string, string][] = [
  ["steering", "Styrgrupp"],
  ["management", "Ledningsgrupp"],
  ["council", "Brottsförebyggande råd"],
  ["operational", "Operativ grupp (EST)"],
  ["thematic", "Temagrupp"],
  ["local_network", "Lokalt nätverk"],
  ["sspf", "SSPF"],
];
const cadences: [string, string][] = [
  ["weekly", "Varje vecka"],
  ["every_other_week", "Varannan vecka"],
  ["monthly", "Varje månad"],
  ["four_times_a_year", "Fyra gånger om året"],
];
const meetingStatus: Record<string, string> = { planned: "Planerat", held: "Genomfört", cancelled: "Inställt" };
const decisionStatus: Record<string, string> = { open: "Öppet", closed: "Stängt" };
const kindOfDecision: Record<string, string> = { task: "Uppdrag", measure: "Åtgärd" };

const day = (iso: string) => iso.slice(0, 10);
const options = (list: [string, string][], selected?: string) =>
  list.map(([v, n]) => h("option", { value: v, selected: v === selected }, n));
const rerender = () => window.dispatchEvent(new HashChangeEvent("hashchange"));
// A warning that must outlive the re-render after a save (the guard's "stored, but ...").
let flash: { key: string; text: string } | null = null;
function takeFlash(key: string): string {
  if (flash?.key !== key) return "";
  const text = flash.text;
  flash = null;
  return text;
}

export async function forumRoute(main: HTMLElement, args: string[]): Promise<void> {
  if (args[0] === "grupp" && args[1]) return groupView(main, args[1]);
  if (args[0] === "mote" && args[1]) return meetingView(main, args[1]);
  return forumView(main);
}

// --- The forum's start: groups, the steering overview, agreements.

async function forumView(main: HTMLElement): Promise<void> {
  const m = withMunicipality({});
  const [groups, overview, agreements] = await Promise.all([
    get<Group[]>("/api/v1/groups" + m),
    get<Overview>("/api/v1/forum-overview" + m),
    get<Agreement[]>("/api/v1/agreements" + m),
  ]);
  main.append(
    h("div", { class: "titlebar" }, h("h1", {}, t("Samverkan")), h("a", { class: "button", href: "/api/v1/meetings/calendar.ics" + m, download: "moten.ics" }, "Alla möten i kalendern (.ics)")),
    h("p", { class: "muted" }, "Grupper, möten, beslut och överenskommelser. Här förs inga register över enskilda personer: bara grupper, möten, beslut och antal."),
  );

  main.append(
    h(
      "section",
      { "aria-labelledby": "groups-h" },
      h("h2", { id: "groups-h" }, `${t("Grupper")} (${groups.length})`),
      groups.length
        ? h(
            "ul",
            { class: "group-list", id: "group-list" },
            groups.map((g) =>
              h(
                "li",
                {},
                h("a", { href: `#/forum/grupp/${g.id}` }, g.name),
                h("span", { class: "muted" }, ` · ${g.kind_label} · ${g.cadence_label}${g.organisations.length ? " · " + g.organisations.map((o) => o.name).join(", ") : ""}`),
              ),
            ),
          )
        : h("p", { class: "muted" }, "Inga grupper ännu."),
      atLeast("coordinator") ? h("details", { class: "form-box", id: "new-group-box", open: groups.length === 0 }, h("summary", {}, "Ny grupp"), newGroupForm()) : null,
    ),
  );

  main.append(overviewSection(overview));
  main.append(await agreementsSection(agreements));
}

function newGroupForm(): HTMLElement {
  const ref = app.ref!;
  const f = new FieldForm("g");
  const name = h("input", { id: f.id("name") });
  const kind = h("select", { id: f.id("kind") }, options(groupKinds, "operational"));
  const cadence = h("select", { id: f.id("cadence") }, options(cadences, "weekly"));
  const orgs = h("select", { id: f.id("organisations"), multiple: true, size: 6 }, ref.organisations.map((o) => h("option", { value: o.id }, o.name)));
  const members = h("input", { id: f.id("members"), placeholder: "t.ex. samordnare, analytiker" });
  const areas = h("select", { id: f.id("areas"), multiple: true, size: 5 }, ref.areas.map((a) => h("option", { value: a.id }, a.properties.name)));
  const cats = h("select", { id: f.id("categories"), multiple: true, size: 5 }, ref.categories.filter((c) => c.parent_id === null).map((c) => h("option", { value: c.id }, c.name)));
  const form = h(
    "form",
    { class: "grid-form", id: "new-group" },
    f.field("name", "Namn", name),
    f.field("kind", "Slag", kind),
    f.field("cadence", "Mötesrytm", cadence),
    f.field("organisations", "Organisationer", orgs, "Håll ned Ctrl (Cmd) för att välja flera."),
    f.field("members", "Medlemmar (användarnamn, kommaseparerade)", members),
    f.field("areas", "Områden (inga: hela kommunen)", areas),
    f.field("categories", "Teman (inga: alla)", cats),
    h("button", { type: "submit", class: "primary" }, "Skapa gruppen"),
    f.general,
  );
  f.onSubmit(form, async () => {
    const ids = (s: HTMLSelectElement) => selectedValues(s).map(Number);
    const g = await post<Group>("/api/v1/groups" + withMunicipality({}), {
      name: name.value,
      kind: kind.value,
      cadence: cadence.value,
      organisations: ids(orgs),
      members: members.value.split(",").map((s) => s.trim()).filter(Boolean),
      areas: ids(areas),
      categories: ids(cats),
    });
    toast("Gruppen är skapad.");
    location.hash = `#/forum/grupp/${g.id}`;
  });
  return form;
}

function decisionRow(l: DecisionLine, showGroup: boolean): HTMLElement {
  return h(
    "tr",
    { class: l.overdue ? "overdue" : "" },
    showGroup ? h("td", {}, l.group || "–") : null,
    h("td", {}, l.meeting_date || "–"),
    h("td", {}, l.measure ? h("a", { href: `#/atgarder/${l.measure}` }, l.title) : l.title),
    h("td", {}, kindOfDecision[l.kind] ?? l.kind),
    h("td", {}, l.organisation),
    h("td", {}, l.due || "–"),
    h(
      "td",
      {},
      decisionStatus[l.status] ?? l.status,
      l.measure_status ? ` · ${statusNames[l.measure_status as MeasureStatus] ?? l.measure_status}` : "",
      l.overdue ? h("strong", { class: "error" }, " · försenat") : "",
    ),
  );
}

function overviewSection(o: Overview): HTMLElement {
  const counts = (title: string, list: Count[]) =>
    h(
      "table",
      { class: "list counts" },
      h("caption", {}, title),
      h("thead", {}, h("tr", {}, ["", "Totalt", "Öppna", "Försenade"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, list.map((c) => h("tr", {}, h("th", { scope: "row" }, c.key), h("td", { class: "n" }, num(c.total)), h("td", { class: "n" }, num(c.open)), h("td", { class: "n" }, num(c.overdue))))),
    );
  return h(
    "section",
    { "aria-labelledby": "overview-h", id: "overview" },
    h("div", { class: "titlebar" }, h("h2", { id: "overview-h" }, t("Styrgruppens översikt")), h("a", { class: "button", href: "/api/v1/forum-overview" + withMunicipality({ format: "csv" }), download: "oversikt.csv" }, "Exportera CSV")),
    h(
      "div",
      { class: "totals" },
      h("div", { class: "stat" }, h("strong", {}, num(o.total)), "beslut och åtgärder"),
      h("div", { class: "stat" }, h("strong", {}, num(o.open)), "öppna"),
      h("div", { class: "stat" }, h("strong", { class: o.overdue ? "error" : "" }, num(o.overdue)), `försenade (${o.today})`),
    ),
    h("div", { class: "scroll" }, h(
      "table",
      { class: "list", id: "overview-items" },
      h("thead", {}, h("tr", {}, ["Grupp", "Möte", "Beslut", "Slag", "Ansvarig", "Klart senast", "Status"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, o.items.map((l) => decisionRow(l, true))),
    )),
    h("div", { class: "count-tables" }, counts("Per grupp", o.by_group), counts("Per organisation", o.by_organisation), counts("Per område", o.by_area)),
  );
}

async function agreementsSection(list: Agreement[]): Promise<HTMLElement> {
  const canWrite = atLeast("coordinator");
  const section = h(
    "section",
    { "aria-labelledby": "agreements-h", id: "agreements" },
    h("h2", { id: "agreements-h" }, `${t("Samverkansöverenskommelser")} (${list.length})`),
  );
  for (const a of list) {
    const item = h(
      "article",
      { class: "agreement", "data-id": a.id },
      h("h3", {}, `${a.title} (${a.from} – ${a.to})`),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Parter"),
        h("dd", {}, a.parties.map((p) => p.name).join(", ") || "–"),
        h("dt", {}, "Fokusområden"),
        h("dd", {}, a.areas.map((x) => x.name).join(", ") || "Hela kommunen"),
        h("dt", {}, "Teman"),
        h("dd", {}, a.categories.map((x) => x.name).join(", ") || "Alla"),
        h("dt", {}, "Åtaganden"),
        h("dd", {}, a.commitments || "–"),
        h("dt", {}, "Åtgärder"),
        h("dd", {}, a.measures.length ? a.measures.map((m, i) => [i ? ", " : "", h("a", { href: `#/atgarder/${m.id}` }, m.title ?? `#${m.id}`), m.status ? ` (${statusNames[m.status as MeasureStatus] ?? m.status})` : ""]) : "–"),
        h("dt", {}, "Medborgarlöften"),
        h("dd", {}, a.promises.length ? a.promises.map((p) => `${p.year ?? ""} ${p.police_area ?? "#" + p.id}: ${p.activities_done ?? 0} av ${p.activities ?? 0} aktiviteter klara`).join("; ") : "–"),
      ),
      h("h4", {}, "Uppföljning"),
      a.follow_ups.length
        ? h("ul", { class: "notes" }, a.follow_ups.map((u) => h("li", {}, h("strong", {}, `${u.year}: `), u.text, h("span", { class: "muted" }, ` (${when(u.at)})`))))
        : h("p", { class: "muted" }, "Ingen uppföljning ännu."),
    );
    if (canWrite) item.append(followUpForm(a));
    section.append(item);
  }
  if (canWrite) section.append(h("details", { class: "form-box", id: "new-agreement-box", open: list.length === 0 }, h("summary", {}, "Ny överenskommelse"), await newAgreementForm()));
  return section;
}

function followUpForm(a: Agreement): HTMLElement {
  const f = new FieldForm(`fu${a.id}`);
  const year = h("input", { id: f.id("year"), type: "number", value: String(new Date().getFullYear()), min: a.from.slice(0, 4), max: a.to.slice(0, 4) });
  const text = h("textarea", { id: f.id("text"), rows: 2 });
  const warn = h("p", { class: "warning", role: "status" });
  const form = h("form", { class: "grid-form" }, f.field("year", "År", year), f.field("text", "Årets uppföljning", text), h("button", { type: "submit" }, "Lägg till uppföljning"), warn, f.general);
  f.onSubmit(form, async () => {
    await post(`/api/v1/agreements/${a.id}/follow-ups` + withMunicipality({}), { year: Number(year.value) || year.value, text: text.value });
    toast("Uppföljningen är sparad.");
    rerender();
  });
  return form;
}

async function newAgreementForm(): Promise<HTMLElement> {
  const ref = app.ref!;
  const measures = await get<Measure[]>("/api/v1/measures" + withMunicipality({})).catch(() => [] as Measure[]);
  const promises = await get<{ id: number; year: number; police_area: string }[]>("/api/v1/citizen-promises" + withMunicipality({})).catch(() => []);
  const f = new FieldForm("ag");
  const year = new Date().getFullYear();
  const title = h("input", { id: f.id("title"), placeholder: `Samverkansöverenskommelse ${year}–${year + 2}` });
  const from = h("input", { id: f.id("from"), type: "date", value: `${year}-01-01` });
  const to = h("input", { id: f.id("to"), type: "date", value: `${year + 2}-12-31` });
  const parties = h("select", { id: f.id("parties"), multiple: true, size: 5 }, ref.organisations.map((o) => h("option", { value: o.id }, o.name)));
  const areas = h("select", { id: f.id("areas"), multiple: true, size: 5 }, ref.areas.map((a) => h("option", { value: a.id }, a.properties.name)));
  const cats = h("select", { id: f.id("categories"), multiple: true, size: 5 }, ref.categories.filter((c) => c.parent_id === null).map((c) => h("option", { value: c.id }, c.name)));
  const commitments = h("textarea", { id: f.id("commitments"), rows: 3 });
  const ms = h("select", { id: f.id("measures"), multiple: true, size: 4 }, measures.map((m) => h("option", { value: m.id }, m.title)));
  const ps = h("select", { id: f.id("promises"), multiple: true, size: 3 }, promises.map((p) => h("option", { value: p.id }, `${p.year} ${p.police_area}`)));
  const form = h(
    "form",
    { class: "grid-form", id: "new-agreement" },
    f.field("title", "Rubrik", title),
    f.field("from", "Gäller från", from),
    f.field("to", "Gäller till", to),
    f.field("parties", "Parter", parties),
    f.field("areas", "Fokusområden", areas),
    f.field("categories", "Teman", cats),
    f.field("commitments", "Åtaganden", commitments),
    f.field("measures", "Kopplade åtgärder", ms),
    promises.length ? f.field("promises", "Kopplade medborgarlöften", ps) : null,
    h("button", { type: "submit", class: "primary" }, "Spara överenskommelsen"),
    f.general,
  );
  f.onSubmit(form, async () => {
    const ids = (s: HTMLSelectElement) => selectedValues(s).map(Number);
    await post("/api/v1/agreements" + withMunicipality({}), {
      title: title.value,
      from: from.value,
      to: to.value,
      parties: ids(parties),
      areas: ids(areas),
      categories: ids(cats),
      commitments: commitments.value,
      measures: ids(ms),
      promises: ids(ps),
    });
    toast("Överenskommelsen är sparad.");
    rerender();
  });
  return form;
}

// --- A group: its facts, meetings, calendar, scheduling.

async function groupView(main: HTMLElement, id: string): Promise<void> {
  const m = withMunicipality({});
  const [g, meetings] = await Promise.all([
    get<Group>(`/api/v1/groups/${encodeURIComponent(id)}` + m),
    get<Meeting[]>(`/api/v1/groups/${encodeURIComponent(id)}/meetings` + m),
  ]);
  main.append(
    h("p", {}, h("a", { href: "#/forum" }, "‹ Samverkan")),
    h("div", { class: "titlebar" }, h("h1", {}, g.name), h("a", { class: "button", id: "group-ics", href: `/api/v1/groups/${g.id}/calendar.ics` + m, download: `moten-${g.id}.ics` }, "Kalender (.ics)")),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Slag"),
      h("dd", {}, g.kind_label),
      h("dt", {}, "Mötesrytm"),
      h("dd", {}, g.cadence_label),
      h("dt", {}, "Organisationer"),
      h("dd", {}, g.organisations.map((o) => o.name).join(", ") || "–"),
      h("dt", {}, "Medlemmar"),
      h("dd", {}, g.members.map((u) => u.name ?? `#${u.id}`).join(", ") || "–"),
      h("dt", {}, "Områden"),
      h("dd", {}, g.areas.map((a) => a.name).join(", ") || "Hela kommunen"),
      h("dt", {}, "Teman"),
      h("dd", {}, g.categories.map((c) => c.name).join(", ") || "Alla"),
    ),
    h("h2", {}, `${t("Möten")} (${meetings.length})`),
    meetings.length
      ? h(
          "div",
          { class: "scroll" },
          h(
            "table",
            { class: "list", id: "meeting-list" },
            h("thead", {}, h("tr", {}, ["Tid", "Status", "Plats", ""].map((t) => h("th", { scope: "col" }, t)))),
            h(
              "tbody",
              {},
              meetings.map((x) =>
                h(
                  "tr",
                  { "data-id": x.id },
                  h("td", {}, when(x.starts)),
                  h("td", {}, meetingStatus[x.status] ?? x.status),
                  h("td", {}, x.location || "–"),
                  h("td", {}, h("a", { href: `#/forum/mote/${x.id}` }, "Dagordning och protokoll")),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, "Inga möten ännu."),
  );
  if (atLeast("coordinator")) main.append(meetingForms(g, meetings.length > 0));
}

function meetingForms(g: Group, hasMeetings: boolean): HTMLElement {
  // One meeting at a given time.
  const f1 = new FieldForm("mt");
  const starts = h("input", { id: f1.id("starts"), type: "datetime-local" });
  const duration = h("input", { id: f1.id("duration_minutes"), type: "number", min: 1, max: 1440, value: "90" });
  const location_ = h("input", { id: f1.id("location") });
  const one = h(
    "form",
    { class: "grid-form", id: "new-meeting" },
    h("h3", {}, "Nytt möte"),
    f1.field("starts", "Start", starts),
    f1.field("duration_minutes", "Längd (minuter)", duration),
    f1.field("location", "Plats", location_),
    h("button", { type: "submit" }, "Lägg till mötet"),
    f1.general,
  );
  f1.onSubmit(one, async () => {
    const body: Record<string, unknown> = { starts: starts.value, location: location_.value };
    if (duration.value) body.duration_minutes = Number(duration.value);
    const mt = await post<Meeting>(`/api/v1/groups/${g.id}/meetings` + withMunicipality({}), body);
    toast("Mötet är inlagt.");
    location.hash = `#/forum/mote/${mt.id}`;
  });

  // The next N by the cadence.
  const f2 = new FieldForm("sch");
  const count = h("input", { id: f2.id("count"), type: "number", min: 1, max: 52, value: "4" });
  const first = h("input", { id: f2.id("first"), type: "datetime-local" });
  const loc2 = h("input", { id: f2.id("location") });
  const many = h(
    "form",
    { class: "grid-form", id: "schedule-meetings" },
    h("h3", {}, "Planera kommande möten"),
    h("p", { class: "muted" }, `Efter gruppens rytm (${g.cadence_label.toLowerCase()}), räknat från det senaste mötet${hasMeetings ? "" : " – eller från första mötet nedan, eftersom gruppen inte har några möten än"}.`),
    f2.field("count", "Antal möten", count),
    f2.field("first", hasMeetings ? "Första mötet (valfritt)" : "Första mötet", first),
    f2.field("location", "Plats", loc2),
    h("button", { type: "submit", class: "primary" }, "Planera mötena"),
    f2.general,
  );
  f2.onSubmit(many, async () => {
    const body: Record<string, unknown> = { count: Number(count.value) || count.value, location: loc2.value };
    if (first.value) body.first = first.value;
    const list = await post<Meeting[]>(`/api/v1/groups/${g.id}/meetings/schedule` + withMunicipality({}), body);
    toast(`${list.length} möten är planerade.`);
    rerender();
  });
  return h("section", { "aria-label": "Planera möten", class: "two-forms" }, many, one);
}

// --- A meeting: agenda, minutes, decisions.

async function meetingView(main: HTMLElement, id: string): Promise<void> {
  const m = withMunicipality({});
  const meeting = await get<Meeting>(`/api/v1/meetings/${encodeURIComponent(id)}` + m);
  const [g, agenda] = await Promise.all([
    get<Group>(`/api/v1/groups/${meeting.group}` + m),
    get<Agenda>(`/api/v1/meetings/${meeting.id}/agenda` + m),
  ]);
  const end = new Date(new Date(meeting.starts).getTime() + meeting.duration_minutes * 60000);
  main.append(
    h("p", {}, h("a", { href: `#/forum/grupp/${g.id}` }, `‹ ${g.name}`)),
    h("div", { class: "titlebar" }, h("h1", {}, `${g.name}, ${when(meeting.starts)}`),
      h("a", { class: "button primary", id: "material-link", href: `/api/v1/meetings/${meeting.id}/material` + m, download: `mote-${meeting.id}.pdf` }, t("Mötesmaterial (PDF)"))),
    h("p", { class: "badge", id: "meeting-status", "data-status": meeting.status }, meetingStatus[meeting.status] ?? meeting.status),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Tid"),
      h("dd", {}, `${when(meeting.starts)} – ${end.toLocaleTimeString("sv-SE", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Stockholm" })}`),
      h("dt", {}, "Plats"),
      h("dd", {}, meeting.location || "–"),
      h("dt", {}, "Närvarande"),
      h("dd", {}, [meeting.attending_organisations.map((o) => o.name).join(", "), meeting.attending_members ? `${meeting.attending_members} medlemmar` : ""].filter(Boolean).join("; ") || "–"),
    ),
  );
  main.append(agendaSection(agenda, meeting));
  if (atLeast("analyst")) main.append(minutesForm(meeting, g));
  else if (meeting.minutes) main.append(h("h2", {}, "Protokoll"), h("p", { class: "minutes" }, meeting.minutes));
  if (atLeast("coordinator")) main.append(decisionForm(meeting, g));
}

function agendaSection(a: Agenda, meeting: Meeting): HTMLElement {
  const canClose = atLeast("coordinator");
  const item = (l: DecisionLine) => {
    const li = h(
      "li",
      { class: `decision ${l.status}`, "data-id": l.id ?? "" },
      h("strong", {}, l.measure ? h("a", { href: `#/atgarder/${l.measure}` }, l.title) : l.title),
      ` – ${kindOfDecision[l.kind] ?? l.kind}, ${l.organisation}, klart senast ${l.due || "–"}`,
      l.meeting_date ? h("span", { class: "muted" }, ` (beslutat ${l.meeting_date})`) : "",
      " · ",
      h("span", { class: "decision-status" }, decisionStatus[l.status] ?? l.status),
      l.measure_status ? ` · åtgärden: ${statusNames[l.measure_status as MeasureStatus] ?? l.measure_status}` : "",
      l.overdue ? h("strong", { class: "error" }, " · försenat") : "",
      l.people_count !== null ? ` · ${l.people_count} personer (antal)` : "",
    );
    if (canClose && l.status === "open" && l.id !== null) li.append(" ", closeControl(l, meeting));
    return li;
  };
  const sec = (id: string, title: string, ...body: (HTMLElement | string | null)[]) =>
    h("section", { "aria-labelledby": `${id}-h`, id }, h("h3", { id: `${id}-h` }, title), ...body);
  const week = /^\d{4}-W\d{2}$/.test(a.period);
  const flags = a.flags;
  return h(
    "section",
    { "aria-labelledby": "agenda-h", id: "agenda", class: "agenda" },
    h("h2", { id: "agenda-h" }, t("Dagordning")),
    h("p", { class: "muted" }, "Byggd ur lägesbilden och tidigare beslut när sidan öppnas."),
    sec(
      "agenda-open",
      "1. Öppna punkter från tidigare möten",
      a.open_items.length || a.closed_items.length
        ? h("ul", { class: "decisions" }, a.open_items.map(item), a.closed_items.map(item))
        : h("p", { class: "muted" }, "Inga öppna punkter."),
    ),
    sec(
      "agenda-flags",
      `2. Lägesbilden sedan förra mötet (${a.period})`,
      flags.length
        ? h(
            "ul",
            { class: "flags" },
            flags.map((f) =>
              h(
                "li",
                { class: f.direction, "data-area": f.area },
                h("strong", {}, f.area),
                `: ${f.category} – ${f.direction === "rise" ? "ökning" : "minskning"}, ${num(f.current)} mot väntat ${num(f.expected)}`,
              ),
            ),
          )
        : h("p", { class: "muted" }, "Inget sticker ut statistiskt under perioden."),
      week ? h("p", {}, h("a", { href: `#/lagesbild/${a.period}` }, `Öppna lägesbilden ${a.period}`)) : null,
    ),
    a.hotspots && a.hotspots.length
      ? sec(
          "agenda-hotspots",
          "Hot spots (Gi*)",
          h(
            "ul",
            {},
            a.hotspots.map((x) =>
              h("li", {}, `${x.area}: ${x.count} rapporter, z ${x.z.toFixed(2)} (${x.class >= 3 ? 99 : x.class === 2 ? 95 : 90} % säkerhet)`),
            ),
          ),
        )
      : null,
    sec(
      "agenda-measures",
      "3. Åtgärder att följa upp",
      a.measures_due.length
        ? h(
            "ul",
            {},
            a.measures_due.map((x) =>
              h(
                "li",
                {},
                h("a", { href: `#/atgarder/${x.id}` }, x.title),
                ` – ${x.status}, ${x.organisation}${x.end ? ", slut " + x.end : ""}`,
                x.overdue ? h("strong", { class: "error" }, " · försenad") : "",
              ),
            ),
          )
        : h("p", { class: "muted" }, "Inga åtgärder att följa upp."),
    ),
    sec("agenda-unreviewed", "4. Rapporter som inte är granskade", h("p", {}, h("strong", { id: "unreviewed-count" }, num(a.unreviewed_reports)), " rapporter under perioden väntar på granskning.")),
    sec(
      "agenda-not-reported",
      "5. Organisationer som inte har rapporterat",
      a.not_reported.length ? h("ul", { class: "columns" }, a.not_reported.map((o) => h("li", {}, o))) : h("p", { class: "muted" }, "Alla har rapporterat."),
    ),
    sec(
      "agenda-decisions",
      "6. Mötets beslut",
      a.decisions.length ? h("ul", { class: "decisions" }, a.decisions.map(item)) : h("p", { class: "muted" }, "Inga beslut ännu."),
    ),
  );
}

function closeControl(l: DecisionLine, meeting: Meeting): HTMLElement {
  const wrap = h("span", { class: "close-decision" });
  const open = h("button", { type: "button", "aria-expanded": "false", "aria-label": `Stäng beslutet ${l.title}` }, "Stäng");
  open.addEventListener("click", () => {
    open.setAttribute("aria-expanded", "true");
    open.hidden = true;
    const f = new FieldForm(`close${l.id}`);
    const note = h("input", { id: f.id("note") });
    const form = h("form", { class: "row" }, f.field("note", "Anteckning (valfri)", note), h("button", { type: "submit", class: "primary" }, "Stäng beslutet"), f.general);
    f.onSubmit(form, async () => {
      await post(`/api/v1/decisions/${l.id}/close` + withMunicipality({}), { meeting: meeting.id, note: note.value });
      toast("Beslutet är stängt.");
      rerender();
    });
    wrap.append(form);
    note.focus();
  });
  wrap.append(open);
  return wrap;
}

function minutesForm(meeting: Meeting, g: Group): HTMLElement {
  const ref = app.ref!;
  const f = new FieldForm("min");
  const status = h("select", { id: f.id("status") }, options(Object.entries(meetingStatus), meeting.status));
  const minutes = h("textarea", { id: f.id("minutes"), rows: 6 }, meeting.minutes);
  const orgChoices = g.organisations.length ? g.organisations : ref.organisations.map((o) => ({ id: o.id, name: o.name }));
  const attending = new Set(meeting.attending_organisations.map((o) => o.id));
  const orgs = checkboxes(f.id("attending_organisations"), "Närvarande organisationer", orgChoices.map((o) => ({ value: o.id, label: o.name, checked: attending.has(o.id) })));
  // The meeting's JSON counts attending members but does not name them, so the boxes start
  // unchecked and are sent only when changed (otherwise the stored list is kept).
  const members = g.members.length ? checkboxes(f.id("attending_members"), `Närvarande medlemmar (${meeting.attending_members} registrerade)`, g.members.map((u) => ({ value: u.id, label: u.name ?? `#${u.id}` }))) : null;
  let membersChanged = false;
  members?.addEventListener("change", () => (membersChanged = true));
  const warn = h("p", { class: "warning", role: "status", id: "minutes-warning" }, takeFlash(`minutes-${meeting.id}`));
  const form = h(
    "form",
    { class: "grid-form", id: "minutes-form" },
    h("h2", {}, t("Protokoll och närvaro")),
    h("p", { class: "muted" }, "Skriv inte personuppgifter: protokollet kontrolleras mot kommunens regler för personuppgifter, och materialet som lämnar gruppen maskeras."),
    f.field("status", "Mötets status", status),
    f.field("minutes", "Protokoll", minutes),
    orgs,
    f.errorLine("attending_organisations"),
    members,
    members ? f.errorLine("attending_members") : null,
    h("button", { type: "submit", class: "primary" }, "Spara protokollet"),
    warn,
    f.general,
  );
  f.onSubmit(form, async () => {
    warn.textContent = "";
    const body: Record<string, unknown> = {
      status: status.value,
      minutes: minutes.value,
      attending_organisations: checkedValues(orgs).map(Number),
    };
    if (members && membersChanged) body.attending_members = checkedValues(members).map(Number);
    const saved = await patch<Meeting & { personal_data?: string[] }>(`/api/v1/meetings/${meeting.id}` + withMunicipality({}), body);
    if (saved.personal_data?.length) {
      flash = { key: `minutes-${meeting.id}`, text: `Sparat, men protokollet innehåller ${saved.personal_data.map((k) => personalDataNames[k] ?? k).join(", ")}. Det maskeras i mötesmaterialet och för läsare; ta helst bort uppgiften.` };
      toast("Protokollet är sparat, med varning.");
    } else {
      toast("Protokollet är sparat.");
    }
    rerender();
  });
  return form;
}

function decisionForm(meeting: Meeting, g: Group): HTMLElement {
  const ref = app.ref!;
  const f = new FieldForm("d");
  const kind = h("select", { id: f.id("kind") }, options([["task", "Uppdrag"], ["measure", "Åtgärd (läggs i åtgärdsregistret)"]], "task"));
  const title = h("input", { id: f.id("title") });
  const text = h("textarea", { id: f.id("text"), rows: 2 });
  const orgChoices = g.organisations.length ? [...g.organisations, ...ref.organisations.filter((o) => !g.organisations.some((x) => x.id === o.id))] : ref.organisations;
  const organisation = h("select", { id: f.id("organisation") }, h("option", { value: "" }, "Välj …"), orgChoices.map((o) => h("option", { value: o.id }, o.name)));
  const due = h("input", { id: f.id("due"), type: "date", min: day(meeting.starts) });
  const people = h("input", { id: f.id("people_count"), type: "number", min: 0, step: 1 });
  const mKind = h("select", { id: f.id("measure/kind") }, options(Object.entries(kindNames)));
  const mLevel = h("select", { id: f.id("measure/level") }, options(Object.entries(levelNames)));
  const mType = h("select", { id: f.id("measure/type") }, options(types));
  const mStatus = h("select", { id: f.id("measure/status") }, options([["proposed", "Föreslagen"], ["decided", "Beslutad"]], "decided"));
  const mAreas = h("select", { id: f.id("measure/areas"), multiple: true, size: 5 }, ref.areas.map((a) => h("option", { value: a.id, selected: g.areas.some((x) => x.id === a.id) }, a.properties.name)));
  const mCats = h("select", { id: f.id("measure/categories"), multiple: true, size: 5 }, ref.categories.map((c) => h("option", { value: c.id, selected: g.categories.some((x) => x.id === c.id) }, categoryPath(c, ref.categories))));
  const mCost = h("input", { id: f.id("measure/cost"), type: "number", min: 0, step: 1000 });
  const measurePart = h(
    "fieldset",
    { id: "decision-measure", hidden: true },
    h("legend", {}, "Åtgärden"),
    f.field("measure/kind", "Slag", mKind),
    f.field("measure/level", "Preventionsnivå", mLevel),
    f.field("measure/type", "Typ", mType),
    f.field("measure/status", "Status", mStatus),
    f.field("measure/areas", g.areas.length ? "Områden (förvalda: gruppens)" : "Områden", mAreas),
    f.field("measure/categories", "Problem (kategorier, valfritt)", mCats),
    f.field("measure/cost", "Kostnad (kr, valfritt)", mCost),
    f.errorLine("measure"),
  );
  kind.addEventListener("change", () => (measurePart.hidden = kind.value !== "measure"));
  const warn = h("p", { class: "warning", role: "status", id: "decision-warning" }, takeFlash(`decision-${meeting.id}`));
  const form = h(
    "form",
    { class: "grid-form", id: "decision-form" },
    h("h2", {}, t("Nytt beslut")),
    f.field("kind", "Slag av beslut", kind),
    f.field("title", "Vad beslutades (kort)", title),
    f.field("text", "Beskrivning (valfri)", text),
    f.field("organisation", "Ansvarig organisation", organisation),
    f.field("due", "Klart senast", due),
    f.field("people_count", "Antal personer som berörs (valfritt, bara ett antal)", people),
    measurePart,
    h("button", { type: "submit", class: "primary" }, "Spara beslutet"),
    warn,
    f.general,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    f.clear();
    warn.textContent = "";
    const body: Record<string, unknown> = {
      kind: kind.value,
      title: title.value,
      text: text.value,
      organisation: organisation.value ? Number(organisation.value) : "",
      due: due.value,
    };
    if (people.value !== "") body.people_count = Number(people.value);
    if (kind.value === "measure") {
      const measure: Record<string, unknown> = {
        kind: mKind.value,
        level: mLevel.value,
        type: mType.value,
        status: mStatus.value,
        areas: selectedValues(mAreas).map(Number),
        categories: selectedValues(mCats).map(Number),
      };
      if (mCost.value !== "") measure.cost = Number(mCost.value);
      body.measure = measure;
    }
    try {
      const d = await post<{ personal_data?: string[]; measure: number | null }>(`/api/v1/meetings/${meeting.id}/decisions` + withMunicipality({}), body);
      toast(d.measure ? `Beslutet är sparat och åtgärd ${d.measure} registrerad.` : "Beslutet är sparat.");
      if (d.personal_data?.length) {
        flash = { key: `decision-${meeting.id}`, text: `Sparat, men texten innehåller ${d.personal_data.map((k) => personalDataNames[k] ?? k).join(", ")}. Den maskeras i dagordningar och material.` };
      }
      rerender();
    } catch (ex) {
      if (ex instanceof ApiError && ex.status === 422 && ex.errors.some((x) => x.field.startsWith("/measure"))) measurePart.hidden = false;
      f.show(ex);
    }
  });
  return form;
}

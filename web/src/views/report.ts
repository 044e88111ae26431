// Report one thing seen (phone-first): what (category search), where (tap the map, a named
// place, an area, or my position), when (with shortcuts), how many, how serious, and a
// description that warns before it names someone. Saving survives a flaky connection: the draft
// carries one external_id, so a retried POST is recognised by the server and never stored twice.
import L from "leaflet";
import { ApiError, post } from "../api";
import { app, atLeast, categoryPath, ownOrganisations, withMunicipality } from "../app";
import { clear, h, toast } from "../dom";
import { t } from "../i18n";
import { fit, makeMap } from "../map";
import { findPersonalData } from "../personal_data";
import type { Report } from "../types";
import { localStamp } from "../week";

function newId(): string {
  return "web-" + (crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`);
}

export function reportView(main: HTMLElement): void {
  const ref = app.ref!;
  let externalId = newId();
  const errors = new Map<string, HTMLElement>();
  const fieldError = (name: string) => {
    const el = h("p", { class: "field-error", id: `err-${name}`, role: "alert" });
    errors.set(name, el);
    return el;
  };

  // What: a search over every active category, shown with its parents.
  const cats = ref.categories
    .filter((c) => c.active)
    .map((c) => ({ c, path: categoryPath(c, ref.categories) }))
    .sort((a, b) => a.path.localeCompare(b.path, "sv"));
  const search = h("input", {
    id: "category-search",
    type: "search",
    placeholder: "Sök kategori, t.ex. klotter",
    "aria-controls": "category-list",
    autocomplete: "off",
  });
  const list = h("div", { id: "category-list", class: "choices", role: "radiogroup", "aria-label": "Kategori" });
  let chosen = "";
  const renderCats = () => {
    clear(list);
    const q = search.value.trim().toLocaleLowerCase("sv");
    const shown = cats.filter(({ path }) => !q || path.toLocaleLowerCase("sv").includes(q)).slice(0, 40);
    for (const { c, path } of shown) {
      const id = `cat-${c.id}`;
      list.append(
        h(
          "label",
          { class: "choice", for: id },
          h("input", {
            type: "radio",
            name: "category",
            id,
            value: c.code,
            checked: chosen === c.code,
            onchange: () => (chosen = c.code),
          }),
          path,
        ),
      );
    }
    if (shown.length === 0) list.append(h("p", { class: "muted" }, "Ingen kategori matchar."));
  };
  search.addEventListener("input", renderCats);
  renderCats();

  // Who: the user's own organisation(s); analysts and up may report for any.
  const own = ownOrganisations();
  const orgs = atLeast("analyst") ? ref.organisations : ref.organisations.filter((o) => own.includes(o.id));
  const organisation = h(
    "select",
    { id: "organisation", name: "organisation" },
    orgs.map((o) => h("option", { value: o.name, selected: own[0] === o.id }, o.name)),
  );

  // Where.
  let point: L.LatLng | null = null;
  const where = h("p", { class: "muted", id: "where-text" }, "Tryck på kartan, välj en plats eller ett område.");
  const place = h(
    "select",
    { id: "place", name: "place" },
    h("option", { value: "" }, "– ingen namngiven plats –"),
    [...ref.places].sort((a, b) => a.name.localeCompare(b.name, "sv")).map((p) => h("option", { value: p.name }, p.name)),
  );
  const area = h(
    "select",
    { id: "area", name: "area" },
    h("option", { value: "" }, "– området bestäms av punkten –"),
    ref.areas
      .map((a) => a.properties.name)
      .sort((a, b) => a.localeCompare(b, "sv"))
      .map((n) => h("option", { value: n }, n)),
  );
  const mapEl = h("div", { class: "map small", id: "report-map", "aria-label": "Karta: tryck för att placera händelsen" });
  let marker: L.CircleMarker | null = null;
  const setPoint = (ll: L.LatLng | null, text?: string) => {
    point = ll;
    if (marker) marker.remove();
    marker = null;
    if (ll) {
      marker = L.circleMarker(ll, { radius: 9, color: "#b2182b", weight: 3 }).addTo(map);
      where.textContent = text ?? `Punkt: ${ll.lat.toFixed(5)}, ${ll.lng.toFixed(5)}`;
    } else {
      where.textContent = "Ingen punkt vald.";
    }
  };
  place.addEventListener("change", () => {
    const p = ref.places.find((x) => x.name === place.value);
    if (p) setPoint(null), (where.textContent = `Plats: ${p.name}`);
  });
  const myPosition = h(
    "button",
    {
      type: "button",
      onclick: () => {
        if (!navigator.geolocation) return toast("Webbläsaren kan inte ge din position.");
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            const ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
            map.setView(ll, 15);
            setPoint(ll, `Min position (±${Math.round(pos.coords.accuracy)} m)`);
          },
          () => toast("Positionen kunde inte hämtas."),
          { enableHighAccuracy: true, timeout: 10000 },
        );
      },
    },
    "Min position",
  );

  // When.
  const from = h("input", { id: "occurred_from", name: "occurred_from", type: "datetime-local", required: true, value: localStamp(new Date()) });
  const to = h("input", { id: "occurred_to", name: "occurred_to", type: "datetime-local" });
  const shortcut = (label: string, f: () => [Date, Date | null]) =>
    h(
      "button",
      {
        type: "button",
        class: "chip",
        onclick: () => {
          const [a, b] = f();
          from.value = localStamp(a);
          to.value = b ? localStamp(b) : "";
        },
      },
      label,
    );
  const at = (daysBack: number, hour: number) => {
    const d = new Date();
    d.setDate(d.getDate() - daysBack);
    d.setHours(hour, 0, 0, 0);
    return d;
  };
  const lastFriday = () => {
    const d = new Date();
    const back = (d.getDay() + 7 - 5) % 7 || (d.getHours() < 18 ? 7 : 0);
    return back;
  };
  const shortcuts = h(
    "div",
    { class: "chips" },
    shortcut("Nu", () => [new Date(), null]),
    shortcut("I natt", () => [at(1, 22), at(0, 6)]),
    shortcut("I går kväll", () => [at(1, 18), at(1, 23)]),
    shortcut("Fredag kväll", () => [at(lastFriday(), 18), at(lastFriday() - 1, 2)]),
  );

  const count = h("input", { id: "count", name: "count", type: "number", min: 1, max: 1000, value: 1, inputmode: "numeric" });
  const severity = h(
    "div",
    { class: "chips", role: "radiogroup", "aria-label": "Allvarlighet" },
    [
      [1, "Låg"],
      [2, "Medel"],
      [3, "Hög"],
    ].map(([v, label]) =>
      h("label", { class: "chip" }, h("input", { type: "radio", name: "severity", value: v, checked: v === 1 }), label),
    ),
  );
  const description = h("textarea", { id: "description", name: "description", rows: 4, maxlength: 4000 });
  const pdWarning = h("p", { class: "warning", id: "pd-warning", role: "status" });
  description.addEventListener("input", () => {
    const found = findPersonalData(description.value);
    pdWarning.textContent = found.length
      ? `Texten ser ut att innehålla ${found.join(", ")}. Skriv inte vem någon är – beskriv vad som hände.`
      : "";
  });

  const status = h("p", { role: "status", id: "save-status" });
  const submit = h("button", { type: "submit", class: "primary big" }, "Spara rapporten");
  const form = h(
    "form",
    { class: "report-form", novalidate: true },
    h("h1", {}, t("Rapportera")),
    h("fieldset", {}, h("legend", {}, "Vad"), h("label", { for: "category-search" }, "Kategori"), search, list, fieldError("category")),
    h("fieldset", {}, h("legend", {}, "Vem"), h("label", { for: "organisation" }, "Organisation"), organisation, fieldError("organisation")),
    h(
      "fieldset",
      {},
      h("legend", {}, "Var"),
      mapEl,
      where,
      h("div", { class: "row" }, myPosition, h("button", { type: "button", onclick: () => setPoint(null) }, "Rensa punkt")),
      h("label", { for: "place" }, "Namngiven plats"),
      place,
      h("label", { for: "area" }, "Område"),
      area,
      fieldError("lat"),
      fieldError("place"),
      fieldError("area"),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "När"),
      shortcuts,
      h("label", { for: "occurred_from" }, "Från"),
      from,
      fieldError("occurred_from"),
      h("label", { for: "occurred_to" }, "Till (valfritt)"),
      to,
      fieldError("occurred_to"),
    ),
    h(
      "fieldset",
      {},
      h("legend", {}, "Hur"),
      h("label", { for: "count" }, "Antal"),
      count,
      fieldError("count"),
      h("span", { class: "label" }, "Allvarlighet"),
      severity,
      fieldError("severity"),
      h("label", { for: "description" }, "Beskrivning (valfritt)"),
      description,
      pdWarning,
      fieldError("description"),
    ),
    status,
    submit,
  );
  main.append(form);

  const map = makeMap(mapEl);
  const areas = L.geoJSON(ref.areas as never, {
    style: { color: "#555", weight: 1, fillOpacity: 0.05 },
    onEachFeature: (f, layer) => layer.bindTooltip((f.properties as { name: string }).name),
  }).addTo(map);
  fit(map, areas);
  map.on("click", (e: L.LeafletMouseEvent) => {
    setPoint(e.latlng);
    place.value = "";
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    for (const el of errors.values()) el.textContent = "";
    const body: Record<string, unknown> = {
      category: chosen,
      organisation: organisation.value,
      occurred_from: from.value,
      count: Number(count.value || 1),
      severity: Number((form.querySelector("input[name=severity]:checked") as HTMLInputElement)?.value ?? 1),
      external_id: externalId,
    };
    if (to.value) body.occurred_to = to.value;
    if (point) {
      body.lat = (point as L.LatLng).lat;
      body.lon = (point as L.LatLng).lng;
    }
    if (place.value) body.place = place.value;
    if (area.value) body.area = area.value;
    if (description.value.trim()) body.description = description.value.trim();
    submit.disabled = true;
    status.textContent = "Sparar …";
    try {
      const saved = await post<Report & { warnings?: { kind: string }[] }>("/api/v1/reports" + withMunicipality({}), body, 6);
      status.textContent = `Sparad (nr ${saved.id}): ${saved.category_name}${saved.area ? ", " + saved.area : ""}.`;
      if (saved.warnings?.length) {
        // The server found personal data too: the report is stored, and shared outputs mask it.
        status.textContent += ` Observera: texten innehåller ${[...new Set(saved.warnings.map((w) => w.kind))].join(", ")}; den visas maskerad i lägesbilden och i exporter.`;
      }
      toast("Rapporten är sparad.");
      externalId = newId(); // the next report is a new one
      description.value = "";
      pdWarning.textContent = "";
      count.value = "1";
      setPoint(null);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        status.textContent = "Rapporten sparades inte. Rätta det som är markerat.";
        for (const fe of err.errors) {
          let key = fe.field.replace(/^\//, "");
          if (key === "lon" || key === "x" || key === "y" || key === "" || /location/.test(fe.reason)) key = "lat";
          const el = errors.get(key) ?? status;
          el.textContent = el === status ? `${status.textContent} ${key}: ${fe.reason}` : fe.reason;
        }
        form.querySelector(".field-error:not(:empty)")?.scrollIntoView({ block: "center" });
      } else {
        status.textContent = "Rapporten sparades inte: " + (err as Error).message + " Försök igen – den sparas inte två gånger.";
      }
    } finally {
      submit.disabled = false;
    }
  });
}

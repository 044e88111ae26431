// Administration: organisations, users and their roles, categories, areas (upload GeoJSON and see
// them on the map), places, and this browser's map setting. Coordinators manage categories,
// areas and places; admins also organisations and users (the server enforces it).
import L from "leaflet";
import { ApiError, get, patch, post, request } from "../api";
import { app, atLeast, categoryPath, loadReference, withMunicipality } from "../app";
import { h, toast } from "../dom";
import { t } from "../i18n";
import { FieldForm } from "../forms";
import { fit, makeMap, TILE_SETTING } from "../map";
import type { Category, Place, Role, User } from "../types";

const roleNames: [Role, string][] = [
  ["reporter", "Rapportör"],
  ["analyst", "Analytiker"],
  ["coordinator", "Samordnare"],
  ["admin", "Administratör"],
  ["viewer", "Läsare (styrgrupp)"],
];

function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  return e.message + (e.errors.length ? ": " + e.errors.map((x) => `${x.line ? "rad " + x.line + ", " : ""}${x.field} – ${x.reason}`).join("; ") : "");
}

async function refresh(): Promise<void> {
  await loadReference(true);
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

export async function adminView(main: HTMLElement): Promise<void> {
  const ref = app.ref!;
  main.append(h("h1", {}, t("Administration")));

  // Organisations.
  const orgName = h("input", { id: "org-name" });
  const orgKind = h("input", { id: "org-kind", placeholder: "t.ex. school, police, housing" });
  const orgErr = h("p", { class: "field-error", role: "alert" });
  const orgForm = h("form", { class: "row" }, h("label", { for: "org-name" }, "Namn"), orgName, h("label", { for: "org-kind" }, "Slag"), orgKind, h("button", { type: "submit" }, "Lägg till"), orgErr);
  orgForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await post("/api/v1/organisations" + withMunicipality({}), { name: orgName.value, kind: orgKind.value });
      toast("Organisationen är tillagd.");
      await refresh();
    } catch (ex) {
      orgErr.textContent = errorText(ex);
    }
  });
  main.append(
    h("section", { "aria-labelledby": "orgs-h" }, h("h2", { id: "orgs-h" }, `${t("Organisationer")} (${ref.organisations.length})`),
      h("ul", { class: "columns" }, ref.organisations.map((o) => h("li", {}, `${o.name} (${o.kind})`))),
      atLeast("admin") ? orgForm : null),
  );

  // Users (admin).
  if (atLeast("admin")) {
    const users = await get<User[]>("/api/v1/users" + withMunicipality({}));
    const orgOf = (id: number | null) => ref.organisations.find((o) => o.id === id)?.name ?? "";
    main.append(
      h("section", { "aria-labelledby": "users-h" }, h("h2", { id: "users-h" }, `${t("Användare")} (${users.length})`),
        h("table", { class: "list" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Användare"), h("th", { scope: "col" }, "Roller"), h("th", { scope: "col" }, "Konto"))),
          h("tbody", {}, users.map((u) =>
            h("tr", { class: u.disabled ? "muted" : "", "data-username": u.username },
              h("td", {}, `${u.display_name} (${u.username})`),
              h("td", {}, h("span", { class: "grants" }, u.grants.filter((g) => g.municipality === app.municipality).map((g) => `${roleNames.find(([r]) => r === g.role)?.[1] ?? g.role}${g.organisation_id ? " · " + orgOf(g.organisation_id) : ""}`).join(", ")),
                roleChanger(u, ref.organisations, refresh)),
              h("td", {}, h("button", {
                "aria-label": `${u.disabled ? "Aktivera" : "Spärra"} ${u.username}`,
                onclick: async () => {
                  try {
                    await patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled });
                    toast(u.disabled ? "Kontot är aktiverat." : "Kontot är spärrat och utloggat.");
                    await refresh();
                  } catch (ex) { toast(errorText(ex)); }
                },
              }, u.disabled ? "Aktivera" : "Spärra")))))),
        newUserForm()),
    );
  }

  // Retention (admin): how long reports keep free text and exact points (docs/TRUST.md).
  if (atLeast("admin") && app.municipality) {
    type Retention = { free_text_months: number | null; points_months: number | null };
    const path = `/api/v1/municipalities/${app.municipality}/retention`;
    const current = await get<Retention>(path);
    const rf = new FieldForm("retention");
    const monthsInput = (key: string, value: number | null) =>
      h("input", { id: rf.id(key), type: "number", min: "1", max: "1200", step: "1", value: value === null ? "" : String(value), placeholder: "behålls" });
    const textMonths = monthsInput("free_text_months", current.free_text_months);
    const pointMonths = monthsInput("points_months", current.points_months);
    // Empty keeps (null); anything not a whole number goes to the server, which names it.
    const months = (v: string): number | string | null => {
      if (v.trim() === "") return null;
      const n = Number(v);
      return Number.isInteger(n) ? n : v;
    };
    // The server checks the values (novalidate): its message is the one shown under the field.
    const retForm = h("form", { class: "grid-form", id: "retention-form", novalidate: true },
      rf.field("free_text_months", "Fritext, månader", textMonths),
      rf.field("points_months", "Exakta punkter, månader", pointMonths),
      h("button", { type: "submit" }, "Spara gallringen"), rf.general);
    retForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      rf.clear();
      try {
        await request(path, { method: "PUT", body: { free_text_months: months(textMonths.value), points_months: months(pointMonths.value) } });
        toast("Gallringen är sparad.");
      } catch (ex) {
        rf.show(ex);
      }
    });
    main.append(
      h("section", { "aria-labelledby": "retention-h" }, h("h2", { id: "retention-h" }, t("Gallring")),
        h("p", { class: "muted" }, "Rapporter som är äldre än så här många månader mister sin fritext respektive sin exakta punkt; kategori, område, tid och antal behålls. Tomt fält: behålls. Servern gallrar en gång per dygn, och varje gallring loggas."),
        retForm),
    );
  }

  const catForm = categoryForm();
  // Categories: the list, a new one, and editing one (name, code, parent, active).
  const canRef = atLeast("coordinator");
  main.append(
    h("section", { "aria-labelledby": "cats-h", id: "categories" }, h("h2", { id: "cats-h" }, `${t("Kategorier")} (${ref.categories.length})`),
      h("ul", { class: "columns", id: "category-list" }, ref.categories.map((c) => h("li", { class: c.active ? "" : "muted" },
        categoryPath(c, ref.categories), c.active ? "" : " (inaktiv)",
        canRef ? [" ", h("button", { type: "button", class: "link", "aria-label": `Ändra kategorin ${c.name}`, onclick: () => catForm.edit(c) }, "Ändra")] : null))),
      canRef ? catForm.el : null),
  );
  const plForm = placeForm();
  // Areas: the map, and an upload of a GeoJSON FeatureCollection (property "name").
  const mapEl = h("div", { class: "map", id: "admin-map", role: "img", "aria-label": "Områden och platser" });
  const file = h("input", { id: "areas-file", type: "file", accept: ".geojson,.json,application/geo+json" });
  const repair = h("input", { id: "areas-repair", type: "checkbox" });
  const areaErr = h("p", { class: "field-error", role: "alert", id: "areas-error" });
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    areaErr.textContent = "";
    try {
      await request("/api/v1/areas" + withMunicipality({ repair: repair.checked ? "true" : undefined }), { method: "POST", raw: await f.text(), contentType: "application/geo+json" });
      toast("Områdena är uppladdade.");
      await refresh();
    } catch (ex) {
      areaErr.textContent = errorText(ex);
    }
  });
  main.append(
    h("section", { "aria-labelledby": "areas-h" }, h("h2", { id: "areas-h" }, `Områden (${ref.areas.length}) och platser (${ref.places.length})`),
      mapEl,
      atLeast("coordinator") ? h("div", { class: "row" }, h("label", { for: "areas-file" }, "Ladda upp områden (GeoJSON)"), file, h("label", {}, repair, " Reparera ogiltiga polygoner")) : null,
      areaErr,
      h("ul", { class: "columns", id: "place-list" }, [...ref.places].sort((a, b) => a.name.localeCompare(b.name, "sv")).map((p) => h("li", {}, `${p.name} (${p.kind})`,
        atLeast("coordinator") ? [" ", h("button", { type: "button", class: "link", "aria-label": `Ändra platsen ${p.name}`, onclick: () => plForm.edit(p) }, "Ändra"), " ",
          h("button", { type: "button", class: "link", "aria-label": `Ta bort platsen ${p.name}`, onclick: () => removePlace(p) }, "Ta bort")] : null))),
      atLeast("coordinator") ? plForm.el : null),
  );
  const map = makeMap(mapEl);
  const areas = L.geoJSON(ref.areas as never, {
    style: { color: "#2166ac", weight: 1.5, fillOpacity: 0.1 },
    onEachFeature: (f, layer) => layer.bindTooltip((f.properties as { name: string }).name),
  }).addTo(map);
  for (const p of ref.places) L.circleMarker([p.lat, p.lon], { radius: 4, color: "#333" }).bindTooltip(p.name).addTo(map);
  fit(map, areas);
  map.on("click", (e: L.LeafletMouseEvent) => plForm.at(e.latlng.lat, e.latlng.lng));
  mapEl.dataset.areas = String(areas.getLayers().length); // what was drawn, for tests

  // Settings of this browser.
  const tiles = h("input", { id: "tile-url", value: localStorage.getItem(TILE_SETTING) ?? "", placeholder: "https://tile.openstreetmap.org/{z}/{x}/{y}.png" });
  const saveTiles = h("button", { type: "button", onclick: () => {
    if (tiles.value.trim()) localStorage.setItem(TILE_SETTING, tiles.value.trim());
    else localStorage.removeItem(TILE_SETTING);
    toast("Kartinställningen är sparad.");
  } }, "Spara");
  main.append(
    h("section", { "aria-labelledby": "settings-h" }, h("h2", { id: "settings-h" }, t("Karta")),
      h("p", { class: "muted" }, "Kartorna ritar kommunens egna områden utan bakgrund. En kartserver (t.ex. OpenStreetMap eller Lantmäteriets topografiska karta) kan anges här."),
      h("label", { for: "tile-url" }, "Adress till kartplattor"), tiles, saveTiles),
  );
}

interface EditForm<T> {
  el: HTMLElement;
  edit(x: T): void;
}

// A category: new, or the one chosen with "Ändra" (PATCH sends every field).
function categoryForm(): EditForm<Category> {
  const ref = app.ref!;
  const f = new FieldForm("cat");
  let editing: Category | null = null;
  const heading = h("h3", { id: "cat-form-h" }, "Ny kategori");
  const name = h("input", { id: f.id("name") });
  const code = h("input", { id: f.id("code"), placeholder: "t.ex. skadegorelse.klotter", autocomplete: "off" });
  const parent = h("select", { id: f.id("parent_id") }, h("option", { value: "" }, "Ingen (huvudkategori)"),
    ref.categories.map((c) => h("option", { value: c.id }, categoryPath(c, ref.categories))));
  const active = h("input", { id: f.id("active"), type: "checkbox", checked: true });
  const submit = h("button", { type: "submit", class: "primary" }, "Lägg till kategorin");
  const cancel = h("button", { type: "button", hidden: true }, "Avbryt ändringen");
  const form = h("form", { class: "grid-form", id: "category-form", "aria-labelledby": "cat-form-h" }, heading,
    f.field("name", "Namn", name),
    f.field("code", "Kod", code, "Små bokstäver, siffror, '_' och '.'; underkategorier börjar med huvudkategorins kod."),
    f.field("parent_id", "Huvudkategori", parent),
    h("label", { for: f.id("active"), class: "choice" }, active, "Aktiv (kan väljas i nya rapporter)"), f.errorLine("active"),
    h("div", { class: "row" }, submit, cancel), f.general);
  const reset = () => {
    editing = null;
    heading.textContent = "Ny kategori";
    submit.textContent = "Lägg till kategorin";
    cancel.hidden = true;
    name.value = code.value = parent.value = "";
    active.checked = true;
    f.clear();
  };
  cancel.addEventListener("click", reset);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    f.clear();
    const body = { name: name.value, code: code.value, parent_id: parent.value ? Number(parent.value) : null, active: active.checked };
    try {
      if (editing) await patch(`/api/v1/categories/${editing.id}` + withMunicipality({}), body);
      else await post("/api/v1/categories" + withMunicipality({}), body);
      toast(editing ? "Kategorin är ändrad." : "Kategorin är tillagd.");
      await refresh();
    } catch (ex) {
      f.show(ex);
    }
  });
  return {
    el: form,
    edit(c: Category) {
      reset();
      editing = c;
      heading.textContent = `Ändra kategorin ${c.name}`;
      submit.textContent = "Spara ändringen";
      cancel.hidden = false;
      name.value = c.name;
      code.value = c.code;
      parent.value = c.parent_id === null ? "" : String(c.parent_id);
      active.checked = c.active;
      form.scrollIntoView({ block: "center" });
      name.focus();
    },
  };
}

// A place: new (a click on the map fills its coordinates), or the one chosen with "Ändra".
function placeForm(): EditForm<Place> & { at(lat: number, lon: number): void } {
  const f = new FieldForm("pl");
  let editing: Place | null = null;
  const heading = h("h3", { id: "pl-form-h" }, "Ny plats");
  const name = h("input", { id: f.id("name") });
  const kind = h("input", { id: f.id("kind"), placeholder: "t.ex. torg, skola, fritidsgård" });
  const lat = h("input", { id: f.id("lat"), inputmode: "decimal" });
  const lon = h("input", { id: f.id("lon"), inputmode: "decimal" });
  const submit = h("button", { type: "submit", class: "primary" }, "Lägg till platsen");
  const cancel = h("button", { type: "button", hidden: true }, "Avbryt ändringen");
  const form = h("form", { class: "grid-form", id: "place-form", "aria-labelledby": "pl-form-h", novalidate: true }, heading,
    h("p", { class: "muted" }, "Klicka på kartan för att fylla i koordinaterna (WGS 84)."),
    f.field("name", "Namn", name), f.field("kind", "Slag", kind),
    f.field("lat", "Latitud", lat), f.field("lon", "Longitud", lon),
    h("div", { class: "row" }, submit, cancel), f.general);
  const reset = () => {
    editing = null;
    heading.textContent = "Ny plats";
    submit.textContent = "Lägg till platsen";
    cancel.hidden = true;
    name.value = kind.value = lat.value = lon.value = "";
    f.clear();
  };
  cancel.addEventListener("click", reset);
  const number = (v: string): number | string | null => {
    if (v.trim() === "") return null;
    const n = Number(v.replace(",", "."));
    return Number.isFinite(n) ? n : v;
  };
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    f.clear();
    const body = { name: name.value, kind: kind.value, lat: number(lat.value), lon: number(lon.value) };
    try {
      if (editing) await patch(`/api/v1/places/${editing.id}` + withMunicipality({}), body);
      else await post("/api/v1/places" + withMunicipality({}), body);
      toast(editing ? "Platsen är ändrad." : "Platsen är tillagd.");
      await refresh();
    } catch (ex) {
      f.show(ex);
    }
  });
  return {
    el: form,
    edit(p: Place) {
      reset();
      editing = p;
      heading.textContent = `Ändra platsen ${p.name}`;
      submit.textContent = "Spara ändringen";
      cancel.hidden = false;
      name.value = p.name;
      kind.value = p.kind;
      lat.value = p.lat.toFixed(6);
      lon.value = p.lon.toFixed(6);
      form.scrollIntoView({ block: "center" });
      name.focus();
    },
    at(la: number, lo: number) {
      lat.value = la.toFixed(6);
      lon.value = lo.toFixed(6);
    },
  };
}

async function removePlace(p: Place): Promise<void> {
  if (!window.confirm(`Ta bort platsen ${p.name}? Rapporter som redan nämner den behåller sin punkt och sitt område.`)) return;
  try {
    await request(`/api/v1/places/${p.id}` + withMunicipality({}), { method: "DELETE" });
    toast("Platsen är borttagen.");
    await refresh();
  } catch (ex) {
    toast(errorText(ex));
  }
}

// A new account with one role in this municipality, for one organisation.
function newUserForm(): HTMLElement {
  const ref = app.ref!;
  const f = new FieldForm("u");
  const username = h("input", { id: f.id("username"), autocomplete: "off" });
  const display = h("input", { id: f.id("display_name"), autocomplete: "off" });
  const password = h("input", { id: f.id("password"), type: "password", autocomplete: "new-password" });
  const role = h("select", { id: f.id("grants/0/role") }, roleNames.map(([v, n]) => h("option", { value: v }, n)));
  const org = h("select", { id: f.id("grants/0/organisation_id") }, h("option", { value: "" }, "Välj …"), ref.organisations.map((o) => h("option", { value: o.id }, o.name)));
  const form = h("form", { class: "grid-form", id: "new-user", novalidate: true },
    h("h3", {}, t("Nytt konto")),
    f.field("username", "Användarnamn", username, "2–64 tecken: a–z, 0–9, '.', '_' eller '-'."),
    f.field("display_name", "Namn som visas", display),
    f.field("password", "Lösenord", password, "Minst 10 tecken. Lämna det till personen på ett säkert sätt."),
    f.field("grants/0/role", "Roll", role),
    f.field("grants/0/organisation_id", "Organisation", org),
    h("button", { type: "submit", class: "primary" }, "Skapa kontot"), f.general);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    f.clear();
    try {
      await post("/api/v1/users" + withMunicipality({}), {
        username: username.value,
        display_name: display.value,
        password: password.value,
        grants: [{ municipality: app.municipality, role: role.value, organisation_id: org.value ? Number(org.value) : null }],
      });
      toast(`Kontot ${username.value} är skapat.`);
      await refresh();
    } catch (ex) {
      f.show(ex);
    }
  });
  return form;
}

// Replaces the user's role in this municipality (PATCH /api/v1/users/{id} with grants; their
// roles in other municipalities stay). The open sessions of the user see the change at once.
function roleChanger(u: User, orgs: { id: number; name: string }[], refresh: () => Promise<void>): HTMLElement {
  const mine = u.grants.find((g) => g.municipality === app.municipality);
  const role = h("select", { "aria-label": `Ny roll för ${u.username}` }, roleNames.map(([v, n]) => h("option", { value: v, selected: mine?.role === v }, n)));
  const org = h("select", { "aria-label": `Organisation för ${u.username}` }, orgs.map((o) => h("option", { value: o.id, selected: mine?.organisation_id === o.id }, o.name)));
  return h("div", { class: "inline-form", "data-role-changer": u.username }, role, org,
    h("button", {
      type: "button",
      "aria-label": `Byt roll för ${u.username}`,
      onclick: async () => {
        try {
          await patch(`/api/v1/users/${u.id}` + withMunicipality({}), { grants: [{ role: role.value, organisation_id: Number(org.value) }] });
          toast(`Rollen för ${u.username} är ändrad.`);
          await refresh();
        } catch (ex) { toast(errorText(ex)); }
      },
    }, "Byt roll"));
}

// Administration: organisations, users and their roles, categories, areas (upload GeoJSON and see
// them on the map), places, and this browser's map setting. Coordinators manage categories,
// areas and places; admins also organisations and users (the server enforces it).
import L from "leaflet";
import { ApiError, get, patch, post, request } from "../api";
import { app, atLeast, categoryPath, loadReference, withMunicipality } from "../app";
import { h, toast } from "../dom";
import { fit, makeMap, TILE_SETTING } from "../map";
import type { User } from "../types";

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
  main.append(h("h1", {}, "Administration"));

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
    h("section", { "aria-labelledby": "orgs-h" }, h("h2", { id: "orgs-h" }, `Organisationer (${ref.organisations.length})`),
      h("ul", { class: "columns" }, ref.organisations.map((o) => h("li", {}, `${o.name} (${o.kind})`))),
      atLeast("admin") ? orgForm : null),
  );

  // Users (admin).
  if (atLeast("admin")) {
    const users = await get<User[]>("/api/v1/users" + withMunicipality({}));
    const orgOf = (id: number | null) => ref.organisations.find((o) => o.id === id)?.name ?? "";
    main.append(
      h("section", { "aria-labelledby": "users-h" }, h("h2", { id: "users-h" }, `Användare (${users.length})`),
        h("table", { class: "list" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Användare"), h("th", { scope: "col" }, "Roller"), h("th", { scope: "col" }, "Konto"))),
          h("tbody", {}, users.map((u) =>
            h("tr", {},
              h("td", {}, `${u.display_name} (${u.username})`),
              h("td", {}, u.grants.filter((g) => g.municipality === app.municipality).map((g) => `${g.role}${g.organisation_id ? " · " + orgOf(g.organisation_id) : ""}`).join(", ")),
              h("td", {}, h("button", {
                onclick: async () => {
                  try {
                    await patch(`/api/v1/users/${u.id}`, { disabled: !u.disabled });
                    toast(u.disabled ? "Kontot är aktiverat." : "Kontot är spärrat och utloggat.");
                    await refresh();
                  } catch (ex) { toast(errorText(ex)); }
                },
              }, u.disabled ? "Aktivera" : "Spärra"))))))),
    );
  }

  // Retention (admin): how long reports keep free text and exact points (docs/TRUST.md).
  if (atLeast("admin") && app.municipality) {
    type Retention = { free_text_months: number | null; points_months: number | null };
    const path = `/api/v1/municipalities/${app.municipality}/retention`;
    const current = await get<Retention>(path);
    const monthsInput = (id: string, value: number | null) =>
      h("input", { id, type: "number", min: "1", max: "1200", step: "1", value: value === null ? "" : String(value), placeholder: "behålls" });
    const textMonths = monthsInput("retention-text", current.free_text_months);
    const pointMonths = monthsInput("retention-points", current.points_months);
    const retErr = h("p", { class: "field-error", role: "alert", id: "retention-error" });
    // Empty keeps (null); anything not a whole number goes to the server, which names it.
    const months = (v: string): number | string | null => {
      if (v.trim() === "") return null;
      const n = Number(v);
      return Number.isInteger(n) ? n : v;
    };
    const retForm = h("form", { class: "row", id: "retention-form" },
      h("label", { for: "retention-text" }, "Fritext, månader"), textMonths,
      h("label", { for: "retention-points" }, "Exakta punkter, månader"), pointMonths,
      h("button", { type: "submit" }, "Spara"), retErr);
    retForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      retErr.textContent = "";
      try {
        await request(path, { method: "PUT", body: { free_text_months: months(textMonths.value), points_months: months(pointMonths.value) } });
        toast("Gallringen är sparad.");
      } catch (ex) {
        retErr.textContent = errorText(ex);
      }
    });
    main.append(
      h("section", { "aria-labelledby": "retention-h" }, h("h2", { id: "retention-h" }, "Gallring"),
        h("p", { class: "muted" }, "Rapporter som är äldre än så här många månader mister sin fritext respektive sin exakta punkt; kategori, område, tid och antal behålls. Tomt fält: behålls. Servern gallrar en gång per dygn, och varje gallring loggas."),
        retForm),
    );
  }

  // Categories.
  main.append(
    h("section", { "aria-labelledby": "cats-h" }, h("h2", { id: "cats-h" }, `Kategorier (${ref.categories.length})`),
      h("ul", { class: "columns" }, ref.categories.map((c) => h("li", { class: c.active ? "" : "muted" }, categoryPath(c, ref.categories))))),
  );

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
      h("ul", { class: "columns" }, [...ref.places].sort((a, b) => a.name.localeCompare(b.name, "sv")).map((p) => h("li", {}, `${p.name} (${p.kind})`)))),
  );
  const map = makeMap(mapEl);
  const areas = L.geoJSON(ref.areas as never, {
    style: { color: "#2166ac", weight: 1.5, fillOpacity: 0.1 },
    onEachFeature: (f, layer) => layer.bindTooltip((f.properties as { name: string }).name),
  }).addTo(map);
  for (const p of ref.places) L.circleMarker([p.lat, p.lon], { radius: 4, color: "#333" }).bindTooltip(p.name).addTo(map);
  fit(map, areas);
  mapEl.dataset.areas = String(areas.getLayers().length); // what was drawn, for tests

  // Settings of this browser.
  const tiles = h("input", { id: "tile-url", value: localStorage.getItem(TILE_SETTING) ?? "", placeholder: "https://tile.openstreetmap.org/{z}/{x}/{y}.png" });
  const saveTiles = h("button", { type: "button", onclick: () => {
    if (tiles.value.trim()) localStorage.setItem(TILE_SETTING, tiles.value.trim());
    else localStorage.removeItem(TILE_SETTING);
    toast("Kartinställningen är sparad.");
  } }, "Spara");
  main.append(
    h("section", { "aria-labelledby": "settings-h" }, h("h2", { id: "settings-h" }, "Karta"),
      h("p", { class: "muted" }, "Kartorna ritar kommunens egna områden utan bakgrund. En kartserver (t.ex. OpenStreetMap eller Lantmäteriets topografiska karta) kan anges här."),
      h("label", { for: "tile-url" }, "Adress till kartplattor"), tiles, saveTiles),
  );
}

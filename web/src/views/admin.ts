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

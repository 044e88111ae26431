// Maps draw the app's own GeoJSON (areas, points, hotspot cells) on a plain background, so they
// work with no tile server. A tile URL (OpenStreetMap, Lantmäteriet's topographic tiles) is a
// setting kept per browser (Administration → Karta).
import L from "leaflet";
import "leaflet/dist/leaflet.css";

export const TILE_SETTING = "lb.tileUrl";

export function makeMap(el: HTMLElement): L.Map {
  const map = L.map(el, { zoomSnap: 0.25, preferCanvas: true, attributionControl: true });
  const url = localStorage.getItem(TILE_SETTING);
  if (url) {
    L.tileLayer(url, { maxZoom: 19, attribution: "Bakgrundskarta: inställning" }).addTo(map);
  }
  map.setView([62, 15], 5);
  return map;
}

// Diverging colours for a ratio against the expected level (1 = as usual).
export function ratioColour(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return "#d9d9d9";
  if (ratio >= 2) return "#b2182b";
  if (ratio >= 1.4) return "#ef8a62";
  if (ratio >= 1.1) return "#fddbc7";
  if (ratio > 0.9) return "#f7f7f7";
  if (ratio > 0.7) return "#d1e5f0";
  if (ratio > 0.5) return "#67a9cf";
  return "#2166ac";
}

// Gi* classes: -3..3 (99/95/90 % cold .. hot).
export function hotColour(cls: number): string {
  return (
    { 3: "#b2182b", 2: "#ef8a62", 1: "#fddbc7", [-1]: "#d1e5f0", [-2]: "#67a9cf", [-3]: "#2166ac" }[
      cls
    ] ?? "transparent"
  );
}

export function severityColour(s: number): string {
  return s >= 3 ? "#b2182b" : s === 2 ? "#e08214" : "#4d4d4d";
}

export function fit(map: L.Map, layer: L.GeoJSON | L.FeatureGroup): void {
  const b = layer.getBounds();
  if (b.isValid()) map.fitBounds(b, { padding: [12, 12] });
}

// How long the week view takes in Chromium with 100,000 reports in the database (issue 6: usable
// within 1.5 s of navigation). Builds the demo municipality, adds synthetic reports by the CSV
// import to reach 100,000, serves the built app, and times navigation -> the week's charts and
// map points drawn, cold (new page) and warm (the next week from the open page), 7 runs each.
// Usage: node bench/web/week_view.mjs build/lagesbild [reports=100000]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "../../web/package.json"));
const { chromium } = require("playwright-core");
const server = path.resolve(process.argv[2] ?? "build/lagesbild");
const target = Number(process.argv[3] ?? 100000);
const dir = mkdtempSync(path.join(tmpdir(), "lb-web-"));
const db = path.join(dir, "week.db");
execFileSync(server, ["demo", "--db", db, "--seed", "1"], { stdio: "ignore" });

// Synthetic reports over the demo's three years, inside its areas (deterministic LCG).
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const cats = ["Klotter", "Krossad ruta", "Nedskräpning", "Stök", "Anlagd brand", "Hot", "Misstänkt försäljning/bruk", "Mopedbuskörning"];
const orgs = ["Tunabyggen", "Polisen", "Fältgruppen", "Keolis"];
const demoReports = 16055;
const extra = Math.max(0, target - demoReports);
const start = Date.UTC(2023, 10, 20);
const span = Date.UTC(2026, 10, 15) - start;
const lines = ["occurred_at;category;organisation;lat;lon;external_id"];
for (let i = 0; i < extra; i++) {
  const t = new Date(start + rnd() * span).toISOString().slice(0, 16).replace("T", " ").replace(" 02:", " 03:"); // no DST gap
  lines.push(`${t};${cats[i % cats.length]};${orgs[i % orgs.length]};${(60.462 + rnd() * 0.045).toFixed(5)};${(15.39 + rnd() * 0.07).toFixed(5)};bench-${i}`);
}
const csv = path.join(dir, "extra.csv");
writeFileSync(csv, lines.join("\n") + "\n");
execFileSync(server, ["import", "csv", "--db", db, "--municipality", "2081", csv], { stdio: ["ignore", "ignore", "inherit"] });

const port = 18000 + Math.floor(rnd() * 1000);
const base = `http://127.0.0.1:${port}`;
const proc = spawn(server, ["serve", "--db", db, "--port", String(port), "--static", path.join(here, "../../web/dist")], { stdio: "ignore" });
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(base + "/api/v1/health")).ok) break; } catch {}
  await new Promise((r) => setTimeout(r, 100));
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
const page = await ctx.newPage();
await page.goto(base + "/#/login");
await page.getByLabel("Användarnamn").fill("samordnare");
await page.getByLabel("Lösenord").fill("demo-lagesbild");
await page.getByRole("button", { name: "Logga in" }).click();
await page.getByRole("heading", { name: /Välkommen/ }).waitFor();
const health = await (await page.request.get(base + "/api/v1/situation?period=2026-W45")).json();

const ready = async (p) => {
  await p.locator("#situation-map[data-points]").waitFor();
  await p.locator("#charts .uplot").first().waitFor();
  return Number(await p.locator("#situation-map").getAttribute("data-points"));
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [], warm = [];
let points = 0;
for (let i = 0; i < 7; i++) {
  const p = await ctx.newPage();
  const t0 = Date.now();
  await p.goto(`${base}/#/lagesbild/2026-W${40 + i}`);
  points = await ready(p);
  cold.push(Date.now() - t0);
  const t1 = Date.now();
  await p.getByRole("link", { name: "Nästa vecka" }).click();
  await p.waitForFunction((w) => location.hash.endsWith(w), `W${41 + i}`);
  await ready(p);
  warm.push(Date.now() - t1);
  await p.close();
}
// The floor, in the same run: the same three API reads the view makes (in parallel, as it does),
// without a browser: what the data alone costs.
const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
const api = [];
for (let i = 0; i < 7; i++) {
  const w = `2026-W${40 + i}`;
  const t0 = Date.now();
  await Promise.all([
    fetch(`${base}/api/v1/situation?period=${w}`, { headers: { cookie } }).then((r) => r.text()),
    fetch(`${base}/api/v1/situation?period=${w}&format=geojson`, { headers: { cookie } }).then((r) => r.text()),
    fetch(`${base}/api/v1/reports?week=${w}&limit=1000`, { headers: { cookie } }).then((r) => r.text()),
  ]);
  api.push(Date.now() - t0);
}
console.log(JSON.stringify({ reports_in_db: demoReports + extra, week_reports: health.totals.current, points_drawn_last: points,
  cold_ms: cold, warm_ms: warm, api_only_ms: api, cold_median_ms: median(cold), warm_median_ms: median(warm),
  api_only_median_ms: median(api), target_ms: 1500,
  ratio_cold_to_target: +(median(cold) / 1500).toFixed(3) }, null, 1));
await browser.close();
proc.kill();
rmSync(dir, { recursive: true, force: true });

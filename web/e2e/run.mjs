// End-to-end tests of the web app in real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; never a downloaded browser) against the real server on a fresh demo database.
// Usage: node web/e2e/run.mjs --server build/lagesbild --out build/e2e [--keep]
// Screenshots of every screen land in --out; a failed step also leaves failure.png there.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, rmSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => {
    if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]?.startsWith("--") ? true : all[i + 1] ?? true]);
    return acc;
  }, []),
);
const server = path.resolve(args.server ?? "build/lagesbild");
const out = path.resolve(args.out ?? "build/e2e");
const dist = path.resolve(here, "..", "dist");
if (!existsSync(path.join(dist, "index.html"))) throw new Error(`no built web app in ${dist}: run npm run build`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let failures = 0;
const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failures++;
    results.push(`FAIL ${name}: ${e.message}`);
    console.error(e);
    if (globalThis.currentPage) await globalThis.currentPage.screenshot({ path: path.join(out, `failure-${failures}.png`), fullPage: true }).catch(() => {});
  }
  console.log(results.at(-1));
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}

// A fresh demo municipality (deterministic: seed 1) and the server with the built app.
const db = path.join(out, "e2e.db");
execFileSync(server, ["demo", "--db", db, "--seed", "1"], { stdio: "ignore" });
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const proc = spawn(server, ["serve", "--db", db, "--port", String(port), "--static", dist], { stdio: ["ignore", "ignore", "pipe"] });
let serverLog = "";
proc.stderr.on("data", (d) => (serverLog += d));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(base + "/api/v1/health")).ok) break;
  } catch {}
  if (i > 100) throw new Error("server did not start: " + serverLog);
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function login(context, username, password = "demo-lagesbild") {
  const page = await context.newPage();
  globalThis.currentPage = page;
  await page.goto(base + "/#/login");
  await page.getByLabel("Användarnamn").fill(username);
  await page.getByLabel("Lösenord").fill(password);
  await page.getByRole("button", { name: "Logga in" }).click();
  await page.getByRole("heading", { name: /Välkommen/ }).waitFor();
  return page;
}
const shot = (page, name) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });

// The ISO week of a local date, as the server labels it.
function isoWeek(d) {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const y = t.getUTCFullYear();
  return `${y}-W${String(Math.ceil(((t - Date.UTC(y, 0, 1)) / 864e5 + 1) / 7)).padStart(2, "0")}`;
}
const yesterday = new Date(Date.now() - 864e5);
const week = isoWeek(yesterday);
const stamp = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 6e4).toISOString().slice(0, 16);

let weekTotalBefore = 0;
try {
  // --- A reporter on a phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  let page;
  await step("log in (reporter, phone) and see the reporter's start page", async () => {
    page = await login(phone, "tunabyggen");
    expect(await page.getByRole("link", { name: /Rapportera en händelse/ }).isVisible(), "no report card on the start page");
    expect(!(await page.getByRole("link", { name: "Administration" }).count()), "a reporter sees Administration");
    await shot(page, "01-start-reporter-phone");
  });
  await step("wrong password is refused with a message", async () => {
    const p = await phone.newPage();
    await p.goto(base + "/#/login");
    await p.getByLabel("Användarnamn").fill("tunabyggen");
    await p.getByLabel("Lösenord").fill("fel-lösenord-123");
    await p.getByRole("button", { name: "Logga in" }).click();
    await p.getByText("Fel användarnamn eller lösenord.").waitFor();
    await p.close();
  });
  await step("submit a report on a phone, through one dropped connection, stored once", async () => {
    const before = await page.request.get(`${base}/api/v1/situation?period=${week}`);
    weekTotalBefore = (await before.json()).totals.current;
    await page.goto(base + "/#/rapportera");
    await page.getByLabel("Kategori").first().waitFor();
    await page.locator("#category-search").fill("klotter");
    await page.locator("#category-list label", { hasText: "Klotter" }).first().click();
    await page.locator("#description").fill("Nytt klotter på gavel, ring 070-123 45 67");
    await page.locator("#pd-warning", { hasText: "telefonnummer" }).waitFor();
    await page.locator("#description").fill("Nytt klotter på gaveln mot parkeringen.");
    expect((await page.locator("#pd-warning").textContent()) === "", "warning did not clear");
    // Tap the middle of the map (inside the municipality's areas).
    const box = await page.locator("#report-map").boundingBox();
    await page.locator("#report-map").click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.locator("#where-text", { hasText: "Punkt" }).waitFor();
    await page.locator("#occurred_from").fill(stamp(yesterday));
    // The first POST is lost on the way; the app retries with the same external_id.
    let dropped = 0;
    await page.route("**/api/v1/reports?*", async (route) => {
      if (route.request().method() === "POST" && dropped++ === 0) {
        await route.abort("connectionreset");
      } else {
        await route.continue();
      }
    });
    await shot(page, "02-report-form-phone");
    await page.getByRole("button", { name: "Spara rapporten" }).click();
    await page.locator("#save-status", { hasText: "Sparad" }).waitFor({ timeout: 20000 });
    await page.unroute("**/api/v1/reports?*");
    expect(dropped >= 2, `the app did not retry (posts: ${dropped})`);
    await shot(page, "03-report-saved-phone");
    const after = await page.request.get(`${base}/api/v1/situation?period=${week}`);
    const total = (await after.json()).totals.current;
    expect(total === weekTotalBefore + 1, `week total ${weekTotalBefore} -> ${total}, expected +1`);
  });
  await step("a bad report shows the server's message next to the field", async () => {
    await page.goto(base + "/#/");
    await page.goto(base + "/#/rapportera");
    await page.locator("#category-search").waitFor();
    await page.getByRole("button", { name: "Spara rapporten" }).click(); // no category, no place
    await page.locator("#err-category").filter({ hasText: /\S/ }).waitFor();
    await shot(page, "04-report-errors-phone");
  });
  await phone.close();

  // --- The coordinator at a desk.
  const desk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "sv-SE", timezoneId: "Europe/Stockholm", acceptDownloads: true });
  await step("log in (coordinator)", async () => {
    page = await login(desk, "samordnare");
    await shot(page, "05-start-coordinator");
  });
  await step("upload a CSV with one bad row, see the row's error, nothing stored", async () => {
    await page.goto(base + "/#/import");
    const csv = [
      "occurred_at;category;organisation;place;description",
      `${stamp(yesterday).replace("T", " ")};Klotter;Tunabyggen;Borlänge torg;Taggar på bänkar`,
      `${stamp(yesterday).replace("T", " ")};Finns inte;Tunabyggen;Borlänge torg;Fel kategori`,
      `${stamp(yesterday).replace("T", " ")};Krossad ruta;Tunabyggen;Borlänge torg;Ruta i entré`,
    ].join("\n");
    const file = path.join(out, "upload.csv");
    writeFileSync(file, csv);
    await page.locator("#csv-file").setInputFiles(file);
    await page.locator("#csv-errors").waitFor();
    const text = await page.locator("#csv-errors").textContent();
    expect(/3/.test(text) && /category/.test(text), "error table does not name line 3 and category: " + text);
    await shot(page, "06-import-error");
    const fixed = path.join(out, "upload-fixed.csv");
    writeFileSync(fixed, csv.split("\n").filter((l) => !l.includes("Finns inte")).join("\n"));
    await page.locator("#csv-file").setInputFiles(fixed);
    await page.getByText("Alla 2 rader är giltiga").waitFor();
    await page.getByRole("button", { name: "Importera" }).click();
    await page.getByText("Klart: 2 nya rapporter sparade").waitFor();
    await shot(page, "07-import-done");
  });
  let navMs = 0;
  await step("open the week and see the new reports counted", async () => {
    const t0 = Date.now();
    await page.goto(`${base}/#/lagesbild/${week}`);
    await page.locator("#charts .uplot").first().waitFor();
    await page.locator("#situation-map[data-points]").waitFor();
    navMs = Date.now() - t0;
    const drawn = await page.locator("#situation-map").evaluate((e) => [Number(e.dataset.areas), Number(e.dataset.points)]);
    expect(drawn[0] === 15 && drawn[1] >= weekTotalBefore, `map drew ${drawn[0]} areas and ${drawn[1]} points`);
    const shown = Number((await page.locator("#total-current strong").textContent()).replace(/\s/g, ""));
    expect(shown === weekTotalBefore + 3, `the week shows ${shown}, expected ${weekTotalBefore + 3}`);
    await page.getByRole("heading", { name: "Per område och kategori" }).waitFor();
    await page.locator("#time-of-week").waitFor();
    await shot(page, "08-week");
    // Previous week by the button: the hash and the heading follow.
    await page.getByRole("link", { name: "Föregående vecka" }).click();
    await page.waitForFunction((w) => !location.hash.endsWith(w), week);
    await page.locator("#charts .uplot").first().waitFor();
  });
  await step("write the assessment", async () => {
    await page.goto(`${base}/#/lagesbild/${week}`);
    await page.locator("#assessment-text").fill("Klotter ökar vid torget; följs upp med Tunabyggen.");
    await page.locator("#assessment-actions").fill("Klottersanering inom 24 h.");
    await page.getByRole("button", { name: /Spara bedömning/ }).click();
    await page.locator("#assessment .assessment", { hasText: "Version 1" }).waitFor();
  });
  await step("download the week's PDF, and it renders", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#pdf-link").click()]);
    const file = path.join(out, `lagesbild-${week}.pdf`);
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString() === "%PDF-", "not a PDF");
    execFileSync("pdftoppm", ["-r", "40", "-png", "-f", "1", "-l", "2", file, path.join(out, "09-pdf-page")]);
    expect(existsSync(path.join(out, "09-pdf-page-1.png")) || existsSync(path.join(out, "09-pdf-page-01.png")), "pdftoppm rendered nothing");
  });
  await step("create a measure and move it through its status workflow", async () => {
    await page.goto(base + "/#/atgarder");
    await page.locator("#measure-board").waitFor();
    await page.locator("#m-title").fill("Belysning Tjärna Ängar");
    await page.locator("#m-description").fill("Ny belysning längs gångvägen vid centrum.");
    await page.locator("#m-type").selectOption("lighting");
    await page.locator("#m-areas").selectOption({ label: "Tjärna Ängar" });
    await page.locator("#m-organisation").selectOption({ label: "Tunabyggen" });
    await page.getByRole("button", { name: "Spara åtgärden" }).click();
    await page.locator("#measure-status", { hasText: "Föreslagen" }).waitFor();
    await page.locator("#status-note").fill("Beslut i styrgruppen");
    await page.locator("#status-next").click();
    await page.locator("#measure-status", { hasText: "Beslutad" }).waitFor();
    const history = await page.locator("#measure-history").textContent();
    expect(/Beslutad – EST-samordnare.*Beslut i styrgruppen/.test(history), "history lacks the step, who or the note: " + history);
    await shot(page, "10-measure");
    await page.goto(base + "/#/atgarder");
    await page.locator('[data-status="decided"] .card', { hasText: "Belysning Tjärna Ängar" }).waitFor();
    await shot(page, "11-measures-board");
  });
  await step("the demo's camera measure (measure 1) is evaluated on its page: the effect is found", async () => {
    await page.goto(base + "/#/atgarder/1");
    await page.locator("#ev-comparison").selectOption("Islingby");
    await page.getByRole("button", { name: "Utvärdera" }).click();
    const verdict = await page.locator("#evaluation .verdict").textContent({ timeout: 30000 });
    expect(/färre|minsk/i.test(verdict), "the verdict does not report a fall: " + verdict);
    await shot(page, "11b-measure-evaluation");
  });
  await step("analysis: Gi* map, density layer, emerging hot spots, near-repeat table", async () => {
    await page.goto(base + "/#/analys");
    await page.locator("#near-repeat-table").waitFor({ timeout: 60000 });
    await page.locator("#emerging-map[data-patterns]").waitFor();
    const density = Number(await page.locator("#hotspot-map").getAttribute("data-density"));
    expect(density > 1000, `the density raster has ${density} cells`);
    await page.getByLabel("Täthet (KDE)").check(); // the layer control's overlay
    await shot(page, "12-analysis");
    // Gi* per area: all 15 demo areas drawn and listed; the method comparison table.
    await page.locator("#area-map[data-areas='15']").waitFor({ timeout: 60000 });
    expect((await page.locator("#area-hotspot-table tbody tr").count()) === 15, "not 15 areas in the table");
    await page.locator("#method-table tbody tr").nth(2).waitFor({ timeout: 60000 });
    const methods = await page.locator("#method-table tbody tr th").allTextContents();
    expect(methods.some((m) => m.includes("(bäst)")), "no best method marked: " + methods.join(", "));
    await page.locator("#area-map").scrollIntoViewIfNeeded();
    await shot(page, "12c-analysis-areas");
    // Hexagonal cells: the map's cells become hexagons (7-point rings) and hot ones are found.
    await page.locator("#an-shape").selectOption("hexagon");
    const [hex] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/analysis/hotspots") && r.url().includes("shape=hexagon")),
      page.getByRole("button", { name: "Kör analysen" }).click(),
    ]);
    const cells = (await hex.json()).features;
    expect(cells.length > 0 && cells.every((f) => f.geometry.coordinates[0].length === 7), "not hexagons");
    await page.locator("#near-repeat-table").waitFor();
    await shot(page, "12b-analysis-hexagons");
  });
  // Samverkan: a group, a meeting whose agenda shows the demo's flagged area, a decision that
  // becomes a measure (open on the agenda, then closed), minutes through the personal data
  // guard, the material as PDF, the calendar, the overview and an agreement.
  const decisionTitle = "Fältgruppen kvällstid i Jakobsgårdarna";
  await step("forum: create a group and schedule a meeting after a flagged week", async () => {
    // The latest week (of the demo's last twelve) in which the demo flags an area. The demo's
    // "today" is fixed (its truth file says which), not the day the test runs.
    const demoToday = JSON.parse(readFileSync(db + ".truth.json", "utf8")).today;
    let flagged = null;
    for (let i = 0; i < 12 && !flagged; i++) {
      const w = isoWeek(new Date(Date.parse(demoToday + "T12:00:00") - (1 + 7 * i) * 864e5));
      const s = await (await page.request.get(`${base}/api/v1/situation?period=${w}`)).json();
      const f = s.flags.find((x) => x.area && x.direction === "rise");
      if (f) flagged = { week: w, area: f.area, monday: s.period.to.slice(0, 10) };
    }
    expect(flagged, "the demo flags no area in the last twelve weeks");
    globalThis.flagged = flagged;
    await page.goto(base + "/#/forum");
    await page.locator("#new-group").waitFor();
    // A group without a name: the server's messages under the fields.
    await page.locator("#g-kind").selectOption("operational");
    await page.getByRole("button", { name: "Skapa gruppen" }).click();
    await page.locator("#err-g-name").filter({ hasText: /\S/ }).waitFor();
    await page.locator("#g-name").fill("EST Borlänge");
    await page.locator("#g-cadence").selectOption("weekly");
    await page.locator("#g-organisations").selectOption([{ label: "Fältgruppen" }, { label: "Polisen" }, { label: "Tunabyggen" }]);
    await page.getByRole("button", { name: "Skapa gruppen" }).click();
    await page.getByRole("heading", { name: "EST Borlänge" }).waitFor();
    expect(/Fältgruppen, Polisen|Polisen, Fältgruppen/.test(await page.locator(".facts").textContent()), "the group's organisations are not shown");
    // No meeting yet: scheduling needs the first one.
    await page.locator("#sch-count").fill("2");
    await page.locator("#sch-first").fill(`${flagged.monday}T09:00`);
    await page.getByRole("button", { name: "Planera mötena" }).click();
    await page.locator("#meeting-list tbody tr").nth(1).waitFor();
    const rows = await page.locator("#meeting-list tbody tr").allTextContents();
    expect(rows.length === 2 && rows.every((r) => r.includes("09:00")), "two meetings at 09:00 expected: " + rows.join(" | "));
    const ics = await page.request.get(base + (await page.locator("#group-ics").getAttribute("href")));
    const text = await ics.text();
    expect(text.startsWith("BEGIN:VCALENDAR") && (text.match(/BEGIN:VEVENT/g) ?? []).length === 2, "the calendar does not hold two events");
    await shot(page, "16-forum-group");
  });
  await step("forum: the agenda lists the flagged area; a decision becomes a measure, open, then closed", async () => {
    const flagged = globalThis.flagged;
    await page.locator("#meeting-list tbody tr").first().getByRole("link").click();
    await page.locator("#agenda").waitFor();
    globalThis.meetingUrl = page.url();
    const flags = await page.locator("#agenda-flags").textContent();
    expect(flags.includes(flagged.week) && flags.includes(flagged.area), `the agenda does not list ${flagged.area} in ${flagged.week}: ${flags}`);
    await shot(page, "17-forum-agenda");
    // A measure without title or areas: the errors next to those fields, nothing stored.
    await page.locator("#d-kind").selectOption("measure");
    await page.locator("#decision-measure").waitFor();
    await page.getByRole("button", { name: "Spara beslutet" }).click();
    await page.locator("#err-d-title").filter({ hasText: /\S/ }).waitFor();
    expect(/\S/.test(await page.locator("#err-d-organisation").textContent()), "no error under the organisation");
    const due = new Date(Date.parse(flagged.monday) + 42 * 864e5).toISOString().slice(0, 10);
    await page.locator("#d-title").fill(decisionTitle);
    await page.locator("#d-organisation").selectOption({ label: "Fältgruppen" });
    await page.locator("#d-due").fill(due);
    await page.locator("#d-measure-kind").selectOption("social");
    await page.locator("#d-measure-level").selectOption("selective");
    await page.locator("#d-measure-type").selectOption("field_work");
    // The group covers the whole municipality: the measure needs its areas.
    await page.getByRole("button", { name: "Spara beslutet" }).click();
    await page.locator("#err-d-measure-areas").filter({ hasText: /\S/ }).waitFor();
    expect(/\S/.test(await page.locator("#err-d-title").textContent()) === false, "the title's error stayed");
    expect(/Inga beslut ännu/.test(await page.locator("#agenda-decisions").textContent()), "a refused decision was stored");
    await page.locator("#d-measure-areas").selectOption({ label: flagged.area });
    await page.getByRole("button", { name: "Spara beslutet" }).click();
    const item = page.locator("#agenda-decisions li", { hasText: decisionTitle });
    await item.waitFor();
    const text = await item.textContent();
    expect(/Öppet/.test(text) && /Beslutad/.test(text) && text.includes(due), "the decision is not open with a decided measure: " + text);
    const measureHref = await item.getByRole("link", { name: decisionTitle }).getAttribute("href");
    expect(/^#\/atgarder\/\d+$/.test(measureHref), "the decision links no measure: " + measureHref);
    await shot(page, "18-forum-decision");
    // Minutes with a phone number: stored under the demo's warn policy, and the warning shown.
    await page.locator("#min-status").selectOption("held");
    await page.locator("#min-minutes").fill("Genomgång av läget. Kontakt via 070-123 45 67.");
    await page.locator("#min-attending_organisations input").first().check();
    await page.getByRole("button", { name: "Spara protokollet" }).click();
    await page.locator("#minutes-warning", { hasText: "telefonnummer" }).waitFor();
    await page.locator("#meeting-status", { hasText: "Genomfört" }).waitFor();
    expect(/Fältgruppen/.test(await page.locator(".facts").first().textContent()), "the attendance is not shown");
    // The meeting material.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#material-link").click()]);
    const file = path.join(out, "mote.pdf");
    await download.saveAs(file);
    expect(readFileSync(file).subarray(0, 5).toString() === "%PDF-", "the meeting material is not a PDF");
    // Close the decision in this meeting.
    await page.reload();
    const open = page.locator("#agenda-decisions li", { hasText: decisionTitle });
    await open.getByRole("button", { name: `Stäng beslutet ${decisionTitle}` }).click();
    await open.getByLabel("Anteckning (valfri)").fill("Insatsen är i gång");
    await open.getByRole("button", { name: "Stäng beslutet", exact: true }).click();
    await page.locator("#agenda-decisions li.closed", { hasText: decisionTitle }).waitFor();
    expect(/Stängt/.test(await page.locator("#agenda-decisions li", { hasText: decisionTitle }).textContent()), "not shown closed");
    expect(!(await page.locator("#agenda-decisions li", { hasText: decisionTitle }).getByRole("button").count()), "a closed decision can be closed again");
    await shot(page, "19-forum-closed");
    const m = await (await page.request.get(`${base}/api/v1/measures/${measureHref.split("/").pop()}`)).json();
    expect(m.status === "decided" && m.areas.some((a) => a.name === flagged.area), "the registered measure is wrong: " + JSON.stringify(m.status));
  });
  await step("forum: the steering overview lists the decision; an agreement with its follow-up", async () => {
    await page.goto(base + "/#/forum");
    await page.locator("#overview-items tr", { hasText: decisionTitle }).waitFor();
    expect(/Stängt/.test(await page.locator("#overview-items tr", { hasText: decisionTitle }).textContent()), "the overview does not show the decision closed");
    await page.getByRole("button", { name: "Spara överenskommelsen" }).click(); // no title, no party
    await page.locator("#err-ag-parties").filter({ hasText: /\S/ }).waitFor();
    await page.locator("#ag-title").fill("Samverkansöverenskommelse Borlänge");
    await page.locator("#ag-parties").selectOption([{ label: "Polisen" }, { label: "Borlänge kommun" }]);
    await page.locator("#ag-commitments").fill("Gemensam lägesbild varje vecka.");
    await page.getByRole("button", { name: "Spara överenskommelsen" }).click();
    const art = page.locator("#agreements article", { hasText: "Samverkansöverenskommelse Borlänge" });
    await art.waitFor();
    await art.getByLabel("Årets uppföljning").fill("Veckomötena hölls; lägesbilden delades.");
    await art.getByRole("button", { name: "Lägg till uppföljning" }).click();
    await page.locator("#agreements article", { hasText: "Veckomötena hölls" }).waitFor();
    await shot(page, "20-forum-overview");
  });
  await step("administration (coordinator): areas on the map, no user list", async () => {
    await page.goto(base + "/#/admin");
    await page.locator("#admin-map[data-areas='15']").waitFor();
    expect(!(await page.locator("#users-h").count()), "a coordinator sees the user list");
    await shot(page, "13-admin-coordinator");
  });
  await step("a write without the CSRF header is refused for a browser session", async () => {
    const res = await page.request.post(`${base}/api/v1/assessments`, { data: { period: week, text: "x" } });
    expect(res.status() === 403, `status ${res.status()}`);
  });
  await desk.close();

  const adminCtx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "sv-SE" });
  await step("administration (admin): users and roles, disable an account at once", async () => {
    page = await login(adminCtx, "admin");
    await page.goto(base + "/#/admin");
    await page.locator("#users-h").waitFor();
    const row = page.locator("tr", { hasText: "(keolis)" });
    await row.getByRole("button", { name: "Spärra" }).click();
    await page.locator("tr", { hasText: "(keolis)" }).getByRole("button", { name: "Aktivera" }).waitFor();
    const res = await fetch(base + "/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "keolis", password: "demo-lagesbild" }) });
    expect(res.status === 401, `a disabled user logged in (${res.status})`);
    await shot(page, "15-admin-users");
  });
  await step("administration (admin): a new account with a role logs in to its start page; disabled, it cannot", async () => {
    await page.goto(base + "/#/admin");
    await page.locator("#new-user").waitFor();
    // A bad name and a short password: each message under its field.
    await page.locator("#u-username").fill("Anna Fält");
    await page.locator("#u-password").fill("kort");
    await page.getByRole("button", { name: "Skapa kontot" }).click(); // no organisation either
    await page.locator("#err-u-grants-0-organisation_id").filter({ hasText: /\S/ }).waitFor();
    await page.locator("#u-grants-0-organisation_id").selectOption({ label: "Fältgruppen" });
    await page.getByRole("button", { name: "Skapa kontot" }).click();
    await page.locator("#err-u-username").filter({ hasText: /\S/ }).waitFor();
    expect(/10/.test(await page.locator("#err-u-password").textContent()), "no password length error");
    expect(!/\S/.test(await page.locator("#err-u-grants-0-organisation_id").textContent()), "the organisation's error stayed");
    await page.locator("#u-username").fill("falt.anna");
    await page.locator("#u-display_name").fill("Anna i Fältgruppen");
    await page.locator("#u-password").fill("ett-bra-losenord-42");
    await page.locator("#u-grants-0-role").selectOption("reporter");
    await page.locator("#u-grants-0-organisation_id").selectOption({ label: "Fältgruppen" });
    await page.getByRole("button", { name: "Skapa kontot" }).click();
    const row = page.locator('tr[data-username="falt.anna"]');
    await row.waitFor();
    expect(/Rapportör · Fältgruppen/.test(await row.locator(".grants").textContent()), "the role is not listed: " + (await row.textContent()));
    // The new reporter on a phone: the reporter's start page, no administration, no forums.
    const fresh = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "sv-SE" });
    const p2 = await login(fresh, "falt.anna", "ett-bra-losenord-42");
    await p2.getByRole("heading", { name: "Välkommen, Anna i Fältgruppen" }).waitFor();
    expect(await p2.getByRole("link", { name: /Rapportera en händelse/ }).isVisible(), "no report card for the new reporter");
    expect(!(await p2.getByRole("link", { name: "Administration" }).count()), "the new reporter sees Administration");
    await shot(p2, "21b-new-reporter-start-phone");
    await fresh.close();
    globalThis.currentPage = page;
    // The admin changes the role: the list (read back from the server) shows the new one.
    await row.getByLabel("Ny roll för falt.anna").selectOption("analyst");
    await row.getByRole("button", { name: "Byt roll för falt.anna" }).click();
    await page.locator('tr[data-username="falt.anna"] .grants', { hasText: "Analytiker · Fältgruppen" }).waitFor();
    expect(!/Rapportör/.test(await page.locator('tr[data-username="falt.anna"] .grants').textContent()), "the old role is still listed");
    await row.getByRole("button", { name: "Spärra falt.anna" }).click();
    await page.locator('tr[data-username="falt.anna"]').getByRole("button", { name: "Aktivera falt.anna" }).waitFor();
    const again = await browser.newContext({ locale: "sv-SE" });
    const p3 = await again.newPage();
    await p3.goto(base + "/#/login");
    await p3.getByLabel("Användarnamn").fill("falt.anna");
    await p3.getByLabel("Lösenord").fill("ett-bra-losenord-42");
    await p3.getByRole("button", { name: "Logga in" }).click();
    await p3.getByText("Fel användarnamn eller lösenord.").waitFor();
    expect(!(await p3.getByRole("heading", { name: /Välkommen/ }).count()), "a disabled account reached the start page");
    await again.close();
    await shot(page, "21-admin-new-user");
  });
  await step("administration: add a place from the map, add and edit a category", async () => {
    await page.goto(base + "/#/admin");
    await page.locator("#admin-map[data-areas='15']").waitFor();
    await page.getByRole("button", { name: "Lägg till platsen" }).click(); // nothing filled in
    await page.locator("#err-pl-name").filter({ hasText: /\S/ }).waitFor();
    await page.locator("#pl-name").fill("Skateparken vid Kupolen");
    await page.locator("#pl-kind").fill("skatepark");
    const box = await page.locator("#admin-map").boundingBox();
    await page.locator("#admin-map").click({ position: { x: box.width / 2, y: box.height / 2 } });
    expect(/^\d+\.\d+$/.test(await page.locator("#pl-lat").inputValue()), "the map click did not fill the latitude");
    await page.getByRole("button", { name: "Lägg till platsen" }).click();
    await page.locator("#place-list li", { hasText: "Skateparken vid Kupolen (skatepark)" }).waitFor();
    const places = await (await page.request.get(`${base}/api/v1/places`)).json();
    const added = places.find((x) => x.name === "Skateparken vid Kupolen");
    expect(added && added.area_id !== null, "the place is not stored in an area");
    // A category: a bad code is named, then it is added below Brand and edited.
    await page.locator("#cat-name").fill("Eldning");
    await page.locator("#cat-code").fill("Brand Eldning");
    await page.locator("#cat-parent_id").selectOption({ label: "Brand" });
    await page.getByRole("button", { name: "Lägg till kategorin" }).click();
    await page.locator("#err-cat-code").filter({ hasText: /\S/ }).waitFor();
    await page.locator("#cat-code").fill("brand.eldning");
    await page.getByRole("button", { name: "Lägg till kategorin" }).click();
    await page.locator("#category-list li", { hasText: "Brand › Eldning" }).waitFor();
    await page.getByRole("button", { name: "Ändra kategorin Eldning" }).click();
    await page.locator("#cat-name").fill("Eldning utomhus");
    await page.locator("#cat-active").uncheck();
    await page.getByRole("button", { name: "Spara ändringen" }).click();
    await page.locator("#category-list li", { hasText: "Brand › Eldning utomhus (inaktiv)" }).waitFor();
    await page.locator("#place-list").scrollIntoViewIfNeeded();
    await shot(page, "22-admin-places-categories");
  });
  await step("administration: retention kept after a reload; a negative value is refused under its field", async () => {
    await page.goto(base + "/#/admin");
    await page.locator("#retention-form").waitFor();
    await page.locator("#retention-free_text_months").fill("24");
    await page.locator("#retention-points_months").fill("36");
    await page.getByRole("button", { name: "Spara gallringen" }).click();
    await page.getByText("Gallringen är sparad.").waitFor();
    await page.reload();
    await page.locator("#retention-form").waitFor();
    expect((await page.locator("#retention-free_text_months").inputValue()) === "24" && (await page.locator("#retention-points_months").inputValue()) === "36", "the retention was not kept");
    await page.locator("#retention-free_text_months").fill("-3");
    await page.getByRole("button", { name: "Spara gallringen" }).click();
    await page.locator("#err-retention-free_text_months").filter({ hasText: /\S/ }).waitFor();
    expect((await page.locator("#retention-free_text_months").getAttribute("aria-invalid")) === "true", "the field is not marked invalid");
    await page.locator("#retention-form").scrollIntoViewIfNeeded();
    await shot(page, "23-admin-retention-error");
    await page.reload();
    await page.locator("#retention-form").waitFor();
    expect((await page.locator("#retention-free_text_months").inputValue()) === "24", "a refused value was stored");
  });
  await adminCtx.close();

  const viewerCtx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "sv-SE" });
  await step("a viewer (steering group) sees the picture without points or texts", async () => {
    page = await login(viewerCtx, "styrgrupp");
    await page.goto(`${base}/#/lagesbild/${week}`);
    await page.locator("#charts .uplot").first().waitFor();
    await page.getByText("Punkter visas inte för din roll.").waitFor();
    expect(!(await page.locator("#assessment-text").count()), "a viewer can edit the assessment");
    await shot(page, "14-week-viewer");
  });
  await step("forum on a phone (analyst): the agenda and the minutes, no decision form", async () => {
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "sv-SE", timezoneId: "Europe/Stockholm" });
    const p = await login(phoneCtx, "analytiker");
    await p.goto(globalThis.meetingUrl);
    await p.locator("#agenda-flags li").first().waitFor();
    expect((await p.locator("#min-minutes").inputValue()).includes("070-123 45 67"), "the analyst (who may write minutes) does not see them as written");
    expect(!(await p.locator("#decision-form").count()), "an analyst gets the decision form");
    expect(!(await p.locator("#agenda-decisions button").count()), "an analyst can close decisions");
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(width <= 390, `the meeting page is ${width} px wide on a 390 px phone`);
    await shot(p, "25-forum-meeting-phone");
    // Under the municipality's block policy the guard refuses minutes with a phone number: the
    // reason under the field, and nothing stored.
    const adminLogin = await fetch(base + "/api/v1/login", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "admin", password: "demo-lagesbild" }) });
    const auth = { Authorization: "Bearer " + (await adminLogin.json()).token, "Content-Type": "application/json" };
    const policy = (v) => fetch(base + "/api/v1/municipalities/2081/personal-data-policy", { method: "PUT", headers: auth, body: JSON.stringify({ personal_data_policy: v }) });
    expect((await policy("block")).ok, "could not set the block policy");
    try {
      const before = await p.locator("#min-minutes").inputValue();
      await p.locator("#min-minutes").fill("Ring Kalle på 070-765 43 21 efter mötet.");
      await p.getByRole("button", { name: "Spara protokollet" }).click();
      await p.locator("#err-min-minutes", { hasText: "personuppgifter" }).waitFor();
      expect((await p.locator("#min-minutes").getAttribute("aria-invalid")) === "true", "the minutes are not marked invalid");
      await shot(p, "25b-forum-minutes-blocked-phone");
      await p.reload();
      await p.locator("#agenda").waitFor();
      expect((await p.locator("#min-minutes").inputValue()) === before, "refused minutes were stored");
    } finally {
      await policy("warn");
    }
    await phoneCtx.close();
    globalThis.currentPage = page;
  });
  await step("trygghet: survey shares per area and year beside the reported incidents", async () => {
    await page.goto(base + "/#/trygghet");
    await page.locator("#survey-trends").waitFor();
    const rows = await page.locator("#survey-trends tbody tr").allTextContents();
    expect(rows.length >= 2, `only ${rows.length} survey rows`);
    expect(rows.every((r) => /^20\d\d/.test(r) && /%/.test(r)), "a survey row lacks its year or share: " + rows[0]);
    const reading = await page.locator("#survey-trends .survey-series p").first().textContent();
    expect(/Andelen/.test(reading), "no reading of the change: " + reading);
    await shot(page, "24-trygghet-viewer");
  });
  await step("a viewer reads the forums' overview but gets no forms", async () => {
    await page.goto(base + "/#/forum");
    await page.locator("#overview-items tr", { hasText: decisionTitle }).waitFor();
    expect(!(await page.locator("#new-group").count()) && !(await page.locator("#new-agreement").count()), "a viewer gets the forum forms");
  });
  await viewerCtx.close();
  await step("English toggle: the login, menu and headings in English, kept over a reload, back to Swedish", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "sv-SE" });
    const p = await ctx.newPage();
    globalThis.currentPage = p;
    await p.goto(base + "/#/login");
    await p.getByRole("button", { name: "English" }).click();
    await p.getByRole("heading", { name: "Log in" }).waitFor();
    await p.getByLabel("Username").fill("samordnare");
    await p.getByLabel("Password").fill("demo-lagesbild");
    await p.getByRole("button", { name: "Log in" }).click();
    await p.getByRole("heading", { name: /Welcome/ }).waitFor();
    const nav = p.getByRole("navigation", { name: "Main menu" });
    for (const label of ["Home", "Situation", "Measures", "Forums", "Administration"]) {
      expect(await nav.getByRole("link", { name: label, exact: true }).count() === 1, `no ${label} in the English menu`);
    }
    expect((await p.getAttribute("html", "lang")) === "en", "the page's lang is not en");
    await nav.getByRole("link", { name: "Forums" }).click();
    await p.getByRole("heading", { name: "Forums", level: 1 }).waitFor();
    await p.reload();
    await p.getByRole("heading", { name: "Steering group overview" }).waitFor();
    await shot(p, "26-english-forums");
    await p.getByRole("button", { name: "Svenska" }).click();
    await p.getByRole("heading", { name: "Samverkan", level: 1 }).waitFor();
    expect(await p.getByRole("navigation", { name: "Huvudmeny" }).getByRole("link", { name: "Åtgärder" }).count() === 1, "the menu is not Swedish again");
    expect((await p.getAttribute("html", "lang")) === "sv", "the page's lang is not sv");
    await ctx.close();
  });
  writeFileSync(path.join(out, "timings.json"), JSON.stringify({ week_view_ms: navMs }, null, 2));
  console.log(`week view ready in ${navMs} ms after navigation (16k-report demo)`);
} finally {
  await browser.close();
  proc.kill("SIGTERM");
}
console.log(`\n${results.length - failures}/${results.length} browser steps passed; screenshots in ${out}`);
process.exit(failures ? 1 : 0);

// The single-page app: a hash router (#/lagesbild/2026-W45 ...) over views that each render into
// <main>. Hash routes need nothing from the server but the built files.
import "./style.css";
import { ApiError, get, post, setCsrf } from "./api";
import { app, atLeast, loadReference, role } from "./app";
import { clear, h, toast } from "./dom";
import type { Municipality, User } from "./types";
import { lang, setLang, t } from "./i18n";
import { lastWeek } from "./week";
import { loginView } from "./views/login";

const roleNames: Record<string, string> = {
  viewer: "Läsare (styrgrupp)",
  reporter: "Rapportör",
  analyst: "Analytiker",
  coordinator: "Samordnare",
  admin: "Administratör",
};

export type View = (main: HTMLElement, args: string[]) => Promise<void> | void;

function nav(): HTMLElement {
  const links: [string, string, boolean][] = [
    ["#/", "Start", true],
    ["#/rapportera", "Rapportera", atLeast("reporter")],
    ["#/import", "Filimport", atLeast("coordinator")],
    ["#/lagesbild/" + lastWeek(), "Lägesbild", true],
    ["#/analys", "Analys", atLeast("analyst")],
    ["#/atgarder", "Åtgärder", true],
    ["#/forum", "Samverkan", role() !== "reporter"],
    ["#/trygghet", "Trygghet", true],
    ["#/admin", "Administration", atLeast("coordinator")],
  ];
  const current = location.hash.split("/")[1] ?? "";
  return h(
    "nav",
    { "aria-label": t("Huvudmeny") },
    h(
      "ul",
      {},
      links
        .filter(([, , show]) => show)
        .map(([href, label]) =>
          h(
            "li",
            {},
            h(
              "a",
              { href, "aria-current": href.split("/")[1] === current ? "page" : null },
              t(label),
            ),
          ),
        ),
    ),
  );
}

// Svenska / English: the frame's language, kept in this browser.
function languageToggle(): HTMLElement {
  const other = lang() === "en" ? "sv" : "en";
  return h(
    "button",
    {
      class: "link lang",
      id: "lang-toggle",
      lang: other,
      onclick: () => {
        setLang(other);
        void route();
      },
    },
    other === "en" ? "English" : "Svenska",
  );
}

function header(): void {
  const top = document.getElementById("top")!;
  clear(top);
  const brand = h("a", { href: "#/", class: "brand" }, "Lägesbild");
  if (!app.user) {
    top.append(h("div", { class: "bar" }, brand, languageToggle()));
    return;
  }
  const picker =
    app.municipalities.length > 1
      ? h(
          "select",
          {
            "aria-label": t("Kommun"),
            onchange: async (e: Event) => {
              app.municipality = (e.target as HTMLSelectElement).value;
              app.ref = null;
              await loadReference();
              route();
            },
          },
          app.municipalities.map((m) =>
            h("option", { value: m.code, selected: m.code === app.municipality }, m.name),
          ),
        )
      : h("span", { class: "muni" }, app.municipalities[0]?.name ?? "");
  top.append(
    h(
      "div",
      { class: "bar" },
      brand,
      picker,
      h(
        "span",
        { class: "who" },
        `${app.user.display_name} · ${t(roleNames[role() ?? ""] ?? "ingen roll")}`,
      ),
      languageToggle(),
      h(
        "button",
        {
          class: "link",
          onclick: async () => {
            try {
              await post("/api/v1/logout", {});
            } finally {
              app.user = null;
              setCsrf("");
              location.hash = "#/login";
              header();
            }
          },
        },
        t("Logga ut"),
      ),
    ),
    nav(),
  );
}

function startView(main: HTMLElement): void {
  const r = role();
  const week = lastWeek();
  const card = (href: string, title: string, text: string) =>
    h("a", { class: "card", href }, h("h2", {}, t(title)), h("p", {}, t(text)));
  const cards: HTMLElement[] = [];
  if (atLeast("reporter")) {
    cards.push(card("#/rapportera", "Rapportera en händelse", "Snabbt från telefonen: vad, var, när."));
  }
  cards.push(
    card(`#/lagesbild/${week}`, `${t("Lägesbild")} ${week}`, "Veckans gemensamma bild: det som sticker ut, karta, trender."),
  );
  if (atLeast("analyst")) {
    cards.push(card("#/analys", "Hotspots och upprepning", "Gi*, täthet och near repeat på lagrade rapporter."));
  }
  cards.push(card("#/atgarder", "Åtgärder", "Beslutade insatser, status och uppföljning."));
  if (r !== "reporter") {
    cards.push(card("#/forum", "Samverkan", "Grupper, möten med dagordning ur lägesbilden, beslut och överenskommelser."));
  }
  cards.push(card("#/trygghet", "Trygghet och uppföljning", "Trygghetsmätningar, åtgärdsplan, medborgarlöften."));
  if (atLeast("coordinator")) {
    cards.push(card("#/import", "Importera fil", "CSV från organisationernas egna system, med förhandsgranskning."));
    cards.push(card("#/admin", "Administration", "Organisationer, användare, kategorier, områden, platser."));
  }
  main.append(
    h("h1", {}, t("Välkommen, ") + (app.user?.display_name ?? "")),
    h("p", { class: "lead" }, t(r === "reporter"
      ? "Du rapporterar för din organisation. Det du ser gör veckans lägesbild bättre."
      : r === "viewer"
        ? "Du ser sammanställda lägesbilder och åtgärder, utan fritext och exakta punkter."
        : "Veckans arbete i EST: rapporter, lägesbild, analys och åtgärder.")),
    h("div", { class: "cards" }, cards),
  );
}

// Each screen is its own chunk, loaded when first opened: the week view does not wait for the
// analysis or administration code.
const routes: Record<string, View> = {
  "": startView,
  rapportera: async (main) => (await import("./views/report")).reportView(main),
  import: async (main) => (await import("./views/bulk")).bulkView(main),
  lagesbild: async (main, args) => (await import("./views/situation")).situationView(main, args),
  analys: async (main) => (await import("./views/analysis")).analysisView(main),
  atgarder: async (main, args) => {
    const m = await import("./views/measures");
    return args[0] ? m.measureView(main, args) : m.measuresView(main);
  },
  admin: async (main) => (await import("./views/admin")).adminView(main),
  forum: async (main, args) => (await import("./views/forum")).forumRoute(main, args),
  trygghet: async (main) => (await import("./views/surveys")).surveysView(main),
};

let generation = 0;
export async function route(): Promise<void> {
  const main = document.getElementById("main")!;
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  const name = parts[0] ?? "";
  const mine = ++generation;
  if (!app.user && name !== "login") {
    if (!(await restore())) {
      location.hash = "#/login";
      return;
    }
  }
  header();
  clear(main);
  if (name === "login") {
    loginView(main, signedIn);
    return;
  }
  const view = routes[name];
  if (!view) {
    main.append(h("h1", {}, t("Sidan finns inte")), h("p", {}, h("a", { href: "#/" }, t("Till startsidan"))));
    return;
  }
  try {
    // The week view needs no reference data: it starts its own reads at once (the time to a
    // usable picture is what the Monday meeting waits for); every other view waits for them.
    if (name !== "lagesbild") await loadReference();
    else void loadReference().catch(() => {});
    if (mine !== generation) return;
    await view(main, parts.slice(1).map(decodeURIComponent));
  } catch (e) {
    if (mine !== generation) return;
    const message = e instanceof ApiError ? e.message : String(e);
    main.append(h("p", { class: "error", role: "alert" }, t("Kunde inte visa sidan: ") + message));
  }
  main.focus({ preventScroll: true });
}

async function signedIn(user: User): Promise<void> {
  app.user = user;
  await loadMunicipalities();
  location.hash = "#/";
}

async function loadMunicipalities(): Promise<void> {
  setMunicipalities(await get<Municipality[]>("/api/v1/municipalities"));
}

function setMunicipalities(list: Municipality[]): void {
  app.municipalities = list;
  if (!app.municipalities.some((m) => m.code === app.municipality)) {
    app.municipality = app.municipalities[0]?.code ?? "";
  }
  app.ref = null;
}

// A reload keeps the session cookie: ask who we are (and for the CSRF token that goes with it).
async function restore(): Promise<boolean> {
  try {
    const [me, municipalities] = await Promise.all([
      get<User & { csrf_token?: string }>("/api/v1/me"),
      get<Municipality[]>("/api/v1/municipalities"),
    ]);
    if (me.csrf_token) setCsrf(me.csrf_token);
    app.user = me;
    setMunicipalities(municipalities);
    return true;
  } catch {
    return false;
  }
}

document.documentElement.lang = lang();
document.querySelector(".skip")?.replaceChildren(t("Hoppa till innehållet"));
window.addEventListener("hashchange", () => void route());
window.addEventListener("lb:unauthorised", () => {
  if (app.user) toast("Sessionen har gått ut. Logga in igen.");
  app.user = null;
  location.hash = "#/login";
});
void route();

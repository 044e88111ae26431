// The language of the app's frame: Swedish (the default and the language of every screen) or
// English for the navigation, the header, the start page, the login and the screens' headings.
// The choice is kept in this browser (localStorage). Texts are keyed by their Swedish wording, so
// a text without a translation stays Swedish rather than going missing.
export type Lang = "sv" | "en";
const KEY = "lb.lang";

export function lang(): Lang {
  return localStorage.getItem(KEY) === "en" ? "en" : "sv";
}

export function setLang(l: Lang): void {
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l;
}

const en: Record<string, string> = {
  // Navigation and header.
  Huvudmeny: "Main menu",
  Start: "Home",
  Rapportera: "Report",
  Filimport: "File import",
  Lägesbild: "Situation",
  Analys: "Analysis",
  Åtgärder: "Measures",
  Samverkan: "Forums",
  Trygghet: "Safety",
  Administration: "Administration",
  "Logga ut": "Log out",
  Kommun: "Municipality",
  "ingen roll": "no role",
  "Läsare (styrgrupp)": "Reader (steering group)",
  Rapportör: "Reporter",
  Analytiker: "Analyst",
  Samordnare: "Coordinator",
  Administratör: "Administrator",
  "Hoppa till innehållet": "Skip to content",
  // Start page.
  "Välkommen, ": "Welcome, ",
  "Rapportera en händelse": "Report an incident",
  "Snabbt från telefonen: vad, var, när.": "Quickly from your phone: what, where, when.",
  "Veckans gemensamma bild: det som sticker ut, karta, trender.": "The week's joint picture: what stands out, map, trends.",
  "Hotspots och upprepning": "Hotspots and repeats",
  "Gi*, täthet och near repeat på lagrade rapporter.": "Gi*, density and near repeat on stored reports.",
  "Beslutade insatser, status och uppföljning.": "Decided actions, status and follow-up.",
  "Grupper, möten med dagordning ur lägesbilden, beslut och överenskommelser.":
    "Groups, meetings with an agenda from the situation picture, decisions and agreements.",
  "Trygghet och uppföljning": "Safety and follow-up",
  "Trygghetsmätningar, åtgärdsplan, medborgarlöften.": "Safety surveys, action plan, citizen promises.",
  "Importera fil": "Import a file",
  "CSV från organisationernas egna system, med förhandsgranskning.": "CSV from the organisations' own systems, with a preview.",
  "Organisationer, användare, kategorier, områden, platser.": "Organisations, users, categories, areas, places.",
  "Du rapporterar för din organisation. Det du ser gör veckans lägesbild bättre.":
    "You report for your organisation. What you see makes the week's picture better.",
  "Du ser sammanställda lägesbilder och åtgärder, utan fritext och exakta punkter.":
    "You see compiled situation pictures and measures, without free text or exact points.",
  "Veckans arbete i EST: rapporter, lägesbild, analys och åtgärder.": "The week's EST work: reports, situation picture, analysis and measures.",
  "Sidan finns inte": "Page not found",
  "Till startsidan": "To the start page",
  "Kunde inte visa sidan: ": "Could not show the page: ",
  // Login.
  "Logga in": "Log in",
  Användarnamn: "Username",
  Lösenord: "Password",
  "Fel användarnamn eller lösenord.": "Wrong username or password.",
  "För många försök. Vänta en stund och försök igen.": "Too many attempts. Wait a while and try again.",
  "Inloggningen misslyckades: ": "Login failed: ",
  // Screen headings.
  "Importera rapporter från fil": "Import reports from a file",
  "Styrgruppens översikt": "Steering group overview",
  Grupper: "Groups",
  Samverkansöverenskommelser: "Collaboration agreements",
  Dagordning: "Agenda",
  "Mötesmaterial (PDF)": "Meeting material (PDF)",
  "Protokoll och närvaro": "Minutes and attendance",
  "Nytt beslut": "New decision",
  Möten: "Meetings",
  Användare: "Users",
  Organisationer: "Organisations",
  Kategorier: "Categories",
  Gallring: "Retention",
  Karta: "Map",
  "Nytt konto": "New account",
};

export function t(sv: string): string {
  return lang() === "en" ? (en[sv] ?? sv) : sv;
}

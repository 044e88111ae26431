// Bulk upload of a CSV file (the format of docs/API.md: occurred_at, category, organisation,
// lat/lon or place or area, ...): a preview of the first rows, the server's check of every row
// (a dry run that stores nothing), and then the import, which stores all rows or none.
import { ApiError, request } from "../api";
import { withMunicipality } from "../app";
import { clear, h, num } from "../dom";
import { t } from "../i18n";
import type { FieldError } from "../api";

interface ImportSummary {
  rows: number;
  inserted: number;
  duplicates: number;
  dry_run?: boolean;
}

// Enough of CSV for a preview (quotes, ; or ,); the server's reader is the one that decides.
function previewRows(text: string, max: number): string[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, max + 1);
  const sep = (lines[0] ?? "").includes(";") ? ";" : ",";
  return lines.map((line) => {
    const out: string[] = [];
    let cur = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === sep) out.push(cur), (cur = "");
      else cur += ch;
    }
    out.push(cur);
    return out;
  });
}

export function bulkView(main: HTMLElement): void {
  let text = "";
  const file = h("input", { id: "csv-file", type: "file", accept: ".csv,text/csv" });
  const preview = h("div", { id: "csv-preview" });
  const result = h("div", { id: "csv-result", role: "status" });
  const check = h("button", { type: "button", disabled: true }, "Kontrollera");
  const doImport = h("button", { type: "button", class: "primary", disabled: true }, "Importera");

  const showErrors = (errs: FieldError[]) =>
    h(
      "table",
      { class: "errors", id: "csv-errors" },
      h("caption", {}, `${errs.length} fel – inget har sparats`),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Rad"), h("th", { scope: "col" }, "Fält"), h("th", { scope: "col" }, "Fel"))),
      h(
        "tbody",
        {},
        errs.map((e) => h("tr", {}, h("td", {}, e.line ?? "–"), h("td", {}, e.field), h("td", {}, e.reason))),
      ),
    );

  const send = async (dryRun: boolean) => {
    clear(result);
    check.disabled = doImport.disabled = true;
    try {
      const s = await request<ImportSummary>(
        "/api/v1/reports/import" + withMunicipality({ dry_run: dryRun ? 1 : undefined }),
        { method: "POST", raw: text },
      );
      result.append(
        h(
          "p",
          { class: dryRun ? "ok" : "ok strong" },
          dryRun
            ? `Alla ${num(s.rows)} rader är giltiga. Inget är sparat ännu.`
            : `Klart: ${num(s.inserted)} nya rapporter sparade` +
                (s.duplicates ? `, ${num(s.duplicates)} fanns redan (samma external_id).` : "."),
        ),
      );
      doImport.disabled = !dryRun;
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) result.append(showErrors(e.errors));
      else result.append(h("p", { class: "error", role: "alert" }, (e as Error).message));
    } finally {
      check.disabled = false;
    }
  };
  check.addEventListener("click", () => void send(true));
  doImport.addEventListener("click", () => void send(false));

  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    clear(preview);
    clear(result);
    doImport.disabled = true;
    if (!f) return;
    text = await f.text();
    const rows = previewRows(text, 10);
    const total = text.split(/\r?\n/).filter((l) => l.trim() !== "").length - 1;
    preview.append(
      h("p", {}, `${f.name}: ${num(total)} rader. De första ${Math.min(10, total)}:`),
      h(
        "div",
        { class: "scroll" },
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, (rows[0] ?? []).map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, rows.slice(1).map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))),
        ),
      ),
    );
    check.disabled = false;
    await send(true); // check at once: the errors are what the user needs first
  });

  main.append(
    h("h1", {}, t("Importera rapporter från fil")),
    h(
      "p",
      {},
      "CSV med rubrikrad: occurred_at, category, organisation och var (lat+lon, place eller area); ",
      "valfritt occurred_to, count, severity, description, external_id. Semikolon eller komma.",
    ),
    h("label", { for: "csv-file" }, "Fil"),
    file,
    preview,
    h("div", { class: "row" }, check, doImport),
    result,
  );
}

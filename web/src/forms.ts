// Forms whose fields show the server's errors next to themselves: each field has a label, its
// input and an error line the input is described by. The API names fields by JSON pointer
// ("/measure/areas", "/grants/0/role" or "username"); a message goes to the field with the
// longest matching key, and what matches no field is shown once for the whole form.
import { ApiError } from "./api";
import { h } from "./dom";

export class FieldForm {
  private errors = new Map<string, HTMLElement>();
  private inputs = new Map<string, HTMLElement>();
  readonly general: HTMLElement;

  constructor(readonly prefix: string) {
    this.general = h("p", { class: "error", role: "alert", id: `err-${prefix}` });
  }

  id(key: string): string {
    return `${this.prefix}-${key.replace(/\//g, "-")}`;
  }

  // The input must already carry id = this.id(key).
  field(key: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
    const errId = `err-${this.id(key)}`;
    const err = h("p", { class: "field-error", role: "alert", id: errId });
    const hintEl = hint ? h("p", { class: "muted hint", id: `hint-${this.id(key)}` }, hint) : null;
    input.setAttribute("aria-describedby", [hintEl ? `hint-${this.id(key)}` : "", errId].filter(Boolean).join(" "));
    this.errors.set(key, err);
    this.inputs.set(key, input);
    return h("div", { class: "field" }, h("label", { for: this.id(key) }, label), input, hintEl, err);
  }

  // A field whose own markup holds its labels (a fieldset of checkboxes): only the error line.
  errorLine(key: string): HTMLElement {
    const err = h("p", { class: "field-error", role: "alert", id: `err-${this.id(key)}` });
    this.errors.set(key, err);
    return err;
  }

  clear(): void {
    this.general.textContent = "";
    for (const e of this.errors.values()) e.textContent = "";
    for (const i of this.inputs.values()) i.removeAttribute("aria-invalid");
  }

  // Puts each of the API's messages under its field; true when any was shown.
  // A form's submit: the page stays, old errors go, `save` runs, and what the server refuses is
  // shown under the fields it names.
  onSubmit(form: HTMLElement, save: () => Promise<void>): void {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      this.clear();
      try {
        await save();
      } catch (ex) {
        this.show(ex);
      }
    });
  }

  show(ex: unknown): void {
    this.clear();
    if (!(ex instanceof ApiError)) {
      this.general.textContent = String(ex);
      return;
    }
    const rest: string[] = [];
    let first: HTMLElement | undefined;
    for (const fe of ex.errors) {
      const parts = fe.field.replace(/^\//, "").split("/");
      let key: string | undefined;
      for (let n = parts.length; n > 0 && !key; n--) {
        const k = parts.slice(0, n).join("/");
        if (this.errors.has(k)) key = k;
      }
      if (!key) {
        rest.push(`${fe.field}: ${fe.reason}`);
        continue;
      }
      const el = this.errors.get(key)!;
      el.textContent = el.textContent ? `${el.textContent}; ${fe.reason}` : fe.reason;
      const input = this.inputs.get(key);
      if (input) {
        input.setAttribute("aria-invalid", "true");
        first ??= input;
      }
    }
    if (rest.length || !ex.errors.length) {
      this.general.textContent = ex.errors.length ? rest.join("; ") : ex.message;
    }
    first?.focus();
  }
}

// The selected values of a <select multiple>.
export function selectedValues(s: HTMLSelectElement): string[] {
  return [...s.selectedOptions].map((o) => o.value);
}

// The checked values of checkboxes inside a container.
export function checkedValues(el: HTMLElement): string[] {
  return [...el.querySelectorAll<HTMLInputElement>("input[type=checkbox]:checked")].map((c) => c.value);
}

// A fieldset of checkboxes (keyboard-usable, one label each).
export function checkboxes(
  id: string,
  legend: string,
  items: { value: string | number; label: string; checked?: boolean }[],
): HTMLFieldSetElement {
  return h(
    "fieldset",
    { id, class: "checks" },
    h("legend", {}, legend),
    items.map((it, i) =>
      h(
        "label",
        { class: "choice", for: `${id}-${i}` },
        h("input", { type: "checkbox", id: `${id}-${i}`, value: String(it.value), checked: !!it.checked }),
        it.label,
      ),
    ),
  );
}

// Swedish names of the personal data kinds the server's guard reports.
export const personalDataNames: Record<string, string> = {
  personnummer: "personnummer",
  samordningsnummer: "samordningsnummer",
  phone: "telefonnummer",
  email: "e-postadress",
  vehicle_registration: "registreringsnummer",
};

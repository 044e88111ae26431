// Log in with username and password; the server sets the HttpOnly session cookie and returns the
// CSRF token that every later write carries.
import { ApiError, post, setCsrf } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import type { User } from "../types";

export function loginView(main: HTMLElement, done: (u: User) => Promise<void>): void {
  const error = h("p", { class: "error", role: "alert", id: "login-error" });
  const user = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const pass = h("input", {
    id: "password",
    name: "password",
    type: "password",
    autocomplete: "current-password",
    required: true,
  });
  const form = h(
    "form",
    { class: "narrow", "aria-describedby": "login-error" },
    h("h1", {}, t("Logga in")),
    h("label", { for: "username" }, t("Användarnamn")),
    user,
    h("label", { for: "password" }, t("Lösenord")),
    pass,
    error,
    h("button", { type: "submit", class: "primary" }, t("Logga in")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    try {
      const r = await post<{ user: User; csrf_token: string }>("/api/v1/login", {
        username: user.value.trim(),
        password: pass.value,
      });
      setCsrf(r.csrf_token);
      await done(r.user);
    } catch (err) {
      error.textContent =
        err instanceof ApiError && err.status === 401
          ? t("Fel användarnamn eller lösenord.")
          : err instanceof ApiError && err.status === 429
            ? t("För många försök. Vänta en stund och försök igen.")
            : t("Inloggningen misslyckades: ") + (err as Error).message;
      pass.select();
    }
  });
  main.append(form);
  user.focus();
}

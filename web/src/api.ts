// The app's only door to the server: JSON over fetch with the session cookie (HttpOnly, set by
// POST /api/v1/login) and the CSRF header the server requires on every cookie-authenticated
// write. Errors come back as ApiError with the server's field list, so a form can show each
// message next to the field it concerns.

export interface FieldError {
  field: string; // a JSON pointer ("/category") or a query parameter name
  reason: string;
  line?: number; // for CSV imports: the line in the file
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
  // The message for one field ("category" matches "/category" and "category").
  forField(name: string): string | undefined {
    const e = this.errors.find((x) => x.field === name || x.field === "/" + name);
    return e?.reason;
  }
}

let csrf = sessionStorage.getItem("lb.csrf") ?? "";
export function setCsrf(token: string): void {
  csrf = token;
  sessionStorage.setItem("lb.csrf", token);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  raw?: string; // a text body (CSV) instead of JSON
  contentType?: string;
  retries?: number; // for writes that are safe to repeat (idempotent by external_id)
}

async function once(path: string, o: RequestOptions): Promise<Response> {
  const method = o.method ?? "GET";
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: string | undefined;
  if (o.raw !== undefined) {
    body = o.raw;
    headers["Content-Type"] = o.contentType ?? "text/csv; charset=utf-8";
  } else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers["Content-Type"] = "application/json";
  }
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  return fetch(path, { method, headers, body, credentials: "same-origin" });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function request<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const attempts = 1 + (o.retries ?? 0);
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(Math.min(8000, 500 * 2 ** (i - 1)));
    let res: Response;
    try {
      res = await once(path, o);
    } catch (e) {
      lastError = new ApiError(0, "Ingen kontakt med servern. Försöker igen …");
      continue; // network failure: retry when allowed
    }
    if (res.status >= 500 && res.status !== 501 && i + 1 < attempts) {
      lastError = new ApiError(res.status, "Servern svarade inte som väntat.");
      continue;
    }
    const type = res.headers.get("Content-Type") ?? "";
    if (!res.ok) {
      let message = `${res.status} ${res.statusText}`;
      let errors: FieldError[] = [];
      if (type.includes("json")) {
        const j = await res.json();
        message = j?.error?.message ?? message;
        errors = j?.error?.errors ?? [];
      }
      if (res.status === 401 && !path.endsWith("/login")) {
        window.dispatchEvent(new CustomEvent("lb:unauthorised"));
      }
      throw new ApiError(res.status, message, errors);
    }
    if (type.includes("json")) return (await res.json()) as T;
    return (await res.text()) as unknown as T;
  }
  throw lastError;
}

export const get = <T>(path: string) => request<T>(path);
export const post = <T>(path: string, body: unknown, retries = 0) =>
  request<T>(path, { method: "POST", body, retries });
export const patch = <T>(path: string, body: unknown) =>
  request<T>(path, { method: "PATCH", body });

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

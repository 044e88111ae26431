// ISO weeks as the server labels them ("2026-W45"), for the week picker's previous/next.

export function isoWeekOf(d: Date): string {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day); // the Thursday decides the year
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

// The Monday (UTC date) of an ISO week label, or null when the label is not a week.
export function mondayOf(label: string): Date | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + 7 * (week - 1));
  return monday;
}

export function shiftWeek(label: string, weeks: number): string {
  const monday = mondayOf(label);
  if (!monday) return label;
  monday.setUTCDate(monday.getUTCDate() + 7 * weeks);
  return isoWeekOf(new Date(monday.getUTCFullYear(), monday.getUTCMonth(), monday.getUTCDate()));
}

// The last complete week: the one the Monday meeting looks at.
export function lastWeek(now = new Date()): string {
  return shiftWeek(isoWeekOf(now), -1);
}

// "YYYY-MM-DDTHH:MM" in local time, for <input type="datetime-local"> and the API.
export function localStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

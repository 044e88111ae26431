// A warning before saving when a description looks like it names someone: the same kinds of
// personal data the server's guard looks for (Swedish personal identity and coordination
// numbers with a valid date and check digit, phone numbers, e-mail addresses, vehicle
// registration numbers). The reporter decides; this only warns.

function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

function dateOk(yy: number, mm: number, dd: number): boolean {
  if (dd > 60) dd -= 60; // samordningsnummer: day + 60
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const days = new Date(Date.UTC(2000 + yy, mm, 0)).getUTCDate();
  return dd <= days;
}

export function findPersonalData(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:(?:19|20)(\d{6})|(\d{6}))[-+ ]?(\d{4})\b/g)) {
    const ten = (m[1] ?? m[2]) + m[3];
    if (dateOk(Number(ten.slice(0, 2)), Number(ten.slice(2, 4)), Number(ten.slice(4, 6))) &&
        luhnOk(ten)) {
      found.push("personnummer");
      break;
    }
  }
  if (/[\w.+-]+@[\w-]+\.[\w.-]+/.test(text)) found.push("e-postadress");
  if (/(?:\+46|\b0)\s?7\d[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}\b|\b0\d{1,3}-\d{5,8}\b/.test(text)) {
    found.push("telefonnummer");
  }
  if (/\b[A-HJ-PR-UW-Z]{3}\s?\d{2}[A-HJ-PR-UW-Z\d]\b/.test(text)) found.push("registreringsnummer");
  return found;
}

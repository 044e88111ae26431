// The personal data guard (see personal_data.h).
#include "ingest/personal_data.h"

#include <algorithm>
#include <array>

namespace lagesbild::ingest {
namespace {

using Kind = PersonalDataKind;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_alnum(char c) { return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z'); }
// A byte of a multi-byte UTF-8 letter (Å, Ä, Ö ...) counts as part of a word.
bool is_word_byte(char c) { return is_ascii_alnum(c) || static_cast<unsigned char>(c) >= 0x80; }

int num(std::string_view s, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) v = v * 10 + (s[at + i] - '0');
  return v;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int month, int yy, std::optional<int> century) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month != 2) return kDays[static_cast<std::size_t>(month - 1)];
  // Without the century, 29 February is a date in some century when YY is divisible by 4.
  const bool is_leap = century ? leap(*century * 100 + yy) : yy % 4 == 0;
  return is_leap ? 29 : 28;
}

bool luhn(std::string_view ten) {
  int sum = 0;
  for (std::size_t i = 0; i < 10; ++i) {
    int d = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return sum % 10 == 0;
}

std::size_t digits_from(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

bool digit_at(std::string_view s, std::size_t i) { return i < s.size() && is_digit(s[i]); }

// An identity number starting at `i` (not preceded by a digit): 12 or 10 digits, or 8 or 6
// digits, '-' or '+', 4 digits; never followed by a digit.
std::optional<PersonalDataSpan> identity_number_at(std::string_view s, std::size_t i) {
  const std::size_t run = digits_from(s, i);
  auto check = [&](std::size_t date_digits, bool separated) -> std::optional<PersonalDataSpan> {
    const std::size_t end = i + date_digits + (separated ? 1 : 0) + 4;
    if (end > s.size() || digit_at(s, end)) return std::nullopt;
    std::string ten;
    std::optional<int> century;
    if (date_digits == 8) {
      century = num(s, i, 2);
      if (*century < 18 || *century > 20) return std::nullopt;
    }
    ten.append(s.substr(i + date_digits - 6, 6));
    ten.append(s.substr(end - 4, 4));
    const auto kind = identity_number_kind(ten, century);
    if (!kind) return std::nullopt;
    return PersonalDataSpan{i, end, *kind};
  };
  if (run == 12) return check(8, false);
  if (run == 10) return check(6, false);
  if ((run == 8 || run == 6) && i + run < s.size() && (s[i + run] == '-' || s[i + run] == '+') &&
      digits_from(s, i + run + 1) == 4) {
    return check(run, true);
  }
  return std::nullopt;
}

// A phone number starting at `i` (not preceded by a digit, a letter or '+'). The number is read
// as digit groups separated by one space or hyphen; the longest run of groups that has a Swedish
// number's shape wins, so "070-123 45 67 5 personer" stops before " 5".
std::optional<PersonalDataSpan> phone_at(std::string_view s, std::size_t i) {
  std::size_t p = i;
  bool international = false;
  if (s.substr(p, 3) == "+46") {
    international = true;
    p += 3;
  } else if (s.substr(p, 4) == "0046") {
    international = true;
    p += 4;
  } else if (!(s[p] == '0' && digit_at(s, p + 1) && s[p + 1] != '0')) {
    return std::nullopt;
  }
  if (international) {
    if (p < s.size() && (s[p] == ' ' || s[p] == '-')) ++p;
    if (s.substr(p, 3) == "(0)") {
      p += 3;
      if (p < s.size() && s[p] == ' ') ++p;
    }
    if (!digit_at(s, p) || s[p] == '0') return std::nullopt;
  }
  // The groups: [begin, end) of each digit run.
  std::vector<std::pair<std::size_t, std::size_t>> groups;
  for (std::size_t q = p;;) {
    const std::size_t n = digits_from(s, q);
    if (n == 0) break;
    groups.emplace_back(q, q + n);
    q += n;
    if (q + 1 < s.size() && (s[q] == ' ' || s[q] == '-') && is_digit(s[q + 1])) {
      ++q;
    } else {
      break;
    }
  }
  for (std::size_t k = groups.size(); k >= 1; --k) {
    std::string national = international ? "0" : "";
    for (std::size_t g = 0; g < k; ++g) {
      national.append(s.substr(groups[g].first, groups[g].second - groups[g].first));
    }
    const std::size_t len = national.size();
    bool ok = len >= 8 && len <= 10;
    if (ok && national[1] == '7') {  // mobile: 070, 072, 073, 076, 079 and ten digits
      ok = len == 10 && std::string_view("02369").find(national[2]) != std::string_view::npos;
    }
    if (ok && !international) {
      if (k == 1) {
        ok = len >= 9;  // one unseparated run: too short ones are order numbers, times
      } else {
        // Area code (or mobile prefix) first, then a subscriber number not starting with 0.
        const std::size_t area = groups[0].second - groups[0].first;
        ok = area >= 2 && area <= 4 && len - area >= 5 && s[groups[1].first] != '0';
      }
    }
    if (ok) return PersonalDataSpan{i, groups[k - 1].second, Kind::phone};
  }
  return std::nullopt;
}

bool email_local_char(char c) {
  return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool email_domain_char(char c) { return is_ascii_alnum(c) || c == '-'; }

// An e-mail address around the '@' at `at`.
std::optional<PersonalDataSpan> email_at(std::string_view s, std::size_t at) {
  std::size_t begin = at;
  while (begin > 0 && email_local_char(s[begin - 1])) --begin;
  while (begin < at && s[begin] == '.') ++begin;
  if (begin == at) return std::nullopt;
  std::size_t end = at + 1, labels = 0, last_label = end;
  for (std::size_t q = at + 1;;) {
    std::size_t n = 0;
    while (q + n < s.size() && email_domain_char(s[q + n])) ++n;
    if (n == 0) break;
    ++labels;
    last_label = q;
    end = q + n;
    if (q + n + 1 < s.size() && s[q + n] == '.' && email_domain_char(s[q + n + 1])) {
      q += n + 1;
    } else {
      break;
    }
  }
  if (labels < 2 || end - last_label < 2) return std::nullopt;
  for (std::size_t q = last_label; q < end; ++q) {
    if (!((s[q] >= 'a' && s[q] <= 'z') || is_upper(s[q]))) return std::nullopt;
  }
  return PersonalDataSpan{begin, end, Kind::email};
}

// Transportstyrelsen issues no I, Q or V (nor Å, Ä, Ö), and no O as the last character.
bool plate_letter(char c) { return is_upper(c) && c != 'I' && c != 'Q' && c != 'V'; }

// A registration number at `i` (not preceded by a word character): ABC 123, ABC123, ABC-123 or
// the same with a letter last (ABC 12D).
std::optional<PersonalDataSpan> registration_at(std::string_view s, std::size_t i) {
  if (i + 6 > s.size()) return std::nullopt;
  if (!plate_letter(s[i]) || !plate_letter(s[i + 1]) || !plate_letter(s[i + 2])) {
    return std::nullopt;
  }
  // Upper-case abbreviations that are followed by numbers in ordinary text.
  static constexpr std::array<std::string_view, 4> kNotPlates{"SOS", "LSS", "LVU", "LVM"};
  if (std::find(kNotPlates.begin(), kNotPlates.end(), s.substr(i, 3)) != kNotPlates.end()) {
    return std::nullopt;
  }
  std::size_t p = i + 3;
  if (s[p] == ' ' || s[p] == '-') ++p;
  if (p + 3 > s.size() || !is_digit(s[p]) || !is_digit(s[p + 1])) return std::nullopt;
  const char last = s[p + 2];
  if (!is_digit(last) && !(plate_letter(last) && last != 'O')) return std::nullopt;
  const std::size_t end = p + 3;
  if (end < s.size() && is_word_byte(s[end])) return std::nullopt;
  return PersonalDataSpan{i, end, Kind::vehicle_registration};
}

}  // namespace

std::string_view to_string(PersonalDataKind k) {
  switch (k) {
    case Kind::personnummer:
      return "personnummer";
    case Kind::samordningsnummer:
      return "samordningsnummer";
    case Kind::phone:
      return "phone";
    case Kind::email:
      return "email";
    case Kind::vehicle_registration:
      return "vehicle_registration";
  }
  return "";
}

std::string_view mask_label(PersonalDataKind k) {
  switch (k) {
    case Kind::personnummer:
      return "[personnummer]";
    case Kind::samordningsnummer:
      return "[samordningsnummer]";
    case Kind::phone:
      return "[telefonnummer]";
    case Kind::email:
      return "[e-post]";
    case Kind::vehicle_registration:
      return "[registreringsnummer]";
  }
  return "";
}

std::optional<PersonalDataKind> identity_number_kind(std::string_view ten,
                                                     std::optional<int> century) {
  if (ten.size() != 10 || !std::all_of(ten.begin(), ten.end(), is_digit)) return std::nullopt;
  const int yy = num(ten, 0, 2), month = num(ten, 2, 2);
  int day = num(ten, 4, 2);
  Kind kind = Kind::personnummer;
  if (day > 60) {
    day -= 60;
    kind = Kind::samordningsnummer;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(month, yy, century)) {
    return std::nullopt;
  }
  if (!luhn(ten)) return std::nullopt;
  return kind;
}

std::vector<PersonalDataSpan> find_personal_data(std::string_view s) {
  std::vector<PersonalDataSpan> found;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char before = i > 0 ? s[i - 1] : ' ';
    if (c == '@') {
      if (auto e = email_at(s, i)) found.push_back(*e);
      continue;
    }
    if (is_digit(c) && !is_digit(before)) {
      if (auto n = identity_number_at(s, i)) found.push_back(*n);
    }
    if ((is_digit(c) || c == '+') && !is_word_byte(before) && before != '+') {
      if (auto p = phone_at(s, i)) found.push_back(*p);
    }
    if (is_upper(c) && !is_word_byte(before)) {
      if (auto r = registration_at(s, i)) found.push_back(*r);
    }
  }
  // Earlier first, the longer of two at one place; then drop what overlaps a kept span.
  std::sort(found.begin(), found.end(), [](const PersonalDataSpan& a, const PersonalDataSpan& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end != b.end ? a.end > b.end : a.kind < b.kind;
  });
  std::vector<PersonalDataSpan> out;
  for (const PersonalDataSpan& f : found) {
    if (!out.empty() && f.begin < out.back().end) continue;
    out.push_back(f);
  }
  return out;
}

std::string mask_personal_data(std::string_view text) {
  std::string current(text);
  // Every finding holds a digit or an '@' of the text and no label holds either, so each pass
  // leaves fewer of them: this ends, in practice after one pass (two when removing a finding
  // exposed a number that a neighbouring digit hid).
  for (;;) {
    const auto spans = find_personal_data(current);
    if (spans.empty()) return current;
    std::string next;
    next.reserve(current.size());
    std::size_t at = 0;
    for (const PersonalDataSpan& sp : spans) {
      next.append(current, at, sp.begin - at);
      next.append(mask_label(sp.kind));
      at = sp.end;
    }
    next.append(current, at, std::string::npos);
    current = std::move(next);
  }
}

std::vector<PersonalDataKind> personal_data_kinds(std::string_view text) {
  std::vector<PersonalDataKind> kinds;
  for (const PersonalDataSpan& sp : find_personal_data(text)) {
    if (std::find(kinds.begin(), kinds.end(), sp.kind) == kinds.end()) kinds.push_back(sp.kind);
  }
  std::sort(kinds.begin(), kinds.end());
  return kinds;
}

std::optional<std::string> personal_data_refusal(std::string_view text) {
  const auto kinds = personal_data_kinds(text);
  if (kinds.empty()) return std::nullopt;
  std::string list;
  for (const auto k : kinds) {
    if (!list.empty()) list += ", ";
    list += to_string(k);
  }
  return "innehåller personuppgifter (" + list +
         "); kommunen tar inte emot sådana, ta bort dem / holds personal data (" + list +
         "); this municipality does not accept it, remove it";
}

}  // namespace lagesbild::ingest

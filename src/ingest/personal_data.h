// The personal data guard: finds what identifies a person in free text (Swedish personal identity
// and coordination numbers, phone numbers, e-mail addresses, vehicle registration numbers) and
// masks it (docs/TRUST.md).
//
// Owns: detection and masking, as pure functions over UTF-8 text; thread-safe. May use: the
// standard library. Detection is deliberately narrow where a false alarm would refuse honest text
// under the "block" policy: an identity number must carry a real date and a valid Luhn check
// digit, a phone number a Swedish number plan's shape, a registration number upper-case letters
// that Transportstyrelsen issues.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lagesbild::ingest {

enum class PersonalDataKind {
  personnummer,         // personal identity number: YYMMDD-NNNC, YYYYMMDDNNNC ...
  samordningsnummer,    // coordination number: the same with day + 60
  phone,                // Swedish mobile or landline, national or +46 / 0046 form
  email,                // local@domain.tld
  vehicle_registration  // ABC 123 or ABC 12D
};

// "personnummer", "samordningsnummer", "phone", "email", "vehicle_registration": the names the
// API and the CLI use.
std::string_view to_string(PersonalDataKind k);
// What replaces a finding of that kind: "[personnummer]", "[samordningsnummer]",
// "[telefonnummer]", "[e-post]", "[registreringsnummer]".
std::string_view mask_label(PersonalDataKind k);

struct PersonalDataSpan {
  std::size_t begin = 0, end = 0;  // byte offsets into the text, [begin, end)
  PersonalDataKind kind{};
  friend bool operator==(const PersonalDataSpan&, const PersonalDataSpan&) = default;
};

// Every finding in `text`, in order, not overlapping.
std::vector<PersonalDataSpan> find_personal_data(std::string_view text);

// `text` with every finding replaced by its mask_label. Repeated until nothing is found, so the
// result never holds a finding (removing one can expose another that its neighbour hid).
std::string mask_personal_data(std::string_view text);

// The distinct kinds found, in PersonalDataKind order (what a warning lists).
std::vector<PersonalDataKind> personal_data_kinds(std::string_view text);

// Why a text is refused under a municipality's block policy ("innehåller personuppgifter
// (personnummer, phone) ... / holds personal data ..."), or nullopt when it holds none.
std::optional<std::string> personal_data_refusal(std::string_view text);

// Whether the 10 digits YYMMDDNNNC (ASCII) form a valid personal identity or coordination number:
// a real date (day + 60 for a coordination number) and the Luhn check digit. The kind, or nullopt.
// `century` (18, 19, 20), when known, decides 29 February.
std::optional<PersonalDataKind> identity_number_kind(std::string_view ten_digits,
                                                     std::optional<int> century = std::nullopt);

}  // namespace lagesbild::ingest

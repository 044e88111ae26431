// The personal data guard: true and false positives for every kind (identity numbers with valid
// and invalid check digits and dates, 10 and 12 digits, coordination numbers, phone numbers,
// e-mail addresses, registration numbers, and look-alikes such as dates, times and order numbers),
// and properties of masking.
#include "ingest/personal_data.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

namespace lagesbild::ingest {
namespace {

using Kind = PersonalDataKind;

// Whether exactly `what` inside "före <what> efter" is found, as `kind`.
void expect_found(const std::string& what, Kind kind) {
  const std::string text = "före " + what + " efter";
  const auto spans = find_personal_data(text);
  ASSERT_EQ(spans.size(), 1u) << what;
  EXPECT_EQ(spans[0].kind, kind) << what;
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), what);
}

void expect_nothing(const std::string& text) {
  const auto spans = find_personal_data(text);
  EXPECT_TRUE(spans.empty()) << text << ": found '"
                             << (spans.empty()
                                     ? ""
                                     : text.substr(spans[0].begin, spans[0].end - spans[0].begin))
                             << "' as " << (spans.empty() ? "" : to_string(spans[0].kind));
}

TEST(PersonalData, PersonnummerInEveryWrittenForm) {
  for (const char* p : {"811228-9874", "8112289874", "19811228-9874", "198112289874", "811228+9874",
                        "850709-9805", "20850709-9805"}) {
    expect_found(p, Kind::personnummer);
  }
}

TEST(PersonalData, SamordningsnummerIsTheDayPlusSixty) {
  expect_found("701063-2391", Kind::samordningsnummer);
  expect_found("19701063-2391", Kind::samordningsnummer);
  EXPECT_EQ(identity_number_kind("7010632391"), Kind::samordningsnummer);
  EXPECT_EQ(identity_number_kind("7010032394"), Kind::personnummer) << "the same person's day 3";
}

TEST(PersonalData, AWrongCheckDigitIsNotAnIdentityNumber) {
  for (const char* p : {"811228-9875", "8112289870", "19811228-9873", "701063-2392"}) {
    expect_nothing(p);
  }
}

TEST(PersonalData, AnImpossibleDateIsNotAnIdentityNumber) {
  // Each has a valid Luhn digit for its nine digits, so only the date can reject it.
  EXPECT_EQ(identity_number_kind("8113289873"), std::nullopt);  // month 13
  EXPECT_EQ(identity_number_kind("8100289878"), std::nullopt);  // month 0
  EXPECT_EQ(identity_number_kind("8102319871"), std::nullopt);  // 31 February
  EXPECT_EQ(identity_number_kind("8104319879"), std::nullopt);  // 31 April
  EXPECT_EQ(identity_number_kind("8112009876"), std::nullopt);  // day 0
  EXPECT_EQ(identity_number_kind("8112929875"), std::nullopt);  // day 92 (32 + 60)
  EXPECT_EQ(identity_number_kind("8112609873"), std::nullopt);  // day 60 (0 + 60)
}

TEST(PersonalData, TheTwentyNinthOfFebruaryNeedsALeapYear) {
  EXPECT_EQ(identity_number_kind("0002290005"), Kind::personnummer) << "2000 was a leap year";
  EXPECT_EQ(identity_number_kind("0002290005", 19), std::nullopt) << "1900 was not";
  EXPECT_EQ(identity_number_kind("0002290005", 20), Kind::personnummer);
  EXPECT_EQ(identity_number_kind("0102290004"), std::nullopt) << "no 29 February in 01";
  expect_found("20000229-0005", Kind::personnummer);
  expect_nothing("19000229-0005");
  expect_found("200229-1231", Kind::personnummer);
}

TEST(PersonalData, NumbersThatLookLikeIdentityNumbersAreNot) {
  expect_nothing("Hände 2026-11-20 kl. 22:00, ärende 2026-1234.");
  expect_nothing("Datum 20261120 och 261120.");
  expect_nothing("Order 1234567890 levererad");   // month 34
  expect_nothing("18112289874 är elva siffror");  // 11 digits hide the number inside
  expect_nothing("nummer 811228-98745 och 1811228-9874");
  expect_nothing("17811228-9874");  // no century 17
  expect_nothing("811228 9874");    // a space is not a separator
  expect_nothing("Kl 2200-0200 och 22.00-02.00");
}

TEST(PersonalData, SwedishPhoneNumbers) {
  for (const char* p : {"070-123 45 67", "0701234567", "070 123 45 67", "073-1234567",
                        "0701-23 45 67", "+46 70 123 45 67", "+46701234567", "+46 (0)70-123 45 67",
                        "0046 70 123 45 67", "08-123 456 78", "08-12 34 56", "0243-123 45",
                        "023-123 45", "+46 8 123 456 78", "031-711 22 33"}) {
    expect_found(p, Kind::phone);
  }
}

TEST(PersonalData, APhoneNumberStopsWhereTheNumberEnds) {
  const std::string text = "ring 076-123 45 67 5 personer";
  const auto spans = find_personal_data(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), "076-123 45 67");
}

TEST(PersonalData, TimesDatesAndCountsAreNotPhoneNumbers) {
  expect_nothing("kl 0800-1000 och 0200-0600");
  expect_nothing("den 05-01-2026");
  expect_nothing("070-12 och 070-123");
  expect_nothing("0712345678");          // 071 is not a mobile series
  expect_nothing("12 34 56 78");         // no leading zero
  expect_nothing("0012345678");          // 00 without 46 is not a Swedish number
  expect_nothing("+47 22 12 34 56");     // Norway: not what the guard looks for
  expect_nothing("Summa 08123 kronor");  // five digits
}

TEST(PersonalData, EmailAddresses) {
  expect_found("kalle.anka@example.se", Kind::email);
  expect_found("user+tag@sub.domain.org", Kind::email);
  expect_found("A_B-c@x-y.nu", Kind::email);
  const std::string text = "Mejla k@borlange.se.";
  const auto spans = find_personal_data(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin), "k@borlange.se");
  expect_nothing("a@b och @hemma och x@y.z och foo@bar.123 och .@x.se");
}

TEST(PersonalData, VehicleRegistrationNumbers) {
  for (const char* p : {"ABC 123", "ABC123", "ABC-123", "ABC 12D", "MLB 12A", "XYZ 999"}) {
    expect_found(p, Kind::vehicle_registration);
  }
}

TEST(PersonalData, LettersTransportstyrelsenDoesNotIssueAreNotPlates) {
  expect_nothing("IBC 123, AQC 123, AVC 123, ABI 123");
  expect_nothing("ÅBC 123 och ABÖ 123 och ÖAB 123");
  expect_nothing("ABC 12O");  // no O last
  expect_nothing("abc 123");  // plates are written in capitals
  expect_nothing("ABCD 123, XABC 123, ABC 1234, ABC 12, ABC 12DE");
  expect_nothing("Ring SOS 112");  // an abbreviation, not a plate
  expect_nothing("E18 och E 45 och BRÅ 2024");
}

TEST(PersonalData, SeveralKindsInOneTextAreFoundInOrder) {
  const std::string text =
      "Pojke (811228-9874) i bil ABC 123, mamma nås på 070-123 45 67 eller mamma@example.se.";
  const auto spans = find_personal_data(text);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].kind, Kind::personnummer);
  EXPECT_EQ(spans[1].kind, Kind::vehicle_registration);
  EXPECT_EQ(spans[2].kind, Kind::phone);
  EXPECT_EQ(spans[3].kind, Kind::email);
  EXPECT_EQ(mask_personal_data(text),
            "Pojke ([personnummer]) i bil [registreringsnummer], mamma nås på [telefonnummer] "
            "eller [e-post].");
  EXPECT_EQ(personal_data_kinds(text),
            (std::vector<Kind>{Kind::personnummer, Kind::phone, Kind::email,
                               Kind::vehicle_registration}));
}

TEST(PersonalData, TextWithoutPersonalDataIsLeftAsItIs) {
  const std::string text = "Klotter på Tjärna torg, 3 st, kl 22–02. Väktare larmade 112.";
  EXPECT_TRUE(find_personal_data(text).empty());
  EXPECT_EQ(mask_personal_data(text), text);
}

TEST(PersonalData, FindingsNextToEachOtherAreAllMasked) {
  EXPECT_EQ(mask_personal_data("811228-9874,070-1234567;k@x.se/ABC 123"),
            "[personnummer],[telefonnummer];[e-post]/[registreringsnummer]");
}

// ---- properties ---------------------------------------------------------------------------

// A valid identity number (10 digits) from a random date, serial and check digit.
std::string valid_identity_number(int yy, int month, int day, int serial, bool coordination) {
  char nine[10];
  std::snprintf(nine, sizeof nine, "%02d%02d%02d%03d", yy, month, coordination ? day + 60 : day,
                serial);
  for (char c = '0'; c <= '9'; ++c) {
    std::string ten = std::string(nine) + c;
    if (identity_number_kind(ten)) return ten;
  }
  return "";
}

rc::Gen<std::string> gen_identity_number() {
  return rc::gen::exec([] {
    const int yy = *rc::gen::inRange(0, 100), month = *rc::gen::inRange(1, 13);
    const int day = *rc::gen::inRange(1, 29), serial = *rc::gen::inRange(0, 1000);
    const bool coordination = *rc::gen::arbitrary<bool>();
    std::string ten = valid_identity_number(yy, month, day, serial, coordination);
    switch (*rc::gen::inRange(0, 4)) {
      case 0:
        return ten;
      case 1:
        return ten.substr(0, 6) + "-" + ten.substr(6);
      case 2:
        return std::string(yy < 30 ? "20" : "19") + ten;
      default:
        return std::string(yy < 30 ? "20" : "19") + ten.substr(0, 6) + "-" + ten.substr(6);
    }
  });
}

rc::Gen<std::string> gen_text() {
  const auto piece = rc::gen::oneOf(
      gen_identity_number(),
      rc::gen::element<std::string>("070-123 45 67", "+46 8 123 456 78", "k@x.se", "ABC 12D", " ",
                                    "-", "+", "@", ".", "A", "Ö", "och", "kl 22", "2026-11-20",
                                    "\n"),
      rc::gen::map(rc::gen::inRange(0, 10), [](int d) { return std::to_string(d); }));
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(piece),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const auto& p : parts) s += p;
                        return s;
                      });
}

RC_GTEST_PROP(PersonalDataProperties, MaskedTextHoldsNoFinding, ()) {
  const std::string text = *gen_text();
  RC_ASSERT(find_personal_data(mask_personal_data(text)).empty());
}

RC_GTEST_PROP(PersonalDataProperties, AnIdentityNumberStandingAloneIsAlwaysFoundAndMasked, ()) {
  const std::string number = *gen_identity_number();
  const std::string text = "Ärende: " + number + ", se bilaga.";
  const auto kinds = personal_data_kinds(text);
  RC_ASSERT(kinds.size() == 1u);
  RC_ASSERT(kinds[0] == Kind::personnummer || kinds[0] == Kind::samordningsnummer);
  RC_ASSERT(mask_personal_data(text).find(number) == std::string::npos);
}

RC_GTEST_PROP(PersonalDataProperties, AChangedCheckDigitIsNeverAnIdentityNumber, ()) {
  const std::string ten =
      valid_identity_number(*rc::gen::inRange(0, 100), *rc::gen::inRange(1, 13),
                            *rc::gen::inRange(1, 29), *rc::gen::inRange(0, 1000), false);
  const int shift = *rc::gen::inRange(1, 10);
  std::string wrong = ten;
  wrong[9] = static_cast<char>('0' + (ten[9] - '0' + shift) % 10);
  RC_ASSERT(!identity_number_kind(wrong));
}

}  // namespace
}  // namespace lagesbild::ingest

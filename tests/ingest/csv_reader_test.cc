#include "ingest/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace lagesbild::ingest {
namespace {

using ::testing::ElementsAre;

struct Read {
  std::int64_t line;
  std::vector<std::string> fields;
  std::optional<CsvSyntaxError> error;
};

std::vector<Read> read_all(std::string_view text, char separator = ',') {
  CsvReader reader(text, separator);
  CsvRecord record;
  std::vector<Read> out;
  while (reader.next(record)) {
    out.push_back({record.line, {record.fields.begin(), record.fields.end()}, record.error});
  }
  return out;
}

std::vector<std::vector<std::string>> fields_of(const std::vector<Read>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

TEST(CsvReader, SplitsUnquotedFieldsOnTheSeparator) {
  EXPECT_THAT(fields_of(read_all("a;b;c\n1;;3\n", ';')),
              ElementsAre(ElementsAre("a", "b", "c"), ElementsAre("1", "", "3")));
  EXPECT_THAT(fields_of(read_all("a,b;c\n")), ElementsAre(ElementsAre("a", "b;c")));
}

TEST(CsvReader, QuotedFieldsKeepSeparatorsQuotesAndNewlines) {
  const auto records = read_all("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\nx,\"\"\"\",y\n");
  EXPECT_THAT(fields_of(records), ElementsAre(ElementsAre("a,b", "say \"hi\"", "two\nlines", ""),
                                              ElementsAre("x", "\"", "y")));
}

TEST(CsvReader, RecordsCarryTheLineWhereTheyStart) {
  const auto records = read_all("h1,h2\n1,\"a\nb\nc\"\n2,x\r\n3,\"\r\n\"\r\n4,y");
  ASSERT_EQ(records.size(), 5u);
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].line, 5);
  EXPECT_EQ(records[3].line, 6);
  EXPECT_EQ(records[4].line, 8);
  EXPECT_THAT(records[3].fields, ElementsAre("3", "\r\n"));
}

TEST(CsvReader, CrLfLineEndsAreNotPartOfTheLastField) {
  EXPECT_THAT(fields_of(read_all("a,b\r\n\"c\",d\r\n")),
              ElementsAre(ElementsAre("a", "b"), ElementsAre("c", "d")));
  EXPECT_THAT(fields_of(read_all("a,b\r")), ElementsAre(ElementsAre("a", "b")));
  EXPECT_THAT(fields_of(read_all("a,\"b\"\r")), ElementsAre(ElementsAre("a", "b")));
  EXPECT_THAT(fields_of(read_all("a,\"b\"\r\nc")),
              ElementsAre(ElementsAre("a", "b"), ElementsAre("c")));
}

TEST(CsvReader, EmptyLineIsOneEmptyFieldAndAFinalNewlineAddsNoRecord) {
  EXPECT_THAT(fields_of(read_all("a\n\nb\n")),
              ElementsAre(ElementsAre("a"), ElementsAre(""), ElementsAre("b")));
  EXPECT_THAT(fields_of(read_all("a,")), ElementsAre(ElementsAre("a", "")));
  EXPECT_TRUE(read_all("").empty());
}

TEST(CsvReader, SkipsAUtf8ByteOrderMark) {
  const auto records = read_all("\xEF\xBB\xBFid;namn\n1;Åsa\n", ';');
  EXPECT_THAT(fields_of(records), ElementsAre(ElementsAre("id", "namn"), ElementsAre("1", "Åsa")));
}

TEST(CsvReader, MalformedUtf8IsReportedWithLineAndCharacterColumn) {
  const auto records = read_all("a,b\nåå,x\xE9y\n\"q\n\xFFz\",2\nok,ok\n");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_FALSE(records[0].error);
  EXPECT_EQ(records[1].error,
            (CsvSyntaxError{2, 5, 1, "malformed UTF-8 (save the file as UTF-8)"}));
  EXPECT_EQ(records[2].error,
            (CsvSyntaxError{4, 1, 0, "malformed UTF-8 (save the file as UTF-8)"}));
  EXPECT_FALSE(records[3].error);
  EXPECT_THAT(records[3].fields, ElementsAre("ok", "ok"));
}

TEST(CsvReader, RejectsOverlongAndSurrogateEncodings) {
  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
    const auto records = read_all(std::string("x") + bad + "\n");
    ASSERT_EQ(records.size(), 1u);
    EXPECT_TRUE(records[0].error.has_value()) << bad;
  }
  EXPECT_FALSE(read_all("€𝄞\n")[0].error.has_value());
}

TEST(CsvReader, UnclosedQuoteIsReportedWhereItOpens) {
  const auto records = read_all("a,b\nx,\"never\nclosed\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].error, (CsvSyntaxError{2, 3, 1, "a quoted field is not closed"}));
}

TEST(CsvReader, QuoteProblemsAreReportedAndReadingGoesOn) {
  const auto records = read_all("a,b\n5\" rör,x\n\"ok\"junk,y\nnext,z\n");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(
      records[1].error,
      (CsvSyntaxError{2, 2, 0,
                      "a quote inside an unquoted field (quote the whole field and double the "
                      "quote)"}));
  EXPECT_EQ(records[2].error, (CsvSyntaxError{3, 5, 0, "text after the closing quote of a field"}));
  EXPECT_THAT(records[2].fields, ElementsAre("ok", "y"));
  EXPECT_THAT(records[3].fields, ElementsAre("next", "z"));
  EXPECT_EQ(records[3].line, 4);
}

TEST(CsvReader, OffsetIsWhereTheNextRecordStarts) {
  CsvReader reader("h\n\"a\nb\"\nc", ',');
  CsvRecord r;
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(reader.offset(), 2u);
  ASSERT_TRUE(reader.next(r));
  EXPECT_EQ(reader.offset(), 8u);
}

TEST(CsvReader, DetectsTheSeparatorThatSplitsTheHeaderIntoKnownColumns) {
  const auto known = [](std::string_view s) { return s == "lat" || s == "lon" || s == "place"; };
  EXPECT_EQ(detect_separator("lat;lon;place\n1,5;2,5;x\n", known), ';');
  EXPECT_EQ(detect_separator("lat,lon,place\n", known), ',');
  EXPECT_EQ(detect_separator("place;a,b\n", known), ';');
  EXPECT_EQ(detect_separator("a;b\n", known), ';');
  EXPECT_EQ(detect_separator("a,b\n", known), ',');
}

// Writes fields the way a careful writer does: quoted when needed, quotes doubled.
std::string write_csv(const std::vector<std::vector<std::string>>& rows, char separator) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out += separator;
      const std::string& f = row[i];
      if (f.find_first_of(std::string("\"\r\n") + separator) == std::string::npos) {
        out += f;
        continue;
      }
      out += '"';
      for (char c : f) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

RC_GTEST_PROP(CsvReaderProperty, ReadsBackWhatAWriterWrote, ()) {
  const auto piece = rc::gen::elementOf(
      std::vector<std::string>{"a", "Ö", "€", " ", ",", ";", "\"", "\n", "\r\n", "\r", "x1"});
  const auto field = rc::gen::map(rc::gen::container<std::vector<std::string>>(piece),
                                  [](const std::vector<std::string>& parts) {
                                    std::string s;
                                    for (const auto& p : parts) s += p;
                                    return s;
                                  });
  const auto width = *rc::gen::inRange<std::size_t>(1, 6);
  auto rows = *rc::gen::container<std::vector<std::vector<std::string>>>(
      rc::gen::container<std::vector<std::string>>(width, field));
  // A record of one empty field is written as an empty line, which reads back the same.
  const char separator = *rc::gen::elementOf(std::vector<char>{',', ';'});
  const std::string text = write_csv(rows, separator);
  const auto records = read_all(text, separator);
  RC_ASSERT(fields_of(records) == rows);
  std::int64_t line = 1;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    RC_ASSERT(records[i].line == line);
    RC_ASSERT(!records[i].error.has_value());
    for (const auto& f : rows[i]) line += std::count(f.begin(), f.end(), '\n');
    ++line;
  }
}

}  // namespace
}  // namespace lagesbild::ingest

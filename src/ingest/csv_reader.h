// A fast RFC 4180 CSV reader over text held in memory.
//
// Owns: splitting CSV text into records and fields: quoted fields with embedded separators,
// doubled quotes and newlines; CRLF or LF line ends; a leading UTF-8 BOM; UTF-8 checking. Fields
// are string_views into the input (or, for a quoted field with doubled quotes, into the reader's
// scratch buffer), so the common case allocates nothing per field. No CSV library in Debian 12
// is both streaming over a buffer and fast enough for the 1M-row import (libcsv allocates and
// copies every field), so this is our own.
//
// Thread-safety: a CsvReader is used by one thread; readers over one buffer may run in parallel.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lagesbild::ingest {

// A problem with the CSV syntax or encoding of one record.
struct CsvSyntaxError {
  std::int64_t line = 0;        // 1-based physical line of the offending byte
  std::int64_t column = 0;      // 1-based character position in that line
  std::size_t field_index = 0;  // 0-based field of the record it is in
  std::string reason;
  bool operator==(const CsvSyntaxError&) const = default;
};

struct CsvRecord {
  std::int64_t line = 0;  // 1-based physical line where the record starts
  std::vector<std::string_view> fields;
  // The first problem found in the record; when set, the fields are best-effort (a stray quote is
  // kept as text, a malformed byte stays in place) and should not be trusted.
  std::optional<CsvSyntaxError> error;
};

class CsvReader {
 public:
  // Reads `content`, which must outlive the reader and the records it fills. `first_line` is the
  // line number of content's first line, for readers that start in the middle of a file; when it
  // is 1, a UTF-8 BOM at the start is skipped.
  CsvReader(std::string_view content, char separator, std::int64_t first_line = 1);

  // Fills `record` with the next record, reusing its storage; returns false at the end of the
  // input. The views in `record` stay valid until the next call. An empty line is a record with
  // one empty field; a line break at the very end of the input does not start another record.
  bool next(CsvRecord& record);

  // Bytes of `content` consumed so far (the start of the next record).
  std::size_t offset() const { return pos_; }

 private:
  enum ByteClass : unsigned char { kPlain, kSeparator, kNewline, kQuote, kNonAscii };

  void read_unquoted(CsvRecord& record);
  void read_quoted(CsvRecord& record);
  // Consumes a well-formed UTF-8 sequence at pos_, or records an error and skips one byte.
  void skip_non_ascii(CsvRecord& record);
  void fail(CsvRecord& record, std::size_t at, std::string reason);
  void end_line(std::size_t newline_at);

  std::string_view content_;
  std::size_t pos_ = 0;
  std::int64_t line_;
  std::size_t line_start_ = 0;  // offset of the first byte of the current physical line
  bool record_done_ = false;
  std::array<ByteClass, 256> classes_{};
  // Unescaped text of quoted fields with doubled quotes; fields in it are fixed up at record end.
  std::string scratch_;
  struct ScratchField {
    std::size_t index, offset, size;
  };
  std::vector<ScratchField> scratch_fields_;
};

// Picks `;` or `,` for a file by its first line: the one that splits the line into more fields
// for which `is_known_column` holds (Swedish Excel writes `;`, most other tools `,`). On a tie,
// `;` if the line contains one, else `,`.
char detect_separator(std::string_view content,
                      const std::function<bool(std::string_view)>& is_known_column);

}  // namespace lagesbild::ingest

#include "ingest/csv_reader.h"

#include "ingest/text.h"

namespace lagesbild::ingest {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

unsigned char byte(char c) { return static_cast<unsigned char>(c); }

}  // namespace

CsvReader::CsvReader(std::string_view content, char separator, std::int64_t first_line)
    : content_(content), line_(first_line) {
  if (first_line == 1 && content_.starts_with(kBom)) pos_ = line_start_ = kBom.size();
  for (int b = 0x80; b < 0x100; ++b) classes_[b] = kNonAscii;
  classes_[byte('\n')] = kNewline;
  classes_[byte('"')] = kQuote;
  classes_[byte(separator)] = kSeparator;
}

bool CsvReader::next(CsvRecord& record) {
  record.fields.clear();
  record.error.reset();
  scratch_.clear();
  scratch_fields_.clear();
  if (pos_ >= content_.size()) return false;
  record.line = line_;
  record_done_ = false;
  while (!record_done_) {
    if (pos_ < content_.size() && content_[pos_] == '"') {
      read_quoted(record);
    } else {
      read_unquoted(record);
    }
  }
  for (const auto& f : scratch_fields_) {
    record.fields[f.index] = std::string_view(scratch_).substr(f.offset, f.size);
  }
  return true;
}

// Reads one unquoted field and the separator or line end after it.
void CsvReader::read_unquoted(CsvRecord& record) {
  const char* const data = content_.data();
  const std::size_t n = content_.size(), start = pos_;
  std::size_t p = pos_;
  for (;;) {
    while (p < n && classes_[byte(data[p])] == kPlain) ++p;
    if (p == n || classes_[byte(data[p])] == kNewline) {
      // A CR before the line end (or before the end of a file without a final line break) belongs
      // to the CRLF, not to the field.
      const std::size_t end = p > start && data[p - 1] == '\r' ? p - 1 : p;
      record.fields.emplace_back(data + start, end - start);
      if (p < n) end_line(p);
      pos_ = p < n ? p + 1 : p;
      record_done_ = true;
      return;
    }
    switch (classes_[byte(data[p])]) {
      case kSeparator:
        record.fields.emplace_back(data + start, p - start);
        pos_ = p + 1;
        return;
      case kQuote:
        fail(record, p,
             "a quote inside an unquoted field (quote the whole field and double the quote)");
        ++p;
        break;
      default:  // kNonAscii
        pos_ = p;
        skip_non_ascii(record);
        p = pos_;
        break;
    }
  }
}

// Reads one quoted field (pos_ is at its opening quote) and the separator or line end after it.
void CsvReader::read_quoted(CsvRecord& record) {
  const char* const data = content_.data();
  const std::size_t n = content_.size(), open = pos_, open_line_start = line_start_;
  const std::int64_t open_line = line_;
  const std::size_t index = record.fields.size();
  std::size_t p = pos_ + 1, segment = p;
  bool unescaped = false;  // the field's text is being built in scratch_
  std::size_t scratch_offset = 0;
  for (;;) {
    // Separators are plain text inside quotes.
    while (p < n && classes_[byte(data[p])] <= kSeparator) ++p;
    if (p == n) {
      if (!record.error) {
        record.error = CsvSyntaxError{open_line, 0, index, "a quoted field is not closed"};
        record.error->column = static_cast<std::int64_t>(utf8_length(
                                   content_.substr(open_line_start, open - open_line_start))) +
                               1;
      }
      record.fields.emplace_back(data + segment, p - segment);
      pos_ = p;
      record_done_ = true;
      return;
    }
    const ByteClass c = classes_[byte(data[p])];
    if (c == kNewline) {
      end_line(p);
      ++p;
    } else if (c == kNonAscii) {
      pos_ = p;
      skip_non_ascii(record);
      p = pos_;
    } else if (p + 1 < n && data[p + 1] == '"') {  // a doubled quote stands for one quote
      if (!unescaped) {
        unescaped = true;
        scratch_offset = scratch_.size();
      }
      scratch_.append(data + segment, p + 1 - segment);
      p += 2;
      segment = p;
    } else {
      break;  // the closing quote
    }
  }
  if (unescaped) {
    scratch_.append(data + segment, p - segment);
    scratch_fields_.push_back({index, scratch_offset, scratch_.size() - scratch_offset});
    record.fields.emplace_back();
  } else {
    record.fields.emplace_back(data + segment, p - segment);
  }
  ++p;  // past the closing quote
  if (p < n && data[p] == '\r' && (p + 1 == n || data[p + 1] == '\n')) ++p;  // the CR of a CRLF
  if (p == n) {
    pos_ = p;
    record_done_ = true;
  } else if (classes_[byte(data[p])] == kSeparator) {
    pos_ = p + 1;
  } else if (data[p] == '\n') {
    end_line(p);
    pos_ = p + 1;
    record_done_ = true;
  } else {
    const bool first_problem = !record.error;
    fail(record, p, "text after the closing quote of a field");
    if (first_problem) record.error->field_index = index;
    // Skip the rest of the field so the next field and record start where a person expects.
    pos_ = p;
    read_unquoted(record);
    record.fields.pop_back();
  }
}

void CsvReader::skip_non_ascii(CsvRecord& record) {
  const std::size_t n =
      utf8_sequence_length(content_.data() + pos_, content_.data() + content_.size());
  if (n == 0) {
    fail(record, pos_, "malformed UTF-8 (save the file as UTF-8)");
    ++pos_;
  } else {
    pos_ += n;
  }
}

void CsvReader::fail(CsvRecord& record, std::size_t at, std::string reason) {
  if (record.error) return;
  const auto column = utf8_length(content_.substr(line_start_, at - line_start_)) + 1;
  record.error = CsvSyntaxError{line_, static_cast<std::int64_t>(column), record.fields.size(),
                                std::move(reason)};
}

void CsvReader::end_line(std::size_t newline_at) {
  ++line_;
  line_start_ = newline_at + 1;
}

char detect_separator(std::string_view content,
                      const std::function<bool(std::string_view)>& is_known_column) {
  const std::string_view first_line = content.substr(0, content.find('\n'));
  std::size_t best_known = 0;
  char best = first_line.find(';') != std::string_view::npos ? ';' : ',';
  for (const char separator : {';', ','}) {
    CsvReader reader(first_line, separator);
    CsvRecord header;
    if (!reader.next(header)) break;
    std::size_t known = 0;
    for (const auto field : header.fields) known += is_known_column(field) ? 1 : 0;
    if (known > best_known) {
      best_known = known;
      best = separator;
    }
  }
  return best;
}

}  // namespace lagesbild::ingest

// The CSV reader alone (ingest/csv_reader.h), thousands of times faster than a whole import (which
// sets up a PROJ context per call): any bytes are split into records without a crash; the reader
// always advances; every field lies inside the input or the reader's own buffer.
#include "fuzz_common.h"
#include "ingest/csv_reader.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  const char sep = ingest::detect_separator(
      text, [](std::string_view c) { return c == "category" || c == "occurred_at"; });
  if (sep != ',' && sep != ';') fuzz::broken("a separator that is neither ',' nor ';'");
  for (char s : {',', ';'}) {
    ingest::CsvReader reader(text, s);
    ingest::CsvRecord record;
    std::size_t last = 0;
    std::int64_t last_line = 0;
    while (reader.next(record)) {
      if (reader.offset() <= last && size > 0) fuzz::broken("the reader did not advance");
      if (reader.offset() > size) fuzz::broken("the reader went past the end");
      if (record.line <= last_line) fuzz::broken("record lines do not increase");
      last = reader.offset();
      last_line = record.line;
      std::size_t bytes = 0;
      for (const auto f : record.fields) bytes += f.size();  // touches every byte under ASan
      if (bytes > size) fuzz::broken("fields longer than the input");
    }
  }
  return 0;
}

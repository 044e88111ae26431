// The report CSV (ingest/csv_reader.h, ingest/csv_import.h): any bytes are read without a crash,
// and the chunked stream of an import finds exactly the reports and errors of the whole-file
// parse (the import stores the stream's chunks, the dry-run check parses the whole file).
#include "fuzz_common.h"
#include "ingest/csv_import.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  const auto options = fuzz::import_options(Source::csv);
  const auto whole = ingest::parse_reports_csv(text, fuzz::borlange(), options, 1);
  // The chunked stream the import stores (a worker thread with its own PROJ context, ~20 ms to
  // set up) is compared on one input in 16, chosen by the input, so the run stays fast.
  if (size < 2 || data[size / 2] % 16 != 0) return 0;
  std::size_t streamed = 0;
  const Errors errors = ingest::parse_reports_csv_streaming(
      text, fuzz::borlange(), options,
      [&](std::vector<Report>&& chunk) { streamed += chunk.size(); }, 64);
  if (errors.size() != whole.errors.size()) fuzz::broken("stream and whole parse: other errors");
  if (errors.empty() && streamed != whole.reports.size()) {
    fuzz::broken("stream and whole parse: other reports");
  }
  return 0;
}

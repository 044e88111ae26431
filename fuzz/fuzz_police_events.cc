// The police's open events (ingest/police_events.h): any bytes, gzipped or not, are read without
// a crash or an exception; what is read is events, problems, or where reading stopped.
#include "fuzz_common.h"
#include "ingest/police_events.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  std::string stopped;
  const std::string plain = ingest::gunzip_if_compressed(text, &stopped);
  const auto read = ingest::read_police_events(plain);
  if (read.events.size() != read.indices.size()) fuzz::broken("events and indices differ");
  for (const auto& e : read.events) {
    (void)ingest::absolute_police_url(e.url);
    (void)ingest::normalise_place_name(e.location_name);
  }
  (void)ingest::parse_police_time(text);
  (void)ingest::normalise_place_name(text);
  (void)ingest::absolute_police_url(text);
  return 0;
}

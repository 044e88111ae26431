// Spatial weights files (analysis/weights.h: GAL, GWT) and values tables (ingest/values_csv.h):
// any bytes give weights or a std::invalid_argument ("line N: ..."), never a crash; weights read
// write back and read again to the same neighbours.
#include <stdexcept>

#include "analysis/weights.h"
#include "fuzz_common.h"
#include "ingest/values_csv.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  try {
    const auto gal = analysis::parse_gal(text);
    const auto again = analysis::parse_gal(analysis::to_gal(gal.weights, gal.ids));
    if (again.ids != gal.ids) fuzz::broken("GAL does not read back");
  } catch (const std::invalid_argument&) {
  }
  try {
    const auto gwt = analysis::parse_gwt(text);
    (void)analysis::to_gwt(gwt.weights, gwt.ids);
  } catch (const std::invalid_argument&) {
  }
  Errors errors;
  const auto values = ingest::parse_values_csv(text, errors);
  if (values.ids.size() != values.values.size()) fuzz::broken("values: ids and values differ");
  return 0;
}

// The personal data guard (ingest/personal_data.h): findings are in order, inside the text and
// not overlapping, and the masked text holds no finding.
#include "fuzz_common.h"
#include "ingest/personal_data.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  std::size_t last_end = 0;
  for (const auto& f : ingest::find_personal_data(text)) {
    if (f.begin < last_end || f.end <= f.begin || f.end > text.size()) {
      fuzz::broken("findings out of order, empty or outside the text");
    }
    last_end = f.end;
  }
  const std::string masked = ingest::mask_personal_data(text);
  if (!ingest::find_personal_data(masked).empty()) fuzz::broken("the masked text holds a finding");
  if (ingest::personal_data_kinds(text).empty() != ingest::find_personal_data(text).empty()) {
    fuzz::broken("kinds and findings disagree");
  }
  (void)ingest::personal_data_refusal(text);
  return 0;
}

// Trygghetsmätningar (safety surveys): the share of respondents who gave an answer (an
// indicator such as "känner sig otrygg ute sent på kvällen") in an area or the whole
// municipality in a year, with the number of respondents behind it. The platform keeps the
// survey's published table, never individual answers.
//
// Owns: the survey value type. No I/O. Depends on domain/model.h.
#pragma once

#include <optional>
#include <string>

#include "domain/model.h"

namespace lagesbild {

// One cell of a survey table. Invariants (checked by the importer, relied on by the store and
// enforced again by the schema): 0 <= share <= 1, respondents > 0, a non-empty indicator, the
// area (when set) in `municipality`; at most one value per (municipality, area, year, indicator).
struct SurveyValue {
  Id id = 0;
  std::string municipality;
  std::optional<Id> area_id;  // empty: the whole municipality
  int year = 0;
  std::string indicator;
  double share = 0;
  std::int64_t respondents = 0;
  Id imported_by = 0;  // 0: the local operator
  UtcSeconds imported_at{};
};

}  // namespace lagesbild

#include "report/situation_picture.h"

namespace lagesbild {

std::string_view to_string(CoverageState s) {
  switch (s) {
    case CoverageState::reported:
      return "reported";
    case CoverageState::nothing_to_report:
      return "nothing_to_report";
    case CoverageState::not_reported:
      return "not_reported";
  }
  return "?";
}

}  // namespace lagesbild

// The default EST category tree (MISSION.md), copied into each new municipality and editable there.
#pragma once

#include <string_view>
#include <vector>

namespace lagesbild {

struct CategorySeed {
  std::string_view
      code;  // "skadegorelse.klotter"; the parent's code is the part before the last '.'
  std::string_view name;  // "Klotter"
};

// Parents come before their children.
const std::vector<CategorySeed>& default_categories();

}  // namespace lagesbild

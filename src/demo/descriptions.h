// Internal to demo/: the free text of demo reports, from Swedish templates.
//
// The templates describe what happened and where, never who: no names, ages, personal identity
// numbers, registration plates or addresses, so the demo is free of personal data by construction.
#pragma once

#include <string>
#include <string_view>

#include "demo/random.h"

namespace lagesbild::demo {

// A description for a report of `category` (a leaf code of the default tree). `where` is a
// location phrase such as "vid Resecentrum" or "i Tjärna Ängar". Throws std::logic_error for a
// category without templates (a bug in the scenario).
std::string describe(std::string_view category, std::string_view where, Rng& rng);

}  // namespace lagesbild::demo

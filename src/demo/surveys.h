// Internal to demo/: the demo municipality's safety survey (trygghetsmätning), a small table of
// plausible shares per area and year, so the survey screens and tests have data.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "demo/demo.h"
#include "domain/survey.h"

namespace lagesbild::demo {

// Two indicators for every area and the whole municipality, for the three survey years up to
// the demo's "today" (spring surveys: a year counts once its March has passed). Deterministic in
// the seed. In the simulated measure's area the share feeling unsafe falls after the measure
// starts, as its reports do. `area_id` maps an area name to its stored id.
std::vector<SurveyValue> demo_surveys(const DemoWorld& world,
                                      const std::function<Id(const std::string&)>& area_id);

}  // namespace lagesbild::demo

#include "demo/surveys.h"

#include <algorithm>
#include <cmath>

#include "demo/random.h"

namespace lagesbild::demo {

std::vector<SurveyValue> demo_surveys(const DemoWorld& world,
                                      const std::function<Id(const std::string&)>& area_id) {
  using namespace std::chrono;
  const year_month_day today{world.options.today};
  const int last = static_cast<int>(today.year()) - (today.month() < March ? 1 : 0);
  // The measure starts in ISO week "YYYY-Www": the first survey year after it is affected.
  const int measure_year = std::stoi(world.truth.measure.start_week.substr(0, 4)) + 1;
  Rng rng(mix_seed(world.options.seed, 0x5352));
  struct Indicator {
    const char* text;
    double base;
  };
  const Indicator indicators[] = {{"känner sig otrygg ute sent på kvällen", 0.24},
                                  {"avstår från aktiviteter på grund av otrygghet", 0.13}};
  std::vector<SurveyValue> out;
  const UtcSeconds at = sys_seconds(sys_days(world.options.today));
  for (int year = last - 2; year <= last; ++year) {
    for (const Indicator& ind : indicators) {
      double weighted = 0;
      std::int64_t total = 0;
      for (std::size_t i = 0; i < world.areas.size(); ++i) {
        const DemoArea& a = world.areas[i];
        // A stable level per area (housing areas above the centre's), noise per year.
        const double level = ind.base * (0.7 + 0.6 * std::fmod(0.37 * static_cast<double>(i), 1.0));
        double share = level * (1 + 0.08 * rng.normal());
        if (a.name == world.truth.measure.area) {
          share *= 1.35;
          if (year >= measure_year) share *= 0.72;
        }
        share = std::clamp(std::round(share * 1000) / 1000, 0.01, 0.95);
        const std::int64_t n = 60 + rng.below(180);
        SurveyValue v;
        v.municipality = world.municipality.code;
        v.area_id = area_id(a.name);
        v.year = year;
        v.indicator = ind.text;
        v.share = share;
        v.respondents = n;
        v.imported_at = at;
        out.push_back(v);
        weighted += share * static_cast<double>(n);
        total += n;
      }
      SurveyValue whole;
      whole.municipality = world.municipality.code;
      whole.year = year;
      whole.indicator = ind.text;
      whole.share = std::round(weighted / static_cast<double>(total) * 1000) / 1000;
      whole.respondents = total;
      whole.imported_at = at;
      out.push_back(whole);
    }
  }
  return out;
}

}  // namespace lagesbild::demo

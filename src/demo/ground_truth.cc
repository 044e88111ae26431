// The ground truth as JSON: what an analysis of the demo database should find.
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

#include "demo/calendar.h"
#include "demo/demo.h"

namespace lagesbild::demo {
namespace {

using Json = nlohmann::ordered_json;

// Rounded so the file reads well: centimetres, 1e-7 degrees, rates to a thousandth.
double rounded(double v, double scale) { return std::round(v * scale) / scale; }
double rate(double v) { return rounded(v, 1e3); }

template <class T>
Json centre(const T& t) {
  return {{"x", rounded(t.x, 1e2)},
          {"y", rounded(t.y, 1e2)},
          {"lat", rounded(t.lat, 1e7)},
          {"lon", rounded(t.lon, 1e7)}};
}

}  // namespace

std::string ground_truth_json(const DemoWorld& world) {
  const GroundTruth& truth = world.truth;
  Json j;
  j["municipality"] = {{"code", world.municipality.code}, {"name", world.municipality.name}};
  j["seed"] = world.options.seed;
  j["today"] = to_string(world.options.today);
  j["first_week"] = world.first_week;
  j["last_week"] = world.last_week;
  j["weeks"] = world.options.weeks;
  j["reports"] = world.reports.size();
  j["coordinates"] = "x, y: SWEREF 99 TM (EPSG:3006) metres; lat, lon: WGS84";
  j["rates"] = "reports per week before seasonal and calendar factors (yearly mean about 1)";

  Json hotspots = Json::array();
  for (const TruthHotspot& h : truth.hotspots) {
    hotspots.push_back({{"name", h.name},
                        {"area", h.area},
                        {"place", h.place},
                        {"centre", centre(h)},
                        {"radius_m", h.radius_m},
                        {"categories", h.categories},
                        {"period", {{"from_week", world.first_week}, {"to_week", world.last_week}}},
                        {"weekly_rate", rate(h.weekly_rate)}});
  }
  j["hotspots"] = std::move(hotspots);

  Json emerging = Json::array();
  for (const TruthEmergingHotspot& e : truth.emerging_hotspots) {
    emerging.push_back({{"name", e.name},
                        {"area", e.area},
                        {"place", e.place},
                        {"centre", centre(e)},
                        {"radius_m", e.radius_m},
                        {"categories", e.categories},
                        {"start_week", e.start_week},
                        {"initial_weekly_rate", rate(e.initial_weekly_rate)},
                        {"weekly_growth", e.weekly_growth}});
  }
  j["emerging_hotspots"] = std::move(emerging);

  Json anomalies = Json::array();
  for (const TruthAnomaly& a : truth.anomalies) {
    anomalies.push_back({{"week", a.week},
                         {"area", a.area},
                         {"category", a.category},
                         {"organisation", a.organisation},
                         {"expected", rate(a.expected)},
                         {"injected", a.injected}});
  }
  j["anomalies"] = std::move(anomalies);

  const TruthMeasure& m = truth.measure;
  j["measure"] = {{"name", m.name},
                  {"kind", m.kind},
                  {"area", m.area},
                  {"categories", m.categories},
                  {"start_week", m.start_week},
                  {"effect", m.effect},
                  {"displacement_area", m.displacement_area},
                  {"displacement", m.displacement},
                  {"comparison_area", m.comparison_area}};

  Json users = Json::array();
  for (const DemoUser& u : world.users) {
    users.push_back({{"username", u.username},
                     {"role", std::string(to_string(u.role))},
                     {"organisation", u.organisation}});
  }
  j["users"] = std::move(users);
  return j.dump(2) + "\n";
}

void write_ground_truth(const DemoWorld& world, const std::filesystem::path& path) {
  // Written beside and renamed over, so a reader never sees half a file.
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << ground_truth_json(world);
    out.close();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    const std::string why = ec.message();
    std::filesystem::remove(tmp, ec);
    throw std::runtime_error("cannot write " + path.string() + ": " + why);
  }
}

std::filesystem::path ground_truth_path(std::string_view database) {
  if (database.starts_with("sqlite:")) database.remove_prefix(7);
  return std::filesystem::path(std::string(database) + ".truth.json");
}

}  // namespace lagesbild::demo

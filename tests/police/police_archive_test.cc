// The real archive (shared/data, 85,011 events 2022-09-26 → 2026-08-22) into a fresh store on
// each engine: every event imported or rejected, the stored counts per police type, municipality
// and category equal those of an independent Python count over the raw JSON
// (police_counts.py), a re-import adds nothing, and Borlänge's weekly lägesbild compiles for
// every week of the archive. The import's time is printed (docs/POLICE_EVENTS.md), not asserted.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "domain/period.h"
#include "police_fixture.h"
#include "service/national.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using police_testing::EngineTest;
using Counts = std::map<std::string, std::int64_t>;

class PoliceArchive : public EngineTest {};

// police_counts.py's JSON for the archive; computed once per process.
const nlohmann::json& expected_counts() {
  static const nlohmann::json counts = [] {
    const std::string script =
        (std::filesystem::path(__FILE__).parent_path() / "police_counts.py").string();
    const std::string command = "python3 '" + script + "' '" + police_testing::archive_path() +
                                "' '" + police_testing::admin_areas_path() + "' '" +
                                police_testing::types_path() + "'";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    char buffer[1 << 14];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe.get()))
      out.append(buffer, n);
    return nlohmann::json::parse(out);
  }();
  return counts;
}

Counts counts_of(const nlohmann::json& j) {
  Counts out;
  for (const auto& [key, value] : j.items()) out[key] = value.get<std::int64_t>();
  return out;
}

std::int64_t sum(const Counts& c) {
  std::int64_t n = 0;
  for (const auto& [key, value] : c) n += value;
  return n;
}

std::string archive_json() {
  std::string stopped;
  std::string json = ingest::gunzip_if_compressed(
      police_testing::read_file(police_testing::archive_path()), &stopped);
  if (!stopped.empty()) throw std::runtime_error(stopped);
  return json;
}

TEST_P(PoliceArchive, EveryEventIsStoredOrRejectedAndTheCountsAgreeWithAnIndependentCount) {
  const std::string json = archive_json();
  const auto start = std::chrono::steady_clock::now();
  const auto result = import(json, {"", true});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ figures  ] " << GetParam() << ": " << result.elements << " events imported in "
            << seconds << " s (" << static_cast<long>(result.elements / seconds) << " events/s)\n";

  const nlohmann::json& expected = expected_counts();
  const Counts per_type = counts_of(expected["incidents_per_type"]);
  const Counts per_municipality = counts_of(expected["incidents_per_municipality"]);
  const Counts per_category = counts_of(expected["incidents_per_category"]);
  const Counts summaries_per_county = counts_of(expected["summaries_per_county"]);
  EXPECT_EQ(result.elements, 85'011u);
  EXPECT_EQ(expected["events"].get<std::size_t>(), 85'011u);
  EXPECT_TRUE(result.stopped.empty()) << result.stopped;
  EXPECT_EQ(result.reports_inserted, static_cast<std::size_t>(sum(per_type)));
  EXPECT_EQ(result.summaries_inserted, static_cast<std::size_t>(sum(summaries_per_county)));
  EXPECT_EQ(result.rejected.size(), expected["rejected"].get<std::size_t>());
  EXPECT_EQ(result.reports_inserted + result.summaries_inserted + result.rejected.size(),
            result.elements);
  EXPECT_EQ(per_municipality.at("2081"), 510);  // shared/data/README.md

  // What the store holds, read back through the Store interface.
  Counts stored_type, stored_municipality, stored_category, stored_summaries;
  for (const Municipality& m : store_->municipalities()) {
    std::map<Id, std::string> category_code;
    for (const Category& c : store_->categories(m.code)) category_code[c.id] = c.code;
    ReportQuery q;
    q.municipality = m.code;
    q.limit = -1;
    for (const Report& r : store_->query_reports(q)) {
      ++stored_municipality[m.code];
      ++stored_type[r.description.substr(0, r.description.find(": "))];
      ++stored_category[category_code.at(r.category_id)];
      EXPECT_EQ(r.location_precision, LocationPrecision::municipality);
      EXPECT_EQ(r.source, Source::polisen);
    }
  }
  for (const auto& [county, n] : summaries_per_county) {
    stored_summaries[county] = static_cast<std::int64_t>(
        store_->police_summaries(county, from_unix(0), from_unix(4'000'000'000)).size());
  }
  EXPECT_EQ(stored_type, per_type);
  EXPECT_EQ(stored_municipality, per_municipality);
  EXPECT_EQ(stored_category, per_category);
  EXPECT_EQ(stored_summaries, summaries_per_county);

  // A second import of the same archive adds nothing.
  const auto again = import(json, {"", true});
  EXPECT_EQ(again.reports_inserted, 0u);
  EXPECT_EQ(again.reports_already_stored, result.reports_inserted);
  EXPECT_EQ(again.summaries_inserted, 0u);
  EXPECT_TRUE(again.municipalities_created.empty());
  EXPECT_EQ(db_->count("SELECT count(*) FROM report"),
            static_cast<long long>(result.reports_inserted));
}

// A single-municipality deployment: Borlänge takes its own 510 events, and its lägesbild
// compiles for every week of the archive, counting each event once.
TEST_P(PoliceArchive, BorlangesWeeklyPictureCompilesForEveryWeekOfTheArchive) {
  add_municipality("2081", "Borlänge");
  const auto result = import(archive_json(), {"2081", false});
  ASSERT_EQ(result.reports_inserted, 510u);
  const auto first = *ingest::parse_police_time("2022-09-26 00:00:00 +02:00");
  const auto last = *ingest::parse_police_time("2026-08-22 23:59:59 +02:00");
  std::int64_t counted = 0;
  int weeks = 0;
  for (Period week = period_containing(PeriodKind::week, first); week.utc().from <= last;
       week = period_containing(PeriodKind::week, week.utc().to)) {
    SituationRequest request;
    request.municipality = "2081";
    request.period = week.label();
    const auto pic = services_->situation.compile(Principal::operator_cli(), request);
    EXPECT_EQ(pic.period, week);
    EXPECT_TRUE(pic.points.empty()) << week.label();  // never a municipality point as a place
    counted += pic.reports_by_source[static_cast<std::size_t>(Source::polisen)];
    ++weeks;
  }
  EXPECT_EQ(weeks, 204);  // 2022-W39 to 2026-W34
  EXPECT_EQ(counted, 510);
}

// The national view over the archive: the tenant's areas are the 290 municipalities, and each
// one's count is the independent count of its events; a category filter takes its code's share.
TEST_P(PoliceArchive, TheNationalViewCountsEveryMunicipalitysEventsAndFindsClusters) {
  const auto result = import(archive_json(), {"", true});
  ASSERT_GT(result.reports_inserted, 60'000u);
  const auto init =
      init_national(*store_, services_->reference, Principal::operator_cli(),
                    police_testing::read_file(LB_SHARED_DATA "/swedish_municipalities.geojson"));
  EXPECT_EQ(init.areas_created, 290u);
  const auto again =
      init_national(*store_, services_->reference, Principal::operator_cli(),
                    police_testing::read_file(LB_SHARED_DATA "/swedish_municipalities.geojson"));
  EXPECT_EQ(again.areas_created, 0u);
  EXPECT_EQ(again.areas_kept, 290u);
  EXPECT_EQ(again.municipalities_created, 0u);

  std::map<std::string, std::string> code_of_name;
  for (const Municipality& m : store_->municipalities()) code_of_name[m.name] = m.code;
  AreaHotspotRequest r;
  r.municipality = std::string(kNationalCode);
  r.period = "2022-09-26..2026-08-22";
  r.tolerance = 500;
  r.permutations = 0;
  const auto map = services_->analysis.area_hotspots(Principal::operator_cli(), r);
  ASSERT_EQ(map.areas.size(), 290u);
  const Counts per_municipality = counts_of(expected_counts()["incidents_per_municipality"]);
  Counts shown;
  int hot = 0;
  for (const AreaHotspot& a : map.areas) {
    const std::string code = code_of_name.at(a.name);
    if (a.count > 0) shown[code] = static_cast<std::int64_t>(a.count);
    hot += a.bin >= 2;
    if (code == "0980") {
      EXPECT_TRUE(a.neighbours.empty());  // Gotland
      EXPECT_EQ(a.bin, 0);
    }
  }
  EXPECT_EQ(shown, per_municipality);
  EXPECT_EQ(map.unassigned, 0u);
  std::printf(
      "national view of the archive: %zu events in 290 municipalities, %d hot at 95 %%, "
      "%zu isolates\n",
      map.reports, hot, map.isolates);
  EXPECT_GT(hot, 0);

  const Counts per_category = counts_of(expected_counts()["incidents_per_category"]);
  const std::string code =
      per_category.begin()->first.substr(0, per_category.begin()->first.find('.'));
  std::int64_t n = 0;  // the code and its sub-categories
  for (const auto& [c, k] : per_category) n += (c == code || c.rfind(code + ".", 0) == 0) ? k : 0;
  r.categories = {code};
  const auto one = services_->analysis.area_hotspots(Principal::operator_cli(), r);
  EXPECT_EQ(static_cast<std::int64_t>(one.reports), n) << code;
  r.categories = {"no-such-code"};
  EXPECT_THROW(services_->analysis.area_hotspots(Principal::operator_cli(), r), ServiceError);
}

INSTANTIATE_TEST_SUITE_P(Engines, PoliceArchive, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace lagesbild

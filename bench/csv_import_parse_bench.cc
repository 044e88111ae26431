// CSV import throughput: the reader alone and parse_reports_csv (read + resolve) on a generated
// 1,000,000-row file of ~100-byte rows around Borlänge. Target: >= 300,000 rows/s in total.
#include <benchmark/benchmark.h>

#include <charconv>
#include <random>
#include <string>

#include "domain/taxonomy.h"
#include "geo/projection.h"
#include "ingest/csv_import.h"
#include "ingest/csv_reader.h"

namespace lagesbild::ingest {
namespace {

constexpr int kRows = 1'000'000;

std::string number_text(double v) {
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 6).ptr);
}

// A SWEREF 99 TM rectangle as a WGS84 GeoJSON polygon.
std::string rectangle(const geo::Projector& p, double x0, double y0, double x1, double y1) {
  std::string ring;
  for (const auto& [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) {
    const auto ll = p.to_wgs84(x, y);
    ring += (ring.empty() ? "[" : ",[") + number_text(ll.lon) + "," + number_text(ll.lat) + "]";
  }
  return R"({"type":"Polygon","coordinates":[[)" + ring + "]]}";
}

// Borlänge-like reference data: a 4x4 grid of 2.5 km areas, a boundary, two places.
const ReportContext& context() {
  static const ReportContext ctx = [] {
    const geo::Projector p;
    std::vector<Area> areas;
    for (int i = 0; i < 16; ++i) {
      const double x = 520000 + 2500 * (i % 4), y = 6700000 + 2500 * (i / 4);
      areas.push_back({i + 1, "2081", "Område " + std::to_string(i + 1), "",
                       rectangle(p, x, y, x + 2500, y + 2500)});
    }
    std::vector<Category> cats;
    for (const auto& s : default_categories()) {
      cats.push_back(
          {static_cast<Id>(cats.size() + 1), "2081", std::string(s.code), std::string(s.name)});
    }
    return ReportContext(
        Municipality{"2081", "Borlänge", 14, rectangle(p, 510000, 6690000, 540000, 6720000)},
        {{1, "2081", "Polisen", ""}, {2, "2081", "Tunabyggen", ""}}, std::move(cats),
        {{1, "2081", "Resecentrum", "", p.from_sweref(522000, 6702000), 1}}, std::move(areas));
  }();
  return ctx;
}

// ~100-byte rows: 70% lat/lon, 20% x/y, 10% a place or an area.
const std::string& csv_file() {
  static const std::string file = [] {
    const geo::Projector p;
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> ux(520000, 530000), uy(6700000, 6710000);
    std::string f =
        "occurred_at,category,organisation,lat,lon,x,y,place,area,count,severity,description,"
        "external_id\n";
    f.reserve(105ull * kRows);
    for (int i = 0; i < kRows; ++i) {
      const double x = ux(rng), y = uy(rng);
      f += "2026-11-" + std::to_string(10 + i % 18) + "T2" + std::to_string(i % 4) + ":15,";
      f += i % 2 ? "skadegorelse.klotter,Tunabyggen," : "Stök,Polisen,";
      const int kind = i % 10;
      if (kind < 7) {
        const auto ll = p.to_wgs84(x, y);
        f += number_text(ll.lat) + "," + number_text(ll.lon) + ",,,,,";
      } else if (kind < 9) {
        f += ",," + std::to_string(static_cast<int>(x)) + "," +
             std::to_string(static_cast<int>(y)) + ",,,";
      } else {
        f += i % 20 ? ",,,,Resecentrum,," : ",,,,,Område 7,";
      }
      f += "1,2,Klotter på väggen vid entrén,EXT-" + std::to_string(i) + "\n";
    }
    return f;
  }();
  return file;
}

void BM_CsvReader(benchmark::State& state) {
  const std::string& file = csv_file();
  for (auto _ : state) {
    CsvReader reader(file, ',');
    CsvRecord record;
    std::size_t fields = 0;
    while (reader.next(record)) fields += record.fields.size();
    benchmark::DoNotOptimize(fields);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(file.size()));
}
BENCHMARK(BM_CsvReader)->Unit(benchmark::kMillisecond);

void BM_ParseReportsCsv(benchmark::State& state) {
  const std::string& file = csv_file();
  const ReportContext& ctx = context();
  ResolveOptions options;
  options.source = Source::csv;
  options.now = from_unix(1796126400);  // 2026-12-01
  for (auto _ : state) {
    auto result = parse_reports_csv(file, ctx, options, static_cast<int>(state.range(0)));
    if (!result.errors.empty()) state.SkipWithError(result.errors.front().to_string().c_str());
    benchmark::DoNotOptimize(result.reports.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_ParseReportsCsv)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace lagesbild::ingest

BENCHMARK_MAIN();

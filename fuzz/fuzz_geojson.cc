// GeoJSON of reports (ingest/geojson_import.h) and of area polygons (geo/polygon_json.h): any
// bytes are read without a crash, as reports or as errors.
#include "fuzz_common.h"
#include "geo/polygon_json.h"
#include "ingest/geojson_import.h"

using namespace lagesbild;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::text_of(data, size);
  const auto result = ingest::parse_reports_geojson(text, fuzz::borlange(), fuzz::projector(),
                                                    fuzz::import_options(Source::api));
  if (result.reports.size() > text.size()) fuzz::broken("more reports than bytes");
  auto polygon = geo::detail::parse_polygon_geojson(std::string(text), "geometry");
  if (polygon) {
    geo::detail::orient_rfc7946(*polygon);
    (void)geo::detail::to_geojson(*polygon);
  }
  return 0;
}

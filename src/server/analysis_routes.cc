// The analysis routes beyond the cell-based ones in http_server.cc: Gi* per area (see
// docs/ANALYSIS.md and docs/ACCESS.md).
#include <cstdlib>

#include "server/analysis_json.h"
#include "server/http_internal.h"

namespace lagesbild::server {

void HttpServer::Impl::analysis_routes() {
  http.Get("/api/v1/analysis/areas", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      AreaHotspotRequest r;
      r.municipality = param(req, "municipality");
      r.period = param(req, "period");
      r.categories = params(req, "category");
      r.organisations = params(req, "organisation");
      if (req.has_param("contiguity")) r.contiguity = param(req, "contiguity");
      if (req.has_param("measure")) r.measure = param(req, "measure");
      r.tolerance = number_param(req, "tolerance", r.tolerance);
      r.permutations = int_param(req, "permutations", r.permutations);
      r.seed = static_cast<std::uint64_t>(std::abs(int_param(req, "seed", 1)));
      const std::string format = req.has_param("format") ? param(req, "format") : "geojson";
      if (!is_hotspot_format(format))
        throw ServiceError::invalid("format", "must be geojson or csv");
      send_document(res, render_area_hotspots(services.analysis.area_hotspots(who(req), r), format),
                    format);
    });
  });
  http.Get("/api/v1/analysis/compare", [this](const httplib::Request& req, httplib::Response& res) {
    query_guarded(res, [&] {
      MethodComparisonRequest r;
      r.municipality = param(req, "municipality");
      r.period = param(req, "period");
      r.areas = params(req, "area");
      r.categories = params(req, "category");
      r.organisations = params(req, "organisation");
      r.training_weeks = int_param(req, "training_weeks", r.training_weeks);
      r.cell_size = number_param(req, "cell", r.cell_size);
      r.area_share = number_param(req, "area_share", r.area_share);
      r.bandwidth = number_param(req, "bandwidth", r.bandwidth);
      const std::string format = req.has_param("format") ? param(req, "format") : "json";
      if (!is_comparison_format(format))
        throw ServiceError::invalid("format", "must be json or csv");
      send_document(
          res, render_method_comparison(services.analysis.compare_methods(who(req), r), format),
          format);
    });
  });
}

}  // namespace lagesbild::server

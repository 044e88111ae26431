// The national tenant (domain/model.h, kNationalCode): set up from a municipality polygon file so
// that the per-area analyses (AnalysisService::area_hotspots) run across municipalities.
//
// May use: service/reference_service.h, store/. Thread-safety: as the services it calls.
#pragma once

#include <cstddef>
#include <string_view>

#include "service/principal.h"
#include "service/reference_service.h"

namespace lagesbild {

struct NationalInit {
  std::size_t areas_created = 0, areas_kept = 0, municipalities_created = 0;
};

// Creates the national tenant "Riket" when missing, every municipality of `polygons_geojson`
// (a FeatureCollection; property id = the municipality code, kom_namn = its name) that the
// database lacks, and one area of the tenant per municipality, named as the municipality is
// stored (the national view matches areas to municipalities by name) and repaired where GEOS
// finds it invalid. Areas that exist by name are kept, so running it again changes nothing.
// The whole file is checked before anything is written: ServiceError(invalid) naming each bad
// feature ("feature 12") stores nothing. Only the local operator may run it.
NationalInit init_national(Store& store, ReferenceService& reference, const Principal& who,
                           std::string_view polygons_geojson);

}  // namespace lagesbild

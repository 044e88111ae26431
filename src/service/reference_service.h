// The reference data a municipality reports against: the municipality itself, organisations,
// the category tree, areas (polygons) and places (named points). Every edit is validated, scoped
// by role, logged, and invalidates the municipality's cached ReportContext.
//
// May use: domain/, geo/, store/. Thread-safe. Throws ServiceError.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context_cache.h"
#include "service/principal.h"
#include "store/store.h"

namespace lagesbild {

// A place as a user gives it: a point by lat/lon or x/y.
struct PlaceInput {
  std::string name, kind;
  std::optional<double> lat, lon, x, y;
};

class ReferenceService {
 public:
  ReferenceService(Store& store, ContextCache& contexts) : store_(store), contexts_(contexts) {}

  // Creates a municipality with the default EST categories (only the local operator may).
  Municipality create_municipality(const Principal& who, const Municipality& m);
  Municipality municipality(const Principal& who, const std::string& code);
  std::vector<Municipality> municipalities(const Principal& who);
  // The personal data policy (docs/TRUST.md): any member reads it; an admin of the municipality
  // (settings_manage) or the local operator sets it, and the change is logged.
  PersonalDataPolicy personal_data_policy(const Principal& who, const std::string& code);
  void set_personal_data_policy(const Principal& who, const std::string& code,
                                PersonalDataPolicy policy);

  std::vector<Organisation> organisations(const Principal& who, const std::string& m);
  Organisation create_organisation(const Principal& who, Organisation o);
  Organisation update_organisation(const Principal& who, Organisation o);
  void remove_organisation(const Principal& who, const std::string& m, Id id);

  std::vector<Category> categories(const Principal& who, const std::string& m);
  Category create_category(const Principal& who, Category c);
  Category update_category(const Principal& who, Category c);
  void remove_category(const Principal& who, const std::string& m, Id id);

  std::vector<Area> areas(const Principal& who, const std::string& m);
  // `repair`: self-intersections are repaired instead of rejected (geo::normalise_area_geometry).
  Area create_area(const Principal& who, Area a, bool repair);
  Area update_area(const Principal& who, Area a, bool repair);
  void remove_area(const Principal& who, const std::string& m, Id id);
  // Imports a FeatureCollection of polygons as areas (name from properties.name), all or none.
  std::vector<Area> import_areas(const Principal& who, const std::string& m,
                                 const std::string& geojson, bool repair);

  std::vector<Place> places(const Principal& who, const std::string& m);
  Place create_place(const Principal& who, const std::string& m, const PlaceInput& in);
  Place update_place(const Principal& who, const std::string& m, Id id, const PlaceInput& in);
  void remove_place(const Principal& who, const std::string& m, Id id);

 private:
  void require(const Principal& who, const std::string& m, Capability c);
  void require_member(const Principal& who, const std::string& m);
  Place place_from(const std::string& m, const PlaceInput& in);
  void log(const Principal& who, const std::string& m, std::string action, std::string object);
  // After a store call that changed (or did not find) one row of reference data: not found is a
  // not_found error; otherwise the municipality's ReportContext is rebuilt and the change logged
  // as "<kind>.<verb>" on "<kind>/<id>".
  void changed(const Principal& who, const std::string& m, const char* kind, Id id,
               const char* verb, bool found);

  Store& store_;
  ContextCache& contexts_;
};

}  // namespace lagesbild

// Turning what a person or a file says about an observation into a valid Report.
//
// Owns: the one set of rules every entry path applies (API form, CSV, GeoJSON, police events):
// category / organisation / place / area resolution, time parsing, location projection and area
// assignment, range checks. May use: domain/, geo/. Pure: no I/O, no store.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/expected.h"
#include "domain/model.h"
#include "geo/geometry.h"
#include "geo/projection.h"

namespace lagesbild::ingest {

// What a caller says, before resolution. Text fields hold what was typed; an empty string means
// "not given". Numbers are already parsed by the caller (which reports type errors itself).
struct ReportDraft {
  std::string category;  // code ("skadegorelse.klotter"), name ("Klotter") or path ("Skadegörelse ›
                         // Klotter")
  std::string organisation;  // name; empty means the caller's default organisation
  std::string occurred_from;
  std::string occurred_to;
  std::optional<double> lat, lon;  // WGS84
  std::optional<double> x, y;      // SWEREF 99 TM
  std::string place;               // name or id ("#12" or "12")
  std::string area;                // name or id
  std::optional<long long> count;
  std::optional<long long> severity;
  std::string description;
  std::string external_id;
};

// The field names a front end uses for each ReportDraft member, so errors name what the user sent:
// CSV uses the header names ("occurred_at"), the API uses JSON pointers ("/occurred_from").
struct FieldNames {
  std::string category = "category", organisation = "organisation", occurred_from = "occurred_from",
              occurred_to = "occurred_to", lat = "lat", lon = "lon", x = "x", y = "y",
              place = "place", area = "area", count = "count", severity = "severity",
              description = "description", external_id = "external_id";
  static FieldNames json_pointers();  // "/category", "/occurred_from", ...
};

// A municipality's reference data, resolved once and shared by many resolve() calls.
// Thread-safety: immutable after construction except for the Projector; resolve() needs a
// Projector of the calling thread.
class ReportContext {
 public:
  ReportContext(Municipality municipality, std::vector<Organisation> organisations,
                std::vector<Category> categories, std::vector<Place> places,
                std::vector<Area> areas);
  ~ReportContext();

  const Municipality& municipality() const { return municipality_; }
  const std::vector<Category>& categories() const { return categories_; }
  const std::vector<Organisation>& organisations() const { return organisations_; }
  const std::vector<Area>& areas() const { return areas_; }
  const std::vector<Place>& places() const { return places_; }
  const geo::AreaIndex& area_index() const { return *area_index_; }
  const geo::Boundary* boundary() const { return boundary_.get(); }

  // Lookups by the text a user gives; nullopt when unknown or (for names) ambiguous.
  std::optional<Id> category_id(const std::string& text, std::string* why) const;
  std::optional<Id> organisation_id(const std::string& name) const;
  const Place* place(const std::string& text) const;
  const Area* area(const std::string& text) const;
  // By id; nullptr when the id is not in this municipality. O(1).
  const Organisation* organisation_by_id(Id id) const {
    return by_id(organisations_, organisation_index_, id);
  }
  const Category* category_by_id(Id id) const { return by_id(categories_, category_index_, id); }
  const Place* place_by_id(Id id) const { return by_id(places_, place_index_, id); }
  const Area* area_by_id(Id id) const { return by_id(areas_, area_index_by_id_, id); }
  // The category and all its descendants.
  std::vector<Id> category_with_descendants(Id id) const;

 private:
  template <class T>
  static const T* by_id(const std::vector<T>& items,
                        const std::unordered_map<Id, std::size_t>& index, Id id) {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &items[it->second];
  }

  Municipality municipality_;
  std::vector<Organisation> organisations_;
  std::vector<Category> categories_;
  std::vector<Place> places_;
  std::vector<Area> areas_;
  std::unique_ptr<geo::AreaIndex> area_index_;
  std::unique_ptr<geo::Boundary> boundary_;
  std::unordered_map<std::string, Id> category_by_key_;       // lower-case code, name and path
  std::unordered_map<std::string, Id> organisation_by_name_;  // lower-case
  std::unordered_map<Id, std::size_t> organisation_index_, category_index_, place_index_,
      area_index_by_id_;
};

struct ResolveOptions {
  Source source = Source::form;
  std::optional<Id> default_organisation;  // used when draft.organisation is empty
  std::optional<Id> reporter_id;
  UtcSeconds now{};       // "in the future" is judged against this (+5 min)
  std::int64_t line = 0;  // CSV line for errors, 0 for API
  // The municipality's personal data policy is block: a description holding personal data
  // (ingest/personal_data.h) is a problem on the description field.
  bool refuse_personal_data = false;
};

// Validates and resolves one draft. Collects every problem (not just the first).
Expected<Report> resolve(const ReportDraft& draft, const ReportContext& ctx,
                         const geo::Projector& projector, const FieldNames& names,
                         const ResolveOptions& options);

}  // namespace lagesbild::ingest

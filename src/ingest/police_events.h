// The police's open events (polisen.se/api/events) as the importer reads them: the JSON array,
// its quirks, the places it names and the editable table that maps a police type to one of our
// categories (docs/POLICE_EVENTS.md).
//
// Owns: reading the events JSON defensively (every element is read or rejected with a reason; a
// truncated file says how far it got), naming a municipality for each event (Swedish name
// variants, county names), and the type table. May use: domain/, geo/, ingest/csv_reader.h,
// nlohmann-json, zlib. Pure: no file or network I/O, no store.
// Thread-safety: the functions are pure; SwedishPlaces and PoliceTypeTable are immutable after
// they are made and may be shared between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/expected.h"
#include "domain/model.h"

namespace lagesbild::ingest {

// One event as the police publish it, checked but not yet resolved to a municipality.
struct PoliceEvent {
  std::int64_t id = 0;
  UtcSeconds occurred_at{};  // `datetime`, with its offset, in UTC
  std::string name;          // "22 augusti 17.59, Brand, Kävlinge"
  std::string summary;
  std::string url;  // absolute (relative URLs are made absolute on polisen.se)
  std::string type;
  std::string location_name;  // a county ("Skåne län") or a municipality ("Kävlinge")
  double lat = 0, lon = 0;    // `location.gps`: the centroid of location_name, not the event's
};

// An element of the array that is not imported, and why.
struct PoliceEventProblem {
  std::size_t index = 0;           // 0-based position in the JSON array
  std::optional<std::int64_t> id;  // when the element had a readable id
  std::string reason;
};

struct PoliceEventRead {
  std::vector<PoliceEvent> events;   // well-formed events in file order, the first of each id
  std::vector<std::size_t> indices;  // indices[i]: the array position of events[i]
  std::vector<PoliceEventProblem> problems;  // in array order
  std::size_t elements = 0;                  // complete array elements read
  // Empty when the document was read to its closing ']'; otherwise where and why reading stopped
  // (a truncated download). The elements before that point are complete and are kept.
  std::string stopped;
};

// Reads a JSON array of events. Never throws for bad input: an element that is not an object, a
// missing or mistyped field, a `datetime` or `gps` that does not parse, a `gps` outside Sweden or
// an id seen earlier in the file becomes a problem; a document that is not an array, or ends
// early, sets `stopped`.
PoliceEventRead read_police_events(std::string_view json);

// The text of `bytes`: gunzipped when they start with gzip's magic bytes, else as they are. A
// gzip stream that is cut short or corrupt yields what was decompressed before the fault and sets
// *stopped (when given) to why.
std::string gunzip_if_compressed(std::string_view bytes, std::string* stopped);

// "2026-08-22 19:51:41 +02:00", also with a one-digit hour ("7:32:06") or a 'T'; nullopt when
// it is not such a time.
std::optional<UtcSeconds> parse_police_time(std::string_view text);

// An absolute URL for the event's page: older events carry one, newer ones a path on polisen.se.
std::string absolute_police_url(std::string_view url);

// A place name compared the way the police write names: case and hyphens ignored, spaces
// collapsed, a trailing " kommun" dropped ("Upplands väsby", "Upplands-Väsby" and
// "Upplands Väsby kommun" are the same).
std::string normalise_place_name(std::string_view name);

// Sweden's municipalities and counties (SCB's division): names, codes and a point inside each
// municipality, for events whose place is known only to the municipality.
class SwedishPlaces {
 public:
  struct MunicipalityInfo {
    std::string code;  // "2081"
    std::string name;  // "Borlänge"
    std::string county_code;
    Location point;  // inside the municipality's polygon (geo::interior_point)
  };
  // `admin_csv`: columns municipality_code, municipality_name, county_code, county_name.
  // `polygons_geojson`: a FeatureCollection whose features carry property `id` (the municipality
  // code) and a (Multi)Polygon. Every municipality of the list needs a polygon.
  static Expected<SwedishPlaces> load(std::string_view admin_csv,
                                      std::string_view polygons_geojson);

  const MunicipalityInfo* municipality_by_name(std::string_view name) const;
  const MunicipalityInfo* municipality(std::string_view code) const;
  // The county's two-digit code, when `name` names a county ("Stockholms län").
  std::optional<std::string> county_by_name(std::string_view name) const;
  const std::string& county_name(const std::string& county_code) const;
  // The county's municipalities' codes.
  const std::vector<std::string>& municipalities_in(const std::string& county_code) const;
  std::size_t size() const { return municipalities_.size(); }

 private:
  std::vector<MunicipalityInfo> municipalities_;
  std::unordered_map<std::string, std::size_t> by_name_, by_code_;
  std::unordered_map<std::string, std::string> county_by_name_, county_names_;
  std::unordered_map<std::string, std::vector<std::string>> county_members_;
};

// Incidents become reports; summaries ("Sammanfattning natt") are kept apart (PoliceSummary).
enum class PoliceEventKind { incident, summary };

// The editable table from a police `type` to our category key (domain/taxonomy.h) and kind.
// The file (data/polisen_types.csv) has a header police_type,category,kind; kind is incident or
// summary; a summary's category may be empty. Types are matched after trimming, ignoring case.
class PoliceTypeTable {
 public:
  struct Mapping {
    std::string category;
    PoliceEventKind kind = PoliceEventKind::incident;
  };
  // Every bad line is reported (line number, column, why); a type listed twice is an error.
  static Expected<PoliceTypeTable> parse(std::string_view csv);
  const Mapping* find(std::string_view police_type) const;
  std::size_t size() const { return mappings_.size(); }

 private:
  std::unordered_map<std::string, Mapping> mappings_;  // by normalised type
};

// Where and what one event is, or why it cannot be placed.
struct PoliceEventResolution {
  std::string reason;  // empty when resolved
  PoliceEventKind kind = PoliceEventKind::incident;
  std::string category;      // our category key (incidents)
  std::string municipality;  // the municipality's code; empty only for a county-wide summary
  std::string county_code;
  LocationPrecision precision = LocationPrecision::municipality;
};

// The rules, in order: `location.name` names a municipality: that one. It names a county: the
// municipality named by the last comma-separated part of `name` if it lies in that county, else
// the county's only municipality (Gotland), else for a summary the county itself (precision
// county), else the event is rejected as an unknown place. An unknown type is rejected.
PoliceEventResolution resolve_police_event(const PoliceEvent& event, const SwedishPlaces& places,
                                           const PoliceTypeTable& types);

}  // namespace lagesbild::ingest

#include "ingest/geojson_import.h"

#include <nlohmann/json.hpp>

#include "ingest/duplicates.h"

namespace lagesbild::ingest {
namespace {

using json = nlohmann::json;

// The string member `key` of a JSON object, or "" when it is missing or not a string (json's
// value() throws type_error for a member of another type: {"type": [1]} is bad input, not a bug).
std::string string_member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

FieldNames feature_names(const std::string& feature) {
  const std::string p = feature + "/properties/";
  FieldNames n;
  n.category = p + "category";
  n.organisation = p + "organisation";
  n.occurred_from = p + "occurred_at";
  n.occurred_to = p + "occurred_to";
  n.lat = feature + "/geometry/coordinates/1";
  n.lon = feature + "/geometry/coordinates/0";
  n.x = p + "x";
  n.y = p + "y";
  n.place = p + "place";
  n.area = p + "area";
  n.count = p + "count";
  n.severity = p + "severity";
  n.description = p + "description";
  n.external_id = p + "external_id";
  return n;
}

// Reads one feature's properties into `d`, adding an error for each it cannot take.
class PropertyReader {
 public:
  PropertyReader(const std::string& feature, const ReportContext& ctx, FieldNames& names,
                 Errors& errors)
      : prefix_(feature + "/properties/"), ctx_(ctx), names_(names), errors_(errors) {}

  void read(const json& properties, ReportDraft& d) {
    if (properties.is_null()) return;
    if (!properties.is_object()) {
      errors_.push_back({prefix_.substr(0, prefix_.size() - 1), 0, "must be an object or null"});
      return;
    }
    for (const auto& [key, value] : properties.items()) {
      if (value.is_null()) continue;
      if (key == "occurred_at" || key == "occurred_from") {
        names_.occurred_from = prefix_ + key;
        text(key, value, d.occurred_from);
      } else if (std::string* field = text_field(key, d)) {
        text(key, value, *field);
      } else if (key == "count") {
        integer(key, value, d.count);
      } else if (key == "severity") {
        integer(key, value, d.severity);
      } else if (key == "municipality") {
        std::string code;
        if (text(key, value, code) && code != ctx_.municipality().code) {
          errors_.push_back({prefix_ + key, 0,
                             "the report is for municipality " + code + ", this import is for " +
                                 ctx_.municipality().code});
        }
      } else if (key != "id" && key != "source" && key != "status" && key != "created_at" &&
                 key != "location_precision") {
        errors_.push_back({prefix_ + key, 0, "unknown property"});
      }
    }
  }

 private:
  static std::string* text_field(const std::string& key, ReportDraft& d) {
    if (key == "category") return &d.category;
    if (key == "organisation") return &d.organisation;
    if (key == "occurred_to") return &d.occurred_to;
    if (key == "place") return &d.place;
    if (key == "area") return &d.area;
    if (key == "description") return &d.description;
    if (key == "external_id") return &d.external_id;
    return nullptr;
  }

  // Strings as they are; integers (an id for place or area, a numeric external id) as digits.
  bool text(const std::string& key, const json& value, std::string& out) {
    if (value.is_string()) {
      out = value.get<std::string>();
    } else if (value.is_number_integer()) {
      out = value.dump();
    } else {
      errors_.push_back({prefix_ + key, 0, "must be a string"});
      return false;
    }
    return true;
  }

  void integer(const std::string& key, const json& value, std::optional<long long>& out) {
    if (value.is_number_integer()) {
      out = value.get<long long>();
    } else if (value.is_number_float() &&
               value.get<double>() == static_cast<long long>(value.get<double>())) {
      out = static_cast<long long>(value.get<double>());
    } else {
      errors_.push_back({prefix_ + key, 0, "must be a whole number"});
    }
  }

  std::string prefix_;
  const ReportContext& ctx_;
  FieldNames& names_;
  Errors& errors_;
};

// The feature's point into `d`; a null or missing geometry leaves it without one.
void read_geometry(const json& feature, const std::string& pointer, ReportDraft& d,
                   Errors& errors) {
  const auto it = feature.find("geometry");
  if (it == feature.end() || it->is_null()) return;
  const json& g = *it;
  const auto coords = g.is_object() ? g.find("coordinates") : g.end();
  if (!g.is_object() || string_member(g, "type") != "Point" || coords == g.end() ||
      !coords->is_array() || coords->size() < 2 || !(*coords)[0].is_number() ||
      !(*coords)[1].is_number()) {
    errors.push_back({pointer + "/geometry", 0, "must be a Point [lon, lat] or null"});
    return;
  }
  d.lon = (*coords)[0].get<double>();
  d.lat = (*coords)[1].get<double>();
}

}  // namespace

GeoJsonImport parse_reports_geojson(std::string_view content, const ReportContext& ctx,
                                    const geo::Projector& projector, const ResolveOptions& base) {
  GeoJsonImport result;
  json doc;
  try {
    doc = json::parse(content.begin(), content.end());
  } catch (const json::parse_error& e) {
    result.errors.push_back({"", 0, "not valid JSON (byte " + std::to_string(e.byte) + ")"});
    return result;
  } catch (const json::exception&) {  // out_of_range 406: a number such as 1e999
    result.errors.push_back({"", 0, "not valid JSON (a number is out of range)"});
    return result;
  }
  if (!doc.is_object() || string_member(doc, "type") != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array()) {
    result.errors.push_back({"/type", 0, "expected a GeoJSON FeatureCollection with features"});
    return result;
  }
  std::vector<std::size_t> feature_of;  // feature index of each report
  const json& features = doc["features"];
  for (std::size_t i = 0; i < features.size(); ++i) {
    const json& f = features[i];
    const std::string pointer = "/features/" + std::to_string(i);
    if (!f.is_object() || string_member(f, "type") != "Feature") {
      result.errors.push_back({pointer, 0, "must be a GeoJSON Feature"});
      continue;
    }
    ReportDraft d;
    FieldNames names = feature_names(pointer);
    Errors errors;
    read_geometry(f, pointer, d, errors);
    PropertyReader(pointer, ctx, names, errors).read(f.value("properties", json()), d);
    auto resolved = resolve(d, ctx, projector, names, base);
    if (resolved && errors.empty()) {
      result.reports.push_back(std::move(resolved.value()));
      feature_of.push_back(i);
      continue;
    }
    result.errors.insert(result.errors.end(), errors.begin(), errors.end());
    if (resolved) continue;
    for (const auto& e : resolved.errors()) {
      // With a bad geometry or property, "a location is required" only repeats that problem.
      if (errors.empty() || !e.field.empty()) result.errors.push_back(e);
    }
  }
  for (const auto& [later, first] : repeated_external_ids(result.reports)) {
    result.errors.push_back(
        {"/features/" + std::to_string(feature_of[later]) + "/properties/external_id", 0,
         "external_id '" + result.reports[later].external_id +
             "' of this organisation is also in feature " + std::to_string(feature_of[first])});
  }
  return result;
}

}  // namespace lagesbild::ingest

#include "server/json_mapping.h"

#include <set>

#include "server/report_json.h"
#include "service/service_error.h"

namespace lagesbild::server {
namespace {

// Reads typed members of a JSON object, collecting a pointer-addressed error for each problem.
class Reader {
 public:
  Reader(const json& body, std::set<std::string> allowed)
      : body_(body), allowed_(std::move(allowed)) {
    for (const auto& [key, value] : body.items()) {
      if (!allowed_.count(key)) errors_.push_back({"/" + key, 0, "unknown field"});
    }
  }
  std::string text(const char* key) {
    if (!present(key)) return "";
    const auto& v = body_.at(key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    errors_.push_back({std::string("/") + key, 0, "must be a string"});
    return "";
  }
  std::optional<std::string> optional_text(const char* key) {
    if (!present(key)) return std::nullopt;
    return text(key);
  }
  std::optional<double> number(const char* key) {
    if (!present(key)) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_number()) return v.get<double>();
    errors_.push_back({std::string("/") + key, 0, "must be a number"});
    return std::nullopt;
  }
  std::optional<long long> integer(const char* key) {
    if (!present(key)) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_number_integer()) return v.get<long long>();
    errors_.push_back({std::string("/") + key, 0, "must be an integer"});
    return std::nullopt;
  }
  // An array of strings; a lone string counts as an array of one.
  std::vector<std::string> texts(const char* key) {
    std::vector<std::string> out;
    if (!present(key)) return out;
    const auto& v = body_.at(key);
    if (v.is_string()) return {v.get<std::string>()};
    if (!v.is_array()) {
      errors_.push_back({std::string("/") + key, 0, "must be an array of strings"});
      return out;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i].is_string()) {
        out.push_back(v[i].get<std::string>());
      } else {
        errors_.push_back(
            {std::string("/") + key + "/" + std::to_string(i), 0, "must be a string"});
      }
    }
    return out;
  }
  void finish() {
    if (!errors_.empty()) throw ServiceError::invalid(std::move(errors_));
  }

 private:
  bool present(const char* key) const { return body_.contains(key) && !body_.at(key).is_null(); }
  const json& body_;
  std::set<std::string> allowed_;
  Errors errors_;
};

template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

json parse_body(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    // Parse again with exceptions on, only to get the byte position for the message.
    try {
      const json ignored = json::parse(body);
    } catch (const json::parse_error& e) {
      throw ServiceError(ServiceError::Kind::bad_request,
                         "the body is not valid JSON (byte " + std::to_string(e.byte) + ")");
    } catch (const json::exception&) {  // out_of_range 406: a number such as 1e999
      throw ServiceError(ServiceError::Kind::bad_request,
                         "the body is not valid JSON (a number is out of range)");
    }
  }
  if (!j.is_object())
    throw ServiceError(ServiceError::Kind::bad_request, "the body must be a JSON object");
  return j;
}

json to_json(const Report& r, const ingest::ReportContext& ctx) {
  std::string text;
  append_report_json(text, r, ctx);
  return json::parse(text);
}

json to_json(const Organisation& o) {
  return {{"id", o.id}, {"municipality", o.municipality}, {"name", o.name}, {"kind", o.kind}};
}

json to_json(const Category& c) {
  return {{"id", c.id},     {"municipality", c.municipality}, {"code", c.code},
          {"name", c.name}, {"parent_id", opt(c.parent_id)},  {"active", c.active}};
}

json to_json(const Area& a) {
  json geometry = json::parse(a.geometry_geojson, nullptr, false);
  return {{"type", "Feature"},
          {"id", a.id},
          {"geometry", geometry.is_discarded() ? json(nullptr) : geometry},
          {"properties",
           {{"id", a.id}, {"municipality", a.municipality}, {"name", a.name}, {"kind", a.kind}}}};
}

json to_json(const Place& p) {
  return {{"id", p.id},
          {"municipality", p.municipality},
          {"name", p.name},
          {"kind", p.kind},
          {"lat", p.location.lat},
          {"lon", p.location.lon},
          {"x", p.location.x},
          {"y", p.location.y},
          {"area_id", opt(p.area_id)}};
}

json to_json(const Municipality& m) {
  return {{"code", m.code},
          {"name", m.name},
          {"reporting_cadence_days", m.reporting_cadence_days},
          {"has_boundary", !m.boundary_geojson.empty()}};
}

json to_json(const User& u) {
  json grants = json::array();
  for (const auto& g : u.grants) {
    grants.push_back({{"municipality", g.municipality},
                      {"role", to_string(g.role)},
                      {"organisation_id", g.organisation_id}});
  }
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"disabled", u.disabled},
          {"grants", grants}};
}

ingest::ReportDraft report_draft_from_json(const json& body) {
  Reader r(body,
           {"category", "organisation", "occurred_from", "occurred_to", "lat", "lon", "x", "y",
            "place", "area", "count", "severity", "description", "external_id", "municipality"});
  ingest::ReportDraft d;
  d.category = r.text("category");
  d.organisation = r.text("organisation");
  d.occurred_from = r.text("occurred_from");
  d.occurred_to = r.text("occurred_to");
  d.lat = r.number("lat");
  d.lon = r.number("lon");
  d.x = r.number("x");
  d.y = r.number("y");
  d.place = r.text("place");
  d.area = r.text("area");
  d.count = r.integer("count");
  d.severity = r.integer("severity");
  d.description = r.text("description");
  d.external_id = r.text("external_id");
  r.finish();
  return d;
}

ReviewPatch review_patch_from_json(const json& body) {
  Reader r(body, {"status", "category", "area", "place", "count", "severity", "description"});
  ReviewPatch p;
  if (auto s = r.optional_text("status")) {
    p.status = report_status_from_string(*s);
    if (!p.status) {
      throw ServiceError::invalid("/status", "must be 'submitted' or 'reviewed'");
    }
  }
  p.category = r.text("category");
  p.area = r.text("area");
  p.place = r.text("place");
  p.count = r.integer("count");
  p.severity = r.integer("severity");
  p.description = r.optional_text("description");
  r.finish();
  return p;
}

PlaceInput place_input_from_json(const json& body) {
  Reader r(body, {"name", "kind", "lat", "lon", "x", "y", "municipality"});
  PlaceInput in;
  in.name = r.text("name");
  in.kind = r.text("kind");
  in.lat = r.number("lat");
  in.lon = r.number("lon");
  in.x = r.number("x");
  in.y = r.number("y");
  r.finish();
  return in;
}

json error_json(int status, const std::string& message, const Errors& errors) {
  json list = json::array();
  for (const auto& e : errors) {
    json item = {{"field", e.field}, {"reason", e.reason}};
    if (e.line > 0) item["line"] = e.line;
    list.push_back(std::move(item));
  }
  return {{"error", {{"status", status}, {"message", message}, {"errors", list}}}};
}

AssessmentRequest assessment_request_from_json(const json& body) {
  Reader r(body, {"municipality", "period", "text", "proposed_actions"});
  AssessmentRequest out{r.text("municipality"), r.text("period"), r.text("text"),
                        r.text("proposed_actions")};
  r.finish();
  return out;
}

AreaStatusRequest area_status_request_from_json(const json& body) {
  Reader r(body, {"municipality", "period", "area", "status", "note"});
  AreaStatusRequest out{r.text("municipality"), r.text("period"), r.text("area"), r.text("status"),
                        r.text("note")};
  r.finish();
  return out;
}

NothingToReportRequest nothing_to_report_request_from_json(const json& body) {
  Reader r(body, {"municipality", "period", "organisation", "areas"});
  NothingToReportRequest out{r.text("municipality"), r.text("period"), r.text("organisation"),
                             r.texts("areas")};
  r.finish();
  return out;
}

}  // namespace lagesbild::server

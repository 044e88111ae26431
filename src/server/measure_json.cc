#include "server/measure_json.h"

#include <set>

#include "domain/period.h"
#include "service/service_error.h"

namespace lagesbild::server {
namespace {

template <class T>
json ref(const T* item, Id id) {
  return {{"id", id}, {"name", item ? item->name : ""}};
}

json area_ref(const ingest::ReportContext& ctx, Id id) { return ref(ctx.area_by_id(id), id); }
json organisation_ref(const ingest::ReportContext& ctx, Id id) {
  return ref(ctx.organisation_by_id(id), id);
}

template <class Find>
json refs(const std::vector<Id>& ids, Find find) {
  json out = json::array();
  for (Id id : ids) out.push_back(find(id));
  return out;
}

// Reads a JSON object's members, collecting a pointer-addressed error for each problem.
class Fields {
 public:
  Fields(const json& body, std::set<std::string> allowed) : body_(body) {
    for (const auto& [key, value] : body.items()) {
      if (!allowed.count(key)) errors_.push_back({"/" + key, 0, "unknown field"});
    }
  }
  bool has(const char* key) const { return body_.contains(key); }
  bool is_null(const char* key) const { return has(key) && body_.at(key).is_null(); }
  std::optional<std::string> text(const char* key) {
    if (!has(key) || body_.at(key).is_null()) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_string()) return v.get<std::string>();
    errors_.push_back({std::string("/") + key, 0, "must be a string"});
    return std::nullopt;
  }
  std::optional<double> number(const char* key) {
    if (!has(key) || body_.at(key).is_null()) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_number()) return v.get<double>();
    errors_.push_back({std::string("/") + key, 0, "must be a number"});
    return std::nullopt;
  }
  // A reference: an id (integer), a name (string) or an object with an integer "id".
  std::optional<std::string> reference(const json& v, const std::string& at) {
    if (v.is_number_integer()) return "#" + std::to_string(v.get<long long>());
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("id") && v["id"].is_number_integer()) {
      return "#" + std::to_string(v["id"].get<long long>());
    }
    errors_.push_back({at, 0, "must be an id, a name or {\"id\": ...}"});
    return std::nullopt;
  }
  std::optional<std::string> reference(const char* key) {
    if (!has(key) || body_.at(key).is_null()) return std::nullopt;
    return reference(body_.at(key), std::string("/") + key);
  }
  std::optional<std::vector<std::string>> references(const char* key) {
    if (!has(key)) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_null()) return std::vector<std::string>{};
    if (!v.is_array()) {
      errors_.push_back({std::string("/") + key, 0, "must be an array"});
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (auto r = reference(v[i], std::string("/") + key + "/" + std::to_string(i))) {
        out.push_back(std::move(*r));
      }
    }
    return out;
  }
  void error(std::string field, std::string reason) {
    errors_.push_back({std::move(field), 0, std::move(reason)});
  }
  void finish() {
    if (!errors_.empty()) throw ServiceError::invalid(std::move(errors_));
  }

 private:
  const json& body_;
  Errors errors_;
};

json opt_text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json measure_to_json(const Measure& m, const ingest::ReportContext& ctx,
                     const std::function<std::string(Id)>& user_name) {
  json history = json::array();
  for (const MeasureStep& s : m.history) {
    history.push_back({{"status", to_string(s.status)},
                       {"by", s.by},
                       {"at", format_local(s.at)},
                       {"note", s.note}});
    if (user_name) history.back()["by_name"] = user_name(s.by);
  }
  json notes = json::array();
  for (const MeasureNote& n : m.notes) {
    notes.push_back({{"id", n.id}, {"by", n.by}, {"at", format_local(n.at)}, {"text", n.text}});
    if (user_name) notes.back()["by_name"] = user_name(n.by);
  }
  return {
      {"id", m.id},
      {"municipality", m.municipality},
      {"title", m.title},
      {"description", m.description},
      {"kind", to_string(m.kind)},
      {"level", to_string(m.level)},
      {"type", to_string(m.type)},
      {"type_label", swedish_label(m.type)},
      {"areas", refs(m.area_ids, [&](Id id) { return area_ref(ctx, id); })},
      {"places", refs(m.place_ids, [&](Id id) { return ref(ctx.place_by_id(id), id); })},
      {"categories", refs(m.category_ids, [&](Id id) { return ref(ctx.category_by_id(id), id); })},
      {"period", opt_text(m.period)},
      {"hotspot", opt_text(m.hotspot)},
      {"organisation", organisation_ref(ctx, m.organisation_id)},
      {"partners", refs(m.partner_ids, [&](Id id) { return organisation_ref(ctx, id); })},
      {"start", format_day(m.start_day)},
      {"end", m.end_day ? json(format_day(*m.end_day)) : json(nullptr)},
      {"cost", m.cost_sek ? json(*m.cost_sek) : json(nullptr)},
      {"status", to_string(m.status)},
      {"history", std::move(history)},
      {"notes", std::move(notes)}};
}

json observation_to_json(const WalkObservation& o, const ingest::ReportContext& ctx) {
  return {{"id", o.id},
          {"walk_id", o.walk_id},
          {"lat", o.location.lat},
          {"lon", o.location.lon},
          {"x", o.location.x},
          {"y", o.location.y},
          {"area", o.area_id ? area_ref(ctx, *o.area_id) : json(nullptr)},
          {"type", to_string(o.type)},
          {"type_label", swedish_label(o.type)},
          {"description", o.description},
          {"organisation",
           o.organisation_id ? organisation_ref(ctx, *o.organisation_id) : json(nullptr)},
          {"status", to_string(o.status)},
          {"measure_id", o.measure_id ? json(*o.measure_id) : json(nullptr)},
          {"created_by", o.created_by},
          {"created_at", format_local(o.created_at)}};
}

json safety_walk_to_json(const SafetyWalk& w, const ingest::ReportContext& ctx) {
  json observations = json::array();
  for (const WalkObservation& o : w.observations) {
    observations.push_back(observation_to_json(o, ctx));
  }
  return {
      {"id", w.id},
      {"municipality", w.municipality},
      {"date", format_day(w.day)},
      {"areas", refs(w.area_ids, [&](Id id) { return area_ref(ctx, id); })},
      {"route", w.route},
      {"organisations", refs(w.organisation_ids, [&](Id id) { return organisation_ref(ctx, id); })},
      {"created_by", w.created_by},
      {"created_at", format_local(w.created_at)},
      {"observations", std::move(observations)}};
}

MeasureInput measure_input_from_json(const json& body) {
  Fields f(body, {"municipality", "title", "description", "kind", "level", "type", "areas",
                  "places", "categories", "period", "hotspot", "organisation", "partners", "start",
                  "end", "cost", "status"});
  if (f.has("status")) {
    f.error("/status", "changes through POST /api/v1/measures/{id}/status");
  }
  MeasureInput in;
  in.municipality = f.text("municipality").value_or("");
  in.title = f.text("title");
  in.description = f.text("description");
  in.kind = f.text("kind");
  in.level = f.text("level");
  in.type = f.text("type");
  in.areas = f.references("areas");
  in.places = f.references("places");
  in.categories = f.references("categories");
  in.partners = f.references("partners");
  in.organisation = f.reference("organisation");
  in.period = f.text("period");
  if (f.is_null("period")) in.period = "";
  in.hotspot = f.text("hotspot");
  if (f.is_null("hotspot")) in.hotspot = "";
  in.start = f.text("start");
  in.end = f.text("end");
  if (f.is_null("end")) in.end = "";
  if (f.has("cost")) in.cost = f.number("cost");
  f.finish();
  return in;
}

StatusChange status_change_from_json(const json& body) {
  Fields f(body, {"status", "note"});
  StatusChange out{f.text("status").value_or(""), f.text("note").value_or("")};
  f.finish();
  return out;
}

std::string note_text_from_json(const json& body) {
  Fields f(body, {"text"});
  std::string out = f.text("text").value_or("");
  f.finish();
  return out;
}

SafetyWalkInput safety_walk_input_from_json(const json& body) {
  Fields f(body, {"municipality", "date", "areas", "route", "organisations"});
  SafetyWalkInput in;
  in.municipality = f.text("municipality").value_or("");
  in.date = f.text("date").value_or("");
  in.areas = f.references("areas").value_or(std::vector<std::string>{});
  in.route = f.text("route").value_or("");
  in.organisations = f.references("organisations").value_or(std::vector<std::string>{});
  f.finish();
  return in;
}

ObservationInput observation_input_from_json(const json& body) {
  Fields f(body, {"municipality", "lat", "lon", "type", "description", "organisation"});
  ObservationInput in;
  in.municipality = f.text("municipality").value_or("");
  in.lat = f.number("lat");
  in.lon = f.number("lon");
  in.type = f.text("type").value_or("");
  in.description = f.text("description").value_or("");
  in.organisation = f.reference("organisation").value_or("");
  f.finish();
  return in;
}

ObservationPatch observation_patch_from_json(const json& body) {
  Fields f(body, {"municipality", "status", "organisation"});
  ObservationPatch p;
  p.municipality = f.text("municipality").value_or("");
  p.status = f.text("status");
  if (f.has("organisation")) p.organisation = f.reference("organisation").value_or("");
  f.finish();
  return p;
}

json citizen_promise_to_json(const CitizenPromise& p, const ingest::ReportContext& ctx) {
  json activities = json::array();
  for (const PromiseActivity& a : p.activities) {
    activities.push_back(
        {{"id", a.id},
         {"text", a.text},
         {"organisation", organisation_ref(ctx, a.organisation_id)},
         {"deadline", a.deadline_day ? json(format_day(*a.deadline_day)) : json(nullptr)},
         {"status", to_string(a.status)},
         {"status_label", swedish_name(a.status)}});
  }
  return {{"id", p.id},
          {"municipality", p.municipality},
          {"year", p.year},
          {"police_area", p.police_area},
          {"municipalities", p.municipalities},
          {"period", opt_text(p.period)},
          {"text", p.text},
          {"created_by", p.created_by},
          {"created_at", format_local(p.created_at)},
          {"activities", std::move(activities)}};
}

namespace {
ActivityInput read_activity(Fields& f) {
  ActivityInput in;
  in.text = f.text("text").value_or("");
  in.organisation = f.reference("organisation").value_or("");
  in.deadline = f.text("deadline").value_or("");
  in.status = f.text("status").value_or("");
  return in;
}
}  // namespace

CitizenPromiseInput citizen_promise_input_from_json(const json& body) {
  Fields f(body, {"municipality", "year", "police_area", "municipalities", "period", "text",
                  "activities"});
  CitizenPromiseInput in;
  in.municipality = f.text("municipality").value_or("");
  if (const auto year = f.number("year")) in.year = static_cast<int>(*year);
  in.police_area = f.text("police_area").value_or("");
  in.municipalities = f.references("municipalities").value_or(std::vector<std::string>{});
  in.period = f.text("period").value_or("");
  in.text = f.text("text").value_or("");
  if (body.contains("activities")) {
    if (!body["activities"].is_array()) {
      f.error("/activities", "must be an array");
    } else {
      for (std::size_t i = 0; i < body["activities"].size(); ++i) {
        const json& a = body["activities"][i];
        if (!a.is_object()) {
          f.error("/activities/" + std::to_string(i), "must be an object");
          continue;
        }
        Fields af(a, {"text", "organisation", "deadline", "status"});
        try {
          in.activities.push_back(read_activity(af));
          af.finish();
        } catch (const ServiceError& e) {
          for (const auto& err : e.errors()) {
            f.error("/activities/" + std::to_string(i) + err.field, err.reason);
          }
        }
      }
    }
  }
  f.finish();
  return in;
}

ActivityInput activity_input_from_json(const json& body) {
  Fields f(body, {"text", "organisation", "deadline", "status"});
  ActivityInput in = read_activity(f);
  f.finish();
  return in;
}

ActivityPatch activity_patch_from_json(const json& body) {
  Fields f(body, {"municipality", "text", "organisation", "deadline", "status"});
  ActivityPatch p;
  p.municipality = f.text("municipality").value_or("");
  p.text = f.text("text");
  if (f.has("organisation")) p.organisation = f.reference("organisation").value_or("");
  p.deadline = f.text("deadline");
  if (f.is_null("deadline")) p.deadline = "";
  p.status = f.text("status");
  f.finish();
  return p;
}

}  // namespace lagesbild::server

#include "server/forum_json.h"

#include <set>

#include "domain/period.h"
#include "service/service_error.h"

namespace lagesbild::server {
namespace {

// Reads a JSON object's members, collecting a pointer-addressed error for each problem.
class Fields {
 public:
  Fields(const json& body, std::set<std::string> allowed, std::string prefix = "/")
      : body_(body), prefix_(std::move(prefix)) {
    for (const auto& [key, value] : body.items()) {
      if (!allowed.count(key)) errors_.push_back({prefix_ + key, 0, "unknown field"});
    }
  }
  bool has(const char* key) const { return body_.contains(key) && !body_.at(key).is_null(); }
  std::string text(const char* key) { return opt_text(key).value_or(""); }
  std::optional<std::string> opt_text(const char* key) {
    if (!has(key)) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_string()) return v.get<std::string>();
    errors_.push_back({prefix_ + key, 0, "must be a string"});
    return std::nullopt;
  }
  std::optional<int> integer(const char* key) {
    if (!has(key)) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_number_integer() && v.get<long long>() >= -2'000'000'000 &&
        v.get<long long>() <= 2'000'000'000) {
      return static_cast<int>(v.get<long long>());
    }
    errors_.push_back({prefix_ + key, 0, "must be a whole number"});
    return std::nullopt;
  }
  std::optional<double> number(const char* key) {
    if (!has(key)) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_number()) return v.get<double>();
    errors_.push_back({prefix_ + key, 0, "must be a number"});
    return std::nullopt;
  }
  // References: ids (integers), names (strings) or objects with an integer "id".
  std::optional<std::vector<std::string>> references(const char* key) {
    if (!body_.contains(key)) return std::nullopt;
    const auto& v = body_.at(key);
    if (v.is_null()) return std::vector<std::string>{};
    if (!v.is_array()) {
      errors_.push_back({prefix_ + key, 0, "must be an array"});
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const auto& x = v[i];
      if (x.is_number_integer()) {
        out.push_back("#" + std::to_string(x.get<long long>()));
      } else if (x.is_string()) {
        out.push_back(x.get<std::string>());
      } else if (x.is_object() && x.contains("id") && x["id"].is_number_integer()) {
        out.push_back("#" + std::to_string(x["id"].get<long long>()));
      } else {
        errors_.push_back(
            {prefix_ + key + "/" + std::to_string(i), 0, "must be an id, a name or {\"id\": ...}"});
      }
    }
    return out;
  }
  std::string reference(const char* key) {
    if (!has(key)) return "";
    const auto& v = body_.at(key);
    if (v.is_number_integer()) return "#" + std::to_string(v.get<long long>());
    if (v.is_string()) return v.get<std::string>();
    errors_.push_back({prefix_ + key, 0, "must be an id or a name"});
    return "";
  }
  void merge(Errors more) {
    for (auto& e : more) errors_.push_back(std::move(e));
  }
  Errors take() { return std::move(errors_); }
  void finish() {
    if (!errors_.empty()) throw ServiceError::invalid(std::move(errors_));
  }

 private:
  const json& body_;
  std::string prefix_;
  Errors errors_;
};

json names(const std::vector<Id>& ids, const std::function<json(Id)>& find) {
  json out = json::array();
  for (Id id : ids) out.push_back(find(id));
  return out;
}

json org_ref(const ingest::ReportContext& ctx, Id id) {
  const Organisation* o = ctx.organisation_by_id(id);
  return {{"id", id}, {"name", o ? o->name : ""}};
}
json area_ref(const ingest::ReportContext& ctx, Id id) {
  const Area* a = ctx.area_by_id(id);
  return {{"id", id}, {"name", a ? a->name : ""}};
}
json category_ref(const ingest::ReportContext& ctx, Id id) {
  const Category* c = ctx.category_by_id(id);
  return {{"id", id}, {"code", c ? c->code : ""}, {"name", c ? c->name : ""}};
}

json counts_json(const std::vector<report::ForumOverview::Count>& counts) {
  json out = json::array();
  for (const auto& c : counts) {
    out.push_back({{"key", c.key}, {"total", c.total}, {"open", c.open}, {"overdue", c.overdue}});
  }
  return out;
}

}  // namespace

json personal_data_to_json(const std::vector<ingest::PersonalDataKind>& kinds) {
  json out = json::array();
  for (auto k : kinds) out.push_back(ingest::to_string(k));
  return out;
}

json group_to_json(const ForumGroup& g, const ingest::ReportContext& ctx,
                   const std::function<std::string(Id)>& user_name) {
  json members = json::array();
  for (Id id : g.member_ids) {
    members.push_back({{"id", id}});
    if (user_name) members.back()["name"] = user_name(id);
  }
  return {{"id", g.id},
          {"municipality", g.municipality},
          {"name", g.name},
          {"kind", to_string(g.kind)},
          {"kind_label", swedish_label(g.kind)},
          {"cadence", to_string(g.cadence)},
          {"cadence_label", swedish_label(g.cadence)},
          {"organisations", names(g.organisation_ids, [&](Id id) { return org_ref(ctx, id); })},
          {"members", members},
          {"areas", names(g.area_ids, [&](Id id) { return area_ref(ctx, id); })},
          {"categories", names(g.category_ids, [&](Id id) { return category_ref(ctx, id); })},
          {"created_at", format_local(g.created_at)}};
}

json meeting_to_json(const Meeting& m, const ingest::ReportContext& ctx) {
  return {{"id", m.id},
          {"group", m.group_id},
          {"municipality", m.municipality},
          {"starts", format_local(m.starts_at)},
          {"duration_minutes", m.duration_minutes},
          {"location", m.location},
          {"status", to_string(m.status)},
          {"minutes", m.minutes},
          {"attending_organisations",
           names(m.attending_organisation_ids, [&](Id id) { return org_ref(ctx, id); })},
          {"attending_members", m.attending_user_ids.size()},
          {"agenda", "/api/v1/meetings/" + std::to_string(m.id) + "/agenda"}};
}

json decision_to_json(const Decision& d, const ingest::ReportContext& ctx) {
  return {{"id", d.id},
          {"meeting", d.meeting_id},
          {"municipality", d.municipality},
          {"title", d.title},
          {"text", d.text},
          {"kind", to_string(d.kind)},
          {"organisation", org_ref(ctx, d.organisation_id)},
          {"due", format_day(d.due_day)},
          {"measure", d.measure_id ? json(*d.measure_id) : json(nullptr)},
          {"people_count", d.people_count ? json(*d.people_count) : json(nullptr)},
          {"status", to_string(d.status)},
          {"closed_at", d.closed_at ? json(format_local(*d.closed_at)) : json(nullptr)},
          {"closed_in_meeting", d.closed_in_meeting ? json(*d.closed_in_meeting) : json(nullptr)},
          {"closing_note", d.closing_note}};
}

json decision_line_to_json(const report::DecisionLine& l) {
  return {{"id", l.id ? json(l.id) : json(nullptr)},
          {"group", l.group},
          {"meeting_date", l.meeting_date},
          {"title", l.title},
          {"kind", l.kind},
          {"organisation", l.organisation},
          {"due", l.due},
          {"status", l.status},
          {"measure", l.measure_id ? json(*l.measure_id) : json(nullptr)},
          {"measure_status", l.measure_status.empty() ? json(nullptr) : json(l.measure_status)},
          {"people_count", l.people_count ? json(*l.people_count) : json(nullptr)},
          {"overdue", l.overdue},
          {"areas", l.areas},
          {"categories", l.categories}};
}

json agenda_to_json(const report::MeetingAgenda& a) {
  const auto lines = [](const std::vector<report::DecisionLine>& in) {
    json out = json::array();
    for (const auto& l : in) out.push_back(decision_line_to_json(l));
    return out;
  };
  json flags = json::array();
  for (const auto& f : a.flags) {
    flags.push_back({{"area", f.area},
                     {"category", f.category},
                     {"current", f.current},
                     {"expected", f.expected},
                     {"q", f.q},
                     {"direction", f.rise ? "rise" : "fall"}});
  }
  json hotspots = json::array();
  for (const auto& h : a.hotspots) {
    hotspots.push_back(
        {{"area", h.area}, {"count", h.count}, {"z", h.z}, {"p", h.p}, {"class", h.bin}});
  }
  json due = json::array();
  for (const auto& m : a.measures_due) {
    due.push_back({{"id", m.id},
                   {"title", m.title},
                   {"status", m.status},
                   {"organisation", m.organisation},
                   {"end", m.end_day ? json(format_day(*m.end_day)) : json(nullptr)},
                   {"overdue", m.overdue}});
  }
  return {{"meeting", a.meeting.id},
          {"group", {{"id", a.group.id}, {"name", a.group.name}}},
          {"starts", format_local(a.meeting.starts_at)},
          {"previous_meeting", a.previous ? json(a.previous->id) : json(nullptr)},
          {"period", a.period.label()},
          {"open_items", lines(a.open_items)},
          {"closed_items", lines(a.closed_items)},
          {"flags", flags},
          {"hotspots", hotspots},
          {"measures_due", due},
          {"unreviewed_reports", a.unreviewed_reports},
          {"not_reported", a.not_reported},
          {"decisions", lines(a.decisions)},
          {"attending_organisations", a.attending},
          {"attending_members", a.attending_people},
          {"minutes", a.minutes}};
}

json overview_to_json(const report::ForumOverview& o) {
  json items = json::array();
  for (const auto& l : o.items) items.push_back(decision_line_to_json(l));
  return {{"municipality", o.municipality},
          {"today", o.today},
          {"total", o.total},
          {"open", o.open},
          {"overdue", o.overdue},
          {"by_area", counts_json(o.by_area)},
          {"by_category", counts_json(o.by_category)},
          {"by_organisation", counts_json(o.by_organisation)},
          {"by_status", counts_json(o.by_status)},
          {"by_group", counts_json(o.by_group)},
          {"items", items}};
}

json agreement_to_json(const CollaborationAgreement& a, const ingest::ReportContext& ctx,
                       const std::vector<Measure>& measures,
                       const std::vector<CitizenPromise>& promises) {
  json linked_measures = json::array();
  for (Id id : a.measure_ids) {
    json m{{"id", id}};
    for (const Measure& x : measures) {
      if (x.id == id) {
        m["title"] = x.title;
        m["status"] = to_string(x.status);
      }
    }
    linked_measures.push_back(m);
  }
  json linked_promises = json::array();
  for (Id id : a.promise_ids) {
    json p{{"id", id}};
    for (const CitizenPromise& x : promises) {
      if (x.id == id) {
        p["year"] = x.year;
        p["police_area"] = x.police_area;
        std::size_t done = 0;
        for (const auto& act : x.activities) done += act.status == ActivityStatus::done;
        p["activities"] = x.activities.size();
        p["activities_done"] = done;
      }
    }
    linked_promises.push_back(p);
  }
  json follow_ups = json::array();
  for (const auto& f : a.follow_ups) {
    follow_ups.push_back(
        {{"id", f.id}, {"year", f.year}, {"text", f.text}, {"at", format_local(f.at)}});
  }
  return {{"id", a.id},
          {"municipality", a.municipality},
          {"title", a.title},
          {"from", format_day(a.from_day)},
          {"to", format_day(a.to_day)},
          {"parties", names(a.party_ids, [&](Id id) { return org_ref(ctx, id); })},
          {"areas", names(a.area_ids, [&](Id id) { return area_ref(ctx, id); })},
          {"categories", names(a.category_ids, [&](Id id) { return category_ref(ctx, id); })},
          {"commitments", a.commitments},
          {"promises", linked_promises},
          {"measures", linked_measures},
          {"follow_ups", follow_ups}};
}

GroupInput group_input_from_json(const json& body) {
  Fields f(body, {"municipality", "name", "kind", "cadence", "organisations", "members", "areas",
                  "categories"});
  GroupInput in;
  in.municipality = f.text("municipality");
  in.name = f.text("name");
  in.kind = f.text("kind");
  in.cadence = f.text("cadence");
  in.organisations = f.references("organisations").value_or(std::vector<std::string>{});
  in.members = f.references("members").value_or(std::vector<std::string>{});
  in.areas = f.references("areas").value_or(std::vector<std::string>{});
  in.categories = f.references("categories").value_or(std::vector<std::string>{});
  f.finish();
  return in;
}

MeetingInput meeting_input_from_json(const json& body) {
  Fields f(body, {"municipality", "starts", "duration_minutes", "location"});
  MeetingInput in;
  in.municipality = f.text("municipality");
  in.starts = f.text("starts");
  in.duration_minutes = f.integer("duration_minutes");
  in.location = f.text("location");
  f.finish();
  return in;
}

ScheduleInput schedule_input_from_json(const json& body) {
  Fields f(body, {"municipality", "count", "first", "duration_minutes", "location"});
  ScheduleInput in;
  in.municipality = f.text("municipality");
  in.count = f.integer("count").value_or(1);
  in.first = f.text("first");
  in.duration_minutes = f.integer("duration_minutes");
  in.location = f.text("location");
  f.finish();
  return in;
}

MinutesInput minutes_input_from_json(const json& body) {
  Fields f(body, {"municipality", "minutes", "status", "location", "attending_organisations",
                  "attending_members"});
  MinutesInput in;
  in.municipality = f.text("municipality");
  in.minutes = f.opt_text("minutes");
  in.status = f.opt_text("status");
  in.location = f.opt_text("location");
  in.attending_organisations = f.references("attending_organisations");
  in.attending_members = f.references("attending_members");
  f.finish();
  return in;
}

DecisionInput decision_input_from_json(const json& body) {
  Fields f(body, {"municipality", "title", "text", "kind", "organisation", "due", "people_count",
                  "measure"});
  DecisionInput in;
  in.municipality = f.text("municipality");
  in.title = f.text("title");
  in.text = f.text("text");
  in.kind = f.text("kind");
  in.organisation = f.reference("organisation");
  in.due = f.text("due");
  in.people_count = f.integer("people_count");
  if (body.contains("measure") && !body.at("measure").is_null()) {
    const json& m = body.at("measure");
    if (!m.is_object()) {
      f.merge({{"/measure", 0, "must be an object"}});
    } else {
      Fields mf(m, {"kind", "level", "type", "status", "areas", "categories", "cost"}, "/measure/");
      in.measure.kind = mf.text("kind");
      in.measure.level = mf.text("level");
      in.measure.type = mf.text("type");
      in.measure.status = mf.text("status");
      in.measure.areas = mf.references("areas");
      in.measure.categories = mf.references("categories");
      in.measure.cost = mf.number("cost");
      f.merge(mf.take());
    }
  }
  f.finish();
  return in;
}

CloseInput close_input_from_json(const json& body) {
  Fields f(body, {"municipality", "meeting", "note"});
  CloseInput in;
  in.municipality = f.text("municipality");
  if (const auto m = f.integer("meeting")) in.meeting_id = *m;
  in.note = f.text("note");
  f.finish();
  return in;
}

AgreementInput agreement_input_from_json(const json& body) {
  Fields f(body, {"municipality", "title", "from", "to", "commitments", "parties", "areas",
                  "categories", "promises", "measures"});
  AgreementInput in;
  in.municipality = f.text("municipality");
  in.title = f.text("title");
  in.from = f.text("from");
  in.to = f.text("to");
  in.commitments = f.text("commitments");
  in.parties = f.references("parties").value_or(std::vector<std::string>{});
  in.areas = f.references("areas").value_or(std::vector<std::string>{});
  in.categories = f.references("categories").value_or(std::vector<std::string>{});
  in.promises = f.references("promises").value_or(std::vector<std::string>{});
  in.measures = f.references("measures").value_or(std::vector<std::string>{});
  f.finish();
  return in;
}

FollowUpInput follow_up_input_from_json(const json& body) {
  Fields f(body, {"municipality", "year", "text"});
  FollowUpInput in;
  in.municipality = f.text("municipality");
  in.year = f.integer("year");
  in.text = f.text("text");
  f.finish();
  return in;
}

}  // namespace lagesbild::server

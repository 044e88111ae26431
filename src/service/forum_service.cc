#include "service/forum_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "domain/cadence.h"
#include "domain/period.h"
#include "ingest/text.h"
#include "report/situation_view.h"
#include "service/service_error.h"

namespace lagesbild {
namespace {

using Kind = ServiceError::Kind;

constexpr std::size_t kMaxTitleChars = 200;
constexpr std::size_t kMaxTextChars = 50'000;

std::size_t characters(const std::string& utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void check_text(const std::string& field, const std::string& value, std::size_t max,
                Errors& errors) {
  if (ingest::find_invalid_utf8(value)) {
    errors.push_back({field, 0, "is not valid UTF-8"});
  } else if (characters(value) > max) {
    errors.push_back({field, 0, "is longer than " + std::to_string(max) + " characters"});
  }
}

std::optional<Id> id_text(const std::string& text) {
  std::string_view v = text;
  if (!v.empty() && v.front() == '#') v.remove_prefix(1);
  if (v.empty() || v.size() > 18 || !std::all_of(v.begin(), v.end(), ::isdigit)) {
    return std::nullopt;
  }
  return std::stoll(std::string(v));
}

void require(const Principal& who, const std::string& m, Capability c, const char* what) {
  if (!who.can(m, c)) {
    throw ServiceError(Kind::forbidden,
                       std::string("your role does not allow ") + what + " in " + m);
  }
}

int local_day(UtcSeconds t) { return period_containing(PeriodKind::range, t).first_day; }

// Resolves a list of references, one error per unknown item ("areas/1"), without duplicates.
template <class Resolve>
std::vector<Id> resolve_list(const std::vector<std::string>& items, const std::string& field,
                             Resolve resolve, Errors& errors) {
  std::vector<Id> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string why;
    const auto id = resolve(items[i], why);
    if (!id) {
      errors.push_back({field + "/" + std::to_string(i), 0, why});
    } else if (std::find(out.begin(), out.end(), *id) == out.end()) {
      out.push_back(*id);
    }
  }
  return out;
}

std::vector<Id> organisations_of(const ingest::ReportContext& ctx,
                                 const std::vector<std::string>& items, const std::string& field,
                                 Errors& errors) {
  return resolve_list(
      items, field,
      [&](const std::string& t, std::string& why) -> std::optional<Id> {
        if (const auto id = id_text(t); id && ctx.organisation_by_id(*id)) return id;
        if (const auto id = ctx.organisation_id(t)) return id;
        why = "'" + t + "' is not an organisation of municipality " + ctx.municipality().code +
              "'s deployment";
        return std::nullopt;
      },
      errors);
}

std::vector<Id> areas_of(const ingest::ReportContext& ctx, const std::vector<std::string>& items,
                         const std::string& field, Errors& errors) {
  return resolve_list(
      items, field,
      [&](const std::string& t, std::string& why) -> std::optional<Id> {
        if (const Area* a = ctx.area(t)) return a->id;
        why = "unknown area '" + t + "'";
        return std::nullopt;
      },
      errors);
}

std::vector<Id> categories_of(const ingest::ReportContext& ctx,
                              const std::vector<std::string>& items, const std::string& field,
                              Errors& errors) {
  return resolve_list(
      items, field,
      [&](const std::string& t, std::string& why) -> std::optional<Id> {
        if (const auto id = id_text(t); id && ctx.category_by_id(*id)) return id;
        const auto id = ctx.category_id(t, &why);
        if (!id && why.empty()) why = "unknown category '" + t + "'";
        return id;
      },
      errors);
}

std::string area_name(const ingest::ReportContext& ctx, Id id) {
  const Area* a = ctx.area_by_id(id);
  return a ? a->name : "#" + std::to_string(id);
}
std::string category_name(const ingest::ReportContext& ctx, Id id) {
  const Category* c = ctx.category_by_id(id);
  return c ? c->name : "#" + std::to_string(id);
}
std::string organisation_name(const ingest::ReportContext& ctx, Id id) {
  const Organisation* o = ctx.organisation_by_id(id);
  return o ? o->name : "#" + std::to_string(id);
}

std::optional<UtcSeconds> start_of(const std::string& text, const std::string& field,
                                   Errors& errors) {
  if (blank(text)) {
    errors.push_back({field, 0, "is required: the start, e.g. 2026-11-16T09:00"});
    return std::nullopt;
  }
  std::string why;
  const auto t = parse_timestamp(text, &why);
  if (!t) errors.push_back({field, 0, why});
  return t;
}

void check_duration(const std::optional<int>& d, Errors& errors) {
  if (d && (*d < 1 || *d > 1440)) {
    errors.push_back({"duration_minutes", 0, "must be between 1 and 1440"});
  }
}

// The days the agenda's flags cover: from the previous meeting's day to the day before this one;
// one cadence step back when there is no previous meeting. A range that is exactly an ISO week is
// that week, so the agenda and the week's lägesbild are the same picture.
Period agenda_period(const ForumGroup& g, const Meeting& m, const std::optional<Meeting>& prev) {
  const int day = local_day(m.starts_at);
  int first = prev ? local_day(prev->starts_at) : day - cadence_days(g.cadence);
  if (first >= day) first = day - 1;
  auto p = parse_period(format_day(first) + ".." + format_day(day - 1));
  const Period week = period_containing(PeriodKind::week, m.starts_at - std::chrono::hours(24 * 7));
  if (week.first_day == p->first_day && week.end_day == p->end_day) return week;
  return *p;
}

std::string time_of_day(UtcSeconds t) { return format_local(t).substr(11, 5); }  // "09:00"

}  // namespace

void ForumService::log(const Principal& who, const std::string& municipality, std::string action,
                       std::string object) {
  store_.audit(audit_entry(who, municipality, std::move(action), std::move(object)));
}

std::vector<ingest::PersonalDataKind> ForumService::guard(const std::string& municipality,
                                                          const std::string& field,
                                                          const std::string& text, Errors& errors) {
  auto kinds = ingest::personal_data_kinds(text);
  if (!kinds.empty() && store_.personal_data_policy(municipality) == PersonalDataPolicy::block) {
    errors.push_back({field, 0, ingest::personal_data_refusal(text).value_or("personal data")});
  }
  return kinds;
}

ForumGroup ForumService::find_group(const std::string& municipality, Id id) {
  for (ForumGroup& g : store_.forum_groups(municipality)) {
    if (g.id == id) return std::move(g);
  }
  throw ServiceError(Kind::not_found, "no group " + std::to_string(id) + " in " + municipality);
}

Meeting ForumService::find_meeting(const std::string& municipality, Id id) {
  for (Meeting& m : store_.meetings(municipality)) {
    if (m.id == id) return std::move(m);
  }
  throw ServiceError(Kind::not_found, "no meeting " + std::to_string(id) + " in " + municipality);
}

ForumGroup ForumService::create_group(const Principal& who, const GroupInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::measure_manage, "creating groups");
  const auto ctx = contexts_.get(m);
  Errors errors;
  ForumGroup g;
  g.municipality = m;
  g.name = in.name;
  if (blank(g.name)) errors.push_back({"name", 0, "is required, e.g. Styrgrupp EST"});
  check_text("name", g.name, kMaxTitleChars, errors);
  if (const auto k = group_kind_from_string(in.kind)) {
    g.kind = *k;
  } else {
    errors.push_back({"kind", 0,
                      "must be one of steering, management, council, operational, thematic, "
                      "local_network, sspf"});
  }
  if (const auto c = cadence_from_string(in.cadence)) {
    g.cadence = *c;
  } else {
    errors.push_back(
        {"cadence", 0, "must be one of weekly, every_other_week, monthly, four_times_a_year"});
  }
  g.organisation_ids = organisations_of(*ctx, in.organisations, "organisations", errors);
  g.area_ids = areas_of(*ctx, in.areas, "areas", errors);
  g.category_ids = categories_of(*ctx, in.categories, "categories", errors);
  for (std::size_t i = 0; i < in.members.size(); ++i) {
    const std::string& text = in.members[i];
    std::optional<User> u;
    if (const auto id = id_text(text)) u = store_.user(*id);
    if (!u) u = store_.user_by_name(text);
    const bool here = u && std::any_of(u->grants.begin(), u->grants.end(),
                                       [&](const RoleGrant& r) { return r.municipality == m; });
    if (!here) {
      errors.push_back({"members/" + std::to_string(i), 0,
                        "'" + text + "' is not a user with a role in municipality " + m});
    } else if (std::find(g.member_ids.begin(), g.member_ids.end(), u->id) == g.member_ids.end()) {
      g.member_ids.push_back(u->id);
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  g.created_by = who.user_id.value_or(0);
  g.created_at = now_utc();
  try {
    store_.transaction([&] {
      g.id = store_.insert_forum_group(g);
      log(who, m, "forum.group.create", "group/" + std::to_string(g.id));
    });
  } catch (const ConflictError&) {
    throw ServiceError(Kind::conflict, "name: a group named '" + g.name + "' exists",
                       Errors{{"name", 0, "a group with this name exists"}});
  }
  return g;
}

std::vector<ForumGroup> ForumService::groups(const Principal& who,
                                             const std::string& municipality) {
  const std::string m = reports_.readable_municipality(who, municipality);
  log(who, m, "forum.groups.list", "groups");
  return store_.forum_groups(m);
}

ForumGroup ForumService::group(const Principal& who, const std::string& municipality, Id id) {
  const std::string m = reports_.readable_municipality(who, municipality);
  ForumGroup g = find_group(m, id);
  log(who, m, "forum.group.read", "group/" + std::to_string(id));
  return g;
}

Meeting ForumService::create_meeting(const Principal& who, const MeetingInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::measure_manage, "scheduling meetings");
  const ForumGroup g = find_group(m, in.group_id);
  Errors errors;
  Meeting meeting;
  meeting.group_id = g.id;
  meeting.municipality = m;
  if (const auto t = start_of(in.starts, "starts", errors)) meeting.starts_at = *t;
  check_duration(in.duration_minutes, errors);
  meeting.duration_minutes = in.duration_minutes.value_or(90);
  meeting.location = in.location;
  check_text("location", meeting.location, kMaxTitleChars, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  meeting.created_by = who.user_id.value_or(0);
  meeting.created_at = now_utc();
  store_.transaction([&] {
    meeting.id = store_.insert_meeting(meeting);
    log(who, m, "forum.meeting.create", "meeting/" + std::to_string(meeting.id));
  });
  return meeting;
}

std::vector<Meeting> ForumService::plan(const ForumGroup& g, const std::vector<Meeting>& existing,
                                        const ScheduleInput& in, const Principal& who,
                                        Errors& errors) {
  std::optional<UtcSeconds> next;
  if (!in.first.empty()) {
    next = start_of(in.first, "first", errors);
  } else {
    const Meeting* last = nullptr;
    for (const Meeting& m : existing) {
      if (m.group_id == g.id && m.status != MeetingStatus::cancelled) last = &m;
    }
    if (!last) {
      errors.push_back(
          {"first", 0, "is required: the group has no meeting yet, e.g. 2026-11-16T09:00"});
    } else {
      const int day = next_meeting_day(g.cadence, local_day(last->starts_at));
      next = parse_timestamp(format_day(day) + "T" + time_of_day(last->starts_at));
    }
  }
  if (in.count < 1 || in.count > 52) errors.push_back({"count", 0, "must be between 1 and 52"});
  check_duration(in.duration_minutes, errors);
  check_text("location", in.location, kMaxTitleChars, errors);
  std::vector<Meeting> out;
  if (!errors.empty() || !next) return out;
  const std::string hhmm = time_of_day(*next);
  const int first_day = local_day(*next);
  for (int i = 0; i < in.count; ++i) {
    const int day = meeting_day(g.cadence, first_day, i);
    Meeting meeting;
    meeting.group_id = g.id;
    meeting.municipality = g.municipality;
    // The local time of day is kept across clock changes (09:00 stays 09:00).
    const auto t = i == 0 ? next : parse_timestamp(format_day(day) + "T" + hhmm);
    if (!t) {
      errors.push_back({"first", 0, "falls in the spring clock change on " + format_day(day)});
      return {};
    }
    meeting.starts_at = *t;
    meeting.duration_minutes = in.duration_minutes.value_or(90);
    meeting.location = in.location;
    meeting.created_by = who.user_id.value_or(0);
    meeting.created_at = now_utc();
    out.push_back(std::move(meeting));
  }
  return out;
}

std::vector<Meeting> ForumService::schedule(const Principal& who, const ScheduleInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::measure_manage, "scheduling meetings");
  const ForumGroup g = find_group(m, in.group_id);
  Errors errors;
  std::vector<Meeting> planned = plan(g, store_.meetings(m), in, who, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    for (Meeting& meeting : planned) meeting.id = store_.insert_meeting(meeting);
    log(who, m, "forum.meetings.schedule",
        "group/" + std::to_string(g.id) + " " + std::to_string(planned.size()));
  });
  return planned;
}

std::vector<Meeting> ForumService::meetings(const Principal& who, const std::string& municipality,
                                            std::optional<Id> group) {
  const std::string m = reports_.readable_municipality(who, municipality);
  if (group) find_group(m, *group);
  std::vector<Meeting> out = store_.meetings(m);
  if (group) std::erase_if(out, [&](const Meeting& x) { return x.group_id != *group; });
  if (!who.can(m, Capability::situation_write)) {
    for (Meeting& x : out) x.minutes = ingest::mask_personal_data(x.minutes);
  }
  log(who, m, "forum.meetings.list", group ? "group/" + std::to_string(*group) : "meetings");
  return out;
}

Meeting ForumService::meeting(const Principal& who, const std::string& municipality, Id id) {
  const std::string m = reports_.readable_municipality(who, municipality);
  Meeting out = find_meeting(m, id);
  if (!who.can(m, Capability::situation_write)) {
    out.minutes = ingest::mask_personal_data(out.minutes);
  }
  log(who, m, "forum.meeting.read", "meeting/" + std::to_string(id));
  return out;
}

MinutesResult ForumService::record(const Principal& who, Id id, const MinutesInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::situation_write, "writing minutes");
  Meeting meeting = find_meeting(m, id);
  const ForumGroup g = find_group(m, meeting.group_id);
  const auto ctx = contexts_.get(m);
  Errors errors;
  MinutesResult result;
  if (in.minutes) {
    meeting.minutes = *in.minutes;
    check_text("minutes", meeting.minutes, kMaxTextChars, errors);
    result.personal_data = guard(m, "minutes", meeting.minutes, errors);
  }
  if (in.status) {
    if (const auto s = meeting_status_from_string(*in.status)) {
      meeting.status = *s;
    } else {
      errors.push_back({"status", 0, "must be planned, held or cancelled"});
    }
  }
  if (in.location) {
    meeting.location = *in.location;
    check_text("location", meeting.location, kMaxTitleChars, errors);
  }
  if (in.attending_organisations) {
    meeting.attending_organisation_ids =
        organisations_of(*ctx, *in.attending_organisations, "attending_organisations", errors);
  }
  if (in.attending_members) {
    meeting.attending_user_ids.clear();
    for (std::size_t i = 0; i < in.attending_members->size(); ++i) {
      const std::string& text = (*in.attending_members)[i];
      std::optional<User> u;
      if (const auto uid = id_text(text)) u = store_.user(*uid);
      if (!u) u = store_.user_by_name(text);
      if (!u || std::find(g.member_ids.begin(), g.member_ids.end(), u->id) == g.member_ids.end()) {
        errors.push_back({"attending_members/" + std::to_string(i), 0,
                          "'" + text + "' is not a member of the group"});
      } else if (std::find(meeting.attending_user_ids.begin(), meeting.attending_user_ids.end(),
                           u->id) == meeting.attending_user_ids.end()) {
        meeting.attending_user_ids.push_back(u->id);
      }
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  store_.transaction([&] {
    if (!store_.update_meeting(meeting)) {
      throw ServiceError(Kind::not_found, "no meeting " + std::to_string(id));
    }
    log(who, m, "forum.meeting.minutes", "meeting/" + std::to_string(id));
  });
  result.meeting = std::move(meeting);
  return result;
}

DecisionResult ForumService::decide(const Principal& who, const DecisionInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::measure_manage, "recording decisions");
  const Meeting meeting = find_meeting(m, in.meeting_id);
  const ForumGroup g = find_group(m, meeting.group_id);
  const auto ctx = contexts_.get(m);
  const int held_day = local_day(meeting.starts_at);
  Errors errors;
  DecisionResult result;
  Decision& d = result.decision;
  d.meeting_id = meeting.id;
  d.municipality = m;
  d.title = in.title;
  if (blank(d.title)) errors.push_back({"title", 0, "is required: what was decided, in short"});
  check_text("title", d.title, kMaxTitleChars, errors);
  d.text = in.text;
  check_text("text", d.text, kMaxTextChars, errors);
  result.personal_data = guard(m, "title", d.title, errors);
  for (auto k : guard(m, "text", d.text, errors)) {
    if (std::find(result.personal_data.begin(), result.personal_data.end(), k) ==
        result.personal_data.end()) {
      result.personal_data.push_back(k);
    }
  }
  if (const auto k = decision_kind_from_string(in.kind.empty() ? "task" : in.kind)) {
    d.kind = *k;
  } else {
    errors.push_back({"kind", 0, "must be task or measure"});
  }
  if (blank(in.organisation)) {
    errors.push_back({"organisation", 0, "is required: the organisation that owns the decision"});
  } else {
    const auto ids = organisations_of(*ctx, {in.organisation}, "organisation", errors);
    if (!ids.empty()) d.organisation_id = ids.front();
    if (!errors.empty() && errors.back().field == "organisation/0")
      errors.back().field = "organisation";
  }
  if (blank(in.due)) {
    errors.push_back({"due", 0, "is required: the day it is due, YYYY-MM-DD"});
  } else if (const auto day = parse_day(in.due); !day) {
    errors.push_back({"due", 0, "must be a date, YYYY-MM-DD"});
  } else if (*day < held_day) {
    errors.push_back({"due", 0, "is before the meeting (" + format_day(held_day) + ")"});
  } else {
    d.due_day = *day;
  }
  if (in.people_count && (*in.people_count < 0 || *in.people_count > 1'000'000)) {
    errors.push_back({"people_count", 0, "must be a count between 0 and 1000000"});
  }
  d.people_count = in.people_count;
  MeasureStatus measure_status = MeasureStatus::proposed;
  if (d.kind == DecisionKind::measure) {
    if (in.measure.status == "decided") {
      measure_status = MeasureStatus::decided;
    } else if (!in.measure.status.empty() && in.measure.status != "proposed") {
      errors.push_back({"measure/status", 0, "must be proposed or decided"});
    }
    if (in.measure.kind.empty()) {
      errors.push_back({"measure/kind", 0, "is required: situational or social"});
    }
    if (in.measure.level.empty()) {
      errors.push_back({"measure/level", 0, "is required: universal, selective or indicated"});
    }
    if (!in.measure.areas && g.area_ids.empty()) {
      errors.push_back({"measure/areas", 0, "is required: the group covers no areas"});
    }
  }
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  d.created_by = who.user_id.value_or(0);
  d.created_at = now_utc();
  store_.transaction([&] {
    if (d.kind == DecisionKind::measure) {
      MeasureInput mi;
      mi.municipality = m;
      mi.title = d.title;
      mi.description = d.text;
      mi.kind = in.measure.kind;
      mi.level = in.measure.level;
      mi.type = in.measure.type.empty() ? "other" : in.measure.type;
      std::vector<std::string> areas, categories;
      for (Id a : g.area_ids) areas.push_back("#" + std::to_string(a));
      for (Id c : g.category_ids) categories.push_back("#" + std::to_string(c));
      mi.areas = in.measure.areas.value_or(areas);
      mi.categories = in.measure.categories.value_or(categories);
      mi.organisation = "#" + std::to_string(d.organisation_id);
      mi.start = format_day(held_day);
      mi.end = format_day(d.due_day);
      mi.period = agenda_period(g, meeting, std::nullopt).label();
      if (in.measure.cost) mi.cost = *in.measure.cost;
      try {
        Measure created = measures_.create(who, mi);
        if (measure_status == MeasureStatus::decided) {
          created = measures_.change_status(
              who, m, created.id,
              {"decided", "Beslutat på möte " + std::to_string(meeting.id) + " (" + g.name + ")"});
        }
        d.measure_id = created.id;
        result.measure = std::move(created);
      } catch (const ServiceError& e) {
        if (e.kind() != Kind::invalid) throw;
        Errors prefixed = e.errors();
        for (FieldError& f : prefixed) f.field = "measure/" + f.field;
        throw ServiceError::invalid(std::move(prefixed));
      }
    }
    d.id = store_.insert_decision(d);
    log(who, m, "forum.decision.create",
        "decision/" + std::to_string(d.id) +
            (d.measure_id ? " measure/" + std::to_string(*d.measure_id) : ""));
  });
  return result;
}

Decision ForumService::close(const Principal& who, Id id, const CloseInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::measure_manage, "closing decisions");
  std::optional<Decision> found;
  for (Decision& d : store_.decisions(m)) {
    if (d.id == id) found = std::move(d);
  }
  if (!found) throw ServiceError(Kind::not_found, "no decision " + std::to_string(id));
  if (found->status == DecisionStatus::closed) {
    throw ServiceError(Kind::conflict, "status: the decision is already closed",
                       Errors{{"status", 0, "is already closed"}});
  }
  Errors errors;
  if (in.meeting_id) {
    try {
      find_meeting(m, *in.meeting_id);
    } catch (const ServiceError&) {
      errors.push_back({"meeting", 0, "no meeting " + std::to_string(*in.meeting_id)});
    }
  }
  check_text("note", in.note, kMaxTextChars, errors);
  guard(m, "note", in.note, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  found->status = DecisionStatus::closed;
  found->closed_at = now_utc();
  found->closed_in_meeting = in.meeting_id;
  found->closing_note = in.note;
  store_.transaction([&] {
    if (!store_.update_decision(*found)) {
      throw ServiceError(Kind::not_found, "no decision " + std::to_string(id));
    }
    log(who, m, "forum.decision.close", "decision/" + std::to_string(id));
  });
  return *found;
}

std::vector<report::DecisionLine> ForumService::lines(const std::string& municipality,
                                                      const std::vector<Decision>& decisions,
                                                      int today) {
  const auto ctx = contexts_.get(municipality);
  std::map<Id, Meeting> meetings;
  for (Meeting& x : store_.meetings(municipality)) meetings.emplace(x.id, std::move(x));
  std::map<Id, ForumGroup> groups;
  for (ForumGroup& g : store_.forum_groups(municipality)) groups.emplace(g.id, std::move(g));
  std::map<Id, Measure> measures;
  for (Measure& x : store_.measures(municipality)) measures.emplace(x.id, std::move(x));
  std::vector<report::DecisionLine> out;
  for (const Decision& d : decisions) {
    report::DecisionLine l;
    l.id = d.id;
    const auto mt = meetings.find(d.meeting_id);
    const ForumGroup* g = nullptr;
    if (mt != meetings.end()) {
      l.meeting_date = format_day(local_day(mt->second.starts_at));
      if (auto gt = groups.find(mt->second.group_id); gt != groups.end()) g = &gt->second;
    }
    l.group = g ? g->name : "";
    l.title = ingest::mask_personal_data(d.title);
    l.kind = std::string(to_string(d.kind));
    l.organisation = organisation_name(*ctx, d.organisation_id);
    l.due = format_day(d.due_day);
    l.status = std::string(to_string(d.status));
    l.measure_id = d.measure_id;
    l.people_count = d.people_count;
    l.overdue = d.status == DecisionStatus::open && d.due_day < today;
    const Measure* measure = nullptr;
    if (d.measure_id) {
      if (auto it = measures.find(*d.measure_id); it != measures.end()) measure = &it->second;
    }
    if (measure) {
      l.measure_status = std::string(to_string(measure->status));
      for (Id a : measure->area_ids) l.areas.push_back(area_name(*ctx, a));
      for (Id c : measure->category_ids) l.categories.push_back(category_name(*ctx, c));
    } else if (g) {
      for (Id a : g->area_ids) l.areas.push_back(area_name(*ctx, a));
      for (Id c : g->category_ids) l.categories.push_back(category_name(*ctx, c));
    }
    out.push_back(std::move(l));
  }
  return out;
}

report::MeetingAgenda ForumService::agenda(const Principal& who, const std::string& municipality,
                                           Id id) {
  const std::string m = reports_.readable_municipality(who, municipality);
  report::MeetingAgenda a;
  a.municipality = m;
  const auto ctx = contexts_.get(m);
  a.municipality_name = ctx->municipality().name;
  const std::vector<Meeting> all = store_.meetings(m);
  a.meeting = find_meeting(m, id);
  a.group = find_group(m, a.meeting.group_id);
  for (const Meeting& x : all) {
    if (x.group_id == a.group.id && x.status != MeetingStatus::cancelled &&
        (x.starts_at < a.meeting.starts_at ||
         (x.starts_at == a.meeting.starts_at && x.id < a.meeting.id))) {
      a.previous = x;  // `all` is in time order: the last one wins
    }
  }
  const int day = local_day(a.meeting.starts_at);
  a.period = agenda_period(a.group, a.meeting, a.previous);

  // The picture of the period for the group's areas and themes, through the situation service
  // (its access rules and audit apply).
  SituationRequest req;
  req.municipality = m;
  req.period = a.period.label();
  for (Id x : a.group.area_ids) req.areas.push_back("#" + std::to_string(x));
  for (Id x : a.group.category_ids) req.categories.push_back("#" + std::to_string(x));
  const SituationPicture pic = situation_.compile(who, req);
  for (const analysis::Cell& c : pic.situation.cells) {
    if (!c.flagged) continue;
    a.flags.push_back({report::view::area_name(pic, c.area),
                       report::view::category_name(pic, c.category), c.current, c.test.expected,
                       c.q, c.rise});
  }
  // Hot spots: Gi* needs every area of the municipality as neighbourhood, so it runs over all of
  // them (the group's themes as the filter) and keeps the group's areas.
  if (ctx->areas().size() >= 3) {
    AreaHotspotRequest h;
    h.municipality = m;
    h.period = a.period.label();
    for (Id c : a.group.category_ids) {
      if (const Category* cat = ctx->category_by_id(c)) h.categories.push_back(cat->code);
    }
    const AreaHotspotMap map = analysis_.area_hotspots(who, h);
    for (const AreaHotspot& x : map.areas) {
      const auto& mine = a.group.area_ids;
      if (x.bin <= 0 ||
          (!mine.empty() && std::find(mine.begin(), mine.end(), x.area_id) == mine.end())) {
        continue;
      }
      a.hotspots.push_back({x.name, x.count, x.z, x.p_sim, x.bin});
    }
    std::sort(a.hotspots.begin(), a.hotspots.end(),
              [](const auto& l, const auto& r) { return l.z > r.z; });
  }
  for (const OrganisationCoverage& cov : pic.coverage) {
    if (cov.state != CoverageState::not_reported || !cov.organisation) continue;
    const auto& members = a.group.organisation_ids;
    if (!members.empty() &&
        std::find(members.begin(), members.end(), cov.organisation->id) == members.end()) {
      continue;
    }
    a.not_reported.push_back(cov.organisation->name);
  }

  // Reports not yet reviewed: a count, never their texts.
  ReportQuery q;
  q.municipality = m;
  const Interval span = a.period.utc();
  q.from = span.from;
  q.to = span.to;
  q.area_ids = a.group.area_ids;
  for (Id c : a.group.category_ids) {
    for (Id x : ctx->category_with_descendants(c)) q.category_ids.push_back(x);
  }
  q.status = ReportStatus::submitted;
  q.limit = 10'000;
  for (;;) {
    const auto page = store_.query_report_facts(q);
    a.unreviewed_reports += static_cast<std::int64_t>(page.size());
    if (page.size() < static_cast<std::size_t>(q.limit)) break;
    q.after = ReportQuery::Cursor{page.back().occurred_from, page.back().id};
  }

  for (const Measure& x : store_.measures(m)) {
    if (is_final(x.status) || x.status == MeasureStatus::proposed) continue;
    const bool in_areas =
        a.group.area_ids.empty() || std::any_of(x.area_ids.begin(), x.area_ids.end(), [&](Id area) {
          return std::find(a.group.area_ids.begin(), a.group.area_ids.end(), area) !=
                 a.group.area_ids.end();
        });
    if (!in_areas) continue;
    a.measures_due.push_back(
        {x.id, x.title, std::string(swedish_name(x.status)),
         organisation_name(*ctx, x.organisation_id), x.end_day,
         x.end_day && *x.end_day < day && x.status != MeasureStatus::completed});
  }

  // Decisions: this meeting's, and the earlier meetings' still open or closed since the last.
  std::set<Id> earlier;
  for (const Meeting& x : all) {
    if (x.group_id == a.group.id && x.id != a.meeting.id && x.starts_at <= a.meeting.starts_at) {
      earlier.insert(x.id);
    }
  }
  std::vector<Decision> here, open, closed;
  for (const Decision& d : store_.decisions(m)) {
    if (d.meeting_id == a.meeting.id) {
      here.push_back(d);
    } else if (earlier.count(d.meeting_id)) {
      if (d.status == DecisionStatus::open) {
        open.push_back(d);
      } else if (d.closed_in_meeting == a.meeting.id ||
                 (a.previous && d.closed_at && *d.closed_at >= a.previous->starts_at)) {
        closed.push_back(d);
      }
    }
  }
  a.decisions = lines(m, here, day);
  a.open_items = lines(m, open, day);
  a.closed_items = lines(m, closed, day);
  for (Id o : a.group.organisation_ids) a.members.push_back(organisation_name(*ctx, o));
  for (Id o : a.meeting.attending_organisation_ids) {
    a.attending.push_back(organisation_name(*ctx, o));
  }
  a.attending_people = a.meeting.attending_user_ids.size();
  a.minutes = ingest::mask_personal_data(a.meeting.minutes);
  log(who, m, "forum.agenda", "meeting/" + std::to_string(id));
  return a;
}

std::string ForumService::material_pdf(const Principal& who, const std::string& municipality,
                                       Id id) {
  const report::MeetingAgenda a = agenda(who, municipality, id);
  log(who, a.municipality, "forum.material", "meeting/" + std::to_string(id));
  return report::meeting_pdf(a);
}

std::string ForumService::calendar(const Principal& who, const std::string& municipality,
                                   std::optional<Id> group) {
  const std::string m = reports_.readable_municipality(who, municipality);
  std::map<Id, ForumGroup> groups;
  for (ForumGroup& g : store_.forum_groups(m)) groups.emplace(g.id, std::move(g));
  if (group && !groups.count(*group)) {
    throw ServiceError(Kind::not_found, "no group " + std::to_string(*group) + " in " + m);
  }
  std::vector<report::CalendarEvent> events;
  for (const Meeting& x : store_.meetings(m)) {
    if (group && x.group_id != *group) continue;
    const auto gt = groups.find(x.group_id);
    if (gt == groups.end()) continue;
    report::CalendarEvent e;
    e.uid = "meeting-" + std::to_string(x.id) + "@" + m + ".lagesbild";
    e.starts_at = x.starts_at;
    e.duration_minutes = x.duration_minutes;
    e.summary = gt->second.name;
    e.location = x.location;
    // Minutes stay out of calendars: they are shared far beyond the group.
    e.description = std::string(swedish_label(gt->second.kind)) + ", " +
                    std::string(swedish_label(gt->second.cadence)) +
                    ". Dagordning: /api/v1/meetings/" + std::to_string(x.id) + "/agenda";
    e.cancelled = x.status == MeetingStatus::cancelled;
    events.push_back(std::move(e));
  }
  log(who, m, "forum.calendar", group ? "group/" + std::to_string(*group) : "meetings");
  const std::string name =
      group ? groups.at(*group).name : "Samverkansforum " + contexts_.get(m)->municipality().name;
  return report::meetings_ics(name, events, now_utc());
}

report::ForumOverview ForumService::overview(const Principal& who,
                                             const std::string& municipality) {
  const std::string m = reports_.readable_municipality(who, municipality);
  const auto ctx = contexts_.get(m);
  report::ForumOverview o;
  o.municipality = m;
  const int today = local_day(now_utc());
  o.today = format_day(today);
  const std::vector<Decision> decisions = store_.decisions(m);
  o.items = lines(m, decisions, today);
  std::set<Id> decided;
  for (const Decision& d : decisions) {
    if (d.measure_id) decided.insert(*d.measure_id);
  }
  for (const Measure& x : store_.measures(m)) {
    if (decided.count(x.id)) continue;
    report::DecisionLine l;
    l.kind = "measure";
    l.title = x.title;
    l.organisation = organisation_name(*ctx, x.organisation_id);
    l.due = x.end_day ? format_day(*x.end_day) : "";
    l.status = is_final(x.status) ? "closed" : "open";
    l.measure_id = x.id;
    l.measure_status = std::string(to_string(x.status));
    l.overdue = !is_final(x.status) && x.status != MeasureStatus::completed && x.end_day &&
                *x.end_day < today;
    for (Id a : x.area_ids) l.areas.push_back(area_name(*ctx, a));
    for (Id c : x.category_ids) l.categories.push_back(category_name(*ctx, c));
    o.items.push_back(std::move(l));
  }
  std::map<std::string, report::ForumOverview::Count> area, category, organisation, status, group;
  const auto count = [](std::map<std::string, report::ForumOverview::Count>& into,
                        const std::string& key, const report::DecisionLine& l) {
    auto& c = into[key];
    c.key = key;
    ++c.total;
    if (l.status == "open") ++c.open;
    if (l.overdue) ++c.overdue;
  };
  for (const report::DecisionLine& l : o.items) {
    ++o.total;
    if (l.status == "open") ++o.open;
    if (l.overdue) ++o.overdue;
    if (l.areas.empty()) count(area, "Hela kommunen", l);
    for (const auto& a : l.areas) count(area, a, l);
    if (l.categories.empty()) count(category, "Alla teman", l);
    for (const auto& c : l.categories) count(category, c, l);
    count(organisation, l.organisation, l);
    count(status, l.measure_status.empty() ? l.status : l.measure_status, l);
    count(group, l.group.empty() ? "Utan grupp" : l.group, l);
  }
  const auto flat = [](const std::map<std::string, report::ForumOverview::Count>& in) {
    std::vector<report::ForumOverview::Count> out;
    for (const auto& [k, c] : in) out.push_back(c);
    return out;
  };
  o.by_area = flat(area);
  o.by_category = flat(category);
  o.by_organisation = flat(organisation);
  o.by_status = flat(status);
  o.by_group = flat(group);
  log(who, m, "forum.overview", "overview");
  return o;
}

std::string ForumService::overview_csv(const Principal& who, const std::string& municipality) {
  return report::overview_csv(overview(who, municipality));
}

CollaborationAgreement ForumService::create_agreement(const Principal& who,
                                                      const AgreementInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::measure_manage, "writing collaboration agreements");
  const auto ctx = contexts_.get(m);
  Errors errors;
  CollaborationAgreement a;
  a.municipality = m;
  a.title = in.title;
  if (blank(a.title)) {
    errors.push_back({"title", 0, "is required, e.g. Samverkansöverenskommelse 2026–2028"});
  }
  check_text("title", a.title, kMaxTitleChars, errors);
  const auto from = parse_day(in.from), to = parse_day(in.to);
  if (!from) errors.push_back({"from", 0, "is required: the first day, YYYY-MM-DD"});
  if (!to) errors.push_back({"to", 0, "is required: the last day, YYYY-MM-DD"});
  if (from && to && *to < *from) {
    errors.push_back({"to", 0, "is before from (" + format_day(*from) + ")"});
  }
  a.from_day = from.value_or(0);
  a.to_day = to.value_or(0);
  a.party_ids = organisations_of(*ctx, in.parties, "parties", errors);
  if (in.parties.empty()) {
    errors.push_back({"parties", 0, "needs at least one party, e.g. Polisen"});
  }
  a.area_ids = areas_of(*ctx, in.areas, "areas", errors);
  a.category_ids = categories_of(*ctx, in.categories, "categories", errors);
  a.commitments = in.commitments;
  check_text("commitments", a.commitments, kMaxTextChars, errors);
  guard(m, "commitments", a.commitments, errors);
  std::set<Id> promises, measures;
  for (const CitizenPromise& p : store_.citizen_promises(m)) {
    if (p.municipality == m) promises.insert(p.id);
  }
  for (const Measure& x : store_.measures(m)) measures.insert(x.id);
  a.promise_ids = resolve_list(
      in.promises, "promises",
      [&](const std::string& t, std::string& why) -> std::optional<Id> {
        const auto id = id_text(t);
        if (id && promises.count(*id)) return id;
        why = "no citizen promise '" + t + "' kept by municipality " + m;
        return std::nullopt;
      },
      errors);
  a.measure_ids = resolve_list(
      in.measures, "measures",
      [&](const std::string& t, std::string& why) -> std::optional<Id> {
        const auto id = id_text(t);
        if (id && measures.count(*id)) return id;
        why = "no measure '" + t + "' in municipality " + m;
        return std::nullopt;
      },
      errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  a.created_by = who.user_id.value_or(0);
  a.created_at = now_utc();
  store_.transaction([&] {
    a.id = store_.insert_agreement(a);
    log(who, m, "forum.agreement.create", "agreement/" + std::to_string(a.id));
  });
  return a;
}

std::vector<CollaborationAgreement> ForumService::agreements(const Principal& who,
                                                             const std::string& municipality) {
  const std::string m = reports_.readable_municipality(who, municipality);
  log(who, m, "forum.agreements.list", "agreements");
  return store_.agreements(m);
}

CollaborationAgreement ForumService::follow_up(const Principal& who, Id id,
                                               const FollowUpInput& in) {
  const std::string m = reports_.municipality_for(who, in.municipality);
  require(who, m, Capability::measure_manage, "following up collaboration agreements");
  std::optional<CollaborationAgreement> a;
  for (CollaborationAgreement& x : store_.agreements(m)) {
    if (x.id == id) a = std::move(x);
  }
  if (!a) throw ServiceError(Kind::not_found, "no agreement " + std::to_string(id));
  Errors errors;
  const int first_year = std::stoi(format_day(a->from_day).substr(0, 4));
  const int last_year = std::stoi(format_day(a->to_day).substr(0, 4));
  if (!in.year) {
    errors.push_back({"year", 0, "is required, e.g. " + std::to_string(first_year)});
  } else if (*in.year < first_year || *in.year > last_year) {
    errors.push_back({"year", 0,
                      "is outside the agreement's period (" + std::to_string(first_year) + "–" +
                          std::to_string(last_year) + ")"});
  }
  if (blank(in.text)) errors.push_back({"text", 0, "is required: what was done and seen"});
  check_text("text", in.text, kMaxTextChars, errors);
  guard(m, "text", in.text, errors);
  if (!errors.empty()) throw ServiceError::invalid(std::move(errors));
  AgreementFollowUp f{0, id, *in.year, in.text, who.user_id.value_or(0), now_utc()};
  store_.transaction([&] {
    f.id = store_.insert_agreement_follow_up(m, f);
    if (f.id == 0) throw ServiceError(Kind::not_found, "no agreement " + std::to_string(id));
    log(who, m, "forum.agreement.follow_up", "agreement/" + std::to_string(id));
  });
  a->follow_ups.push_back(f);
  return *a;
}

}  // namespace lagesbild

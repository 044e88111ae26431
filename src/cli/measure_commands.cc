// `lagesbild measure add|list|show|status|note|export` (the measures register),
// `lagesbild safety-walk add|list|observe` and `lagesbild citizen-promise
// add|list|activity|activity-status|report`. Thin: parse options, call the services as the local
// operator, write JSON, CSV, HTML or a one-line summary.
#include <iostream>

#include "cli/common.h"
#include "server/measure_json.h"
#include "service/service_error.h"

namespace lagesbild::cli {
namespace {

// The options of `measure add`, as text: an empty option is not given.
struct MeasureOptions {
  std::string title, description, kind, level, type, period, hotspot, organisation, start, end,
      cost;
  std::vector<std::string> areas, places, categories, partners;
};

MeasureInput input_of(const MeasureOptions& o, const std::string& municipality) {
  MeasureInput in;
  in.municipality = municipality;
  const auto set = [](std::optional<std::string>& into, const std::string& v) {
    if (!v.empty()) into = v;
  };
  set(in.title, o.title);
  set(in.description, o.description);
  set(in.kind, o.kind);
  set(in.level, o.level);
  set(in.type, o.type);
  set(in.period, o.period);
  set(in.hotspot, o.hotspot);
  set(in.organisation, o.organisation);
  set(in.start, o.start);
  set(in.end, o.end);
  in.areas = o.areas;
  if (!o.places.empty()) in.places = o.places;
  if (!o.categories.empty()) in.categories = o.categories;
  if (!o.partners.empty()) in.partners = o.partners;
  if (!o.cost.empty()) {
    try {
      std::size_t used = 0;
      const double c = std::stod(o.cost, &used);
      if (used != o.cost.size()) throw std::invalid_argument("trailing text");
      in.cost = c;
    } catch (const std::exception&) {
      throw ServiceError::invalid("--cost", "must be a number (SEK)");
    }
  }
  return in;
}

std::string summary(const Measure& m) {
  return "measure " + std::to_string(m.id) + ": " + m.title + " (" +
         std::string(to_string(m.status)) + ")\n";
}

void register_measure(CLI::App& app) {
  auto* group = app.add_subcommand("measure", "The measures register (åtgärder)");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("add", "Register a proposed measure");
    auto* c = make_option_storage<Common>();
    auto* o = make_option_storage<MeasureOptions>();
    add_common(cmd, *c);
    cmd->add_option("--title", o->title, "Short name")->required();
    cmd->add_option("--description", o->description, "What is done, and why");
    cmd->add_option("--kind", o->kind, "situational or social")->required();
    cmd->add_option("--level", o->level, "universal, selective or indicated")->required();
    cmd->add_option("--type", o->type,
                    "lighting, camera_surveillance, safety_hosts, field_work, parental_support, "
                    "sspf_sig, physical_repair, cleaning or other")
        ->required();
    cmd->add_option("--area", o->areas, "Target area name or id (repeatable)")->required();
    cmd->add_option("--place", o->places, "Place name or id (repeatable)");
    cmd->add_option("--category", o->categories, "Category it answers (repeatable)");
    cmd->add_option("--period", o->period, "The lägesbild period it was decided on (2026-W45)");
    cmd->add_option("--hotspot", o->hotspot, "Hotspot reference (free text)");
    cmd->add_option("--organisation", o->organisation, "Responsible organisation")->required();
    cmd->add_option("--partner", o->partners, "Partner organisation (repeatable)");
    cmd->add_option("--start", o->start, "First day, YYYY-MM-DD")->required();
    cmd->add_option("--end", o->end, "Last day, YYYY-MM-DD");
    cmd->add_option("--cost", o->cost, "Cost in SEK");
    cmd->callback([c, o] {
      run(*c, [&](Services& s) {
        std::cout << summary(
            s.measures.create(Principal::operator_cli(), input_of(*o, c->municipality)));
      });
    });
  }
  const auto add_filters = [](CLI::App* cmd, MeasureFilter& f) {
    cmd->add_option("--status", f.status, "Only this status");
    cmd->add_option("--area", f.area, "Only measures in this area");
    cmd->add_option("--organisation", f.organisation, "Responsible or partner organisation");
  };
  {
    auto* cmd = group->add_subcommand("list", "The measures as JSON, newest start first");
    auto* c = make_option_storage<Common>();
    auto* f = make_option_storage<MeasureFilter>();
    add_common(cmd, *c, true);
    add_filters(cmd, *f);
    cmd->callback([c, f] {
      run(*c, [&](Services& s) {
        f->municipality = c->municipality;
        nlohmann::json out = nlohmann::json::array();
        for (const Measure& m : s.measures.list(Principal::operator_cli(), *f)) {
          out.push_back(server::measure_to_json(m, *s.measures.context(m.municipality)));
        }
        write_output(c->out, out.dump(2) + "\n");
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("show", "One measure as JSON, with history and notes");
    auto* c = make_option_storage<Common>();
    auto* id = make_option_storage<Id>(0);
    add_common(cmd, *c, true);
    cmd->add_option("id", *id, "Measure id")->required();
    cmd->callback([c, id] {
      run(*c, [&](Services& s) {
        const Measure m = s.measures.get(Principal::operator_cli(), c->municipality, *id);
        write_output(
            c->out, server::measure_to_json(m, *s.measures.context(m.municipality)).dump(2) + "\n");
      });
    });
  }
  {
    auto* cmd = group->add_subcommand(
        "status", "Move a measure one step: decided, ongoing, completed, evaluated (or cancelled)");
    auto* c = make_option_storage<Common>();
    auto* id = make_option_storage<Id>(0);
    auto* change = make_option_storage<StatusChange>();
    add_common(cmd, *c);
    cmd->add_option("id", *id, "Measure id")->required();
    cmd->add_option("--to", change->status, "The new status")->required();
    cmd->add_option("--note", change->note, "Why, or what was decided");
    cmd->callback([c, id, change] {
      run(*c, [&](Services& s) {
        std::cout << summary(
            s.measures.change_status(Principal::operator_cli(), c->municipality, *id, *change));
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("note", "Add a follow-up note to a measure");
    auto* c = make_option_storage<Common>();
    auto* id = make_option_storage<Id>(0);
    auto* text = make_option_storage<std::string>();
    add_common(cmd, *c);
    cmd->add_option("id", *id, "Measure id")->required();
    cmd->add_option("--text", *text, "The note")->required();
    cmd->callback([c, id, text] {
      run(*c, [&](Services& s) {
        const Measure m =
            s.measures.add_note(Principal::operator_cli(), c->municipality, *id, *text);
        std::cout << "measure " << m.id << ": " << m.notes.size() << " note(s)\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("export", "The register as CSV (docs/MEASURES.md)");
    auto* c = make_option_storage<Common>();
    auto* f = make_option_storage<MeasureFilter>();
    add_common(cmd, *c, true);
    add_filters(cmd, *f);
    cmd->callback([c, f] {
      run(*c, [&](Services& s) {
        f->municipality = c->municipality;
        write_output(c->out, s.measures.export_csv(Principal::operator_cli(), *f));
      });
    });
  }
}

void register_safety_walk(CLI::App& app) {
  auto* group = app.add_subcommand("safety-walk", "Safety walks (trygghetsvandringar)");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("add", "Record a safety walk");
    auto* c = make_option_storage<Common>();
    auto* in = make_option_storage<SafetyWalkInput>();
    add_common(cmd, *c);
    cmd->add_option("--date", in->date, "Day of the walk, YYYY-MM-DD")->required();
    cmd->add_option("--area", in->areas, "Area walked (repeatable)")->required();
    cmd->add_option("--route", in->route, "The route");
    cmd->add_option("--organisation", in->organisations, "Participating organisation (repeatable)");
    cmd->callback([c, in] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        const SafetyWalk w = s.safety_walks.create(Principal::operator_cli(), *in);
        std::cout << "safety walk " << w.id << " on " << in->date << "\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "The walks with their observations as JSON");
    auto* c = make_option_storage<Common>();
    add_common(cmd, *c, true);
    cmd->callback([c] {
      run(*c, [&](Services& s) {
        nlohmann::json out = nlohmann::json::array();
        for (const SafetyWalk& w :
             s.safety_walks.list(Principal::operator_cli(), c->municipality)) {
          out.push_back(server::safety_walk_to_json(w, *s.safety_walks.context(w.municipality)));
        }
        write_output(c->out, out.dump(2) + "\n");
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("observe", "Record an observation of a walk");
    auto* c = make_option_storage<Common>();
    auto* walk = make_option_storage<Id>(0);
    auto* in = make_option_storage<ObservationInput>();
    auto* lat = make_option_storage<double>(0);
    auto* lon = make_option_storage<double>(0);
    add_common(cmd, *c);
    cmd->add_option("walk", *walk, "Safety walk id")->required();
    cmd->add_option("--lat", *lat, "Latitude (WGS84)")->required();
    cmd->add_option("--lon", *lon, "Longitude (WGS84)")->required();
    cmd->add_option("--type", in->type,
                    "lighting, vegetation, graffiti, litter, damaged_property or other")
        ->required();
    cmd->add_option("--description", in->description, "What was seen");
    cmd->add_option("--organisation", in->organisation, "Responsible organisation");
    cmd->callback([c, walk, in, lat, lon] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        in->lat = *lat;
        in->lon = *lon;
        const WalkObservation o = s.safety_walks.observe(Principal::operator_cli(), *walk, *in);
        std::cout << "observation " << o.id << " of safety walk " << o.walk_id << "\n";
      });
    });
  }
}

void register_citizen_promise(CLI::App& app) {
  auto* group = app.add_subcommand("citizen-promise", "Medborgarlöften and their follow-up");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand("add", "Record a citizen promise for a year");
    auto* c = make_option_storage<Common>();
    auto* in = make_option_storage<CitizenPromiseInput>();
    auto* year = make_option_storage<int>(0);
    add_common(cmd, *c);
    cmd->add_option("--year", *year, "The year it covers")->required();
    cmd->add_option("--police-area", in->police_area, "Lokalpolisområde")->required();
    cmd->add_option("--with", in->municipalities, "Another municipality's code (repeatable)");
    cmd->add_option("--period", in->period, "The lägesbild it builds on, e.g. 2025");
    cmd->add_option("--text", in->text, "The promise");
    cmd->callback([c, in, year] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        in->year = *year;
        const CitizenPromise p = s.citizen_promises.create(Principal::operator_cli(), *in);
        std::cout << "citizen promise " << p.id << ": " << p.year << " " << p.police_area << "\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "The promises with their activities as JSON");
    auto* c = make_option_storage<Common>();
    add_common(cmd, *c, true);
    cmd->callback([c] {
      run(*c, [&](Services& s) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& p : s.citizen_promises.list(Principal::operator_cli(), c->municipality)) {
          out.push_back(
              server::citizen_promise_to_json(p, *s.citizen_promises.context(p.municipality)));
        }
        write_output(c->out, out.dump(2) + "\n");
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("activity", "Add an activity to a promise");
    auto* c = make_option_storage<Common>();
    auto* promise = make_option_storage<Id>(0);
    auto* in = make_option_storage<ActivityInput>();
    add_common(cmd, *c);
    cmd->add_option("promise", *promise, "Citizen promise id")->required();
    cmd->add_option("--text", in->text, "What will be done")->required();
    cmd->add_option("--organisation", in->organisation, "Who owns it")->required();
    cmd->add_option("--deadline", in->deadline, "Done by, YYYY-MM-DD");
    cmd->add_option("--status", in->status, "planned, ongoing, done or cancelled");
    cmd->callback([c, promise, in] {
      run(*c, [&](Services& s) {
        const auto p = s.citizen_promises.add_activity(Principal::operator_cli(), c->municipality,
                                                       *promise, *in);
        std::cout << "citizen promise " << p.id << ": " << p.activities.size() << " activities\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("activity-status", "Set an activity's status");
    auto* c = make_option_storage<Common>();
    auto* activity = make_option_storage<Id>(0);
    auto* status = make_option_storage<std::string>();
    add_common(cmd, *c);
    cmd->add_option("activity", *activity, "Activity id")->required();
    cmd->add_option("--status", *status, "planned, ongoing, done or cancelled")->required();
    cmd->callback([c, activity, status] {
      run(*c, [&](Services& s) {
        ActivityPatch patch;
        patch.municipality = c->municipality;
        patch.status = *status;
        s.citizen_promises.update_activity(Principal::operator_cli(), *activity, patch);
        std::cout << "activity " << *activity << ": " << *status << "\n";
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("report", "The year's follow-up as HTML or PDF");
    auto* c = make_option_storage<Common>();
    auto* promise = make_option_storage<Id>(0);
    auto* format = make_option_storage<std::string>("html");
    add_common(cmd, *c, true);
    cmd->add_option("promise", *promise, "Citizen promise id")->required();
    cmd->add_option("--format", *format, "html (default) or pdf");
    cmd->callback([c, promise, format] {
      run(*c, [&](Services& s) {
        write_output(c->out, s.citizen_promises.report(Principal::operator_cli(), c->municipality,
                                                       *promise, *format));
      });
    });
  }
}

}  // namespace

void register_measures(CLI::App& app) {
  register_measure(app);
  register_safety_walk(app);
  register_citizen_promise(app);
}

}  // namespace lagesbild::cli

// `lagesbild group add|list`, `meeting add|schedule|list|minutes|agenda|calendar`,
// `decision add|close`, `agreement add|list|follow-up` and `forum overview`: the collaboration
// forums (docs/FORUMS.md). Thin: parse options, call ForumService as the local operator, write
// JSON, PDF, iCalendar, CSV or a one-line summary.
#include <iostream>

#include "cli/common.h"
#include "server/forum_json.h"
#include "service/service_error.h"

namespace lagesbild::cli {
namespace {

using nlohmann::json;

std::string personal_data_note(const std::vector<ingest::PersonalDataKind>& kinds) {
  if (kinds.empty()) return "";
  std::string out = " (warning: personal data in the text:";
  for (auto k : kinds) out += " " + std::string(ingest::to_string(k));
  return out + "; shared outputs mask it)";
}

void register_group(CLI::App& app) {
  auto* top = app.add_subcommand("group", "Collaboration groups (styrgrupp, EST-grupp, SSPF ...)");
  top->require_subcommand(1);
  {
    auto* cmd = top->add_subcommand("add", "Create a group");
    auto* c = make_option_storage<Common>();
    auto* in = make_option_storage<GroupInput>();
    add_common(cmd, *c);
    cmd->add_option("--name", in->name, "Name")->required();
    cmd->add_option("--kind", in->kind,
                    "steering, management, council, operational, thematic, local_network, sspf")
        ->required();
    cmd->add_option("--cadence", in->cadence,
                    "weekly, every_other_week, monthly, four_times_a_year")
        ->required();
    cmd->add_option("--organisation", in->organisations, "Member organisation (repeatable)");
    cmd->add_option("--member", in->members, "Member user: username or id (repeatable)");
    cmd->add_option("--area", in->areas, "Area it covers (repeatable)");
    cmd->add_option("--category", in->categories, "Theme (category) it covers (repeatable)");
    cmd->callback([c, in] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        const ForumGroup g = s.forums.create_group(Principal::operator_cli(), *in);
        std::cout << "group " << g.id << ": " << g.name << "\n";
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("list", "The groups as JSON");
    auto* c = make_option_storage<Common>();
    add_common(cmd, *c, true);
    cmd->callback([c] {
      run(*c, [&](Services& s) {
        const Principal p = Principal::operator_cli();
        const std::string m = s.reports.readable_municipality(p, c->municipality);
        json out = json::array();
        for (const ForumGroup& g : s.forums.groups(p, m)) {
          out.push_back(server::group_to_json(g, *s.forums.context(m), nullptr));
        }
        write_output(c->out, out.dump(2) + "\n");
      });
    });
  }
}

void register_meeting(CLI::App& app) {
  auto* top = app.add_subcommand("meeting", "Meetings of the groups: agenda, minutes, calendar");
  top->require_subcommand(1);
  {
    auto* cmd = top->add_subcommand("add", "Schedule one meeting");
    auto* c = make_option_storage<Common>();
    auto* in = make_option_storage<MeetingInput>();
    auto* duration = make_option_storage<int>(0);
    add_common(cmd, *c);
    cmd->add_option("--group", in->group_id, "Group id")->required();
    cmd->add_option("--starts", in->starts, "Start, 2026-11-16T09:00 (local time)")->required();
    cmd->add_option("--duration", *duration, "Minutes (default 90)");
    cmd->add_option("--location", in->location, "Where");
    cmd->callback([c, in, duration] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        if (*duration) in->duration_minutes = *duration;
        const Meeting m = s.forums.create_meeting(Principal::operator_cli(), *in);
        std::cout << "meeting " << m.id << ": " << format_local(m.starts_at) << "\n";
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("schedule", "Schedule the next N meetings by the cadence");
    auto* c = make_option_storage<Common>();
    auto* in = make_option_storage<ScheduleInput>();
    add_common(cmd, *c);
    cmd->add_option("--group", in->group_id, "Group id")->required();
    cmd->add_option("--count", in->count, "How many (1..52)");
    cmd->add_option("--first", in->first, "The first start when the group has no meeting yet");
    cmd->add_option("--location", in->location, "Where");
    cmd->callback([c, in] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        for (const Meeting& m : s.forums.schedule(Principal::operator_cli(), *in)) {
          std::cout << "meeting " << m.id << ": " << format_local(m.starts_at) << "\n";
        }
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("list", "Meetings as JSON, oldest first");
    auto* c = make_option_storage<Common>();
    auto* group = make_option_storage<Id>(0);
    add_common(cmd, *c, true);
    cmd->add_option("--group", *group, "Only this group's");
    cmd->callback([c, group] {
      run(*c, [&](Services& s) {
        const Principal p = Principal::operator_cli();
        const std::string m = s.reports.readable_municipality(p, c->municipality);
        json out = json::array();
        for (const Meeting& x :
             s.forums.meetings(p, m, *group ? std::optional<Id>(*group) : std::nullopt)) {
          out.push_back(server::meeting_to_json(x, *s.forums.context(m)));
        }
        write_output(c->out, out.dump(2) + "\n");
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("minutes", "Minutes, attendance and status of a meeting");
    auto* c = make_option_storage<Common>();
    auto* id = make_option_storage<Id>(0);
    auto* text = make_option_storage<std::string>();
    auto* file = make_option_storage<std::string>();
    auto* status = make_option_storage<std::string>();
    auto* orgs = make_option_storage<std::vector<std::string>>();
    add_common(cmd, *c);
    cmd->add_option("id", *id, "Meeting id")->required();
    cmd->add_option("--text", *text, "The minutes");
    cmd->add_option("--text-file", *file, "The minutes from a file");
    cmd->add_option("--status", *status, "planned, held or cancelled");
    cmd->add_option("--attending", *orgs, "Attending organisation (repeatable)");
    cmd->callback([c, id, text, file, status, orgs] {
      run(*c, [&](Services& s) {
        MinutesInput in;
        in.municipality = c->municipality;
        if (!file->empty()) {
          in.minutes = read_file(*file);
        } else if (!text->empty()) {
          in.minutes = *text;
        }
        if (!status->empty()) in.status = *status;
        if (!orgs->empty()) in.attending_organisations = *orgs;
        const MinutesResult r = s.forums.record(Principal::operator_cli(), *id, in);
        std::cout << "meeting " << r.meeting.id << ": " << to_string(r.meeting.status)
                  << personal_data_note(r.personal_data) << "\n";
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("agenda", "The agenda (JSON) or the meeting material (PDF)");
    auto* c = make_option_storage<Common>();
    auto* id = make_option_storage<Id>(0);
    auto* format = make_option_storage<std::string>("json");
    add_common(cmd, *c, true);
    cmd->add_option("id", *id, "Meeting id")->required();
    cmd->add_option("--format", *format, "json or pdf");
    cmd->callback([c, id, format] {
      run(*c, [&](Services& s) {
        const Principal p = Principal::operator_cli();
        if (*format == "pdf") {
          write_output(c->out, s.forums.material_pdf(p, c->municipality, *id));
        } else if (*format == "json") {
          write_output(
              c->out,
              server::agenda_to_json(s.forums.agenda(p, c->municipality, *id)).dump(2) + "\n");
        } else {
          throw ServiceError::invalid("--format", "must be json or pdf");
        }
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("calendar", "Meetings as iCalendar (.ics)");
    auto* c = make_option_storage<Common>();
    auto* group = make_option_storage<Id>(0);
    add_common(cmd, *c, true);
    cmd->add_option("--group", *group, "Only this group's");
    cmd->callback([c, group] {
      run(*c, [&](Services& s) {
        write_output(c->out, s.forums.calendar(Principal::operator_cli(), c->municipality,
                                               *group ? std::optional<Id>(*group) : std::nullopt));
      });
    });
  }
}

void register_decision(CLI::App& app) {
  auto* top = app.add_subcommand("decision", "Decisions of a meeting: tasks or measures");
  top->require_subcommand(1);
  {
    auto* cmd = top->add_subcommand("add", "Record a decision (a task, or a measure)");
    auto* c = make_option_storage<Common>();
    auto* in = make_option_storage<DecisionInput>();
    auto* people = make_option_storage<int>(-1);
    add_common(cmd, *c);
    cmd->add_option("--meeting", in->meeting_id, "Meeting id")->required();
    cmd->add_option("--title", in->title, "What was decided, in short")->required();
    cmd->add_option("--text", in->text, "More text");
    cmd->add_option("--kind", in->kind, "task (default) or measure");
    cmd->add_option("--organisation", in->organisation, "The owner organisation")->required();
    cmd->add_option("--due", in->due, "Due day, YYYY-MM-DD")->required();
    cmd->add_option("--people-count", *people, "How many people it concerns (a count)");
    cmd->add_option("--measure-kind", in->measure.kind, "For a measure: situational or social");
    cmd->add_option("--level", in->measure.level, "For a measure: universal, selective, indicated");
    cmd->add_option("--type", in->measure.type, "For a measure: its type (default other)");
    cmd->add_option("--measure-status", in->measure.status, "proposed (default) or decided");
    cmd->callback([c, in, people] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        if (*people >= 0) in->people_count = *people;
        const DecisionResult r = s.forums.decide(Principal::operator_cli(), *in);
        std::cout << "decision " << r.decision.id << ": " << r.decision.title
                  << (r.measure ? " (measure " + std::to_string(r.measure->id) + ")" : "")
                  << personal_data_note(r.personal_data) << "\n";
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("close", "Close an open decision");
    auto* c = make_option_storage<Common>();
    auto* id = make_option_storage<Id>(0);
    auto* meeting = make_option_storage<Id>(0);
    auto* in = make_option_storage<CloseInput>();
    add_common(cmd, *c);
    cmd->add_option("id", *id, "Decision id")->required();
    cmd->add_option("--meeting", *meeting, "The meeting that closes it");
    cmd->add_option("--note", in->note, "How it ended");
    cmd->callback([c, id, meeting, in] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        if (*meeting) in->meeting_id = *meeting;
        const Decision d = s.forums.close(Principal::operator_cli(), *id, *in);
        std::cout << "decision " << d.id << ": closed\n";
      });
    });
  }
}

void register_agreement(CLI::App& app) {
  auto* top =
      app.add_subcommand("agreement", "Collaboration agreements (samverkansöverenskommelser)");
  top->require_subcommand(1);
  {
    auto* cmd = top->add_subcommand("add", "Register an agreement");
    auto* c = make_option_storage<Common>();
    auto* in = make_option_storage<AgreementInput>();
    add_common(cmd, *c);
    cmd->add_option("--title", in->title, "Title")->required();
    cmd->add_option("--from", in->from, "First day, YYYY-MM-DD")->required();
    cmd->add_option("--to", in->to, "Last day, YYYY-MM-DD")->required();
    cmd->add_option("--party", in->parties, "Party organisation (repeatable)")->required();
    cmd->add_option("--area", in->areas, "Focus area (repeatable)");
    cmd->add_option("--category", in->categories, "Focus theme (repeatable)");
    cmd->add_option("--commitments", in->commitments, "What the parties commit to");
    cmd->add_option("--promise", in->promises, "Linked citizen promise id (repeatable)");
    cmd->add_option("--measure", in->measures, "Linked measure id (repeatable)");
    cmd->callback([c, in] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        const auto a = s.forums.create_agreement(Principal::operator_cli(), *in);
        std::cout << "agreement " << a.id << ": " << a.title << "\n";
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("list", "Agreements with their follow-ups as JSON");
    auto* c = make_option_storage<Common>();
    add_common(cmd, *c, true);
    cmd->callback([c] {
      run(*c, [&](Services& s) {
        const Principal p = Principal::operator_cli();
        const std::string m = s.reports.readable_municipality(p, c->municipality);
        json out = json::array();
        const auto measures = s.forums.linked_measures(m);
        const auto promises = s.forums.linked_promises(m);
        for (const auto& a : s.forums.agreements(p, m)) {
          out.push_back(server::agreement_to_json(a, *s.forums.context(m), measures, promises));
        }
        write_output(c->out, out.dump(2) + "\n");
      });
    });
  }
  {
    auto* cmd = top->add_subcommand("follow-up", "The yearly follow-up of an agreement");
    auto* c = make_option_storage<Common>();
    auto* id = make_option_storage<Id>(0);
    auto* year = make_option_storage<int>(0);
    auto* in = make_option_storage<FollowUpInput>();
    add_common(cmd, *c);
    cmd->add_option("id", *id, "Agreement id")->required();
    cmd->add_option("--year", *year, "The year followed up")->required();
    cmd->add_option("--text", in->text, "What was done and seen")->required();
    cmd->callback([c, id, year, in] {
      run(*c, [&](Services& s) {
        in->municipality = c->municipality;
        in->year = *year;
        s.forums.follow_up(Principal::operator_cli(), *id, *in);
        std::cout << "agreement " << *id << ": follow-up " << *year << " stored\n";
      });
    });
  }
}

void register_overview(CLI::App& app) {
  auto* top = app.add_subcommand("forum", "The steering group's overview");
  top->require_subcommand(1);
  auto* cmd = top->add_subcommand("overview", "Every measure and task across groups");
  auto* c = make_option_storage<Common>();
  auto* format = make_option_storage<std::string>("json");
  add_common(cmd, *c, true);
  cmd->add_option("--format", *format, "json or csv");
  cmd->callback([c, format] {
    run(*c, [&](Services& s) {
      const Principal p = Principal::operator_cli();
      if (*format == "csv") {
        write_output(c->out, s.forums.overview_csv(p, c->municipality));
      } else if (*format == "json") {
        write_output(
            c->out, server::overview_to_json(s.forums.overview(p, c->municipality)).dump(2) + "\n");
      } else {
        throw ServiceError::invalid("--format", "must be json or csv");
      }
    });
  });
}

}  // namespace

void register_forums(CLI::App& app) {
  register_group(app);
  register_meeting(app);
  register_decision(app);
  register_agreement(app);
  register_overview(app);
}

}  // namespace lagesbild::cli

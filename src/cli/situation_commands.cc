// `lagesbild situation` (the picture in every format) and the notes it carries: `assessment
// add`, `area-status set`, `nothing-to-report`. Thin: parse options, call SituationService, write.
#include <unistd.h>

#include <iostream>

#include "cli/common.h"
#include "server/evaluation_json.h"
#include "server/situation_formats.h"
#include "server/situation_json.h"
#include "service/service_error.h"

namespace lagesbild::cli {
namespace {

void register_picture(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "situation", "The lägesbild of a period: counts, flags, trends, coverage, assessment");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<SituationRequest>();
  auto* format = make_option_storage<std::string>("json");
  add_common(cmd, *c, true);
  cmd->add_option("--period", r->period,
                  "2026-W47, 2026-11, 2026-Q4, 2026 or 2026-11-01..2026-11-30 (default: this "
                  "week)");
  cmd->add_option("--area", r->areas, "Area name or id (repeatable)");
  cmd->add_option("--category", r->categories, "Category code or name (repeatable)");
  cmd->add_option("--organisation", r->organisations, "Organisation name (repeatable)");
  cmd->add_option("--baseline", r->baseline_periods, "Baseline periods (1..52)");
  cmd->add_option("--format", *format, "json, html, pdf, csv or geojson");
  cmd->callback([c, r, format] {
    run(*c, [&](Services& s) {
      r->municipality = c->municipality;
      if (!server::is_situation_format(*format)) {
        throw ServiceError::invalid("--format", "must be json, html, pdf, csv or geojson");
      }
      if (*format == "pdf" && c->out.empty() && ::isatty(1)) {
        throw ServiceError::invalid("--out", "a PDF goes to a file: give --out FILE");
      }
      const auto pic = s.situation.compile(Principal::operator_cli(), *r);
      write_output(c->out, server::render_situation(pic, *format, "--format").content);
      if (!c->out.empty()) {
        std::cerr << "lägesbild " << pic.period.label() << ": " << pic.situation.total_current
                  << " reports → " << c->out << "\n";
      }
    });
  });
}

void register_notes(CLI::App& app) {
  {
    auto* group = app.add_subcommand("assessment", "The coordinator's assessment of a period");
    group->require_subcommand(1);
    auto* cmd = group->add_subcommand("add", "Store a new version of a period's assessment");
    auto* c = make_option_storage<Common>();
    auto* r = make_option_storage<AssessmentRequest>();
    auto* file = make_option_storage<std::string>();
    add_common(cmd, *c);
    cmd->add_option("--period", r->period, "The period it assesses")->required();
    cmd->add_option("--text", r->text, "The assessment");
    cmd->add_option("--text-file", *file, "Read the assessment from this file");
    cmd->add_option("--actions", r->proposed_actions, "Proposed actions");
    cmd->callback([c, r, file] {
      run(*c, [&](Services& s) {
        if (!file->empty()) r->text = read_file(*file);
        r->municipality = c->municipality;
        const auto a = s.situation.assess(Principal::operator_cli(), *r);
        std::cout << "assessment of " << a.period << ", version " << a.version << "\n";
      });
    });
    auto* list = group->add_subcommand("list", "Every version of a period's assessment");
    auto* lc = make_option_storage<Common>();
    auto* period = make_option_storage<std::string>();
    add_common(list, *lc, true);
    list->add_option("--period", *period, "The period")->required();
    list->callback([lc, period] {
      run(*lc, [&](Services& s) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& a :
             s.situation.assessments(Principal::operator_cli(), lc->municipality, *period)) {
          out.push_back(server::assessment_to_json(a));
        }
        write_output(lc->out, out.dump(2) + "\n");
      });
    });
  }
  {
    auto* group = app.add_subcommand("area-status", "Areas on the green-to-red scale");
    group->require_subcommand(1);
    auto* cmd = group->add_subcommand("set", "Set an area's status from a period on");
    auto* c = make_option_storage<Common>();
    auto* r = make_option_storage<AreaStatusRequest>();
    add_common(cmd, *c);
    cmd->add_option("--area", r->area, "Area name or id")->required();
    cmd->add_option("--status", r->status, "green, yellow, orange or red")->required();
    cmd->add_option("--period", r->period, "The first period it holds for")->required();
    cmd->add_option("--note", r->note, "Why");
    cmd->callback([c, r] {
      run(*c, [&](Services& s) {
        r->municipality = c->municipality;
        const auto st = s.situation.set_area_status(Principal::operator_cli(), *r);
        std::cout << r->area << ": " << to_string(st.status) << " from " << r->period << "\n";
      });
    });
  }
  {
    auto* cmd = app.add_subcommand("nothing-to-report",
                                   "Record that an organisation saw nothing in a period");
    auto* c = make_option_storage<Common>();
    auto* r = make_option_storage<NothingToReportRequest>();
    add_common(cmd, *c);
    cmd->add_option("--organisation", r->organisation, "Organisation name")->required();
    cmd->add_option("--period", r->period, "The period")->required();
    cmd->add_option("--area", r->areas, "Area name or id (repeatable; default: everywhere)");
    cmd->callback([c, r] {
      run(*c, [&](Services& s) {
        r->municipality = c->municipality;
        const auto stored = s.situation.declare_nothing_to_report(Principal::operator_cli(), *r);
        std::cout << r->organisation << ": nothing to report in " << r->period << " ("
                  << stored.size() << " declaration(s))\n";
      });
    });
  }
}

void register_evaluate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "evaluate", "Did a measure work? Before/after against a comparison area (WDD, WDQ)");
  auto* c = make_option_storage<Common>();
  auto* r = make_option_storage<EvaluationRequest>();
  auto* format = make_option_storage<std::string>("json");
  add_common(cmd, *c, true);
  auto* measure = make_option_storage<Id>(0);
  cmd->add_option("--measure", *measure,
                  "A measure of the register: its area, categories and start fill in what is "
                  "not given");
  cmd->add_option("--target-area", r->target_area, "The measure's area");
  cmd->add_option("--comparison-area", r->comparison_area, "An untouched, similar area")
      ->required();
  cmd->add_option("--displacement-area", r->displacement_area, "Where the problem could move");
  cmd->add_option("--displacement-comparison-area", r->displacement_comparison_area,
                  "Comparison for the displacement area (default: the comparison area)");
  cmd->add_option("--category", r->categories,
                  "Category code or name (repeatable; includes sub-categories; default: all)");
  cmd->add_option("--before", r->before,
                  "Period before, e.g. 2024-09-02..2025-08-31 (with --measure: the year before "
                  "its start)");
  cmd->add_option("--after", r->after, "Period after (with --measure: its start to yesterday)");
  cmd->add_option("--title", r->title, "Heading, e.g. the measure's name");
  cmd->add_option("--format", *format, "json, html or pdf");
  cmd->callback([c, r, format, measure] {
    run(*c, [&](Services& s) {
      if (*measure != 0) r->measure_id = *measure;
      if (!server::is_evaluation_format(*format)) {
        throw ServiceError::invalid("--format", "must be json, html or pdf");
      }
      r->municipality = c->municipality;
      const auto e = s.evaluation.evaluate(Principal::operator_cli(), *r);
      write_output(c->out, server::render_evaluation(e, *format, "--format").content);
      if (!c->out.empty()) std::cerr << e.verdict << "\n";
    });
  });
}

}  // namespace

void register_situation(CLI::App& app) {
  register_picture(app);
  register_notes(app);
  register_evaluate(app);
}

}  // namespace lagesbild::cli

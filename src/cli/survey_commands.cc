// `lagesbild survey import|list|trends` (trygghetsmätningar), `lagesbild action-plan` and
// `lagesbild annual-report` (the register's yearly documents). Thin: parse options, call the
// services as the local operator, write JSON, text, HTML or PDF.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/common.h"
#include "server/survey_json.h"
#include "service/service_error.h"

namespace lagesbild::cli {
namespace {

struct SurveyOptions {
  std::string area, indicator, format = "text";
  std::optional<int> from, to;
  std::vector<std::string> categories;
  double confidence = 0.95;
};

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", 100 * share);
  return buf;
}

// The trends as lines a person reads in a terminal.
std::string trends_text(const SurveyTrends& t) {
  std::string out;
  for (const SurveySeries& s : t.series) {
    out += s.area_name + " · " + s.indicator + "\n";
    for (const SurveyPoint& p : s.points) {
      out += "  " + std::to_string(p.year) + "  " + percent(p.share) + " (" + percent(p.ci.low) +
             "–" + percent(p.ci.high) + ", n " + std::to_string(p.respondents) + ")  " +
             std::to_string(p.incidents) + " händelser\n";
    }
    if (!s.reading.empty()) out += "  " + s.reading + "\n";
  }
  if (t.series.empty()) out += "Inga trygghetsmätningar.\n";
  return out;
}

void register_survey(CLI::App& app) {
  auto* group = app.add_subcommand("survey", "Safety surveys (trygghetsmätningar)");
  group->require_subcommand(1);
  {
    auto* cmd = group->add_subcommand(
        "import", "Import a survey table (CSV: area, year, indicator, value, n), all rows or none");
    auto* c = make_option_storage<Common>();
    auto* file = make_option_storage<std::string>();
    auto* dry_run = make_option_storage<bool>(false);
    add_common(cmd, *c);
    cmd->add_option("file", *file, "CSV file")->required();
    cmd->add_flag("--dry-run", *dry_run, "Check every row, store nothing");
    cmd->callback([c, file, dry_run] {
      run(*c, [&](Services& s) {
        const auto r = s.surveys.import_csv(Principal::operator_cli(), c->municipality,
                                            read_file(*file), *dry_run);
        if (r.dry_run) {
          std::cout << r.rows << " rows are valid; nothing stored (dry run)\n";
        } else {
          std::cout << r.rows << " rows: " << r.inserted << " new, " << r.replaced << " replaced\n";
        }
      });
    });
  }
  {
    auto* cmd = group->add_subcommand("list", "The stored survey values (JSON)");
    auto* c = make_option_storage<Common>();
    auto* o = make_option_storage<SurveyOptions>();
    add_common(cmd, *c, true);
    cmd->add_option("--area", o->area, "Area name or id; 'kommunen' for the whole municipality");
    cmd->add_option("--indicator", o->indicator, "Indicator (exact, any case)");
    cmd->callback([c, o] {
      run(*c, [&](Services& s) {
        const auto values =
            s.surveys.list(Principal::operator_cli(), {c->municipality, o->area, o->indicator});
        server::json out = server::json::array();
        if (!values.empty()) {
          const auto ctx = s.surveys.context(values.front().municipality);
          for (const SurveyValue& v : values) out.push_back(server::survey_value_json(v, *ctx));
        }
        write_output(c->out, out.dump(2) + "\n");
      });
    });
  }
  {
    auto* cmd = group->add_subcommand(
        "trends", "Shares per area and indicator with confidence intervals and incidents beside");
    auto* c = make_option_storage<Common>();
    auto* o = make_option_storage<SurveyOptions>();
    add_common(cmd, *c, true);
    cmd->add_option("--area", o->area, "Area name or id; 'kommunen' for the whole municipality");
    cmd->add_option("--indicator", o->indicator, "Indicator (exact, any case)");
    cmd->add_option("--from", o->from, "First year of the change test (with --to)");
    cmd->add_option("--to", o->to, "Second year of the change test (default: the two latest)");
    cmd->add_option("--category", o->categories, "Count incidents of this category (repeatable)");
    cmd->add_option("--confidence", o->confidence, "Confidence of the intervals (0.95)");
    cmd->add_option("--format", o->format, "text (default) or json");
    cmd->callback([c, o] {
      run(*c, [&](Services& s) {
        if (o->format != "text" && o->format != "json") {
          throw ServiceError::invalid("--format", "must be text or json");
        }
        SurveyTrendRequest r;
        r.filter = {c->municipality, o->area, o->indicator};
        r.from_year = o->from;
        r.to_year = o->to;
        r.categories = o->categories;
        r.confidence = o->confidence;
        const SurveyTrends t = s.surveys.trends(Principal::operator_cli(), r);
        write_output(c->out,
                     o->format == "json" ? server::trends_json(t).dump(2) + "\n" : trends_text(t));
      });
    });
  }
}

// `action-plan` and `annual-report`: one year's document as HTML or PDF.
void register_document(CLI::App& app, const char* name, const char* help, bool plan) {
  auto* cmd = app.add_subcommand(name, help);
  auto* c = make_option_storage<Common>();
  auto* year = make_option_storage<std::optional<int>>();
  auto* format = make_option_storage<std::string>("html");
  add_common(cmd, *c, true);
  cmd->add_option("--year", *year, "The year (default: this year)");
  cmd->add_option("--format", *format, "html (default) or pdf");
  cmd->callback([c, year, format, plan] {
    run(*c, [&](Services& s) {
      if (*format == "pdf" && c->out.empty() && ::isatty(1)) {
        throw ServiceError::invalid("--out", "a PDF is not written to a terminal: give --out");
      }
      const Principal p = Principal::operator_cli();
      const MeasureDocument d =
          plan ? s.measure_documents.action_plan_document(p, c->municipality, *year, *format)
               : s.measure_documents.annual_report_document(p, c->municipality, *year, *format);
      write_output(c->out, d.content);
    });
  });
}

}  // namespace

void register_surveys(CLI::App& app) {
  register_survey(app);
  register_document(app, "action-plan",
                    "The action plan (åtgärdsplan, lag 2023:196) of a year and its follow-up",
                    true);
  register_document(app, "annual-report",
                    "The annual evaluation report: every measure of the year with status, "
                    "evaluation and cost",
                    false);
}

}  // namespace lagesbild::cli

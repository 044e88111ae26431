// The register's yearly documents: the action plan (åtgärdsplan) that lag (2023:196) om kommuners
// ansvar för brottsförebyggande arbete asks for, with its follow-up against the plan, and the
// annual evaluation report (the inventory of every measure with status, evaluation and cost).
// HTML (self-contained) and PDF (report/pdf_layout.h).
//
// The views below hold text that is ready to show (names, Swedish labels, dates): the service
// resolves and evaluates, these functions only lay out. Owns: the two documents. May use:
// report/pdf_layout.h, report/situation_html.h (html_escape). Pure (no I/O); thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lagesbild::report {

// A measure's evaluation in a sentence pair: the short result for a table ("−31 %, p = 0,004")
// and the verdict in full; both empty when it was not evaluated, `note` says why.
struct MeasureEffect {
  std::string short_text;
  std::string verdict;
  std::string note;      // "ingen efterperiod än", "inget jämförelseområde", ...
  bool effect = false;   // a statistically significant decrease (p < 0.05)
  bool too_few = false;  // too few events to judge
};

struct PlannedMeasure {
  std::int64_t id = 0;
  std::string title, type_label, kind_label, level_label;
  std::string areas, categories, organisation, partners;  // joined with ", "
  std::string start, end;                                 // "YYYY-MM-DD"; end "" when open
  std::optional<std::int64_t> cost_sek;
  std::string follow_up;        // how it will be followed up
  bool from_lagesbild = false;  // decided on the previous year's lägesbild
  std::string status_planned;   // the status when the plan year began (or now, before it)
  std::string status_actual;    // the status at the year's end (or now); follow-up only
  MeasureEffect effect;         // follow-up only
  std::string last_note;        // the latest follow-up note; follow-up only
};

struct ActionPlanView {
  std::string municipality_name;
  int year = 0;
  std::string lagesbild;         // the yearly lägesbild it builds on: "2025"
  std::string assessment;        // that lägesbild's latest assessment text, or ""
  std::string proposed_actions;  // and its proposed actions, or ""
  std::vector<PlannedMeasure> measures;
  // The follow-up against the plan, once the year has begun: "per 2027-12-31" (or today).
  bool follow_up = false;
  std::string follow_up_date;
};

std::string action_plan_html(const ActionPlanView& v);
// Throws std::runtime_error if Cairo fails.
std::string action_plan_pdf(const ActionPlanView& v);

// One line of an inventory table: a kind, level, type, organisation or area with its measures.
struct InventoryLine {
  std::string label;
  int measures = 0;
  int active = 0;             // not cancelled
  std::int64_t cost_sek = 0;  // of the measures that are not cancelled
};

struct InventoryMeasure {
  std::int64_t id = 0;
  std::string title, kind_label, level_label, type_label, organisation, areas, status;
  std::string start, end;
  std::optional<std::int64_t> cost_sek;
  MeasureEffect effect;
};

struct AnnualReportView {
  std::string municipality_name;
  int year = 0;
  std::string as_of;  // the day the statuses and evaluations are read: "2026-12-31" or today
  std::vector<InventoryMeasure> measures;
  std::vector<InventoryLine> by_status, by_kind, by_level, by_type, by_organisation, by_area;
  std::int64_t total_cost_sek = 0;  // measures not cancelled
  int evaluated = 0, with_effect = 0, too_few = 0, not_evaluable = 0;
};

std::string annual_report_html(const AnnualReportView& v);
// Throws std::runtime_error if Cairo fails.
std::string annual_report_pdf(const AnnualReportView& v);

// "125 000 kr"; "–" when unknown.
std::string money_text(const std::optional<std::int64_t>& sek);
// The head of the register's HTML documents, up to and including <body>.
std::string document_head(const std::string& title);

}  // namespace lagesbild::report

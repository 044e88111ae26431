// RFC 4180 fields and the spreadsheet formula guard, shared by every CSV the report module writes
// (report exports, the lägesbild's cell table).
//
// Owns: how one CSV field is written. May use: the standard library. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lagesbild::report {

// Spreadsheets run a cell that starts with = + - @ (or a tab or CR before one) as a formula: a
// report text such as "=HYPERLINK(...)" would become a live link or command in the coordinator's
// Excel (CSV injection). True for such text, and for text that already starts with an apostrophe
// (so that ingest::unguard_cell gives back exactly what was stored).
bool needs_formula_guard(std::string_view v);

// Appends `v` as one RFC 4180 field: quoted (quotes doubled) when it holds `,`, `"`, CR or LF,
// else as it is. For numbers and other values that are never formulas.
void append_csv_field(std::string& out, std::string_view v);

// Appends free or user-given text: as append_csv_field, with a leading ' when
// needs_formula_guard(v).
void append_csv_text(std::string& out, std::string_view v);

}  // namespace lagesbild::report

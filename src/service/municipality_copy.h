// Copying one municipality's data from one store to another (`lagesbild migrate`: a SQLite file
// to PostgreSQL when a deployment outgrows one file), through the Store interface only, so any
// engine copies to any other.
//
// Owns: the order of the copy (references before the rows that use them), translating every id
// (the target assigns its own), and the check of the counts. May use: store/.
// Thread-safety: the caller must keep others from writing the municipality in either store
// during the copy.
//
// What is copied: the municipality; its organisations, categories (the tree), areas, places;
// every user holding a role there, with those roles (a username the target already has gets the
// roles added), and any other user a copied row refers to (without roles); reports with their
// review; assessments (every version), area statuses, "nothing to report"; the police summaries
// of its county; measures with history and notes; safety walks with observations; citizen
// promises it keeps alone. Not copied: sessions (users log in again), the access log (it stays
// with the source as the record of who read what there), promises shared with other
// municipalities (listed in `not_copied`).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "store/store.h"

namespace lagesbild {

struct MunicipalityCopy {
  // Rows per kind ("reports", "areas", ...) in the source and, read back, in the target.
  std::map<std::string, std::size_t> source, target;
  std::vector<std::string> not_copied;  // what was left out, and why
};

// The counts copy_municipality compares: rows per kind of the municipality in `store`.
std::map<std::string, std::size_t> count_municipality_rows(Store& store, const std::string& code);

// Copies municipality `code` from `from` to `to` in one transaction on `to`, reads the counts
// back inside it and compares them with the source's: on any difference, or any error, the
// transaction is rolled back and nothing is stored. Throws std::invalid_argument when the source
// has no such municipality or the target already has it, std::runtime_error on a count
// mismatch, StoreError when an engine fails.
MunicipalityCopy copy_municipality(Store& from, Store& to, const std::string& code);

}  // namespace lagesbild

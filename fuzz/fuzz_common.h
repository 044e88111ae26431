// What the fuzz targets share: the input as text, and a report context (Borlänge's hand-made
// reference data from tests/ingest/borlange_fixture.h) built once per process.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "borlange_fixture.h"

namespace lagesbild::fuzz {

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline geo::Projector& projector() {
  static geo::Projector p;
  return p;
}

inline const ingest::ReportContext& borlange() {
  static const auto ctx = ingest::testing::borlange_context(projector());
  return *ctx;
}

inline ingest::ResolveOptions import_options(Source source) {
  ingest::ResolveOptions o;
  o.source = source;
  o.now = *parse_timestamp("2026-11-23T12:00:00Z");
  o.default_organisation = ingest::testing::kPolisen;
  return o;
}

// A property the parser promised and broke: abort, so libFuzzer saves the input.
[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "property broken: %s\n", what);
  std::abort();
}

}  // namespace lagesbild::fuzz

// Per-municipality reference data (ingest::ReportContext) built once and shared by every request
// until an edit of organisations, categories, areas, places or the municipality invalidates it.
//
// Thread-safety: safe for concurrent use. A context handed out stays valid (shared ownership)
// even if it is invalidated while in use.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "ingest/report_draft.h"
#include "store/store.h"

namespace lagesbild {

class ContextCache {
 public:
  explicit ContextCache(Store& store) : store_(store) {}

  // The municipality's context; throws ServiceError(not_found) for an unknown municipality.
  std::shared_ptr<const ingest::ReportContext> get(const std::string& municipality);
  void invalidate(const std::string& municipality);

 private:
  Store& store_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const ingest::ReportContext>> contexts_;
  // Bumped by invalidate(), so a context built from data read before an edit is not cached.
  std::unordered_map<std::string, std::uint64_t> generation_;
};

// A Projector for the calling thread (PROJ contexts are per thread).
const geo::Projector& thread_projector();

}  // namespace lagesbild

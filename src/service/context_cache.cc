#include "service/context_cache.h"

#include "service/service_error.h"

namespace lagesbild {

std::shared_ptr<const ingest::ReportContext> ContextCache::get(const std::string& municipality) {
  std::uint64_t generation = 0;
  {
    std::lock_guard lk(mu_);
    auto it = contexts_.find(municipality);
    if (it != contexts_.end()) return it->second;
    generation = generation_[municipality];
  }
  // Built outside the lock: it reads the store and builds spatial indexes.
  auto m = store_.municipality(municipality);
  if (!m) {
    throw ServiceError(ServiceError::Kind::not_found,
                       "unknown municipality '" + municipality + "'");
  }
  auto ctx = std::make_shared<const ingest::ReportContext>(
      std::move(*m), store_.organisations(municipality), store_.categories(municipality),
      store_.places(municipality), store_.areas(municipality));
  std::lock_guard lk(mu_);
  if (generation_[municipality] != generation) return ctx;  // edited meanwhile: use, don't cache
  return contexts_.try_emplace(municipality, std::move(ctx)).first->second;
}

void ContextCache::invalidate(const std::string& municipality) {
  std::lock_guard lk(mu_);
  contexts_.erase(municipality);
  ++generation_[municipality];
}

const geo::Projector& thread_projector() {
  thread_local geo::Projector projector;
  return projector;
}

}  // namespace lagesbild

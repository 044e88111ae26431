// The application's services over one store, as the HTTP server and the CLI both use them.
#pragma once

#include <memory>

#include "service/analysis_service.h"
#include "service/auth_service.h"
#include "service/context_cache.h"
#include "service/evaluation_service.h"
#include "service/reference_service.h"
#include "service/report_service.h"
#include "service/situation_service.h"
#include "store/store.h"

namespace lagesbild {

struct Services {
  explicit Services(Store& s)
      : store(s),
        contexts(s),
        auth(s),
        reports(s, contexts),
        reference(s, contexts),
        situation(s, contexts, reports),
        evaluation(s, contexts, reports),
        analysis(s, contexts, reports) {}
  Store& store;
  ContextCache contexts;
  AuthService auth;
  ReportService reports;
  ReferenceService reference;
  SituationService situation;
  EvaluationService evaluation;
  AnalysisService analysis;
};

}  // namespace lagesbild

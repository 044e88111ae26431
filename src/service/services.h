// The application's services over one store, as the HTTP server and the CLI both use them.
#pragma once

#include <memory>

#include "service/analysis_service.h"
#include "service/auth_service.h"
#include "service/citizen_promise_service.h"
#include "service/context_cache.h"
#include "service/evaluation_service.h"
#include "service/measure_service.h"
#include "service/police_event_service.h"
#include "service/reference_service.h"
#include "service/report_service.h"
#include "service/safety_walk_service.h"
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
        analysis(s, contexts, reports),
        measures(s, contexts, reports),
        safety_walks(s, contexts, reports, measures),
        citizen_promises(s, contexts, reports),
        police(s, contexts, reference) {}
  Store& store;
  ContextCache contexts;
  AuthService auth;
  ReportService reports;
  ReferenceService reference;
  SituationService situation;
  EvaluationService evaluation;
  AnalysisService analysis;
  MeasureService measures;
  SafetyWalkService safety_walks;
  CitizenPromiseService citizen_promises;
  PoliceEventService police;
};

}  // namespace lagesbild

// The application's services over one store, as the HTTP server and the CLI both use them.
#pragma once

#include <memory>

#include "service/analysis_service.h"
#include "service/auth_service.h"
#include "service/citizen_promise_service.h"
#include "service/context_cache.h"
#include "service/evaluation_service.h"
#include "service/forum_service.h"
#include "service/measure_document_service.h"
#include "service/measure_service.h"
#include "service/open_data_service.h"
#include "service/police_event_service.h"
#include "service/reference_service.h"
#include "service/report_service.h"
#include "service/retention_service.h"
#include "service/safety_walk_service.h"
#include "service/situation_service.h"
#include "service/survey_service.h"
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
        forums(s, contexts, reports, situation, measures, analysis),
        safety_walks(s, contexts, reports, measures),
        citizen_promises(s, contexts, reports),
        surveys(s, contexts, reports),
        measure_documents(s, contexts, reports, evaluation),
        police(s, contexts, reference),
        retention(s),
        open_data(s) {}
  Store& store;
  ContextCache contexts;
  AuthService auth;
  ReportService reports;
  ReferenceService reference;
  SituationService situation;
  EvaluationService evaluation;
  AnalysisService analysis;
  MeasureService measures;
  ForumService forums;
  SafetyWalkService safety_walks;
  CitizenPromiseService citizen_promises;
  SurveyService surveys;
  MeasureDocumentService measure_documents;
  PoliceEventService police;
  RetentionService retention;
  OpenDataService open_data;
};

}  // namespace lagesbild

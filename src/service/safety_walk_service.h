// Safety walks (trygghetsvandringar): a walk through one or more areas with the organisations
// that took part, and what was seen on it, each observation at a point with a responsible
// organisation and a status; an observation can become a proposed measure in one action.
//
// Owns: validating walks and observations (points projected and placed in their area as a
// report's are), the observation -> measure step, and who may do what. May use: store/,
// ingest/ (ReportContext), geo/ (projection), service/ (MeasureService, ReportService).
//
// Access (docs/ACCESS.md): every role of the municipality reads walks; analysts, coordinators and
// admins record walks and observations and assign them; the reporters of an observation's
// responsible organisation may change its status; coordinators and admins turn an observation
// into a measure. Every read and write is audited. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/measure.h"
#include "service/measure_service.h"

namespace lagesbild {

struct SafetyWalkInput {
  std::string municipality;
  std::string date;                        // "YYYY-MM-DD", required, not in the future
  std::vector<std::string> areas;          // names or ids, at least one
  std::string route;                       // free text
  std::vector<std::string> organisations;  // participating organisations, names or ids
};

struct ObservationInput {
  std::string municipality;
  std::optional<double> lat, lon;  // required
  std::string type;  // lighting, vegetation, graffiti, litter, damaged_property, other
  std::string description;
  std::string organisation;  // responsible organisation (name or id); optional
};

struct ObservationPatch {
  std::string municipality;
  std::optional<std::string> status;        // open, in_progress, done
  std::optional<std::string> organisation;  // name or id; "" unassigns
};

class SafetyWalkService {
 public:
  SafetyWalkService(Store& store, ContextCache& contexts, ReportService& reports,
                    MeasureService& measures)
      : store_(store), contexts_(contexts), reports_(reports), measures_(measures) {}

  // Throws ServiceError: invalid (every wrong field by name), forbidden, not_found, conflict (an
  // observation that already has a measure).
  SafetyWalk create(const Principal& who, const SafetyWalkInput& input);
  std::vector<SafetyWalk> list(const Principal& who, const std::string& municipality);
  SafetyWalk get(const Principal& who, const std::string& municipality, Id id);
  WalkObservation observe(const Principal& who, Id walk_id, const ObservationInput& input);
  WalkObservation update_observation(const Principal& who, Id id, const ObservationPatch& patch);
  // Creates a proposed measure from the observation (title from its type and description, the
  // area of its point, its responsible organisation, starting today) and links the two, in one
  // transaction. Returns the measure.
  Measure to_measure(const Principal& who, const std::string& municipality, Id observation_id);

  std::shared_ptr<const ingest::ReportContext> context(const std::string& municipality) {
    return contexts_.get(municipality);
  }

 private:
  void log(const Principal& who, const std::string& municipality, std::string action,
           std::string object);

  Store& store_;
  ContextCache& contexts_;
  ReportService& reports_;
  MeasureService& measures_;
};

}  // namespace lagesbild

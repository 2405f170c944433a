// The gate view: where an activity stands, what blocks its progress, and what
// a given caller may do about it now (docs/spec.md section 7, GET .../gate).
#ifndef ICTGATE_ENGINE_GATE_H_
#define ICTGATE_ENGINE_GATE_H_

#include <string>
#include <vector>

#include "engine/activity.h"
#include "engine/assessment.h"
#include "engine/policy_pack.h"

namespace ictgate::engine {

struct Blocker {
  std::string code;  // NO_VERDICT, MISSING_DOCUMENTS, CONDITIONS_OVERDUE, ...
  std::string message;
};

struct GateView {
  std::vector<Blocker> blockers;
  // The pack's criteria for the current dossier that are not met (failed,
  // pending a finding, or explained), in pack order.
  std::vector<CriterionOutcome> unmet_criteria;
  std::vector<Condition> open_conditions;
  // The advisory verdict the dossier would get now (see ProvisionalAssessment
  // in what_if.h): the owner's preview before the CIO assesses.
  Evaluation provisional;
  std::vector<EventType> allowed_events;  // by the state alone
  std::vector<EventType> actions;         // the subset `viewer` may cause, plus kUpdate
};

// `pack` is the activity's pinned pack, or the pack in force when unpinned.
GateView ViewGate(const Activity& activity, const PolicyPack& pack, Instant now,
                  const Actor& viewer);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_GATE_H_

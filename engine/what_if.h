// What-if: how a candidate pack would change the advisory verdicts of a
// portfolio, computed without changing anything (docs/spec.md section 5).
#ifndef ICTGATE_ENGINE_WHAT_IF_H_
#define ICTGATE_ENGINE_WHAT_IF_H_

#include <functional>
#include <string>
#include <vector>

#include "engine/activity.h"
#include "engine/assessment.h"
#include "engine/policy_pack.h"

namespace ictgate::engine {

// An advisory verdict as a pack would give it today: the dossier's automatic
// results, the CIO's last findings (for criteria the pack has) and area
// scores; criteria still pending count as met and unscored areas as ok, so
// that every activity gets a comparable answer.
Evaluation ProvisionalAssessment(const Activity& activity, const PolicyPack& pack);
// The same, from the dossier's automatic results under `pack` already
// evaluated (EvaluateDossier).
Evaluation ProvisionalAssessment(const Activity& activity, const PolicyPack& pack,
                                 const Evaluation& automatic);

struct WhatIfChange {
  std::string activity_id;
  std::string title;
  State state = State::kDraft;
  PackRef from_pack;
  Evaluation from;
  Evaluation to;
};

struct WhatIfReport {
  PackRef candidate;
  size_t evaluated = 0;               // activities compared
  std::vector<WhatIfChange> changes;  // those whose advisory verdict changes
};

// Compares every activity that is assessed or on its way to assessment (all
// but exempt, closed and cancelled) under its own pack (`current_pack`) and
// under `candidate`.
WhatIfReport WhatIf(const std::vector<Activity>& activities,
                    const std::function<const PolicyPack&(const Activity&)>& current_pack,
                    const PolicyPack& candidate);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_WHAT_IF_H_

// Funding eligibility (docs/spec.md section 4): may this activity be funded at T,
// and why (not)? A pure function of the activity as it stood at T, so the
// same code answers "now", "as of a past date", and the funding guard.
#ifndef ICTGATE_ENGINE_ELIGIBILITY_H_
#define ICTGATE_ENGINE_ELIGIBILITY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/activity.h"

namespace ictgate::engine {

enum class EligibilityStatus {
  kNotGated,                // below the threshold (exempt)
  kEligible,                // approved, verdict valid
  kEligibleWithConditions,  // orange with open conditions, none overdue
  kEligibleByOverride,      // red overruled by the secretary-general
  kEligibleDespiteRed,      // red, under a pack whose red verdict is advice only
  kNotEligible,
};
std::string_view EligibilityStatusName(EligibilityStatus s);  // "not_gated", ...
// The inverse of EligibilityStatusName; nullopt for any other text.
std::optional<EligibilityStatus> ParseEligibilityStatus(std::string_view name);

struct Eligibility {
  EligibilityStatus status = EligibilityStatus::kNotEligible;
  bool eligible = false;
  // Machine-readable reasons: NO_VERDICT, VERDICT_RED, VERDICT_EXPIRED,
  // CONDITION_NOT_MET, CONDITIONS_OVERDUE, REASSESSMENT_REQUIRED,
  // REASSESSMENT_DUE, ACICT_REQUEST_MISSING (the pack asks the AcICT's advice
  // to be requested before the activity starts, and it was not), CANCELLED,
  // CLOSED.
  std::vector<std::string> reasons;
  std::vector<Condition> open_conditions;
};

// Whether the verdict still holds at `at`: validity only runs until the
// first funding (docs/spec.md section 4).
bool VerdictValidAt(const Activity& activity, Instant at);
// Whether the activity's verdict is a red one that does not block funding
// (Rules::red_blocks_funding) and stands as given (not overruled by the SG).
bool RedIsAdvice(const Activity& activity);
// Whether a funded activity's periodic re-assessment (Verdict::reassess_by)
// has fallen due at `at`: from the start of that day on, in execution.
bool ReassessmentDueAt(const Activity& activity, Instant at);

// `activity` must be the activity as it stood at `at` (the fold of its events
// up to `at`). Deadlines and verdict validity are judged at `at`, whether or
// not the clock's events for them were recorded yet.
Eligibility EligibilityAt(const Activity& activity, Instant at);

// The first instant after `at` at which the activity's deadlines change what
// is judged with no new event: the verdict's validity runs out (unless it was
// funded by `at`), or an open condition falls overdue. nullopt: none is ahead.
std::optional<Instant> NextDeadline(const Activity& activity, Instant at);

// The first instant after `at` at which EligibilityAt(activity, t) may differ
// from its answer at `at` with no new event: when the verdict's validity runs
// out, or an open condition falls overdue. nullopt: the answer holds until
// the activity's next event. The store keeps the answer with this instant,
// so that a department's summary is counted without judging every activity.
std::optional<Instant> EligibilityChangesAt(const Activity& activity, Instant at);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_ELIGIBILITY_H_

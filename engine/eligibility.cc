#include "engine/eligibility.h"

#include <algorithm>

namespace ictgate::engine {
namespace {

Eligibility Not(std::string reason) {
  Eligibility e;
  e.reasons.push_back(std::move(reason));
  return e;
}

// Approved, conditionally approved, or in execution (or red, where red is
// advice only): the verdict stands.
Eligibility FromVerdict(const Activity& a, Instant at) {
  Eligibility e;
  if (!VerdictValidAt(a, at)) e.reasons.push_back("VERDICT_EXPIRED");
  if (ReassessmentDueAt(a, at)) e.reasons.push_back("REASSESSMENT_DUE");
  if (AcictRequestMissing(a.acict)) e.reasons.push_back("ACICT_REQUEST_MISSING");
  if (std::any_of(a.conditions.begin(), a.conditions.end(), BlocksAsNotMet)) {
    e.reasons.push_back("CONDITION_NOT_MET");
  }
  for (const auto& c : a.conditions) {
    if (c.status != ConditionStatus::kOpen) continue;
    e.open_conditions.push_back(c);
    if (IsOverdue(c, at, a.calendar) && e.reasons.empty())
      e.reasons.push_back("CONDITIONS_OVERDUE");
  }
  if (!e.reasons.empty()) return e;
  e.eligible = true;
  if (a.verdict && a.verdict->overridden) {
    e.status = EligibilityStatus::kEligibleByOverride;
  } else if (RedIsAdvice(a)) {
    e.status = EligibilityStatus::kEligibleDespiteRed;
  } else if (!e.open_conditions.empty()) {
    e.status = EligibilityStatus::kEligibleWithConditions;
  } else {
    e.status = EligibilityStatus::kEligible;
  }
  return e;
}

}  // namespace

bool VerdictValidAt(const Activity& a, Instant at) {
  if (a.first_funded_at && *a.first_funded_at <= at) return true;
  return a.verdict && DateOf(at, a.calendar) < a.verdict->valid_until;
}

bool RedIsAdvice(const Activity& a) {
  // advisory_only is recorded with red verdicts only (lifecycle.cc, Derive).
  return a.verdict && a.verdict->advisory_only && !a.verdict->overridden;
}

bool ReassessmentDueAt(const Activity& a, Instant at) {
  return a.state == State::kInExecution && a.verdict && a.verdict->reassess_by &&
         *a.verdict->reassess_by <= DateOf(at, a.calendar);
}

std::string_view EligibilityStatusName(EligibilityStatus s) {
  switch (s) {
    case EligibilityStatus::kNotGated:
      return "not_gated";
    case EligibilityStatus::kEligible:
      return "eligible";
    case EligibilityStatus::kEligibleWithConditions:
      return "eligible_with_conditions";
    case EligibilityStatus::kEligibleByOverride:
      return "eligible_by_override";
    case EligibilityStatus::kEligibleDespiteRed:
      return "eligible_despite_red";
    case EligibilityStatus::kNotEligible:
      return "not_eligible";
  }
  return "?";
}

std::optional<EligibilityStatus> ParseEligibilityStatus(std::string_view name) {
  for (auto s : {EligibilityStatus::kNotGated, EligibilityStatus::kEligible,
                 EligibilityStatus::kEligibleWithConditions, EligibilityStatus::kEligibleByOverride,
                 EligibilityStatus::kEligibleDespiteRed, EligibilityStatus::kNotEligible}) {
    if (EligibilityStatusName(s) == name) return s;
  }
  return std::nullopt;
}

Eligibility EligibilityAt(const Activity& a, Instant at) {
  switch (a.state) {
    case State::kExempt: {
      Eligibility e;
      e.status = EligibilityStatus::kNotGated;
      e.eligible = true;
      return e;
    }
    case State::kApproved:
    case State::kConditionallyApproved:
    case State::kInExecution:
      return FromVerdict(a, at);
    case State::kRejected:
      return RedIsAdvice(a) ? FromVerdict(a, at) : Not("VERDICT_RED");
    case State::kReassessmentRequired:
      return Not(a.gate == Gate::kPeriodic ? "REASSESSMENT_DUE" : "REASSESSMENT_REQUIRED");
    case State::kExpired:
      return Not("VERDICT_EXPIRED");
    case State::kCancelled:
      return Not("CANCELLED");
    case State::kClosed:
      return Not("CLOSED");
    default:
      return Not("NO_VERDICT");
  }
}

std::optional<Instant> EligibilityChangesAt(const Activity& a, Instant at) {
  if (a.state != State::kApproved && a.state != State::kConditionallyApproved &&
      a.state != State::kInExecution && !(a.state == State::kRejected && RedIsAdvice(a))) {
    return std::nullopt;  // the other states' answers depend on the state alone
  }
  return NextDeadline(a, at);
}

std::optional<Instant> NextDeadline(const Activity& a, Instant at) {
  std::optional<Instant> first;
  const auto consider = [&](Instant t) {
    if (at < t && (!first || t < *first)) first = t;
  };
  const bool funded = a.first_funded_at && *a.first_funded_at <= at;
  if (a.verdict && !funded)
    consider(StartOf(a.verdict->valid_until, a.calendar));  // VerdictValidAt
  if (a.state == State::kInExecution && a.verdict && a.verdict->reassess_by)
    consider(StartOf(*a.verdict->reassess_by, a.calendar));  // ReassessmentDueAt
  for (const auto& c : a.conditions) {
    if (c.status == ConditionStatus::kOpen)
      consider(StartOf(Date{c.due.days + 1}, a.calendar));  // IsOverdue
  }
  return first;
}

}  // namespace ictgate::engine

#include "engine/gate.h"

#include "engine/eligibility.h"
#include "engine/lifecycle.h"
#include "engine/lifecycle_machine.h"
#include "engine/permissions.h"
#include "engine/what_if.h"

namespace ictgate::engine {
namespace {

void StateBlockers(const Activity& a, Instant now, std::vector<Blocker>& out) {
  switch (a.state) {
    case State::kDraft:
      out.push_back({"NOT_SUBMITTED", "the owner has not submitted the activity"});
      break;
    case State::kSubmitted:
      out.push_back({"AWAITING_INTAKE", "the CIO has not accepted the intake"});
      break;
    case State::kInAssessment:
      out.push_back({"NO_VERDICT", "the CIO has not recorded a verdict"});
      break;
    case State::kRejected:
      out.push_back({"VERDICT_RED", "the verdict is red (no-go)"});
      break;
    case State::kReassessmentRequired:
      out.push_back({"REASSESSMENT_REQUIRED", "a material change needs a new verdict at gate '" +
                                                  std::string(GateName(a.gate)) + "'"});
      break;
    case State::kExpired:
      out.push_back({"VERDICT_EXPIRED", "the verdict expired before funding"});
      break;
    case State::kClosed:
      out.push_back({"CLOSED", "the activity is closed"});
      break;
    case State::kCancelled:
      out.push_back({"CANCELLED", "the activity is cancelled"});
      break;
    default:
      break;
  }
  const bool awaiting_funding =
      a.state == State::kApproved || a.state == State::kConditionallyApproved;
  if (awaiting_funding && !VerdictValidAt(a, now)) {
    out.push_back(
        {"VERDICT_EXPIRED", "the verdict was valid until " + FormatDate(a.verdict->valid_until)});
  }
}

}  // namespace

GateJudgement JudgeForGate(const Activity& a, const PolicyPack& pack) {
  GateJudgement judgement;
  // The pack's rules over the dossier once: both judgements start from them.
  const Evaluation automatic = EvaluateDossier(pack, a.dossier);
  // After a verdict, the recorded assessment (with the CIO's findings) is what
  // stands; before it, the dossier's automatic results.
  const Evaluation evaluation =
      a.verdict ? Assess(pack, automatic, a.verdict->findings, a.verdict->area_scores) : automatic;
  for (const auto& o : evaluation.criteria) {
    if (o.result != CriterionResult::kMet && o.result != CriterionResult::kNotApplicable) {
      judgement.unmet_criteria.push_back(o);
    }
  }
  const Evaluation provisional = ProvisionalAssessment(a, pack, automatic);
  judgement.provisional.advisory = provisional.advisory;
  judgement.provisional.decided_by = provisional.decided_by;
  return judgement;
}

std::optional<Instant> GateChangesAt(const Activity& a, Instant now) {
  return NextDeadline(a, now);
}

GateView ViewGate(const Activity& a, const PolicyPack& pack, Instant now, const Actor& viewer) {
  return ViewGate(a, JudgeForGate(a, pack), now, viewer);
}

GateView ViewGate(const Activity& a, const GateJudgement& judgement, Instant now,
                  const Actor& viewer) {
  GateView view;
  StateBlockers(a, now, view.blockers);
  const bool before_verdict = a.state == State::kDraft || a.state == State::kSubmitted;
  if (before_verdict) {
    for (const std::string& doc : MissingDocuments(a)) {
      view.blockers.push_back({"MISSING_DOCUMENTS", "the dossier lacks " + doc});
    }
  }
  view.unmet_criteria = judgement.unmet_criteria;
  view.provisional = judgement.provisional;
  for (const auto& c : a.conditions) {
    if (c.status != ConditionStatus::kOpen) continue;
    view.open_conditions.push_back(c);
    if (IsOverdue(c, now)) {
      view.blockers.push_back(
          {"CONDITIONS_OVERDUE", "condition " + c.id + " was due " + FormatDate(c.due)});
    }
  }
  if (a.state == State::kConditionallyApproved && !view.open_conditions.empty()) {
    view.blockers.push_back({"CONDITIONS_OPEN", std::to_string(view.open_conditions.size()) +
                                                    " condition(s) still open"});
  }
  view.allowed_events = AllowedEvents(a.state);
  view.actions = GateActions(a.state, a.department, viewer);
  return view;
}

std::vector<EventType> GateActions(State state, std::string_view department, const Actor& viewer) {
  std::vector<EventType> actions;
  if (!CoversDepartment(viewer, department)) return actions;
  for (EventType t : AllowedEvents(state)) {
    if (MayPerform(viewer, t)) actions.push_back(t);
  }
  const bool editable =
      state == State::kDraft || state == State::kReassessmentRequired || state == State::kExpired;
  if (editable && MayPerform(viewer, EventType::kUpdate)) actions.push_back(EventType::kUpdate);
  return actions;
}

}  // namespace ictgate::engine

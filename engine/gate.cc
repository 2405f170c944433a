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
      out.emplace_back("NOT_SUBMITTED");
      break;
    case State::kSubmitted:
      out.emplace_back("AWAITING_INTAKE");
      break;
    case State::kInAssessment:
      out.emplace_back("NO_VERDICT");
      break;
    case State::kRejected:
      // A red verdict that is advice only blocks nothing (Rules::red_blocks_funding).
      if (!RedIsAdvice(a)) out.emplace_back("VERDICT_RED");
      break;
    case State::kReassessmentRequired:
      if (a.gate == Gate::kPeriodic) {
        out.emplace_back("REASSESSMENT_DUE", "", a.verdict ? a.verdict->reassess_by : std::nullopt);
      } else {
        out.emplace_back("REASSESSMENT_REQUIRED", std::string(GateName(a.gate)));
      }
      break;
    case State::kExpired:
      out.emplace_back("VERDICT_EXPIRED");
      break;
    case State::kClosed:
      out.emplace_back("CLOSED");
      break;
    case State::kCancelled:
      out.emplace_back("CANCELLED");
      break;
    default:
      break;
  }
  const bool awaiting_funding = a.state == State::kApproved ||
                                a.state == State::kConditionallyApproved ||
                                (a.state == State::kRejected && RedIsAdvice(a));
  if (awaiting_funding && !VerdictValidAt(a, now)) {
    out.emplace_back("VERDICT_EXPIRED", "", a.verdict->valid_until);
  }
  if (ReassessmentDueAt(a, now)) out.emplace_back("REASSESSMENT_DUE", "", a.verdict->reassess_by);
  if (!IsTerminal(a.state) && AcictRequestMissing(a.acict))
    out.emplace_back("ACICT_REQUEST_MISSING");
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
      view.blockers.emplace_back("MISSING_DOCUMENTS", doc);
    }
  }
  view.unmet_criteria = judgement.unmet_criteria;
  view.provisional = judgement.provisional;
  for (const auto& c : a.conditions) {
    if (BlocksAsNotMet(c)) view.blockers.emplace_back("CONDITION_NOT_MET", c.id);
    if (c.status != ConditionStatus::kOpen) continue;
    view.open_conditions.push_back(c);
    if (IsOverdue(c, now, a.calendar)) {
      view.blockers.emplace_back("CONDITIONS_OVERDUE", c.id, c.due);
    }
  }
  if (a.state == State::kConditionallyApproved && !view.open_conditions.empty()) {
    view.blockers.emplace_back("CONDITIONS_OPEN", "", std::nullopt,
                               static_cast<int>(view.open_conditions.size()));
  }
  view.allowed_events = AllowedEvents(a.state);
  view.side_steps = SideSteps(a);
  view.actions = GateActions(a.state, a.department, viewer, view.side_steps);
  return view;
}

std::vector<EventType> SideSteps(const Activity& a) {
  if (IsTerminal(a.state)) return {};
  std::vector<EventType> steps = NextAcictSteps(a.acict);
  const bool assessing = a.state == State::kSubmitted || a.state == State::kInAssessment;
  if (assessing && a.ciso_advice.is_null()) steps.push_back(EventType::kRecordCisoAdvice);
  return steps;
}

std::vector<EventType> GateActions(State state, std::string_view department, const Actor& viewer,
                                   const std::vector<EventType>& side_steps) {
  std::vector<EventType> actions;
  if (!CoversDepartment(viewer, department)) return actions;
  for (EventType t : side_steps) {
    if (MayPerform(viewer, t)) actions.push_back(t);
  }
  for (EventType t : AllowedEvents(state)) {
    if (MayPerform(viewer, t)) actions.push_back(t);
  }
  const bool editable =
      state == State::kDraft || state == State::kReassessmentRequired || state == State::kExpired;
  if (editable && MayPerform(viewer, EventType::kUpdate)) actions.push_back(EventType::kUpdate);
  // Pinned to a pack from submission until the end (a revision back to
  // draft unpins it): whether a newer version is registered is the
  // caller's to tell.
  const bool pinned = state != State::kDraft && !IsTerminal(state);
  if (pinned && MayPerform(viewer, EventType::kAdoptPack)) actions.push_back(EventType::kAdoptPack);
  // The states a verdict stands in (the engine also allows a response while
  // the verdict is being reconsidered; the form is offered where it stands).
  const bool verdict_stands = state == State::kApproved || state == State::kConditionallyApproved ||
                              state == State::kRejected || state == State::kInExecution;
  if (verdict_stands && MayPerform(viewer, EventType::kRespondRecommendation)) {
    actions.push_back(EventType::kRespondRecommendation);
  }
  if (!IsTerminal(state) && MayPerform(viewer, EventType::kUploadDocument)) {
    actions.push_back(EventType::kUploadDocument);
  }
  return actions;
}

}  // namespace ictgate::engine

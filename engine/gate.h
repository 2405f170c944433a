// The gate view: where an activity stands, what blocks its progress, and what
// a given caller may do about it now (docs/spec.md section 7, GET .../gate).
#ifndef ICTGATE_ENGINE_GATE_H_
#define ICTGATE_ENGINE_GATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/activity.h"
#include "engine/assessment.h"
#include "engine/policy_pack.h"

namespace ictgate::engine {

// What stands between the activity and the next step. The text a person
// reads is made from these members in their language
// (engine/answer_texts.h).
struct Blocker {
  explicit Blocker(std::string code_, std::string subject_ = "",
                   std::optional<Date> date_ = std::nullopt, int count_ = 0)
      : code(std::move(code_)), subject(std::move(subject_)), date(date_), count(count_) {}

  std::string code;  // NO_VERDICT, MISSING_DOCUMENTS, CONDITIONS_OVERDUE, ...
  // What the code is about, when it is about one thing: MISSING_DOCUMENTS the
  // dossier field, CONDITIONS_OVERDUE the condition, REASSESSMENT_REQUIRED
  // the gate.
  std::string subject;
  // CONDITIONS_OVERDUE: the due date; VERDICT_EXPIRED: the verdict's
  // valid_until (it held until the start of that day).
  std::optional<Date> date;
  int count = 0;  // CONDITIONS_OPEN: how many
};

struct GateView {
  std::vector<Blocker> blockers;
  // The pack's criteria for the current dossier that are not met (failed,
  // pending a finding, or explained), in pack order.
  std::vector<CriterionOutcome> unmet_criteria;
  std::vector<Condition> open_conditions;
  // The advisory verdict the dossier would get now (see ProvisionalAssessment
  // in what_if.h): the owner's preview before the CIO assesses. Its advisory
  // and decided_by only; its criteria are in unmet_criteria's judgement.
  Evaluation provisional;
  std::vector<EventType> allowed_events;  // by the state alone
  // The steps beside the machine that the record lets come next, whoever
  // may record them (SideSteps).
  std::vector<EventType> side_steps;
  // The subset `viewer` may cause, plus the events decided beside the
  // machine that apply (GateActions).
  std::vector<EventType> actions;
};

// The steps beside the machine that may come next given the record, not
// the state alone: the AcICT track's next steps (NextAcictSteps) while the
// activity is not closed or cancelled, and the CISO's advice while an
// assessment is in progress without it.
std::vector<EventType> SideSteps(const Activity& activity);

// What the pack makes of the activity's dossier, as the gate view shows it:
// the criteria not met (after a verdict by the recorded assessment, with the
// CIO's findings; before it by the dossier's automatic results), and the
// provisional advisory verdict. A pure function of the activity at its
// version and of the pack, and the costly part of a gate view (the pack's
// JSON Logic over the dossier), so the shell may keep it for as long as the
// version and the pack hold. Only what the view shows is kept: a whole
// evaluation and a provisional one were 9.7 KB an activity.
struct GateJudgement {
  std::vector<CriterionOutcome> unmet_criteria;  // in pack order
  Evaluation provisional;                        // advisory and decided_by only
};
GateJudgement JudgeForGate(const Activity& activity, const PolicyPack& pack);

// `judgement` is JudgeForGate of this activity, at its version, under the
// activity's pinned pack, or the pack in force when unpinned.
GateView ViewGate(const Activity& activity, const GateJudgement& judgement, Instant now,
                  const Actor& viewer);
// The first instant after `now` at which ViewGate may answer otherwise with
// no new event and under the same pack: NextDeadline (eligibility.h), since
// a view's time-bound parts are the verdict's expiry and overdue conditions.
// nullopt: the view holds until the activity's next event.
std::optional<Instant> GateChangesAt(const Activity& activity, Instant now);

// What `viewer` may cause on an activity in `state` of `department`: the
// events the state allows that the viewer's role may perform, plus kUpdate
// while the dossier is editable, kAdoptPack while the activity is pinned
// to a pack (whether a newer version exists is not known here), and
// kRespondRecommendation while a verdict stands, kUploadDocument unless
// closed or cancelled; none outside the viewer's department.
// `side_steps` (SideSteps) adds those of them the viewer's role may record.
std::vector<EventType> GateActions(State state, std::string_view department, const Actor& viewer,
                                   const std::vector<EventType>& side_steps = {});

// ViewGate with the judgement made here.
GateView ViewGate(const Activity& activity, const PolicyPack& pack, Instant now,
                  const Actor& viewer);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_GATE_H_

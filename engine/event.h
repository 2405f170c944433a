// The vocabulary of the lifecycle: states, event types, actors and the events
// that the transition log records.
//
// States and event types are persisted and exchanged by *name*, never by
// number: Boost.MSM numbers states by their order in the transition table, and
// that order is free to change.
#ifndef ICTGATE_ENGINE_EVENT_H_
#define ICTGATE_ENGINE_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/time.h"

namespace ictgate::engine {

enum class State {
  kDraft,
  kSubmitted,
  kExempt,
  kInAssessment,
  kApproved,
  kConditionallyApproved,
  kRejected,
  kInExecution,
  kReassessmentRequired,
  kExpired,
  kClosed,
  kCancelled,
};
inline constexpr int kStateCount = 12;

// "draft", "in_assessment", ... as in docs/spec.md section 3.
std::string_view StateName(State s);
std::optional<State> ParseState(std::string_view name);
const std::vector<State>& AllStates();
bool IsTerminal(State s);

enum class EventType {
  kCreate,  // the first entry of every log; not a state machine event
  kUpdate,  // an edit of the draft (title, dossier, ...); not a state machine event
  kSubmit,
  kWithdraw,
  kAcceptIntake,
  kReturnIntake,
  kRecordVerdict,
  kReviewCondition,
  kOverrule,
  kRevise,
  kGrantFunding,
  kReportChange,
  kExpire,
  kComplete,
  kCancel,
  kLinkChange,  // a member's links or linked cost changed (linked activities)
  // The clock passed an open condition's due date; not a state machine event
  // (it moves nothing: "overdue" is derived from the clock, this records it).
  kConditionOverdue,
  // Finance declines to fund (docs/spec.md section 3: "a refused funding request
  // is recorded without a state change"); not a state machine event.
  kRefuseFunding,
  // The CIO office moves an activity to a newer version of its pack (docs/
  // spec.md section 3); not a state machine event: it moves no state, and
  // the lifecycle table is at MPL's 50 rows (docs/design.md).
  kAdoptPack,
  // The opdrachtgever's response to one recommendation of the verdict in
  // force (docs/spec.md section 3); not a state machine event: it moves
  // nothing, and the verdict's document shows it.
  kRespondRecommendation,
  // The clock passed the date by which a funded activity is to be assessed
  // again (the pack's periodic re-assessment): in_execution to
  // reassessment_required, gate "periodic".
  kReassessmentDue,
  // The AcICT track (Wet AcICT art. 11; engine/acict.h): the request for the
  // AcICT's advice, its selection decision, the advice, the minister's
  // bestuurlijke reactie, the AcICT's naschrift, and the follow-up of each
  // recommendation. None is a state machine event: the track runs beside
  // the gate, and the pack says whether funding waits for the request.
  kRequestAcictAdvice,
  kRecordAcictSelection,
  kRecordAcictAdvice,
  kRecordBestuurlijkeReactie,
  kRecordAcictNaschrift,
  kFollowUpAcictRecommendation,
  // The CISO's advice on the residual security risk, attached to the
  // assessment in progress (docs/spec.md section 3); not a state machine
  // event: it moves nothing, and the verdict given next carries it.
  kRecordCisoAdvice,
  // A version of a dossier document, uploaded by its content (engine/
  // documents.h); not a state machine event: it moves nothing, and the
  // gate view shows a version the verdict did not judge.
  kUploadDocument,
};

// "create", "submit", "accept-intake", ... (kebab-case, as users name them).
std::string_view EventTypeName(EventType t);
std::optional<EventType> ParseEventType(std::string_view name);
// Whether the state machine handles `t`. Events outside it never move an
// activity: kCreate starts it, kUpdate, kConditionOverdue, kRefuseFunding and
// kAdoptPack, kRespondRecommendation, the AcICT track's steps and
// kRecordCisoAdvice and kUploadDocument record facts about it.
bool IsMachineEvent(EventType t);
// Whether `t` is one of the AcICT track's six steps (engine/acict.h).
bool IsAcictStep(EventType t);
// Every type the state machine handles, in a fixed order.
const std::vector<EventType>& MachineEventTypes();

// The roles of docs/spec.md section 1, plus kSystem for what the clock and a
// linked group cause (no token carries it).
// kCioRijk: the CIO Rijk (the government-wide CIO), who reads every
// department's portfolio and reports on it and records nothing.
// kAcict: the Adviescollege ICT-toetsing, which records its own steps of the
// AcICT track (selection, advice, naschrift) for every department.
// kCiso: a department's CISO, who advises on the residual security risk.
// kProjectLead: the project lead, who prepares an activity for its
// opdrachtgever (kOwner); where the pack asks, only the opdrachtgever submits.
enum class Role {
  kOwner,
  kCio,
  kFinance,
  kSg,
  kAuditor,
  kAdmin,
  kCioRijk,
  kAcict,
  kCiso,
  kProjectLead,
  kSystem
};

// "owner", "cio", "finance", "sg", "auditor", "admin", "cio_rijk", "acict",
// "ciso", "project_lead", "system".
std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view name);
// Every role, in the order above.
const std::vector<Role>& AllRoles();

// Who caused an event. `department` is a department code or "*".
struct Actor {
  std::string name;
  Role role = Role::kOwner;
  std::string department;
};

// One entry of an activity's transition log, as the engine produces it.
// `version` is the activity's version after this event (1 for kCreate).
struct Event {
  std::string activity_id;
  int64_t version = 0;
  EventType type = EventType::kCreate;
  State from = State::kDraft;
  State to = State::kDraft;
  Actor actor;
  std::string request_id;
  nlohmann::json payload = nlohmann::json::object();  // the command as given
  nlohmann::json derived = nlohmann::json::object();  // what the engine computed
  Instant at;
};

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_EVENT_H_

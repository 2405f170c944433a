// The functional core of the gate lifecycle (docs/spec.md section 3).
//
// Given an activity, a command, the rules and the time, Decide returns either
// the event to record or a refusal; it never changes anything. Apply folds an
// accepted event into the activity. The shell (app/) persists the event and
// the folded activity together. Replay rebuilds an activity from its log,
// re-deciding every event through a fresh state machine, which is how the
// claim "the stored state equals the replay of the log" is checked.
#ifndef ICTGATE_ENGINE_LIFECYCLE_H_
#define ICTGATE_ENGINE_LIFECYCLE_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/event.h"
#include "engine/policy_pack.h"
#include "engine/problem.h"
#include "engine/result.h"
#include "engine/rules.h"
#include "engine/time.h"

namespace ictgate::engine {

// The herijking reason codes of the government ICT dashboard.
const std::vector<std::string_view>& ChangeReasonCodes();
// How the opdrachtgever answers a recommendation: "adopted", "partly_adopted",
// "not_adopted" (overgenomen, deels overgenomen, niet overgenomen).
const std::vector<std::string_view>& RecommendationPositions();
// The residual security risk a CISO advises on: "low", "medium", "high".
const std::vector<std::string_view>& CisoResidualRisks();

// A request to cause an event. `payload` is the caller's JSON object.
struct Command {
  EventType type = EventType::kSubmit;
  nlohmann::json payload = nlohmann::json::object();
  Actor actor;
  std::string request_id;
};

struct Refusal {
  enum class Kind {
    kForbidden,     // the actor's role or department may not do this
    kNotAllowed,    // the current state has no such transition
    kInvalid,       // the input is wrong (at least one Problem has a field)
    kPrecondition,  // the input is fine but the activity does not qualify
  };
  Kind kind = Kind::kInvalid;
  std::string summary;
  std::vector<Problem> problems;
  std::vector<EventType> allowed;  // events the current state allows
};

// The accepted event, or why the command was refused.
using Decision = Result<Event, Refusal>;

// Why `actor` may not cause `type` on an activity of `department`, or
// nothing: the role first, then the department. Decide and DecideCreate
// check this before anything else; the API also asks it before refusing a
// malformed body, so that a caller who may not act learns nothing more.
std::optional<Refusal> CheckActor(const Actor& actor, EventType type,
                                  const std::string& department);

// Why the state of `activity` has no transition by `type`, with the events
// it allows, or nothing. Decide checks this after CheckActor; the API asks
// it for what only prepares a transition (the CIO's live advice).
std::optional<Refusal> CheckState(const Activity& activity, EventType type);

// Decides a command (any type but kCreate) for `activity` at `now` under
// `pack`: the pack the activity's cycle is pinned to, or for a submission
// (which pins it) and an unpinned activity, the pack in force. The event
// carries the command's payload and, in `derived`, what the engine computed
// (gate, pack, assessment and advisory verdict, validity, condition ids,
// materiality); its version is activity.version + 1.
//
// kUpdate edits a draft (also when reassessment is required or the verdict
// expired): title and dossier (a JSON merge patch, checked against the pack's
// dossier fields), and until an intake is accepted (InitialEstimateLocked),
// ictCostEur, plannedStart and plannedEnd.
Decision Decide(const Activity& activity, const Command& command, const PolicyPack& pack,
                Instant now);

// Decides the creation of a new activity from the fields in command.payload
// (title, department, kind, ictCostEur, plannedStart, plannedEnd, dossier).
// The event's activity_id is empty: the store assigns it.
Decision DecideCreate(const Command& command, const PolicyPack& pack, Instant now);

// The events the transition table allows from `state`, guards aside.
std::vector<EventType> AllowedEvents(State state);

// Folds an accepted event into the activity (for kCreate, `activity` is
// ignored and a new one is built).
Activity Apply(Activity activity, const Event& event);

// Finds a pack version; nullptr when unknown.
using PackResolver = std::function<const PolicyPack*(const PackRef& ref)>;

// Rebuilds an activity from its full log. Each event is decided again against
// the activity as it stood, at the event's own time, under the pack it
// recorded (every event records one); the replay fails at the first
// event whose decision (target state, derived values) differs from the
// recorded one, whose version does not follow, or whose pack is unknown. The
// problem's field names that event ("events/<version>"), or is empty when
// the log as a whole is wrong.
Result<Activity, Problem> Replay(const std::vector<Event>& log, const PackResolver& packs);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_LIFECYCLE_H_

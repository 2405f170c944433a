// The functional core of the gate lifecycle (SPEC.md section 3).
//
// Given an activity, a command, the rules and the time, Decide returns either
// the event to record or a refusal; it never changes anything. Apply folds an
// accepted event into the activity. The shell (app/) persists the event and
// the folded activity together. Replay rebuilds an activity from its log,
// re-deciding every event through a fresh state machine, which is how the
// claim "the stored state equals the replay of the log" is checked.
#ifndef ICTGATE_ENGINE_LIFECYCLE_H_
#define ICTGATE_ENGINE_LIFECYCLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/event.h"
#include "engine/time.h"

namespace ictgate::engine {

// Parameters that a policy pack will carry (step 2); defaults from SPEC.md.
struct Rules {
  int64_t threshold_eur = 5'000'000;
  int verdict_validity_months = 12;
  int cost_increase_pct = 20;  // reassessment trigger
  int end_slip_months = 6;     // reassessment trigger
};

// The herijking reason codes of the government ICT dashboard.
const std::vector<std::string_view>& ChangeReasonCodes();

// A request to cause an event. `payload` is the caller's JSON object.
struct Command {
  EventType type = EventType::kSubmit;
  nlohmann::json payload = nlohmann::json::object();
  Actor actor;
  std::string request_id;
};

// One thing wrong with a command. `field` names the payload member
// ("reason", "conditions/0/dueDate"); it is empty when the problem is the
// activity's condition rather than the input (for example an overdue
// condition blocking funding).
struct Problem {
  std::string field;
  std::string message;
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

// Exactly one of `event` and `refusal` is set.
struct Decision {
  std::optional<Event> event;
  std::optional<Refusal> refusal;
  bool accepted() const { return event.has_value(); }
};

// Decides a lifecycle command (any type but kCreate) for `activity` at `now`.
// The returned event carries the command's payload plus a "derived" member
// with what the engine computed (gate, validity, condition ids, materiality);
// its version is activity.version + 1.
Decision Decide(const Activity& activity, const Command& command, const Rules& rules, Instant now);

// Decides the creation of a new activity from the fields in command.payload
// (title, department, kind, ictCostEur, plannedStart, plannedEnd, dossier).
// The event's activity_id is empty: the store assigns it.
Decision DecideCreate(const Command& command, Instant now);

// The events the transition table allows from `state`, guards aside.
std::vector<EventType> AllowedEvents(State state);

// Folds an accepted event into the activity (for kCreate, `activity` is
// ignored and a new one is built).
Activity Apply(Activity activity, const Event& event);

// Rebuilds an activity from its full log. Each event is decided again against
// the activity as it stood, at the event's own time; the replay fails at the
// first event whose decision (target state, derived values) differs from the
// recorded one, or whose version does not follow.
struct ReplayResult {
  std::optional<Activity> activity;
  std::string error;  // set when activity is not
};
ReplayResult Replay(const std::vector<Event>& log, const Rules& rules);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_LIFECYCLE_H_

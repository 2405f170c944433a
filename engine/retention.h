// Retention schedules: how long each kind of record is kept after it ends,
// and what then becomes of it (docs/operations.md "Retention").
//
// The periods are the department's, from its selection list (selectielijst,
// Archiefwet 1995 art. 5); the schedule names for every rule where its period
// comes from. Two kinds of record have a period:
//
//   - an activity, from the last event of its end state (closed, cancelled):
//     then it is destroyed (Archiefwet art. 3), or transferred to an e-depot
//     as a package (art. 12) and removed from the record;
//   - a person's name, from the last event they caused: then the name is
//     erased and the pseudonym stays (AVG art. 5(1)(e), storage limitation).
//
//   {"schedule": "...", "version": "...",
//    "rules": [{"id": "...", "recordType": "activity" | "actorName",
//               "states": ["closed", ...]       (activity only),
//               "retain": {"years": N, "months": N},
//               "action": "destroy" | "transfer" | "erase",
//               "basis": "where the period comes from"}]}
//
// Pure: the shell (app/retention.h) reads the record, asks which records are
// due, and does the destroying.
#ifndef ICTGATE_ENGINE_RETENTION_H_
#define ICTGATE_ENGINE_RETENTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/event.h"
#include "engine/result.h"
#include "engine/time.h"

namespace ictgate::engine {

enum class RetentionRecordType { kActivity, kActorName };
enum class RetentionAction { kDestroy, kTransfer, kErase };

// "activity", "actorName"; "destroy", "transfer", "erase".
std::string_view RetentionRecordTypeName(RetentionRecordType t);
std::string_view RetentionActionName(RetentionAction a);

// The longest period a rule may set: longer is a typing error, not a
// selection list (which keeps records permanently by not destroying them).
inline constexpr int kMaxRetentionMonths = 100 * 12;

struct RetentionRule {
  std::string id;
  RetentionRecordType record_type = RetentionRecordType::kActivity;
  std::vector<State> states;  // an activity rule's end states
  int months = 0;             // the period: retain.years * 12 + retain.months
  RetentionAction action = RetentionAction::kDestroy;
  std::string basis;
};

struct RetentionSchedule {
  std::string id;
  std::string version;
  std::vector<RetentionRule> rules;
};

// The schedule in `document`, or every problem, each named by its JSON
// Pointer ("/rules/1/states/0"): a member not listed above, a blank id,
// version or basis, an id used twice, a period below zero, above
// kMaxRetentionMonths or of no months at all given, an activity rule
// without states or with a state that is not an end state (IsTerminal), a
// state two rules cover, an action that does not fit the record type
// (activity: destroy or transfer; actorName: erase), states on an actorName
// rule, or more than one actorName rule.
Result<RetentionSchedule> ParseRetentionSchedule(const nlohmann::json& document);

// When the period of `rule` from `ended_at` runs out: the same time of day
// `rule.months` calendar months later (in Amsterdam), so a ten-year period
// that starts on 29 February ends on 28 February.
Instant RetentionEnds(const RetentionRule& rule, Instant ended_at);

// An activity as a retention run sees it.
struct RetentionCandidate {
  std::string id;
  State state = State::kDraft;
  Instant ended_at{};  // its last event
  int64_t version = 0;
  std::vector<std::string> links;  // the activities it is linked to
};

// What becomes of one activity now.
struct RetentionDecision {
  std::string id;
  int64_t version = 0;
  const RetentionRule* rule = nullptr;  // into the schedule given
  Instant ends{};                       // when its period ran out
  // Set when its period ran out but it is kept for now: it is linked to an
  // activity that stays (the group's costs and verdicts name each other).
  std::optional<std::string> held_by;
};

// The candidates whose period ran out by `now`, in the order given, each
// with its rule. One that is linked to an activity that is not itself
// leaving now (unknown to `candidates` counts as staying) is held, as is
// one linked to a held one.
std::vector<RetentionDecision> ActivitiesDue(const RetentionSchedule& schedule,
                                             const std::vector<RetentionCandidate>& candidates,
                                             Instant now);

// The schedule's actorName rule; nullptr when it has none.
const RetentionRule* ActorNameRule(const RetentionSchedule& schedule);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_RETENTION_H_

// Internal to the engine: the Boost.MSM transition table and its guards.
// lifecycle.cc is the only user; keep Boost.MSM out of every other file
// (its compile time grows fast, see docs/platform-notes.md).
#ifndef ICTGATE_ENGINE_LIFECYCLE_MACHINE_H_
#define ICTGATE_ENGINE_LIFECYCLE_MACHINE_H_

#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/lifecycle.h"
#include "engine/policy_pack.h"

namespace ictgate::engine::internal {

// What the guards see.
struct GuardContext {
  const Activity& activity;
  const nlohmann::json& payload;
  const PolicyPack& pack;
  Instant now;
};

struct MachineStep {
  enum class Outcome { kMoved, kNoTransition, kGuardRejected };
  Outcome outcome = Outcome::kNoTransition;
  State to = State::kDraft;
  std::vector<Problem> problems;  // why the guards rejected, when they did
};

// Puts a fresh machine into `from` and processes one event of `type`
// (kCancel, from every state but the final ones, is decided beside the
// table, with the same outcome and problems a row would give).
MachineStep RunMachine(State from, EventType type, const GuardContext& context);

// The event types that have at least one row from `from`, and kCancel unless
// `from` is final, in MachineEventTypes() order.
std::vector<EventType> TableEventsFrom(State from);

// Guard predicates shared with lifecycle.cc's derivations.
bool IsGated(const Activity& a, const Rules& r);
bool IsMaterialChange(const Activity& a, const nlohmann::json& payload, const Rules& r);

}  // namespace ictgate::engine::internal

#endif  // ICTGATE_ENGINE_LIFECYCLE_MACHINE_H_

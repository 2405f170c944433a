// Retention runs (docs/operations.md "Retention"): which records a schedule
// (engine/retention.h) makes due now, and carrying that out.
//
// An activity whose period ran out is destroyed, or first written as a
// transfer package for the e-depot and then removed; either way the store
// keeps a tombstone per chain entry and a record log entry that lists them
// (store::Store::DisposeActivity), so `audit verify` still passes and the
// chain's head does not move. A name whose period ran out is erased
// (store::Store::EraseActor), with the rule in the record log.
#ifndef ICTGATE_APP_RETENTION_H_
#define ICTGATE_APP_RETENTION_H_

#include <string>
#include <vector>

#include "engine/retention.h"
#include "engine/time.h"
#include "store/store.h"

namespace ictgate::app {

// The format name a transfer package's manifest carries.
inline constexpr char kTransferFormat[] = "ictgate-transfer/1";

// What a schedule makes due at `at`.
struct RetentionPlan {
  engine::Instant at{};
  // Activities whose period ran out; held ones (held_by) stay.
  std::vector<engine::RetentionDecision> activities;
  // A pseudonym whose name's period ran out, or that is kept for now.
  struct Name {
    std::string actor_id;
    std::string name;
    std::string last_acted;  // FormatInstant; empty when no act of theirs is left
    const engine::RetentionRule* rule = nullptr;
    bool held = false;  // the person holds an active API token: still a user
  };
  std::vector<Name> names;
};

// Reads the record and asks the schedule what is due at `now`. Writes
// nothing. `schedule` must outlive the plan (the decisions point into it).
RetentionPlan PlanRetention(store::Store& store, const engine::RetentionSchedule& schedule,
                            engine::Instant now);

// What a run did.
struct RetentionOutcome {
  std::vector<store::RecordEntry> disposals;  // destroy-activity, transfer-activity
  std::vector<std::string> packages;          // the transfer packages written (directories)
  std::vector<store::ActorErasure> erasures;
  // Activities that changed after the plan was made: left as they are, for
  // the next run (a package written for one is removed again).
  std::vector<std::string> changed;
};

// Carries out `plan` at `now`, held items aside, each activity in a
// transaction of its own. A transfer writes its package to
// `transfer_dir`/<id> (synced to disk, then renamed into place) before the
// activity is removed. Throws std::runtime_error before changing anything
// when a transfer is due and `transfer_dir` is empty or not a directory;
// a package that cannot be written stops the run there, its activity kept.
RetentionOutcome ApplyRetention(store::Store& store, const RetentionPlan& plan,
                                const std::string& transfer_dir, engine::Instant now);

}  // namespace ictgate::app

#endif  // ICTGATE_APP_RETENTION_H_

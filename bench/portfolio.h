// Bulk-loads a benchmark portfolio: activities that each went through a full
// lifecycle (registration, submission, intake, a green verdict and funding
// tranches), decided by the engine exactly as the service would decide them,
// so the record replays and the chain verifies like a real one.
//
// Speed comes from batching, not from shortcuts: each registration is the
// store's own Create (one transaction, it assigns the id), and the rest of
// the events of `batch` activities go through one AppendAll. Durability
// settings are the store's own.
#ifndef ICTGATE_BENCH_PORTFOLIO_H_
#define ICTGATE_BENCH_PORTFOLIO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "app/policy_registry.h"
#include "engine/event.h"
#include "engine/policy_pack.h"
#include "engine/time.h"
#include "store/store.h"

namespace ictgate::bench {

struct PortfolioShape {
  int64_t activities = 1000;
  int events_per_activity = 10;  // at least 5: create .. first funding
  std::string department = "BZK";
  engine::Instant start;  // the first event's time; each activity one minute later
  int batch = 200;        // activities per AppendAll transaction
};

// Loads `shape` into `store` and returns the ids, in creation order.
std::vector<std::string> LoadPortfolio(store::Store& store, const app::PolicyRegistry& packs,
                                       const PortfolioShape& shape);

// The registration body of every benchmark activity.
nlohmann::json CreateInput(const std::string& department);

// The steps after registration, for the loader (type, payload) and for HTTP
// clients (POST /activities/{id}/<resource> with `body`): submission, intake
// accepted, a green verdict, then `tranches` grants of one million each.
struct LifecycleStep {
  engine::EventType type;
  std::string resource;  // "submissions", "intake-decisions", ...
  engine::Role role;     // kOwner, kCio or kFinance
  nlohmann::json body;   // the payload, plus "decision" where the resource takes one
};
std::vector<LifecycleStep> LifecycleSteps(const engine::PolicyPack& pack, int tranches);

}  // namespace ictgate::bench

#endif  // ICTGATE_BENCH_PORTFOLIO_H_

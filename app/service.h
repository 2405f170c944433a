// The application service: the imperative shell around the engine.
//
// For each command it loads the activity, asks the engine to decide (pure),
// and on acceptance hands the event and the folded activity to the store,
// which commits both atomically. It also decides what a caller may see:
// roles bound to a department never learn of another department's activities.
#ifndef ICTGATE_APP_SERVICE_H_
#define ICTGATE_APP_SERVICE_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/clock.h"
#include "engine/lifecycle.h"
#include "store/store.h"

namespace ictgate::app {

struct Result {
  enum class Status {
    kOk,
    kNotFound,  // no such activity, or not visible to the caller
    kRefused,   // the engine refused; see refusal
    kConflict,  // the activity changed underneath (stale version)
  };
  Status status = Status::kOk;
  std::optional<engine::Activity> activity;  // after the event, when kOk
  std::optional<engine::Event> event;        // the recorded event, when kOk
  std::optional<engine::Refusal> refusal;
  std::string message;
};

// The result of replaying every activity's log against its stored record.
struct ReplayReport {
  size_t activities = 0;
  std::vector<std::string> mismatches;  // "ID: what differs"
};

class Service {
 public:
  // `store` and `clock` must outlive the service.
  Service(store::Store& store, const engine::Clock& clock, engine::Rules rules = {});

  Result Create(const nlohmann::json& input, const engine::Actor& actor,
                const std::string& request_id);

  // Runs one lifecycle command. When `expected_version` is set and differs
  // from the stored version, nothing happens and kConflict is returned.
  Result Execute(const std::string& id, const engine::Command& command,
                 std::optional<int64_t> expected_version = std::nullopt);

  // nullopt when absent or not visible to `viewer`.
  std::optional<engine::Activity> Get(const std::string& id, const engine::Actor& viewer);
  // The viewer's department only, unless the viewer covers "*".
  std::vector<engine::Activity> List(store::ActivityFilter filter, const engine::Actor& viewer);
  std::optional<std::vector<store::ChainedEvent>> Events(const std::string& id,
                                                         const engine::Actor& viewer);

  // Replays every stored log through a fresh machine and compares the result
  // with the stored record (SPEC.md section 6).
  ReplayReport VerifyReplay();

  const engine::Rules& rules() const { return rules_; }
  const engine::Clock& clock() const { return clock_; }

 private:
  store::Store& store_;
  const engine::Clock& clock_;
  engine::Rules rules_;
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_SERVICE_H_

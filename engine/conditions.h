// The conditions still to be met across a portfolio (docs/spec.md section 4):
// the list a CIO office follows up, overdue ones first.
#ifndef ICTGATE_ENGINE_CONDITIONS_H_
#define ICTGATE_ENGINE_CONDITIONS_H_

#include <string>
#include <vector>

#include "engine/activity.h"

namespace ictgate::engine {

struct OpenCondition {
  std::string activity_id;
  std::string title;
  std::string department;
  State state = State::kConditionallyApproved;
  Condition condition;
  bool overdue = false;  // IsOverdue at the instant asked
};

// Every open condition of `activities` that are neither closed nor
// cancelled, judged at `now`: the overdue ones first, then by due date,
// activity and condition id. With `overdue_only`, only the overdue ones.
std::vector<OpenCondition> OpenConditions(const std::vector<Activity>& activities, Instant now,
                                          bool overdue_only);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_CONDITIONS_H_

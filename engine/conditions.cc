#include "engine/conditions.h"

#include <algorithm>
#include <tuple>

namespace ictgate::engine {

std::vector<OpenCondition> OpenConditions(const std::vector<Activity>& activities, Instant now,
                                          bool overdue_only) {
  std::vector<OpenCondition> open;
  for (const Activity& a : activities) {
    if (IsTerminal(a.state)) continue;
    for (const Condition& c : a.conditions) {
      if (c.status != ConditionStatus::kOpen) continue;
      const bool overdue = IsOverdue(c, now, a.calendar);
      if (overdue_only && !overdue) continue;
      open.push_back({a.id, a.title, a.department, a.state, c, overdue});
    }
  }
  std::sort(open.begin(), open.end(), [](const OpenCondition& x, const OpenCondition& y) {
    return std::make_tuple(!x.overdue, x.condition.due.days, x.activity_id, x.condition.id) <
           std::make_tuple(!y.overdue, y.condition.due.days, y.activity_id, y.condition.id);
  });
  return open;
}

}  // namespace ictgate::engine

// What an event tells subscribers (webhooks): the topics it raises and the
// body they receive. Pure: the store writes the messages to its outbox in the
// event's own transaction, and a dispatcher delivers them later.
#ifndef ICTGATE_ENGINE_NOTIFICATIONS_H_
#define ICTGATE_ENGINE_NOTIFICATIONS_H_

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/activity.h"
#include "engine/event.h"

namespace ictgate::engine {

// "activity.submitted", "verdict.recorded", "eligibility.changed".
const std::vector<std::string_view>& NotificationTopics();

struct Notification {
  std::string topic;
  std::string department;  // of the activity: subscriptions may be limited to one
  // {topic, activityId, department, title, state, eligibility {status,
  // eligible, reasons}}; the store adds the chained event.
  nlohmann::json body;
};

// The notifications `event` raises, taking `before` to `after`:
//  - activity.submitted on every submission;
//  - verdict.recorded on a recorded verdict and on an SG overrule;
//  - eligibility.changed when the eligibility status after the event differs
//    from the status as of the activity's previous event. Comparing with
//    that earlier instant, not with the event's own, is what lets the
//    clock's expire and condition-overdue events report the change the
//    passing time made.
std::vector<Notification> NotificationsFor(const Activity& before, const Event& event,
                                           const Activity& after);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_NOTIFICATIONS_H_

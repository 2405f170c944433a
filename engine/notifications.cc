#include "engine/notifications.h"

#include "engine/eligibility.h"

namespace ictgate::engine {

const std::vector<std::string_view>& NotificationTopics() {
  static const std::vector<std::string_view> kTopics = {"activity.submitted", "verdict.recorded",
                                                        "eligibility.changed"};
  return kTopics;
}

std::vector<Notification> NotificationsFor(const Activity& before, const Event& event,
                                           const Activity& after) {
  std::vector<std::string> topics;
  if (event.type == EventType::kSubmit) topics.emplace_back("activity.submitted");
  if (event.type == EventType::kRecordVerdict || event.type == EventType::kOverrule) {
    topics.emplace_back("verdict.recorded");
  }
  const Eligibility now = EligibilityAt(after, event.at);
  const bool existed = event.type != EventType::kCreate;
  if (existed && EligibilityAt(before, before.updated_at).status != now.status) {
    topics.emplace_back("eligibility.changed");
  }
  std::vector<Notification> out;
  for (auto& topic : topics) {
    nlohmann::json body = {{"topic", topic},
                           {"activityId", after.id},
                           {"department", after.department},
                           {"title", after.title},
                           {"state", StateName(after.state)},
                           {"eligibility",
                            {{"status", EligibilityStatusName(now.status)},
                             {"eligible", now.eligible},
                             {"reasons", now.reasons}}}};
    out.push_back({std::move(topic), after.department, std::move(body)});
  }
  return out;
}

}  // namespace ictgate::engine

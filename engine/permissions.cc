#include "engine/permissions.h"

#include <algorithm>
#include <map>
#include <string>

namespace ictgate::engine {

const std::vector<std::string_view>& KnownRoles() {
  static const std::vector<std::string_view> kRoles = {"owner",   "cio",   "finance", "sg",
                                                       "auditor", "admin", "system"};
  return kRoles;
}

bool IsKnownRole(std::string_view role) {
  const auto& roles = KnownRoles();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const std::vector<std::string_view>& RolesFor(EventType type) {
  static const std::map<EventType, std::vector<std::string_view>> kTable = {
      {EventType::kCreate, {"owner"}},
      {EventType::kUpdate, {"owner"}},
      {EventType::kSubmit, {"owner"}},
      {EventType::kWithdraw, {"owner"}},
      {EventType::kAcceptIntake, {"cio"}},
      {EventType::kReturnIntake, {"cio"}},
      {EventType::kRecordVerdict, {"cio"}},
      {EventType::kReviewCondition, {"cio"}},
      {EventType::kOverrule, {"sg"}},
      {EventType::kRevise, {"owner"}},
      {EventType::kGrantFunding, {"finance"}},
      {EventType::kReportChange, {"owner"}},
      {EventType::kExpire, {"system"}},
      {EventType::kComplete, {"owner", "cio"}},
      {EventType::kCancel, {"owner", "cio"}},
      // The owner links and unlinks; the system records what a link or a cost
      // change means for the other members of the group.
      {EventType::kLinkChange, {"owner", "system"}},
      {EventType::kConditionOverdue, {"system"}},
      {EventType::kRefuseFunding, {"finance"}},
  };
  return kTable.at(type);
}

bool MayPerform(const Actor& actor, EventType type) {
  const auto& roles = RolesFor(type);
  return std::find(roles.begin(), roles.end(), actor.role) != roles.end();
}

bool IsDepartmentCode(std::string_view code) {
  return code.size() >= 2 && code.size() <= 10 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool CoversDepartment(const Actor& actor, std::string_view department) {
  return actor.department == "*" || actor.department == department;
}

}  // namespace ictgate::engine

#include "engine/permissions.h"

#include <algorithm>
#include <map>
#include <string>

namespace ictgate::engine {

const std::vector<Role>& RolesFor(EventType type) {
  static const std::map<EventType, std::vector<Role>> kTable = {
      {EventType::kCreate, {Role::kOwner}},
      {EventType::kUpdate, {Role::kOwner}},
      {EventType::kSubmit, {Role::kOwner}},
      {EventType::kWithdraw, {Role::kOwner}},
      {EventType::kAcceptIntake, {Role::kCio}},
      {EventType::kReturnIntake, {Role::kCio}},
      {EventType::kRecordVerdict, {Role::kCio}},
      {EventType::kReviewCondition, {Role::kCio}},
      {EventType::kOverrule, {Role::kSg}},
      {EventType::kRevise, {Role::kOwner}},
      {EventType::kGrantFunding, {Role::kFinance}},
      {EventType::kReportChange, {Role::kOwner}},
      {EventType::kExpire, {Role::kSystem}},
      {EventType::kComplete, {Role::kOwner, Role::kCio}},
      {EventType::kCancel, {Role::kOwner, Role::kCio}},
      // The owner links and unlinks; the system records what a link or a cost
      // change means for the other members of the group.
      {EventType::kLinkChange, {Role::kOwner, Role::kSystem}},
      {EventType::kConditionOverdue, {Role::kSystem}},
      {EventType::kRefuseFunding, {Role::kFinance}},
      {EventType::kAdoptPack, {Role::kCio}},
      {EventType::kRespondRecommendation, {Role::kOwner}},
      {EventType::kReassessmentDue, {Role::kSystem}},
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

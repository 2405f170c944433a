#include "engine/permissions.h"

#include <algorithm>
#include <map>
#include <string>

namespace ictgate::engine {

const std::vector<Role>& RolesFor(EventType type) {
  static const std::map<EventType, std::vector<Role>> kTable = {
      // The project lead prepares what the opdrachtgever owns; where the pack
      // asks for the two to be distinct, only the opdrachtgever submits
      // (lifecycle.cc, CheckSubmitter).
      {EventType::kCreate, {Role::kOwner, Role::kProjectLead}},
      {EventType::kUpdate, {Role::kOwner, Role::kProjectLead}},
      {EventType::kSubmit, {Role::kOwner, Role::kProjectLead}},
      {EventType::kWithdraw, {Role::kOwner, Role::kProjectLead}},
      {EventType::kAcceptIntake, {Role::kCio}},
      {EventType::kReturnIntake, {Role::kCio}},
      {EventType::kRecordVerdict, {Role::kCio}},
      {EventType::kReviewCondition, {Role::kCio}},
      {EventType::kOverrule, {Role::kSg}},
      {EventType::kRevise, {Role::kOwner}},
      {EventType::kGrantFunding, {Role::kFinance}},
      {EventType::kReportChange, {Role::kOwner, Role::kProjectLead}},
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
      // The minister asks and reacts, through the department's CIO office;
      // the AcICT selects, advises and may add a naschrift; the opdrachtgever
      // and the CIO office follow the recommendations up.
      {EventType::kRequestAcictAdvice, {Role::kCio}},
      {EventType::kRecordAcictSelection, {Role::kAcict}},
      {EventType::kRecordAcictAdvice, {Role::kAcict}},
      {EventType::kRecordBestuurlijkeReactie, {Role::kCio}},
      {EventType::kRecordAcictNaschrift, {Role::kAcict}},
      {EventType::kFollowUpAcictRecommendation, {Role::kOwner, Role::kCio}},
      {EventType::kRecordCisoAdvice, {Role::kCiso}},
      // Who prepares the dossier keeps its documents.
      {EventType::kUploadDocument, {Role::kOwner, Role::kProjectLead}},
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

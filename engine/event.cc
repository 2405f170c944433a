#include "engine/event.h"

#include <array>
#include <utility>

#include "engine/name_table.h"

namespace ictgate::engine {
namespace {

using internal::KeyIn;
using internal::NameIn;

constexpr std::array<std::pair<State, std::string_view>, kStateCount> kStateNames = {{
    {State::kDraft, "draft"},
    {State::kSubmitted, "submitted"},
    {State::kExempt, "exempt"},
    {State::kInAssessment, "in_assessment"},
    {State::kApproved, "approved"},
    {State::kConditionallyApproved, "conditionally_approved"},
    {State::kRejected, "rejected"},
    {State::kInExecution, "in_execution"},
    {State::kReassessmentRequired, "reassessment_required"},
    {State::kExpired, "expired"},
    {State::kClosed, "closed"},
    {State::kCancelled, "cancelled"},
}};

constexpr std::array<std::pair<EventType, std::string_view>, 29> kEventNames = {{
    {EventType::kCreate, "create"},
    {EventType::kUpdate, "update"},
    {EventType::kSubmit, "submit"},
    {EventType::kWithdraw, "withdraw"},
    {EventType::kAcceptIntake, "accept-intake"},
    {EventType::kReturnIntake, "return-intake"},
    {EventType::kRecordVerdict, "record-verdict"},
    {EventType::kReviewCondition, "review-condition"},
    {EventType::kOverrule, "overrule"},
    {EventType::kRevise, "revise"},
    {EventType::kGrantFunding, "grant-funding"},
    {EventType::kReportChange, "report-change"},
    {EventType::kExpire, "expire"},
    {EventType::kComplete, "complete"},
    {EventType::kCancel, "cancel"},
    {EventType::kLinkChange, "link-change"},
    {EventType::kConditionOverdue, "condition-overdue"},
    {EventType::kRefuseFunding, "refuse-funding"},
    {EventType::kAdoptPack, "adopt-pack"},
    {EventType::kRespondRecommendation, "respond-recommendation"},
    {EventType::kReassessmentDue, "reassessment-due"},
    {EventType::kRequestAcictAdvice, "request-acict-advice"},
    {EventType::kRecordAcictSelection, "record-acict-selection"},
    {EventType::kRecordAcictAdvice, "record-acict-advice"},
    {EventType::kRecordBestuurlijkeReactie, "record-bestuurlijke-reactie"},
    {EventType::kRecordAcictNaschrift, "record-acict-naschrift"},
    {EventType::kFollowUpAcictRecommendation, "follow-up-acict-recommendation"},
    {EventType::kRecordCisoAdvice, "record-ciso-advice"},
    {EventType::kUploadDocument, "upload-document"},
}};

constexpr internal::NameTable<Role, 11> kRoleNames = {{
    {Role::kOwner, "owner"},
    {Role::kCio, "cio"},
    {Role::kFinance, "finance"},
    {Role::kSg, "sg"},
    {Role::kAuditor, "auditor"},
    {Role::kAdmin, "admin"},
    {Role::kCioRijk, "cio_rijk"},
    {Role::kAcict, "acict"},
    {Role::kCiso, "ciso"},
    {Role::kProjectLead, "project_lead"},
    {Role::kSystem, "system"},
}};

}  // namespace

std::string_view StateName(State s) {
  return NameIn(kStateNames, s);
}
std::optional<State> ParseState(std::string_view name) {
  return KeyIn<State>(kStateNames, name);
}

const std::vector<State>& AllStates() {
  static const std::vector<State> kAll = [] {
    std::vector<State> all;
    all.reserve(kStateNames.size());
    for (const auto& entry : kStateNames) all.push_back(entry.first);
    return all;
  }();
  return kAll;
}

bool IsTerminal(State s) {
  return s == State::kClosed || s == State::kCancelled;
}

std::string_view EventTypeName(EventType t) {
  return NameIn(kEventNames, t);
}
std::optional<EventType> ParseEventType(std::string_view name) {
  return KeyIn<EventType>(kEventNames, name);
}

bool IsAcictStep(EventType t) {
  switch (t) {
    case EventType::kRequestAcictAdvice:
    case EventType::kRecordAcictSelection:
    case EventType::kRecordAcictAdvice:
    case EventType::kRecordBestuurlijkeReactie:
    case EventType::kRecordAcictNaschrift:
    case EventType::kFollowUpAcictRecommendation:
      return true;
    default:
      return false;
  }
}

bool IsMachineEvent(EventType t) {
  switch (t) {
    case EventType::kCreate:
    case EventType::kUpdate:
    case EventType::kConditionOverdue:
    case EventType::kRefuseFunding:
    case EventType::kAdoptPack:
    case EventType::kRespondRecommendation:
    case EventType::kRecordCisoAdvice:
    case EventType::kUploadDocument:
      return false;
    default:
      return !IsAcictStep(t);
  }
}

const std::vector<EventType>& MachineEventTypes() {
  static const std::vector<EventType> kAll = [] {
    std::vector<EventType> all;
    all.reserve(kEventNames.size());
    for (const auto& entry : kEventNames) {
      if (IsMachineEvent(entry.first)) {
        all.push_back(entry.first);
      }
    }
    return all;
  }();
  return kAll;
}

std::string_view RoleName(Role r) {
  return NameIn(kRoleNames, r);
}
std::optional<Role> ParseRole(std::string_view name) {
  return KeyIn<Role>(kRoleNames, name);
}
const std::vector<Role>& AllRoles() {
  static const std::vector<Role> kAll = internal::KeysOf<Role>(kRoleNames);
  return kAll;
}

}  // namespace ictgate::engine

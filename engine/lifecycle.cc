#include "engine/lifecycle.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/acict.h"
#include "engine/assessment.h"
#include "engine/documents.h"
#include "engine/eligibility.h"
#include "engine/lifecycle_machine.h"
#include "engine/payload.h"
#include "engine/permissions.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

// The members each command may carry. Anything else is refused, so that a
// misspelt member ("justfication") is not silently ignored.
const std::set<std::string>& KnownMembers(EventType type) {
  static const std::map<EventType, std::set<std::string>> kMembers = {
      {EventType::kCreate,
       {"title", "department", "kind", "ictCostEur", "plannedStart", "plannedEnd", "dossier"}},
      {EventType::kUpdate, {"title", "dossier", "ictCostEur", "plannedStart", "plannedEnd"}},
      {EventType::kSubmit, {"note"}},
      {EventType::kWithdraw, {"reason"}},
      {EventType::kAcceptIntake, {"note"}},
      {EventType::kReturnIntake, {"reason"}},
      {EventType::kRecordVerdict,
       {"verdict", "areaScores", "findings", "justification", "recommendations", "conditions"}},
      {EventType::kReviewCondition, {"conditionId", "outcome", "note", "dueDate"}},
      {EventType::kOverrule, {"reason"}},
      {EventType::kRevise, {"note"}},
      {EventType::kGrantFunding, {"amountEur", "reference"}},
      {EventType::kReportChange,
       {"reasonCode", "reasonCodes", "newCostEur", "newPlannedEnd", "scopeChange", "description",
        "costExplanation", "plannedEndExplanation", "dashboard"}},
      {EventType::kExpire, {}},
      {EventType::kComplete, {"note"}},
      {EventType::kCancel, {"reason"}},
      {EventType::kLinkChange, {"op", "activities", "links", "linkedCostEur"}},
      {EventType::kConditionOverdue, {"conditionId"}},
      {EventType::kRefuseFunding, {"amountEur", "reference", "reason"}},
      {EventType::kAdoptPack, {"version", "reason"}},
      {EventType::kRespondRecommendation, {"recommendation", "position", "response"}},
      {EventType::kReassessmentDue, {}},
      {EventType::kRequestAcictAdvice, {"document", "note"}},
      {EventType::kRecordAcictSelection, {"decision", "reason"}},
      {EventType::kRecordAcictAdvice, {"document", "recommendations", "summary"}},
      {EventType::kRecordBestuurlijkeReactie, {"document", "summary"}},
      {EventType::kRecordAcictNaschrift, {"document", "note"}},
      {EventType::kFollowUpAcictRecommendation, {"recommendation", "status", "note"}},
      {EventType::kRecordCisoAdvice, {"residualRisk", "advice", "document"}},
      {EventType::kUploadDocument, {"kind", "title", "sha256", "mediaType", "sizeBytes"}},
  };
  return kMembers.at(type);
}

std::vector<Problem> UnknownMembers(const Command& c) {
  std::vector<Problem> problems;
  if (!c.payload.is_object()) {
    problems.push_back({"", "the body must be a JSON object"});
    return problems;
  }
  const auto& known = KnownMembers(c.type);
  for (const auto& [key, value] : c.payload.items()) {
    if (!known.count(key)) problems.push_back({key, "is not a member of this request"});
  }
  return problems;
}

Decision Refuse(Refusal::Kind kind, std::string summary, std::vector<Problem> problems = {},
                std::vector<EventType> allowed = {}) {
  return Refusal{kind, std::move(summary), std::move(problems), std::move(allowed)};
}

bool IsInputProblem(const std::vector<Problem>& problems) {
  return std::any_of(problems.begin(), problems.end(), [](auto& p) { return !p.field.empty(); });
}

std::string Name(EventType t) {
  return std::string(EventTypeName(t));
}
std::string Name(State s) {
  return std::string(StateName(s));
}

// Whether `pack` asks the AcICT's advice to be requested before an activity
// of a's kind starts (Rules::acict_request_kinds).
bool AcictRequestRequiredBy(const PolicyPack& pack, const Activity& a) {
  const auto& kinds = pack.rules.acict_request_kinds;
  return std::find(kinds.begin(), kinds.end(), ActivityKindName(a.kind)) != kinds.end();
}

// What the engine computes at decision time and Apply needs later. Keeping it
// in the event (not recomputed in Apply) means a fold never needs the pack.
json Derive(const Activity& a, const Command& c, State to, const PolicyPack& pack, Instant now) {
  // Every decision records the pack it was made under, so replay can make it
  // again under the same one.
  json d = {{"pack", ToJson(pack.ref)}};
  switch (c.type) {
    case EventType::kSubmit:
      d["gate"] = GateName(a.state == State::kReassessmentRequired ? a.gate
                           : a.state == State::kExpired            ? Gate::kRebaseline
                                                                   : Gate::kStart);
      d["locksInitialEstimate"] = a.estimates.empty();
      if (AcictRequestRequiredBy(pack, a)) d["acictRequestRequired"] = true;
      break;
    case EventType::kAdoptPack:
      if (AcictRequestRequiredBy(pack, a)) d["acictRequestRequired"] = true;
      break;
    case EventType::kRecordAcictAdvice:
    case EventType::kRecordBestuurlijkeReactie:
    case EventType::kRecordAcictNaschrift:
      d["public"] = true;  // Aanwijzing voor de regelgeving 7.5b: the advice is public
      break;
    case EventType::kUploadDocument:
      d["documentVersion"] = NextDocumentVersion(a, c.payload.at("kind").get<std::string>());
      break;
    case EventType::kRecordVerdict: {
      // The versions judged, so that a later upload shows as changed since
      // the verdict; absent when none was uploaded (as in verdicts recorded
      // before documents by content, which replay must derive alike).
      if (!a.documents.empty()) d["documents"] = JudgedDocuments(a);
      d["assessment"] = ToJson(Assess(pack, a.dossier, c.payload.value("findings", json()),
                                      c.payload.value("areaScores", json())));
      d["validUntil"] =
          FormatDate(AddMonths(DateOf(now, a.calendar), pack.rules.verdict_validity_months));
      json ids = json::array();
      const size_t count = c.payload.contains("conditions") && c.payload["conditions"].is_array()
                               ? c.payload["conditions"].size()
                               : 0;
      for (size_t i = 0; i < count; ++i) {
        ids.push_back("C" + std::to_string(a.conditions.size() + i + 1));
      }
      d["conditionIds"] = ids;
      // Only where they apply, so verdicts of before the settings replay.
      if (to == State::kRejected && !pack.rules.red_blocks_funding) d["advisoryOnly"] = true;
      if (pack.rules.periodic_reassessment_months > 0) {
        d["reassessBy"] =
            FormatDate(AddMonths(DateOf(now, a.calendar), pack.rules.periodic_reassessment_months));
      }
      break;
    }
    case EventType::kGrantFunding:
      if (RedIsAdvice(a)) d["despiteRed"] = true;
      break;
    case EventType::kReportChange: {
      const bool material = to == State::kReassessmentRequired;
      d["material"] = material;
      if (material) {
        d["gate"] =
            GateName(MemberOr(c.payload, "scopeChange", false) ? Gate::kChange : Gate::kRebaseline);
      }
      break;
    }
    case EventType::kReassessmentDue:
      d["gate"] = GateName(Gate::kPeriodic);
      break;
    case EventType::kLinkChange:
      // Only an exempt activity moves: its group now reaches the threshold.
      if (to == State::kReassessmentRequired) d["gate"] = GateName(Gate::kRebaseline);
      break;
    default:
      break;
  }
  return d;
}

// The accepted decision: the command as the next event of the activity.
Decision Accept(const Activity& a, const Command& c, State to, const PolicyPack& pack,
                Instant now) {
  return Event{a.id,
               a.version + 1,
               c.type,
               a.state,
               to,
               c.actor,
               c.request_id,
               c.payload,
               Derive(a, c, to, pack, now),
               now};
}

void AddDossierProblems(const json& dossier, const PolicyPack& pack,
                        std::vector<Problem>& problems) {
  for (auto& [field, message] : ValidateDossier(dossier, pack)) {
    problems.push_back({field, message});
  }
}

// kUpdate: an edit of the activity outside the state machine. Cost and dates
// stay editable in a draft whose intake was never accepted (withdrawn or
// returned): the owner corrects what the CIO office sent back, and the
// initial estimate recorded at submission follows (Apply).
Decision DecideUpdate(const Activity& a, const Command& c, const PolicyPack& pack, Instant now) {
  static const std::vector<State> kEditable = {State::kDraft, State::kReassessmentRequired,
                                               State::kExpired};
  if (std::find(kEditable.begin(), kEditable.end(), a.state) == kEditable.end()) {
    return Refuse(Refusal::Kind::kNotAllowed,
                  "an activity in state '" + Name(a.state) +
                      "' cannot be edited; it can in draft, reassessment_required and expired",
                  {}, AllowedEvents(a.state));
  }
  std::vector<Problem> problems = UnknownMembers(c);
  PayloadReader in(c.payload, problems);
  in.Text("title", false);
  for (const char* key : {"ictCostEur", "plannedStart", "plannedEnd"}) {
    if (InitialEstimateLocked(a) && c.payload.contains(key)) {
      in.Fail(key, "is locked since the intake was accepted; report a change instead");
    }
  }
  in.Amount("ictCostEur", false);
  const Date start = in.DateMember("plannedStart", false).value_or(a.planned_start);
  const Date end = in.DateMember("plannedEnd", false).value_or(a.planned_end);
  if (end < start) in.Fail("plannedEnd", "must not be before plannedStart");
  if (c.payload.contains("dossier")) {
    if (!c.payload["dossier"].is_object()) {
      in.Fail("dossier", "must be a JSON merge patch object");
    } else {
      json merged = a.dossier;
      merged.merge_patch(c.payload["dossier"]);
      AddDossierProblems(merged, pack, problems);
    }
  }
  if (!problems.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the edit is not valid", std::move(problems));
  }
  return Accept(a, c, a.state, pack, now);
}

// kConditionOverdue: the clock passed an open condition's due date while the
// condition still counts (orange and not yet funded, or in execution, where
// an overdue condition blocks further tranches). Recorded once per condition.
Decision DecideConditionOverdue(const Activity& a, const Command& c, const PolicyPack& pack,
                                Instant now) {
  if (a.state != State::kConditionallyApproved && a.state != State::kInExecution) {
    return Refuse(Refusal::Kind::kNotAllowed,
                  "conditions are not tracked in state '" + Name(a.state) + "'", {},
                  AllowedEvents(a.state));
  }
  std::vector<Problem> problems = UnknownMembers(c);
  const auto id = PayloadReader(c.payload, problems).Text("conditionId", true);
  if (!problems.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the request is not valid", std::move(problems));
  }
  const auto it = std::find_if(a.conditions.begin(), a.conditions.end(),
                               [&](const Condition& k) { return k.id == *id; });
  if (it == a.conditions.end()) {
    return Refuse(Refusal::Kind::kInvalid, "no such condition",
                  {{"conditionId", "no condition '" + *id + "' on this activity"}});
  }
  if (!IsOverdue(*it, now, a.calendar) || it->overdue_recorded_at) {
    return Refuse(
        Refusal::Kind::kPrecondition, "condition " + *id + " is not newly overdue",
        {{"", it->overdue_recorded_at ? "its passing was already recorded"
                                      : "it is " + std::string(ConditionStatusName(it->status)) +
                                            ", due " + FormatDate(it->due)}});
  }
  return Accept(a, c, a.state, pack, now);
}

// kRefuseFunding: finance declines a funding request. Recorded wherever a
// grant could be asked for, eligible or not; it moves nothing.
Decision DecideRefuseFunding(const Activity& a, const Command& c, const PolicyPack& pack,
                             Instant now) {
  const auto allowed = AllowedEvents(a.state);
  if (std::find(allowed.begin(), allowed.end(), EventType::kGrantFunding) == allowed.end()) {
    return Refuse(Refusal::Kind::kNotAllowed,
                  "no funding is asked for in state '" + Name(a.state) + "'", {}, allowed);
  }
  std::vector<Problem> problems = UnknownMembers(c);
  PayloadReader in(c.payload, problems);
  in.Amount("amountEur", true, /*positive=*/true);
  in.Text("reference", false);
  in.Text("reason", true);
  if (!problems.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the refusal is not valid", std::move(problems));
  }
  return Accept(a, c, a.state, pack, now);
}

// The dossier members `pack` does not accept (undeclared, or a value of the
// wrong type or outside its enum), by name.
std::vector<std::string> MembersNotAccepted(const json& dossier, const PolicyPack& pack) {
  std::set<std::string> names;
  for (const auto& problem : ValidateDossier(dossier, pack)) {
    const std::string prefix = "dossier/";
    if (problem.field.rfind(prefix, 0) != 0) continue;
    const std::string rest = problem.field.substr(prefix.size());
    names.insert(rest.substr(0, rest.find('/')));
  }
  return {names.begin(), names.end()};
}

// kAdoptPack: the CIO office moves an activity to a newer version of the
// pack it is pinned to; `pack` is that version. It moves no state and
// leaves the verdict as it was given (under the pack its assessment names).
// From here on the gate is judged, the triggers and the next verdict's
// validity taken, and a next assessment made under the new version. The
// dossier keeps what the new version accepts; the rest is dropped, named in
// the event, so that the owner sees what to fill in again.
Decision DecideAdoptPack(const Activity& a, const Command& c, const PolicyPack& pack, Instant now) {
  if (IsTerminal(a.state) || !a.pack) {
    return Refuse(Refusal::Kind::kNotAllowed,
                  a.pack ? "an activity in state '" + Name(a.state) + "' keeps its pack"
                         : "an activity in draft has no pack yet: it is judged under the pack "
                           "in force when it is submitted",
                  {}, AllowedEvents(a.state));
  }
  std::vector<Problem> problems = UnknownMembers(c);
  PayloadReader in(c.payload, problems);
  const auto version = in.Text("version", true);
  in.Text("reason", true);
  if (version && *version != pack.ref.version) in.Fail("version", "is not the pack given");
  if (!problems.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the adoption is not valid", std::move(problems));
  }
  if (pack.ref.id != a.pack->id || !IsNewerVersion(pack.ref.version, a.pack->version)) {
    return Refuse(Refusal::Kind::kPrecondition,
                  "the activity is under " + a.pack->id + " " + a.pack->version +
                      "; it can adopt only a newer version of that pack",
                  {{"version", pack.ref.id + " " + pack.ref.version + " is not newer"}});
  }
  Decision d = Accept(a, c, a.state, pack, now);
  json dropped = json::array();
  for (const std::string& name : MembersNotAccepted(a.dossier, pack)) dropped.push_back(name);
  d.value().derived["fromPack"] = ToJson(*a.pack);
  d.value().derived["droppedFields"] = std::move(dropped);
  return d;
}

// kRespondRecommendation: the opdrachtgever answers one recommendation of the
// verdict in force (numbered from 1, as the verdict lists them): adopted,
// partly adopted or not, and how. Once per recommendation, so that the
// document shows one answer; a new verdict brings new recommendations.
Decision DecideRespondRecommendation(const Activity& a, const Command& c, const PolicyPack& pack,
                                     Instant now) {
  if (!a.verdict || IsTerminal(a.state)) {
    return Refuse(Refusal::Kind::kNotAllowed,
                  "there is no verdict in force to respond to in state '" + Name(a.state) + "'", {},
                  AllowedEvents(a.state));
  }
  std::vector<Problem> problems = UnknownMembers(c);
  PayloadReader in(c.payload, problems);
  in.OneOf("position", RecommendationPositions(), true);
  in.Text("response", true);
  const size_t count = a.verdict->recommendations.size();
  const json number = c.payload.is_object() ? c.payload.value("recommendation", json()) : json();
  if (!number.is_number_integer() || number.get<int64_t>() < 1 ||
      number.get<int64_t>() > static_cast<int64_t>(count)) {
    in.Fail("recommendation", count == 0 ? "the verdict has no recommendations"
                                         : "must be a number from 1 to " + std::to_string(count));
  }
  if (!problems.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the response is not valid", std::move(problems));
  }
  const auto& responses = a.verdict->responses;
  if (std::any_of(responses.begin(), responses.end(),
                  [&](const json& r) { return r.value("recommendation", json()) == number; })) {
    return Refuse(Refusal::Kind::kPrecondition,
                  "recommendation " + number.dump() + " has its response already",
                  {{"recommendation", "was answered before"}});
  }
  return Accept(a, c, a.state, pack, now);
}

// A step of the AcICT track (engine/acict.h): beside the gate, in any state
// but closed and cancelled, in the track's own order.
Decision DecideAcictStep(const Activity& a, const Command& c, const PolicyPack& pack, Instant now) {
  if (IsTerminal(a.state)) {
    return Refuse(Refusal::Kind::kNotAllowed,
                  "the AcICT track of an activity in state '" + Name(a.state) + "' is closed", {},
                  AllowedEvents(a.state));
  }
  if (auto unknown = UnknownMembers(c); !unknown.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the request has members it may not have",
                  std::move(unknown));
  }
  if (auto refusal = CheckAcictStep(a, c)) return *refusal;
  return Accept(a, c, a.state, pack, now);
}

// kUploadDocument: a version of a dossier document (engine/documents.h),
// beside the machine in every state but closed and cancelled.
Decision DecideUploadDocument(const Activity& a, const Command& c, const PolicyPack& pack,
                              Instant now) {
  if (auto unknown = UnknownMembers(c); !unknown.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the request has members it may not have",
                  std::move(unknown));
  }
  if (auto refusal = CheckDocumentUpload(a, c)) return *refusal;
  return Accept(a, c, a.state, pack, now);
}

// kRecordCisoAdvice: the department's CISO advises on the residual security
// risk of the assessment in progress, once per assessment (a submission
// starts the next); the verdict takes the advice with it.
Decision DecideCisoAdvice(const Activity& a, const Command& c, const PolicyPack& pack,
                          Instant now) {
  if (a.state != State::kSubmitted && a.state != State::kInAssessment) {
    return Refuse(
        Refusal::Kind::kNotAllowed,
        "the CISO advises on an assessment in progress; the activity is '" + Name(a.state) + "'",
        {}, AllowedEvents(a.state));
  }
  std::vector<Problem> problems = UnknownMembers(c);
  PayloadReader in(c.payload, problems);
  in.OneOf("residualRisk", CisoResidualRisks(), true);
  in.Text("advice", true);
  in.Document("document", false);
  if (!problems.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the CISO's advice is not valid", std::move(problems));
  }
  if (!a.ciso_advice.is_null()) {
    return Refuse(Refusal::Kind::kPrecondition,
                  "the CISO's advice for this assessment is on record already",
                  {{"", "given by " + a.ciso_advice.value("by", std::string()) + " at " +
                            a.ciso_advice.value("at", std::string())}});
  }
  return Accept(a, c, a.state, pack, now);
}

// What the pack asks of who submits and of what a verdict rests on
// (Rules::opdrachtgever_submits, Rules::ciso_advice_required), or nothing.
// Asked after the state allows the event, before the machine's guards.
std::optional<Refusal> CheckGovernance(const Activity& a, const Command& c,
                                       const PolicyPack& pack) {
  const std::string under = "under " + pack.ref.id + " " + pack.ref.version + " ";
  if (c.type == EventType::kSubmit && pack.rules.opdrachtgever_submits) {
    if (c.actor.role == Role::kProjectLead) {
      return Refusal{Refusal::Kind::kForbidden,
                     under + "the opdrachtgever submits; the project lead prepares",
                     {},
                     {}};
    }
    if (a.project_lead.empty() || a.project_lead == c.actor.name) {
      const std::string why =
          a.project_lead.empty()
              ? "no project lead prepared this activity: the opdrachtgever submits what a "
                "project lead (role project_lead) registered or edited"
              : "the opdrachtgever must be someone other than the project lead, " + a.project_lead;
      return Refusal{Refusal::Kind::kPrecondition,
                     under +
                         "the opdrachtgever and the project "
                         "lead are two people",
                     {{"", why}},
                     {}};
    }
  }
  if (c.type == EventType::kRecordVerdict && pack.rules.ciso_advice_required &&
      a.ciso_advice.is_null()) {
    return Refusal{Refusal::Kind::kPrecondition,
                   under + "a verdict is given with the CISO's advice on the residual risk",
                   {{"", "the CISO's advice (record-ciso-advice) is not on record"}},
                   {}};
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string_view>& CisoResidualRisks() {
  static const std::vector<std::string_view> kRisks = {"low", "medium", "high"};
  return kRisks;
}

const std::vector<std::string_view>& RecommendationPositions() {
  static const std::vector<std::string_view> kPositions = {"adopted", "partly_adopted",
                                                           "not_adopted"};
  return kPositions;
}

const std::vector<std::string_view>& ChangeReasonCodes() {
  static const std::vector<std::string_view> kCodes = {"legislation",
                                                       "parliament-request",
                                                       "changed-goals-or-scope",
                                                       "implementation-complexity",
                                                       "internal-scope-change",
                                                       "setbacks",
                                                       "external-advice",
                                                       "price-development"};
  return kCodes;
}

std::vector<EventType> AllowedEvents(State state) {
  return internal::TableEventsFrom(state);
}

std::optional<Refusal> CheckActor(const Actor& actor, EventType type,
                                  const std::string& department) {
  if (!MayPerform(actor, type)) {
    const std::string what =
        type == EventType::kCreate ? std::string("create activities") : Name(type);
    return Refusal{Refusal::Kind::kForbidden,
                   "role '" + std::string(RoleName(actor.role)) + "' may not " + what,
                   {},
                   {}};
  }
  if (!CoversDepartment(actor, department)) {
    const std::string what = type == EventType::kCreate ? "create activities for " : "act on ";
    return Refusal{Refusal::Kind::kForbidden,
                   "department '" + actor.department + "' may not " + what + department,
                   {},
                   {}};
  }
  return std::nullopt;
}

std::optional<Refusal> CheckState(const Activity& a, EventType type) {
  const auto allowed = AllowedEvents(a.state);
  if (std::find(allowed.begin(), allowed.end(), type) != allowed.end()) return std::nullopt;
  return Refusal{Refusal::Kind::kNotAllowed,
                 "'" + Name(type) + "' is not allowed in state '" + Name(a.state) + "'",
                 {},
                 allowed};
}

Decision Decide(const Activity& a, const Command& c, const PolicyPack& pack, Instant now) {
  if (c.type == EventType::kCreate) {
    return Refuse(Refusal::Kind::kInvalid, "use DecideCreate for a new activity");
  }
  if (auto refusal = CheckActor(c.actor, c.type, a.department)) return *refusal;
  if (c.type == EventType::kUpdate) return DecideUpdate(a, c, pack, now);
  if (c.type == EventType::kConditionOverdue) return DecideConditionOverdue(a, c, pack, now);
  if (c.type == EventType::kRefuseFunding) return DecideRefuseFunding(a, c, pack, now);
  if (c.type == EventType::kAdoptPack) return DecideAdoptPack(a, c, pack, now);
  if (c.type == EventType::kRespondRecommendation) {
    return DecideRespondRecommendation(a, c, pack, now);
  }
  if (IsAcictStep(c.type)) return DecideAcictStep(a, c, pack, now);
  if (c.type == EventType::kRecordCisoAdvice) return DecideCisoAdvice(a, c, pack, now);
  if (c.type == EventType::kUploadDocument) return DecideUploadDocument(a, c, pack, now);
  if (auto refusal = CheckState(a, c.type)) return *refusal;
  const auto allowed = AllowedEvents(a.state);
  if (auto unknown = UnknownMembers(c); !unknown.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the request has members it may not have",
                  std::move(unknown), allowed);
  }
  if (auto refusal = CheckGovernance(a, c, pack)) {
    refusal->allowed = allowed;
    return *refusal;
  }
  const internal::GuardContext context{a, c.payload, pack, now};
  internal::MachineStep step = internal::RunMachine(a.state, c.type, context);
  if (step.outcome != internal::MachineStep::Outcome::kMoved) {
    // A malformed command and an activity that does not qualify are told
    // apart: the first names the members to fix, the second what blocks it.
    // Neither is about the state, which allows the event.
    const bool input = IsInputProblem(step.problems);
    if (step.problems.empty()) step.problems.push_back({"", "a guard of the transition failed"});
    std::string fields;
    for (const auto& p : step.problems) {
      if (!p.field.empty()) fields += (fields.empty() ? "" : ", ") + p.field;
    }
    // Worked out before the call: its arguments may be evaluated in any
    // order, and one of them moves the problems away.
    const std::string summary =
        input ? "the " + Name(c.type) + " request is not valid: check " + fields
              : "'" + Name(c.type) + "' is blocked: " + step.problems.front().message;
    return Refuse(input ? Refusal::Kind::kInvalid : Refusal::Kind::kPrecondition, summary,
                  std::move(step.problems), allowed);
  }
  return Accept(a, c, step.to, pack, now);
}

Decision DecideCreate(const Command& c, const PolicyPack& pack, Instant now) {
  if (!MayPerform(c.actor, EventType::kCreate)) {
    return *CheckActor(c.actor, EventType::kCreate, c.actor.department);
  }
  std::vector<Problem> problems = UnknownMembers(c);
  PayloadReader in(c.payload, problems);
  in.Text("title", true);
  const auto department = in.Text("department", true);
  if (department && !IsDepartmentCode(*department))
    in.Fail("department", "must be 2 to 10 capital letters (BZK, EZK)");
  std::vector<std::string_view> kinds;
  for (ActivityKind k : AllActivityKinds()) kinds.push_back(ActivityKindName(k));
  in.OneOf("kind", kinds, true);
  in.Amount("ictCostEur", true);
  const auto start = in.DateMember("plannedStart", true);
  const auto end = in.DateMember("plannedEnd", true);
  if (start && end && *end < *start) in.Fail("plannedEnd", "must not be before plannedStart");
  if (c.payload.is_object() && c.payload.contains("dossier")) {
    AddDossierProblems(c.payload["dossier"], pack, problems);
  }
  if (!problems.empty()) {
    return Refuse(Refusal::Kind::kInvalid, "the activity is not valid", std::move(problems));
  }
  if (auto refusal = CheckActor(c.actor, EventType::kCreate, *department)) {
    return *refusal;
  }
  json payload = c.payload;
  if (!payload.contains("dossier")) payload["dossier"] = json::object();
  return Event{"",
               1,
               EventType::kCreate,
               State::kDraft,
               State::kDraft,
               c.actor,
               c.request_id,
               payload,
               json{{"pack", ToJson(pack.ref)}, {"calendar", CalendarName(Calendar::kAmsterdam)}},
               now};
}

Result<Activity, Problem> Replay(const std::vector<Event>& log, const PackResolver& packs) {
  if (log.empty() || log.front().type != EventType::kCreate) {
    return Problem{"", "the log does not start with a create event"};
  }
  Activity a;
  for (const Event& stored : log) {
    const auto refused = [&stored](const std::string& why) {
      return Problem{"events/" + std::to_string(stored.version),
                     "event version " + std::to_string(stored.version) + " (" + Name(stored.type) +
                         "): " + why};
    };
    if (stored.version != a.version + 1) {
      return refused("version does not follow " + std::to_string(a.version));
    }
    const std::optional<PackRef> ref = PackRefFromJson(stored.derived.value("pack", json()));
    const PolicyPack* pack = ref ? packs(*ref) : nullptr;
    if (!pack) {
      return refused("no pack to decide it under" +
                     (ref ? " (" + ref->id + " " + ref->version + " is unknown)" : ""));
    }
    const Command command{stored.type, stored.payload, stored.actor, stored.request_id};
    Decision d = stored.type == EventType::kCreate ? DecideCreate(command, *pack, stored.at)
                                                   : Decide(a, command, *pack, stored.at);
    if (!d.ok()) return refused("refused on replay: " + d.error().summary);
    Event& replayed = d.value();
    // A log registered before dates were Amsterdam days names no calendar;
    // like the pack, the calendar is taken from the record, and every later
    // decision is made again in it (UTC for such a log).
    if (stored.type == EventType::kCreate && !stored.derived.contains("calendar")) {
      replayed.derived.erase("calendar");
    }
    if (replayed.from != stored.from || replayed.to != stored.to ||
        replayed.derived != stored.derived) {
      return refused("replay reaches '" + Name(replayed.to) + "' with " + replayed.derived.dump() +
                     ", the log says '" + Name(stored.to) + "' with " + stored.derived.dump());
    }
    a = Apply(std::move(a), stored);
  }
  return a;
}

}  // namespace ictgate::engine

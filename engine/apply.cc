// Apply: what an accepted event does to an activity. Kept apart from the
// decisions (lifecycle.cc) because it must not decide anything: replay and
// every reader rebuild activities from the log with it alone.
#include <string>
#include <utility>
#include <vector>

#include "engine/acict.h"
#include "engine/dashboard_part.h"
#include "engine/lifecycle.h"
#include "engine/payload.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

// The gate an accepted event's decision derived (lifecycle.cc, Derive).
Gate GateIn(const json& derived) {
  return ParseGate(derived.at("gate").get<std::string>()).value();
}

FundingDecision FundingFrom(const Event& e, bool granted) {
  return {granted,
          e.payload.at("amountEur").get<int64_t>(),
          MemberOr<std::string>(e.payload, "reference", ""),
          MemberOr<std::string>(e.payload, "reason", ""),
          e.actor.name,
          e.at,
          e.derived.value("despiteRed", false)};
}

Activity CreateFrom(const Event& e) {
  const json& p = e.payload;
  Activity a;
  a.id = e.activity_id;
  a.title = p.at("title").get<std::string>();
  a.department = p.at("department").get<std::string>();
  a.kind = ParseActivityKind(p.at("kind").get<std::string>()).value();
  a.ict_cost_eur = p.at("ictCostEur").get<int64_t>();
  a.planned_start = *ParseDate(p.at("plannedStart").get<std::string>());
  a.planned_end = *ParseDate(p.at("plannedEnd").get<std::string>());
  a.dossier = p.value("dossier", json::object());
  a.baseline_cost_eur = a.ict_cost_eur;
  a.baseline_planned_end = a.planned_end;
  a.created_at = e.at;
  // No calendar: registered before dates were Amsterdam days (engine/time.h).
  // An unknown one cannot be in an accepted event; replay reports it.
  a.calendar = ParseCalendar(e.derived.value("calendar", "UTC")).value_or(Calendar::kUtc);
  return a;
}

void ApplyVerdict(Activity& a, const Event& e) {
  Verdict v;
  v.recorded = *ParseColour(e.payload.at("verdict").get<std::string>());
  const json advisory = e.derived.at("assessment").at("advisory");
  if (advisory.is_string()) v.advisory = ParseColour(advisory.get<std::string>());
  v.justification = MemberOr<std::string>(e.payload, "justification", "");
  v.recommendations = MemberOr(e.payload, "recommendations", json::array());
  v.area_scores = MemberOr(e.payload, "areaScores", json::object());
  v.findings = MemberOr(e.payload, "findings", json::array());
  v.assessor = e.actor.name;
  v.recorded_at = e.at;
  v.valid_until = *ParseDate(e.derived.at("validUntil").get<std::string>());
  v.advisory_only = e.derived.value("advisoryOnly", false);
  if (e.derived.contains("reassessBy")) {
    v.reassess_by = ParseDate(e.derived.at("reassessBy").get<std::string>());
  }
  // The CISO's advice of this assessment goes with the verdict given on it.
  v.ciso_advice = a.ciso_advice;
  v.documents = e.derived.value("documents", json::array());
  a.verdict = v;
  // This verdict was given knowing which conditions were not met.
  for (auto& k : a.conditions) {
    if (k.status == ConditionStatus::kNotMet) k.superseded = true;
  }
  const json& ids = e.derived.at("conditionIds");
  for (size_t i = 0; i < ids.size(); ++i) {
    const json& c = e.payload.at("conditions")[i];
    Condition k;
    k.id = ids[i].get<std::string>();
    k.text = c.at("text").get<std::string>();
    k.criterion = MemberOr<std::string>(c, "criterion", "");
    k.due = *ParseDate(c.at("dueDate").get<std::string>());
    a.conditions.push_back(std::move(k));
  }
  a.baseline_cost_eur = a.ict_cost_eur;
  a.baseline_planned_end = a.planned_end;
}

// A review settles a condition (met, waived, not met) or moves its due date
// (extended), which keeps it open and lets the new date pass in its turn.
void ApplyReview(Activity& a, const Event& e) {
  const json& p = e.payload;
  for (auto& k : a.conditions) {
    if (k.id != p.at("conditionId").get<std::string>()) continue;
    const std::string outcome = p.at("outcome").get<std::string>();
    if (outcome == "extended") {
      if (!k.original_due) k.original_due = k.due;
      k.due = *ParseDate(p.at("dueDate").get<std::string>());
      k.overdue_recorded_at.reset();
    } else {
      k.status = ParseConditionStatus(outcome).value();
    }
    k.review_note = MemberOr<std::string>(p, "note", "");
  }
}

void ApplyUpdate(Activity& a, const Event& e) {
  const json& p = e.payload;
  a.title = MemberOr(p, "title", a.title);
  if (HasMember(p, "ictCostEur")) {
    a.ict_cost_eur = a.baseline_cost_eur = p["ictCostEur"].get<int64_t>();
  }
  if (HasMember(p, "plannedStart")) {
    a.planned_start = *ParseDate(p["plannedStart"].get<std::string>());
  }
  if (HasMember(p, "plannedEnd")) {
    a.planned_end = a.baseline_planned_end = *ParseDate(p["plannedEnd"].get<std::string>());
  }
  // A correction before the intake was accepted corrects the initial
  // estimate the first submission recorded (InitialEstimateLocked).
  const bool corrects = HasMember(p, "ictCostEur") || HasMember(p, "plannedEnd");
  if (corrects && !a.estimates.empty()) {
    a.estimates.front().cost_eur = a.ict_cost_eur;
    a.estimates.front().planned_end = a.planned_end;
  }
  if (p.contains("dossier")) a.dossier.merge_patch(p["dossier"]);
}

void ApplyChange(Activity& a, const Event& e) {
  const json& p = e.payload;
  if (HasMember(p, "newCostEur")) {
    a.ict_cost_eur = p["newCostEur"].get<int64_t>();
  }
  if (HasMember(p, "newPlannedEnd")) {
    a.planned_end = *ParseDate(p["newPlannedEnd"].get<std::string>());
  }
  if (HasMember(p, "dashboard")) {
    a.dossier["dashboard"] =
        MergeDashboardPart(a.dossier.value("dashboard", json()), p["dashboard"]);
  }
  if (IsProgressReport(p)) return;
  const auto codes = HasMember(p, "reasonCodes")
                         ? p["reasonCodes"].get<std::vector<std::string>>()
                         : std::vector<std::string>{p.at("reasonCode").get<std::string>()};
  a.estimates.push_back({a.ict_cost_eur, a.planned_end, codes, e.at,
                         MemberOr<std::string>(p, "costExplanation", ""),
                         MemberOr<std::string>(p, "plannedEndExplanation", "")});
  if (e.derived.value("material", false)) a.gate = GateIn(e.derived);
}

}  // namespace

Activity Apply(Activity a, const Event& e) {
  if (e.type == EventType::kCreate) a = CreateFrom(e);
  if (e.type == EventType::kUpdate) ApplyUpdate(a, e);
  if (IsAcictStep(e.type)) ApplyAcictStep(a.acict, e);
  const bool prepares = e.type == EventType::kCreate || e.type == EventType::kUpdate;
  if (prepares && e.actor.role == Role::kProjectLead) a.project_lead = e.actor.name;
  a.version = e.version;
  a.state = e.to;
  a.updated_at = e.at;
  switch (e.type) {
    case EventType::kSubmit:
      a.gate = GateIn(e.derived);
      if (a.estimates.empty())
        a.estimates.push_back({a.ict_cost_eur, a.planned_end, {}, e.at, "", ""});
      a.baseline_cost_eur = a.ict_cost_eur;
      a.baseline_planned_end = a.planned_end;
      a.pack = PackRefFromJson(e.derived.at("pack"));
      a.acict.request_required = e.derived.value("acictRequestRequired", false);
      a.ciso_advice = nullptr;  // a new assessment begins
      break;
    case EventType::kRecordCisoAdvice: {
      json advice = {{"residualRisk", e.payload.at("residualRisk")},
                     {"advice", e.payload.at("advice")},
                     {"by", e.actor.name},
                     {"at", FormatInstant(e.at)}};
      if (HasMember(e.payload, "document")) advice["document"] = e.payload.at("document");
      a.ciso_advice = std::move(advice);
      break;
    }
    case EventType::kRecordVerdict:
      ApplyVerdict(a, e);
      break;
    case EventType::kReviewCondition:
      ApplyReview(a, e);
      break;
    case EventType::kOverrule:
      a.verdict->overridden = true;
      a.verdict->override_reason = e.payload.at("reason").get<std::string>();
      break;
    case EventType::kRevise:
      a.verdict.reset();
      a.pack.reset();
      a.gate = Gate::kStart;
      ++a.cycle;
      break;
    case EventType::kGrantFunding:
      a.funded_eur += e.payload.at("amountEur").get<int64_t>();
      if (!a.first_funded_at) a.first_funded_at = e.at;
      a.funding_decisions.push_back(FundingFrom(e, true));
      break;
    case EventType::kRefuseFunding:
      a.funding_decisions.push_back(FundingFrom(e, false));
      break;
    case EventType::kRespondRecommendation:
      a.verdict->responses.push_back({{"recommendation", e.payload.at("recommendation")},
                                      {"position", e.payload.at("position")},
                                      {"response", e.payload.at("response")},
                                      {"by", e.actor.name},
                                      {"at", FormatInstant(e.at)}});
      break;
    case EventType::kAdoptPack:
      a.pack = PackRefFromJson(e.derived.at("pack"));
      a.acict.request_required = e.derived.value("acictRequestRequired", false);
      for (const auto& name : e.derived.at("droppedFields"))
        a.dossier.erase(name.get<std::string>());
      break;
    case EventType::kReportChange:
      ApplyChange(a, e);
      break;
    case EventType::kConditionOverdue:
      for (auto& k : a.conditions) {
        if (k.id == e.payload.at("conditionId").get<std::string>()) k.overdue_recorded_at = e.at;
      }
      break;
    case EventType::kLinkChange:
      a.links = e.payload.at("links").get<std::vector<std::string>>();
      a.linked_cost_eur = e.payload.at("linkedCostEur").get<int64_t>();
      if (e.derived.contains("gate")) a.gate = GateIn(e.derived);
      break;
    case EventType::kReassessmentDue:
      a.gate = GateIn(e.derived);
      break;
    case EventType::kUploadDocument:
      ApplyDocumentUpload(a.documents, e);
      break;
    default:
      break;
  }
  return a;
}

}  // namespace ictgate::engine

#include "engine/activity.h"

#include <algorithm>

#include "engine/name_table.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

constexpr internal::NameTable<ConditionStatus, 4> kConditionStatusNames = {{
    {ConditionStatus::kOpen, "open"},
    {ConditionStatus::kMet, "met"},
    {ConditionStatus::kWaived, "waived"},
    {ConditionStatus::kNotMet, "not_met"},
}};

constexpr internal::NameTable<Gate, 4> kGateNames = {{
    {Gate::kStart, "start"},
    {Gate::kRebaseline, "rebaseline"},
    {Gate::kChange, "change"},
    {Gate::kPeriodic, "periodic"},
}};

constexpr internal::NameTable<ActivityKind, 3> kActivityKindNames = {{
    {ActivityKind::kProject, "project"},
    {ActivityKind::kProgramme, "programme"},
    {ActivityKind::kChange, "change"},
}};

Date DateField(const json& j, const char* key) {
  return *ParseDate(j.at(key).get<std::string>());
}
Instant InstantField(const json& j, const char* key) {
  return *ParseInstant(j.at(key).get<std::string>());
}

json ToJson(const Condition& c) {
  return {{"id", c.id},
          {"text", c.text},
          {"criterion", c.criterion},
          {"dueDate", FormatDate(c.due)},
          {"status", ConditionStatusName(c.status)},
          {"reviewNote", c.review_note},
          {"overdueRecordedAt",
           c.overdue_recorded_at ? json(FormatInstant(*c.overdue_recorded_at)) : json(nullptr)},
          {"originalDueDate", c.original_due ? json(FormatDate(*c.original_due)) : json(nullptr)},
          {"superseded", c.superseded}};
}

Condition ConditionFromJson(const json& j) {
  Condition c;
  c.id = j.at("id").get<std::string>();
  c.text = j.at("text").get<std::string>();
  c.criterion = j.at("criterion").get<std::string>();
  c.due = DateField(j, "dueDate");
  c.status = ParseConditionStatus(j.at("status").get<std::string>()).value();
  c.review_note = j.at("reviewNote").get<std::string>();
  // Records written before condition-overdue events existed lack it.
  const json recorded = j.value("overdueRecordedAt", json());
  if (!recorded.is_null()) c.overdue_recorded_at = ParseInstant(recorded.get<std::string>());
  // Records written before extensions and not-met findings lack these.
  const json original = j.value("originalDueDate", json());
  if (!original.is_null()) c.original_due = ParseDate(original.get<std::string>());
  c.superseded = j.value("superseded", false);
  return c;
}

json ToJson(const Verdict& v) {
  return {{"recorded", ColourName(v.recorded)},
          {"advisory", v.advisory ? json(ColourName(*v.advisory)) : json(nullptr)},
          {"justification", v.justification},
          {"recommendations", v.recommendations},
          {"areaScores", v.area_scores},
          {"findings", v.findings},
          {"assessor", v.assessor},
          {"recordedAt", FormatInstant(v.recorded_at)},
          {"validUntil", FormatDate(v.valid_until)},
          {"overridden", v.overridden},
          {"overrideReason", v.override_reason},
          {"advisoryOnly", v.advisory_only},
          {"reassessBy", v.reassess_by ? json(FormatDate(*v.reassess_by)) : json(nullptr)},
          {"responses", v.responses},
          {"cisoAdvice", v.ciso_advice},
          {"documents", v.documents}};
}

Verdict VerdictFromJson(const json& j) {
  Verdict v;
  v.recorded = *ParseColour(j.at("recorded").get<std::string>());
  if (!j.at("advisory").is_null()) v.advisory = ParseColour(j.at("advisory").get<std::string>());
  v.justification = j.at("justification").get<std::string>();
  v.recommendations = j.at("recommendations");
  v.area_scores = j.at("areaScores");
  v.findings = j.at("findings");
  v.assessor = j.at("assessor").get<std::string>();
  v.recorded_at = InstantField(j, "recordedAt");
  v.valid_until = DateField(j, "validUntil");
  v.overridden = j.at("overridden").get<bool>();
  v.override_reason = j.at("overrideReason").get<std::string>();
  v.responses = j.value("responses", json::array());  // absent in records of before responses
  v.advisory_only = j.value("advisoryOnly", false);   // and of before advisory red
  const json reassess_by = j.value("reassessBy", json());
  if (!reassess_by.is_null()) v.reassess_by = ParseDate(reassess_by.get<std::string>());
  v.ciso_advice = j.value("cisoAdvice", json());      // absent in records of before the CISO
  v.documents = j.value("documents", json::array());  // and of before documents by content
  return v;
}

// "reasonCode" is the first of "reasonCodes" (or ""): what a herijking had
// before it could name several, kept for readers of that time.
// The explanations only when given, so records of before them read the same.
json ToJson(const Estimate& e) {
  json j = {{"costEur", e.cost_eur},
            {"plannedEnd", FormatDate(e.planned_end)},
            {"reasonCode", e.reason_codes.empty() ? "" : e.reason_codes.front()},
            {"reasonCodes", e.reason_codes},
            {"at", FormatInstant(e.at)}};
  if (!e.cost_explanation.empty()) j["costExplanation"] = e.cost_explanation;
  if (!e.end_date_explanation.empty()) j["plannedEndExplanation"] = e.end_date_explanation;
  return j;
}

Estimate EstimateFromJson(const json& j) {
  std::vector<std::string> codes;
  if (j.contains("reasonCodes")) {
    codes = j.at("reasonCodes").get<std::vector<std::string>>();
  } else if (const auto code = j.at("reasonCode").get<std::string>(); !code.empty()) {
    codes.push_back(code);  // a record of before reasonCodes
  }
  return {j.at("costEur").get<int64_t>(),
          DateField(j, "plannedEnd"),
          std::move(codes),
          InstantField(j, "at"),
          j.value("costExplanation", ""),
          j.value("plannedEndExplanation", "")};
}

json ToJson(const FundingDecision& f) {
  return {{"decision", f.granted ? "grant" : "refuse"},
          {"amountEur", f.amount_eur},
          {"reference", f.reference},
          {"reason", f.reason},
          {"by", f.by},
          {"at", FormatInstant(f.at)},
          {"despiteRed", f.despite_red}};
}

FundingDecision FundingDecisionFromJson(const json& j) {
  return {j.at("decision").get<std::string>() == "grant",
          j.at("amountEur").get<int64_t>(),
          j.at("reference").get<std::string>(),
          j.at("reason").get<std::string>(),
          j.at("by").get<std::string>(),
          InstantField(j, "at"),
          j.value("despiteRed", false)};  // absent in records of before advisory red
}

}  // namespace

std::string_view ColourName(Colour c) {
  switch (c) {
    case Colour::kGreen:
      return "green";
    case Colour::kOrange:
      return "orange";
    case Colour::kRed:
      return "red";
  }
  return "?";
}

std::optional<Colour> ParseColour(std::string_view name) {
  for (Colour c : {Colour::kGreen, Colour::kOrange, Colour::kRed}) {
    if (ColourName(c) == name) return c;
  }
  return std::nullopt;
}

std::string_view ConditionStatusName(ConditionStatus s) {
  return internal::NameIn(kConditionStatusNames, s);
}
std::optional<ConditionStatus> ParseConditionStatus(std::string_view name) {
  return internal::KeyIn<ConditionStatus>(kConditionStatusNames, name);
}

std::string_view GateName(Gate g) {
  return internal::NameIn(kGateNames, g);
}
std::optional<Gate> ParseGate(std::string_view name) {
  return internal::KeyIn<Gate>(kGateNames, name);
}

std::string_view ActivityKindName(ActivityKind k) {
  return internal::NameIn(kActivityKindNames, k);
}
std::optional<ActivityKind> ParseActivityKind(std::string_view name) {
  return internal::KeyIn<ActivityKind>(kActivityKindNames, name);
}
const std::vector<ActivityKind>& AllActivityKinds() {
  static const std::vector<ActivityKind> kAll = internal::KeysOf<ActivityKind>(kActivityKindNames);
  return kAll;
}

bool IsOverdue(const Condition& c, Instant now, Calendar calendar) {
  return c.status == ConditionStatus::kOpen && c.due < DateOf(now, calendar);
}

bool BlocksAsNotMet(const Condition& c) {
  return c.status == ConditionStatus::kNotMet && !c.superseded;
}

std::vector<std::string> MissingDocuments(const Activity& a) {
  std::vector<std::string> missing;
  for (const char* doc : {"businessCase", "planning", "architectureSketch"}) {
    const auto it = a.dossier.find(doc);
    const bool uploaded = std::any_of(a.documents.begin(), a.documents.end(),
                                      [&](const DossierDocument& d) { return d.kind == doc; });
    const bool present =
        uploaded || (it != a.dossier.end() && !it->is_null() &&
                     !(it->is_string() && it->get_ref<const std::string&>().empty()));
    if (!present) missing.emplace_back(doc);
  }
  return missing;
}

json VerdictJson(const Activity& a) {
  return a.verdict ? ToJson(*a.verdict) : json(nullptr);
}

json PackJson(const Activity& a) {
  return a.pack ? ToJson(*a.pack) : json(nullptr);
}

bool InitialEstimateLocked(const Activity& a) {
  return !a.estimates.empty() && !(a.state == State::kDraft && a.cycle == 1);
}

json ToJson(const Activity& a) {
  json conditions = json::array();
  for (const auto& c : a.conditions) conditions.push_back(ToJson(c));
  json estimates = json::array();
  for (const auto& e : a.estimates) estimates.push_back(ToJson(e));
  json funding = json::array();
  for (const auto& f : a.funding_decisions) funding.push_back(ToJson(f));
  json documents = json::array();
  for (const auto& d : a.documents) documents.push_back(ToJson(d));
  return {
      {"id", a.id},
      {"title", a.title},
      {"department", a.department},
      {"kind", ActivityKindName(a.kind)},
      {"ictCostEur", a.ict_cost_eur},
      {"initialCostEur", a.estimates.empty() ? json(nullptr) : json(a.estimates.front().cost_eur)},
      {"initialEstimateLocked", InitialEstimateLocked(a)},
      {"links", a.links},
      {"linkedCostEur", a.linked_cost_eur},
      {"plannedStart", FormatDate(a.planned_start)},
      {"plannedEnd", FormatDate(a.planned_end)},
      {"dossier", a.dossier},
      {"state", StateName(a.state)},
      {"gate", GateName(a.gate)},
      {"version", a.version},
      {"cycle", a.cycle},
      {"pack", PackJson(a)},
      {"verdict", VerdictJson(a)},
      {"conditions", conditions},
      {"estimates", estimates},
      {"baselineCostEur", a.baseline_cost_eur},
      {"baselinePlannedEnd", FormatDate(a.baseline_planned_end)},
      {"fundedEur", a.funded_eur},
      {"fundingDecisions", funding},
      {"firstFundedAt",
       a.first_funded_at ? json(FormatInstant(*a.first_funded_at)) : json(nullptr)},
      {"createdAt", FormatInstant(a.created_at)},
      {"updatedAt", FormatInstant(a.updated_at)},
      {"calendar", CalendarName(a.calendar)},
      {"acict", ToJson(a.acict)},
      {"cisoAdvice", a.ciso_advice},
      {"projectLead", a.project_lead.empty() ? json(nullptr) : json(a.project_lead)},
      {"documents", documents},
  };
}

Activity ActivityFromJson(const json& j) {
  Activity a;
  a.id = j.at("id").get<std::string>();
  a.title = j.at("title").get<std::string>();
  a.department = j.at("department").get<std::string>();
  a.kind = ParseActivityKind(j.at("kind").get<std::string>()).value();
  a.ict_cost_eur = j.at("ictCostEur").get<int64_t>();
  // Records written before links existed have none.
  a.links = j.value("links", std::vector<std::string>{});
  a.linked_cost_eur = j.at("linkedCostEur").get<int64_t>();
  a.planned_start = DateField(j, "plannedStart");
  a.planned_end = DateField(j, "plannedEnd");
  a.dossier = j.at("dossier");
  a.state = ParseState(j.at("state").get<std::string>()).value();
  a.gate = ParseGate(j.at("gate").get<std::string>()).value();
  a.version = j.at("version").get<int64_t>();
  a.cycle = j.at("cycle").get<int>();
  a.pack = PackRefFromJson(j.at("pack"));
  if (!j.at("verdict").is_null()) a.verdict = VerdictFromJson(j.at("verdict"));
  for (const auto& c : j.at("conditions")) a.conditions.push_back(ConditionFromJson(c));
  for (const auto& e : j.at("estimates")) a.estimates.push_back(EstimateFromJson(e));
  a.baseline_cost_eur = j.at("baselineCostEur").get<int64_t>();
  a.baseline_planned_end = DateField(j, "baselinePlannedEnd");
  a.funded_eur = j.at("fundedEur").get<int64_t>();
  // Records written before funding decisions were kept lack them.
  for (const auto& f : j.value("fundingDecisions", json::array())) {
    a.funding_decisions.push_back(FundingDecisionFromJson(f));
  }
  if (!j.at("firstFundedAt").is_null()) a.first_funded_at = InstantField(j, "firstFundedAt");
  a.created_at = InstantField(j, "createdAt");
  a.updated_at = InstantField(j, "updatedAt");
  // Records written before dates were judged in Amsterdam have no calendar.
  a.calendar = ParseCalendar(j.value("calendar", "UTC")).value();
  // And before the AcICT track, the CISO and the project lead.
  a.acict = AcictTrackFromJson(j.value("acict", json()));
  a.ciso_advice = j.value("cisoAdvice", json());
  const json lead = j.value("projectLead", json());
  if (lead.is_string()) a.project_lead = lead.get<std::string>();
  // And before documents by content.
  for (const auto& d : j.value("documents", json::array())) {
    a.documents.push_back(DossierDocumentFromJson(d));
  }
  return a;
}

}  // namespace ictgate::engine

#include "engine/answers.h"

#include <algorithm>

#include "engine/answer_texts.h"
#include "engine/pack_texts.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

json CriterionJson(const CriterionOutcome& o, const PolicyPack& pack, Language language) {
  json j = {{"id", o.id}, {"result", CriterionResultName(o.result)}};
  if (const Criterion* c = pack.FindCriterion(o.id)) {
    j["title"] = CriterionTitle(pack, o.id, language);
    j["kind"] = CriterionKindName(c->kind);
    j["area"] = c->area;
    j["recommendation"] = CriterionRecommendation(pack, o.id, language);
  }
  if (!o.note.empty()) j["note"] = o.note;
  return j;
}

json ConditionsJson(const std::vector<Condition>& open_conditions, Instant now, Calendar calendar) {
  json conditions = json::array();
  for (const auto& c : open_conditions) {
    conditions.push_back({{"id", c.id},
                          {"text", c.text},
                          {"criterion", c.criterion},
                          {"dueDate", FormatDate(c.due)},
                          {"overdue", IsOverdue(c, now, calendar)}});
  }
  return conditions;
}

// `kept` (a JSON object with at least one member) with `member` first.
std::string WithMember(std::string_view kept, std::string_view member) {
  std::string text;
  text.reserve(kept.size() + member.size() + 1);
  text += '{';
  text += member;
  text += ',';
  text += kept.substr(1);
  return text;
}

// The earlier of two instants, where nullopt is never.
std::optional<Instant> Earlier(std::optional<Instant> x, std::optional<Instant> y) {
  if (!x) return y;
  if (!y) return x;
  return std::min(*x, *y);
}

}  // namespace

json EventNames(const std::vector<EventType>& types) {
  json names = json::array();
  for (EventType t : types) names.push_back(EventTypeName(t));
  return names;
}

json EvaluationJson(const Evaluation& e, const PackRef& ref) {
  return {{"pack", ToJson(ref)},
          {"advisory", e.advisory ? json(ColourName(*e.advisory)) : json()},
          {"decidedBy", e.decided_by}};
}

json GateJson(const Activity& a, const GateView& g, const PolicyPack& pack, Instant now,
              Language language) {
  json blockers = json::array();
  for (const auto& b : g.blockers) blockers.push_back(BlockerJson(b, pack, language));
  json criteria = json::array();
  for (const auto& o : g.unmet_criteria) criteria.push_back(CriterionJson(o, pack, language));
  return {{"activityId", a.id},
          {"state", StateName(a.state)},
          {"gate", GateName(a.gate)},
          {"version", a.version},
          {"pack", ToJson(pack.ref)},
          {"verdict", VerdictJson(a)},
          {"documents", DocumentsView(a)},
          {"blockers", blockers},
          {"unmetCriteria", criteria},
          {"openConditions", ConditionsJson(g.open_conditions, now, a.calendar)},
          {"provisionalAdvisory", EvaluationJson(g.provisional, pack.ref)},
          {"allowedEvents", EventNames(g.allowed_events)},
          {"sideSteps", EventNames(g.side_steps)},
          {"actions", EventNames(g.actions)}};
}

json EligibilityJson(const Activity& a, const Eligibility& e, Instant at, Language language) {
  return {{"activityId", a.id},
          {"at", FormatZonedInstant(at)},
          {"status", EligibilityStatusName(e.status)},
          {"eligible", e.eligible},
          {"reasons", e.reasons},
          {"reasonDetails", ReasonDetails(e.reasons, language)},
          {"state", StateName(a.state)},
          {"verdict", VerdictJson(a)},
          {"pack", PackJson(a)},
          {"openConditions", ConditionsJson(e.open_conditions, at, a.calendar)},
          {"reflectsEvent", {{"activityId", a.id}, {"version", a.version}}}};
}

bool HoldsAt(const AnswerTerms& terms, Instant now) {
  return terms.from <= now && (!terms.until || now < *terms.until);
}

bool Holds(const AnswerTerms& terms, Instant now, std::string_view pack_in_force) {
  return HoldsAt(terms, now) && (terms.pinned || terms.pack_hash == pack_in_force);
}

RenderedAnswers RenderAnswers(const Activity& a, const GateJudgement& judgement,
                              const PolicyPack& pack, Instant at) {
  // A viewer of no department: the view without actions, which each read
  // adds for its caller.
  static const Actor kNobody{"", Role::kAuditor, ""};
  json gate = GateJson(a, ViewGate(a, judgement, at, kNobody), pack, at);
  gate.erase("actions");
  json eligibility = EligibilityJson(a, EligibilityAt(a, at), at);
  eligibility.erase("at");
  RenderedAnswers r{gate.dump(), eligibility.dump(), {}};
  r.terms.pack_hash = pack.ref.content_hash;
  r.terms.pinned = a.pack.has_value();
  r.terms.from = at;
  // Both are kept together, so they hold until the first instant either
  // may change: each answer's own contract, whatever deadlines it follows.
  r.terms.until = Earlier(GateChangesAt(a, at), EligibilityChangesAt(a, at));
  return r;
}

namespace {

// The member "sideSteps" of a kept gate answer: found, not parsed with the
// rest, so that a read stays a lookup and a string (event names hold no ']').
std::vector<EventType> KeptSideSteps(std::string_view kept_gate) {
  static constexpr std::string_view kMember = "\"sideSteps\":[";
  const size_t from = kept_gate.find(kMember);
  if (from == std::string_view::npos) return {};
  const size_t start = from + kMember.size() - 1;
  const size_t end = kept_gate.find(']', start);
  std::vector<EventType> steps;
  for (const auto& name : json::parse(kept_gate.substr(start, end - start + 1))) {
    if (auto t = ParseEventType(name.get<std::string>())) steps.push_back(*t);
  }
  return steps;
}

}  // namespace

std::string GateAnswerText(std::string_view kept_gate, State state, std::string_view department,
                           const Actor& viewer) {
  const auto actions = GateActions(state, department, viewer, KeptSideSteps(kept_gate));
  return WithMember(kept_gate, "\"actions\":" + EventNames(actions).dump());
}

std::string EligibilityAnswerText(std::string_view kept_eligibility, Instant at) {
  return WithMember(kept_eligibility, "\"at\":\"" + FormatZonedInstant(at) + "\"");
}

}  // namespace ictgate::engine

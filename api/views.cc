#include "api/views.h"

#include "engine/permissions.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

json CriterionJson(const engine::CriterionOutcome& o, const engine::PolicyPack& pack) {
  json j = {{"id", o.id}, {"result", engine::CriterionResultName(o.result)}};
  if (const engine::Criterion* c = pack.FindCriterion(o.id)) {
    j["title"] = c->title;
    j["kind"] = engine::CriterionKindName(c->kind);
    j["area"] = c->area;
    j["recommendation"] = c->recommendation;
  }
  if (!o.note.empty()) j["note"] = o.note;
  return j;
}

json EvaluationJson(const engine::Evaluation& e, const engine::PackRef& ref) {
  return {{"pack", engine::ToJson(ref)},
          {"advisory", e.advisory ? json(engine::ColourName(*e.advisory)) : json()},
          {"decidedBy", e.decided_by}};
}

}  // namespace

// The API's own representation of an event. It carries the same members as
// the chain's canonical entry (store/chain.h) plus the two hashes, but is
// written out here: the canonical form is what every hash covers and must
// never change, while this one may grow.
json EventJson(const app::RecordedEvent& c) {
  const engine::Event& e = c.event;
  return {{"seq", c.seq},
          {"activityId", e.activity_id},
          {"version", e.version},
          {"type", engine::EventTypeName(e.type)},
          {"from", engine::StateName(e.from)},
          {"to", engine::StateName(e.to)},
          {"actor",
           {{"name", e.actor.name},
            {"role", engine::RoleName(e.actor.role)},
            {"department", e.actor.department}}},
          {"requestId", e.request_id},
          {"payload", e.payload},
          {"derived", e.derived},
          {"at", engine::FormatInstant(e.at)},
          {"prevHash", c.prev_hash},
          {"hash", c.hash}};
}

json EventNames(const std::vector<engine::EventType>& types) {
  json names = json::array();
  for (engine::EventType t : types) names.push_back(engine::EventTypeName(t));
  return names;
}

json GateJson(const engine::Activity& a, const engine::GateView& g, const engine::PolicyPack& pack,
              engine::Instant now) {
  json blockers = json::array();
  for (const auto& b : g.blockers) blockers.push_back({{"code", b.code}, {"message", b.message}});
  json criteria = json::array();
  for (const auto& o : g.unmet_criteria) criteria.push_back(CriterionJson(o, pack));
  json conditions = json::array();
  for (const auto& c : g.open_conditions) {
    conditions.push_back({{"id", c.id},
                          {"text", c.text},
                          {"criterion", c.criterion},
                          {"dueDate", engine::FormatDate(c.due)},
                          {"overdue", engine::IsOverdue(c, now)}});
  }
  return {{"activityId", a.id},
          {"state", engine::StateName(a.state)},
          {"gate", engine::GateName(a.gate)},
          {"version", a.version},
          {"pack", engine::ToJson(pack.ref)},
          {"verdict", engine::VerdictJson(a)},
          {"blockers", blockers},
          {"unmetCriteria", criteria},
          {"openConditions", conditions},
          {"provisionalAdvisory", EvaluationJson(g.provisional, pack.ref)},
          {"allowedEvents", EventNames(g.allowed_events)},
          {"actions", EventNames(g.actions)}};
}

json PackSummary(const engine::PolicyPack& p, bool active) {
  return {{"id", p.ref.id},
          {"version", p.ref.version},
          {"title", p.title},
          {"effectiveFrom", engine::FormatDate(p.effective_from)},
          {"contentHash", p.ref.content_hash},
          {"active", active}};
}

json WhatIfJson(const engine::WhatIfReport& r) {
  json changes = json::array();
  for (const auto& c : r.changes) {
    changes.push_back({{"activityId", c.activity_id},
                       {"title", c.title},
                       {"state", engine::StateName(c.state)},
                       {"from", EvaluationJson(c.from, c.from_pack)},
                       {"to", EvaluationJson(c.to, r.candidate)}});
  }
  return {
      {"candidate", engine::ToJson(r.candidate)}, {"evaluated", r.evaluated}, {"changes", changes}};
}

json EligibilityJson(const engine::Activity& a, const engine::Eligibility& e, engine::Instant at) {
  json conditions = json::array();
  for (const auto& c : e.open_conditions) {
    conditions.push_back({{"id", c.id},
                          {"text", c.text},
                          {"criterion", c.criterion},
                          {"dueDate", engine::FormatDate(c.due)},
                          {"overdue", engine::IsOverdue(c, at)}});
  }
  return {{"activityId", a.id},
          {"at", engine::FormatInstant(at)},
          {"status", engine::EligibilityStatusName(e.status)},
          {"eligible", e.eligible},
          {"reasons", e.reasons},
          {"state", engine::StateName(a.state)},
          {"verdict", engine::VerdictJson(a)},
          {"pack", engine::PackJson(a)},
          {"openConditions", conditions},
          {"reflectsEvent", {{"activityId", a.id}, {"version", a.version}}}};
}

json SubscriptionJson(const app::Subscription& s) {
  return {{"id", s.id},
          {"url", s.url},
          {"topics", s.topics},
          {"department", s.department},
          {"createdAt", s.created_at}};
}

json DeliveryJson(const app::OutboxMessage& m) {
  const auto optional = [](const std::optional<std::string>& v) { return v ? json(*v) : json(); };
  return {{"id", m.id},
          {"topic", m.topic},
          {"seq", m.seq},
          {"attempts", m.attempts},
          {"status", m.delivered_at ? "delivered"
                     : m.failed_at  ? "failed"
                                    : "pending"},
          {"nextAttemptAt", m.delivered_at || m.failed_at ? json() : json(m.next_attempt_at)},
          {"deliveredAt", optional(m.delivered_at)},
          {"failedAt", optional(m.failed_at)},
          {"lastError", m.last_error}};
}

}  // namespace ictgate::api

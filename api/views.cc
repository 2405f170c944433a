#include "api/views.h"

#include "engine/answers.h"
#include "engine/pack_texts.h"

namespace ictgate::api {

using nlohmann::json;

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

json PackSummary(const engine::PolicyPack& p, bool active, engine::Language language) {
  json languages = json::array();
  for (const auto& [l, texts] : p.texts) languages.push_back(engine::LanguageTag(l));
  return {{"id", p.ref.id},
          {"version", p.ref.version},
          {"title", engine::PackTitle(p, language)},
          {"effectiveFrom", engine::FormatDate(p.effective_from)},
          {"contentHash", p.ref.content_hash},
          {"active", active},
          {"textLanguages", languages}};
}

json WhatIfJson(const engine::WhatIfReport& r) {
  json changes = json::array();
  for (const auto& c : r.changes) {
    changes.push_back({{"activityId", c.activity_id},
                       {"title", c.title},
                       {"state", engine::StateName(c.state)},
                       {"from", engine::EvaluationJson(c.from, c.from_pack)},
                       {"to", engine::EvaluationJson(c.to, r.candidate)}});
  }
  return {
      {"candidate", engine::ToJson(r.candidate)}, {"evaluated", r.evaluated}, {"changes", changes}};
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

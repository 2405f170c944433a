#include "app/webhooks.h"

#include <algorithm>

#include <httplib.h>

#include "app/log.h"
#include "app/tokens.h"
#include "common/sha256.h"
#include "engine/notifications.h"
#include "engine/payload.h"
#include "engine/permissions.h"

namespace ictgate::app {

engine::Result<Subscription> MakeSubscription(const nlohmann::json& input, engine::Instant now,
                                              const DestinationPolicy& destinations) {
  if (!input.is_object()) return engine::OneProblem("", "the body must be a JSON object");
  std::vector<engine::Problem> problems;
  for (const auto& [key, value] : input.items()) {
    if (key != "url" && key != "topics" && key != "department") {
      problems.push_back({key, "is not a member of this request"});
    }
  }
  engine::PayloadReader in(input, problems);
  const auto url = in.Text("url", true);
  if (url) {
    if (auto refusal = RefuseDestination(*url, destinations)) in.Fail("url", *refusal);
  }
  std::vector<std::string> topics;
  const auto it = input.find("topics");
  const auto& known = engine::NotificationTopics();
  if (it == input.end() || !it->is_array() || it->empty()) {
    in.Fail("topics", "must be a non-empty array of topics");
  } else {
    for (const auto& t : *it) {
      if (!t.is_string() ||
          std::find(known.begin(), known.end(), t.get<std::string>()) == known.end()) {
        in.Fail("topics",
                "each topic must be activity.submitted, verdict.recorded or "
                "eligibility.changed");
        break;
      }
      if (std::find(topics.begin(), topics.end(), t) == topics.end()) topics.push_back(t);
    }
  }
  const std::string department = input.value("department", nlohmann::json("*")).is_string()
                                     ? input.value("department", std::string("*"))
                                     : "";
  if (department != "*" && !engine::IsDepartmentCode(department)) {
    in.Fail("department", "must be * or a department code");
  }
  if (!problems.empty()) return problems;
  return Subscription{0,      *url,       RandomSecret("whsec_"),
                      topics, department, engine::FormatInstant(now)};
}

std::string SignatureHeader(const std::string& secret, const std::string& body) {
  return "sha256=" + HmacSha256Hex(secret, body);
}

WebhookDispatcher::WebhookDispatcher(store::Store& store, const engine::Clock& clock,
                                     const DestinationPolicy& destinations, DispatchOptions options)
    : store_(store), clock_(clock), destinations_(destinations), options_(options) {}

size_t WebhookDispatcher::DeliverDue() {
  size_t delivered = 0;
  const std::string now = engine::FormatInstant(clock_.Now());
  for (const auto& message : store_.DueMessages(now, options_.batch)) {
    const std::string error = Post(message);
    store::DeliveryAttempt attempt{error.empty(), engine::FormatInstant(clock_.Now()), error,
                                   std::nullopt};
    if (!attempt.delivered && message.attempts + 1 < options_.max_attempts) {
      attempt.next_attempt_at = engine::FormatInstant(NextAttempt(message.attempts + 1));
    }
    store_.RecordAttempt(message.id, attempt);
    delivered += attempt.delivered;
    if (!attempt.delivered) {
      log::Warn("webhook delivery failed", {{"delivery", message.id},
                                            {"url", message.url},
                                            {"attempt", message.attempts + 1},
                                            {"error", error},
                                            {"gaveUp", !attempt.next_attempt_at}});
    }
  }
  return delivered;
}

std::string WebhookDispatcher::Post(const store::OutboxMessage& m) const {
  const auto url = ParseWebhookUrl(m.url);
  if (!url) return "the URL cannot be parsed";
  // Checked again now, on what the host resolves to today, and then
  // connected to that very address (webhook_destination.h).
  const ResolvedDestination to = ResolveDestination(*url, destinations_);
  if (!to.refusal.empty()) return "refused: " + to.refusal;
  httplib::Client client(url->scheme + "://" + url->host + ":" + std::to_string(url->port));
  client.set_hostname_addr_map({{url->host, to.address}});
  const auto seconds = [](std::chrono::milliseconds ms) {
    return std::chrono::duration_cast<std::chrono::seconds>(ms).count();
  };
  client.set_connection_timeout(seconds(options_.timeout));
  client.set_read_timeout(seconds(options_.timeout));
  client.set_write_timeout(seconds(options_.timeout));
  const httplib::Headers headers = {{"X-Ictgate-Signature", SignatureHeader(m.secret, m.body)},
                                    {"X-Ictgate-Delivery", std::to_string(m.id)},
                                    {"X-Ictgate-Topic", m.topic}};
  const auto res = client.Post(url->path, headers, m.body, "application/json");
  if (!res) return "no answer: " + httplib::to_string(res.error());
  if (res->status < 200 || res->status > 299) return "answered " + std::to_string(res->status);
  return "";
}

engine::Instant WebhookDispatcher::NextAttempt(int attempts_so_far) const {
  auto wait = options_.first_backoff;
  for (int i = 1; i < attempts_so_far && wait < options_.max_backoff; ++i) wait *= 2;
  return clock_.Now() + std::min(wait, options_.max_backoff);
}

engine::Result<Subscription> WebhookAdmin::Subscribe(const nlohmann::json& input) {
  auto made = MakeSubscription(input, clock_.Now(), destinations_);
  if (made.ok()) made.value().id = store_.AddSubscription(made.value());
  return made;
}

std::optional<Subscription> WebhookAdmin::Find(int64_t id) {
  for (auto& s : store_.Subscriptions()) {
    if (s.id == id) return std::move(s);
  }
  return std::nullopt;
}

bool WebhookAdmin::Delete(int64_t id) {
  return store_.DeleteSubscription(id, engine::FormatInstant(clock_.Now()));
}

}  // namespace ictgate::app

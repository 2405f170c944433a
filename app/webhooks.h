// Webhooks: subscriptions (admin) and the dispatcher that delivers the outbox.
//
// Messages are written to the outbox in the transaction of the event that
// raises them (store.h, Write::notifications), so none is lost and none is
// invented. The dispatcher delivers each at least once: a message counts as
// delivered only on a 2xx answer, and is retried with exponential backoff
// until then, or until it gives up after max_attempts. Receivers should use
// the delivery id to drop duplicates, and the signature to trust the body.
//
// A delivery is `POST url` with the message body as JSON and the headers
//   X-Ictgate-Signature: sha256=<hex HMAC-SHA256 of the body under the secret>
//   X-Ictgate-Delivery: <message id>
//   X-Ictgate-Topic: <topic>
#ifndef ICTGATE_APP_WEBHOOKS_H_
#define ICTGATE_APP_WEBHOOKS_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/webhook_destination.h"
#include "engine/clock.h"
#include "engine/lifecycle.h"
#include "engine/result.h"
#include "store/store.h"

namespace ictgate::app {

using Subscription = store::Subscription;
using OutboxMessage = store::OutboxMessage;

// Validates {url, topics, department?} and builds the subscription, with a
// new secret ("whsec_" and 64 hex digits). Problems name the member. The url
// must be a destination `destinations` allows (webhook_destination.h).
engine::Result<Subscription> MakeSubscription(const nlohmann::json& input, engine::Instant now,
                                              const DestinationPolicy& destinations);

// Webhook administration (the admin role's): subscriptions and what became
// of their deliveries.
class WebhookAdmin {
 public:
  // `store`, `clock` and `destinations` must outlive this.
  WebhookAdmin(store::Store& store, const engine::Clock& clock,
               const DestinationPolicy& destinations)
      : store_(store), clock_(clock), destinations_(destinations) {}

  // MakeSubscription, then stores it: on success the subscription has its id.
  engine::Result<Subscription> Subscribe(const nlohmann::json& input);
  std::vector<Subscription> List() { return store_.Subscriptions(); }
  std::optional<Subscription> Find(int64_t id);
  // False when there is no such active subscription.
  bool Delete(int64_t id);
  // A subscription's messages, newest first.
  std::vector<OutboxMessage> Deliveries(int64_t id, int limit) {
    return store_.Messages(id, limit);
  }

 private:
  store::Store& store_;
  const engine::Clock& clock_;
  const DestinationPolicy& destinations_;
};

// "sha256=" and the hex HMAC-SHA256 of `body` under `secret`.
std::string SignatureHeader(const std::string& secret, const std::string& body);

struct DispatchOptions {
  int max_attempts = 10;
  std::chrono::milliseconds first_backoff{1'000};  // doubled after each failure
  std::chrono::milliseconds max_backoff{3'600'000};
  std::chrono::milliseconds timeout{5'000};  // connect, read and write
  int batch = 50;                            // messages per pass
};

class WebhookDispatcher {
 public:
  // `store`, `clock` and `destinations` must outlive the dispatcher.
  WebhookDispatcher(store::Store& store, const engine::Clock& clock,
                    const DestinationPolicy& destinations, DispatchOptions options = {});

  // One attempt for every message due now (up to options.batch). Returns how
  // many were delivered. Safe to call from one thread at a time.
  size_t DeliverDue();

 private:
  // Empty on a 2xx answer, else what went wrong.
  std::string Post(const store::OutboxMessage& message) const;
  engine::Instant NextAttempt(int attempts_so_far) const;

  store::Store& store_;
  const engine::Clock& clock_;
  const DestinationPolicy& destinations_;
  DispatchOptions options_;
};

}  // namespace ictgate::app

#endif  // ICTGATE_APP_WEBHOOKS_H_

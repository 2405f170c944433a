// Webhook subscriptions and their deliveries: for the operator (admin).
#include <algorithm>

#include "api/problem.h"
#include "api/routes.h"
#include "api/views.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

// The subscription the path names; nullopt after answering 400 or 404.
std::optional<app::Subscription> Named(app::WebhookAdmin& webhooks, Exchange& x) {
  const std::string id = x.Param(1);
  const bool number =
      !id.empty() && id.size() <= 18 &&
      std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!number) {
    SendInvalid(x, "webhookId must be a number", "webhookId", "must be a number");
    return std::nullopt;
  }
  auto s = webhooks.Find(std::stoll(id));
  if (!s) SendProblem(x.res, 404, "no webhook " + id);
  return s;
}

void Subscribe(app::WebhookAdmin& webhooks, Exchange& x) {
  auto made = webhooks.Subscribe(x.body);
  if (!made.ok()) return SendInvalid(x, "the subscription is not valid", made.error());
  const app::Subscription& subscription = made.value();
  json answer = SubscriptionJson(subscription);
  answer["secret"] = subscription.secret;  // shown this once
  x.res.set_header("Location", std::string(kBase) + "/webhooks/" + std::to_string(subscription.id));
  SendJson(x, answer, 201);
}

}  // namespace

std::vector<Route> WebhookRoutes(app::Application& app) {
  app::WebhookAdmin& webhooks = app.webhooks();
  return {
      {"GET", "/webhooks", kAdminOnly, Body::kNone,
       [&webhooks](Exchange& x) {
         json items = json::array();
         for (const auto& s : webhooks.List()) items.push_back(SubscriptionJson(s));
         SendJson(x, {{"items", items}});
       }},
      {"POST", "/webhooks", kAdminOnly, Body::kJson,
       [&webhooks](Exchange& x) { Subscribe(webhooks, x); }},
      {"DELETE", "/webhooks/{webhookId}", kAdminOnly, Body::kNone,
       [&webhooks](Exchange& x) {
         const auto s = Named(webhooks, x);
         if (!s) return;
         if (!webhooks.Delete(s->id)) return SendProblem(x.res, 404, "no webhook " + x.Param(1));
         x.res.status = 204;
       }},
      {"GET", "/webhooks/{webhookId}/deliveries", kAdminOnly, Body::kNone,
       [&webhooks](Exchange& x) {
         const auto s = Named(webhooks, x);
         if (!s) return;
         json items = json::array();
         for (const auto& m : webhooks.Deliveries(s->id, 100)) items.push_back(DeliveryJson(m));
         SendJson(x, {{"items", items}});
       }},
  };
}

}  // namespace ictgate::api

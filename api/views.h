// The JSON representations of the API's resources that are not the engine's
// own (ToJson of Activity; the gate and eligibility answers, engine/answers.h):
// events, packs, what-if reports, webhooks.
// Shared by the HTTP handlers and the command line.
#ifndef ICTGATE_API_VIEWS_H_
#define ICTGATE_API_VIEWS_H_

#include <vector>

#include <nlohmann/json.hpp>

#include "app/service.h"
#include "app/webhooks.h"
#include "engine/what_if.h"

namespace ictgate::api {

nlohmann::json EventJson(const app::RecordedEvent& c);
// A pack in GET /policy-packs: its title in `language`, and the languages
// its texts are given in (engine/pack_texts.h).
nlohmann::json PackSummary(const engine::PolicyPack& p, bool active, engine::Language language);
nlohmann::json WhatIfJson(const engine::WhatIfReport& r);
// A subscription without its secret, and one outbox message's delivery state.
nlohmann::json SubscriptionJson(const app::Subscription& s);
nlohmann::json DeliveryJson(const app::OutboxMessage& m);

}  // namespace ictgate::api

#endif  // ICTGATE_API_VIEWS_H_

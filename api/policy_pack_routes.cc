// Policy packs: the registered versions, and what-if for a candidate.
#include "api/problem.h"
#include "api/routes.h"
#include "api/views.h"
#include "engine/pack_texts.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

const char kVersionPath[] = "/policy-packs/{packId}/versions/{version}";

std::string PackName(const Exchange& x) {
  return x.Param(1) + " " + x.Param(2);
}

// A dry run: the registered pack, or a candidate in the body with the same
// id and version. Nothing is written.
void WhatIf(app::Service& service, LowPriorityLane& low_priority, Exchange& x) {
  std::optional<engine::PolicyPack> candidate;
  if (x.body.empty()) {
    const auto* pack = service.packs().Find(x.Param(1), x.Param(2));
    if (!pack) {
      return SendProblem(x.res, 404, "no policy pack " + PackName(x) + "; post it as the body");
    }
    candidate = *pack;
  } else {
    auto loaded = app::LoadPack(x.body);
    if (!loaded.ok()) {
      return SendInvalid(x, "the candidate is not a valid policy pack", loaded.error());
    }
    candidate = std::move(loaded).value();
    if (candidate->ref.id != x.Param(1) || candidate->ref.version != x.Param(2)) {
      return SendProblem(x.res, 400, "the pack in the body is not " + PackName(x));
    }
  }
  json answer;  // over the whole portfolio: on the low-priority lane
  low_priority.Run([&] { answer = WhatIfJson(service.WhatIf(*candidate, x.Caller())); });
  SendJson(x, answer);
}

}  // namespace

std::vector<Route> PolicyPackRoutes(app::Application& app, LowPriorityLane& low_priority) {
  app::Service& service = app.service();
  return {
      {"GET", "/policy-packs", kAnyRole, Body::kNone,
       [&service](Exchange& x) {
         const engine::PolicyPack& active = service.packs().Active(service.clock().Now());
         json items = json::array();
         for (const auto* p : service.packs().All()) {
           items.push_back(PackSummary(*p, p == &active, x.Language()));
         }
         SetContentLanguage(x);
         SendJson(x, {{"items", items}});
       }},
      {"GET", kVersionPath, kAnyRole, Body::kNone,
       [&service](Exchange& x) {
         const auto* pack = service.packs().Find(x.Param(1), x.Param(2));
         if (!pack) return SendProblem(x.res, 404, "no policy pack " + PackName(x));
         // The texts in the caller's language; the hash is the registered
         // pack's (engine/pack_texts.h: texts are not part of it).
         json body = engine::LocalisedPackDocument(*pack, x.Language());
         body["contentHash"] = pack->ref.content_hash;
         SetContentLanguage(x);
         SendJson(x, body);
       }},
      {"POST",
       std::string(kVersionPath) + "/what-if",
       {true,
        {engine::Role::kCio, engine::Role::kAdmin, engine::Role::kAuditor, engine::Role::kCioRijk}},
       Body::kJson,
       [&service, &low_priority](Exchange& x) { WhatIf(service, low_priority, x); }},
  };
}

}  // namespace ictgate::api

// /privacy/erasures (admin) and /audit/record-log (oversight): people out of
// the record (app/actors.h) and what was done to the record itself.
#include "api/problem.h"
#include "api/routes.h"
#include "app/application.h"

namespace ictgate::api {
namespace {

using nlohmann::json;

json EntryJson(const app::RecordEntry& e) {
  return {{"seq", e.seq},
          {"kind", e.kind},
          {"subject", e.subject},
          {"detail", e.detail},
          {"at", e.at},
          {"chainHead", {{"length", e.chain.length}, {"hash", e.chain.hash}}},
          {"prevHash", e.prev_hash},
          {"hash", e.hash}};
}

// POST /privacy/erasures {name}: the name goes, the pseudonym stays.
void Erase(app::Application& app, Exchange& x) {
  const std::string name = x.body.at("name").get<std::string>();
  x.keeps_pseudonyms = true;
  const auto erased = app.EraseActor(name);
  if (!erased) return SendProblem(x.res, 404, "nobody of that name acted in this record");
  // The answer names the pseudonym only: the name it was asked for is gone.
  SendJson(x,
           {{"actorId", erased->actor_id},
            {"readsAs", app::kErasedActor},
            {"tokensRevoked", erased->tokens_revoked},
            {"idempotencyRecordsDropped", erased->idempotency_records_dropped},
            {"recordEntry", EntryJson(erased->entry)}},
           201);
}

}  // namespace

std::vector<Route> PrivacyRoutes(app::Application& app) {
  static const Access kOversight{true, {engine::Role::kAuditor, engine::Role::kAdmin}};
  return {
      {"POST", "/privacy/erasures", kAdminOnly, Body::kJson,
       [&app](Exchange& x) { Erase(app, x); }},
      {"GET", "/audit/record-log", kOversight, Body::kNone,
       [&app](Exchange& x) {
         x.keeps_pseudonyms = true;
         json items = json::array();
         for (const auto& e : app.audit().RecordLog()) items.push_back(EntryJson(e));
         SendJson(x, {{"items", items}});
       }},
  };
}

}  // namespace ictgate::api

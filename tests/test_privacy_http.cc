// People through the API: names shown where the record keeps pseudonyms, an
// erasure by the admin, and afterwards "erased actor" in every answer while
// the audit still verifies.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

TEST_CASE("an erased person reads as erased actor everywhere, and the audit verifies", "[http]") {
  LiveServer server;
  const std::string id = ApprovedActivity(server);
  const std::string path = "/activities/" + id;
  json activity = Body(server.Get("owner", path));
  CHECK(activity["verdict"]["assessor"] == "t-cio");
  json events = Body(server.Get("auditor", path + "/events"));
  CHECK(events["items"][0]["actor"]["name"] == "t-owner");
  const std::string eligibility_at =
      server.Get("finance", path + "/eligibility?at=2026-12-01T12:00:00Z")->body;
  const auto head = server.store().Head();

  auto r = server.Post("admin", "/privacy/erasures", {{"name", "t-owner"}});
  REQUIRE(r->status == 201);
  const json erasure = Body(r);
  CHECK(erasure["readsAs"] == "erased actor");
  CHECK(erasure["tokensRevoked"] == 1);
  CHECK(erasure["recordEntry"]["kind"] == "erase-actor");
  CHECK(r->body.find("t-owner") == std::string::npos);
  const std::string pseudonym = erasure["actorId"];
  CHECK(pseudonym.rfind("actor-", 0) == 0);
  CHECK(erasure["recordEntry"]["subject"] == pseudonym);

  // Every answer: the events, the record, the as-of answer, the verdict.
  events = Body(server.Get("auditor", path + "/events"));
  CHECK(events["items"][0]["actor"]["name"] == "erased actor");
  CHECK(events["items"][2]["actor"]["name"] == "t-cio");
  activity = Body(server.Get("cio", path));
  CHECK(activity["verdict"]["assessor"] == "t-cio");
  CHECK(server.Get("cio", path)->body.find("t-owner") == std::string::npos);
  // The chain's entries are shown as hashed: by pseudonym.
  const json entries = Body(server.Get("auditor", "/audit/entries?from=1"));
  CHECK(entries["items"][0]["actor"]["name"] == pseudonym);
  CHECK(entries.dump().find("t-owner") == std::string::npos);
  CHECK(server.Get("finance", path + "/eligibility?at=2026-12-01T12:00:00Z")->body ==
        eligibility_at);
  // The person's token is revoked with the name.
  CheckProblem(server.Get("owner", path), 401);
  // The chain is as it was, and the audit passes with the erasure on record.
  CHECK(server.store().Head().hash == head.hash);
  const json verification = Body(server.Get("auditor", "/audit/verification"));
  CHECK(verification["ok"] == true);
  CHECK(verification["recordLog"]["checked"] == 1);
  const json log = Body(server.Get("auditor", "/audit/record-log"));
  REQUIRE(log["items"].size() == 1);
  CHECK(log["items"][0]["subject"] == erasure["actorId"]);
  CHECK(log["items"][0]["chainHead"]["hash"] == head.hash);
}

TEST_CASE("only the admin erases, a known name, with a well-formed body", "[http]") {
  LiveServer server;
  ApprovedActivity(server);
  const auto head = server.store().Head();
  for (const char* role : {"cio", "auditor", "owner"}) {
    INFO(role);
    CheckProblem(server.Post(role, "/privacy/erasures", {{"name", "t-owner"}}), 403);
  }
  CheckProblem(server.Post("admin", "/privacy/erasures", {{"name", "Niemand Bekend"}}), 404);
  CheckProblem(server.Post("admin", "/privacy/erasures", json::object()), 400);
  CheckProblem(server.Post("admin", "/privacy/erasures", {{"name", ""}}), 400);
  CheckProblem(server.Post("admin", "/privacy/erasures", {{"name", 7}}), 400);
  CheckProblem(server.Get("owner", "/audit/record-log"), 403);
  CHECK(Body(server.Get("auditor", "/audit/record-log"))["items"].empty());
  CHECK(server.store().Head().hash == head.hash);
  CHECK(server.Get("owner", "/activities")->status == 200);  // the token still works
}

}  // namespace
}  // namespace ictgate

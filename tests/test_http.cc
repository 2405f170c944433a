// The HTTP slice through a real socket: a full happy path, refusals, auth,
// and the problem+json error answers.
// Over 500 lines on purpose: one resource's walk-through per test case, in
// the order of the README's table; the cross-cutting checks live elsewhere
// (test_contract, test_hostile, test_boundaries, test_request_schema).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <thread>

#include <httplib.h>
#include <catch2/catch.hpp>

#include "app/demo_seed.h"
#include "live_server.h"
#include "store/database.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

struct Fixture {
  LiveServer server;
};

TEST_CASE_METHOD(Fixture, "health/live answers without a token", "[http]") {
  const auto r = server.client().Get("/api/v1/health/live");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Body(r)["status"] == "up");
  CHECK(r->get_header_value("API-Version") == api::kApiVersion);
  CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
}

TEST_CASE_METHOD(Fixture, "a request without a usable X-Request-Id gets a new one", "[http]") {
  const auto id_of = [&](const httplib::Headers& headers) {
    const auto r = server.client().Get("/api/v1/health/live", headers);
    REQUIRE(r);
    return r->get_header_value("X-Request-Id");
  };
  const auto is_new_id = [](const std::string& id) {
    return id.size() == 32 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  };
  const std::string first = id_of({});
  const std::string second = id_of({});
  CHECK(is_new_id(first));
  CHECK(is_new_id(second));
  CHECK(first != second);
  // Not a sane token (a space, or past 64 characters): replaced, not echoed.
  CHECK(is_new_id(id_of({{"X-Request-Id", "a b"}})));
  CHECK(is_new_id(id_of({{"X-Request-Id", std::string(65, 'a')}})));
  CHECK(id_of({{"X-Request-Id", std::string(64, 'a')}}) == std::string(64, 'a'));
}

// An input whose dossier is the green example, valid under the default pack.
json GreenInput() {
  json input = NewActivityInput();
  input["dossier"] = ExampleDossier("green");
  return input;
}

TEST_CASE_METHOD(Fixture, "a full happy path from registration to funding", "[http]") {
  auto r = server.Post("owner", "/activities", GreenInput());
  REQUIRE(r);
  REQUIRE(r->status == 201);
  const std::string id = Body(r)["activity"]["id"];
  CHECK(id == "BZK-2026-0001");
  CHECK(r->get_header_value("Location") == "/api/v1/activities/" + id);
  CHECK(r->get_header_value("ETag") == "\"1\"");

  const auto step = [&](const std::string& who, const std::string& segment, const json& body,
                        const std::string& state) {
    INFO(segment);
    const auto res = server.Post(who, "/activities/" + id + "/" + segment, body,
                                 {{"X-Request-Id", "req-" + segment}});
    REQUIRE(res);
    REQUIRE(res->status == 201);
    const json b = Body(res);
    CHECK(b["activity"]["state"] == state);
    CHECK(b["event"]["requestId"] == "req-" + segment);
    CHECK(b["event"]["hash"].get<std::string>().size() == 64);  // the chained entry
    CHECK(b["event"]["seq"].get<int>() > 1);
    CHECK(res->get_header_value("X-Request-Id") == "req-" + segment);
  };
  step("owner", "submissions", json::object(), "submitted");
  step("cio", "intake-decisions", {{"decision", "accept"}}, "in_assessment");
  // The CIO sees attention needed on sourcing: the advisory verdict is orange.
  json assessment = app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green"));
  assessment["areaScores"]["sourcing"] = "attention";
  assessment["verdict"] = "orange";
  assessment["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", "2027-03-01"}}};
  step("cio", "assessments", assessment, "conditionally_approved");
  step("cio", "condition-reviews", {{"conditionId", "C1"}, {"outcome", "met"}}, "approved");
  step("finance", "funding-decisions", {{"amountEur", 2'500'000}, {"reference", "FEZ-1"}},
       "in_execution");

  r = server.Get("owner", "/activities/" + id);
  REQUIRE(r->status == 200);
  CHECK(Body(r)["state"] == "in_execution");
  CHECK(Body(r)["fundedEur"] == 2'500'000);
  CHECK(Body(r)["initialCostEur"] == 10'000'000);
  CHECK(r->get_header_value("ETag") == "\"6\"");

  r = server.Get("cio", "/activities/" + id + "/events");
  REQUIRE(r->status == 200);
  const json events = Body(r)["items"];
  REQUIRE(events.size() == 6);
  CHECK(events[0]["type"] == "create");
  CHECK(events[0]["prevHash"] == store::kGenesisHash);
  CHECK(events.back()["hash"] == server.store().Head().hash);
  for (size_t i = 1; i < events.size(); ++i) {
    CHECK(events[i]["prevHash"] == events[i - 1]["hash"]);
    CHECK(events[i]["version"] == i + 1);
  }
  CHECK(events[2]["actor"] == json{{"name", "t-cio"}, {"role", "cio"}, {"department", "BZK"}});
  CHECK(server.store().VerifyChain().ok);
}

TEST_CASE_METHOD(Fixture, "a transition the state forbids is 409 with the allowed events",
                 "[http]") {
  const std::string id =
      Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  REQUIRE(server.Post("owner", "/activities/" + id + "/submissions", json::object())->status ==
          201);
  const auto before = server.store().Head();
  const auto r = server.Post("owner", "/activities/" + id + "/submissions", json::object());
  CheckProblem(r, 409);
  const json allowed = Body(r)["allowedEvents"];
  CHECK(allowed == json{"withdraw", "accept-intake", "return-intake", "cancel", "link-change"});
  CHECK(server.store().Head().hash == before.hash);
  CHECK(Body(server.Get("owner", "/activities/" + id))["version"] == 2);
}

TEST_CASE_METHOD(Fixture, "invalid input is a 400 problem naming the fields, and changes nothing",
                 "[http]") {
  const std::string id =
      Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  const auto before = server.store().Head();
  auto r = server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "return"}});
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "reason");
  r = server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "maybe"}});
  CheckProblem(r, 400);
  r = server.client().Post(("/api/v1/activities/" + id + "/cancellations").c_str(),
                           server.As("owner"), "{\"reason\": ", "application/json");
  CheckProblem(r, 400);
  std::string deep(100, '[');
  deep += std::string(100, ']');
  r = server.client().Post("/api/v1/activities", server.As("owner"), deep, "application/json");
  CheckProblem(r, 400);
  CHECK_THAT(Body(r)["detail"].get<std::string>(), Catch::Contains("nested deeper"));
  json long_text = NewActivityInput();
  long_text["dossier"]["businessCase"] = std::string(70'000, 'x');
  r = server.client().Post("/api/v1/activities", server.As("owner"), long_text.dump(),
                           "application/json");
  CheckProblem(r, 400);
  CHECK_THAT(Body(r)["detail"].get<std::string>(), Catch::Contains("string longer than 65536"));
  r = server.client().Post("/api/v1/activities", server.As("owner"), "\"title\"",
                           "application/json");
  CheckProblem(r, 400);
  r = server.client().Post("/api/v1/activities", server.As("owner"), "{\"title\":\"\xff\"}",
                           "application/json");
  CheckProblem(r, 400);
  CHECK(server.store().Head().hash == before.hash);
}

TEST_CASE_METHOD(Fixture,
                 "401 without a valid token, 403 outside the role, 404 outside the department",
                 "[http]") {
  auto r = server.client().Get("/api/v1/activities");
  CheckProblem(r, 401);
  CHECK(r->get_header_value("WWW-Authenticate") == "Bearer");
  r = server.client().Get("/api/v1/activities", {{"Authorization", "Bearer igt_forged"}});
  CheckProblem(r, 401);
  CheckProblem(server.Post("finance", "/activities", NewActivityInput()), 403);
  CheckProblem(server.Post("owner-EZK", "/activities", NewActivityInput()), 403);

  const std::string id =
      Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  CheckProblem(server.Get("owner-EZK", "/activities/" + id), 404);
  CheckProblem(server.Get("owner-EZK", "/activities/" + id + "/events"), 404);
  CheckProblem(server.Post("owner-EZK", "/activities/" + id + "/cancellations", {{"reason", "x"}}),
               404);
  CheckProblem(server.Post("cio", "/activities/" + id + "/submissions", json::object()), 403);
  CHECK(Body(server.Get("owner-EZK", "/activities"))["items"].empty());
  CHECK(Body(server.Get("owner", "/activities"))["items"].size() == 1);
}

TEST_CASE_METHOD(Fixture, "a stale If-Match is 412 and changes nothing", "[http]") {
  const std::string id =
      Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  auto r = server.Post("owner", "/activities/" + id + "/submissions", json::object(),
                       {{"If-Match", "\"7\""}});
  CheckProblem(r, 412);
  r = server.Post("owner", "/activities/" + id + "/submissions", json::object(),
                  {{"If-Match", "\"1\""}});
  CHECK(r->status == 201);
  CheckProblem(server.Post("owner", "/activities/" + id + "/withdrawals", json::object(),
                           {{"If-Match", "bogus"}}),
               400);
}

TEST_CASE_METHOD(Fixture, "unknown paths, trailing slashes and library errors are problems too",
                 "[http]") {
  CheckProblem(server.Get("owner", "/nowhere"), 404);
  CheckProblem(server.Get("owner", "/activities/"), 404);
  CheckProblem(server.Get("owner", "/activities/BZK-2026-0099"), 404);
  CheckProblem(server.Post("owner", "/activities/BZK-2026-0099/submissions", json::object()), 404);
  CheckProblem(server.Post("owner", "/activities/BZK-2026-0099/teleports", json::object()), 404);
  CheckProblem(server.Get("owner", "/activities?state=flying"), 400);
  CheckProblem(server.Get("owner", "/activities?limit=0"), 400);
}

std::string StatusLine(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

int CountOf(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST_CASE_METHOD(Fixture, "bodies over the limit and chunked bodies are refused before reading",
                 "[http]") {
  const std::string auth = "Authorization: Bearer " + server.tokens().at("owner") + "\r\n";
  // Only the headers are sent: the answer must come without reading a body,
  // and the connection must close.
  std::string answer =
      RawExchange(server.port(), "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\n" + auth +
                                     "Content-Type: application/json\r\n"
                                     "Content-Length: 2097152\r\n\r\n");
  CHECK(StatusLine(answer) == "HTTP/1.1 413 Payload Too Large");
  CHECK_THAT(answer, Catch::Contains("Connection: close"));
  CHECK_THAT(answer, Catch::Contains("application/problem+json"));
  CHECK_THAT(answer, Catch::EndsWith("\"type\":\"about:blank\"}"));

  const std::string body = NewActivityInput().dump();
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  answer = RawExchange(server.port(), "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\n" + auth +
                                          "Content-Type: application/json\r\n"
                                          "Transfer-Encoding: chunked\r\n\r\n" +
                                          size + "\r\n" + body + "\r\n0\r\n\r\n");
  CHECK(StatusLine(answer) == "HTTP/1.1 411 Length Required");
  CHECK(server.store().Head().length == 0);

  // A "chunked body" that is itself a request must not be served as one.
  const std::string smuggled =
      "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\n" + auth +
      "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  answer = RawExchange(server.port(), "POST /api/v1/activities HTTP/1.1\r\nHost: x\r\n" + auth +
                                          "Transfer-Encoding: chunked\r\n\r\n" + smuggled);
  CHECK(CountOf(answer, "HTTP/1.1 ") == 1);
  CHECK(server.store().Head().length == 0);
}

TEST_CASE_METHOD(Fixture, "lists page with a cursor", "[http]") {
  for (int i = 0; i < 3; ++i) server.Post("owner", "/activities", NewActivityInput());
  auto r = server.Get("owner", "/activities?limit=2");
  json page = Body(r);
  REQUIRE(page["items"].size() == 2);
  CHECK(page["nextCursor"] == "BZK-2026-0002");
  page = Body(server.Get("owner", "/activities?limit=2&cursor=BZK-2026-0002"));
  REQUIRE(page["items"].size() == 1);
  CHECK(page["items"][0]["id"] == "BZK-2026-0003");
  CHECK(page["nextCursor"].is_null());
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

httplib::Result Patch(LiveServer& server, const std::string& who, const std::string& path,
                      const json& body, httplib::Headers extra = {}) {
  return Recorded(
      "PATCH", "/api/v1" + path,
      server.client().Patch(("/api/v1" + path).c_str(), server.As(who, std::move(extra)),
                            body.dump(), "application/json"));
}

TEST_CASE_METHOD(Fixture, "PATCH edits a draft's dossier, checked against the pack", "[http]") {
  const std::string id =
      Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  auto r = Patch(server, "owner", "/activities/" + id,
                 {{"dossier", {{"processesPersonalData", false}}}}, {{"If-Match", "\"1\""}});
  REQUIRE(r->status == 200);
  CHECK(Body(r)["activity"]["dossier"]["processesPersonalData"] == false);
  CHECK(Body(r)["event"]["type"] == "update");
  CHECK(r->get_header_value("ETag") == "\"2\"");
  r = Patch(server, "owner", "/activities/" + id, {{"dossier", {{"favouriteColour", "blue"}}}});
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "dossier/favouriteColour");
  CheckProblem(
      Patch(server, "owner", "/activities/" + id, {{"title", "x"}}, {{"If-Match", "\"1\""}}), 412);
  CheckProblem(Patch(server, "cio", "/activities/" + id, {{"title", "x"}}), 403);
  CheckProblem(Patch(server, "owner-EZK", "/activities/" + id, {{"title", "x"}}), 404);
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  CheckProblem(Patch(server, "owner", "/activities/" + id, {{"title", "x"}}), 409);
}

TEST_CASE_METHOD(
    Fixture, "after a returned intake the owner corrects the cost: the accepted intake locks it",
    "[http]") {
  const std::string id =
      Body(server.Post("owner", "/activities", NewActivityInput()))["activity"]["id"];
  const std::string path = "/activities/" + id;
  REQUIRE(server.Post("owner", path + "/submissions", json::object())->status == 201);
  REQUIRE(server
              .Post("cio", path + "/intake-decisions",
                    {{"decision", "return"}, {"reason", "licences ontbreken in de raming"}})
              ->status == 201);
  auto r = Patch(server, "owner", path, {{"ictCostEur", 12'500'000}});
  REQUIRE(r->status == 200);
  CHECK(Body(r)["activity"]["ictCostEur"] == 12'500'000);
  CHECK(Body(r)["activity"]["initialCostEur"] == 12'500'000);
  CHECK(Body(r)["activity"]["initialEstimateLocked"] == false);

  REQUIRE(server.Post("owner", path + "/submissions", json::object())->status == 201);
  r = server.Post("cio", path + "/intake-decisions", {{"decision", "accept"}});
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["initialEstimateLocked"] == true);
  CHECK(Body(r)["activity"]["estimates"].size() == 1);
  // Locked now, in draft only after a revise; in assessment no edit at all.
  const auto head = server.store().Head();
  CheckProblem(Patch(server, "owner", path, {{"ictCostEur", 1}}), 409);
  CHECK(server.store().Head().length == head.length);
}

TEST_CASE_METHOD(Fixture, "the gate view says what blocks progress and what this caller may do",
                 "[http]") {
  json input = NewActivityInput();
  input["dossier"] = ExampleDossier("red");
  const std::string id = Body(server.Post("owner", "/activities", input))["activity"]["id"];
  auto r = server.Get("owner", "/activities/" + id + "/gate");
  REQUIRE(r->status == 200);
  json gate = Body(r);
  CHECK(gate["state"] == "draft");
  CHECK(gate["blockers"][0]["code"] == "NOT_SUBMITTED");
  CHECK(gate["actions"] == json{"submit", "cancel", "link-change", "update", "upload-document"});
  CHECK(gate["provisionalAdvisory"]["advisory"] == "red");
  bool dpia_unmet = false;
  for (const auto& c : gate["unmetCriteria"]) {
    if (c["id"] == "dpia") dpia_unmet = c["result"] == "failed" && c["kind"] == "mandatory";
  }
  CHECK(dpia_unmet);
  // The CIO sees the same gate; in draft it may only cancel, and ask the
  // AcICT's advice (the track runs beside the gate, from the start).
  gate = Body(server.Get("cio", "/activities/" + id + "/gate"));
  CHECK(gate["actions"] == json{"request-acict-advice", "cancel"});
  CHECK(gate["sideSteps"] == json{"request-acict-advice"});
  CHECK(Body(server.Get("finance", "/activities/" + id + "/gate"))["actions"] == json::array());
  CheckProblem(server.Get("owner-EZK", "/activities/" + id + "/gate"), 404);
}

TEST_CASE_METHOD(Fixture, "assessments record the pack, the criteria and the advisory verdict",
                 "[http]") {
  const std::string id = Body(server.Post("owner", "/activities", GreenInput()))["activity"]["id"];
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  const auto& pack = server.packs().Active(kNow);
  json assessment = app::CompleteAssessment(pack, ExampleDossier("green"));
  CHECK(assessment["verdict"] == "green");
  assessment["verdict"] = "red";
  auto r = server.Post("cio", "/activities/" + id + "/assessments", assessment);
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "justification");
  assessment["justification"] = "vendor lock-in outweighs the checks";
  r = server.Post("cio", "/activities/" + id + "/assessments", assessment);
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["state"] == "rejected");
  CHECK(Body(r)["activity"]["verdict"]["advisory"] == "green");

  r = server.Get("owner", "/activities/" + id + "/assessments");
  REQUIRE(r->status == 200);
  const json items = Body(r)["items"];
  REQUIRE(items.size() == 1);
  const json& derived = items[0]["derived"];
  CHECK(derived["pack"]["id"] == "rijksbrede-startvoorwaarden");
  CHECK(derived["pack"]["version"] == "2026.1");
  CHECK(derived["pack"]["contentHash"] == pack.ref.content_hash);
  CHECK(derived["assessment"]["advisory"] == "green");
  CHECK(derived["assessment"]["criteria"].size() == pack.criteria.size());
  CHECK(items[0]["payload"]["justification"] == "vendor lock-in outweighs the checks");

  // The secretary-general overrules, with a reason; it stands out in the record.
  CheckProblem(server.Post("sg", "/activities/" + id + "/overrides", json::object()), 400);
  r = server.Post("sg", "/activities/" + id + "/overrides", {{"reason", "national security"}});
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["verdict"]["overridden"] == true);
  CHECK(Body(server.Get("owner", "/activities/" + id + "/assessments"))["items"].size() == 2);
  CheckProblem(server.Get("owner-EZK", "/activities/" + id + "/assessments"), 404);
}

TEST_CASE_METHOD(Fixture, "policy packs are listed and served, and what-if writes nothing",
                 "[http]") {
  auto r = server.Get("owner", "/policy-packs");
  REQUIRE(r->status == 200);
  const json items = Body(r)["items"];
  // The shipped versions; 2026.1 applies on the tests' date, 2026.2 from
  // 2027, 2026.3 from July 2027.
  REQUIRE(items.size() == 3);
  for (const json& item : items) {
    INFO(item.dump());
    CHECK(item["active"] == (item["version"] == "2026.1"));
  }
  r = server.Get("owner", "/policy-packs/rijksbrede-startvoorwaarden/versions/2026.1");
  REQUIRE(r->status == 200);
  CHECK(Body(r)["criteria"].size() >= 16);
  CheckProblem(server.Get("owner", "/policy-packs/rijksbrede-startvoorwaarden/versions/2031.1"),
               404);

  for (const char* name : {"green", "orange"}) {
    json input = NewActivityInput();
    input["dossier"] = ExampleDossier(name);
    server.Post("owner", "/activities", input);
  }
  json stricter =
      Body(server.Get("owner", "/policy-packs/rijksbrede-startvoorwaarden/versions/2026.1"));
  stricter.erase("contentHash");
  stricter["version"] = "2027.1";
  for (auto& c : stricter["criteria"]) {
    if (c["id"] == "eu-alternatives-gap-analysis") c["kind"] = "mandatory";
  }
  const auto before = server.store().Head();
  const std::string path = "/policy-packs/rijksbrede-startvoorwaarden/versions/2027.1/what-if";
  CheckProblem(server.Post("owner", path, stricter), 403);
  r = server.Post("cio", path, stricter);
  REQUIRE(r->status == 200);
  const json report = Body(r);
  CHECK(report["evaluated"] == 2);
  REQUIRE(report["changes"].size() == 1);
  CHECK(report["changes"][0]["from"]["advisory"] == "orange");
  CHECK(report["changes"][0]["to"]["advisory"] == "red");
  CHECK(server.store().Head().hash == before.hash);
  CHECK(server.store().Packs().size() == 3);  // the candidate 2027.1 is not registered
  // Without a body the registered pack is used; a mismatching body is refused.
  CheckProblem(server.Post("cio", path, json::object()), 404);
  CheckProblem(server.Post("cio", "/policy-packs/other/versions/2027.1/what-if", stricter), 400);
  stricter["criteria"][0]["area"] = "nowhere";
  r = server.Post("cio", path, stricter);
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "/criteria/0/area");
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE_METHOD(Fixture, "an Idempotency-Key retry gets the first answer and acts once",
                 "[http]") {
  const httplib::Headers key = {{"Idempotency-Key", "create-1"}};
  auto first = server.Post("owner", "/activities", GreenInput(), key);
  REQUIRE(first->status == 201);
  auto again = server.Post("owner", "/activities", GreenInput(), key);
  REQUIRE(again->status == 201);
  CHECK(again->body == first->body);
  CHECK(again->get_header_value("Idempotent-Replayed") == "true");
  CHECK(again->get_header_value("Location") == first->get_header_value("Location"));
  CHECK(Body(server.Get("owner", "/activities"))["items"].size() == 1);

  const std::string id = Body(first)["activity"]["id"];
  for (const char* step : {"submissions", "intake-decisions"}) {
    const json body =
        std::string(step) == "submissions" ? json::object() : json{{"decision", "accept"}};
    REQUIRE(server
                .Post(step == std::string("submissions") ? "owner" : "cio",
                      "/activities/" + id + "/" + step, body)
                ->status == 201);
  }
  server.Post("cio", "/activities/" + id + "/assessments",
              app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green")));
  // Funding retried after a lost answer: one tranche, not two.
  const json tranche = {{"amountEur", 1'000'000}, {"reference", "FEZ-9"}};
  const httplib::Headers fund_key = {{"Idempotency-Key", "fund-9"}};
  const auto funded =
      server.Post("finance", "/activities/" + id + "/funding-decisions", tranche, fund_key);
  REQUIRE(funded->status == 201);
  const auto head = server.store().Head();
  const auto retried =
      server.Post("finance", "/activities/" + id + "/funding-decisions", tranche, fund_key);
  REQUIRE(retried->status == 201);
  CHECK(retried->body == funded->body);
  CHECK(server.store().Head().hash == head.hash);
  CHECK(Body(server.Get("finance", "/activities/" + id))["fundedEur"] == 1'000'000);

  // The same key with another body is refused; another caller's key space is separate.
  json other = tranche;
  other["amountEur"] = 2'000'000;
  CheckProblem(server.Post("finance", "/activities/" + id + "/funding-decisions", other, fund_key),
               422);
  CheckProblem(server.Post("finance", "/activities/" + id + "/funding-decisions", tranche,
                           {{"Idempotency-Key", std::string(200, 'k')}}),
               400);
  CHECK(server.store().Head().hash == head.hash);
}

// The id of the token LiveServer issued as `name`.
int64_t TokenId(LiveServer& server, const std::string& name) {
  for (const auto& t : server.application().tokens().List()) {
    if (t.name == name) return t.id;
  }
  FAIL("no token " << name);
  return 0;
}

TEST_CASE_METHOD(Fixture, "a token revoked in the serving process is refused at once", "[http]") {
  REQUIRE(server.Get("owner", "/activities")->status == 200);  // now remembered
  REQUIRE(server.application().tokens().Revoke(TokenId(server, "t-owner")));
  CheckProblem(server.Get("owner", "/activities"), 401);
  CheckProblem(server.Post("owner", "/activities", GreenInput()), 401);
}

// `ictgate token revoke` writes from another process, which the server's
// memory of tokens cannot hear of: it takes effect once that memory is older
// than its max age (app/tokens.h, docs/operations.md).
TEST_CASE_METHOD(Fixture, "a token revoked by the command line is refused after the max age",
                 "[http]") {
  REQUIRE(server.Get("owner", "/activities")->status == 200);  // now remembered
  const std::string revoke = std::string(ICTGATE_BINARY) + " token revoke --db " +
                             server.db_path() + " " + std::to_string(TokenId(server, "t-owner"));
  REQUIRE(RunCommand(revoke) == 0);
  server.clock().Advance(app::TokenCacheOptions().max_age);
  CheckProblem(server.Get("owner", "/activities"), 401);
  CheckProblem(server.Post("owner", "/activities", GreenInput()), 401);
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE_METHOD(Fixture, "lists filter by state and by recorded verdict", "[http]") {
  const std::string id = Body(server.Post("owner", "/activities", GreenInput()))["activity"]["id"];
  server.Post("owner", "/activities", GreenInput());
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  server.Post("cio", "/activities/" + id + "/assessments",
              app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green")));
  auto items = Body(server.Get("owner", "/activities?verdict=green"))["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["id"] == id);
  CHECK(Body(server.Get("owner", "/activities?verdict=none"))["items"].size() == 1);
  CHECK(Body(server.Get("owner", "/activities?verdict=red"))["items"].empty());
  CHECK(Body(server.Get("owner", "/activities?state=approved"))["items"].size() == 1);
  CheckProblem(server.Get("owner", "/activities?verdict=purple"), 400);
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE_METHOD(Fixture,
                 "eligibility: now and as of an earlier instant, per activity and portfolio",
                 "[http]") {
  const std::string id = Body(server.Post("owner", "/activities", GreenInput()))["activity"]["id"];
  auto r = server.Get("finance", "/activities/" + id + "/eligibility");
  REQUIRE(r->status == 200);
  CHECK(Body(r)["status"] == "not_eligible");
  CHECK(Body(r)["reasons"] == json{"NO_VERDICT"});
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  json assessment = app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green"));
  assessment["areaScores"]["sourcing"] = "attention";
  assessment["verdict"] = "orange";
  assessment["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", "2027-03-01"}}};
  REQUIRE(server.Post("cio", "/activities/" + id + "/assessments", assessment)->status == 201);

  r = server.Get("finance", "/activities/" + id + "/eligibility");
  json e = Body(r);
  CHECK(e["status"] == "eligible_with_conditions");
  CHECK(e["eligible"] == true);
  CHECK(e["openConditions"][0]["id"] == "C1");
  CHECK(e["reflectsEvent"]["version"] == 4);
  // Judged at a later instant the condition is overdue.
  e = Body(server.Get("finance", "/activities/" + id + "/eligibility?at=2027-03-02"));
  CHECK(e["status"] == "not_eligible");
  CHECK(e["reasons"] == json{"CONDITIONS_OVERDUE"});
  // As of before the clock of the events, the activity did not exist yet.
  CheckProblem(server.Get("finance", "/activities/" + id + "/eligibility?at=2026-01-01"), 404);
  CheckProblem(server.Get("finance", "/activities/" + id + "/eligibility?at=yesterday"), 400);
  CheckProblem(server.Get("owner-EZK", "/activities/" + id + "/eligibility"), 404);

  server.Post("owner", "/activities", NewActivityInput(1'000'000));
  const json portfolio = Body(server.Get("finance", "/eligibility?department=BZK"));
  CHECK(portfolio["items"].size() == 2);
  CHECK(portfolio["summary"]["eligible_with_conditions"] == 1);
  CHECK(portfolio["summary"]["not_eligible"] == 1);
  CHECK(portfolio["nextCursor"].is_null());
  // Pages: the summary always counts the whole department.
  const json first = Body(server.Get("finance", "/eligibility?department=BZK&limit=1"));
  REQUIRE(first["items"].size() == 1);
  CHECK(first["items"][0] == portfolio["items"][0]);
  CHECK(first["summary"] == portfolio["summary"]);
  REQUIRE(first["nextCursor"] == portfolio["items"][0]["activityId"]);
  const json second = Body(server.Get("finance", "/eligibility?department=BZK&limit=1&cursor=" +
                                                     first["nextCursor"].get<std::string>()));
  REQUIRE(second["items"].size() == 1);
  CHECK(second["items"][0] == portfolio["items"][1]);
  CHECK(second["nextCursor"].is_null());
  CHECK(second["summary"] == portfolio["summary"]);
  CheckProblem(server.Get("finance", "/eligibility?limit=501"), 400);
  // An answer that was never stored (a row from before migration 0005) is
  // judged again by the department answer and stored back.
  const std::string now = engine::FormatInstant(server.clock().Now());
  store::OpenDatabase(server.db_path())->exec("UPDATE activities SET eligibility = NULL");
  REQUIRE(server.store().EligibilityCounts("BZK", now).stale_ids.size() == 2);
  CHECK(Body(server.Get("finance", "/eligibility?department=BZK"))["summary"] ==
        portfolio["summary"]);
  CHECK(server.store().EligibilityCounts("BZK", now).stale_ids.empty());
  CHECK(Body(server.Get("owner-EZK", "/eligibility"))["items"].empty());
  // Lists filter by eligibility now.
  json listed = Body(server.Get("finance", "/activities?eligibility=eligible_with_conditions"));
  REQUIRE(listed["items"].size() == 1);
  CHECK(listed["items"][0]["id"] == id);
  listed = Body(server.Get("finance", "/activities?eligibility=not_eligible&limit=1"));
  CHECK(listed["items"].size() == 1);
  CHECK(Body(server.Get("finance", "/activities?eligibility=eligible"))["items"].empty());
  CheckProblem(server.Get("finance", "/activities?eligibility=maybe"), 400);
  CheckProblem(server.Get("finance", "/eligibility?department=bzk"), 400);
}

TEST_CASE_METHOD(Fixture, "linking: the owner links and unlinks parts of a programme", "[http]") {
  const auto create = [&](int64_t cost, const std::string& who = "owner") {
    json input = GreenInput();
    input["ictCostEur"] = cost;
    if (who == "owner-EZK") input["department"] = "EZK";
    return Body(server.Post(who, "/activities", input))["activity"]["id"].get<std::string>();
  };
  const std::string a = create(3'000'000);
  const std::string b = create(2'000'000);
  const std::string ezk = create(1'000'000, "owner-EZK");

  auto r = server.Post("owner", "/activities/" + a + "/links", {{"activityId", b}},
                       {{"If-Match", "\"1\""}, {"Idempotency-Key", "link-a-b"}});
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["links"] == json{b});
  CHECK(Body(r)["activity"]["linkedCostEur"] == 2'000'000);
  CHECK(Body(r)["event"]["type"] == "link-change");
  CHECK(Body(r)["event"]["payload"]["op"] == "link");
  CHECK(r->get_header_value("ETag") == "\"2\"");
  // A retry with the same key answers the same and links nothing twice.
  const auto head = server.store().Head();
  r = server.Post("owner", "/activities/" + a + "/links", {{"activityId", b}},
                  {{"If-Match", "\"1\""}, {"Idempotency-Key", "link-a-b"}});
  CHECK(r->status == 201);
  CHECK(r->get_header_value("Idempotent-Replayed") == "true");
  CHECK(server.store().Head().hash == head.hash);
  CHECK(Body(server.Get("owner", "/activities/" + b))["linkedCostEur"] == 3'000'000);

  // Together they reach the threshold: the submission is gated.
  r = server.Post("owner", "/activities/" + b + "/submissions", json::object());
  CHECK(Body(r)["activity"]["state"] == "submitted");

  // Refusals, each changing nothing.
  const auto before = server.store().Head();
  CheckProblem(server.Post("owner", "/activities/" + a + "/links", {{"activityId", b}}), 409);
  CheckProblem(server.Post("owner", "/activities/" + a + "/links", {{"activityId", a}}), 400);
  CheckProblem(server.Post("owner", "/activities/" + a + "/links", {{"activityId", ezk}}), 400);
  CheckProblem(server.Post("owner", "/activities/" + a + "/links", {{"activity", b}}), 400);
  CheckProblem(server.Post("owner", "/activities/" + a + "/links", {{"activityId", 7}}), 400);
  CheckProblem(server.Post("cio", "/activities/" + a + "/links", {{"activityId", b}}), 403);
  CheckProblem(server.Post("owner-EZK", "/activities/" + a + "/links", {{"activityId", ezk}}), 404);
  CheckProblem(server.Delete("owner", "/activities/" + a + "/links/" + ezk), 404);
  CheckProblem(server.Delete("owner", "/activities/" + a + "/links/" + b, {{"If-Match", "\"9\""}}),
               412);
  CHECK(server.store().Head().hash == before.hash);

  r = server.Delete("owner", "/activities/" + a + "/links/" + b);
  REQUIRE(r->status == 200);
  CHECK(Body(r)["activity"]["links"] == json::array());
  CHECK(Body(r)["activity"]["linkedCostEur"] == 0);
  CHECK(Body(r)["event"]["payload"]["op"] == "unlink");
  CHECK(Body(server.Get("owner", "/activities/" + b))["links"] == json::array());
  CHECK(Body(server.Get("owner", "/activities/" + b))["state"] == "submitted");  // stays gated
  const auto options = server.client().Options(("/api/v1/activities/" + a + "/links/" + b).c_str());
  CHECK(options->get_header_value("Allow") == "DELETE, OPTIONS");
}

TEST_CASE_METHOD(Fixture, "funding decisions: grants while eligible, refusals recorded as such",
                 "[http]") {
  const std::string id = Body(server.Post("owner", "/activities", GreenInput()))["activity"]["id"];
  const std::string path = "/activities/" + id + "/funding-decisions";
  // Before any verdict a grant is refused with the reasons, and nothing changes.
  auto r = server.Post("finance", path, {{"amountEur", 1'000'000}});
  CheckProblem(r, 409);
  CHECK(Body(r)["allowedEvents"] == json{"submit", "cancel", "link-change"});
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  server.Post("cio", "/activities/" + id + "/assessments",
              app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green")));

  r = server.Post("finance", path,
                  {{"decision", "refuse"},
                   {"amountEur", 3'000'000},
                   {"reference", "FEZ-7"},
                   {"reason", "not in this year's budget"}});
  REQUIRE(r->status == 201);
  CHECK(Body(r)["event"]["type"] == "refuse-funding");
  CHECK(Body(r)["activity"]["state"] == "approved");
  CHECK(Body(r)["activity"]["fundedEur"] == 0);
  CHECK(Body(r)["activity"]["fundingDecisions"][0]["decision"] == "refuse");
  CHECK(Body(r)["activity"]["fundingDecisions"][0]["reason"] == "not in this year's budget");

  const auto head = server.store().Head();
  CheckProblem(server.Post("finance", path, {{"decision", "maybe"}, {"amountEur", 1}}), 400);
  CheckProblem(server.Post("finance", path, {{"decision", "refuse"}, {"amountEur", 1}}), 400);
  CheckProblem(server.Post("finance", path, {{"amountEur", -5}}), 400);
  CheckProblem(server.Post("finance", path, {{"amountEur", 1}, {"reason", "x"}}), 400);
  CheckProblem(server.Post("owner", path, {{"amountEur", 1}}), 403);
  CHECK(server.store().Head().hash == head.hash);

  r = server.Post("finance", path, {{"decision", "grant"}, {"amountEur", 2'000'000}});
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["state"] == "in_execution");
  CHECK(Body(r)["activity"]["fundingDecisions"].size() == 2);
  r = server.Post("finance", path, {{"amountEur", 500'000}, {"reference", "FEZ-8"}});
  REQUIRE(r->status == 201);  // a further tranche; "grant" is the default
  CHECK(Body(r)["activity"]["fundedEur"] == 2'500'000);
  CHECK(Body(r)["activity"]["fundingDecisions"][2]["reference"] == "FEZ-8");
}

TEST_CASE_METHOD(Fixture, "webhooks: the admin subscribes, lists, follows deliveries, removes",
                 "[http]") {
  const json request = {{"url", "https://hooks.example.nl/ictgate"},
                        {"topics", {"activity.submitted", "verdict.recorded"}},
                        {"department", "BZK"}};
  CheckProblem(server.Post("owner", "/webhooks", request), 403);
  CheckProblem(server.Post("admin", "/webhooks", {{"url", "gopher://x"}, {"topics", {"x"}}}), 400);
  // Nothing inside the operator's network (app/webhook_destination.h).
  for (const std::string inside :
       {"http://169.254.169.254/latest/meta-data/", "https://127.0.0.1:8080/",
        "https://2130706433/", "https://localhost/", "http://hooks.example.nl/"}) {
    INFO(inside);
    auto refused =
        server.Post("admin", "/webhooks", {{"url", inside}, {"topics", {"verdict.recorded"}}});
    CheckProblem(refused, 400);
    CHECK(Body(refused)["invalidParams"][0]["name"] == "url");
  }
  auto r = server.Post("admin", "/webhooks", request);
  REQUIRE(r->status == 201);
  const json created = Body(r);
  const std::string id = std::to_string(created["id"].get<int64_t>());
  CHECK(created["secret"].get<std::string>().rfind("whsec_", 0) == 0);
  CHECK(r->get_header_value("Location") == "/api/v1/webhooks/" + id);

  r = server.Get("admin", "/webhooks");
  REQUIRE(r->status == 200);
  REQUIRE(Body(r)["items"].size() == 1);
  CHECK_FALSE(Body(r)["items"][0].contains("secret"));
  CheckProblem(server.client().Get("/api/v1/webhooks"), 401);

  const std::string activity =
      Body(server.Post("owner", "/activities", GreenInput()))["activity"]["id"];
  server.Post("owner", "/activities/" + activity + "/submissions", json::object());
  r = server.Get("admin", "/webhooks/" + id + "/deliveries");
  REQUIRE(r->status == 200);
  REQUIRE(Body(r)["items"].size() == 1);
  CHECK(Body(r)["items"][0]["topic"] == "activity.submitted");
  CHECK(Body(r)["items"][0]["status"] == "pending");
  CheckProblem(server.Get("admin", "/webhooks/999/deliveries"), 404);
  CheckProblem(server.Get("admin", "/webhooks/abc/deliveries"), 400);

  r = server.Delete("admin", "/webhooks/" + id);
  CHECK(r->status == 204);
  CHECK(r->get_header_value("API-Version") == api::kApiVersion);
  CheckProblem(server.Delete("admin", "/webhooks/" + id), 404);
  CHECK(Body(server.Get("admin", "/webhooks"))["items"].empty());
}

TEST_CASE_METHOD(Fixture, "the dashboard is served at / with a policy for its own files only",
                 "[http]") {
  auto r = server.client().Get("/");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK_THAT(r->body, Catch::Contains("<main id=\"main\""));
  CHECK_THAT(r->body, Catch::Contains("<html lang=\"nl\">"));  // Dutch first
  CHECK_THAT(r->body, Catch::Contains("<script src=\"/i18n.js\" defer>"));
  const std::string csp = r->get_header_value("Content-Security-Policy");
  CHECK_THAT(csp, Catch::Contains("script-src 'self'"));
  CHECK_THAT(csp, Catch::Contains("frame-ancestors 'none'"));
  CHECK(r->headers.count("Content-Security-Policy") == 1);
  CHECK(r->get_header_value("X-Frame-Options") == "DENY");
  r = server.client().Get("/app.js");
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
  // The API keeps its own, stricter policy.
  r = server.client().Get("/api/v1/health/live");
  CHECK(r->get_header_value("Content-Security-Policy") ==
        "default-src 'none'; frame-ancestors 'none'");
  CHECK(server.client().Get("/nothing-here")->status == 404);
}

}  // namespace
}  // namespace ictgate

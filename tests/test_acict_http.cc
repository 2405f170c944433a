// The AcICT track through the API: each step by its own token, the pack
// 2026.3 that makes funding wait for the request, the public register of
// advices, the CISO's advice, and what the CIO-oordeel prints of them.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

json Doc(const std::string& title, char digit) {
  return {{"title", title}, {"sha256", std::string(64, digit)}};
}

TEST_CASE("the AcICT track through the API: the opdrachtgever's activity from request to follow-up",
          "[http]") {
  LiveServer server;
  const std::string id = AssessedActivity(server, [](json&) {});
  const std::string a = "/activities/" + id;
  // The CIO office may ask; the AcICT has nothing to record yet.
  CHECK_THAT(Body(server.Get("cio", a + "/gate"))["actions"].dump(),
             Catch::Contains("request-acict-advice"));
  CHECK(Body(server.Get("acict", a + "/gate"))["actions"] == json::array());

  auto r = server.Post("cio", a + "/acict-requests", {{"document", Doc("Adviesaanvraag", '1')}});
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["state"] == "approved");
  CHECK(Body(server.Get("acict", a + "/gate"))["actions"] == json{"record-acict-selection"});
  REQUIRE(server
              .Post("acict", a + "/acict-selections",
                    {{"decision", "advise"}, {"reason", "groot en nieuw"}})
              ->status == 201);
  REQUIRE(server
              .Post("acict", a + "/acict-advices",
                    {{"document", Doc("Advies AcICT", '2')},
                     {"recommendations", {"Beperk de scope", "Stel een exitplan op"}}})
              ->status == 201);
  // Out of order: the naschrift before the reaction is a conflict.
  CheckProblem(server.Post("acict", a + "/acict-naschriften", {{"document", Doc("N", '3')}}), 409);
  REQUIRE(server
              .Post("cio", a + "/acict-reactions",
                    {{"document", Doc("Bestuurlijke reactie", '4')},
                     {"summary", "De minister neemt beide aanbevelingen over"}})
              ->status == 201);
  REQUIRE(server.Post("acict", a + "/acict-naschriften", {{"document", Doc("Naschrift", '5')}})
              ->status == 201);
  r = server.Post("owner", a + "/acict-follow-ups",
                  {{"recommendation", 2}, {"status", "implemented"}, {"note", "exitplan klaar"}});
  REQUIRE(r->status == 201);
  const json track = Body(r)["activity"]["acict"];
  CHECK(track["advice"]["public"] == true);
  CHECK(track["followUps"][0]["status"] == "implemented");
  // Malformed: a number the advice does not have.
  CheckProblem(server.Post("owner", a + "/acict-follow-ups",
                           {{"recommendation", 3}, {"status", "planned"}, {"note", "x"}}),
               400);

  // The register: every role, every department, the public steps only.
  const json reg = Body(server.Get("owner-EZK", "/acict-advices"));
  REQUIRE(reg["items"].size() == 1);
  const json& item = reg["items"][0];
  CHECK(item["activityId"] == id);
  CHECK(item["advice"]["document"]["sha256"] == std::string(64, '2'));
  CHECK(item["reaction"]["summary"] == "De minister neemt beide aanbevelingen over");
  CHECK(item["naschrift"]["public"] == true);
  CHECK_FALSE(item["advice"].contains("by"));
  CHECK_FALSE(item.contains("request"));
  CHECK(Body(server.Get("acict", "/acict-advices?department=EZK"))["items"].empty());
  CheckProblem(server.Get("owner", "/acict-advices?department=bzk"), 400);

  // The CIO-oordeel prints the track; the chain verifies.
  r = server.Get("owner", a + "/verdict-document");
  REQUIRE(r->status == 200);
  CHECK_THAT(r->body, Catch::Contains("Adviescollege ICT-toetsing (Wet AcICT art. 11)"));
  CHECK_THAT(r->body, Catch::Contains("Bestuurlijke reactie (openbaar)"));
  CHECK_THAT(r->body, Catch::Contains("uitgevoerd – exitplan klaar"));
  CHECK_THAT(r->body, Catch::Contains(std::string(64, '5')));
  CHECK(Body(server.Get("auditor", "/audit/verification"))["ok"] == true);
}

TEST_CASE("under pack 2026.3 an activity is not funded until the AcICT's advice is requested",
          "[http]") {
  LiveServer server;
  const std::string id = AssessedActivity(server, [](json&) {});
  const std::string a = "/activities/" + id;
  REQUIRE(server
              .Post("cio", a + "/pack-adoptions",
                    {{"version", "2026.3"}, {"reason", "2026.3 vraagt de adviesaanvraag"}})
              ->status == 201);
  json e = Body(server.Get("finance", a + "/eligibility"));
  CHECK(e["eligible"] == false);
  CHECK(e["reasons"] == json{"ACICT_REQUEST_MISSING"});
  const auto refused = server.Post("finance", a + "/funding-decisions", {{"amountEur", 100'000}});
  CheckProblem(refused, 409);
  CHECK_THAT(refused->body, Catch::Contains("ACICT_REQUEST_MISSING"));
  const json gate = Body(server.Get("owner", a + "/gate"));
  CHECK_THAT(gate["blockers"].dump(), Catch::Contains("ACICT_REQUEST_MISSING"));

  REQUIRE(server.Post("cio", a + "/acict-requests", {{"document", Doc("Adviesaanvraag", 'a')}})
              ->status == 201);
  e = Body(server.Get("finance", a + "/eligibility"));
  CHECK(e["eligible"] == true);
  CHECK(server.Post("finance", a + "/funding-decisions", {{"amountEur", 100'000}})->status == 201);
  CHECK(Body(server.Get("auditor", "/audit/verification"))["ok"] == true);
}

TEST_CASE("the CISO advises through the API, and the verdict carries the advice", "[http]") {
  LiveServer server;
  const std::string id =
      Body(server.Post("project_lead", "/activities", GreenActivity()))["activity"]["id"];
  const std::string a = "/activities/" + id;
  CHECK(Body(server.Get("owner", a))["projectLead"].is_string());
  REQUIRE(server.Post("owner", a + "/submissions", json::object())->status == 201);
  REQUIRE(server.Post("cio", a + "/intake-decisions", {{"decision", "accept"}})->status == 201);
  CHECK(Body(server.Get("ciso", a + "/gate"))["actions"] == json{"record-ciso-advice"});
  CheckProblem(server.Post("ciso", a + "/ciso-advices", {{"residualRisk", "unknown"}}), 400);
  REQUIRE(server
              .Post("ciso", a + "/ciso-advices",
                    {{"residualRisk", "low"}, {"advice", "Restrisico aanvaardbaar"}})
              ->status == 201);
  CheckProblem(
      server.Post("ciso", a + "/ciso-advices", {{"residualRisk", "low"}, {"advice", "nog eens"}}),
      409);
  const auto r =
      server.Post("cio", a + "/assessments",
                  app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green")));
  REQUIRE(r->status == 201);
  CHECK(Body(r)["activity"]["verdict"]["cisoAdvice"]["residualRisk"] == "low");
  const auto document = server.Get("owner", a + "/verdict-document");
  CHECK_THAT(document->body, Catch::Contains("Advies CISO over het restrisico"));
  CHECK_THAT(document->body, Catch::Contains("Restrisico aanvaardbaar"));
  CHECK_THAT(document->body, Catch::Contains("<dt>Projectleider</dt>"));
  // Once the verdict is given, there is no assessment to advise on.
  CheckProblem(server.Post("ciso", a + "/ciso-advices", {{"residualRisk", "low"}, {"advice", "x"}}),
               409);
}

}  // namespace
}  // namespace ictgate

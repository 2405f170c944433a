// A red verdict through the API, under the packs of ictgate (red blocks
// funding) and under a registered pack whose red is advice only: finance's
// eligibility, its grant, the flag on the record, the CIO-oordeel.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

// An activity recorded red (with a justification: the dossier's advice is green).
std::string Red(LiveServer& server) {
  return AssessedActivity(server, [](json& assessment) {
    assessment["verdict"] = "red";
    assessment["justification"] = "De aanbesteding is niet haalbaar.";
  });
}

const json kTranche = {{"decision", "grant"}, {"amountEur", 2'000'000}, {"reference", "FEZ-1"}};

TEST_CASE("where red blocks (the packs of ictgate), finance cannot fund a red verdict", "[http]") {
  LiveServer server;
  const std::string id = Red(server);
  const json e = Body(server.Get("finance", "/activities/" + id + "/eligibility"));
  CHECK(e["status"] == "not_eligible");
  CHECK(e["reasons"] == json{"VERDICT_RED"});
  const auto head = server.store().Head();
  const auto refused = server.Post("finance", "/activities/" + id + "/funding-decisions", kTranche,
                                   {{"Accept-Language", "nl"}});
  CheckProblem(refused, 409);
  CHECK_THAT(Body(refused)["detail"].get<std::string>(), Catch::Contains("rood"));
  CHECK(server.store().Head().hash == head.hash);
  CHECK(Body(server.Get("finance", "/activities/" + id))["verdict"]["advisoryOnly"] == false);
}

TEST_CASE("where a pack makes red advice, finance funds on red, flagged, and the document says so",
          "[http]") {
  LiveServer server;
  json advisory = server.packs().Active(kNow).document;
  advisory["version"] = "2026.9";
  advisory["redVerdict"] = "advisory";
  server.packs().Register(app::LoadPack(advisory).value(), kNow);
  const std::string id = Red(server);
  const std::string path = "/activities/" + id;
  const json activity = Body(server.Get("finance", path));
  CHECK(activity["state"] == "rejected");
  CHECK(activity["verdict"]["advisoryOnly"] == true);
  const json e = Body(server.Get("finance", path + "/eligibility"));
  CHECK(e["status"] == "eligible_despite_red");
  CHECK(e["eligible"] == true);
  CHECK(Body(server.Get("finance",
                        "/eligibility?department=BZK"))["summary"]["eligible_despite_red"] == 1);
  CHECK(
      Body(server.Get("finance", "/activities?eligibility=eligible_despite_red"))["items"].size() ==
      1);

  // Nobody but finance grants; another department does not see it.
  server.tokens()["finance-EZK"] =
      server.application().tokens().Issue("t-fin-ezk", engine::Role::kFinance, "EZK");
  CheckProblem(server.Post("owner", path + "/funding-decisions", kTranche), 403);
  CheckProblem(server.Post("finance-EZK", path + "/funding-decisions", kTranche), 404);
  const auto granted = server.Post("finance", path + "/funding-decisions", kTranche);
  REQUIRE(granted->status == 201);
  const json funded = Body(granted);
  CHECK(funded["activity"]["state"] == "in_execution");
  CHECK(funded["activity"]["fundingDecisions"][0]["despiteRed"] == true);
  CHECK(funded["event"]["derived"]["despiteRed"] == true);

  const auto document = server.Get("finance", path + "/verdict-document");
  REQUIRE(document->status == 200);
  CHECK_THAT(document->body, Catch::Contains("Rood (no-go)"));
  CHECK_THAT(document->body,
             Catch::Contains("een advies</strong>: het blokkeert financiering niet"));
}

}  // namespace
}  // namespace ictgate

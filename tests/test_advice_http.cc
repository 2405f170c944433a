// POST /activities/{id}/advice: the CIO's assessment form asks it as areas
// and criteria are filled in. It answers the advisory verdict the recorded
// assessment would get, to whoever may record the verdict now, and writes
// nothing.
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;

// An activity of the green example dossier, in assessment.
std::string InAssessment(LiveServer& server) {
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  REQUIRE(server.Post("owner", "/activities/" + id + "/submissions", json::object())->status ==
          201);
  REQUIRE(server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}})
              ->status == 201);
  return id;
}

TEST_CASE("advice follows the assessment as it is filled in and writes nothing", "[http][advice]") {
  LiveServer server;
  const std::string id = InAssessment(server);
  const json complete =
      app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green"));
  const json before = Body(server.Get("auditor", "/activities/" + id + "/events"));

  // Nothing scored yet: no advice, and the criteria that need a finding.
  const auto empty = server.Post("cio", "/activities/" + id + "/advice", json::object());
  REQUIRE(empty->status == 200);
  CHECK(Body(empty)["advisory"].is_null());
  CHECK(Body(empty)["pending"].size() == complete["findings"].size());

  // Every area and finding: the advice the recorded assessment gets.
  const json all = {{"areaScores", complete["areaScores"]}, {"findings", complete["findings"]}};
  const auto full = server.Post("cio", "/activities/" + id + "/advice", all);
  REQUIRE(full->status == 200);
  CHECK(Body(full)["advisory"] == complete["verdict"]);
  CHECK(Body(full)["pending"].empty());

  // Three areas at risk make it red, and say so.
  json risky = all;
  for (const char* area : {"scope", "planning", "sourcing"}) risky["areaScores"][area] = "risk";
  const json red = Body(server.Post("cio", "/activities/" + id + "/advice", risky));
  CHECK(red["advisory"] == "red");
  CHECK(red["decidedBy"].dump().find("area:scope") != std::string::npos);

  CHECK(Body(server.Get("auditor", "/activities/" + id + "/events")) == before);
  CHECK(Body(server.Get("cio", "/activities/" + id))["state"] == "in_assessment");
}

TEST_CASE("advice is refused as recording the verdict would be, and for bad input",
          "[http][advice]") {
  LiveServer server;
  const std::string id = InAssessment(server);
  CheckProblem(server.Post("owner", "/activities/" + id + "/advice", json::object()), 403);
  CheckProblem(server.Post("finance", "/activities/" + id + "/advice", json::object()), 403);
  CheckProblem(server.Post("cio", "/activities/BZK-2099-0001/advice", json::object()), 404);
  const std::string draft =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  const auto early = server.Post("cio", "/activities/" + draft + "/advice", json::object());
  CheckProblem(early, 409);

  const auto unknown_area =
      server.Post("cio", "/activities/" + id + "/advice", {{"areaScores", {{"weather", "ok"}}}});
  CheckProblem(unknown_area, 400);
  CHECK(Body(unknown_area)["invalidParams"][0]["name"] == "areaScores/weather");
  const auto bad_score =
      server.Post("cio", "/activities/" + id + "/advice", {{"areaScores", {{"scope", "fine"}}}});
  CheckProblem(bad_score, 400);
  const auto bad_finding =
      server.Post("cio", "/activities/" + id + "/advice",
                  {{"findings", {{{"criterion", "no-such"}, {"result", "met"}, {"note", "x"}}}}});
  CheckProblem(bad_finding, 400);
  CHECK(Body(bad_finding)["invalidParams"].dump().find("criterion") != std::string::npos);
}

}  // namespace
}  // namespace ictgate

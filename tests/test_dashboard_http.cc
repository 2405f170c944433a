// The dashboard part through the API: kept with the dossier, brought up to
// date by a progress report or a herijking, and refused whole when malformed.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

httplib::Result Patch(LiveServer& server, const std::string& path, const json& body,
                      const char* version) {
  return Recorded(
      "PATCH", "/api/v1" + path,
      server.client().Patch(("/api/v1" + path).c_str(), server.As("owner", {{"If-Match", version}}),
                            body.dump(), "application/json"));
}

json Milestone(const char* description, const char* expected) {
  return {{"description", description}, {"expectedDate", expected}};
}

TEST_CASE("the dashboard part is kept in the dossier and a progress report updates it", "[http]") {
  LiveServer server;
  json input = GreenActivity();
  input["dossier"]["dashboard"] = {
      {"subject", "Subsidieverlening"},
      {"costs", {{"internalStaff", {{"initialEur", 2'000'000}, {"currentEur", 2'000'000}}}}},
      {"milestones", {Milestone("Aanbesteding gegund", "2027-03-01")}}};
  auto r = server.Post("owner", "/activities", input);
  REQUIRE(r->status == 201);
  const std::string id = Body(r)["activity"]["id"];
  CHECK(Body(r)["activity"]["dossier"]["dashboard"]["subject"] == "Subsidieverlening");
  const std::string approved = ApprovedActivity(server);
  const auto head = server.store().Head();

  // A progress report: no reason, no estimate, the part merged.
  r = server.Post("owner", "/activities/" + approved + "/changes",
                  {{"dashboard",
                    {{"cumulativeSpendEur", 400'000},
                     {"costs", {{"externalStaff", {{"actualEur", 350'000}}}}}}}});
  REQUIRE(r->status == 201);
  json activity = Body(r)["activity"];
  CHECK(activity["state"] == "approved");
  CHECK(activity["estimates"].size() == 1);
  CHECK(activity["dossier"]["dashboard"]["cumulativeSpendEur"] == 400'000);
  CHECK(server.store().Head().length == head.length + 1);

  // A herijking with its explanation and the category's new estimate.
  r = server.Post("owner", "/activities/" + approved + "/changes",
                  {{"reasonCode", "price-development"},
                   {"newCostEur", 10'100'000},
                   {"costExplanation", "Indexering"},
                   {"dashboard", {{"costs", {{"externalStaff", {{"currentEur", 6'100'000}}}}}}}});
  REQUIRE(r->status == 201);
  activity = Body(r)["activity"];
  CHECK(activity["estimates"].size() == 2);
  CHECK(activity["estimates"][1]["costExplanation"] == "Indexering");
  CHECK(activity["dossier"]["dashboard"]["costs"]["externalStaff"] ==
        json{{"actualEur", 350'000}, {"currentEur", 6'100'000}});

  // An update removes the part with null, as a merge patch does.
  r = server.Post("owner", "/activities", GreenActivity());
  const std::string draft = Body(r)["activity"]["id"];
  r = Patch(server, "/activities/" + draft, {{"dossier", {{"dashboard", {{"subject", "x"}}}}}},
            "\"1\"");
  INFO(r->body);
  REQUIRE(r->status == 200);
  CHECK(Body(r)["activity"]["dossier"]["dashboard"] == json{{"subject", "x"}});
  r = Patch(server, "/activities/" + draft, {{"dossier", {{"dashboard", nullptr}}}}, "\"2\"");
  REQUIRE(r->status == 200);
  CHECK_FALSE(Body(r)["activity"]["dossier"].contains("dashboard"));
}

TEST_CASE("a malformed dashboard part is refused with its places and changes nothing", "[http]") {
  LiveServer server;
  const std::string approved = ApprovedActivity(server);
  const auto head = server.store().Head();
  const auto refused = [&](const json& change, const std::string& field) {
    INFO(change.dump());
    const auto r = server.Post("owner", "/activities/" + approved + "/changes", change);
    CheckProblem(r, 400);
    const json problem = Body(r);
    bool named = false;
    for (const json& p : problem["invalidParams"]) named = named || p["name"] == field;
    INFO(r->body);
    CHECK(named);
  };
  refused({{"dashboard", {{"costs", {{"otherMaterial", {{"initialEur", 5}}}}}}}},
          "dashboard/costs/otherMaterial/initialEur");
  refused({{"dashboard", {{"milestones", {{{"description", "x"}}}}}}},
          "dashboard/milestones/0/expectedDate");
  refused({{"dashboard", {{"cumulativeSpendEur", -1}}}}, "dashboard/cumulativeSpendEur");
  refused({{"dashboard", {{"colour", "green"}}}}, "dashboard/colour");
  refused({{"newCostEur", 1}, {"dashboard", {{"subject", "x"}}}}, "reasonCode");
  json input = GreenActivity();
  input["dossier"]["dashboard"] = {{"milestones", "soon"}};
  CheckProblem(server.Post("owner", "/activities", input), 400);
  CHECK(server.store().Head().length == head.length);
}

TEST_CASE("the CIO office downloads the dashboard's sheets, of its own department only", "[http]") {
  LiveServer server;
  const std::string bzk = ApprovedActivity(server);
  json ezk_input = GreenActivity();
  ezk_input["department"] = "EZK";
  const std::string ezk =
      Body(server.Post("owner-EZK", "/activities", ezk_input))["activity"]["id"];
  auto r = server.Get("cio", "/dashboard-export/activiteitenoverzicht");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  CHECK(r->get_header_value("Content-Disposition") ==
        "attachment; filename=\"activiteitenoverzicht-BZK.csv\"");
  CHECK(r->body.rfind("Nummer,Ministerie,ICT-activiteit,Status,", 0) == 0);
  CHECK(r->body.find(bzk + ",BZK,") != std::string::npos);
  CHECK(r->body.find(ezk) == std::string::npos);
  r = server.Get("cio", "/dashboard-export/kwaliteitstoetsen");
  REQUIRE(r->status == 200);
  CHECK(r->body.find(bzk + ",") != std::string::npos);
  CHECK(r->body.find("CIO-oordeel,Groen (go)") != std::string::npos);
  // Oversight reads every department, or one.
  r = server.Get("auditor", "/dashboard-export/activiteitenoverzicht");
  CHECK(r->body.find(ezk + ",EZK,") != std::string::npos);
  CHECK(r->get_header_value("Content-Disposition") ==
        "attachment; filename=\"activiteitenoverzicht-alle.csv\"");
  r = server.Get("auditor", "/dashboard-export/activiteitenoverzicht?department=EZK");
  CHECK(r->body.find(bzk) == std::string::npos);
  CHECK(r->body.find(ezk) != std::string::npos);
  // Refused: another department, a role that does not deliver, a sheet that is none.
  CheckProblem(server.Get("cio", "/dashboard-export/activiteitenoverzicht?department=EZK"), 403);
  CheckProblem(server.Get("cio", "/dashboard-export/activiteitenoverzicht?department=bzk"), 400);
  CheckProblem(server.Get("owner", "/dashboard-export/activiteitenoverzicht"), 403);
  CheckProblem(server.Get("finance", "/dashboard-export/mijlpalen"), 403);
  CheckProblem(server.Get("cio", "/dashboard-export/begroting"), 404);
}

}  // namespace
}  // namespace ictgate

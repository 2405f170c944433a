// GET /conditions: the CIO office's list of open and overdue conditions
// across its department's activities.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

// An activity of `department` approved orange with one condition due on `due`.
std::string WithCondition(LiveServer& server, const std::string& department, const char* due) {
  const std::string owner = department == "BZK" ? "owner" : "owner-" + department;
  const std::string cio = department == "BZK" ? "cio" : "cio-" + department;
  json input = GreenActivity();
  input["department"] = department;
  const std::string id = Body(server.Post(owner, "/activities", input))["activity"]["id"];
  server.Post(owner, "/activities/" + id + "/submissions", json::object());
  server.Post(cio, "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  json assessment = app::CompleteAssessment(server.packs().Active(kNow), ExampleDossier("green"));
  assessment["areaScores"]["sourcing"] = "attention";
  assessment["verdict"] = "orange";
  assessment["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", due}}};
  REQUIRE(server.Post(cio, "/activities/" + id + "/assessments", assessment)->status == 201);
  return id;
}

TEST_CASE("the open conditions of a department, overdue first, for its CIO office only", "[http]") {
  LiveServer server;
  const std::string later = WithCondition(server, "BZK", "2027-03-01");
  const std::string sooner = WithCondition(server, "BZK", "2026-12-20");
  const std::string ezk = WithCondition(server, "EZK", "2026-12-10");

  json list = Body(server.Get("cio", "/conditions"));
  CHECK(list["open"] == 2);  // BZK's own only
  CHECK(list["overdue"] == 0);
  REQUIRE(list["items"].size() == 2);
  CHECK(list["items"][0]["activityId"] == sooner);
  CHECK(list["items"][0]["dueDate"] == "2026-12-20");
  CHECK(list["items"][0]["state"] == "conditionally_approved");
  CHECK(list["items"][1]["activityId"] == later);

  // Past the due date of one: it comes first, marked overdue.
  server.clock().Advance(std::chrono::hours(24 * 21));  // 2026-12-22
  list = Body(server.Get("cio", "/conditions"));
  CHECK(list["overdue"] == 1);
  CHECK(list["items"][0]["activityId"] == sooner);
  CHECK(list["items"][0]["overdue"] == true);
  list = Body(server.Get("cio", "/conditions?status=overdue"));
  REQUIRE(list["items"].size() == 1);
  CHECK(list["items"][0]["conditionId"] == "C1");

  // Met conditions leave the list.
  server.Post("cio", "/activities/" + later + "/condition-reviews",
              {{"conditionId", "C1"}, {"outcome", "met"}});
  CHECK(Body(server.Get("cio", "/conditions"))["open"] == 1);

  // The auditor sees every department, or one; another department is not BZK's to see.
  CHECK(Body(server.Get("auditor", "/conditions"))["open"] == 2);
  const json ezk_list = Body(server.Get("auditor", "/conditions?department=EZK"));
  REQUIRE(ezk_list["items"].size() == 1);
  CHECK(ezk_list["items"][0]["activityId"] == ezk);
  CheckProblem(server.Get("cio", "/conditions?department=EZK"), 403);
  CheckProblem(server.Get("cio", "/conditions?status=late"), 400);
  CheckProblem(server.Get("cio", "/conditions?department=bzk"), 400);
  CheckProblem(server.client().Get("/api/v1/conditions"), 401);
}

}  // namespace
}  // namespace ictgate

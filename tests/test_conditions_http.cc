// GET /conditions: the CIO office's list of open and overdue conditions
// across its department's activities.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

TEST_CASE("the open conditions of a department, overdue first, for its CIO office only", "[http]") {
  LiveServer server;
  const std::string later = OrangeActivity(server, "BZK", "2027-03-01");
  const std::string sooner = OrangeActivity(server, "BZK", "2026-12-20");
  const std::string ezk = OrangeActivity(server, "EZK", "2026-12-10");

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

TEST_CASE("an overdue condition extended with a reason is open again, and funding with it",
          "[http]") {
  LiveServer server;
  const std::string id = OrangeActivity(server, "BZK", "2026-12-20");
  const std::string reviews = "/activities/" + id + "/condition-reviews";
  server.clock().Advance(std::chrono::hours(24 * 21));  // 2026-12-22: overdue
  CHECK(Body(server.Get("finance", "/activities/" + id + "/eligibility"))["reasons"] ==
        json{"CONDITIONS_OVERDUE"});

  const auto head = server.store().Head();
  auto r = server.Post("cio", reviews,
                       {{"conditionId", "C1"}, {"outcome", "extended"}, {"dueDate", "2027-02-01"}},
                       {{"Accept-Language", "nl"}});
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["name"] == "note");
  r = server.Post("cio", reviews,
                  {{"conditionId", "C1"}, {"outcome", "met"}, {"dueDate", "2027-02-01"}},
                  {{"Accept-Language", "nl"}});
  CheckProblem(r, 400);
  CHECK(Body(r)["invalidParams"][0]["reason"] == "hoort alleen bij de uitkomst extended");
  CheckProblem(server.Post("owner", reviews,
                           {{"conditionId", "C1"},
                            {"outcome", "extended"},
                            {"dueDate", "2027-02-01"},
                            {"note", "n"}}),
               403);
  CHECK(server.store().Head().length == head.length);  // nothing recorded

  r = server.Post("cio", reviews,
                  {{"conditionId", "C1"},
                   {"outcome", "extended"},
                   {"dueDate", "2027-02-01"},
                   {"note", "de leverancier levert de exitstrategie in januari"}});
  REQUIRE(r->status == 201);
  const json condition = Body(r)["activity"]["conditions"][0];
  CHECK(condition["status"] == "open");
  CHECK(condition["dueDate"] == "2027-02-01");
  CHECK(condition["originalDueDate"] == "2026-12-20");
  const json eligibility = Body(server.Get("finance", "/activities/" + id + "/eligibility"));
  CHECK(eligibility["status"] == "eligible_with_conditions");
  CHECK(Body(server.Get("cio", "/conditions"))["overdue"] == 0);
}

TEST_CASE("a condition recorded as not met blocks funding, in the gate and in Dutch", "[http]") {
  LiveServer server;
  const std::string id = OrangeActivity(server);
  REQUIRE(server
              .Post("cio", "/activities/" + id + "/condition-reviews",
                    {{"conditionId", "C1"}, {"outcome", "not_met"}, {"note", "geen exitplan"}})
              ->status == 201);
  const json activity = Body(server.Get("owner", "/activities/" + id));
  CHECK(activity["state"] == "conditionally_approved");
  CHECK(activity["conditions"][0]["status"] == "not_met");

  const auto nl = httplib::Headers{{"Accept-Language", "nl"}};
  auto r = server.client().Get(("/api/v1/activities/" + id + "/eligibility").c_str(),
                               server.As("finance", nl));
  const json eligibility = Body(r);
  CHECK(eligibility["eligible"] == false);
  CHECK(eligibility["reasons"] == json{"CONDITION_NOT_MET"});
  CHECK(eligibility["reasonDetails"][0]["text"] ==
        "Een voorwaarde is niet vervuld; een nieuw CIO-oordeel is nodig.");
  r = server.client().Get(("/api/v1/activities/" + id + "/gate").c_str(), server.As("owner", nl));
  const json gate = Body(r);
  bool blocked = false;
  for (const json& b : gate["blockers"]) {
    if (b["code"] == "CONDITION_NOT_MET") {
      blocked = true;
      CHECK(b["subject"] == "C1");
      CHECK_THAT(b["message"].get<std::string>(), Catch::Contains("Voorwaarde C1 is niet vervuld"));
    }
  }
  CHECK(blocked);

  r = server.Post("finance", "/activities/" + id + "/funding-decisions", {{"amountEur", 1'000'000}},
                  nl);
  CheckProblem(r, 409);
  CHECK(Body(r)["blockedBy"][0]["reason"] == "CONDITION_NOT_MET: voorwaarde C1 is niet vervuld");
  CHECK(Body(server.Get("auditor", "/audit/verification"))["ok"] == true);
}

}  // namespace
}  // namespace ictgate

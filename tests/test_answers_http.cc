// The gate and eligibility answers kept with the record (engine/answers.h),
// through a live server: a kept answer is exactly what a fresh one would be,
// after a write, past a deadline, under a new pack, for another caller, and
// with the instant of the request.
#include <catch2/catch.hpp>

#include "app/demo_seed.h"
#include "live_server.h"

namespace ictgate {
namespace {

using nlohmann::json;
using testing::Body;
using testing::CheckProblem;
using testing::kNow;
using testing::LiveServer;
using testing::OrangeActivity;

bool HasBlocker(const json& gate, const std::string& code) {
  for (const auto& b : gate["blockers"]) {
    if (b["code"] == code) return true;
  }
  return false;
}

TEST_CASE("kept answers, gate: the same answer again, a new one after a write or a deadline",
          "[http]") {
  LiveServer server;
  const std::string id = OrangeActivity(server);
  const std::string path = "/activities/" + id + "/gate";
  const auto first = server.Get("owner", path);
  REQUIRE(first->status == 200);
  const auto again = server.Get("owner", path);
  REQUIRE(again->status == 200);
  CHECK(again->body == first->body);
  CHECK(again->get_header_value("Content-Type") == "application/json");
  CHECK_FALSE(HasBlocker(Body(again), "CONDITIONS_OVERDUE"));

  // Another kind of caller gets its own actions, another department nothing.
  CHECK(Body(server.Get("finance", path))["actions"] != Body(first)["actions"]);
  CheckProblem(server.Get("owner-EZK", path), 404);

  // The day after the due date the condition is overdue, with no new event.
  server.clock().Set(engine::StartOf(*engine::ParseDate("2027-03-02")));
  const json overdue = Body(server.Get("owner", path));
  CHECK(HasBlocker(overdue, "CONDITIONS_OVERDUE"));
  CHECK(overdue["openConditions"][0]["overdue"] == true);

  // A write (the condition met) is seen at once.
  REQUIRE(server
              .Post("cio", "/activities/" + id + "/condition-reviews",
                    {{"conditionId", "C1"}, {"outcome", "met"}})
              ->status == 201);
  const json met = Body(server.Get("owner", path));
  CHECK(met["version"] == Body(first)["version"].get<int64_t>() + 1);
  CHECK(met["openConditions"].empty());
  CHECK_FALSE(HasBlocker(met, "CONDITIONS_OVERDUE"));
}

TEST_CASE(
    "as-of answers in Dutch days: a condition due on 1 March is overdue from midnight in "
    "The Hague, and the answer says when in that zone",
    "[http]") {
  LiveServer server;
  const std::string id = OrangeActivity(server);  // C1 due 2027-03-01
  const std::string path = "/activities/" + id + "/eligibility?at=";
  const json evening = Body(server.Get("finance", path + "2027-03-01T22:59:59Z"));
  CHECK(evening["status"] == "eligible_with_conditions");
  CHECK(evening["at"] == "2027-03-01T23:59:59.000+01:00");
  // 23:00 UTC is 00:00 on 2 March in the Netherlands.
  const json midnight = Body(server.Get("finance", path + "2027-03-01T23:00:00Z"));
  CHECK(midnight["reasons"] == json{"CONDITIONS_OVERDUE"});
  CHECK(midnight["at"] == "2027-03-02T00:00:00.000+01:00");
  // A bare date is its Dutch midnight, in summer time too.
  CHECK(Body(server.Get("finance", path + "2027-03-02"))["at"] == "2027-03-02T00:00:00.000+01:00");
  CHECK(Body(server.Get("finance", path + "2027-07-01"))["at"] == "2027-07-01T00:00:00.000+02:00");
  const json department =
      Body(server.Get("finance", "/eligibility?department=BZK&at=2027-03-01T23:00:00Z"));
  CHECK(department["at"] == "2027-03-02T00:00:00.000+01:00");
  CheckProblem(server.Get("finance", path + "2027-02-30"), 400);
  CheckProblem(server.Get("finance", path + "2027-03-01T24:00:00+01:00"), 400);
}

TEST_CASE("kept answers, eligibility: the request's instant, and the status past a deadline",
          "[http]") {
  LiveServer server;
  const std::string id = OrangeActivity(server);
  const std::string path = "/activities/" + id + "/eligibility";
  const json first = Body(server.Get("finance", path));
  CHECK(first["status"] == "eligible_with_conditions");
  CHECK(first["at"] == engine::FormatZonedInstant(kNow));

  server.clock().Advance(std::chrono::minutes(90));
  json later = Body(server.Get("finance", path));
  CHECK(later["at"] == engine::FormatZonedInstant(kNow + std::chrono::minutes(90)));
  later["at"] = first["at"];
  CHECK(later == first);  // the same answer otherwise
  CheckProblem(server.Get("owner-EZK", path), 404);

  server.clock().Set(engine::StartOf(*engine::ParseDate("2027-03-02")));
  const json overdue = Body(server.Get("finance", path));
  CHECK(overdue["status"] == "not_eligible");
  CHECK(overdue["reasons"] == json{"CONDITIONS_OVERDUE"});
}

TEST_CASE("kept answers, gate: a new pack in force is judged under at once", "[http]") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", testing::GreenActivity()))["activity"]["id"];
  const std::string path = "/activities/" + id + "/gate";
  const json before = Body(server.Get("owner", path));
  json stricter = server.packs().Active(kNow).document;
  stricter["version"] = "2026.9";
  json criterion = stricter["criteria"][0];
  criterion["id"] = "no-dpia-yet";
  criterion["check"] = {{"!", json::array({{{"var", "dpiaCompleted"}}})}};
  stricter["criteria"].push_back(criterion);
  server.packs().Register(app::LoadPack(stricter).value(), kNow);

  const json after = Body(server.Get("owner", path));
  CHECK(after["pack"]["version"] == "2026.9");
  CHECK(before["pack"]["version"] != "2026.9");
  bool judged = false;
  for (const auto& c : after["unmetCriteria"]) judged = judged || c["id"] == "no-dpia-yet";
  CHECK(judged);
}

}  // namespace
}  // namespace ictgate

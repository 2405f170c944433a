// Kept gate and eligibility answers (api/answer_cache.h): the cache's own
// rules, and through a live server that a kept answer is exactly what a
// fresh one would be: after a write, past a deadline, under a new pack, for
// another caller, and with the instant of the request.
#include <catch2/catch.hpp>

#include "api/answer_cache.h"
#include "app/demo_seed.h"
#include "live_server.h"

namespace ictgate {
namespace {

using api::AnswerCache;
using api::KeptAnswer;
using nlohmann::json;
using testing::Body;
using testing::CheckProblem;
using testing::kNow;
using testing::LiveServer;

KeptAnswer Answer(const std::string& head, std::optional<engine::Instant> until = std::nullopt,
                  const std::string& pack = "", bool pinned = false) {
  KeptAnswer a;
  a.head = head;
  a.department = "BZK";
  a.until = until;
  a.pack_hash = pack;
  a.pinned = pinned;
  return a;
}

TEST_CASE("answer cache: only the version asked for, only before its deadline") {
  AnswerCache answers(8);
  answers.Put("k", 3, Answer("{}", kNow + std::chrono::hours(1)));
  CHECK(answers.Find("k", 3, kNow, "") != nullptr);
  CHECK(answers.Find("k", 4, kNow, "") == nullptr);  // written since
  CHECK(answers.Find("k", 3, kNow + std::chrono::minutes(59), "") != nullptr);
  CHECK(answers.Find("k", 3, kNow + std::chrono::hours(1), "") == nullptr);  // the deadline
  answers.Put("forever", 1, Answer("{}"));
  CHECK(answers.Find("forever", 1, kNow + std::chrono::hours(24 * 3650), "") != nullptr);
}

TEST_CASE("answer cache: an answer judged under a pack holds while that pack is in force") {
  AnswerCache answers(8);
  answers.Put("unpinned", 1, Answer("{}", std::nullopt, "hash-a"));
  answers.Put("pinned", 1, Answer("{}", std::nullopt, "hash-a", true));
  CHECK(answers.Find("unpinned", 1, kNow, "hash-a") != nullptr);
  CHECK(answers.Find("unpinned", 1, kNow, "hash-b") == nullptr);
  CHECK(answers.Find("pinned", 1, kNow, "hash-b") != nullptr);
}

TEST_CASE("answer cache: the instant is filled in at each send, the rest kept as rendered") {
  const engine::Instant later = kNow + std::chrono::hours(5);
  const json rendered = {{"activityId", "BZK-2026-0001"},
                         {"at", engine::FormatInstant(kNow)},
                         {"reasons", json{"at"}},
                         {"status", "eligible"}};
  const KeptAnswer kept = api::WithInstant(rendered.dump(), kNow);
  CHECK(kept.Text(kNow) == rendered.dump());
  json expected = rendered;
  expected["at"] = engine::FormatInstant(later);
  CHECK(kept.Text(later) == expected.dump());
  CHECK_THROWS_AS(api::WithInstant(R"({"activityId":"x"})", kNow), std::logic_error);
}

// An orange verdict with one condition due 2027-03-01, through the API.
std::string OrangeActivity(LiveServer& server) {
  std::string id =
      Body(server.Post("owner", "/activities", testing::GreenActivity()))["activity"]["id"];
  server.Post("owner", "/activities/" + id + "/submissions", json::object());
  server.Post("cio", "/activities/" + id + "/intake-decisions", {{"decision", "accept"}});
  json assessment =
      app::CompleteAssessment(server.packs().Active(kNow), testing::ExampleDossier("green"));
  assessment["areaScores"]["sourcing"] = "attention";
  assessment["verdict"] = "orange";
  assessment["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", "2027-03-01"}}};
  REQUIRE(server.Post("cio", "/activities/" + id + "/assessments", assessment)->status == 201);
  return id;
}

bool HasBlocker(const json& gate, const std::string& code) {
  for (const auto& b : gate["blockers"]) {
    if (b["code"] == code) return true;
  }
  return false;
}

TEST_CASE("kept gate answers: the same answer again, a new one after a write or a deadline",
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

TEST_CASE("kept eligibility answers: the request's instant, and the status past a deadline",
          "[http]") {
  LiveServer server;
  const std::string id = OrangeActivity(server);
  const std::string path = "/activities/" + id + "/eligibility";
  const json first = Body(server.Get("finance", path));
  CHECK(first["status"] == "eligible_with_conditions");
  CHECK(first["at"] == engine::FormatInstant(kNow));

  server.clock().Advance(std::chrono::minutes(90));
  json later = Body(server.Get("finance", path));
  CHECK(later["at"] == engine::FormatInstant(kNow + std::chrono::minutes(90)));
  later["at"] = first["at"];
  CHECK(later == first);  // the same answer otherwise
  CheckProblem(server.Get("owner-EZK", path), 404);

  server.clock().Set(engine::StartOf(*engine::ParseDate("2027-03-02")));
  const json overdue = Body(server.Get("finance", path));
  CHECK(overdue["status"] == "not_eligible");
  CHECK(overdue["reasons"] == json{"CONDITIONS_OVERDUE"});
}

TEST_CASE("kept gate answers: a new pack in force is judged under at once", "[http]") {
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

// Retention through the API: an activity destroyed or transferred under a
// retention schedule answers 410 Gone to its department, naming the record
// log entry (in Dutch when asked), and 404 to every other department; the
// audit verification counts the destroyed entries and still passes.
#include <httplib.h>
#include <catch2/catch.hpp>

#include "app/retention.h"
#include "live_server.h"

namespace ictgate {
namespace {

using namespace testing;
using nlohmann::json;

// Nothing kept past its end: every rule's period is zero.
engine::RetentionSchedule Immediately() {
  return engine::ParseRetentionSchedule({{"schedule", "test"},
                                         {"version", "1"},
                                         {"rules",
                                          {{{"id", "geannuleerd"},
                                            {"recordType", "activity"},
                                            {"states", {"cancelled"}},
                                            {"retain", {{"years", 0}}},
                                            {"action", "destroy"},
                                            {"basis", "selectielijst 1.3"}}}}})
      .value();
}

TEST_CASE("a destroyed activity is gone (410) for its department and unknown to others", "[http]") {
  LiveServer server;
  const std::string id =
      Body(server.Post("owner", "/activities", GreenActivity()))["activity"]["id"];
  const std::string path = "/activities/" + id;
  REQUIRE(server.Post("owner", path + "/cancellations", {{"reason", "niet nodig"}})->status == 201);
  const auto schedule = Immediately();
  const auto plan = app::PlanRetention(server.store(), schedule, server.clock().Now());
  const auto outcome = app::ApplyRetention(server.store(), plan, "", server.clock().Now());
  REQUIRE(outcome.disposals.size() == 1);
  const int64_t entry = outcome.disposals[0].seq;

  for (const char* sub : {"", "/events", "/gate", "/eligibility", "/documents"}) {
    INFO(sub);
    const auto r = server.Get("finance", path + sub);
    CheckProblem(r, 410);
    CHECK_THAT(Body(r)["detail"].get<std::string>(),
               Catch::Contains("was destroyed") && Catch::Contains("rule geannuleerd") &&
                   Catch::Contains("record log entry " + std::to_string(entry)));
    CHECK(Body(r)["recordEntry"] == entry);
    CheckProblem(server.Get("owner-EZK", path + sub), 404);
  }
  // In Dutch for whoever asks for it.
  const auto nl = server.client().Get(
      ("/api/v1" + path).c_str(),
      {{"Authorization", "Bearer " + server.tokens()["owner"]}, {"Accept-Language", "nl"}});
  CheckProblem(nl, 410);
  CHECK_THAT(Body(nl)["detail"].get<std::string>(),
             Catch::StartsWith("activiteit " + id + " is op ") &&
                 Catch::Contains("vernietigd volgens bewaartermijnregel geannuleerd"));
  // An id that never was is still a 404.
  CheckProblem(server.Get("finance", "/activities/BZK-2026-9999"), 404);

  const json verification = Body(server.Get("auditor", "/audit/verification"));
  CHECK(verification["ok"] == true);
  CHECK(verification["destroyed"] == 2);  // its create and its cancel
  const json log = Body(server.Get("auditor", "/audit/record-log"));
  REQUIRE(log["items"].size() == 1);
  CHECK(log["items"][0]["kind"] == "destroy-activity");
  CHECK(log["items"][0]["subject"] == id);
}

}  // namespace
}  // namespace ictgate

// An activity's calendar (engine/time.h): registered now, its dates are
// Europe/Amsterdam days; a log recorded before that lacks the calendar and
// keeps UTC days, so it replays exactly as it was decided.
#include <catch2/catch.hpp>

#include "engine/lifecycle.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Calendar;
using engine::EventType;
using nlohmann::json;

const engine::PolicyPack* TestPackOnly(const engine::PackRef& ref) {
  return ref == TestPack().ref ? &TestPack() : nullptr;
}

// 23:30 UTC on 1 December 2026 is 00:30 on the 2nd in the Netherlands.
const engine::Instant kLateEvening = At("2026-12-01T23:30:00Z");

// A log to an accepted intake, registered at kLateEvening; `legacy` strips
// the calendar from its create event, as logs recorded before it had none.
struct Log {
  engine::Activity activity;
  std::vector<engine::Event> events;

  explicit Log(bool legacy) {
    engine::Event create =
        engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "r"}, TestPack(),
                             kLateEvening)
            .value();
    create.activity_id = "BZK-2026-0001";
    if (legacy) create.derived.erase("calendar");
    Add(create);
    Add(Decide(EventType::kSubmit, json::object(), Owner()).value());
    Add(Decide(EventType::kAcceptIntake, json::object(), Cio()).value());
  }
  engine::Decision Decide(EventType type, const json& payload, const engine::Actor& actor) const {
    return engine::Decide(activity, {type, payload, actor, "r"}, TestPack(), kLateEvening);
  }
  void Add(const engine::Event& e) {
    activity = engine::Apply(activity, e);
    events.push_back(e);
  }
};

json OrangeDueOn(const char* due) {
  json a = Assessment("orange", {{"a1", "attention"}, {"a2", "ok"}, {"a3", "ok"}});
  a["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", due}}};
  return a;
}

TEST_CASE("a new activity's dates are Amsterdam days: its verdict runs from the Dutch date") {
  Log log(false);
  CHECK(log.events.front().derived["calendar"] == "Europe/Amsterdam");
  CHECK(log.activity.calendar == Calendar::kAmsterdam);
  CHECK(engine::ToJson(log.activity)["calendar"] == "Europe/Amsterdam");
  // Recorded at 00:30 on 2 December Dutch time: valid for 12 months from then.
  const auto verdict = log.Decide(EventType::kRecordVerdict, Assessment("green"), Cio());
  REQUIRE(verdict.ok());
  CHECK(verdict.value().derived["validUntil"] == "2027-12-02");
  // A condition due on 1 December is in the past at 00:30 on the 2nd.
  const auto past = log.Decide(EventType::kRecordVerdict, OrangeDueOn("2026-12-01"), Cio());
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().problems.front().field == "conditions/0/dueDate");
  CHECK(log.Decide(EventType::kRecordVerdict, OrangeDueOn("2026-12-02"), Cio()).ok());
}

TEST_CASE("a log recorded before the calendar keeps UTC days, and replays as it was decided") {
  Log log(true);
  CHECK(log.activity.calendar == Calendar::kUtc);
  CHECK(engine::ToJson(log.activity)["calendar"] == "UTC");
  // Still 1 December in UTC: the date it was decided with then.
  const auto verdict = log.Decide(EventType::kRecordVerdict, OrangeDueOn("2026-12-01"), Cio());
  REQUIRE(verdict.ok());
  CHECK(verdict.value().derived["validUntil"] == "2027-12-01");
  log.Add(verdict.value());
  const auto replayed = engine::Replay(log.events, TestPackOnly);
  INFO((replayed.ok() ? "" : replayed.error().message));
  REQUIRE(replayed.ok());
  CHECK(engine::ToJson(replayed.value()) == engine::ToJson(log.activity));
  // An unknown calendar in the record is reported, not read.
  auto unknown = log.events;
  unknown.front().derived["calendar"] = "Mars/Olympus";
  CHECK_FALSE(engine::Replay(unknown, TestPackOnly).ok());
  // The same log with the calendar added is decided differently, and replay says so.
  auto relabelled = log.events;
  relabelled.front().derived["calendar"] = "Europe/Amsterdam";
  const auto refused = engine::Replay(relabelled, TestPackOnly);
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("refused on replay"));
}

TEST_CASE("a stored record without a calendar reads as UTC, and an unknown calendar is refused") {
  Log log(false);
  json record = engine::ToJson(log.activity);
  CHECK(engine::ActivityFromJson(record).calendar == Calendar::kAmsterdam);
  record.erase("calendar");
  CHECK(engine::ActivityFromJson(record).calendar == Calendar::kUtc);
  record["calendar"] = "Mars/Olympus";
  CHECK_THROWS(engine::ActivityFromJson(record));
}

}  // namespace
}  // namespace ictgate

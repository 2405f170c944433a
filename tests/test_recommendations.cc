// respond-recommendation: the opdrachtgever's answer to a recommendation of
// the verdict in force (docs/spec.md section 3), decided beside the machine.
#include <catch2/catch.hpp>

#include "engine/lifecycle.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Activity;
using engine::EventType;
using engine::Refusal;
using engine::State;
using nlohmann::json;

// An activity in `state` whose verdict (where it has one) makes two
// recommendations.
Activity WithRecommendations(State state) {
  Activity a = ActivityIn(state);
  if (a.verdict) a.verdict->recommendations = {"Plan a second supplier", "Report monthly"};
  return a;
}

engine::Decision Respond(const Activity& a, const json& payload,
                         const engine::Actor& actor = Owner()) {
  return engine::Decide(a, {EventType::kRespondRecommendation, payload, actor, "req"}, TestPack(),
                        kNow);
}

const json kAdopted = {
    {"recommendation", 2}, {"position", "adopted"}, {"response", "Monthly to the board"}};

TEST_CASE(
    "respond-recommendation: where a verdict is on record and the activity goes on, the answer "
    "is kept on the verdict and the state stays") {
  for (const State state : engine::AllStates()) {
    INFO(engine::StateName(state));
    const Activity a = WithRecommendations(state);
    const engine::Decision d = Respond(a, kAdopted);
    if (!a.verdict || engine::IsTerminal(state)) {
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().kind == Refusal::Kind::kNotAllowed);
      continue;
    }
    REQUIRE(d.ok());
    CHECK(d.value().from == state);
    CHECK(d.value().to == state);
    CHECK(d.value().version == a.version + 1);
    const Activity after = engine::Apply(a, d.value());
    CHECK(after.state == state);
    REQUIRE(after.verdict->responses.size() == 1);
    const json& r = after.verdict->responses[0];
    CHECK(r["recommendation"] == 2);
    CHECK(r["position"] == "adopted");
    CHECK(r["response"] == "Monthly to the board");
    CHECK(r["by"] == Owner().name);
    CHECK(r["at"] == engine::FormatInstant(kNow));
  }
}

TEST_CASE("respond-recommendation: once per recommendation, each answered on its own") {
  Activity a = WithRecommendations(State::kApproved);
  a = engine::Apply(a, Respond(a, kAdopted).value());
  const engine::Decision again = Respond(a, kAdopted);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == Refusal::Kind::kPrecondition);
  CHECK(again.error().problems.at(0).field == "recommendation");
  const engine::Decision first =
      Respond(a, {{"recommendation", 1}, {"position", "not_adopted"}, {"response", "One will do"}});
  REQUIRE(first.ok());
  a = engine::Apply(a, first.value());
  REQUIRE(a.verdict->responses.size() == 2);
  CHECK(a.verdict->responses[1]["position"] == "not_adopted");
}

TEST_CASE("respond-recommendation: a wrong number, position or missing text is refused") {
  const Activity a = WithRecommendations(State::kInExecution);
  const auto field_of = [&](const json& payload) {
    const engine::Decision d = Respond(a, payload);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kInvalid);
    return d.error().problems.at(0).field;
  };
  json p = kAdopted;
  p["recommendation"] = 3;
  CHECK(field_of(p) == "recommendation");
  p["recommendation"] = 0;
  CHECK(field_of(p) == "recommendation");
  p["recommendation"] = "1";
  CHECK(field_of(p) == "recommendation");
  p = kAdopted;
  p["position"] = "ignored";
  CHECK(field_of(p) == "position");
  p = kAdopted;
  p.erase("response");
  CHECK(field_of(p) == "response");
  p = kAdopted;
  p["extra"] = true;
  CHECK(field_of(p) == "extra");

  Activity none = ActivityIn(State::kApproved);  // a verdict without recommendations
  const engine::Decision d = Respond(none, kAdopted);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().problems.at(0).message == "the verdict has no recommendations");
}

TEST_CASE("respond-recommendation: the owner of the department only") {
  const Activity a = WithRecommendations(State::kApproved);
  for (const engine::Actor& actor : {Cio(), Finance(), Sg(), Owner("EZK")}) {
    INFO(actor.name);
    const engine::Decision d = Respond(a, kAdopted, actor);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kForbidden);
  }
}

TEST_CASE("respond-recommendation: responses survive the activity's JSON (the stored row)") {
  Activity a = WithRecommendations(State::kApproved);
  a = engine::Apply(a, Respond(a, kAdopted).value());
  const json stored = engine::ToJson(a);
  CHECK(engine::ActivityFromJson(stored).verdict->responses == a.verdict->responses);
  json older = stored;
  older["verdict"].erase("responses");  // a row written before responses existed
  CHECK(engine::ActivityFromJson(older).verdict->responses == json::array());
}

}  // namespace
}  // namespace ictgate

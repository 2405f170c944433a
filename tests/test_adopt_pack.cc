// adopt-pack: the CIO office moves an activity to a newer version of its
// pack (docs/spec.md section 3), decided beside the state machine.
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

// TestPack's next version: its field "openStandards" is renamed
// "openStandardsApplied", so a dossier written for 2026.1 loses it.
const engine::PolicyPack& NewerPack() {
  static const engine::PolicyPack kPack = TestPackVariant("2026.2", "newer-hash", [](json& doc) {
    doc["dossierFields"]["openStandardsApplied"] = doc["dossierFields"]["openStandards"];
    doc["dossierFields"].erase("openStandards");
    for (auto& c : doc["criteria"]) {
      if (c["id"] == "open-standards")
        c["check"] = {{"!==", {{{"var", "openStandardsApplied"}}, false}}};
    }
  });
  return kPack;
}

// An activity in `state`, pinned to TestPack once submitted, with a dossier
// member the newer version does not know.
Activity PinnedIn(State state) {
  Activity a = ActivityIn(state);
  if (state != State::kDraft) a.pack = TestPack().ref;
  a.dossier["openStandards"] = true;
  return a;
}

engine::Decision Adopt(const Activity& a, const json& payload, const engine::Actor& actor = Cio(),
                       const engine::PolicyPack& pack = NewerPack()) {
  return engine::Decide(a, {EventType::kAdoptPack, payload, actor, "req"}, pack, kNow);
}

const json kAdoption = {{"version", "2026.2"}, {"reason", "BIO2 has no basic security levels"}};

TEST_CASE(
    "adopt-pack: in every state after submission short of the end, the activity moves to "
    "the newer version and keeps its state and verdict") {
  for (const State state : engine::AllStates()) {
    INFO(engine::StateName(state));
    const Activity a = PinnedIn(state);
    const engine::Decision d = Adopt(a, kAdoption);
    if (state == State::kDraft || engine::IsTerminal(state)) {
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().kind == Refusal::Kind::kNotAllowed);
      continue;
    }
    REQUIRE(d.ok());
    const engine::Event& e = d.value();
    CHECK(e.type == EventType::kAdoptPack);
    CHECK(e.from == state);
    CHECK(e.to == state);
    CHECK(e.derived["pack"] == engine::ToJson(NewerPack().ref));
    CHECK(e.derived["fromPack"] == engine::ToJson(TestPack().ref));
    CHECK(e.derived["droppedFields"] == json{"openStandards"});
    const Activity after = engine::Apply(a, e);
    REQUIRE(after.pack);
    CHECK(*after.pack == NewerPack().ref);
    CHECK_FALSE(after.dossier.contains("openStandards"));
    CHECK(after.dossier["businessCase"] == a.dossier["businessCase"]);  // accepted: kept
    CHECK(after.state == state);
    CHECK(after.conditions.size() == a.conditions.size());
    REQUIRE(after.verdict.has_value() == a.verdict.has_value());
    if (a.verdict) {
      CHECK(after.verdict->recorded == a.verdict->recorded);
      CHECK(after.verdict->valid_until == a.verdict->valid_until);
    }
  }
}

TEST_CASE("adopt-pack: a draft takes the pack in force at submission, and says so") {
  const engine::Decision d = Adopt(PinnedIn(State::kDraft), kAdoption);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().summary.find("when it is submitted") != std::string::npos);
}

TEST_CASE(
    "adopt-pack: only the CIO office of the department, with a reason, to a newer version "
    "of the same pack") {
  const Activity a = PinnedIn(State::kApproved);
  CHECK(Adopt(a, kAdoption, Owner()).error().kind == Refusal::Kind::kForbidden);
  CHECK(Adopt(a, kAdoption, Cio("EZK")).error().kind == Refusal::Kind::kForbidden);

  const engine::Decision no_reason = Adopt(a, {{"version", "2026.2"}});
  REQUIRE_FALSE(no_reason.ok());
  CHECK(no_reason.error().kind == Refusal::Kind::kInvalid);
  CHECK(no_reason.error().problems.at(0).field == "reason");
  CHECK(Adopt(a, {{"version", "2026.2"}, {"reason", "x"}, {"extra", 1}}).error().kind ==
        Refusal::Kind::kInvalid);
  // The version named must be the pack given (the shell looks it up).
  CHECK(Adopt(a, {{"version", "2026.3"}, {"reason", "x"}}).error().kind == Refusal::Kind::kInvalid);

  // The same version, or an older one: nothing to adopt.
  const engine::Decision same =
      Adopt(a, {{"version", "2026.1"}, {"reason", "x"}}, Cio(), TestPack());
  REQUIRE_FALSE(same.ok());
  CHECK(same.error().kind == Refusal::Kind::kPrecondition);
  Activity newer = a;
  newer.pack = NewerPack().ref;
  CHECK(Adopt(newer, {{"version", "2026.1"}, {"reason", "x"}}, Cio(), TestPack()).error().kind ==
        Refusal::Kind::kPrecondition);
  // Another pack altogether is not a newer version of this one.
  json other_doc = NewerPack().document;
  other_doc["id"] = "other-pack";
  const engine::PolicyPack other = engine::ParsePolicyPack(other_doc).value();
  CHECK(Adopt(a, kAdoption, Cio(), other).error().kind == Refusal::Kind::kPrecondition);
}

TEST_CASE("adopt-pack: a dossier the newer version accepts whole loses nothing") {
  Activity a = PinnedIn(State::kInAssessment);
  a.dossier.erase("openStandards");
  const engine::Decision d = Adopt(a, kAdoption);
  REQUIRE(d.ok());
  CHECK(d.value().derived["droppedFields"] == json::array());
  CHECK(engine::Apply(a, d.value()).dossier == a.dossier);
}

TEST_CASE("versions compare as numbers: 2026.10 follows 2026.9") {
  CHECK(engine::IsNewerVersion("2026.10", "2026.9"));
  CHECK(engine::IsNewerVersion("2027.1", "2026.9"));
  CHECK_FALSE(engine::IsNewerVersion("2026.2", "2026.2"));
  CHECK_FALSE(engine::IsNewerVersion("2026.1", "2026.2"));
}

}  // namespace
}  // namespace ictgate

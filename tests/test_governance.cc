// The roles the process has besides the owner and the CIO office: the CISO,
// who advises on the residual risk of an assessment, and the project lead,
// who prepares what the opdrachtgever owns; and the pack's governance rules
// that make them count (governance.cisoAdviceRequired, .opdrachtgeverSubmits).
#include <catch2/catch.hpp>

#include "engine/gate.h"
#include "engine/lifecycle.h"
#include "engine/permissions.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Activity;
using engine::EventType;
using engine::Refusal;
using engine::State;
using nlohmann::json;

engine::Actor Ciso(const std::string& dept = "BZK") {
  return {"Carla CISO", engine::Role::kCiso, dept};
}
engine::Actor Lead(const std::string& name = "Pieter Projectleider") {
  return {name, engine::Role::kProjectLead, "BZK"};
}

const json kAdvice = {{"residualRisk", "medium"},
                      {"advice", "Restrisico aanvaardbaar na segmentatie van het netwerk"}};

engine::Decision Do(const Activity& a, EventType type, const json& payload,
                    const engine::Actor& actor, const engine::PolicyPack& pack = TestPack()) {
  return engine::Decide(a, {type, payload, actor, "req"}, pack, kNow);
}

engine::PolicyPack GovernedPack() {
  return TestPackVariant("2026.6", "governed-hash", [](json& doc) {
    doc["governance"] = {{"cisoAdviceRequired", true}, {"opdrachtgeverSubmits", true}};
  });
}

TEST_CASE("the CISO advises on an assessment in progress, once, and the verdict carries it") {
  for (const State state : engine::AllStates()) {
    INFO(engine::StateName(state));
    const engine::Decision d = Do(ActivityIn(state), EventType::kRecordCisoAdvice, kAdvice, Ciso());
    const bool assessing = state == State::kSubmitted || state == State::kInAssessment;
    REQUIRE(d.ok() == assessing);
    if (!assessing) CHECK(d.error().kind == Refusal::Kind::kNotAllowed);
  }
  Activity a = ActivityIn(State::kInAssessment);
  CHECK(engine::SideSteps(a) ==
        std::vector<EventType>{EventType::kRequestAcictAdvice, EventType::kRecordCisoAdvice});
  const engine::Decision d = Do(a, EventType::kRecordCisoAdvice, kAdvice, Ciso());
  REQUIRE(d.ok());
  CHECK(d.value().to == State::kInAssessment);
  a = engine::Apply(a, d.value());
  CHECK(a.ciso_advice["residualRisk"] == "medium");
  CHECK(a.ciso_advice["by"] == Ciso().name);
  CHECK(engine::SideSteps(a) == std::vector<EventType>{EventType::kRequestAcictAdvice});
  // Once per assessment.
  const engine::Decision again = Do(a, EventType::kRecordCisoAdvice, kAdvice, Ciso());
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().kind == Refusal::Kind::kPrecondition);
  // The verdict takes it with it; the next submission starts afresh.
  const engine::Decision verdict = Do(a, EventType::kRecordVerdict, Assessment("green"), Cio());
  REQUIRE(verdict.ok());
  a = engine::Apply(a, verdict.value());
  CHECK(a.verdict->ciso_advice["advice"] == kAdvice["advice"]);
  CHECK(engine::ToJson(a)["verdict"]["cisoAdvice"]["residualRisk"] == "medium");
  CHECK(engine::ToJson(engine::ActivityFromJson(engine::ToJson(a))) == engine::ToJson(a));
  Activity again_draft = ActivityIn(State::kReassessmentRequired);
  again_draft.ciso_advice = a.ciso_advice;
  const engine::Decision resubmit = Do(again_draft, EventType::kSubmit, json::object(), Owner());
  REQUIRE(resubmit.ok());
  CHECK(engine::Apply(again_draft, resubmit.value()).ciso_advice.is_null());
}

TEST_CASE("the CISO's advice: its members are checked, and only the department's CISO gives it") {
  const Activity a = ActivityIn(State::kInAssessment);
  for (const auto& [payload, field] : std::vector<std::pair<json, std::string>>{
           {{{"residualRisk", "acceptable"}, {"advice", "x"}}, "residualRisk"},
           {{{"residualRisk", "low"}}, "advice"},
           {{{"residualRisk", "low"}, {"advice", "x"}, {"document", {{"title", "R"}}}},
            "document/sha256"},
           {{{"residualRisk", "low"}, {"advice", "x"}, {"risk", "low"}}, "risk"}}) {
    INFO(payload.dump());
    const engine::Decision d = Do(a, EventType::kRecordCisoAdvice, payload, Ciso());
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kInvalid);
    CHECK(d.error().problems.front().field == field);
  }
  for (const engine::Actor& who : {Cio(), Owner(), Lead(), Ciso("EZK")}) {
    INFO(who.name << " " << who.department);
    const engine::Decision d = Do(a, EventType::kRecordCisoAdvice, kAdvice, who);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kForbidden);
  }
  // The CISO records nothing else.
  for (EventType t : {EventType::kRecordVerdict, EventType::kSubmit, EventType::kGrantFunding,
                      EventType::kRequestAcictAdvice, EventType::kCancel}) {
    CHECK_FALSE(engine::MayPerform(Ciso(), t));
  }
}

TEST_CASE("where the pack asks, the CIO records a verdict only with the CISO's advice") {
  const engine::PolicyPack pack = GovernedPack();
  REQUIRE(pack.rules.ciso_advice_required);
  Activity a = ActivityIn(State::kInAssessment);
  const engine::Decision without =
      Do(a, EventType::kRecordVerdict, Assessment("green"), Cio(), pack);
  REQUIRE_FALSE(without.ok());
  CHECK(without.error().kind == Refusal::Kind::kPrecondition);
  CHECK_THAT(without.error().summary, Catch::Contains("CISO's advice on the residual risk"));
  a = engine::Apply(a, Do(a, EventType::kRecordCisoAdvice, kAdvice, Ciso(), pack).value());
  CHECK(Do(a, EventType::kRecordVerdict, Assessment("green"), Cio(), pack).ok());
  // TestPack does not ask it.
  CHECK(Do(ActivityIn(State::kInAssessment), EventType::kRecordVerdict, Assessment("green"), Cio())
            .ok());
}

TEST_CASE("the project lead prepares: registers, edits and submits, and answers nothing") {
  engine::Command create{EventType::kCreate, NewActivityInput(), Lead(), "c"};
  const engine::Decision created = engine::DecideCreate(create, TestPack(), kNow);
  REQUIRE(created.ok());
  Activity a = engine::Apply({}, created.value());
  CHECK(a.project_lead == Lead().name);
  CHECK(engine::ToJson(a)["projectLead"] == Lead().name);
  const engine::Decision edit =
      Do(a, EventType::kUpdate, {{"dossier", FullDossier()}}, Lead("Petra Projectleider"));
  REQUIRE(edit.ok());
  a = engine::Apply(a, edit.value());
  CHECK(a.project_lead == "Petra Projectleider");
  // An edit by the opdrachtgever leaves the project lead on record.
  a = engine::Apply(a, Do(a, EventType::kUpdate, {{"title", "Nieuw"}}, Owner()).value());
  CHECK(a.project_lead == "Petra Projectleider");
  CHECK(Do(a, EventType::kSubmit, json::object(), Lead()).ok());  // TestPack allows it
  for (EventType t : {EventType::kRespondRecommendation, EventType::kComplete, EventType::kCancel,
                      EventType::kRevise, EventType::kFollowUpAcictRecommendation}) {
    INFO(engine::EventTypeName(t));
    CHECK_FALSE(engine::MayPerform(Lead(), t));
  }
  // Another department's activity is not the project lead's.
  engine::Command elsewhere{EventType::kCreate, NewActivityInput(10'000'000, "EZK"), Lead(), "c"};
  const engine::Decision refused = engine::DecideCreate(elsewhere, TestPack(), kNow);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == Refusal::Kind::kForbidden);
}

TEST_CASE("where the pack asks, the opdrachtgever submits what someone else prepared") {
  const engine::PolicyPack pack = GovernedPack();
  REQUIRE(pack.rules.opdrachtgever_submits);
  Activity a = ActivityIn(State::kDraft);
  // Nobody prepared it as project lead.
  const engine::Decision alone = Do(a, EventType::kSubmit, json::object(), Owner(), pack);
  REQUIRE_FALSE(alone.ok());
  CHECK(alone.error().kind == Refusal::Kind::kPrecondition);
  CHECK_THAT(alone.error().problems.front().message, Catch::Contains("no project lead"));
  // The project lead may not submit it.
  a.project_lead = Lead().name;
  const engine::Decision by_lead = Do(a, EventType::kSubmit, json::object(), Lead(), pack);
  REQUIRE_FALSE(by_lead.ok());
  CHECK(by_lead.error().kind == Refusal::Kind::kForbidden);
  CHECK_THAT(by_lead.error().summary, Catch::Contains("the opdrachtgever submits"));
  // Nor can one person be both.
  engine::Actor both = Owner();
  both.name = Lead().name;
  const engine::Decision same = Do(a, EventType::kSubmit, json::object(), both, pack);
  REQUIRE_FALSE(same.ok());
  CHECK_THAT(same.error().problems.front().message, Catch::Contains("someone other than"));
  // The opdrachtgever, someone else, submits.
  const engine::Decision ok = Do(a, EventType::kSubmit, json::object(), Owner(), pack);
  REQUIRE(ok.ok());
  CHECK(ok.value().to == State::kSubmitted);
}

TEST_CASE("a pack's governance rules are checked when the pack is read") {
  for (const json& bad :
       {json{{"cisoAdviceRequired", "yes"}}, json{{"separateLead", true}}, json("strict")}) {
    INFO(bad.dump());
    json doc = TestPack().document;
    doc["governance"] = bad;
    const auto parsed = engine::ParsePolicyPack(doc);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().front().field.rfind("/governance", 0) == 0);
  }
}

}  // namespace
}  // namespace ictgate

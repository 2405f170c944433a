// The pack's periodic re-assessment of a funded activity
// (reassessmentTriggers.periodicReassessmentMonths): the verdict records the
// day it falls due; from then on further tranches wait for a new verdict,
// and the clock records reassessment-due (in_execution to
// reassessment_required, gate "periodic").
#include <catch2/catch.hpp>

#include "engine/eligibility.h"
#include "engine/gate.h"
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

// TestPack with a re-assessment 12 months after each verdict.
const engine::PolicyPack& PeriodicPack() {
  static const engine::PolicyPack kPack = TestPackVariant("2026.8", "periodic", [](json& doc) {
    doc["reassessmentTriggers"]["periodicReassessmentMonths"] = 12;
  });
  return kPack;
}

engine::Decision Decide(const Activity& a, EventType type, const json& payload,
                        const engine::Actor& actor, engine::Instant at) {
  return engine::Decide(a, {type, payload, actor, "r"}, PeriodicPack(), at);
}

Activity Step(const Activity& a, EventType type, const json& payload, const engine::Actor& actor,
              engine::Instant at) {
  const auto d = Decide(a, type, payload, actor, at);
  INFO(engine::EventTypeName(type) << ": " << (d.ok() ? "" : d.error().summary));
  REQUIRE(d.ok());
  return engine::Apply(a, d.value());
}

// Assessed green on 1 December 2026 under PeriodicPack and funded.
Activity Funded() {
  Activity a = ActivityIn(State::kInAssessment);
  a = Step(a, EventType::kRecordVerdict, Assessment("green"), Cio(), kNow);
  return Step(a, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance(), kNow);
}

const json kTranche = {{"amountEur", 500'000}};

TEST_CASE("a pack may set a periodic re-assessment, in whole months") {
  CHECK(TestPack().rules.periodic_reassessment_months == 0);
  CHECK(PeriodicPack().rules.periodic_reassessment_months == 12);
  json doc = TestPack().document;
  for (const json& bad : {json(0), json(121), json("12"), json(1.5)}) {
    INFO(bad.dump());
    doc["reassessmentTriggers"]["periodicReassessmentMonths"] = bad;
    const auto parsed = engine::ParsePolicyPack(doc);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().front().field == "/reassessmentTriggers/periodicReassessmentMonths");
  }
}

TEST_CASE(
    "the verdict records when it is to be assessed again, and without the setting it does not") {
  Activity a = ActivityIn(State::kInAssessment);
  const auto d = Decide(a, EventType::kRecordVerdict, Assessment("green"), Cio(), kNow);
  REQUIRE(d.ok());
  CHECK(d.value().derived["reassessBy"] == "2027-12-01");
  a = engine::Apply(a, d.value());
  REQUIRE(a.verdict->reassess_by);
  CHECK(*a.verdict->reassess_by == D("2027-12-01"));
  CHECK(engine::ToJson(a)["verdict"]["reassessBy"] == "2027-12-01");
  CHECK(engine::ActivityFromJson(engine::ToJson(a)).verdict->reassess_by == a.verdict->reassess_by);
  const auto plain = engine::Decide(ActivityIn(State::kInAssessment),
                                    {EventType::kRecordVerdict, Assessment("green"), Cio(), "r"},
                                    TestPack(), kNow);
  REQUIRE(plain.ok());
  CHECK_FALSE(plain.value().derived.contains("reassessBy"));
}

TEST_CASE("from the day it falls due, a funded activity waits for a new verdict for more funding") {
  const Activity a = Funded();
  REQUIRE(a.state == State::kInExecution);
  const engine::Instant due = engine::StartOf(D("2027-12-01"));  // 23:00 UTC on 30 November
  CHECK(engine::EligibilityAt(a, due - std::chrono::milliseconds(1)).eligible);
  const auto e = engine::EligibilityAt(a, due);
  CHECK_FALSE(e.eligible);
  CHECK(e.reasons == std::vector<std::string>{"REASSESSMENT_DUE"});
  CHECK(engine::EligibilityChangesAt(a, kNow) == due);
  CHECK(engine::GateChangesAt(a, kNow) == due);
  const auto view = engine::ViewGate(a, PeriodicPack(), due, Finance());
  REQUIRE_FALSE(view.blockers.empty());
  CHECK(view.blockers.back().code == "REASSESSMENT_DUE");
  CHECK(Decide(a, EventType::kGrantFunding, kTranche, Finance(), due - std::chrono::hours(1)).ok());
  const auto refused = Decide(a, EventType::kGrantFunding, kTranche, Finance(), due);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == Refusal::Kind::kPrecondition);
  CHECK_THAT(refused.error().summary, Catch::Contains("assessed again by 2027-12-01"));
}

TEST_CASE(
    "the clock's reassessment-due sends it back through the gate, and a new verdict funds it") {
  const Activity a = Funded();
  const engine::Instant due = engine::StartOf(D("2027-12-01"));
  // Not before the day, and only the clock records it.
  const auto early = Decide(a, EventType::kReassessmentDue, json::object(), System(),
                            due - std::chrono::milliseconds(1));
  REQUIRE_FALSE(early.ok());
  CHECK(early.error().kind == Refusal::Kind::kPrecondition);
  CHECK_THAT(early.error().summary, Catch::Contains("not due before 2027-12-01"));
  const auto owner = Decide(a, EventType::kReassessmentDue, json::object(), Owner(), due);
  REQUIRE_FALSE(owner.ok());
  CHECK(owner.error().kind == Refusal::Kind::kForbidden);

  Activity back = Step(a, EventType::kReassessmentDue, json::object(), System(), due);
  CHECK(back.state == State::kReassessmentRequired);
  CHECK(back.gate == engine::Gate::kPeriodic);
  CHECK(engine::EligibilityAt(back, due).reasons == std::vector<std::string>{"REASSESSMENT_DUE"});
  CHECK(engine::ViewGate(back, PeriodicPack(), due, Owner()).blockers.front().code ==
        "REASSESSMENT_DUE");
  // Submitted and assessed again: a new verdict, a new date, funding again.
  back = Step(back, EventType::kSubmit, json::object(), Owner(), due);
  CHECK(back.gate == engine::Gate::kPeriodic);
  back = Step(back, EventType::kAcceptIntake, json::object(), Cio(), due);
  back = Step(back, EventType::kRecordVerdict, Assessment("green"), Cio(), due);
  CHECK(*back.verdict->reassess_by == D("2028-12-01"));
  back = Step(back, EventType::kGrantFunding, kTranche, Finance(), due);
  CHECK(back.state == State::kInExecution);
  CHECK(engine::EligibilityAt(back, due).eligible);
}

TEST_CASE("a periodic re-assessment is not due outside execution, nor without the setting") {
  Activity approved = ActivityIn(State::kInAssessment);
  approved = Step(approved, EventType::kRecordVerdict, Assessment("green"), Cio(), kNow);
  const engine::Instant later = engine::StartOf(D("2027-12-01"));
  CHECK_FALSE(engine::ReassessmentDueAt(approved, later));
  const auto plain = ActivityIn(State::kInExecution);
  CHECK_FALSE(engine::ReassessmentDueAt(plain, engine::StartOf(D("2030-01-01"))));
  const auto refused =
      engine::Decide(plain, {EventType::kReassessmentDue, json::object(), System(), "r"},
                     TestPack(), engine::StartOf(D("2030-01-01")));
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().summary, Catch::Contains("sets no periodic re-assessment"));
}

}  // namespace
}  // namespace ictgate

// Every eligibility status and reason of docs/spec.md section 4.
#include <algorithm>

#include <catch2/catch.hpp>

#include "engine/eligibility.h"
#include "engine/gate.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EligibilityStatus;
using engine::State;

engine::Eligibility At(const engine::Activity& a, const char* when = "2026-12-01T12:00:00Z") {
  return engine::EligibilityAt(a, testing::At(when));
}

TEST_CASE("eligibility: exempt activities are not gated and may be funded") {
  const auto e = At(ActivityIn(State::kExempt));
  CHECK(e.status == EligibilityStatus::kNotGated);
  CHECK(e.eligible);
  CHECK(e.reasons.empty());
}

TEST_CASE("eligibility: approved with a valid verdict is eligible, and after validity it is not") {
  const auto a = ActivityIn(State::kApproved);  // valid until 2027-06-01
  auto e = At(a);
  CHECK(e.status == EligibilityStatus::kEligible);
  CHECK(e.eligible);
  e = At(a, "2027-05-31T22:00:00Z");  // 1 June begins (CEST)
  CHECK(e.status == EligibilityStatus::kNotEligible);
  CHECK(e.reasons == std::vector<std::string>{"VERDICT_EXPIRED"});
}

TEST_CASE("eligibility: orange with open conditions, none overdue, and overdue blocks") {
  const auto a = ActivityIn(State::kConditionallyApproved);  // C1 due 2027-03-01
  auto e = At(a);
  CHECK(e.status == EligibilityStatus::kEligibleWithConditions);
  REQUIRE(e.open_conditions.size() == 1);
  // Due on 1 March: overdue from 00:00 on 2 March in the Netherlands (CET).
  CHECK(At(a, "2027-03-01T22:59:59.999Z").eligible);  // 23:59:59 in The Hague
  e = At(a, "2027-03-01T23:00:00Z");
  CHECK_FALSE(e.eligible);
  CHECK(e.reasons == std::vector<std::string>{"CONDITIONS_OVERDUE"});
}

TEST_CASE("eligibility: due dates fall at midnight in Amsterdam, in summer time too") {
  auto a = ActivityIn(State::kConditionallyApproved);
  a.conditions[0].due = D("2026-07-15");  // CEST: the 16th begins at 22:00 UTC
  CHECK(At(a, "2026-07-15T21:59:59.999Z").eligible);
  CHECK_FALSE(At(a, "2026-07-15T22:00:00Z").eligible);
}

TEST_CASE("eligibility: an activity registered before dates were Amsterdam dates keeps UTC") {
  // Its log was decided at UTC midnight, and replays so (engine/time.h).
  auto a = ActivityIn(State::kConditionallyApproved);  // C1 due 2027-03-01
  a.calendar = engine::Calendar::kUtc;
  CHECK(At(a, "2027-03-01T23:30:00Z").eligible);
  CHECK(At(a, "2027-03-02T00:00:00Z").reasons == std::vector<std::string>{"CONDITIONS_OVERDUE"});
  CHECK(engine::FormatInstant(*engine::EligibilityChangesAt(
            a, testing::At("2026-12-01T12:00:00Z"))) == "2027-03-02T00:00:00.000Z");
}

TEST_CASE("eligibility: a red verdict overruled by the SG is eligible by override") {
  auto a = ActivityIn(State::kApproved);
  a.verdict->recorded = engine::Colour::kRed;
  a.verdict->overridden = true;
  CHECK(At(a).status == EligibilityStatus::kEligibleByOverride);
}

TEST_CASE("eligibility: in execution validity no longer runs, overdue conditions still block") {
  auto a = ActivityIn(State::kInExecution);  // first funded 2026-11-15
  CHECK(At(a, "2028-01-01T00:00:00Z").status == EligibilityStatus::kEligible);
  a.conditions.push_back(ConditionDue("C1", "2027-01-01"));
  CHECK(At(a).status == EligibilityStatus::kEligibleWithConditions);
  CHECK(At(a, "2027-01-01T23:00:00Z").reasons == std::vector<std::string>{"CONDITIONS_OVERDUE"});
}

TEST_CASE("eligibility: every other state is not eligible, with its reason") {
  const std::vector<std::pair<State, std::string>> cases = {
      {State::kDraft, "NO_VERDICT"},
      {State::kSubmitted, "NO_VERDICT"},
      {State::kInAssessment, "NO_VERDICT"},
      {State::kRejected, "VERDICT_RED"},
      {State::kReassessmentRequired, "REASSESSMENT_REQUIRED"},
      {State::kExpired, "VERDICT_EXPIRED"},
      {State::kCancelled, "CANCELLED"},
      {State::kClosed, "CLOSED"}};
  for (const auto& [state, reason] : cases) {
    INFO(engine::StateName(state));
    const auto e = At(ActivityIn(state));
    CHECK(e.status == EligibilityStatus::kNotEligible);
    CHECK_FALSE(e.eligible);
    CHECK(e.reasons == std::vector<std::string>{reason});
  }
}

// The instant EligibilityChangesAt names is exactly where the answer first
// differs: the same just before it, different at it.
void CheckChangesAt(const engine::Activity& a, const char* at, const char* expected) {
  const auto changes = engine::EligibilityChangesAt(a, testing::At(at));
  REQUIRE(changes);
  CHECK(engine::FormatInstant(*changes) == expected);
  const auto before = engine::EligibilityAt(a, *changes - std::chrono::milliseconds(1));
  const auto after = engine::EligibilityAt(a, *changes);
  CHECK(before.status == engine::EligibilityAt(a, testing::At(at)).status);
  CHECK((before.status != after.status || before.reasons != after.reasons));
}

TEST_CASE("eligibility: when the answer changes without an event") {
  SECTION("an approved verdict: at the start of its valid-until date") {
    CheckChangesAt(ActivityIn(State::kApproved), "2026-12-01T12:00:00Z",
                   "2027-05-31T22:00:00.000Z");
  }
  SECTION("an open condition due first: the day after its due date") {
    CheckChangesAt(ActivityIn(State::kConditionallyApproved), "2026-12-01T12:00:00Z",
                   "2027-03-01T23:00:00.000Z");
  }
  SECTION("in execution the verdict no longer runs out; a condition still falls due") {
    auto a = ActivityIn(State::kInExecution);
    CHECK_FALSE(engine::EligibilityChangesAt(a, testing::At("2026-12-01T12:00:00Z")));
    a.conditions.push_back(ConditionDue("C1", "2027-01-01"));
    CheckChangesAt(a, "2026-12-01T12:00:00Z", "2027-01-01T23:00:00.000Z");
  }
  SECTION("past every such instant, and in states that only an event changes: never") {
    CHECK_FALSE(engine::EligibilityChangesAt(ActivityIn(State::kApproved),
                                             testing::At("2027-06-01T00:00:00Z")));
    for (const State s : {State::kDraft, State::kExempt, State::kRejected, State::kClosed}) {
      CHECK_FALSE(engine::EligibilityChangesAt(ActivityIn(s), testing::At("2026-12-01T12:00:00Z")));
    }
  }
}

// The instant GateChangesAt names is exactly where the gate view first
// differs (its blockers or a condition's overdue flag): the same just before.
void CheckGateChangesAt(const engine::Activity& a, const char* at, const char* expected,
                        const char* blocker) {
  const auto changes = engine::GateChangesAt(a, testing::At(at));
  REQUIRE(changes);
  CHECK(engine::FormatInstant(*changes) == expected);
  const auto codes = [&](engine::Instant t) {
    std::vector<std::string> out;
    for (const auto& b : engine::ViewGate(a, TestPack(), t, Owner()).blockers)
      out.push_back(b.code);
    return out;
  };
  const auto before = codes(*changes - std::chrono::milliseconds(1));
  const auto after = codes(*changes);
  CHECK(before == codes(testing::At(at)));
  CHECK(std::find(before.begin(), before.end(), blocker) == before.end());
  CHECK(std::find(after.begin(), after.end(), blocker) != after.end());
}

TEST_CASE("gate view: when it changes without an event") {
  SECTION("an approved verdict awaiting funding runs out at its valid-until date") {
    CheckGateChangesAt(ActivityIn(State::kApproved), "2026-12-01T12:00:00Z",
                       "2027-05-31T22:00:00.000Z", "VERDICT_EXPIRED");
  }
  SECTION("an open condition falls overdue the day after its due date") {
    CheckGateChangesAt(ActivityIn(State::kConditionallyApproved), "2026-12-01T12:00:00Z",
                       "2027-03-01T23:00:00.000Z", "CONDITIONS_OVERDUE");
  }
  SECTION("in any state with an open condition, where eligibility names no instant") {
    auto a = ActivityIn(State::kReassessmentRequired);
    a.conditions.push_back(ConditionDue("C1", "2027-01-01"));
    CHECK_FALSE(engine::EligibilityChangesAt(a, testing::At("2026-12-01T12:00:00Z")));
    CheckGateChangesAt(a, "2026-12-01T12:00:00Z", "2027-01-01T23:00:00.000Z", "CONDITIONS_OVERDUE");
  }
  SECTION("a draft has no deadline: its view changes only by an event") {
    CHECK_FALSE(
        engine::GateChangesAt(ActivityIn(State::kDraft), testing::At("2026-12-01T12:00:00Z")));
  }
}

}  // namespace
}  // namespace ictgate

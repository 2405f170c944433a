// The gate and eligibility answers as kept with the record
// (engine/answers.h): the kept text with the request's parts filled in is
// exactly the answer rendered afresh, and Holds says when a kept answer is
// no longer the answer.
#include <catch2/catch.hpp>

#include "engine/answers.h"
#include "engine/what_if.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::State;
using nlohmann::json;

engine::RenderedAnswers Rendered(const engine::Activity& a, engine::Instant at) {
  return engine::RenderAnswers(a, engine::JudgeForGate(a, TestPack()), TestPack(), at);
}

std::vector<std::string> UnmetIds(const std::vector<engine::CriterionOutcome>& outcomes) {
  std::vector<std::string> ids;
  for (const auto& o : outcomes) {
    if (o.result != engine::CriterionResult::kMet &&
        o.result != engine::CriterionResult::kNotApplicable) {
      ids.push_back(o.id);
    }
  }
  return ids;
}

TEST_CASE("gate judgement: one pass of the pack's rules gives what separate passes give") {
  for (const State state :
       {State::kDraft, State::kInAssessment, State::kConditionallyApproved, State::kApproved}) {
    engine::Activity a = ActivityIn(state);
    REQUIRE(a.dossier.is_object());
    REQUIRE_FALSE(a.dossier.empty());
    a.dossier.erase(a.dossier.begin());  // a criterion or more not met
    INFO(engine::StateName(state));
    const engine::GateJudgement judgement = engine::JudgeForGate(a, TestPack());
    const engine::Evaluation separate =
        a.verdict
            ? engine::Assess(TestPack(), a.dossier, a.verdict->findings, a.verdict->area_scores)
            : engine::EvaluateDossier(TestPack(), a.dossier);
    CHECK(UnmetIds(judgement.unmet_criteria) == UnmetIds(separate.criteria));
    CHECK_FALSE(judgement.unmet_criteria.empty());
    const engine::Evaluation provisional = engine::ProvisionalAssessment(a, TestPack());
    CHECK(judgement.provisional.advisory == provisional.advisory);
    CHECK(judgement.provisional.decided_by == provisional.decided_by);
  }
}

TEST_CASE("kept answers: with the caller's actions, the gate answer rendered afresh") {
  for (const State state : {State::kDraft, State::kSubmitted, State::kConditionallyApproved,
                            State::kApproved, State::kInExecution}) {
    const engine::Activity a = ActivityIn(state);
    const engine::RenderedAnswers kept = Rendered(a, kNow);
    for (const engine::Actor& viewer : {Owner(), Cio(), Finance(), Sg(), Owner("EZK")}) {
      INFO(engine::StateName(state)
           << " for " << engine::RoleName(viewer.role) << " of " << viewer.department);
      const json afresh =
          engine::GateJson(a, engine::ViewGate(a, TestPack(), kNow, viewer), TestPack(), kNow);
      CHECK(json::parse(engine::GateAnswerText(kept.gate, a.state, a.department, viewer)) ==
            afresh);
    }
  }
  // The kept text carries no caller's actions.
  CHECK_FALSE(json::parse(Rendered(ActivityIn(State::kDraft), kNow).gate).contains("actions"));
}

TEST_CASE("kept answers: with the request's instant, the eligibility rendered afresh") {
  const engine::Activity a = ActivityIn(State::kConditionallyApproved);  // C1 due 2027-03-01
  const engine::RenderedAnswers kept = Rendered(a, kNow);
  CHECK_FALSE(json::parse(kept.eligibility).contains("at"));
  const engine::Instant later = At("2027-02-01T08:00:00Z");  // before the deadline
  CHECK(json::parse(engine::EligibilityAnswerText(kept.eligibility, later)) ==
        engine::EligibilityJson(a, engine::EligibilityAt(a, later), later));
}

TEST_CASE("kept answers: they hold from their instant until the first deadline") {
  const engine::Activity orange = ActivityIn(State::kConditionallyApproved);
  const engine::AnswerTerms terms = Rendered(orange, kNow).terms;
  const std::string& hash = TestPack().ref.content_hash;
  CHECK(terms.from == kNow);
  REQUIRE(terms.until);
  CHECK(terms.until == engine::NextDeadline(orange, kNow));
  CHECK(engine::Holds(terms, kNow, hash));
  CHECK(engine::HoldsAt(terms, kNow));
  CHECK_FALSE(engine::HoldsAt(terms, *terms.until));
  CHECK(engine::Holds(terms, *terms.until - std::chrono::milliseconds(1), hash));
  CHECK_FALSE(engine::Holds(terms, *terms.until, hash));  // the deadline itself
  CHECK_FALSE(engine::Holds(terms, kNow - std::chrono::milliseconds(1), hash));  // clock set back

  // A draft has no deadline: its answers hold until its next event.
  const engine::AnswerTerms draft = Rendered(ActivityIn(State::kDraft), kNow).terms;
  CHECK_FALSE(draft.until);
  CHECK(engine::Holds(draft, At("2036-01-01T00:00:00Z"), hash));
}

TEST_CASE("kept answers: judged under a pack, they hold while it applies") {
  engine::AnswerTerms terms;
  terms.pack_hash = "hash-a";
  terms.from = kNow;
  CHECK(engine::Holds(terms, kNow, "hash-a"));
  CHECK_FALSE(engine::Holds(terms, kNow, "hash-b"));  // another pack in force
  CHECK(engine::HoldsAt(terms, kNow));                // the eligibility does not depend on the pack
  terms.pinned = true;                                // judged under its own pack
  CHECK(engine::Holds(terms, kNow, "hash-b"));
}

}  // namespace
}  // namespace ictgate

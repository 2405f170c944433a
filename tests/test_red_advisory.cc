// A pack's red verdict: it blocks funding ("redVerdict": "blocks", the
// default and what the packs of ictgate say by omission), or is advice only
// ("advisory"): then finance may fund on red, and the verdict and each such
// grant carry the flag (engine/rules.h).
#include <catch2/catch.hpp>

#include "engine/eligibility.h"
#include "engine/gate.h"
#include "engine/lifecycle.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Activity;
using engine::EligibilityStatus;
using engine::EventType;
using engine::Refusal;
using engine::State;
using nlohmann::json;

// TestPack with red as advice only (another version, so another pack).
const engine::PolicyPack& AdvisoryRedPack() {
  static const engine::PolicyPack kPack =
      TestPackVariant("2026.9", "advisory-red", [](json& doc) { doc["redVerdict"] = "advisory"; });
  return kPack;
}

// Red by advisory: two areas at risk (TestPack's threshold).
json Red() {
  return Assessment("red", {{"a1", "risk"}, {"a2", "risk"}, {"a3", "ok"}});
}

// An activity in assessment, given a red verdict under `pack`.
Activity RedUnder(const engine::PolicyPack& pack) {
  Activity a = ActivityIn(State::kInAssessment);
  const auto d = engine::Decide(a, {EventType::kRecordVerdict, Red(), Cio(), "r"}, pack, kNow);
  REQUIRE(d.ok());
  return engine::Apply(a, d.value());
}

engine::Decision Grant(const Activity& a, const engine::PolicyPack& pack, int64_t amount) {
  return engine::Decide(a, {EventType::kGrantFunding, {{"amountEur", amount}}, Finance(), "r"},
                        pack, kNow);
}

TEST_CASE("packs say whether red blocks funding: blocks by default, or advisory") {
  CHECK(TestPack().rules.red_blocks_funding);
  CHECK_FALSE(AdvisoryRedPack().rules.red_blocks_funding);
  json doc = TestPack().document;
  doc["redVerdict"] = "blocks";
  CHECK(engine::ParsePolicyPack(doc).value().rules.red_blocks_funding);
  for (const json& bad : {json("maybe"), json(true), json(nullptr), json("")}) {
    INFO(bad.dump());
    doc["redVerdict"] = bad;
    const auto parsed = engine::ParsePolicyPack(doc);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().front().field == "/redVerdict");
  }
}

TEST_CASE("where red blocks, a red verdict is not eligible and a grant is refused for it") {
  const Activity a = RedUnder(TestPack());
  CHECK(a.state == State::kRejected);
  CHECK_FALSE(a.verdict->advisory_only);
  const auto e = engine::EligibilityAt(a, kNow);
  CHECK_FALSE(e.eligible);
  CHECK(e.reasons == std::vector<std::string>{"VERDICT_RED"});
  const auto refused = Grant(a, TestPack(), 1'000'000);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == Refusal::Kind::kPrecondition);
  CHECK_THAT(refused.error().summary, Catch::Contains("VERDICT_RED"));
  const auto view = engine::ViewGate(a, TestPack(), kNow, Finance());
  CHECK(view.blockers.front().code == "VERDICT_RED");
}

TEST_CASE(
    "where red is advice, finance may fund on red: eligible despite red, each grant flagged") {
  const Activity a = RedUnder(AdvisoryRedPack());
  CHECK(a.state == State::kRejected);
  REQUIRE(a.verdict);
  CHECK(a.verdict->advisory_only);
  CHECK(engine::ToJson(a)["verdict"]["advisoryOnly"] == true);
  const auto e = engine::EligibilityAt(a, kNow);
  CHECK(e.eligible);
  CHECK(e.status == EligibilityStatus::kEligibleDespiteRed);
  CHECK(engine::EligibilityStatusName(e.status) == "eligible_despite_red");
  CHECK(engine::ParseEligibilityStatus("eligible_despite_red") == e.status);
  const auto view = engine::ViewGate(a, AdvisoryRedPack(), kNow, Finance());
  CHECK(view.blockers.empty());
  CHECK(std::count(view.actions.begin(), view.actions.end(), EventType::kGrantFunding) == 1);

  const auto granted = Grant(a, AdvisoryRedPack(), 1'000'000);
  REQUIRE(granted.ok());
  CHECK(granted.value().to == State::kInExecution);
  CHECK(granted.value().derived["despiteRed"] == true);
  const Activity funded = engine::Apply(a, granted.value());
  REQUIRE(funded.funding_decisions.size() == 1);
  CHECK(funded.funding_decisions[0].despite_red);
  CHECK(engine::ToJson(funded)["fundingDecisions"][0]["despiteRed"] == true);
  // In execution the verdict is still red: further tranches are flagged too.
  CHECK(engine::EligibilityAt(funded, kNow).status == EligibilityStatus::kEligibleDespiteRed);
  const auto tranche = Grant(funded, AdvisoryRedPack(), 500'000);
  REQUIRE(tranche.ok());
  CHECK(tranche.value().derived["despiteRed"] == true);
  // A stored record reads back with both flags.
  const Activity read = engine::ActivityFromJson(engine::ToJson(funded));
  CHECK(read.verdict->advisory_only);
  CHECK(read.funding_decisions[0].despite_red);
}

TEST_CASE("an advisory red verdict still runs out unfunded, and green grants carry no flag") {
  const Activity a = RedUnder(AdvisoryRedPack());
  const engine::Instant after = engine::StartOf(a.verdict->valid_until);
  const auto e = engine::EligibilityAt(a, after);
  CHECK_FALSE(e.eligible);
  CHECK(e.reasons == std::vector<std::string>{"VERDICT_EXPIRED"});
  REQUIRE(engine::EligibilityChangesAt(a, kNow));
  CHECK(*engine::EligibilityChangesAt(a, kNow) == after);
  CHECK(Grant(a, AdvisoryRedPack(), 1'000'000).ok());  // before then it may be funded
  const auto green = Grant(ActivityIn(State::kApproved), AdvisoryRedPack(), 1'000'000);
  REQUIRE(green.ok());
  CHECK_FALSE(green.value().derived.contains("despiteRed"));
  // A red overruled by the SG is the SG's decision, not a red funded as advice.
  Activity overruled = ActivityIn(State::kApproved);
  overruled.verdict->recorded = engine::Colour::kRed;
  overruled.verdict->overridden = true;
  CHECK_FALSE(Grant(overruled, TestPack(), 1'000'000).value().derived.contains("despiteRed"));
  // So is an advisory red the SG overruled: eligible by override, not flagged.
  Activity advice_overruled = RedUnder(AdvisoryRedPack());
  const auto overrule = engine::Decide(
      advice_overruled, {EventType::kOverrule, {{"reason", "besluit SG"}}, Sg(), "r"},
      AdvisoryRedPack(), kNow);
  REQUIRE(overrule.ok());
  advice_overruled = engine::Apply(advice_overruled, overrule.value());
  CHECK(engine::EligibilityAt(advice_overruled, kNow).status ==
        EligibilityStatus::kEligibleByOverride);
  const auto by_sg = Grant(advice_overruled, AdvisoryRedPack(), 1'000'000);
  REQUIRE(by_sg.ok());
  CHECK_FALSE(by_sg.value().derived.contains("despiteRed"));
}

TEST_CASE(
    "a log funded on an advisory red replays, and the flag is the pack's, not the request's") {
  const engine::PolicyPack& pack = AdvisoryRedPack();
  Activity a;
  std::vector<engine::Event> log;
  const auto add = [&](engine::Decision d) {
    REQUIRE(d.ok());
    d.value().activity_id = "BZK-2026-0001";
    a = engine::Apply(a, d.value());
    log.push_back(d.value());
  };
  const auto decide = [&](EventType type, const json& payload, const engine::Actor& actor) {
    return engine::Decide(a, {type, payload, actor, "r"}, pack, kNow);
  };
  add(engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "r"}, pack, kNow));
  add(decide(EventType::kSubmit, json::object(), Owner()));
  add(decide(EventType::kAcceptIntake, json::object(), Cio()));
  json red = Red();
  red["advisoryOnly"] = false;  // not a member a request may set
  const auto refused = decide(EventType::kRecordVerdict, red, Cio());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == Refusal::Kind::kInvalid);
  add(decide(EventType::kRecordVerdict, Red(), Cio()));
  add(decide(EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance()));
  const auto replayed = engine::Replay(
      log, [&](const engine::PackRef& ref) { return ref == pack.ref ? &pack : nullptr; });
  REQUIRE(replayed.ok());
  CHECK(engine::ToJson(replayed.value()) == engine::ToJson(a));
  CHECK(replayed.value().funding_decisions.at(0).despite_red);
  // Decided again under a pack whose red blocks, the grant would not be made.
  auto blocking = log;
  for (auto& e : blocking) e.derived["pack"] = engine::ToJson(TestPack().ref);
  CHECK_FALSE(engine::Replay(blocking, [](const engine::PackRef& ref) {
                return ref == TestPack().ref ? &TestPack() : nullptr;
              }).ok());
}

}  // namespace
}  // namespace ictgate

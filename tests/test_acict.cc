// The AcICT track (engine/acict.h): request, selection, advice, bestuurlijke
// reactie, naschrift and follow-up, decided beside the machine; and the
// pack's rule that funding waits for the request (ACICT_REQUEST_MISSING).
#include <catch2/catch.hpp>

#include "engine/acict.h"
#include "engine/eligibility.h"
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

engine::Actor Acict() {
  return {"Anna AcICT", engine::Role::kAcict, "*"};
}

const std::string kHash(64, 'c');
json Doc(const std::string& title) {
  return {{"title", title}, {"sha256", kHash}};
}

// The steps of a whole track, each with who records it.
struct Step {
  EventType type;
  json payload;
  engine::Actor actor;
};
std::vector<Step> WholeTrack() {
  return {
      {EventType::kRequestAcictAdvice, {{"document", Doc("Adviesaanvraag")}}, Cio()},
      {EventType::kRecordAcictSelection,
       {{"decision", "advise"}, {"reason", "hoog risico, nieuw platform"}},
       Acict()},
      {EventType::kRecordAcictAdvice,
       {{"document", Doc("AcICT-advies")},
        {"recommendations", {"Beperk de scope", "Stel een exitplan op"}}},
       Acict()},
      {EventType::kRecordBestuurlijkeReactie,
       {{"document", Doc("Bestuurlijke reactie")}, {"summary", "Beide aanbevelingen overgenomen"}},
       Cio()},
      {EventType::kRecordAcictNaschrift, {{"document", Doc("Naschrift")}}, Acict()},
      {EventType::kFollowUpAcictRecommendation,
       {{"recommendation", 1}, {"status", "in_progress"}, {"note", "scope halved"}},
       Owner()},
      {EventType::kFollowUpAcictRecommendation,
       {{"recommendation", 1}, {"status", "implemented"}, {"note", "done"}},
       Cio()},
  };
}

engine::Decision Record(const Activity& a, const Step& s,
                        const engine::PolicyPack& pack = TestPack()) {
  return engine::Decide(a, {s.type, s.payload, s.actor, "req"}, pack, kNow);
}

// `a` with the first `n` steps of the whole track applied.
Activity AfterSteps(Activity a, size_t n) {
  const auto track = WholeTrack();
  for (size_t i = 0; i < n; ++i) {
    const engine::Decision d = Record(a, track[i]);
    REQUIRE(d.ok());
    a = engine::Apply(a, d.value());
  }
  return a;
}

TEST_CASE("the AcICT track: each step in order, recorded beside the gate, the state unchanged") {
  Activity a = ActivityIn(State::kInAssessment);
  CHECK(engine::NextAcictSteps(a.acict) == std::vector<EventType>{EventType::kRequestAcictAdvice});
  for (const Step& step : WholeTrack()) {
    INFO(engine::EventTypeName(step.type));
    const engine::Decision d = Record(a, step);
    REQUIRE(d.ok());
    CHECK(d.value().from == State::kInAssessment);
    CHECK(d.value().to == State::kInAssessment);
    CHECK_FALSE(engine::IsMachineEvent(step.type));
    a = engine::Apply(a, d.value());
  }
  const engine::AcictTrack& t = a.acict;
  CHECK(t.request["document"]["sha256"] == kHash);
  CHECK(t.request["by"] == Cio().name);
  CHECK(t.selection["decision"] == "advise");
  CHECK(t.advice["recommendations"].size() == 2);
  CHECK(t.advice["public"] == true);
  CHECK(t.advice["by"] == Acict().name);
  CHECK(t.reaction["public"] == true);
  CHECK(t.reaction["summary"] == "Beide aanbevelingen overgenomen");
  CHECK(t.naschrift["public"] == true);
  REQUIRE(t.follow_ups.size() == 2);
  CHECK(t.follow_ups[1]["status"] == "implemented");
  CHECK(t.follow_ups[1]["at"] == engine::FormatInstant(kNow));
  // Recommendation 2 is still open: its follow-up may come, nothing else.
  CHECK(engine::NextAcictSteps(t) ==
        std::vector<EventType>{EventType::kFollowUpAcictRecommendation});
  // The record keeps the track (the stored row is its JSON).
  CHECK(engine::ToJson(engine::ActivityFromJson(engine::ToJson(a))) == engine::ToJson(a));
  CHECK(engine::ToJson(a)["acict"]["advice"]["public"] == true);
}

TEST_CASE("the AcICT track: the advice, the reaction and the naschrift are marked public") {
  Activity a = ActivityIn(State::kApproved);
  const auto track = WholeTrack();
  for (size_t i = 0; i < 5; ++i) {
    const engine::Decision d = Record(a, track[i]);
    REQUIRE(d.ok());
    const bool published = i >= 2;
    CHECK(d.value().derived.value("public", false) == published);
    a = engine::Apply(a, d.value());
  }
}

TEST_CASE("the AcICT track: a step out of order is refused, and changes nothing") {
  const Activity fresh = ActivityIn(State::kApproved);
  const auto track = WholeTrack();
  // Every step but the request, before the request.
  for (size_t i = 1; i < track.size(); ++i) {
    INFO(engine::EventTypeName(track[i].type));
    const engine::Decision d = Record(fresh, track[i]);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kPrecondition);
  }
  // Each step once: the request, the selection, the advice, the reaction and
  // the naschrift a second time.
  for (size_t n = 1; n <= 5; ++n) {
    const Activity a = AfterSteps(fresh, n);
    const engine::Decision again = Record(a, track[n - 1]);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().kind == Refusal::Kind::kPrecondition);
  }
  CHECK_THAT(Record(AfterSteps(fresh, 1), track[0]).error().summary,
             Catch::Contains("was requested already"));
  // The naschrift follows the reaction, not the advice.
  const engine::Decision early = Record(AfterSteps(fresh, 3), track[4]);
  REQUIRE_FALSE(early.ok());
  CHECK_THAT(early.error().summary, Catch::Contains("follows the bestuurlijke reactie"));
}

TEST_CASE("the AcICT track: after a decision not to advise, no advice follows") {
  Activity a = AfterSteps(ActivityIn(State::kApproved), 1);
  const engine::Decision no = Record(a, {EventType::kRecordAcictSelection,
                                         {{"decision", "no_advice"}, {"reason", "laag risico"}},
                                         Acict()});
  REQUIRE(no.ok());
  a = engine::Apply(a, no.value());
  CHECK(engine::NextAcictSteps(a.acict).empty());
  const engine::Decision advice = Record(a, WholeTrack()[2]);
  REQUIRE_FALSE(advice.ok());
  CHECK_THAT(advice.error().summary, Catch::Contains("decided not to advise"));
  // Eligibility asks for the request only: made, and answered.
  a.acict.request_required = true;
  CHECK_FALSE(engine::AcictRequestMissing(a.acict));
}

TEST_CASE("the AcICT track: a closed recommendation takes no more follow-ups") {
  const Activity a = AfterSteps(ActivityIn(State::kInExecution), 7);
  const engine::Decision d =
      Record(a, {EventType::kFollowUpAcictRecommendation,
                 {{"recommendation", 1}, {"status", "in_progress"}, {"note", "again"}},
                 Owner()});
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == Refusal::Kind::kPrecondition);
  CHECK_THAT(d.error().summary, Catch::Contains("recommendation 1 was closed as implemented"));
  // With both closed, the track has nothing left to record.
  const engine::Decision last =
      Record(a, {EventType::kFollowUpAcictRecommendation,
                 {{"recommendation", 2}, {"status", "not_implemented"}, {"note", "te duur"}},
                 Owner()});
  REQUIRE(last.ok());
  CHECK(engine::NextAcictSteps(engine::Apply(a, last.value()).acict).empty());
}

TEST_CASE("the AcICT track: malformed steps are refused, naming the member") {
  const Activity requested = AfterSteps(ActivityIn(State::kApproved), 1);
  const Activity advised = AfterSteps(ActivityIn(State::kApproved), 3);
  struct Case {
    const Activity* on;
    Step step;
    std::string field;
  };
  const std::vector<Case> cases = {
      {&requested,
       {EventType::kRecordAcictSelection, {{"decision", "maybe"}, {"reason", "x"}}, Acict()},
       "decision"},
      {&requested, {EventType::kRecordAcictSelection, {{"decision", "advise"}}, Acict()}, "reason"},
      {&advised,
       {EventType::kRecordBestuurlijkeReactie,
        {{"document", {{"title", "R"}, {"sha256", "ABC"}}}, {"summary", "x"}},
        Cio()},
       "document/sha256"},
      {&advised,
       {EventType::kRecordBestuurlijkeReactie,
        {{"document", {{"sha256", kHash}, {"url", "x"}}}, {"summary", "x"}},
        Cio()},
       "document/title"},
      {&advised,
       {EventType::kRecordBestuurlijkeReactie,
        {{"document", {{"title", "R"}, {"sha256", kHash}, {"url", "x"}}}, {"summary", "x"}},
        Cio()},
       "document/url"},
      {&advised,
       {EventType::kRecordBestuurlijkeReactie, {{"document", "R.pdf"}, {"summary", "x"}}, Cio()},
       "document"},
      {&advised,
       {EventType::kFollowUpAcictRecommendation,
        {{"recommendation", 3}, {"status", "planned"}, {"note", "x"}},
        Owner()},
       "recommendation"},
      {&advised,
       {EventType::kFollowUpAcictRecommendation,
        {{"recommendation", 1}, {"status", "done"}, {"note", "x"}},
        Owner()},
       "status"},
      {&advised,
       {EventType::kFollowUpAcictRecommendation,
        {{"recommendation", 1}, {"status", "planned"}, {"note", "x"}, {"extra", 1}},
        Owner()},
       "extra"},
  };
  for (const Case& c : cases) {
    INFO(c.step.payload.dump());
    const engine::Decision d = Record(*c.on, c.step);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kInvalid);
    bool named = false;
    for (const auto& p : d.error().problems) named = named || p.field == c.field;
    CHECK(named);
  }
  // The advice's recommendations are texts.
  const Activity selected = AfterSteps(ActivityIn(State::kApproved), 2);
  for (const json& bad : {json("one"), json({"ok", " "}), json({1})}) {
    const engine::Decision d = Record(selected, {EventType::kRecordAcictAdvice,
                                                 {{"document", Doc("A")}, {"recommendations", bad}},
                                                 Acict()});
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == Refusal::Kind::kInvalid);
  }
}

TEST_CASE("the AcICT track: each step by its own role, the AcICT for every department") {
  const auto track = WholeTrack();
  const std::vector<engine::Actor> strangers = {Owner(), Cio(), Finance(), Sg(), Acict()};
  for (size_t i = 0; i < track.size(); ++i) {
    const Activity a = AfterSteps(ActivityIn(State::kApproved), i);
    for (const engine::Actor& who : strangers) {
      if (engine::MayPerform(who, track[i].type)) continue;
      INFO(engine::EventTypeName(track[i].type) << " by " << engine::RoleName(who.role));
      const engine::Decision d = Record(a, {track[i].type, track[i].payload, who});
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().kind == Refusal::Kind::kForbidden);
    }
  }
  CHECK_FALSE(engine::MayPerform(Owner(), EventType::kRequestAcictAdvice));
  CHECK_FALSE(engine::MayPerform(Cio(), EventType::kRecordAcictAdvice));
  CHECK_FALSE(engine::MayPerform(Acict(), EventType::kRecordBestuurlijkeReactie));
  // Another department's CIO office may not ask for BZK's activity.
  const engine::Decision other =
      Record(ActivityIn(State::kApproved), {track[0].type, track[0].payload, Cio("EZK")});
  REQUIRE_FALSE(other.ok());
  CHECK(other.error().kind == Refusal::Kind::kForbidden);
}

TEST_CASE("the AcICT track: in every state but closed and cancelled") {
  for (const State state : engine::AllStates()) {
    INFO(engine::StateName(state));
    const engine::Decision d = Record(ActivityIn(state), WholeTrack()[0]);
    if (engine::IsTerminal(state)) {
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().kind == Refusal::Kind::kNotAllowed);
    } else {
      CHECK(d.ok());
    }
  }
}

engine::PolicyPack RequestingPack() {
  return TestPackVariant("2026.5", "acict-hash", [](json& doc) {
    doc["acictAdvice"] = {{"requestRequiredFor", {"project", "programme"}}};
  });
}

TEST_CASE("a pack that asks the AcICT's request before start keeps funding until it is made") {
  const engine::PolicyPack pack = RequestingPack();
  REQUIRE(pack.rules.acict_request_kinds == std::vector<std::string>{"project", "programme"});
  Activity a = ActivityIn(State::kDraft);
  const engine::Decision submit =
      engine::Decide(a, {EventType::kSubmit, json::object(), Owner(), "req"}, pack, kNow);
  REQUIRE(submit.ok());
  CHECK(submit.value().derived["acictRequestRequired"] == true);
  CHECK(engine::Apply(a, submit.value()).acict.request_required);

  // Approved under it, without the request: not eligible, with the reason.
  a = ActivityIn(State::kApproved);
  a.acict.request_required = true;
  const auto e = engine::EligibilityAt(a, kNow);
  CHECK_FALSE(e.eligible);
  CHECK(e.reasons == std::vector<std::string>{"ACICT_REQUEST_MISSING"});
  const engine::GateView view = engine::ViewGate(a, pack, kNow, Finance());
  CHECK(view.blockers.back().code == "ACICT_REQUEST_MISSING");
  const engine::Decision grant = engine::Decide(
      a, {EventType::kGrantFunding, {{"amountEur", 100'000}}, Finance(), "req"}, pack, kNow);
  REQUIRE_FALSE(grant.ok());
  CHECK(grant.error().kind == Refusal::Kind::kPrecondition);
  CHECK_THAT(grant.error().summary, Catch::Contains("ACICT_REQUEST_MISSING"));

  // The request made, it is funded.
  const engine::Decision request = Record(a, WholeTrack()[0], pack);
  REQUIRE(request.ok());
  a = engine::Apply(a, request.value());
  CHECK(engine::EligibilityAt(a, kNow).eligible);
  CHECK(engine::Decide(a, {EventType::kGrantFunding, {{"amountEur", 100'000}}, Finance(), "req"},
                       pack, kNow)
            .ok());
}

TEST_CASE(
    "the AcICT request rule: only for the kinds the pack names, and not in packs without it") {
  Activity change = ActivityIn(State::kDraft);
  change.kind = engine::ActivityKind::kChange;
  const engine::Decision d = engine::Decide(
      change, {EventType::kSubmit, json::object(), Owner(), "req"}, RequestingPack(), kNow);
  REQUIRE(d.ok());
  CHECK_FALSE(d.value().derived.contains("acictRequestRequired"));
  const engine::Decision plain =
      engine::Decide(ActivityIn(State::kDraft),
                     {EventType::kSubmit, json::object(), Owner(), "req"}, TestPack(), kNow);
  REQUIRE(plain.ok());
  CHECK_FALSE(plain.value().derived.contains("acictRequestRequired"));
  // Adopting a pack that asks for it asks it of an activity already under way.
  Activity a = ActivityIn(State::kApproved);
  a.pack = TestPack().ref;
  const engine::PolicyPack newer = RequestingPack();
  const engine::Decision adopt = engine::Decide(
      a, {EventType::kAdoptPack, {{"version", "2026.5"}, {"reason", "2026.5 geldt"}}, Cio(), "req"},
      newer, kNow);
  REQUIRE(adopt.ok());
  a = engine::Apply(a, adopt.value());
  CHECK(a.acict.request_required);
  CHECK(engine::EligibilityAt(a, kNow).reasons ==
        std::vector<std::string>{"ACICT_REQUEST_MISSING"});
}

TEST_CASE("a pack's acictAdvice is checked when the pack is read") {
  for (const json& bad :
       {json{{"requestRequiredFor", "project"}}, json{{"requestRequiredFor", {"projects"}}},
        json{{"requestRequiredFor", {"project"}}, {"before", "start"}}, json::object()}) {
    INFO(bad.dump());
    json doc = TestPack().document;
    doc["acictAdvice"] = bad;
    const auto parsed = engine::ParsePolicyPack(doc);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().front().field.rfind("/acictAdvice", 0) == 0);
  }
}

TEST_CASE("the AcICT track replays: the log of a whole track rebuilds the same record") {
  const engine::PolicyPack pack = RequestingPack();
  std::vector<engine::Event> log;
  engine::Command create{EventType::kCreate, NewActivityInput(), Owner(), "c"};
  create.payload["dossier"] = FullDossier();
  engine::Decision d = engine::DecideCreate(create, pack, kNow);
  REQUIRE(d.ok());
  d.value().activity_id = "BZK-2026-0001";
  log.push_back(d.value());
  Activity a = engine::Apply({}, d.value());
  std::vector<Step> steps = {{EventType::kSubmit, json::object(), Owner()}};
  for (const Step& s : WholeTrack()) steps.push_back(s);
  for (const Step& s : steps) {
    d = engine::Decide(a, {s.type, s.payload, s.actor, "r"}, pack, kNow);
    REQUIRE(d.ok());
    log.push_back(d.value());
    a = engine::Apply(a, d.value());
  }
  const auto replayed = engine::Replay(log, [&](const engine::PackRef& ref) {
    return ref.version == pack.ref.version ? &pack : nullptr;
  });
  REQUIRE(replayed.ok());
  CHECK(engine::ToJson(replayed.value()) == engine::ToJson(a));
  CHECK(replayed.value().acict.request_required);
  // A step whose recorded derivation differs fails the replay.
  log[4].derived.erase("public");
  CHECK_FALSE(engine::Replay(log, [&](const engine::PackRef&) { return &pack; }).ok());
}

}  // namespace
}  // namespace ictgate

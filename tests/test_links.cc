// Linked activities (docs/spec.md section 2, engine/links.h): the threshold applies
// to the sum of a group, links change only through events, and every member
// stays equal to the replay of its own log.
#include <catch2/catch.hpp>

#include "engine/links.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::Activity;
using engine::EventType;
using engine::State;
using nlohmann::json;
using Status = app::WriteOutcome::Status;

Activity Member(const std::string& id, int64_t cost, std::vector<std::string> links) {
  Activity a = ActivityIn(State::kDraft);
  a.id = id;
  a.ict_cost_eur = cost;
  a.links = std::move(links);
  return a;
}

TEST_CASE("links: a group is everything linked directly or through others") {
  const std::vector<Activity> members = {Member("A", 1, {"B"}), Member("B", 2, {"A", "C"}),
                                         Member("C", 4, {"B"}), Member("D", 8, {})};
  CHECK(engine::GroupOf(members, "A") == std::vector<std::string>{"A", "B", "C"});
  CHECK(engine::GroupOf(members, "D") == std::vector<std::string>{"D"});
  const auto costs = engine::LinkedCosts(members);
  CHECK(costs.at("A") == 6);
  CHECK(costs.at("B") == 5);
  CHECK(costs.at("C") == 3);
  CHECK(costs.at("D") == 0);
}

TEST_CASE("links: a link is made and removed on both ends, kept sorted") {
  const std::vector<Activity> members = {Member("A", 1, {"C"}), Member("B", 2, {}),
                                         Member("C", 4, {"A"})};
  const auto linked = engine::WithLink(members, "B", "A", true);
  CHECK(linked[0].links == std::vector<std::string>{"B", "C"});
  CHECK(linked[1].links == std::vector<std::string>{"A"});
  CHECK(engine::LinkedCosts(linked).at("C") == 3);
  const auto unlinked = engine::WithLink(linked, "A", "C", false);
  CHECK(unlinked[0].links == std::vector<std::string>{"B"});
  CHECK(unlinked[2].links.empty());
  CHECK(engine::LinkedCosts(unlinked).at("C") == 0);
  CHECK(engine::LinkedCosts(unlinked).at("A") == 2);
}

TEST_CASE("links: only changed, open members get a command, and the named ends act as the actor") {
  std::vector<Activity> before = {Member("A", 1, {}), Member("B", 2, {"C"}), Member("C", 4, {"B"}),
                                  Member("E", 16, {"C"})};
  before[1].linked_cost_eur = 4;
  before[2].linked_cost_eur = 2;
  before[3].state = State::kClosed;  // ended: keeps its record
  before[2].links = {"B", "E"};
  const auto after = engine::WithLink(before, "A", "B", true);
  const auto commands = engine::GroupCommands(before, after, "link", {"A", "B"}, Owner(), "r1");
  REQUIRE(commands.size() == 3);  // A, B and C; not the closed E
  CHECK(commands[0].member->id == "A");
  CHECK(commands[0].command.actor.role == engine::Role::kOwner);
  CHECK(commands[0].command.payload == json{{"op", "link"},
                                            {"activities", {"A", "B"}},
                                            {"links", {"B"}},
                                            {"linkedCostEur", 2 + 4 + 16}});
  CHECK(commands[2].member->id == "C");
  CHECK(commands[2].command.actor.role == engine::Role::kSystem);
  CHECK(commands[2].command.type == EventType::kLinkChange);
  CHECK(commands[2].command.payload["linkedCostEur"] == 1 + 2 + 16);
}

TEST_CASE("links: who may link what") {
  Activity a = ActivityIn(State::kDraft);
  Activity b = ActivityIn(State::kExempt);
  b.id = "BZK-2026-0002";
  CHECK_FALSE(engine::CheckLink(a, b, true, 2, Owner()));
  CHECK(engine::CheckLink(a, b, true, 2, Cio())->kind == engine::Refusal::Kind::kForbidden);
  CHECK(engine::CheckLink(a, b, true, 2, System())->kind == engine::Refusal::Kind::kForbidden);
  CHECK(engine::CheckLink(a, b, true, 2, Owner("EZK"))->kind == engine::Refusal::Kind::kForbidden);
  CHECK(engine::CheckLink(a, a, true, 1, Owner())->kind == engine::Refusal::Kind::kInvalid);
  CHECK(engine::CheckLink(a, b, true, engine::kMaxGroupSize + 1, Owner())->kind ==
        engine::Refusal::Kind::kPrecondition);
  a.links = {b.id};
  CHECK(engine::CheckLink(a, b, true, 2, Owner())->kind == engine::Refusal::Kind::kPrecondition);
  CHECK_FALSE(engine::CheckLink(a, b, false, 2, Owner()));
  b.state = State::kCancelled;
  CHECK(engine::CheckLink(a, b, false, 2, Owner())->kind == engine::Refusal::Kind::kNotAllowed);
}

TEST_CASE("links: the link-change payload is checked like any other") {
  const Activity a = ActivityIn(State::kApproved);
  auto decide = [&](json payload) {
    return engine::Decide(a, {EventType::kLinkChange, std::move(payload), Owner(), "r"}, TestPack(),
                          kNow);
  };
  const json good = {{"op", "link"},
                     {"activities", {"BZK-2026-0001", "BZK-2026-0002"}},
                     {"links", {"BZK-2026-0002"}},
                     {"linkedCostEur", 1}};
  CHECK(decide(good).ok());
  for (auto [member, value] :
       std::vector<std::pair<std::string, json>>{{"op", "merge"},
                                                 {"activities", json::array()},
                                                 {"links", {"BZK-2026-0001"}},  // itself
                                                 {"links", {"X", "X"}},
                                                 {"linkedCostEur", -1},
                                                 {"linkedCostEur", "1"}}) {
    json bad = good;
    bad[member] = value;
    INFO(bad.dump());
    const auto d = decide(bad);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == engine::Refusal::Kind::kInvalid);
    CHECK(d.error().problems.front().field == member);
  }
}

// A service on the default pack (threshold EUR 5 million).
struct Programme : WithTempDir, ServiceFixture {
  Programme() : ServiceFixture(dir.File("links.db")) {}

  app::WriteOutcome Run(const std::string& id, EventType type, json payload = json::object(),
                        engine::Actor actor = Owner()) {
    return ServiceFixture::Run(id, type, std::move(payload), std::move(actor));
  }
  app::WriteOutcome Link(const std::string& a, const std::string& b, bool link = true,
                         engine::Actor actor = Owner()) {
    clock.Advance(std::chrono::minutes(1));
    return service.Link(a, b, link, actor, "link");
  }
};

TEST_CASE("links: parts linked into a group are gated by their sum at submission") {
  Programme p;
  const auto a = p.Create(3'000'000);
  const auto b = p.Create(2'000'000);
  const auto alone = p.Create(3'000'000);
  const auto r = p.Link(a, b);
  REQUIRE(r.status == Status::kOk);
  CHECK(r.activity->id == a);
  CHECK(r.event->event.type == EventType::kLinkChange);
  CHECK(p.Load(a).links == std::vector<std::string>{b});
  CHECK(p.Load(b).links == std::vector<std::string>{a});
  CHECK(p.Load(a).linked_cost_eur == 2'000'000);
  CHECK(p.Load(b).linked_cost_eur == 3'000'000);
  CHECK(p.store.Events(b).back().event.actor.role == engine::Role::kOwner);
  CHECK(p.Run(a, EventType::kSubmit).activity->state == State::kSubmitted);
  CHECK(p.Run(b, EventType::kSubmit).activity->state == State::kSubmitted);
  CHECK(p.Run(alone, EventType::kSubmit).activity->state == State::kExempt);
  p.RequireReplayEqual();
}

TEST_CASE("links: a link that makes an exempt activity gated requires reassessment") {
  Programme p;
  const auto exempt = p.Create(3'000'000);
  REQUIRE(p.Run(exempt, EventType::kSubmit).activity->state == State::kExempt);
  const auto other = p.Create(1'999'999);
  REQUIRE(p.Link(exempt, other).status == Status::kOk);
  CHECK(p.Load(exempt).state == State::kExempt);  // 4,999,999: still below
  const auto third = p.Create(1);
  REQUIRE(p.Link(third, other).status == Status::kOk);  // through `other`
  const Activity moved = p.Load(exempt);
  CHECK(moved.state == State::kReassessmentRequired);
  CHECK(moved.gate == engine::Gate::kRebaseline);
  CHECK(moved.linked_cost_eur == 2'000'000);
  const auto last = p.store.Events(exempt).back().event;
  CHECK(last.actor.role == engine::Role::kSystem);  // nobody named it: the group moved it
  CHECK(last.payload["activities"] == json{third, other});
  const auto answer = p.service.Eligibility(exempt, Finance(), p.clock.Now());
  CHECK_FALSE(answer->eligibility.eligible);
  CHECK(answer->eligibility.reasons == std::vector<std::string>{"REASSESSMENT_REQUIRED"});
  // Submitted again, it goes through the gate it was sent to.
  const auto again = p.Run(exempt, EventType::kSubmit);
  CHECK(again.activity->state == State::kSubmitted);
  CHECK(again.activity->gate == engine::Gate::kRebaseline);
  p.RequireReplayEqual();
}

TEST_CASE("links: a cost change reaches every open member of the group") {
  Programme p;
  const auto exempt = p.Create(1'000'000);
  REQUIRE(p.Run(exempt, EventType::kSubmit).activity->state == State::kExempt);
  const auto draft = p.Create(2'000'000);
  REQUIRE(p.Link(exempt, draft).status == Status::kOk);
  // The draft's estimate is not locked yet: an edit changes it.
  const auto edit = p.Run(draft, EventType::kUpdate, {{"ictCostEur", 3'500'000}});
  REQUIRE(edit.status == Status::kOk);
  CHECK(edit.activity->id == draft);
  CHECK(p.Load(exempt).linked_cost_eur == 3'500'000);
  CHECK(p.Load(exempt).state == State::kExempt);  // 4.5 million
  // The exempt one reports its own change; its group sum is what matters.
  const auto change = p.Run(exempt, EventType::kReportChange,
                            {{"reasonCode", "setbacks"}, {"newCostEur", 1'400'000}});
  CHECK(change.activity->state == State::kExempt);  // 4.9 million
  CHECK(p.Load(draft).linked_cost_eur == 1'400'000);
  p.Run(draft, EventType::kUpdate, {{"ictCostEur", 3'600'000}});
  CHECK(p.Load(exempt).state == State::kReassessmentRequired);  // 5.0 million
  const auto last = p.store.Events(exempt).back().event;
  CHECK(last.payload["op"] == "cost-change");
  CHECK(last.payload["activities"] == json{draft});
  CHECK(last.actor.role == engine::Role::kSystem);
  p.RequireReplayEqual();
}

TEST_CASE("links: unlinking splits the group and lowers the sums") {
  Programme p;
  const auto a = p.Create(1'000'000);
  const auto b = p.Create(2'000'000);
  const auto c = p.Create(4'000'000);
  REQUIRE(p.Link(a, b).status == Status::kOk);
  REQUIRE(p.Link(b, c).status == Status::kOk);
  CHECK(p.Load(a).linked_cost_eur == 6'000'000);
  const auto r = p.Link(c, b, false);
  REQUIRE(r.status == Status::kOk);
  CHECK(r.activity->links.empty());
  CHECK(p.Load(c).linked_cost_eur == 0);
  CHECK(p.Load(a).linked_cost_eur == 2'000'000);
  CHECK(p.Load(b).links == std::vector<std::string>{a});
  CHECK(p.Link(c, b, false).status == Status::kNotFound);  // no longer linked
  p.RequireReplayEqual();
}

TEST_CASE("links: refused links change nothing") {
  Programme p;
  const auto a = p.Create(1'000'000);
  const auto b = p.Create(1'000'000);
  const auto ezk = p.Create(1'000'000, "EZK");
  const auto head = p.store.Head();
  CHECK(p.Link(a, a).status == Status::kRefused);
  CHECK(p.Link(a, "BZK-2026-9999").refusal->problems.front().field == "activityId");
  CHECK(p.Link(a, ezk).status == Status::kRefused);  // invisible to a BZK owner
  CHECK(p.Link(a, b, true, Cio()).refusal->kind == engine::Refusal::Kind::kForbidden);
  CHECK(p.Link(a, b, false).status == Status::kNotFound);
  CHECK(p.service.Link(a, b, true, Owner(), "r", /*expected_version=*/7).status ==
        Status::kConflict);
  // Only Link works out a group's facts; a forged link-change is refused.
  const json forged = {
      {"op", "link"}, {"activities", {a, b}}, {"links", {b}}, {"linkedCostEur", 9'000'000}};
  CHECK(p.Run(a, EventType::kLinkChange, forged).status == Status::kRefused);
  REQUIRE(p.Run(b, EventType::kCancel, {{"reason", "stopped"}}).status == Status::kOk);
  const auto after_cancel = p.store.Head();
  CHECK(p.Link(a, b).refusal->kind == engine::Refusal::Kind::kNotAllowed);
  CHECK(p.store.Head().hash == after_cancel.hash);
  CHECK(after_cancel.length == head.length + 1);
  CHECK(p.Load(a).links.empty());
  // An owner of all departments may link across them.
  CHECK(p.Link(a, ezk, true, Owner("*")).status == Status::kOk);
  p.RequireReplayEqual();
}

TEST_CASE("links: a group holds at most kMaxGroupSize activities") {
  Programme p;
  const auto hub = p.Create(1);
  std::vector<std::string> parts;
  for (size_t i = 1; i < engine::kMaxGroupSize; ++i) {
    parts.push_back(p.Create(1));
    REQUIRE(p.Link(hub, parts.back()).status == Status::kOk);
  }
  CHECK(p.Load(hub).linked_cost_eur == static_cast<int64_t>(engine::kMaxGroupSize) - 1);
  const auto one_more = p.Create(1);
  const auto r = p.Link(one_more, parts.front());
  REQUIRE(r.status == Status::kRefused);
  CHECK(r.refusal->kind == engine::Refusal::Kind::kPrecondition);
  CHECK(p.Load(one_more).links.empty());
}

}  // namespace
}  // namespace ictgate

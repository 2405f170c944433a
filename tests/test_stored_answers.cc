// The answers kept with the record (engine/answers.h,
// migrations/0006_stored_answers.sql), through the service: stored in each
// event's transaction, before any read; sent while they hold and equal to
// the answer judged afresh; rendered and kept again past a deadline or under
// a new pack; never shown outside the caller's department.
#include <catch2/catch.hpp>

#include "app/policy_registry.h"
#include "engine/answers.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using engine::EventType;
using nlohmann::json;
using store::AnswerKind;
using testing::Owner;

// The gate answer as judged afresh from the stored record, for `viewer`.
json GateAfresh(testing::ServiceFixture& f, const std::string& id, const engine::Actor& viewer) {
  const engine::Activity a = f.Load(id);
  const engine::PolicyPack& pack = a.pack ? *f.packs.Find(*a.pack) : f.packs.Active(f.clock.Now());
  return engine::GateJson(a, engine::ViewGate(a, pack, f.clock.Now(), viewer), pack, f.clock.Now());
}

json Gate(testing::ServiceFixture& f, const std::string& id, const engine::Actor& viewer) {
  const auto text = f.service.GateAnswer(id, viewer, f.clock.Now());
  REQUIRE(text);
  return json::parse(*text);
}

std::vector<std::string> UnmetIds(const json& gate) {
  std::vector<std::string> ids;
  for (const auto& c : gate["unmetCriteria"]) ids.push_back(c["id"]);
  return ids;
}

TEST_CASE("stored answers: kept in each event's transaction, before any read") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Create();
  auto kept = f.store.Answer(id, AnswerKind::kGate);
  REQUIRE(kept);  // no read has happened yet
  CHECK(kept->terms.from == f.Load(id).updated_at);
  CHECK(kept->department == "BZK");
  CHECK(kept->state == engine::State::kDraft);
  CHECK(json::parse(kept->text)["version"] == 1);

  // The owner edits the dossier: the write keeps the new version's answers.
  f.Require(id, EventType::kUpdate,
            {{"dossier", {{"dpiaCompleted", false}, {"exitStrategyDocumented", false}}}}, Owner());
  kept = f.store.Answer(id, AnswerKind::kGate);
  REQUIRE(kept);
  const json stored = json::parse(kept->text);
  CHECK(stored["version"] == 2);
  json afresh = GateAfresh(f, id, Owner());
  CHECK(UnmetIds(stored) == UnmetIds(afresh));
  CHECK(Gate(f, id, Owner()) == afresh);
  const auto eligibility = f.store.Answer(id, AnswerKind::kEligibility);
  REQUIRE(eligibility);
  CHECK(json::parse(eligibility->text)["reflectsEvent"]["version"] == 2);
}

TEST_CASE("stored answers: each caller gets its own actions, another department nothing") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Approved("orange");
  for (const engine::Actor& viewer : {Owner(), testing::Cio(), testing::Finance()}) {
    CHECK(Gate(f, id, viewer) == GateAfresh(f, id, viewer));
  }
  CHECK(Gate(f, id, testing::Finance())["actions"] != Gate(f, id, testing::Cio())["actions"]);
  CHECK_FALSE(f.service.GateAnswer(id, Owner("EZK"), f.clock.Now()));
  CHECK_FALSE(f.service.EligibilityNow(id, testing::Finance("EZK"), f.clock.Now()));
  CHECK_FALSE(f.service.GateAnswer("BZK-2026-9999", Owner(), f.clock.Now()));
}

TEST_CASE("stored answers: past a deadline, judged again and kept with the new instant") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Approved("orange", "2027-03-01");
  const auto before = f.store.Answer(id, AnswerKind::kEligibility);
  REQUIRE(before);
  REQUIRE(before->terms.until);
  CHECK(*before->terms.until == engine::StartOf(*engine::ParseDate("2027-03-02")));

  f.clock.Set(engine::StartOf(*engine::ParseDate("2027-03-05")));
  const auto text = f.service.EligibilityNow(id, testing::Finance(), f.clock.Now());
  REQUIRE(text);
  const json overdue = json::parse(*text);
  CHECK(overdue["status"] == "not_eligible");
  CHECK(overdue["reasons"] == json{"CONDITIONS_OVERDUE"});
  CHECK(overdue["at"] == engine::FormatZonedInstant(f.clock.Now()));
  const auto after = f.store.Answer(id, AnswerKind::kEligibility);
  REQUIRE(after);
  CHECK(after->terms.from == f.clock.Now());
  // The next deadline ahead is the verdict's expiry.
  CHECK(after->terms.until == engine::NextDeadline(f.Load(id), f.clock.Now()));
  CHECK(after->terms.until == engine::StartOf(f.Load(id).verdict->valid_until));
  CHECK(json::parse(after->text)["status"] == "not_eligible");
}

TEST_CASE("stored answers: a new pack in force is judged under, and kept") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Create();
  REQUIRE_FALSE(f.Load(id).pack);  // a draft is judged under the pack in force
  const std::vector<std::string> unmet_first = UnmetIds(Gate(f, id, Owner()));

  json stricter = f.packs.Active(f.clock.Now()).document;
  stricter["version"] = "2026.9";
  json criterion = stricter["criteria"][0];
  criterion["id"] = "no-dpia-yet";
  criterion["check"] = {{"!", json::array({{{"var", "dpiaCompleted"}}})}};
  stricter["criteria"].push_back(criterion);
  const auto parsed = app::LoadPack(stricter);
  REQUIRE(parsed.ok());
  f.packs.Register(parsed.value(), f.clock.Now());
  const std::string& in_force = f.packs.Active(f.clock.Now()).ref.content_hash;
  REQUIRE(f.store.Answer(id, AnswerKind::kGate)->terms.pack_hash != in_force);

  const json under_second = Gate(f, id, Owner());
  CHECK(under_second == GateAfresh(f, id, Owner()));
  std::vector<std::string> expected = unmet_first;
  expected.emplace_back("no-dpia-yet");  // the new criterion, last in pack order
  CHECK(UnmetIds(under_second) == expected);
  CHECK(f.store.Answer(id, AnswerKind::kGate)->terms.pack_hash == in_force);
}

TEST_CASE("stored answers: a clock set back before the record answers as of then, keeps none") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Approved("green");  // the verdict recorded at kNow + 3 days
  const engine::Instant verdict_at = f.Load(id).updated_at;
  f.clock.Set(verdict_at - std::chrono::hours(12));  // accepted, no verdict yet
  const auto text = f.service.EligibilityNow(id, testing::Finance(), f.clock.Now());
  REQUIRE(text);
  const json then = json::parse(*text);
  CHECK(then["status"] == "not_eligible");
  CHECK(then["reasons"] == json{"NO_VERDICT"});
  CHECK(f.store.Answer(id, AnswerKind::kEligibility)->terms.from == verdict_at);
}

}  // namespace
}  // namespace ictgate

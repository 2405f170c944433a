// The gate view's judgement (engine::JudgeForGate: the pack's JSON Logic over
// the dossier) is kept by the service per activity version and pack: made
// once per version, made again after a write or under another pack, and
// always what a judgement made afresh would say.
#include <catch2/catch.hpp>

#include "app/policy_registry.h"
#include "engine/gate.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using engine::EventType;
using nlohmann::json;
using testing::Owner;

// The criteria a view reports unmet, by id.
std::vector<std::string> Unmet(const engine::GateView& g) {
  std::vector<std::string> ids;
  for (const auto& o : g.unmet_criteria) ids.push_back(o.id);
  return ids;
}

// The view as it would be judged afresh, without the service's keeping.
engine::GateView Afresh(testing::ServiceFixture& f, const engine::Activity& a) {
  return engine::ViewGate(a, f.packs.Active(f.clock.Now()), f.clock.Now(), Owner());
}

TEST_CASE("gate judgement: kept for a version, made again after a write, equal to a fresh one") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Create();
  const auto before = f.service.GateJudgementCounts();
  const auto green = f.service.Get(id, Owner());
  REQUIRE(green);

  const auto first = f.service.Gate(*green, Owner(), f.clock.Now());
  REQUIRE(first);
  CHECK(f.service.GateJudgementCounts().misses == before.misses + 1);
  const auto again = f.service.Gate(*green, Owner(), f.clock.Now());
  REQUIRE(again);
  CHECK(f.service.GateJudgementCounts().hits == before.hits + 1);
  CHECK(Unmet(*again) == Unmet(Afresh(f, *green)));
  CHECK(again->provisional.advisory == Afresh(f, *green).provisional.advisory);
  CHECK(again->provisional.decided_by == Afresh(f, *green).provisional.decided_by);

  // The owner edits the dossier: a new version, judged anew.
  f.Require(id, EventType::kUpdate,
            {{"dossier", {{"dpiaCompleted", false}, {"exitStrategyDocumented", false}}}}, Owner());
  const auto edited = f.service.Get(id, Owner());
  REQUIRE(edited);
  REQUIRE(edited->version == green->version + 1);
  const auto view = f.service.Gate(*edited, Owner(), f.clock.Now());
  REQUIRE(view);
  CHECK(f.service.GateJudgementCounts().misses == before.misses + 2);
  CHECK(Unmet(*view) == Unmet(Afresh(f, *edited)));
  CHECK(Unmet(*view) != Unmet(*again));  // the edit is seen, not the kept judgement
}

TEST_CASE("gate judgement: a new pack in force is judged under, not the kept judgement") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Create();
  const auto a = f.service.Get(id, Owner());
  REQUIRE(a);
  REQUIRE(!a->pack);  // a draft is not pinned: it is judged under the pack in force
  const auto under_first = f.service.Gate(*a, Owner(), f.clock.Now());
  REQUIRE(under_first);
  // Criteria pending a CIO's finding are unmet before a verdict, whatever the dossier.
  const std::vector<std::string> unmet_first = Unmet(*under_first);

  // A stricter pack comes into force: its new criterion fails for the same
  // dossier at the same version.
  json stricter = f.packs.Active(f.clock.Now()).document;
  stricter["version"] = "2026.9";
  json criterion = stricter["criteria"][0];
  criterion["id"] = "no-dpia-yet";
  criterion["check"] = {{"!", json::array({{{"var", "dpiaCompleted"}}})}};
  stricter["criteria"].push_back(criterion);
  const auto parsed = app::LoadPack(stricter);
  REQUIRE(parsed.ok());
  f.packs.Register(parsed.value(), f.clock.Now());
  REQUIRE(f.packs.Active(f.clock.Now()).ref.version == "2026.9");

  const auto under_second = f.service.Gate(*a, Owner(), f.clock.Now());
  REQUIRE(under_second);
  CHECK(Unmet(*under_second) == Unmet(Afresh(f, *a)));
  std::vector<std::string> expected = unmet_first;
  expected.emplace_back("no-dpia-yet");  // the new criterion, last in pack order
  CHECK(Unmet(*under_second) == expected);
}

TEST_CASE("gate judgement: another department's viewer gets no view, kept judgement or not") {
  testing::ServiceFixtureInTempDir f;
  const std::string id = f.Create();
  const auto a = f.service.Get(id, Owner());
  REQUIRE(a);
  REQUIRE(f.service.Gate(*a, Owner(), f.clock.Now()));
  CHECK_FALSE(f.service.Gate(*a, Owner("EZK"), f.clock.Now()));
}

}  // namespace
}  // namespace ictgate

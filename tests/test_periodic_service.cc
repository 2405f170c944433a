// The running service records a periodic re-assessment falling due
// (app/service.h, RecordClockEvents), under a registered pack that sets one,
// also for an activity without conditions, and the record replays.
#include <catch2/catch.hpp>

#include "app/demo_seed.h"
#include "app/oordeel.h"
#include "engine/answer_texts.h"
#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using nlohmann::json;

TEST_CASE_METHOD(ServiceFixtureInTempDir,
                 "the clock records reassessment-due for a funded activity, once, and it replays") {
  json periodic = packs.Active(clock.Now()).document;
  periodic["version"] = "2026.8";
  periodic["reassessmentTriggers"]["periodicReassessmentMonths"] = 12;
  packs.Register(app::LoadPack(periodic).value(), clock.Now());
  const std::string id = Create();
  Require(id, EventType::kSubmit, json::object(), Owner());
  Require(id, EventType::kAcceptIntake, json::object(), Cio());
  Require(id, EventType::kRecordVerdict,
          app::CompleteAssessment(packs.Active(clock.Now()), ExampleDossier("green")), Cio());
  Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());
  const auto funded = *store.Load(id);
  REQUIRE(funded.conditions.empty());  // the scan must not skip it
  REQUIRE(funded.verdict->reassess_by);
  CHECK(service.RecordClockEvents() == 0);
  const auto document = app::OordeelHtml(*service.Events(id, Cio()), packs, clock.Now());
  REQUIRE(document);
  CHECK_THAT(*document, Catch::Contains("Na financiering opnieuw te toetsen vóór " +
                                        engine::LongDate(*funded.verdict->reassess_by,
                                                         engine::Language::kDutch)));

  clock.Set(engine::StartOf(*funded.verdict->reassess_by));
  CHECK(service.RecordClockEvents() == 1);
  const auto back = *store.Load(id);
  CHECK(back.state == engine::State::kReassessmentRequired);
  CHECK(back.gate == engine::Gate::kPeriodic);
  const auto events = store.Events(id);
  CHECK(events.back().event.type == EventType::kReassessmentDue);
  CHECK(events.back().event.actor.role == engine::Role::kSystem);
  CHECK(service.RecordClockEvents() == 0);  // nothing twice
  CHECK(service.VerifyReplay().mismatches.empty());
  const auto e = service.Eligibility(id, Finance(), clock.Now());
  REQUIRE(e);
  CHECK(e->eligibility.reasons == std::vector<std::string>{"REASSESSMENT_DUE"});
}

}  // namespace
}  // namespace ictgate

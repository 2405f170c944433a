// A Service on the default pack over a database file, driven by a manual
// clock: what the service-level tests share.
#ifndef ICTGATE_TESTS_SERVICE_FIXTURE_H_
#define ICTGATE_TESTS_SERVICE_FIXTURE_H_

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "app/application.h"
#include "app/demo_seed.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "engine/clock.h"
#include "fixtures.h"
#include "store/sqlite_store.h"

namespace ictgate::testing {

// The application on the default pack over a database file, with a manual
// clock, and the steps the service-level tests take.
class ServiceFixture {
 public:
  explicit ServiceFixture(const std::string& path, engine::Instant start = kNow)
      : clock(start),
        app(std::make_unique<store::SqliteStore>(path), clock),
        store(static_cast<store::SqliteStore&>(app.store())),
        packs(app.packs()),
        service(app.service()) {}

  engine::ManualClock clock;
  app::Application app;
  store::SqliteStore& store;
  app::PolicyRegistry& packs;
  app::Service& service;

  // A registered activity with the green example dossier.
  std::string Create(int64_t cost = 10'000'000, const std::string& dept = "BZK") {
    nlohmann::json input = NewActivityInput(cost, dept);
    input["dossier"] = ExampleDossier("green");
    const auto r = service.Create(input, Owner(dept), "create");
    REQUIRE(r.status == app::WriteOutcome::Status::kOk);
    return r.activity->id;
  }
  // Runs a command a day after the previous one and returns its result.
  app::WriteOutcome Run(const std::string& id, engine::EventType type, nlohmann::json payload,
                        engine::Actor actor) {
    clock.Advance(std::chrono::hours(24));
    return service.Execute(id, {type, std::move(payload), actor, "run"});
  }
  void Require(const std::string& id, engine::EventType type, nlohmann::json payload,
               engine::Actor actor) {
    const auto r = Run(id, type, std::move(payload), std::move(actor));
    INFO(r.message);
    REQUIRE(r.status == app::WriteOutcome::Status::kOk);
  }
  // Submitted, accepted and assessed: green, or orange with one condition due `due`.
  std::string Approved(const std::string& verdict = "green", const char* due = "2027-03-01") {
    const std::string id = Create();
    Require(id, engine::EventType::kSubmit, nlohmann::json::object(), Owner());
    Require(id, engine::EventType::kAcceptIntake, nlohmann::json::object(), Cio());
    nlohmann::json assessment =
        app::CompleteAssessment(packs.Active(clock.Now()), ExampleDossier("green"));
    if (verdict == "orange") {
      assessment["areaScores"]["sourcing"] = "attention";
      assessment["verdict"] = "orange";
      assessment["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", due}}};
    }
    Require(id, engine::EventType::kRecordVerdict, assessment, Cio());
    return id;
  }
  app::EligibilityReport Eligibility(const std::string& id, engine::Instant at) {
    auto report = service.Eligibility(id, Finance(), at);
    REQUIRE(report);
    return *report;
  }
  std::string StatusAt(const std::string& id, engine::Instant at) {
    return std::string(engine::EligibilityStatusName(Eligibility(id, at).eligibility.status));
  }
  std::vector<std::string> ReasonsAt(const std::string& id, engine::Instant at) {
    return Eligibility(id, at).eligibility.reasons;
  }
  engine::Activity Load(const std::string& id) { return *store.Load(id); }
  // Every log replays to its stored record, and the chain verifies.
  void RequireReplayEqual() {
    CHECK(service.VerifyReplay().mismatches.empty());
    CHECK(store.VerifyChain().ok);
  }
};

// A ServiceFixture on a file of its own, removed afterwards.
struct WithTempDir {
  TempDir dir;
};
struct ServiceFixtureInTempDir : WithTempDir, ServiceFixture {
  ServiceFixtureInTempDir() : ServiceFixture(dir.File("service.db")) {}
};

}  // namespace ictgate::testing

#endif  // ICTGATE_TESTS_SERVICE_FIXTURE_H_

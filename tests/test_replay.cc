// The current state of an activity always equals the replay of its log
// through the state machine (docs/spec.md section 6), checked on randomly
// generated command sequences: valid and invalid inputs, permitted and
// forbidden roles, and a clock that jumps ahead so verdicts expire and
// conditions go overdue.
#include <map>
#include <random>
#include <set>

#include <catch2/catch.hpp>

#include "app/demo_seed.h"
#include "app/policy_registry.h"
#include "app/service.h"
#include "engine/lifecycle.h"
#include "engine/permissions.h"
#include "fixtures.h"
#include "store/sqlite_store.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using engine::State;
using nlohmann::json;

class CommandGenerator {
 public:
  CommandGenerator(uint32_t seed, app::Service& service) : rng_(seed), service_(service) {}

  engine::Command Next(const engine::Activity& a, engine::Instant now) {
    const auto allowed = engine::AllowedEvents(a.state);
    const auto& all = engine::MachineEventTypes();
    EventType type = !allowed.empty() && Chance(0.8) ? Pick(allowed) : Pick(all);
    // Cancel and complete end a log; make them rare so logs grow long.
    while ((type == EventType::kCancel || type == EventType::kComplete) && Chance(0.9)) {
      type = Pick(all);
    }
    return {type, Payload(type, a, now), ActorFor(type), "gen"};
  }

  bool Chance(double p) { return std::uniform_real_distribution<>(0, 1)(rng_) < p; }
  int Between(int lo, int hi) { return std::uniform_int_distribution<>(lo, hi)(rng_); }

 private:
  template <typename T>
  T Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Between(0, static_cast<int>(v.size()) - 1))];
  }

  engine::Actor ActorFor(EventType type) {
    if (Chance(0.1)) {
      using engine::Role;
      const std::vector<Role> roles = {Role::kOwner, Role::kCio, Role::kFinance, Role::kSg,
                                       Role::kSystem};
      return {"someone", Pick(roles), "BZK"};
    }
    const engine::Role role = engine::RolesFor(type).front();
    return {"gen " + std::string(engine::RoleName(role)), role,
            role == engine::Role::kSystem ? "*" : (Chance(0.05) ? "EZK" : "BZK")};
  }

  std::string DateIn(engine::Instant now, int days) {
    return engine::FormatDate(engine::Date{engine::DateOf(now).days + days});
  }

  json Payload(EventType type, const engine::Activity& a, engine::Instant now) {
    const bool valid = Chance(0.85);
    switch (type) {
      case EventType::kReturnIntake:
      case EventType::kOverrule:
      case EventType::kCancel:
        return valid ? json{{"reason", "generated reason"}} : json::object();
      case EventType::kRecordVerdict: {
        const std::vector<std::string> colours = {"green", "orange", "red"};
        const std::string colour = Pick(colours);
        json p = app::CompleteAssessment(service_.PackFor(a, type), a.dossier);
        if (p["verdict"] != colour && Chance(0.7)) p["justification"] = "deviation explained";
        if (Chance(0.1)) p["areaScores"].erase(p["areaScores"].begin());
        p["verdict"] = colour;
        const bool conditions = (colour == "orange") == valid;
        if (conditions) {
          json list = json::array();
          for (int i = Between(1, 3); i > 0; --i) {
            list.push_back({{"text", "condition"}, {"dueDate", DateIn(now, Between(1, 120))}});
          }
          p["conditions"] = list;
        }
        return p;
      }
      case EventType::kReviewCondition: {
        std::string id = "C99";
        if (!a.conditions.empty() && valid) {
          id = a.conditions[static_cast<size_t>(
                                Between(0, static_cast<int>(a.conditions.size()) - 1))]
                   .id;
        }
        return {{"conditionId", id}, {"outcome", Chance(0.5) ? "met" : "waived"}};
      }
      case EventType::kGrantFunding:
        return {{"amountEur", valid ? Between(1, 5'000'000) : -Between(0, 100)}};
      case EventType::kReportChange: {
        json p = {{"reasonCode", valid ? std::string(Pick(engine::ChangeReasonCodes())) : "whim"}};
        if (Chance(0.7)) p["newCostEur"] = a.ict_cost_eur / 100 * Between(80, 160);
        if (Chance(0.5)) {
          p["newPlannedEnd"] = engine::FormatDate(engine::AddMonths(a.planned_end, Between(0, 12)));
        }
        if (Chance(0.1)) p["scopeChange"] = true;
        return p;
      }
      default:
        return valid ? json::object() : json{{"unexpected", true}};
    }
  }

  std::mt19937 rng_;
  app::Service& service_;
};

TEST_CASE("replaying any generated log through a fresh machine gives the stored state") {
  TempDir dir;
  store::SqliteStore store(dir.File("replay.db"));
  engine::ManualClock clock(kNow);
  app::PolicyRegistry packs(store, kNow);
  app::Service service(store, clock, packs);

  std::map<std::string, int> outcomes;
  std::set<State> states_seen;
  size_t accepted = 0;
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    CommandGenerator gen(seed, service);
    const int64_t cost = gen.Chance(0.2) ? 3'000'000 : 9'000'000;
    json input = NewActivityInput(cost);
    input["dossier"] =
        ExampleDossierFor(packs.Active(clock.Now()), gen.Chance(0.5) ? "green" : "orange");
    auto created = service.Create(input, Owner(), "gen");
    REQUIRE(created.status == app::WriteOutcome::Status::kOk);
    const std::string id = created.activity->id;
    for (int step = 0; step < 80; ++step) {
      clock.Advance(std::chrono::hours(gen.Between(1, 24 * 40)));
      const auto current = *store.Load(id);
      if (engine::IsTerminal(current.state)) break;
      const auto r = service.Execute(id, gen.Next(current, clock.Now()));
      REQUIRE((r.status == app::WriteOutcome::Status::kOk ||
               r.status == app::WriteOutcome::Status::kRefused ||
               r.status == app::WriteOutcome::Status::kNotFound));
      ++outcomes[r.status == app::WriteOutcome::Status::kOk ? "accepted" : "refused"];
      if (r.status == app::WriteOutcome::Status::kOk) {
        ++accepted;
        states_seen.insert(r.activity->state);
      }
    }
    // Per activity: the replay of the stored log equals the stored record.
    std::vector<engine::Event> log;
    for (const auto& e : store.Events(id)) log.push_back(e.event);
    const auto replay =
        engine::Replay(log, [&](const engine::PackRef& ref) { return packs.Find(ref); });
    INFO("seed " << seed << ": " << (replay.ok() ? "" : replay.error().message));
    REQUIRE(replay.ok());
    CHECK(engine::ToJson(replay.value()) == engine::ToJson(*store.Load(id)));
  }
  WARN("generated logs: " << outcomes["accepted"] << " commands accepted, " << outcomes["refused"]
                          << " refused, " << states_seen.size() << " states reached");
  // The generator must actually exercise the machine, not only be refused.
  CHECK(accepted > 300);
  CHECK(outcomes["refused"] > 100);
  CHECK(states_seen.size() >= 10);

  const auto report = service.VerifyReplay();
  CHECK(report.activities == 40);
  CHECK(report.mismatches.empty());
  CHECK(store.VerifyChain().ok);
}

const engine::PolicyPack* TestPackOnly(const engine::PackRef& ref) {
  return ref == TestPack().ref ? &TestPack() : nullptr;
}

std::vector<engine::Event> SmallLog() {
  engine::Activity a;
  std::vector<engine::Event> log;
  auto add = [&](const engine::Decision& d) {
    REQUIRE(d.ok());
    auto e = d.value();
    e.activity_id = "BZK-2026-0001";
    a = engine::Apply(a, e);
    log.push_back(e);
  };
  add(engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "r"}, TestPack(),
                           kNow));
  add(engine::Decide(a, {EventType::kSubmit, json::object(), Owner(), "r"}, TestPack(), kNow));
  add(engine::Decide(a, {EventType::kAcceptIntake, json::object(), Cio(), "r"}, TestPack(), kNow));
  add(engine::Decide(a, {EventType::kRecordVerdict, Assessment("green"), Cio(), "r"}, TestPack(),
                     kNow));
  return log;
}

TEST_CASE("replay rejects a log whose recorded outcome the machine would not reach") {
  auto log = SmallLog();
  REQUIRE(engine::Replay(log, TestPackOnly).ok());

  auto wrong_target = log;
  wrong_target[3].to = State::kRejected;
  auto r = engine::Replay(wrong_target, TestPackOnly);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().field == "events/4");
  CHECK_THAT(r.error().message, Catch::Contains("event version 4"));

  auto forbidden = log;
  forbidden[2].actor = Owner();  // an owner cannot accept an intake
  r = engine::Replay(forbidden, TestPackOnly);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("refused on replay"));

  auto gap = log;
  gap.erase(gap.begin() + 1);
  CHECK_THAT(engine::Replay(gap, TestPackOnly).error().message,
             Catch::Contains("version does not follow"));

  auto derived = log;
  derived[3].derived["validUntil"] = "2099-01-01";
  CHECK_FALSE(engine::Replay(derived, TestPackOnly).ok());

  CHECK(engine::Replay({}, TestPackOnly).error().field.empty());

  auto unknown_pack = log;
  unknown_pack[1].derived["pack"]["contentHash"] = "other";
  CHECK_THAT(engine::Replay(unknown_pack, TestPackOnly).error().message,
             Catch::Contains("is unknown"));
}

}  // namespace
}  // namespace ictgate

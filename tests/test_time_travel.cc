// Funding eligibility over time (docs/spec.md sections 4 and 6), with the
// injectable clock: answers as of any instant, verdict expiry, overdue
// conditions, funding decisions, and a restart that catches up what the
// clock made true while the service was down.
#include <csignal>
#include <cstdio>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

#include "service_fixture.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::EventType;
using engine::State;
using nlohmann::json;
using Status = app::WriteOutcome::Status;

constexpr std::chrono::milliseconds kOneMs{1};

struct Fixture {
  ServiceFixtureInTempDir t;
};

TEST_CASE_METHOD(Fixture, "as-of answers: before and after each event of a lifecycle") {
  const std::string id = t.Approved("orange");
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}, {"reference", "FEZ-1"}},
            Finance());
  t.Require(id, EventType::kReviewCondition, {{"conditionId", "C1"}, {"outcome", "met"}}, Cio());
  t.Require(id, EventType::kReportChange, {{"reasonCode", "setbacks"}, {"newCostEur", 13'000'000}},
            Owner());
  const auto log = t.store.Events(id);
  REQUIRE(log.size() == 7);
  // The status each event leaves, in log order.
  const std::vector<std::string> expected = {
      "not_eligible",              // create
      "not_eligible",              // submit
      "not_eligible",              // accept-intake
      "eligible_with_conditions",  // record-verdict (orange, C1 open)
      "eligible_with_conditions",  // grant-funding (in execution, C1 still open)
      "eligible",                  // review-condition (C1 met)
      "not_eligible"};             // report-change (material: 30 % more)
  // The clock has moved on; the answers come from the log, not from now.
  t.clock.Advance(std::chrono::hours(24 * 30));
  std::vector<engine::Event> prefix;
  for (size_t i = 0; i < log.size(); ++i) {
    const engine::Instant at = log[i].event.at;
    INFO("event " << i + 1 << " " << engine::EventTypeName(log[i].event.type));
    prefix.push_back(log[i].event);
    const auto report = t.Eligibility(id, at);
    CHECK(report.activity.version == static_cast<int64_t>(i + 1));
    CHECK(engine::EligibilityStatusName(report.eligibility.status) == expected[i]);
    // The same as folding the log up to this event by hand.
    const auto replayed =
        engine::Replay(prefix, [&](const engine::PackRef& ref) { return t.packs.Find(ref); });
    REQUIRE(replayed.ok());
    CHECK(engine::ToJson(report.activity) == engine::ToJson(replayed.value()));
    // A millisecond earlier, the event had not happened.
    const auto before = t.service.Eligibility(id, Finance(), at - kOneMs);
    if (i == 0) {
      CHECK_FALSE(before);  // not yet registered
    } else {
      REQUIRE(before);
      CHECK(before->activity.version == static_cast<int64_t>(i));
    }
    // The department answer at that instant says the same.
    const auto portfolio = t.service.PortfolioEligibility("BZK", Finance(), at);
    REQUIRE(portfolio.size() == 1);
    CHECK(portfolio[0].activity.version == report.activity.version);
    CHECK(portfolio[0].eligibility.status == report.eligibility.status);
  }
  CHECK(t.ReasonsAt(id, t.clock.Now()) == std::vector<std::string>{"REASSESSMENT_REQUIRED"});
}

TEST_CASE_METHOD(Fixture, "expiry: validity runs out with or without the expire event") {
  const std::string id = t.Approved();
  const engine::Instant recorded = t.clock.Now();
  const engine::Date valid_until = t.store.Load(id)->verdict->valid_until;
  CHECK(valid_until == engine::AddMonths(engine::DateOf(recorded), 12));
  const engine::Instant end = engine::StartOf(valid_until);
  CHECK(t.StatusAt(id, end - kOneMs) == "eligible");
  CHECK(t.ReasonsAt(id, end) == std::vector<std::string>{"VERDICT_EXPIRED"});

  // The clock passes the end; nothing has recorded it yet.
  t.clock.Set(end + std::chrono::hours(36));
  CHECK(t.store.Load(id)->state == State::kApproved);
  CHECK(t.ReasonsAt(id, t.clock.Now()) == std::vector<std::string>{"VERDICT_EXPIRED"});
  const auto head = t.store.Head();
  const auto refused =
      t.service.Execute(id, {EventType::kGrantFunding, {{"amountEur", 1}}, Finance(), "late"});
  REQUIRE(refused.status == Status::kRefused);
  CHECK(refused.refusal->kind == engine::Refusal::Kind::kPrecondition);
  CHECK_THAT(refused.refusal->problems.front().message, Catch::StartsWith("VERDICT_EXPIRED"));
  CHECK(t.store.Head().hash == head.hash);

  // The service records it; the past still answers as it stood.
  CHECK(t.service.RecordClockEvents() == 1);
  const auto last = t.store.Events(id).back().event;
  CHECK(last.type == EventType::kExpire);
  CHECK(last.actor.role == engine::Role::kSystem);
  CHECK(t.store.Load(id)->state == State::kExpired);
  CHECK(t.ReasonsAt(id, end) == std::vector<std::string>{"VERDICT_EXPIRED"});
  CHECK(t.StatusAt(id, end - kOneMs) == "eligible");
  CHECK(t.ReasonsAt(id, t.clock.Now()) == std::vector<std::string>{"VERDICT_EXPIRED"});
  CHECK(t.service.RecordClockEvents() == 0);
  t.RequireReplayEqual();
}

TEST_CASE_METHOD(Fixture, "validity only runs until the first funding") {
  const std::string id = t.Approved();
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());
  t.clock.Advance(std::chrono::hours(24 * 400));  // well past the validity
  CHECK(t.StatusAt(id, t.clock.Now()) == "eligible");
  CHECK(t.service.RecordClockEvents() == 0);
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 2'000'000}, {"reference", "FEZ-2"}},
            Finance());
  const auto a = *t.store.Load(id);
  CHECK(a.state == State::kInExecution);
  CHECK(a.funded_eur == 3'000'000);
  REQUIRE(a.funding_decisions.size() == 2);
  CHECK(a.funding_decisions[1].reference == "FEZ-2");
  // The record names who decided by pseudonym (app/actors.h).
  CHECK(a.funding_decisions[1].by == t.store.ActorId(Finance().name));
}

TEST_CASE_METHOD(Fixture, "overdue conditions block funding and are recorded once") {
  const std::string id = t.Approved("orange", "2027-01-15");
  // Overdue from the first instant of the day after the due date.
  const engine::Instant due_end = engine::StartOf(D("2027-01-16"));
  CHECK(t.StatusAt(id, due_end - kOneMs) == "eligible_with_conditions");
  CHECK(t.ReasonsAt(id, due_end) == std::vector<std::string>{"CONDITIONS_OVERDUE"});
  CHECK(t.service.RecordClockEvents() == 0);  // not due yet

  t.clock.Set(due_end + std::chrono::hours(1));
  const auto refused =
      t.service.Execute(id, {EventType::kGrantFunding, {{"amountEur", 1}}, Finance(), "r"});
  REQUIRE(refused.status == Status::kRefused);
  CHECK_THAT(refused.refusal->problems.front().message,
             Catch::Contains("condition C1 was due 2027-01-15"));
  CHECK(t.service.RecordClockEvents() == 1);
  const auto last = t.store.Events(id).back().event;
  CHECK(last.type == EventType::kConditionOverdue);
  CHECK(last.from == State::kConditionallyApproved);
  CHECK(last.to == State::kConditionallyApproved);
  CHECK(last.payload == json{{"conditionId", "C1"}});
  CHECK(t.store.Load(id)->conditions[0].overdue_recorded_at == last.at);
  CHECK(t.service.RecordClockEvents() == 0);  // once

  // The CIO finds the condition met after all: funding may proceed.
  t.Require(id, EventType::kReviewCondition, {{"conditionId", "C1"}, {"outcome", "met"}}, Cio());
  CHECK(t.StatusAt(id, t.clock.Now()) == "eligible");
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());
  t.RequireReplayEqual();
}

TEST_CASE_METHOD(Fixture, "in execution an overdue condition blocks further tranches") {
  const std::string id = t.Approved("orange", "2027-01-15");
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());
  t.clock.Set(At("2027-02-01T09:00:00Z"));
  CHECK(t.ReasonsAt(id, t.clock.Now()) == std::vector<std::string>{"CONDITIONS_OVERDUE"});
  CHECK(t.service.Execute(id, {EventType::kGrantFunding, {{"amountEur", 1}}, Finance(), "r"})
            .status == Status::kRefused);
  CHECK(t.service.RecordClockEvents() == 1);
  CHECK(t.store.Events(id).back().event.type == EventType::kConditionOverdue);
  t.Require(id, EventType::kReviewCondition, {{"conditionId", "C1"}, {"outcome", "waived"}}, Cio());
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 500'000}}, Finance());
  CHECK(t.store.Load(id)->funded_eur == 1'500'000);
  t.RequireReplayEqual();
}

TEST_CASE_METHOD(Fixture, "finance's refusals are recorded without a state change") {
  const std::string id = t.Approved();
  const json refusal = {{"amountEur", 4'000'000}, {"reference", "FEZ-9"}, {"reason", "no budget"}};
  const auto r = t.Run(id, EventType::kRefuseFunding, refusal, Finance());
  REQUIRE(r.status == Status::kOk);
  CHECK(r.event->event.from == State::kApproved);
  CHECK(r.event->event.to == State::kApproved);
  REQUIRE(r.activity->funding_decisions.size() == 1);
  const auto& decision = r.activity->funding_decisions[0];
  CHECK_FALSE(decision.granted);
  CHECK(decision.amount_eur == 4'000'000);
  CHECK(decision.reason == "no budget");
  CHECK(r.activity->funded_eur == 0);
  CHECK(t.StatusAt(id, t.clock.Now()) == "eligible");  // a refusal changes no eligibility

  const auto head = t.store.Head();
  CHECK(t.Run(id, EventType::kRefuseFunding, {{"amountEur", 1}}, Finance())
            .refusal->problems[0]
            .field == "reason");
  CHECK(
      t.Run(id, EventType::kRefuseFunding, {{"amountEur", 0}, {"reason", "x"}}, Finance()).status ==
      Status::kRefused);
  CHECK(t.Run(id, EventType::kRefuseFunding, refusal, Owner()).refusal->kind ==
        engine::Refusal::Kind::kForbidden);
  const std::string draft = t.Create();
  const auto head_after_create = t.store.Head();
  CHECK(t.Run(draft, EventType::kRefuseFunding, refusal, Finance()).refusal->kind ==
        engine::Refusal::Kind::kNotAllowed);
  CHECK(t.store.Head().length == head.length + 1);
  CHECK(t.store.Head().hash == head_after_create.hash);
  t.RequireReplayEqual();
}

TEST_CASE_METHOD(Fixture, "herijking: a material change blocks funding until a new verdict") {
  const std::string id = t.Approved();
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 2'000'000}}, Finance());
  // Slipping the end date by six months is material under the default pack.
  t.Require(id, EventType::kReportChange,
            {{"reasonCode", "implementation-complexity"},
             {"newPlannedEnd", "2029-06-30"},
             {"description", "vendor delays"}},
            Owner());
  engine::Activity a = *t.store.Load(id);
  CHECK(a.state == State::kReassessmentRequired);
  CHECK(a.gate == engine::Gate::kRebaseline);
  CHECK(t.ReasonsAt(id, t.clock.Now()) == std::vector<std::string>{"REASSESSMENT_REQUIRED"});
  const auto refused =
      t.service.Execute(id, {EventType::kGrantFunding, {{"amountEur", 1}}, Finance(), "r"});
  CHECK(refused.refusal->kind == engine::Refusal::Kind::kNotAllowed);

  // A scope change is material whatever the figures, and asks for gate change.
  t.Require(id, EventType::kSubmit, json::object(), Owner());
  CHECK(t.store.Load(id)->gate == engine::Gate::kRebaseline);
  t.Require(id, EventType::kAcceptIntake, json::object(), Cio());
  t.Require(id, EventType::kRecordVerdict,
            app::CompleteAssessment(t.packs.Active(t.clock.Now()), ExampleDossier("green")), Cio());
  CHECK(t.StatusAt(id, t.clock.Now()) == "eligible");
  t.Require(
      id, EventType::kReportChange,
      {{"reasonCode", "changed-goals-or-scope"}, {"newCostEur", 10'500'000}, {"scopeChange", true}},
      Owner());
  a = *t.store.Load(id);
  CHECK(a.state == State::kReassessmentRequired);
  CHECK(a.gate == engine::Gate::kChange);
  // A minor change (5 % more, no slip) leaves an approved activity approved.
  t.Require(id, EventType::kSubmit, json::object(), Owner());
  t.Require(id, EventType::kAcceptIntake, json::object(), Cio());
  t.Require(id, EventType::kRecordVerdict,
            app::CompleteAssessment(t.packs.Active(t.clock.Now()), ExampleDossier("green")), Cio());
  t.Require(id, EventType::kReportChange,
            {{"reasonCode", "price-development"}, {"newCostEur", 11'000'000}}, Owner());
  a = *t.store.Load(id);
  CHECK(a.state == State::kApproved);
  t.Require(id, EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance());

  // The locked initial estimate and every later one stay visible.
  REQUIRE(a.estimates.size() == 4);
  CHECK(a.estimates[0].cost_eur == 10'000'000);
  CHECK(a.estimates[0].reason_codes.empty());
  CHECK(a.estimates[1].planned_end == D("2029-06-30"));
  CHECK(a.estimates[1].reason_codes == std::vector<std::string>{"implementation-complexity"});
  CHECK(a.estimates[2].reason_codes == std::vector<std::string>{"changed-goals-or-scope"});
  CHECK(a.estimates[3].cost_eur == 11'000'000);
  CHECK(engine::ToJson(a)["initialCostEur"] == 10'000'000);
  t.RequireReplayEqual();
}

TEST_CASE("a restart catches up the deadlines that passed while the service was down") {
  TempDir dir;
  const std::string path = dir.File("restart.db");
  std::string green, orange;
  {
    ServiceFixture before(path);
    green = before.Approved();
    orange = before.Approved("orange", "2027-01-15");
  }  // the service stops
  // Thirteen months later it starts again on the same file.
  ServiceFixture after(path, At("2028-01-10T08:00:00Z"));
  CHECK(after.service.RecordClockEvents() == 3);  // two expiries, one overdue condition
  const auto orange_log = after.store.Events(orange);
  CHECK(orange_log[orange_log.size() - 2].event.type == EventType::kConditionOverdue);
  CHECK(orange_log.back().event.type == EventType::kExpire);
  CHECK(after.store.Load(green)->state == State::kExpired);
  CHECK(after.store.Load(orange)->state == State::kExpired);
  CHECK(after.service.RecordClockEvents() == 0);
  after.RequireReplayEqual();
}

TEST_CASE(
    "ictgate serve records on start what the clock made true while it was down, and JSON logs") {
  TempDir dir;
  const std::string path = dir.File("serve.db");
  std::string orange;
  {
    // Assessed in July 2026 with a condition due in August: by the real
    // clock of any test run the condition is overdue.
    ServiceFixture before(path, At("2026-07-15T10:00:00Z"));
    orange = before.Approved("orange", "2026-08-01");
  }
  const int port = FreeLoopbackPort();
  // The server's log goes to the pipe; one request with a known id is made
  // while it runs.
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  // Asked until it answers (a sanitizer build starts slowly), then stopped.
  const std::string cmd =
      std::string(ICTGATE_BINARY) + " serve --db " + path + " --listen " + listen +
      " 2>&1 & pid=$!; for i in $(seq 300); do curl -sf -o /dev/null "
      "-H 'X-Request-Id: log-check' http://" +
      listen + "/api/v1/health/live && break; sleep 0.1; done; kill -TERM $pid; wait";
  std::string output;
  RunCommand(cmd, &output);
  // Every log line is a JSON object; the request is logged with its id.
  std::istringstream lines(output);
  std::map<std::string, json> by_msg;
  for (std::string line; std::getline(lines, line);) {
    INFO(line);
    const json entry = json::parse(line);
    CHECK(entry["time"].is_string());
    CHECK(entry["level"].is_string());
    if (entry.value("requestId", "") == "log-check") by_msg["request"] = entry;
    by_msg[entry["msg"]] = entry;
  }
  CHECK(by_msg.count("recorded 1 clock event(s) on start"));
  CHECK(by_msg.count("serving"));
  REQUIRE(by_msg.count("request"));
  CHECK(by_msg["request"]["status"] == 200);
  CHECK(by_msg["request"]["route"] == "/health/live");
  CHECK(by_msg["request"]["durationMs"].is_number());
  store::SqliteStore store(path);
  const auto last = store.Events(orange).back().event;
  CHECK(last.type == EventType::kConditionOverdue);
  CHECK(last.actor.role == engine::Role::kSystem);
  CHECK(store.VerifyChain().ok);
}

}  // namespace
}  // namespace ictgate

// The transition table of docs/spec.md section 3, row by row: each row is taken
// with inputs that satisfy its guards, and every event the spec does not list
// for a state is refused there with the list of allowed events.
// Over 500 lines on purpose: it follows the table row by row, and a row is
// easiest to check against the spec when all rows are in one place.
#include <algorithm>
#include <functional>
#include <set>

#include <catch2/catch.hpp>

#include "engine/eligibility.h"
#include "engine/lifecycle.h"
#include "engine/permissions.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using engine::Activity;
using engine::Command;
using engine::EventType;
using engine::Refusal;
using engine::State;
using nlohmann::json;
using namespace testing;

// A row of the specification's table, written out independently of the
// Boost.MSM table it checks. The table is docs/spec.md section 3's plus the rows of
// linked activities (section 2): link-change, which the table does not name.
struct SpecRow {
  State from;
  EventType event;
  State to;
  json payload;
  std::function<void(Activity&)> setup;  // may be empty
  engine::Actor actor;
};

// Orange by advisory (an area needs attention) with one condition.
json Orange() {
  json p = Assessment("orange", {{"a1", "ok"}, {"a2", "attention"}, {"a3", "ok"}});
  p["conditions"] = {{{"text", "Exit strategy"}, {"dueDate", "2027-03-01"}}};
  return p;
}

// Red by advisory: two areas at risk (the pack's threshold).
json Red() {
  return Assessment("red", {{"a1", "risk"}, {"a2", "risk"}, {"a3", "ok"}});
}

// A link-change payload linking BZK-2026-0001 to BZK-2026-0099, whose group
// cost beside it is `linked_cost`.
json LinkChange(int64_t linked_cost) {
  return {{"op", "link"},
          {"activities", {"BZK-2026-0001", "BZK-2026-0099"}},
          {"links", {"BZK-2026-0099"}},
          {"linkedCostEur", linked_cost}};
}

std::vector<SpecRow> SpecTable() {
  const json reason = {{"reason", "because"}};
  const json change_material = {{"reasonCode", "setbacks"}, {"newCostEur", 15'000'000}};
  const json change_minor = {{"reasonCode", "price-development"}, {"newCostEur", 10'500'000}};
  const auto expired = [](Activity& a) { a.verdict->valid_until = D("2026-11-30"); };
  const auto two_open = [](Activity& a) {
    a.conditions.push_back(ConditionDue("C2", "2027-04-01", "DPIA", "dpia"));
  };
  std::vector<SpecRow> rows = {
      {State::kDraft, EventType::kSubmit, State::kSubmitted, json::object(), {}, Owner()},
      {State::kDraft, EventType::kSubmit, State::kExempt, json::object(),
       [](Activity& a) { a.ict_cost_eur = 4'999'999; }, Owner()},
      {State::kSubmitted, EventType::kWithdraw, State::kDraft, json::object(), {}, Owner()},
      {State::kSubmitted,
       EventType::kAcceptIntake,
       State::kInAssessment,
       json::object(),
       {},
       Cio()},
      {State::kSubmitted, EventType::kReturnIntake, State::kDraft, reason, {}, Cio()},
      {State::kInAssessment,
       EventType::kRecordVerdict,
       State::kApproved,
       Assessment("green"),
       {},
       Cio()},
      {State::kInAssessment,
       EventType::kRecordVerdict,
       State::kConditionallyApproved,
       Orange(),
       {},
       Cio()},
      {State::kInAssessment, EventType::kRecordVerdict, State::kRejected, Red(), {}, Cio()},
      {State::kConditionallyApproved,
       EventType::kReviewCondition,
       State::kConditionallyApproved,
       {{"conditionId", "C1"}, {"outcome", "met"}},
       two_open,
       Cio()},
      {State::kConditionallyApproved,
       EventType::kReviewCondition,
       State::kApproved,
       {{"conditionId", "C1"}, {"outcome", "waived"}},
       {},
       Cio()},
      {State::kInExecution,
       EventType::kReviewCondition,
       State::kInExecution,
       {{"conditionId", "C1"}, {"outcome", "met"}},
       [](Activity& a) { a.conditions.push_back(ConditionDue("C1", "2027-01-01")); },
       Cio()},
      {State::kRejected, EventType::kOverrule, State::kApproved, reason, {}, Sg()},
      {State::kRejected, EventType::kRevise, State::kDraft, json::object(), {}, Owner()},
      {State::kReassessmentRequired,
       EventType::kSubmit,
       State::kSubmitted,
       json::object(),
       {},
       Owner()},
      {State::kExpired, EventType::kSubmit, State::kSubmitted, json::object(), {}, Owner()},
      {State::kApproved, EventType::kExpire, State::kExpired, json::object(), expired, System()},
      {State::kConditionallyApproved, EventType::kExpire, State::kExpired, json::object(), expired,
       System()},
      {State::kInExecution, EventType::kComplete, State::kClosed, json::object(), {}, Owner()},
      {State::kInExecution, EventType::kReassessmentDue, State::kReassessmentRequired,
       json::object(), [](Activity& a) { a.verdict->reassess_by = D("2026-12-01"); }, System()},
      {State::kInExecution, EventType::kComplete, State::kClosed, json::object(), {}, Cio()},
  };
  for (State s : {State::kApproved, State::kConditionallyApproved, State::kInExecution}) {
    rows.push_back({s,
                    EventType::kGrantFunding,
                    State::kInExecution,
                    {{"amountEur", 2'000'000}},
                    {},
                    Finance()});
  }
  // Red funded only where the pack makes red advice (Rules::red_blocks_funding).
  rows.push_back({State::kRejected,
                  EventType::kGrantFunding,
                  State::kInExecution,
                  {{"amountEur", 2'000'000}},
                  [](Activity& a) { a.verdict->advisory_only = true; },
                  Finance()});
  for (State s : {State::kApproved, State::kConditionallyApproved, State::kInExecution}) {
    rows.push_back(
        {s, EventType::kReportChange, State::kReassessmentRequired, change_material, {}, Owner()});
    rows.push_back({s, EventType::kReportChange, s, change_minor, {}, Owner()});
  }
  rows.push_back({State::kExempt,
                  EventType::kReportChange,
                  State::kReassessmentRequired,
                  {{"reasonCode", "changed-goals-or-scope"}, {"newCostEur", 5'000'000}},
                  {},
                  Owner()});
  rows.push_back({State::kExempt,
                  EventType::kReportChange,
                  State::kExempt,
                  {{"reasonCode", "price-development"}, {"newCostEur", 4'000'000}},
                  {},
                  Owner()});
  for (State s : engine::AllStates()) {
    if (engine::IsTerminal(s)) continue;
    rows.push_back({s, EventType::kCancel, State::kCancelled, reason, {}, Owner()});
    rows.push_back({s, EventType::kCancel, State::kCancelled, reason, {}, Cio()});
  }
  // Linked activities: nothing moves but an exempt activity that its group
  // now gates (ActivityIn(kExempt) costs 1 million).
  for (State s : engine::AllStates()) {
    if (engine::IsTerminal(s)) continue;
    if (s == State::kExempt) {
      rows.push_back({s,
                      EventType::kLinkChange,
                      State::kReassessmentRequired,
                      LinkChange(4'000'000),
                      {},
                      Owner()});
      rows.push_back({s, EventType::kLinkChange, s, LinkChange(3'999'999), {}, System()});
    } else {
      rows.push_back({s, EventType::kLinkChange, s, LinkChange(4'000'000), {}, Owner()});
    }
  }
  return rows;
}

std::set<EventType> SpecEventsFrom(State s) {
  std::set<EventType> events;
  for (const auto& row : SpecTable()) {
    if (row.from == s) events.insert(row.event);
  }
  return events;
}

engine::Decision Run(const SpecRow& row) {
  Activity a = ActivityIn(row.from);
  if (row.setup) row.setup(a);
  return engine::Decide(a, {row.event, row.payload, row.actor, "req-1"}, TestPack(), kNow);
}

// An actor whose role may cause `type`, so a refusal is about state.
engine::Actor PermittedActor(EventType type) {
  const engine::Role role = engine::RolesFor(type).front();
  return {"tester", role, role == engine::Role::kSystem ? "*" : "BZK"};
}

// A payload that passes the checks of `type`.
json ValidPayload(EventType type) {
  for (const auto& row : SpecTable()) {
    if (row.event == type) return row.payload;
  }
  return json::object();
}

TEST_CASE("every row of the transition table is taken with its guards satisfied") {
  const auto rows = SpecTable();
  // The 41 (state, event, target) rows of the lifecycle (31 in the MSM table,
  // 10 of cancel beside it) and the 11 link-change rows, plus a second actor
  // for the events two roles may cause (complete: 1, cancel: 10).
  REQUIRE(rows.size() == 63);
  for (const auto& row : rows) {
    INFO(engine::StateName(row.from)
         << " --" << engine::EventTypeName(row.event) << "--> " << engine::StateName(row.to)
         << " by " << engine::RoleName(row.actor.role));
    const auto d = Run(row);
    REQUIRE(d.ok());
    CHECK(d.value().from == row.from);
    CHECK(d.value().to == row.to);
    CHECK(d.value().version == 6);
    CHECK(d.value().type == row.event);
    CHECK(d.value().actor.name == row.actor.name);
    CHECK(d.value().request_id == "req-1");
    CHECK(d.value().at == kNow);
  }
}

TEST_CASE("the machine's allowed events per state are exactly the specification's") {
  for (State s : engine::AllStates()) {
    INFO(engine::StateName(s));
    const auto allowed = engine::AllowedEvents(s);
    CHECK(std::set<EventType>(allowed.begin(), allowed.end()) == SpecEventsFrom(s));
  }
  CHECK(engine::AllowedEvents(State::kClosed).empty());
  CHECK(engine::AllowedEvents(State::kCancelled).empty());
}

TEST_CASE(
    "every event is refused in every state that has no row for it, listing the allowed ones") {
  int refusals = 0;
  for (State s : engine::AllStates()) {
    const auto spec = SpecEventsFrom(s);
    for (EventType type : engine::MachineEventTypes()) {
      if (spec.count(type)) continue;
      INFO(engine::EventTypeName(type) << " in " << engine::StateName(s));
      const Activity a = ActivityIn(s);
      const auto d = engine::Decide(a, {type, ValidPayload(type), PermittedActor(type), "r"},
                                    TestPack(), kNow);
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().kind == Refusal::Kind::kNotAllowed);
      CHECK(std::set<EventType>(d.error().allowed.begin(), d.error().allowed.end()) == spec);
      ++refusals;
    }
  }
  CHECK(refusals == 12 * 15 - 43);  // 43 (state, event) pairs have rows
}

// Runs `row` with its payload replaced and returns the refusal.
Refusal RefusalFor(SpecRow row, json payload) {
  row.payload = std::move(payload);
  const auto d = Run(row);
  REQUIRE_FALSE(d.ok());
  return d.error();
}

SpecRow RowFor(State from, EventType type, State to) {
  for (const auto& row : SpecTable()) {
    if (row.from == from && row.event == type && row.to == to) return row;
  }
  FAIL("no such row");
  return {};
}

bool HasProblem(const Refusal& r, const std::string& field, const std::string& fragment = "") {
  return std::any_of(r.problems.begin(), r.problems.end(), [&](const engine::Problem& p) {
    return p.field == field && p.message.find(fragment) != std::string::npos;
  });
}

TEST_CASE("guards: reasons are required where the specification says so") {
  const auto return_row = RowFor(State::kSubmitted, EventType::kReturnIntake, State::kDraft);
  auto r = RefusalFor(return_row, json::object());
  CHECK(r.kind == Refusal::Kind::kInvalid);
  CHECK(HasProblem(r, "reason", "required"));
  CHECK(HasProblem(RefusalFor(return_row, {{"reason", "   "}}), "reason", "empty"));
  CHECK(HasProblem(RefusalFor(return_row, {{"reason", 42}}), "reason", "string"));
  const auto cancel = RowFor(State::kDraft, EventType::kCancel, State::kCancelled);
  CHECK(HasProblem(RefusalFor(cancel, json::object()), "reason"));
  const auto overrule = RowFor(State::kRejected, EventType::kOverrule, State::kApproved);
  CHECK(HasProblem(RefusalFor(overrule, {{"reason", ""}}), "reason"));
}

TEST_CASE("guards: intake needs the minimum documents") {
  auto row = RowFor(State::kSubmitted, EventType::kAcceptIntake, State::kInAssessment);
  row.setup = [](Activity& a) { a.dossier = {{"businessCase", "bc.pdf"}, {"planning", ""}}; };
  const auto d = Run(row);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == Refusal::Kind::kPrecondition);
  CHECK(HasProblem(d.error(), "", "planning"));
  CHECK(HasProblem(d.error(), "", "architectureSketch"));
  CHECK_FALSE(HasProblem(d.error(), "", "businessCase"));
}

TEST_CASE("guards: conditions are present if and only if the verdict is orange") {
  const auto green = RowFor(State::kInAssessment, EventType::kRecordVerdict, State::kApproved);
  json no_conditions = Orange();
  no_conditions.erase("conditions");
  CHECK(HasProblem(RefusalFor(green, no_conditions), "conditions", "at least one"));
  no_conditions["conditions"] = json::array();
  CHECK(HasProblem(RefusalFor(green, no_conditions), "conditions"));
  json green_with = Orange();
  green_with["verdict"] = "green";
  CHECK(HasProblem(RefusalFor(green, green_with), "conditions", "only an orange"));
  green_with["verdict"] = "red";
  CHECK(HasProblem(RefusalFor(green, green_with), "conditions", "only an orange"));
  CHECK(HasProblem(RefusalFor(green, Assessment("purple")), "verdict", "one of"));
  CHECK(HasProblem(RefusalFor(green, json::object()), "verdict", "required"));
  json bad = Orange();
  bad["conditions"][0]["dueDate"] = "2026-02-30";
  CHECK(HasProblem(RefusalFor(green, bad), "conditions/0/dueDate", "YYYY-MM-DD"));
  bad["conditions"][0]["dueDate"] = "2026-11-30";  // the day before the clock
  CHECK(HasProblem(RefusalFor(green, bad), "conditions/0/dueDate", "past"));
  bad = Orange();
  bad["conditions"][0].erase("text");
  CHECK(HasProblem(RefusalFor(green, bad), "conditions/0/text", "required"));
}

TEST_CASE("guards: a verdict that deviates from the advisory one needs a justification") {
  const auto row = RowFor(State::kInAssessment, EventType::kRecordVerdict, State::kApproved);
  // All areas ok: the advisory verdict is green.
  json red = Assessment("red");
  CHECK(HasProblem(RefusalFor(row, red), "justification",
                   "differs from the advisory verdict (green)"));
  red["justification"] = "the CIO weighs the dependency on one supplier heavier";
  auto ok = row;
  ok.payload = red;
  const auto d = Run(ok);
  REQUIRE(d.ok());
  CHECK(d.value().to == State::kRejected);
  CHECK(d.value().derived["assessment"]["advisory"] == "green");
}

TEST_CASE("guards: every area is scored and every criterion has a result") {
  const auto row = RowFor(State::kInAssessment, EventType::kRecordVerdict, State::kApproved);
  json p = Assessment("green");
  p["areaScores"].erase("a3");
  CHECK(HasProblem(RefusalFor(row, p), "areaScores/a3", "required"));
  p = Assessment("green");
  p["areaScores"]["a9"] = "ok";
  CHECK(HasProblem(RefusalFor(row, p), "areaScores/a9", "not an area"));
  p = Assessment("green");
  p["areaScores"]["a1"] = "fine";
  CHECK(HasProblem(RefusalFor(row, p), "areaScores/a1", "ok, attention or risk"));
  p = Assessment("green");
  p.erase("findings");  // planning-realism has no check: it needs a finding
  CHECK(HasProblem(RefusalFor(row, p), "findings", "'planning-realism'"));
  p = Assessment("green");
  p["findings"][0]["note"] = "";
  CHECK(HasProblem(RefusalFor(row, p), "findings/0/note", "required"));
  p = Assessment("green");
  p["findings"].push_back({{"criterion", "planning-realism"}, {"result", "met"}, {"note", "x"}});
  CHECK(HasProblem(RefusalFor(row, p), "findings/1/criterion", "already"));
  p = Assessment("green");
  p["findings"][0]["criterion"] = "nonexistent";
  CHECK(HasProblem(RefusalFor(row, p), "findings/0/criterion", "criterion of the pack"));
  p = Assessment("green");
  p["findings"][0]["result"] = "pending";
  CHECK(HasProblem(RefusalFor(row, p), "findings/0/result"));
}

TEST_CASE("the CIO may overrule an automatic result with a finding") {
  auto row = RowFor(State::kInAssessment, EventType::kRecordVerdict, State::kApproved);
  row.setup = [](Activity& a) {
    a.dossier["personalData"] = true;  // DPIA applies and is not done: advisory red
  };
  json p = Assessment("red", {{"a1", "ok"}, {"a2", "ok"}, {"a3", "ok"}});
  row.payload = p;
  auto d = Run(row);
  REQUIRE(d.ok());
  CHECK(d.value().derived["assessment"]["advisory"] == "red");
  CHECK(d.value().derived["assessment"]["decidedBy"] == json{"criterion:dpia"});
  p = Assessment("green");
  p["findings"].push_back(
      {{"criterion", "dpia"}, {"result", "met"}, {"note", "the DPIA is in the annex, v2"}});
  row.payload = p;
  d = Run(row);
  REQUIRE(d.ok());
  CHECK(d.value().to == State::kApproved);
  const json dpia = d.value().derived["assessment"]["criteria"][0];
  CHECK(dpia["automatic"] == "failed");
  CHECK(dpia["result"] == "met");
  CHECK(dpia["overruled"] == true);
}

TEST_CASE("guards: condition reviews name an open condition of the activity") {
  const auto row =
      RowFor(State::kConditionallyApproved, EventType::kReviewCondition, State::kApproved);
  CHECK(HasProblem(RefusalFor(row, {{"conditionId", "C9"}, {"outcome", "met"}}), "conditionId",
                   "no condition"));
  CHECK(HasProblem(RefusalFor(row, {{"conditionId", "C1"}, {"outcome", "done"}}), "outcome"));
  auto met = row;
  met.setup = [](Activity& a) {
    a.conditions[0].status = engine::ConditionStatus::kMet;
    a.conditions.push_back(ConditionDue("C2", "2027-01-01"));
  };
  met.payload = {{"conditionId", "C1"}, {"outcome", "met"}};
  const auto d = Run(met);
  REQUIRE_FALSE(d.ok());
  CHECK(HasProblem(d.error(), "conditionId", "already met"));
}

// Reviews condition C1 of a conditionally approved activity (ActivityIn).
engine::Decision Review(const Activity& a, json payload) {
  payload["conditionId"] = "C1";
  return engine::Decide(a, {EventType::kReviewCondition, std::move(payload), Cio(), "r"},
                        TestPack(), kNow);
}

TEST_CASE("condition reviews: an extension moves the due date with a reason and keeps it open") {
  Activity a = ActivityIn(State::kConditionallyApproved);
  a.conditions[0].overdue_recorded_at = At("2027-03-02T00:00:00Z");
  const auto d = Review(a, {{"outcome", "extended"},
                            {"dueDate", "2027-05-01"},
                            {"note", "leverancier levert de exitstrategie later"}});
  REQUIRE(d.ok());
  CHECK(d.value().to == State::kConditionallyApproved);  // still open: not approved
  a = engine::Apply(a, d.value());
  const engine::Condition& c = a.conditions[0];
  CHECK(c.status == engine::ConditionStatus::kOpen);
  CHECK(engine::FormatDate(c.due) == "2027-05-01");
  REQUIRE(c.original_due);
  CHECK(engine::FormatDate(*c.original_due) == "2027-03-01");
  CHECK_FALSE(c.overdue_recorded_at);  // the new date may pass in its turn
  CHECK(c.review_note == "leverancier levert de exitstrategie later");
  CHECK_FALSE(engine::IsOverdue(c, At("2027-04-01T00:00:00Z"), a.calendar));
  // A second extension keeps the date the verdict set.
  a = engine::Apply(
      a, Review(a, {{"outcome", "extended"}, {"dueDate", "2027-06-01"}, {"note", "n"}}).value());
  CHECK(engine::FormatDate(*a.conditions[0].original_due) == "2027-03-01");

  // Refused: no reason, no date, a date not later, a date in the past, a
  // date with another outcome.
  const Activity fresh = ActivityIn(State::kConditionallyApproved);
  CHECK(HasProblem(Review(fresh, {{"outcome", "extended"}, {"dueDate", "2027-05-01"}}).error(),
                   "note", ""));
  CHECK(HasProblem(Review(fresh, {{"outcome", "extended"}, {"note", "n"}}).error(), "dueDate", ""));
  CHECK(HasProblem(
      Review(fresh, {{"outcome", "extended"}, {"dueDate", "2027-03-01"}, {"note", "n"}}).error(),
      "dueDate", "after the condition's due date 2027-03-01"));
  Activity late = fresh;
  late.conditions[0].due = D("2026-06-01");
  CHECK(HasProblem(
      Review(late, {{"outcome", "extended"}, {"dueDate", "2026-11-01"}, {"note", "n"}}).error(),
      "dueDate", "must not be in the past"));
  CHECK(HasProblem(Review(fresh, {{"outcome", "met"}, {"dueDate", "2027-05-01"}}).error(),
                   "dueDate", "only given with the outcome extended"));
}

TEST_CASE("condition reviews: not met blocks funding until a later verdict supersedes it") {
  Activity a = ActivityIn(State::kConditionallyApproved);
  CHECK(HasProblem(Review(a, {{"outcome", "not_met"}}).error(), "note", ""));
  const auto d = Review(a, {{"outcome", "not_met"}, {"note", "geen exitstrategie"}});
  REQUIRE(d.ok());
  // The last open condition, but not met: the verdict does not turn green.
  CHECK(d.value().to == State::kConditionallyApproved);
  a = engine::Apply(a, d.value());
  CHECK(a.conditions[0].status == engine::ConditionStatus::kNotMet);
  CHECK(engine::BlocksAsNotMet(a.conditions[0]));
  const auto e = engine::EligibilityAt(a, kNow);
  CHECK_FALSE(e.eligible);
  CHECK(e.reasons == std::vector<std::string>{"CONDITION_NOT_MET"});
  const auto grant = engine::Decide(
      a, {EventType::kGrantFunding, {{"amountEur", 1'000'000}}, Finance(), "r"}, TestPack(), kNow);
  REQUIRE_FALSE(grant.ok());
  CHECK(HasProblem(grant.error(), "", "CONDITION_NOT_MET: condition C1 was found not met"));
  // It cannot be reviewed again.
  CHECK(HasProblem(Review(a, {{"outcome", "met"}}).error(), "conditionId", "already not_met"));

  // A later verdict, given knowing it, supersedes it.
  a.state = State::kInAssessment;
  const auto verdict =
      engine::Decide(a,
                     {EventType::kRecordVerdict,
                      Assessment("green", {{"a1", "ok"}, {"a2", "ok"}, {"a3", "ok"}}), Cio(), "r"},
                     TestPack(), kNow);
  REQUIRE(verdict.ok());
  a = engine::Apply(a, verdict.value());
  CHECK(a.conditions[0].superseded);
  CHECK(engine::EligibilityAt(a, kNow).eligible);
  CHECK(engine::ToJson(a)["conditions"][0]["superseded"] == true);
}

TEST_CASE("condition reviews: met on the last open condition approves only if none was not met") {
  Activity a = ActivityIn(State::kConditionallyApproved);
  a.conditions.push_back(ConditionDue("C2", "2027-04-01"));
  a.conditions[1].status = engine::ConditionStatus::kNotMet;
  const auto d = Review(a, {{"outcome", "met"}});
  REQUIRE(d.ok());
  CHECK(d.value().to == State::kConditionallyApproved);
  a.conditions[1].superseded = true;
  CHECK(Review(a, {{"outcome", "waived"}}).value().to == State::kApproved);
}

TEST_CASE("guards: funding needs a valid verdict, no overdue condition and a positive amount") {
  const auto row = RowFor(State::kApproved, EventType::kGrantFunding, State::kInExecution);
  for (const json& amount :
       {json(0), json(-5), json(1.5), json("100"), json(1e16), json(18446744073709551615ull)}) {
    INFO(amount.dump());
    CHECK(HasProblem(RefusalFor(row, {{"amountEur", amount}}), "amountEur"));
  }
  auto expired = row;
  expired.setup = [](Activity& a) { a.verdict->valid_until = D("2026-12-01"); };
  auto d = Run(expired);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == Refusal::Kind::kPrecondition);
  CHECK(HasProblem(d.error(), "", "VERDICT_EXPIRED"));

  auto overdue =
      RowFor(State::kConditionallyApproved, EventType::kGrantFunding, State::kInExecution);
  overdue.setup = [](Activity& a) { a.conditions[0].due = D("2026-11-30"); };
  d = Run(overdue);
  REQUIRE_FALSE(d.ok());
  CHECK(HasProblem(d.error(), "", "CONDITIONS_OVERDUE"));

  // In execution validity no longer runs, but an overdue condition blocks tranches.
  auto tranche = RowFor(State::kInExecution, EventType::kGrantFunding, State::kInExecution);
  tranche.setup = [](Activity& a) { a.verdict->valid_until = D("2026-01-01"); };
  CHECK(Run(tranche).ok());
  tranche.setup = [](Activity& a) { a.conditions.push_back(ConditionDue("C1", "2026-11-01")); };
  CHECK_FALSE(Run(tranche).ok());
}

TEST_CASE(
    "guards: under a pack that caps funding, a grant 20 % or more past the assessed cost "
    "is a herijking") {
  json doc = TestPack().document;
  doc["reassessmentTriggers"]["fundingWithinAssessedCost"] = true;
  const engine::PolicyPack capped = engine::ParsePolicyPack(doc).value();
  REQUIRE(capped.rules.funding_within_assessed_cost);
  Activity a = ActivityIn(State::kInExecution);  // assessed at 10 million, 1 million granted
  const auto grant = [&](int64_t amount, const engine::PolicyPack& pack) {
    return engine::Decide(a, {EventType::kGrantFunding, {{"amountEur", amount}}, Finance(), "r"},
                          pack, kNow);
  };
  // Up to just below 12 million in all: a tranche.
  CHECK(grant(10'999'999, capped).ok());
  const engine::Decision past = grant(11'000'000, capped);
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().kind == Refusal::Kind::kPrecondition);
  CHECK(HasProblem(past.error(), "", "FUNDING_PAST_ASSESSED_COST"));
  CHECK(past.error().problems[0].message.find("12000000") != std::string::npos);
  // A pack without the cap (2026.1, and TestPack) funds as before.
  CHECK(grant(49'000'000, TestPack()).ok());
  // After a herijking the assessed cost is the new baseline.
  a.baseline_cost_eur = 20'000'000;
  CHECK(grant(11'000'000, capped).ok());
  // The member is a flag.
  doc["reassessmentTriggers"]["fundingWithinAssessedCost"] = "yes";
  CHECK_FALSE(engine::ParsePolicyPack(doc).ok());
}

TEST_CASE("guards: expiry only once the verdict validity has passed") {
  auto row = RowFor(State::kApproved, EventType::kExpire, State::kExpired);
  row.setup = {};
  const auto d = Run(row);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == Refusal::Kind::kPrecondition);
  CHECK(HasProblem(d.error(), "", "still valid until 2027-06-01"));
}

TEST_CASE("guards: changes need a known reason code, and triggers decide materiality") {
  const auto row = RowFor(State::kApproved, EventType::kReportChange, State::kApproved);
  CHECK(HasProblem(RefusalFor(row, {{"reasonCode", "whim"}}), "reasonCode", "one of"));
  CHECK(HasProblem(RefusalFor(row, json::object()), "reasonCode", "required"));
  CHECK(HasProblem(RefusalFor(row, {{"reasonCode", "setbacks"}, {"newPlannedEnd", "2026-01-01"}}),
                   "newPlannedEnd", "before the planned start"));
  const auto to = [&](json payload) {
    auto r = row;
    r.payload = std::move(payload);
    const auto d = Run(r);
    REQUIRE(d.ok());
    return d.value().to;
  };
  // Baseline 10,000,000 and 2028-12-31; triggers 20 % and 6 months.
  CHECK(to({{"reasonCode", "setbacks"}, {"newCostEur", 11'999'999}}) == State::kApproved);
  CHECK(to({{"reasonCode", "setbacks"}, {"newCostEur", 12'000'000}}) ==
        State::kReassessmentRequired);
  CHECK(to({{"reasonCode", "setbacks"}, {"newPlannedEnd", "2029-06-29"}}) == State::kApproved);
  // End of month to end of month: 2028-12-31 + 6 months is 2029-06-30.
  CHECK(to({{"reasonCode", "setbacks"}, {"newPlannedEnd", "2029-06-30"}}) ==
        State::kReassessmentRequired);
  CHECK(to({{"reasonCode", "changed-goals-or-scope"}, {"scopeChange", true}}) ==
        State::kReassessmentRequired);
}

TEST_CASE("the threshold counts linked activities and is reached at exactly 5 million") {
  auto row = RowFor(State::kDraft, EventType::kSubmit, State::kSubmitted);
  row.setup = [](Activity& a) { a.ict_cost_eur = 5'000'000; };
  CHECK(Run(row).value().to == State::kSubmitted);
  row.setup = [](Activity& a) {
    a.ict_cost_eur = 3'000'000;
    a.linked_cost_eur = 2'000'000;
  };
  CHECK(Run(row).value().to == State::kSubmitted);
  row.setup = [](Activity& a) { a.ict_cost_eur = 4'999'999; };
  CHECK(Run(row).value().to == State::kExempt);
}

TEST_CASE("roles and departments are checked before the state") {
  auto row = RowFor(State::kSubmitted, EventType::kAcceptIntake, State::kInAssessment);
  row.actor = Owner();
  auto d = Run(row);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == Refusal::Kind::kForbidden);
  row.actor = Cio("EZK");
  d = Run(row);
  REQUIRE_FALSE(d.ok());
  CHECK(d.error().kind == Refusal::Kind::kForbidden);
  row.actor = Cio("*");
  CHECK(Run(row).ok());
  // The clock's events are the system's alone.
  auto expire = RowFor(State::kApproved, EventType::kExpire, State::kExpired);
  expire.actor = Cio();
  CHECK(Run(expire).error().kind == Refusal::Kind::kForbidden);
}

TEST_CASE("unknown members of a command are refused, not ignored") {
  const auto row = RowFor(State::kInAssessment, EventType::kRecordVerdict, State::kApproved);
  json p = Assessment("green");
  p["justfication"] = "typo";
  const auto r = RefusalFor(row, p);
  CHECK(r.kind == Refusal::Kind::kInvalid);
  CHECK(HasProblem(r, "justfication", "not a member"));
}

TEST_CASE("creation validates every field and reports all problems at once") {
  const auto create = [](json input, engine::Actor actor = Owner()) {
    return engine::DecideCreate({EventType::kCreate, std::move(input), actor, "r"}, TestPack(),
                                kNow);
  };
  const auto ok = create(NewActivityInput());
  REQUIRE(ok.ok());
  CHECK(ok.value().version == 1);
  CHECK(ok.value().to == State::kDraft);

  json bad = {{"title", ""},
              {"department", "bzk"},
              {"kind", "adventure"},
              {"ictCostEur", -1},
              {"plannedStart", "2027-13-01"},
              {"plannedEnd", "2027-01-01"},
              {"dossier", "not-json"},
              {"extra", 1}};
  const auto d = create(bad);
  REQUIRE_FALSE(d.ok());
  for (const char* field :
       {"title", "department", "kind", "ictCostEur", "plannedStart", "dossier", "extra"}) {
    INFO(field);
    CHECK(HasProblem(d.error(), field));
  }
  bad = NewActivityInput();
  bad["plannedEnd"] = "2026-12-31";
  CHECK(HasProblem(create(bad).error(), "plannedEnd", "before plannedStart"));
  CHECK(create(NewActivityInput(), Cio()).error().kind == Refusal::Kind::kForbidden);
  CHECK(create(NewActivityInput(10, "EZK")).error().kind == Refusal::Kind::kForbidden);
  CHECK_FALSE(create(json::array()).ok());
}

TEST_CASE("apply: submission locks the initial estimate, and later estimates add to it") {
  Activity a = engine::Apply(
      {},
      engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "r"}, TestPack(), kNow)
          .value());
  CHECK(a.estimates.empty());
  const engine::PolicyPack& rules = TestPack();
  auto step = [&](EventType type, json payload, engine::Actor actor) {
    const auto d = engine::Decide(a, {type, std::move(payload), actor, "r"}, rules, kNow);
    REQUIRE(d.ok());
    a = engine::Apply(a, d.value());
  };
  step(EventType::kSubmit, json::object(), Owner());
  REQUIRE(a.estimates.size() == 1);
  CHECK(a.estimates[0].cost_eur == 10'000'000);
  CHECK(a.gate == engine::Gate::kStart);
  step(EventType::kAcceptIntake, json::object(), Cio());
  step(EventType::kRecordVerdict, Orange(), Cio());
  CHECK(a.state == State::kConditionallyApproved);
  REQUIRE(a.conditions.size() == 1);
  CHECK(a.conditions[0].id == "C1");
  CHECK(a.verdict->valid_until == D("2027-12-01"));
  step(
      EventType::kReportChange,
      {{"reasonCode", "changed-goals-or-scope"}, {"newCostEur", 11'000'000}, {"scopeChange", true}},
      Owner());
  CHECK(a.state == State::kReassessmentRequired);
  CHECK(a.gate == engine::Gate::kChange);
  CHECK(a.ict_cost_eur == 11'000'000);
  REQUIRE(a.estimates.size() == 2);
  CHECK(a.estimates[0].cost_eur == 10'000'000);  // the locked initial estimate stays
  CHECK(a.estimates[1].reason_codes == std::vector<std::string>{"changed-goals-or-scope"});
  step(EventType::kSubmit, json::object(), Owner());
  CHECK(a.gate == engine::Gate::kChange);
  CHECK(a.estimates.size() == 2);
  CHECK(a.version == 6);  // create, submit, accept, verdict, change, submit
}

TEST_CASE("a herijking names one reason code or several, never both ways, never twice") {
  const auto change = [](json payload) {
    payload["newCostEur"] = 10'100'000;
    return engine::Decide(ActivityIn(State::kApproved),
                          {EventType::kReportChange, std::move(payload), Owner(), "r"}, TestPack(),
                          kNow);
  };
  const auto d = change({{"reasonCodes", {"setbacks", "price-development"}}});
  REQUIRE(d.ok());
  const Activity a = engine::Apply(ActivityIn(State::kApproved), d.value());
  REQUIRE(a.estimates.size() == 2);
  CHECK(a.estimates[1].reason_codes == std::vector<std::string>{"setbacks", "price-development"});
  const json estimate = engine::ToJson(a)["estimates"][1];
  CHECK(estimate["reasonCodes"] == json{"setbacks", "price-development"});
  CHECK(estimate["reasonCode"] == "setbacks");
  CHECK(engine::ToJson(engine::ActivityFromJson(engine::ToJson(a))) == engine::ToJson(a));

  CHECK(HasProblem(change({{"reasonCodes", json::array()}}).error(), "reasonCodes", "distinct"));
  CHECK(HasProblem(change({{"reasonCodes", {"setbacks", "setbacks"}}}).error(), "reasonCodes",
                   "distinct"));
  CHECK(HasProblem(change({{"reasonCodes", {"weather"}}}).error(), "reasonCodes", "one of"));
  CHECK(HasProblem(change({{"reasonCodes", "setbacks"}}).error(), "reasonCodes", ""));
  CHECK(HasProblem(change({{"reasonCode", "setbacks"}, {"reasonCodes", {"setbacks"}}}).error(),
                   "reasonCode", "not both"));
  CHECK(HasProblem(change(json::object()).error(), "reasonCode", "required"));
}

TEST_CASE("a record of before reasonCodes reads its one reasonCode") {
  json stored = engine::ToJson(ActivityIn(State::kApproved));
  stored["estimates"].push_back({{"costEur", 1},
                                 {"plannedEnd", "2028-12-31"},
                                 {"reasonCode", "setbacks"},
                                 {"at", "2026-11-01T00:00:00.000Z"}});
  for (json& e : stored["estimates"]) e.erase("reasonCodes");
  const Activity a = engine::ActivityFromJson(stored);
  CHECK(a.estimates[0].reason_codes.empty());
  CHECK(a.estimates[1].reason_codes == std::vector<std::string>{"setbacks"});
}

TEST_CASE("apply: the SG overrule is flagged on the verdict for ever") {
  Activity a = ActivityIn(State::kRejected);
  const auto d = engine::Decide(
      a, {EventType::kOverrule, {{"reason", "national security"}}, Sg(), "r"}, TestPack(), kNow);
  REQUIRE(d.ok());
  a = engine::Apply(a, d.value());
  CHECK(a.state == State::kApproved);
  CHECK(a.verdict->overridden);
  CHECK(a.verdict->recorded == engine::Colour::kRed);
  CHECK(a.verdict->override_reason == "national security");
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

engine::Decision Edit(const Activity& a, json payload, engine::Actor actor = Owner()) {
  return engine::Decide(a, {EventType::kUpdate, std::move(payload), actor, "r"}, TestPack(), kNow);
}

TEST_CASE("edits: a draft's dossier is merge-patched and checked against the pack") {
  Activity a = ActivityIn(State::kDraft);
  auto d = Edit(a, {{"title", "New title"},
                    {"dossier", {{"personalData", true}, {"architectureSketch", nullptr}}}});
  REQUIRE(d.ok());
  CHECK(d.value().from == State::kDraft);
  CHECK(d.value().to == State::kDraft);
  a = engine::Apply(a, d.value());
  CHECK(a.title == "New title");
  CHECK(a.dossier["personalData"] == true);
  CHECK_FALSE(a.dossier.contains("architectureSketch"));
  CHECK(a.dossier["businessCase"] == "bc.pdf");

  auto bad = Edit(a, {{"dossier", {{"personalData", "yes"}, {"colour", "blue"}}}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == Refusal::Kind::kInvalid);
  CHECK(HasProblem(bad.error(), "dossier/personalData", "boolean"));
  CHECK(HasProblem(bad.error(), "dossier/colour", "not a field of pack test-pack"));
  CHECK(Edit(a, {{"dossier", {{"explanations", {{"open-standards", "legacy"}}}}}}).ok());
  CHECK_FALSE(Edit(a, {{"dossier", {{"explanations", {{"open-standards", 1}}}}}}).ok());
}

TEST_CASE("edits: only the owner, only in editable states, estimates locked after submission") {
  CHECK(Edit(ActivityIn(State::kDraft), {{"ictCostEur", 6'000'000}}).ok());
  CHECK(Edit(ActivityIn(State::kDraft), {{"title", "x"}}, Cio()).error().kind ==
        Refusal::Kind::kForbidden);
  CHECK(Edit(ActivityIn(State::kDraft), {{"title", "x"}}, Owner("EZK")).error().kind ==
        Refusal::Kind::kForbidden);
  CHECK(Edit(ActivityIn(State::kSubmitted), {{"title", "x"}}).error().kind ==
        Refusal::Kind::kNotAllowed);
  CHECK(Edit(ActivityIn(State::kApproved), {{"title", "x"}}).error().kind ==
        Refusal::Kind::kNotAllowed);
  const auto locked = Edit(ActivityIn(State::kReassessmentRequired), {{"ictCostEur", 1}});
  REQUIRE_FALSE(locked.ok());
  CHECK(HasProblem(locked.error(), "ictCostEur", "locked since the intake was accepted"));
  CHECK(Edit(ActivityIn(State::kReassessmentRequired), {{"dossier", {{"dpiaDone", true}}}}).ok());
  CHECK(Edit(ActivityIn(State::kExpired), {{"title", "renewed"}}).ok());
}

// Applies a command that must be accepted, and returns the folded activity.
Activity Step(const Activity& a, EventType type, json payload, engine::Actor actor) {
  const auto d = engine::Decide(a, {type, std::move(payload), actor, "r"}, TestPack(), kNow);
  REQUIRE(d.ok());
  return engine::Apply(a, d.value());
}

TEST_CASE("a returned intake leaves cost and dates correctable: the accepted intake locks them") {
  const auto created = engine::DecideCreate({EventType::kCreate, NewActivityInput(), Owner(), "r"},
                                            TestPack(), kNow);
  REQUIRE(created.ok());
  Activity a = engine::Apply({}, created.value());
  a = Step(a, EventType::kSubmit, json::object(), Owner());
  REQUIRE(a.estimates.size() == 1);
  CHECK(engine::InitialEstimateLocked(a));  // submitted: nothing is edited there
  a = Step(a, EventType::kReturnIntake, {{"reason", "the cost leaves out licences"}}, Cio());
  REQUIRE(a.state == State::kDraft);
  CHECK_FALSE(engine::InitialEstimateLocked(a));
  CHECK(engine::ToJson(a)["initialEstimateLocked"] == false);

  // The correction moves the cost, the baseline and the initial estimate.
  a = Step(a, EventType::kUpdate, {{"ictCostEur", 12'500'000}, {"plannedEnd", "2029-06-30"}},
           Owner());
  CHECK(a.ict_cost_eur == 12'500'000);
  CHECK(a.baseline_cost_eur == 12'500'000);
  REQUIRE(a.estimates.size() == 1);
  CHECK(a.estimates[0].cost_eur == 12'500'000);
  CHECK(engine::FormatDate(a.estimates[0].planned_end) == "2029-06-30");
  CHECK(engine::ToJson(a)["initialCostEur"] == 12'500'000);

  // Submitting again records no second initial estimate.
  a = Step(a, EventType::kSubmit, json::object(), Owner());
  CHECK(a.estimates.size() == 1);
  a = Step(a, EventType::kAcceptIntake, json::object(), Cio());
  CHECK(engine::InitialEstimateLocked(a));
  CHECK(engine::ToJson(a)["initialEstimateLocked"] == true);

  // A title-only edit later leaves the initial estimate as it was.
  Activity reassess = a;
  reassess.state = State::kReassessmentRequired;
  reassess.ict_cost_eur = 14'000'000;
  const Activity titled = Step(reassess, EventType::kUpdate, {{"title", "Renamed"}}, Owner());
  CHECK(titled.estimates[0].cost_eur == 12'500'000);
  const auto refused = Edit(reassess, {{"ictCostEur", 1}});
  REQUIRE_FALSE(refused.ok());
  CHECK(HasProblem(refused.error(), "ictCostEur", "locked since the intake was accepted"));
}

TEST_CASE("a draft of a later cycle (after a revise) keeps its estimate locked") {
  Activity a = ActivityIn(State::kDraft);
  a.estimates.push_back({a.ict_cost_eur, a.planned_end, {}, At("2026-10-01"), "", ""});
  a.cycle = 2;
  CHECK(engine::InitialEstimateLocked(a));
  const auto d = Edit(a, {{"plannedStart", "2027-02-01"}});
  REQUIRE_FALSE(d.ok());
  CHECK(HasProblem(d.error(), "plannedStart", "locked since the intake was accepted"));
  a.cycle = 1;  // the first cycle's draft, back from its intake
  CHECK(Edit(a, {{"plannedStart", "2027-02-01"}}).ok());
}

TEST_CASE("creation checks the dossier against the pack's declared fields") {
  json input = NewActivityInput();
  input["dossier"]["budgetCode"] = "X";
  const auto d = engine::DecideCreate({EventType::kCreate, input, Owner(), "r"}, TestPack(), kNow);
  REQUIRE_FALSE(d.ok());
  CHECK(HasProblem(d.error(), "dossier/budgetCode", "not a field"));
}

TEST_CASE("every decision records the pack it was made under") {
  const auto d = Run(RowFor(State::kDraft, EventType::kSubmit, State::kSubmitted));
  REQUIRE(d.ok());
  CHECK(d.value().derived["pack"] ==
        json{{"id", "test-pack"}, {"version", "2026.1"}, {"contentHash", "test-hash"}});
  const Activity a = engine::Apply(ActivityIn(State::kDraft), d.value());
  REQUIRE(a.pack);
  CHECK(a.pack->id == "test-pack");
}

// Found by fuzz/fuzz_request: the decision reads an optional member given as
// null as absent (PayloadReader), so it accepted these payloads, but Apply
// and Derive read the null as a value and threw (a 500 for the request).
TEST_CASE("apply: an optional member given as null reads as absent, as in the decision") {
  const auto apply = [](State state, EventType type, json payload, engine::Actor actor) {
    const Activity a = ActivityIn(state);
    const auto d = engine::Decide(a, {type, std::move(payload), actor, "r"}, TestPack(), kNow);
    REQUIRE(d.ok());
    return engine::Apply(a, d.value());
  };
  const Activity draft = ActivityIn(State::kDraft);
  const Activity edited = apply(State::kDraft, EventType::kUpdate,
                                {{"title", nullptr},
                                 {"ictCostEur", nullptr},
                                 {"plannedStart", nullptr},
                                 {"plannedEnd", nullptr}},
                                Owner());
  CHECK(edited.title == draft.title);
  CHECK(edited.ict_cost_eur == draft.ict_cost_eur);
  CHECK(edited.planned_start == draft.planned_start);
  CHECK(edited.planned_end == draft.planned_end);

  json green = Assessment("green");
  green["justification"] = nullptr;
  green["recommendations"] = nullptr;
  const Activity approved = apply(State::kInAssessment, EventType::kRecordVerdict, green, Cio());
  REQUIRE(approved.verdict);
  CHECK(approved.verdict->justification.empty());
  CHECK(approved.verdict->recommendations == json::array());

  json orange = Orange();
  orange["conditions"][0]["criterion"] = nullptr;
  const Activity conditional =
      apply(State::kInAssessment, EventType::kRecordVerdict, orange, Cio());
  REQUIRE(conditional.conditions.size() == 1);
  CHECK(conditional.conditions[0].criterion.empty());

  const Activity reviewed =
      apply(State::kConditionallyApproved, EventType::kReviewCondition,
            {{"conditionId", "C1"}, {"outcome", "met"}, {"note", nullptr}}, Cio());
  CHECK(reviewed.conditions[0].status == engine::ConditionStatus::kMet);
  CHECK(reviewed.conditions[0].review_note.empty());

  const Activity granted = apply(State::kApproved, EventType::kGrantFunding,
                                 {{"amountEur", 1'000'000}, {"reference", nullptr}}, Finance());
  REQUIRE(granted.funding_decisions.size() == 1);
  CHECK(granted.funding_decisions[0].reference.empty());
  const Activity refused =
      apply(State::kApproved, EventType::kRefuseFunding,
            {{"amountEur", 1'000'000}, {"reference", nullptr}, {"reason", "no budget"}}, Finance());
  REQUIRE(refused.funding_decisions.size() == 1);
  CHECK(refused.funding_decisions[0].reference.empty());

  // Material by its cost, not by scope: the gate is a rebaseline.
  const Activity changed = apply(
      State::kApproved, EventType::kReportChange,
      {{"reasonCode", "setbacks"}, {"newCostEur", 15'000'000}, {"scopeChange", nullptr}}, Owner());
  CHECK(changed.state == State::kReassessmentRequired);
  CHECK(changed.gate == engine::Gate::kRebaseline);
}

}  // namespace
}  // namespace ictgate

namespace ictgate {
namespace {

TEST_CASE("CheckState allows what the state's transitions allow, and names them otherwise") {
  using engine::EventType;
  CHECK_FALSE(engine::CheckState(testing::ActivityIn(engine::State::kInAssessment),
                                 EventType::kRecordVerdict));
  const auto refused =
      engine::CheckState(testing::ActivityIn(engine::State::kDraft), EventType::kRecordVerdict);
  REQUIRE(refused);
  CHECK(refused->kind == engine::Refusal::Kind::kNotAllowed);
  CHECK(refused->summary == "'record-verdict' is not allowed in state 'draft'");
  CHECK(refused->allowed == engine::AllowedEvents(engine::State::kDraft));
}

}  // namespace
}  // namespace ictgate

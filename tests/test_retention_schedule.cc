// Retention schedules (engine/retention.h): what a schedule file may say,
// when a period runs out, and which activities are due or held.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/retention.h"

namespace ictgate::engine {
namespace {

using nlohmann::json;

json Schedule() {
  return {{"schedule", "test"},
          {"version", "1"},
          {"rules",
           {{{"id", "closed"},
             {"recordType", "activity"},
             {"states", {"closed"}},
             {"retain", {{"years", 10}}},
             {"action", "transfer"},
             {"basis", "selectielijst 1.2"}},
            {{"id", "cancelled"},
             {"recordType", "activity"},
             {"states", {"cancelled"}},
             {"retain", {{"years", 1}, {"months", 6}}},
             {"action", "destroy"},
             {"basis", "selectielijst 1.3"}},
            {{"id", "names"},
             {"recordType", "actorName"},
             {"retain", {{"years", 2}}},
             {"action", "erase"},
             {"basis", "AVG art. 5(1)(e)"}}}}};
}

// The problems' fields of `document`, sorted.
std::vector<std::string> Fields(const json& document) {
  const auto parsed = ParseRetentionSchedule(document);
  REQUIRE_FALSE(parsed.ok());
  std::vector<std::string> fields;
  for (const auto& p : parsed.error()) fields.push_back(p.field);
  std::sort(fields.begin(), fields.end());
  return fields;
}

Instant At(const char* text) {
  return *ParseInstant(text);
}

TEST_CASE("a schedule is read with its periods in months and its rules' sources") {
  const auto parsed = ParseRetentionSchedule(Schedule());
  REQUIRE(parsed.ok());
  const RetentionSchedule& s = parsed.value();
  CHECK(s.id == "test");
  REQUIRE(s.rules.size() == 3);
  CHECK(s.rules[0].months == 120);
  CHECK(s.rules[0].action == RetentionAction::kTransfer);
  CHECK(s.rules[0].states == std::vector<State>{State::kClosed});
  CHECK(s.rules[1].months == 18);
  CHECK(s.rules[2].record_type == RetentionRecordType::kActorName);
  CHECK(ActorNameRule(s) == &s.rules[2]);
  CHECK(s.rules[1].basis == "selectielijst 1.3");
}

TEST_CASE("a schedule that says something wrong is refused, each problem at its place") {
  json bad = Schedule();
  bad["rules"][0]["states"] = {"in_execution"};
  bad["rules"][1]["retain"] = {{"years", -1}};
  bad["rules"][2]["action"] = "destroy";
  bad["rules"][2]["colour"] = "red";
  bad["version"] = " ";
  CHECK(Fields(bad) == std::vector<std::string>{"/rules/0/states/0", "/rules/1/retain/years",
                                                "/rules/2/action", "/rules/2/colour", "/version"});
  // Cancelled is covered twice once rule 0 names it too.
  json twice = Schedule();
  twice["rules"][0]["states"] = {"closed", "cancelled"};
  CHECK(Fields(twice) == std::vector<std::string>{"/rules/1/states/0"});
  json names = Schedule();
  names["rules"].push_back(names["rules"][2]);
  names["rules"][3]["id"] = "names-again";
  CHECK(Fields(names) == std::vector<std::string>{"/rules/3"});
  json same_id = Schedule();
  same_id["rules"][1]["id"] = "closed";
  CHECK(Fields(same_id) == std::vector<std::string>{"/rules/1/id"});
  json no_period = Schedule();
  no_period["rules"][0]["retain"] = json::object();
  CHECK(Fields(no_period) == std::vector<std::string>{"/rules/0/retain"});
  json too_long = Schedule();
  too_long["rules"][0]["retain"] = {{"years", 100}, {"months", 1}};
  CHECK(Fields(too_long) == std::vector<std::string>{"/rules/0/retain"});
  json states_on_name = Schedule();
  states_on_name["rules"][2]["states"] = {"closed"};
  CHECK(Fields(states_on_name) == std::vector<std::string>{"/rules/2/states"});
  json no_basis = Schedule();
  no_basis["rules"][0].erase("basis");
  no_basis["rules"][1]["recordType"] = "document";
  CHECK(Fields(no_basis) == std::vector<std::string>{"/rules/0/basis", "/rules/1/recordType"});
  CHECK(Fields(json::array()) == std::vector<std::string>{""});
  CHECK(Fields({{"schedule", "x"}, {"version", "1"}, {"rules", json::array()}}) ==
        std::vector<std::string>{"/rules"});
}

TEST_CASE("a period runs out on the same day of the month, the shorter month clamped") {
  RetentionRule rule;
  rule.months = 120;
  CHECK(RetentionEnds(rule, At("2016-02-29T10:00:00Z")) == At("2026-02-28T10:00:00Z"));
  rule.months = 0;
  CHECK(RetentionEnds(rule, At("2026-05-01T08:30:00Z")) == At("2026-05-01T08:30:00Z"));
}

TEST_CASE("activities are due when their period ran out, and held while linked to one that stays") {
  const RetentionSchedule s = ParseRetentionSchedule(Schedule()).value();
  const std::vector<RetentionCandidate> candidates = {
      {"A-2010-0001", State::kClosed, At("2015-06-01T00:00:00Z"), 7, {}},
      {"A-2010-0002", State::kClosed, At("2020-06-01T00:00:00Z"), 5, {}},  // not yet
      {"A-2010-0003", State::kCancelled, At("2024-01-01T00:00:00Z"), 3, {"A-2010-0004"}},
      {"A-2010-0004", State::kCancelled, At("2024-02-01T00:00:00Z"), 3, {"A-2010-0003"}},
      {"A-2010-0005", State::kCancelled, At("2024-01-01T00:00:00Z"), 2, {"A-2010-0006"}},
      {"A-2010-0007", State::kCancelled, At("2024-01-01T00:00:00Z"), 2, {"A-2010-0005"}},
  };
  const auto due = ActivitiesDue(s, candidates, At("2026-01-01T00:00:00Z"));
  REQUIRE(due.size() == 5);
  CHECK(due[0].id == "A-2010-0001");
  CHECK(due[0].rule->id == "closed");
  CHECK(due[0].version == 7);
  CHECK(due[0].ends == At("2025-06-01T00:00:00Z"));
  CHECK_FALSE(due[0].held_by);
  // Linked to each other, both leaving: neither is held.
  CHECK(due[1].id == "A-2010-0003");
  CHECK_FALSE(due[1].held_by);
  CHECK_FALSE(due[2].held_by);
  // Linked to one that stays (not a candidate), and to one held in turn.
  CHECK(due[3].id == "A-2010-0005");
  CHECK(due[3].held_by == "A-2010-0006");
  CHECK(due[4].id == "A-2010-0007");
  CHECK(due[4].held_by == "A-2010-0005");
  // A day before the first period ran out, it is not due.
  CHECK(ActivitiesDue(s, {candidates[0]}, At("2025-05-31T00:00:00Z")).empty());
}

}  // namespace
}  // namespace ictgate::engine

// The open conditions across activities (engine/conditions.h).
#include <catch2/catch.hpp>

#include "engine/conditions.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace testing;
using engine::ConditionStatus;
using engine::State;

engine::Activity WithConditions(const std::string& id, State state,
                                std::vector<engine::Condition> conditions) {
  engine::Activity a = ActivityIn(state);
  a.id = id;
  a.conditions = std::move(conditions);
  return a;
}

engine::Condition Due(const std::string& id, const char* date,
                      ConditionStatus status = ConditionStatus::kOpen) {
  engine::Condition c = ConditionDue(id, date, "text " + id);
  c.status = status;
  return c;
}

TEST_CASE(
    "open conditions: overdue first, then by due date, and met, waived and ended ones left out") {
  const std::vector<engine::Activity> portfolio = {
      WithConditions("BZK-2026-0001", State::kConditionallyApproved,
                     {Due("C1", "2027-03-01"), Due("C2", "2026-11-15", ConditionStatus::kMet)}),
      WithConditions("BZK-2026-0002", State::kInExecution,
                     {Due("C1", "2026-11-30"), Due("C2", "2027-01-10")}),
      WithConditions("BZK-2026-0003", State::kCancelled, {Due("C1", "2026-10-01")}),
      WithConditions("BZK-2026-0004", State::kConditionallyApproved,
                     {Due("C1", "2026-12-01", ConditionStatus::kWaived)}),
  };
  // kNow is 2026-12-01 12:00: a condition due 2026-11-30 is overdue.
  const auto open = engine::OpenConditions(portfolio, kNow, false);
  REQUIRE(open.size() == 3);
  CHECK(open[0].activity_id == "BZK-2026-0002");
  CHECK(open[0].condition.id == "C1");
  CHECK(open[0].overdue);
  CHECK(open[1].condition.due == D("2027-01-10"));
  CHECK_FALSE(open[1].overdue);
  CHECK(open[2].activity_id == "BZK-2026-0001");
  CHECK(open[2].state == State::kConditionallyApproved);

  const auto overdue = engine::OpenConditions(portfolio, kNow, true);
  REQUIRE(overdue.size() == 1);
  CHECK(overdue[0].activity_id == "BZK-2026-0002");
  // A condition due today is not overdue until the day is over.
  CHECK(engine::OpenConditions(
            {WithConditions("X", State::kInExecution, {Due("C1", "2026-12-01")})}, kNow, true)
            .empty());
  CHECK(engine::OpenConditions({}, kNow, false).empty());
}

}  // namespace
}  // namespace ictgate

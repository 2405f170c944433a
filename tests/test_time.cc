#include <catch2/catch.hpp>

#include "engine/clock.h"
#include "engine/time.h"
#include "fixtures.h"

namespace ictgate {
namespace {

using namespace engine;
using testing::D;

TEST_CASE("dates parse strictly and format back") {
  CHECK(FormatDate(D("2026-07-10")) == "2026-07-10");
  CHECK(FormatDate(D("2024-02-29")) == "2024-02-29");
  CHECK(FormatDate(D("1970-01-01")) == "1970-01-01");
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-10", "26-01-01",
                          "2026-01-01T00:00:00Z", "", "2026/01/01", "2026-01-32"}) {
    INFO(bad);
    CHECK_FALSE(ParseDate(bad));
  }
}

TEST_CASE("instants round-trip through RFC 3339 and honour offsets") {
  const auto t = ParseInstant("2026-07-10T09:30:00.123Z");
  REQUIRE(t);
  CHECK(FormatInstant(*t) == "2026-07-10T09:30:00.123Z");
  CHECK(FormatInstant(*ParseInstant("2026-07-10T11:30:00+02:00")) == "2026-07-10T09:30:00.000Z");
  CHECK(FormatInstant(*ParseInstant("2026-07-10")) == "2026-07-10T00:00:00.000Z");
  CHECK(FormatInstant(*ParseInstant("2026-07-10T09:30:00.123456Z")) == "2026-07-10T09:30:00.123Z");
  for (const char* bad : {"2026-07-10T25:00:00Z", "2026-07-10T09:30:00", "2026-07-10 09:30:00Z",
                          "2026-07-10T09:30:00.Z", "2026-07-10T09:30:00+2:00", "now"}) {
    INFO(bad);
    CHECK_FALSE(ParseInstant(bad));
  }
}

TEST_CASE("month arithmetic clamps to the end of shorter months") {
  CHECK(AddMonths(D("2026-01-31"), 1) == D("2026-02-28"));
  CHECK(AddMonths(D("2024-01-31"), 1) == D("2024-02-29"));
  CHECK(AddMonths(D("2026-12-01"), 12) == D("2027-12-01"));
  CHECK(AddMonths(D("2026-03-15"), -3) == D("2025-12-15"));
  CHECK(MonthsBetween(D("2028-12-31"), D("2029-06-29")) == 5);
  CHECK(MonthsBetween(D("2028-12-31"), D("2029-06-30")) == 6);  // end of month to end of month
  CHECK(MonthsBetween(D("2028-12-15"), D("2029-06-14")) == 5);
  CHECK(MonthsBetween(D("2028-12-15"), D("2029-06-15")) == 6);
  CHECK(MonthsBetween(D("2029-06-15"), D("2028-12-15")) == -6);
  CHECK(MonthsBetween(D("2029-06-14"), D("2028-12-15")) == -5);
  CHECK(MonthsBetween(D("2026-01-15"), D("2026-01-15")) == 0);
}

TEST_CASE("the manual clock moves only when told") {
  ManualClock clock(testing::At("2026-01-01T00:00:00Z"));
  CHECK(FormatInstant(clock.Now()) == "2026-01-01T00:00:00.000Z");
  clock.Advance(std::chrono::hours(36));
  CHECK(FormatInstant(clock.Now()) == "2026-01-02T12:00:00.000Z");
  CHECK(DateOf(clock.Now()) == D("2026-01-02"));
  clock.Set(testing::At("2027-05-05T05:05:05Z"));
  CHECK(FormatInstant(clock.Now()) == "2027-05-05T05:05:05.000Z");
}

}  // namespace
}  // namespace ictgate

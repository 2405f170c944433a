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
  // A bare date is its midnight in the Netherlands (summer time: UTC+2).
  CHECK(FormatInstant(*ParseInstant("2026-07-10")) == "2026-07-09T22:00:00.000Z");
  CHECK(FormatInstant(*ParseInstant("2026-01-10")) == "2026-01-09T23:00:00.000Z");
  CHECK(FormatInstant(*ParseInstant("2026-07-10T09:30:00.123456Z")) == "2026-07-10T09:30:00.123Z");
  for (const char* bad : {"2026-07-10T25:00:00Z", "2026-07-10T09:30:00", "2026-07-10 09:30:00Z",
                          "2026-07-10T09:30:00.Z", "2026-07-10T09:30:00+2:00", "now"}) {
    INFO(bad);
    CHECK_FALSE(ParseInstant(bad));
  }
}

TEST_CASE("calendar days are Europe/Amsterdam days: around midnight, in winter and in summer") {
  // Winter (CET, UTC+1): the 16th starts at 23:00 UTC on the 15th.
  CHECK(DateOf(*ParseInstant("2027-01-15T22:59:59.999Z")) == D("2027-01-15"));
  CHECK(DateOf(*ParseInstant("2027-01-15T23:00:00.000Z")) == D("2027-01-16"));
  CHECK(DateOf(*ParseInstant("2027-01-15T23:30:00Z")) == D("2027-01-16"));  // 00:30 in The Hague
  CHECK(DateOf(*ParseInstant("2027-01-15T23:30:00Z"), Calendar::kUtc) == D("2027-01-15"));
  // Summer (CEST, UTC+2): at 22:00 UTC.
  CHECK(DateOf(*ParseInstant("2027-07-15T21:59:59.999Z")) == D("2027-07-15"));
  CHECK(DateOf(*ParseInstant("2027-07-15T22:00:00Z")) == D("2027-07-16"));
  CHECK(FormatInstant(StartOf(D("2027-01-16"))) == "2027-01-15T23:00:00.000Z");
  CHECK(FormatInstant(StartOf(D("2027-07-16"))) == "2027-07-15T22:00:00.000Z");
  CHECK(FormatInstant(StartOf(D("2027-07-16"), Calendar::kUtc)) == "2027-07-16T00:00:00.000Z");
  // New Year's Eve: 2027 starts in the Netherlands an hour before it does in UTC.
  CHECK(DateOf(*ParseInstant("2026-12-31T23:00:00Z")) == D("2027-01-01"));
}

TEST_CASE("summer time starts and ends at 01:00 UTC on the last Sunday of March and October") {
  // 2027: Sunday 28 March and Sunday 31 October.
  CHECK(UtcOffsetMinutes(*ParseInstant("2027-03-28T00:59:59.999Z")) == 60);
  CHECK(UtcOffsetMinutes(*ParseInstant("2027-03-28T01:00:00Z")) == 120);
  CHECK(UtcOffsetMinutes(*ParseInstant("2027-10-31T00:59:59.999Z")) == 120);
  CHECK(UtcOffsetMinutes(*ParseInstant("2027-10-31T01:00:00Z")) == 60);
  // 2026: Sunday 29 March and Sunday 25 October (not the 31st, a Saturday).
  CHECK(UtcOffsetMinutes(*ParseInstant("2026-03-29T01:00:00Z")) == 120);
  CHECK(UtcOffsetMinutes(*ParseInstant("2026-03-22T12:00:00Z")) == 60);
  CHECK(UtcOffsetMinutes(*ParseInstant("2026-10-25T01:00:00Z")) == 60);
  CHECK(UtcOffsetMinutes(*ParseInstant("2026-10-24T12:00:00Z")) == 120);
  CHECK(UtcOffsetMinutes(*ParseInstant("2026-10-24T12:00:00Z"), Calendar::kUtc) == 0);
  // The days the clocks change begin at midnight under the old offset.
  CHECK(FormatInstant(StartOf(D("2027-03-28"))) == "2027-03-27T23:00:00.000Z");
  CHECK(FormatInstant(StartOf(D("2027-03-29"))) == "2027-03-28T22:00:00.000Z");
  CHECK(FormatInstant(StartOf(D("2027-10-31"))) == "2027-10-30T22:00:00.000Z");
  CHECK(FormatInstant(StartOf(D("2027-11-01"))) == "2027-10-31T23:00:00.000Z");
  // 02:30 local on 28 March does not exist; 01:30 UTC is 03:30 CEST.
  CHECK(FormatZonedInstant(*ParseInstant("2027-03-28T01:30:00Z")) ==
        "2027-03-28T03:30:00.000+02:00");
  // 02:30 local on 31 October happens twice, first in CEST, then in CET.
  CHECK(FormatZonedInstant(*ParseInstant("2027-10-31T00:30:00Z")) ==
        "2027-10-31T02:30:00.000+02:00");
  CHECK(FormatZonedInstant(*ParseInstant("2027-10-31T01:30:00Z")) ==
        "2027-10-31T02:30:00.000+01:00");
}

TEST_CASE("zoned instants read back as the same instant, and calendars have names") {
  for (const char* utc : {"2027-01-15T23:00:00.000Z", "2027-07-15T21:59:59.999Z",
                          "2027-10-31T01:30:00.000Z", "1999-12-31T23:59:59.000Z"}) {
    INFO(utc);
    const Instant t = *ParseInstant(utc);
    CHECK(*ParseInstant(FormatZonedInstant(t)) == t);
    CHECK(FormatZonedInstant(t, Calendar::kUtc) == utc);
    CHECK(DateOf(StartOf(DateOf(t))) == DateOf(t));
  }
  CHECK(ParseCalendar("Europe/Amsterdam") == Calendar::kAmsterdam);
  CHECK(ParseCalendar("UTC") == Calendar::kUtc);
  CHECK(CalendarName(Calendar::kAmsterdam) == "Europe/Amsterdam");
  CHECK_FALSE(ParseCalendar("Europe/Brussels"));
  CHECK_FALSE(ParseCalendar(""));
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

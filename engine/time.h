// Instants and calendar dates as the domain uses them.
//
// Instants are UTC and travel as RFC 3339 strings with millisecond precision
// ("2026-07-10T09:30:00.000Z"); that exact form goes into the audit chain, so
// formatting must never change for an existing value. Dates ("2027-03-31") are
// civil days without a time zone, used for planning and deadlines.
#ifndef ICTGATE_ENGINE_TIME_H_
#define ICTGATE_ENGINE_TIME_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ictgate::engine {

using Instant = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

// A civil date, stored as days since 1970-01-01.
struct Date {
  int32_t days = 0;
  friend bool operator==(Date a, Date b) { return a.days == b.days; }
  friend bool operator!=(Date a, Date b) { return a.days != b.days; }
  friend bool operator<(Date a, Date b) { return a.days < b.days; }
  friend bool operator<=(Date a, Date b) { return a.days <= b.days; }
};

// "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string FormatInstant(Instant t);
// Accepts RFC 3339 with 'Z' or a numeric offset, optional fraction (truncated
// to milliseconds); also a bare date, read as midnight UTC. nullopt if invalid.
std::optional<Instant> ParseInstant(std::string_view s);

std::string FormatDate(Date d);
// Strict "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view s);

// The calendar day (UTC) an instant falls on.
Date DateOf(Instant t);
// Midnight UTC at the start of a date.
Instant StartOf(Date d);
// The same day `months` later, clamped to the end of shorter months
// (2026-01-31 + 1 month = 2026-02-28).
Date AddMonths(Date d, int months);
// Whole months from `from` to `to` (negative when `to` is earlier), counting a
// month only once its day of month is reached.
int MonthsBetween(Date from, Date to);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_TIME_H_

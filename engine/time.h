// Instants and calendar dates as the domain uses them.
//
// Instants are UTC and travel as RFC 3339 strings with millisecond precision
// ("2026-07-10T09:30:00.000Z"); that exact form goes into the audit chain, so
// formatting must never change for an existing value. Dates ("2027-03-31") are
// civil days, used for planning and deadlines, and the Dutch process counts
// them in Europe/Amsterdam: a condition due on 15 January is overdue from
// 00:00 on the 16th in the Netherlands (23:00 UTC on the 15th in winter,
// 22:00 in summer), not from UTC midnight.
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

// The calendar an activity's dates are judged in. Europe/Amsterdam is the
// process's; UTC is kept for activities registered before ictgate judged
// dates in Amsterdam, so that their logs replay exactly as they were decided
// (docs/spec.md section 6).
enum class Calendar { kUtc, kAmsterdam };

// "Europe/Amsterdam" or "UTC", and back (nullopt for any other name).
std::string_view CalendarName(Calendar c);
std::optional<Calendar> ParseCalendar(std::string_view name);

// "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string FormatInstant(Instant t);
// The same instant as the wall clock of `calendar` shows it, with its offset:
// "2027-01-16T00:00:00.000+01:00". For answers people read; never chained.
std::string FormatZonedInstant(Instant t, Calendar calendar = Calendar::kAmsterdam);
// The offset from UTC of `calendar` at `t`, in minutes (Amsterdam: 60 in
// winter, 120 in summer time, which runs from 01:00 UTC on the last Sunday of
// March to 01:00 UTC on the last Sunday of October).
int UtcOffsetMinutes(Instant t, Calendar calendar = Calendar::kAmsterdam);
// Accepts RFC 3339 with 'Z' or a numeric offset, optional fraction (truncated
// to milliseconds); also a bare date, read as its midnight in Amsterdam.
// nullopt if invalid.
std::optional<Instant> ParseInstant(std::string_view s);

std::string FormatDate(Date d);
// Strict "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view s);

// The calendar day an instant falls on in `calendar`.
Date DateOf(Instant t, Calendar calendar = Calendar::kAmsterdam);
// The instant a date begins in `calendar` (its midnight there).
Instant StartOf(Date d, Calendar calendar = Calendar::kAmsterdam);
// The same day `months` later, clamped to the end of shorter months
// (2026-01-31 + 1 month = 2026-02-28).
Date AddMonths(Date d, int months);
// Whole months from `from` to `to` (negative when `to` is earlier), counting a
// month only once its day of month is reached.
int MonthsBetween(Date from, Date to);

}  // namespace ictgate::engine

#endif  // ICTGATE_ENGINE_TIME_H_

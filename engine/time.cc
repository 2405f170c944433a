#include "engine/time.h"

#include <boost/date_time/local_time/local_time.hpp>
#include <cstdio>
#include <cstdlib>

namespace ictgate::engine {
namespace {

// Howard Hinnant's civil calendar algorithms (public domain), exact for the
// proleptic Gregorian calendar; C++17 has no std::chrono calendar yet.
int32_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int32_t>(era * 146097 + static_cast<int64_t>(doe) - 719468);
}

struct Civil {
  int64_t year;
  unsigned month;
  unsigned day;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

bool IsLeap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` decimal digits at `pos`; -1 if any is not a digit.
int Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

constexpr int64_t kMillisPerDay = 86400000;
constexpr int64_t kMillisPerMinute = 60000;

int64_t Millis(Instant t) {
  return t.time_since_epoch().count();
}

// Europe/Amsterdam as Boost.DateTime's POSIX-style rule (whose offsets, unlike
// POSIX TZ strings, count east of UTC as positive): CET, UTC+1, with summer
// time CEST from the last Sunday of March 02:00 to the last Sunday of October
// 03:00 local time, the EU's rule since 1996 (Directive 2000/84/EC).
const boost::local_time::time_zone_ptr& Amsterdam() {
  static const boost::local_time::time_zone_ptr kZone(
      new boost::local_time::posix_time_zone("CET+01CEST+01,M3.5.0/02:00,M10.5.0/03:00"));
  return kZone;
}

Instant UtcMidnight(Date d) {
  return Instant(std::chrono::milliseconds(static_cast<int64_t>(d.days) * kMillisPerDay));
}

}  // namespace

std::string_view CalendarName(Calendar c) {
  return c == Calendar::kAmsterdam ? "Europe/Amsterdam" : "UTC";
}

std::optional<Calendar> ParseCalendar(std::string_view name) {
  if (name == "Europe/Amsterdam") return Calendar::kAmsterdam;
  if (name == "UTC") return Calendar::kUtc;
  return std::nullopt;
}

int UtcOffsetMinutes(Instant t, Calendar calendar) {
  if (calendar == Calendar::kUtc) return 0;
  namespace pt = boost::posix_time;
  const pt::ptime utc = pt::ptime(boost::gregorian::date(1970, 1, 1)) + pt::milliseconds(Millis(t));
  const boost::local_time::local_date_time local(utc, Amsterdam());
  return local.is_dst() ? 120 : 60;
}

std::string FormatZonedInstant(Instant t, Calendar calendar) {
  const int offset = UtcOffsetMinutes(t, calendar);
  if (offset == 0) return FormatInstant(t);
  // The wall clock is the UTC form of the shifted instant, without its 'Z'.
  std::string wall = FormatInstant(t + std::chrono::minutes(offset));
  wall.pop_back();
  char zone[16];
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60,
                std::abs(offset) % 60);
  return wall + zone;
}

std::string FormatDate(Date d) {
  const Civil c = CivilFromDays(d.days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

std::optional<Date> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = Digits(s, 0, 4), m = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) return std::nullopt;
  return Date{DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))};
}

std::string FormatInstant(Instant t) {
  const int64_t ms = t.time_since_epoch().count();
  int64_t days = ms / kMillisPerDay;
  int64_t rem = ms % kMillisPerDay;
  if (rem < 0) {
    rem += kMillisPerDay;
    --days;
  }
  const Civil c = CivilFromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<long long>(c.year), c.month, c.day, static_cast<int>(rem / 3600000),
                static_cast<int>(rem / 60000 % 60), static_cast<int>(rem / 1000 % 60),
                static_cast<int>(rem % 1000));
  return buf;
}

std::optional<Instant> ParseInstant(std::string_view s) {
  const auto date = ParseDate(s.substr(0, 10));
  if (!date) return std::nullopt;
  if (s.size() == 10) return StartOf(*date, Calendar::kAmsterdam);
  if (s.size() < 20 || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  const int hh = Digits(s, 11, 2), mm = Digits(s, 14, 2), ss = Digits(s, 17, 2);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) return std::nullopt;
  size_t pos = 19;
  int millis = 0;
  if (s[pos] == '.') {
    size_t digits = 0;
    for (++pos; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++digits) {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  int offset_minutes = 0;
  const std::string_view zone = s.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset_minutes = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    const int oh = Digits(zone, 1, 2), om = Digits(zone, 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset_minutes = (zone[0] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  // A leap second (:60) is read as :59; instants are kept in milliseconds.
  const int64_t seconds = int64_t{date->days} * 86400 + int64_t{hh} * 3600 + int64_t{mm} * 60 +
                          std::min(ss, 59) - int64_t{offset_minutes} * 60;
  return Instant(std::chrono::milliseconds(seconds * 1000 + millis));
}

Date DateOf(Instant t, Calendar calendar) {
  const int64_t ms = Millis(t) + UtcOffsetMinutes(t, calendar) * kMillisPerMinute;
  int64_t days = ms / kMillisPerDay;
  if (ms % kMillisPerDay < 0) --days;
  return Date{static_cast<int32_t>(days)};
}

Instant StartOf(Date d, Calendar calendar) {
  // Local midnight lies one or two hours before UTC midnight, between 22:00
  // and 23:00 UTC, where the offset is the one in force at 23:00 UTC: the
  // clocks change only at 01:00 UTC.
  const Instant utc = UtcMidnight(d);
  return utc - std::chrono::minutes(UtcOffsetMinutes(utc - std::chrono::hours(1), calendar));
}

Date AddMonths(Date d, int months) {
  const Civil c = CivilFromDays(d.days);
  const int64_t index = c.year * 12 + (c.month - 1) + months;
  const int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
  const unsigned month = static_cast<unsigned>(index - year * 12) + 1;
  const unsigned day = std::min(c.day, DaysInMonth(year, month));
  return Date{DaysFromCivil(year, month, day)};
}

int MonthsBetween(Date from, Date to) {
  const Civil a = CivilFromDays(from.days), b = CivilFromDays(to.days);
  int months = static_cast<int>((b.year - a.year) * 12 +
                                (static_cast<int>(b.month) - static_cast<int>(a.month)));
  if (months > 0 && AddMonths(from, months).days > to.days) --months;
  if (months < 0 && AddMonths(from, months).days < to.days) ++months;
  return months;
}

}  // namespace ictgate::engine

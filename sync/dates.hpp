#pragma once
// Dates and timestamps as the protocol writes them, read and written in one place
// (docs/protocol.md, "Dates and timestamps"):
//  - a calendar date, RFC 3339 full-date "2026-11-28": a day that exists in the
//    proleptic Gregorian calendar (2024-02-29 yes, 2026-02-31 and 2025-02-29 no);
//  - a timestamp, RFC 3339 date-time "2026-11-28T14:05:07Z", optionally with 1-9
//    digits of fraction and a numeric offset instead of Z ("...T15:05:07.25+01:00").
// Strict where RFC 3339 lets a profile choose (section 5.6): upper-case 'T' and 'Z'
// only, no space for 'T', an offset always present. Leap seconds (second 60) are
// refused: every clock that writes these texts (system_clock on kiosk and hub, POSIX
// time) has no 23:59:60, std::chrono::sys_seconds cannot hold one, and none has been
// inserted since 2016. Only ASCII digits count.
//
// Built on C++20's calendar types (year_month_day::ok(), sys_days), which GCC 12 has
// in full. Its std::chrono::parse and std::format are newer (GCC 13/14), and Howard
// Hinnant's date library (Debian's libhowardhinnant-date-dev) would add a dependency for
// a parser more lenient than this grammar ("%m" takes one digit, "%Ez" an hour without
// its leading zero, and no format takes both Z and an offset). So the few characters of
// the grammar are read here by hand, and every calendar and offset computation is the
// standard library's.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace regiebord {

/// A calendar date "YYYY-MM-DD" (years 0000-9999); nullopt unless that day exists.
std::optional<std::chrono::year_month_day> parseDate(std::string_view text);
/// Why text is not a calendar date, in a few words ("2026-02 has 28 days"); "" when it is one.
std::string dateProblem(std::string_view text);
bool isValidDate(std::string_view text);
/// "YYYY-MM-DD"; "" for a date that is not ok() or outside years 0000-9999.
std::string formatIsoDate(std::chrono::year_month_day date);

/// An RFC 3339 timestamp as read: the instant and the offset it was written with.
struct DateTime {
    std::chrono::sys_seconds utc;      ///< whole seconds in UTC, the offset applied
    std::chrono::nanoseconds fraction; ///< the digits after '.', in [0, 1 s)
    std::chrono::minutes offset;       ///< local time minus UTC: "+01:00" is 60, "Z" and "-00:00" are 0
};
/// A timestamp "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)"; nullopt when malformed.
std::optional<DateTime> parseDateTime(std::string_view text);
/// Why text is not such a timestamp ("hour 24 is not 00-23"); "" when it is one.
std::string timestampProblem(std::string_view text);
bool isValidTimestamp(std::string_view text);

/// The instant of a timestamp on the wall clock; nullopt when malformed or outside what
/// system_clock holds (64-bit nanoseconds: 1677-09-21 to 2262-04-11).
std::optional<std::chrono::system_clock::time_point> parseTimestamp(std::string_view text);
/// "YYYY-MM-DDTHH:MM:SSZ", the protocol's form: UTC, whole seconds (a fraction is dropped).
std::string formatUtc(std::chrono::system_clock::time_point when);

/// Wall-clock time in the Netherlands (CET; CEST from the last Sunday of March to the last
/// Sunday of October, 01:00 UTC both, the EU rule). Every time the product shows (the kiosk's
/// screens and clock, the hub's pages, the besluitenlijst) is this one, so the room, the
/// browser and the minutes agree whatever time zone each machine is set to.
std::chrono::local_seconds dutchLocalTime(std::chrono::sys_seconds utc);

} // namespace regiebord

#pragma once
// Number, date and age formatting for the screens: nl-NL by default
// (1.234,5 · 10 dec 2026 · 14:05), en-GB style with the English switch.

#include "i18n.hpp"

#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

namespace regiebord::ui {

std::string formatNumber(double value, int decimals = 0, Language lang = language());
std::string formatPercent(double fraction, Language lang = language());
/// "10 dec 2026" from "2026-12-10"; the input unchanged when it is not a date.
std::string formatDate(std::string_view isoDate, Language lang = language());
/// An instant as the Netherlands' wall clock shows it (dutchLocalTime, sync/dates.hpp): the
/// kiosk's times are the hub's, whatever time zone the device is set to. tm_yday is not set.
std::tm dutchTime(std::chrono::system_clock::time_point when);
/// "do 10 dec 2026 14:30" in Dutch time from an RFC 3339 timestamp.
std::string formatDateTime(std::string_view timestamp, Language lang = language());
/// "14:05" in Dutch time.
std::string formatClock(std::chrono::system_clock::time_point when);
/// Time to a deadline from daysUntil(): "nog 13 maanden", "nog 5 dagen",
/// "vandaag", "2 dagen over de deadline", "3 maanden over de deadline".
std::string formatDaysLeft(int days, Language lang = language());
/// "zojuist", "3 min", "2 uur", "3 dagen".
std::string formatAge(std::chrono::seconds age, Language lang = language());
/// formatAge plus "geleden"/"ago", except for "zojuist"/"just now" (under a minute).
std::string formatAgo(std::chrono::seconds age, Language lang = language());

} // namespace regiebord::ui

#include "format.hpp"

#include "clock.hpp"
#include "dates.hpp"

#include <array>
#include <cmath>
#include <ctime>

namespace regiebord::ui {

namespace {
constexpr std::array<const char*, 12> kMonthsNl{"jan", "feb", "mrt", "apr", "mei", "jun",
                                                "jul", "aug", "sep", "okt", "nov", "dec"};
constexpr std::array<const char*, 12> kMonthsEn{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 7> kDaysNl{"zo", "ma", "di", "wo", "do", "vr", "za"};
constexpr std::array<const char*, 7> kDaysEn{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

std::string twoDigits(int v) {
    return (v < 10 ? "0" : "") + std::to_string(v);
}
} // namespace

std::string formatNumber(double value, int decimals, Language lang) {
    const char thousands = lang == Language::Dutch ? '.' : ',';
    const char point = lang == Language::Dutch ? ',' : '.';
    const double scale = std::pow(10.0, decimals);
    const long long scaled = std::llround(std::fabs(value) * scale);
    const long long whole = scaled / static_cast<long long>(scale);
    const long long fraction = scaled % static_cast<long long>(scale);
    std::string digits = std::to_string(whole);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += thousands;
        out += digits[i];
    }
    if (decimals > 0) {
        std::string f = std::to_string(fraction);
        f.insert(0, static_cast<std::size_t>(decimals) - f.size(), '0');
        out += point + f;
    }
    if (value < 0 && scaled != 0) out.insert(0, "-");
    return out;
}

std::string formatPercent(double fraction, Language lang) {
    return formatNumber(fraction * 100.0, 0, lang) + "%";
}

std::string formatDate(std::string_view iso, Language lang) {
    const auto date = parseDate(iso);
    if (!date) return std::string(iso);
    const auto& months = lang == Language::Dutch ? kMonthsNl : kMonthsEn;
    return std::to_string(static_cast<unsigned>(date->day())) + " " +
           months[static_cast<unsigned>(date->month()) - 1] + " " + std::string(iso.substr(0, 4));
}

std::tm dutchTime(std::chrono::system_clock::time_point when) {
    namespace chrono = std::chrono;
    const chrono::local_seconds local = dutchLocalTime(chrono::floor<chrono::seconds>(when));
    const chrono::local_days day = chrono::floor<chrono::days>(local);
    const chrono::year_month_day date{day};
    const chrono::hh_mm_ss time{local - day};
    std::tm tm{};
    tm.tm_year = static_cast<int>(date.year()) - 1900;
    tm.tm_mon = static_cast<int>(static_cast<unsigned>(date.month())) - 1;
    tm.tm_mday = static_cast<int>(static_cast<unsigned>(date.day()));
    tm.tm_hour = static_cast<int>(time.hours().count());
    tm.tm_min = static_cast<int>(time.minutes().count());
    tm.tm_sec = static_cast<int>(time.seconds().count());
    tm.tm_wday = static_cast<int>(chrono::weekday{day}.c_encoding());
    tm.tm_isdst = -1;
    return tm;
}

std::string formatDateTime(std::string_view timestamp, Language lang) {
    const auto when = parseTimestamp(timestamp);
    if (!when) return std::string(timestamp);
    const std::tm tm = dutchTime(*when);
    const auto& days = lang == Language::Dutch ? kDaysNl : kDaysEn;
    const auto& months = lang == Language::Dutch ? kMonthsNl : kMonthsEn;
    return std::string(days[static_cast<std::size_t>(tm.tm_wday)]) + " " + std::to_string(tm.tm_mday) + " " +
           months[static_cast<std::size_t>(tm.tm_mon)] + " " + std::to_string(tm.tm_year + 1900) + " " +
           twoDigits(tm.tm_hour) + ":" + twoDigits(tm.tm_min);
}

std::string formatClock(std::chrono::system_clock::time_point when) {
    const std::tm tm = dutchTime(when);
    return twoDigits(tm.tm_hour) + ":" + twoDigits(tm.tm_min);
}

std::string formatAge(std::chrono::seconds age, Language lang) {
    const long long s = age.count();
    if (s < 60) return tr("just_now");
    if (s < 3600) return std::to_string(s / 60) + " min";
    if (s < 2 * 86400) return std::to_string(s / 3600) + (lang == Language::Dutch ? " uur" : " h");
    return std::to_string(s / 86400) + (lang == Language::Dutch ? " dagen" : " days");
}

std::string formatDaysLeft(int days, Language lang) {
    const bool nl = lang == Language::Dutch;
    if (days == 0) return nl ? "vandaag" : "today";
    const int n = days < 0 ? -days : days;
    // Whole months from 61 days on; below that, days (a month is too coarse).
    const bool months = n > 60;
    const int count = months ? n * 12 / 365 : n;
    std::string amount = std::to_string(count) + " ";
    if (months)
        amount += nl ? (count == 1 ? "maand" : "maanden") : (count == 1 ? "month" : "months");
    else
        amount += nl ? (count == 1 ? "dag" : "dagen") : (count == 1 ? "day" : "days");
    if (days > 0) return nl ? "nog " + amount : amount + " left";
    return nl ? amount + " over de deadline" : amount + " overdue";
}

std::string formatAgo(std::chrono::seconds age, Language lang) {
    if (age < std::chrono::minutes(1)) return formatAge(age, lang);
    return formatAge(age, lang) + (lang == Language::Dutch ? " geleden" : " ago");
}

} // namespace regiebord::ui

#include "dates.hpp"

#include <cstddef>
#include <cstdint>
#include <utility>

namespace regiebord {

namespace {

namespace chrono = std::chrono;

constexpr std::string_view kDateForm = "it needs 4 digits, '-', 2 digits, '-', 2 digits";
constexpr std::string_view kTimestampForm = "it needs YYYY-MM-DDTHH:MM:SS, an optional .fraction, "
                                            "then Z or +HH:MM or -HH:MM";

bool isDigit(char c) {
    return c >= '0' && c <= '9'; // ASCII only: other scripts' digits are not digits here
}

/// The number that count digits at s[at] write; -1 when the text ends first or one is no digit.
int digitsAt(std::string_view s, std::size_t at, std::size_t count) {
    if (at > s.size() || s.size() - at < count) return -1;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (!isDigit(s[i])) return -1;
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

/// value (>= 0) with leading zeros to width digits.
void appendDigits(std::string& out, std::int64_t value, std::size_t width) {
    std::string digits(width, '0');
    for (std::size_t i = width; i-- > 0 && value > 0; value /= 10)
        digits[i] = static_cast<char>('0' + value % 10);
    out += digits;
}

std::string twoDigits(int value) {
    std::string out;
    appendDigits(out, value, 2);
    return out;
}

/// Where a reader says why it failed; null when the caller only wants yes or no.
class Why {
public:
    explicit Why(std::string* out) : m_out(out) {}
    template <typename T> std::nullopt_t operator()(T&& reason) const {
        if (m_out) *m_out = std::forward<T>(reason);
        return std::nullopt;
    }

private:
    std::string* m_out;
};

/// The full-date in s[0, 10); the rest of s is the caller's.
std::optional<chrono::year_month_day> readDate(std::string_view s, Why why, std::string_view form) {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return why(std::string(form));
    const int y = digitsAt(s, 0, 4);
    const int m = digitsAt(s, 5, 2);
    const int d = digitsAt(s, 8, 2);
    if (y < 0 || m < 0 || d < 0) return why(std::string(form));
    const chrono::year_month_day date{chrono::year{y}, chrono::month{static_cast<unsigned>(m)},
                                      chrono::day{static_cast<unsigned>(d)}};
    if (date.ok()) return date;
    if (!date.month().ok()) return why("there is no month " + twoDigits(m));
    if (d == 0) return why(std::string("there is no day 00"));
    const chrono::year_month_day_last last{date.year(), chrono::month_day_last{date.month()}};
    return why(std::string(s.substr(0, 7)) + " has " + std::to_string(static_cast<unsigned>(last.day())) +
               " days");
}

std::optional<DateTime> readDateTime(std::string_view s, Why why) {
    const auto date = readDate(s, why, kTimestampForm);
    if (!date) return std::nullopt;
    if (s.size() > 10 && s[10] == 't') return why(std::string("a lower-case 't': write 'T'"));
    if (s.size() > 10 && s[10] == ' ') return why(std::string("a space between date and time: write 'T'"));
    if (s.size() < 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return why(std::string(kTimestampForm));
    const int hh = digitsAt(s, 11, 2);
    const int mm = digitsAt(s, 14, 2);
    const int ss = digitsAt(s, 17, 2);
    if (hh < 0 || mm < 0 || ss < 0) return why(std::string(kTimestampForm));
    if (hh > 23) return why("hour " + twoDigits(hh) + " is not 00-23");
    if (mm > 59) return why("minute " + twoDigits(mm) + " is not 00-59");
    if (ss == 60) return why(std::string("second 60: leap seconds are not accepted"));
    if (ss > 59) return why("second " + twoDigits(ss) + " is not 00-59");

    std::size_t i = 19;
    chrono::nanoseconds fraction{0};
    if (i < s.size() && s[i] == '.') {
        const std::size_t first = ++i;
        std::int64_t value = 0;
        for (; i < s.size() && isDigit(s[i]); ++i) {
            if (i - first == 9) return why(std::string("more than 9 digits of fraction"));
            value = value * 10 + (s[i] - '0');
        }
        if (i == first) return why(std::string("no digits after '.'"));
        for (std::size_t n = i - first; n < 9; ++n)
            value *= 10;
        fraction = chrono::nanoseconds{value};
    }

    if (i == s.size()) return why(std::string("no offset: end with Z (UTC) or +HH:MM"));
    chrono::minutes offset{0};
    if (s[i] == 'Z') {
        ++i;
    } else if (s[i] == 'z') {
        return why(std::string("a lower-case 'z': write 'Z'"));
    } else if (s[i] == '+' || s[i] == '-') {
        if (s.size() - i < 6 || s[i + 3] != ':') return why(std::string(kTimestampForm));
        const int oh = digitsAt(s, i + 1, 2);
        const int om = digitsAt(s, i + 4, 2);
        if (oh < 0 || om < 0) return why(std::string(kTimestampForm));
        if (oh > 23 || om > 59)
            return why("offset " + std::string(s.substr(i, 6)) + " is outside -23:59 to +23:59");
        offset = chrono::hours{oh} + chrono::minutes{om};
        if (s[i] == '-') offset = -offset;
        i += 6;
    } else {
        return why(std::string(kTimestampForm));
    }
    if (i != s.size()) return why(std::string("text after the offset"));

    const chrono::sys_seconds local =
        chrono::sys_days{*date} + chrono::hours{hh} + chrono::minutes{mm} + chrono::seconds{ss};
    return DateTime{local - offset, fraction, offset};
}

} // namespace

std::optional<chrono::year_month_day> parseDate(std::string_view text) {
    if (text.size() != 10) return std::nullopt;
    return readDate(text, Why(nullptr), kDateForm);
}

std::string dateProblem(std::string_view text) {
    std::string why;
    if (text.size() != 10) return std::string(kDateForm);
    if (readDate(text, Why(&why), kDateForm)) return {};
    return why;
}

bool isValidDate(std::string_view text) {
    return parseDate(text).has_value();
}

std::string formatIsoDate(chrono::year_month_day date) {
    const int y = static_cast<int>(date.year());
    if (!date.ok() || y < 0 || y > 9999) return {};
    std::string out;
    out.reserve(10);
    appendDigits(out, y, 4);
    out += '-';
    appendDigits(out, static_cast<unsigned>(date.month()), 2);
    out += '-';
    appendDigits(out, static_cast<unsigned>(date.day()), 2);
    return out;
}

std::optional<DateTime> parseDateTime(std::string_view text) {
    return readDateTime(text, Why(nullptr));
}

std::string timestampProblem(std::string_view text) {
    std::string why;
    if (readDateTime(text, Why(&why))) return {};
    return why;
}

bool isValidTimestamp(std::string_view text) {
    return parseDateTime(text).has_value();
}

std::optional<chrono::system_clock::time_point> parseTimestamp(std::string_view text) {
    using TimePoint = chrono::system_clock::time_point;
    const auto read = parseDateTime(text);
    if (!read) return std::nullopt;
    // Whole seconds inside the clock's range, so that adding the fraction cannot overflow.
    constexpr auto earliest = chrono::ceil<chrono::seconds>(TimePoint::min().time_since_epoch());
    constexpr auto latest = chrono::floor<chrono::seconds>(TimePoint::max().time_since_epoch());
    const chrono::seconds since = read->utc.time_since_epoch();
    if (since < earliest || since >= latest) return std::nullopt;
    return TimePoint{chrono::duration_cast<TimePoint::duration>(since) +
                     chrono::duration_cast<TimePoint::duration>(read->fraction)};
}

std::string formatUtc(chrono::system_clock::time_point when) {
    const auto seconds = chrono::floor<chrono::seconds>(when); // floor: 1969's fractions too
    const auto day = chrono::floor<chrono::days>(seconds);
    const chrono::hh_mm_ss time{seconds - day};
    std::string out = formatIsoDate(chrono::year_month_day{day});
    out += 'T';
    appendDigits(out, time.hours().count(), 2);
    out += ':';
    appendDigits(out, time.minutes().count(), 2);
    out += ':';
    appendDigits(out, time.seconds().count(), 2);
    out += 'Z';
    return out;
}

namespace {
/// The last Sunday of a month of a year, at 01:00 UTC: when EU summer time starts or ends.
chrono::sys_seconds lastSundayOneUtc(chrono::year year, chrono::month month) {
    const chrono::sys_days day{year / month / chrono::Sunday[chrono::last]};
    return chrono::sys_seconds{day} + chrono::hours(1);
}
} // namespace

std::chrono::local_seconds dutchLocalTime(std::chrono::sys_seconds utc) {
    const chrono::year year = chrono::year_month_day{chrono::floor<chrono::days>(utc)}.year();
    const bool summer =
        utc >= lastSundayOneUtc(year, chrono::March) && utc < lastSundayOneUtc(year, chrono::October);
    return chrono::local_seconds{utc.time_since_epoch()} + chrono::hours(summer ? 2 : 1);
}

} // namespace regiebord

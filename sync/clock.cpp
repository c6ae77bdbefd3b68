#include "clock.hpp"

#include "protocol.hpp"

#include <uuid/uuid.h>

#include <array>
#include <ctime>

namespace regiebord {

std::string formatUtc(WallClock::time_point when) {
    const std::time_t t = WallClock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::array<char, 32> buffer{};
    const auto n = std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return {buffer.data(), n};
}

std::optional<WallClock::time_point> parseTimestamp(std::string_view s) {
    if (!isValidTimestamp(s)) return std::nullopt;
    auto num = [&](std::size_t from, std::size_t count) {
        int v = 0;
        for (std::size_t i = from; i < from + count; ++i)
            v = v * 10 + (s[i] - '0');
        return v;
    };
    std::tm tm{};
    tm.tm_year = num(0, 4) - 1900;
    tm.tm_mon = num(5, 2) - 1;
    tm.tm_mday = num(8, 2);
    tm.tm_hour = num(11, 2);
    tm.tm_min = num(14, 2);
    tm.tm_sec = num(17, 2);
    std::size_t i = 19;
    if (s[i] == '.')
        for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        }
    long offsetSeconds = 0;
    if (s[i] != 'Z') {
        offsetSeconds = (num(i + 1, 2) * 3600L + num(i + 4, 2) * 60L) * (s[i] == '-' ? -1 : 1);
    }
    const std::time_t t = timegm(&tm) - offsetSeconds;
    return WallClock::from_time_t(t);
}

std::string makeUuidV4() {
    uuid_t id;
    uuid_generate_random(id);
    std::array<char, 37> text{};
    uuid_unparse_lower(id, text.data());
    return {text.data(), 36};
}

} // namespace regiebord

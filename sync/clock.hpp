#pragma once
// Wall-clock helpers: RFC 3339 UTC text and back. Durations and timeouts use
// std::chrono::steady_clock instead; these are for what people and the hub read.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace regiebord {

using WallClock = std::chrono::system_clock;

std::string formatUtc(WallClock::time_point when);
inline std::string utcNow() {
    return formatUtc(WallClock::now());
}
/// Parses an RFC 3339 timestamp (Z or offset); nullopt when malformed.
std::optional<WallClock::time_point> parseTimestamp(std::string_view text);

/// A random UUID version 4 (libuuid), as 36 lower-case characters.
std::string makeUuidV4();

} // namespace regiebord

#pragma once
// Wall-clock helpers: the current time as RFC 3339 UTC text, and idempotency keys.
// Durations and timeouts use std::chrono::steady_clock instead; these are for what
// people and the hub read. Reading and writing timestamps is dates.hpp's.

#include "dates.hpp"

#include <chrono>
#include <string>

namespace regiebord {

using WallClock = std::chrono::system_clock;

inline std::string utcNow() {
    return formatUtc(WallClock::now());
}

/// A random UUID version 4 (libuuid), as 36 lower-case characters.
std::string makeUuidV4();

} // namespace regiebord

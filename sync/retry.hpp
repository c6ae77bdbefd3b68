#pragma once
// Retry timing: capped exponential backoff with full jitter, and Retry-After
// in both of its forms (delta-seconds and HTTP-date), clamped. Durations only;
// the engine applies them on the monotonic clock.

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace regiebord {

struct RetryPolicy {
    std::chrono::milliseconds base{1000};
    std::chrono::milliseconds cap{std::chrono::minutes(5)};
    std::chrono::seconds maxRetryAfter{std::chrono::hours(1)}; ///< a hub cannot park a kiosk longer
};

/// Full jitter: uniform in [0, min(cap, base * 2^failures)].
std::chrono::milliseconds backoffDelay(int failures, const RetryPolicy& policy, std::mt19937_64& rng);

/// Parses Retry-After ("120" or "Fri, 31 Dec 2026 23:59:59 GMT") relative to now,
/// clamped to [0, maxRetryAfter]; nullopt when absent or malformed.
std::optional<std::chrono::seconds>
parseRetryAfter(std::string_view value, std::chrono::system_clock::time_point now, const RetryPolicy& policy);

/// Parses an HTTP-date (IMF-fixdate, RFC 850 or asctime), as in Date and Retry-After.
std::optional<std::chrono::system_clock::time_point> parseHttpDate(std::string_view value);

} // namespace regiebord

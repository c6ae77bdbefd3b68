#include "retry.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <string>

namespace regiebord {

std::chrono::milliseconds backoffDelay(int failures, const RetryPolicy& policy, std::mt19937_64& rng) {
    const int shift = std::clamp(failures, 0, 30);
    const auto ceiling = std::min<std::int64_t>(policy.cap.count(), policy.base.count() << shift);
    std::uniform_int_distribution<std::int64_t> pick(0, std::max<std::int64_t>(ceiling, 0));
    return std::chrono::milliseconds(pick(rng));
}

std::optional<std::chrono::system_clock::time_point> parseHttpDate(std::string_view value) {
    const std::string text(value);
    const time_t t = curl_getdate(text.c_str(), nullptr);
    if (t < 0) return std::nullopt;
    return std::chrono::system_clock::from_time_t(t);
}

std::optional<std::chrono::seconds> parseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now,
                                                    const RetryPolicy& policy) {
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    std::chrono::seconds delay{};
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9) return policy.maxRetryAfter; // absurdly large: clamp
        delay = std::chrono::seconds(std::stoll(std::string(value)));
    } else {
        const auto when = parseHttpDate(value);
        if (!when) return std::nullopt;
        delay = std::chrono::duration_cast<std::chrono::seconds>(*when - now);
    }
    return std::clamp(delay, std::chrono::seconds(0), policy.maxRetryAfter);
}

} // namespace regiebord

#pragma once
// What regiebord-hub-load counts and measures: latency series, request and error
// counters, and the CPU and memory of a process read from /proc.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::load {

using Clock = std::chrono::steady_clock;

/// Latencies in microseconds, every sample kept (10k kiosks for an hour is ~2 M samples, 8 MB),
/// so percentiles are exact. A window is what came since the last windowSummary().
class LatencySeries {
public:
    struct Summary {
        std::size_t count = 0;
        double p50 = 0, p90 = 0, p99 = 0, max = 0; ///< milliseconds
    };
    void add(Clock::duration latency);
    [[nodiscard]] std::size_t count() const { return m_samples.size(); }
    [[nodiscard]] Summary summary() const;
    Summary windowSummary();

private:
    static Summary summarise(std::vector<std::uint32_t> samples);
    std::vector<std::uint32_t> m_samples;
    std::size_t m_mark = 0;
};

enum class RequestKind { Poll, Heartbeat, Snapshot, Decision, Probe };
inline constexpr std::size_t kRequestKinds = 5;
const char* describe(RequestKind kind);

/// Why a request or a connection attempt failed. A request counts once, under its first failure.
enum class Failure {
    ConnectRefused, ///< ECONNREFUSED, or reset during the handshake
    ConnectTimeout, ///< no connection within the timeout (e.g. SYNs dropped by a full accept queue)
    ConnectOther,   ///< the tool's side: no fd, no local port, ...
    Reset,          ///< reset or broken pipe while a request was out
    Closed,         ///< the hub closed the connection before answering
    Timeout,        ///< no complete answer within the timeout
    BadAnswer,      ///< an answer that is not HTTP, too large, or without the ETag it needs
    Status,         ///< an HTTP status the kiosk does not expect (5xx, 4xx)
    Other,
};
inline constexpr std::size_t kFailures = 9;
const char* describe(Failure failure);

struct Counters {
    std::array<std::uint64_t, kRequestKinds> sent{};
    std::array<std::uint64_t, kFailures> failures{};
    std::map<int, std::uint64_t> statuses;
    /// Details of the failures worth reading: "heartbeat: HTTP 503", "connect: Too many open files".
    std::map<std::string, std::uint64_t> details;
    std::uint64_t connectAttempts = 0;
    std::uint64_t connected = 0;
    std::uint64_t idleClosed = 0; ///< found closed by the hub before a round (reconnected, as curl does)
    std::uint64_t hubClosed = 0;  ///< answers with "Connection: close"
    std::uint64_t lateRounds = 0; ///< rounds that started later than due (the previous one ran long)
    std::int64_t open = 0;        ///< connections open now
    std::int64_t activeRounds = 0;

    void fail(Failure failure, const std::string& detail = {});
    [[nodiscard]] std::uint64_t errors() const;
    /// Connections the hub did not take: refused, reset in the handshake, or timed out.
    [[nodiscard]] std::uint64_t refused() const;
    [[nodiscard]] std::uint64_t requests() const;
};

struct Stats {
    Counters counters;
    LatencySeries unchangedPoll; ///< 304
    LatencySeries changedPoll;   ///< 200 with a changes document
    LatencySeries heartbeat;     ///< 204
    LatencySeries decision;      ///< 201
    LatencySeries connect;
    LatencySeries snapshot;
};

/// CPU time and memory of one process, sampled from /proc/<pid>/stat and status.
class ProcessWatch {
public:
    explicit ProcessWatch(int pid);
    /// False once the process is gone (the samples taken so far stay).
    bool sample(Clock::time_point now);
    [[nodiscard]] int pid() const { return m_pid; }
    [[nodiscard]] bool gone() const { return m_gone; }
    /// CPU % (100 = one core) between the first sample at or after `from` and the last at or
    /// before `to`; nullopt with fewer than two samples there.
    [[nodiscard]] std::optional<double> cpuPercent(Clock::time_point from, Clock::time_point to) const;
    /// The highest CPU % over any `window` in [from, to].
    [[nodiscard]] std::optional<double> peakCpuPercent(Clock::time_point from, Clock::time_point to,
                                                       Clock::duration window) const;
    [[nodiscard]] std::int64_t lastRssKb() const { return m_lastRssKb; }
    [[nodiscard]] std::int64_t maxRssKb() const { return m_maxRssKb; }
    [[nodiscard]] std::int64_t hwmKb() const { return m_hwmKb; }

private:
    struct Sample {
        Clock::time_point at;
        double cpuSeconds = 0;
    };
    int m_pid;
    std::string m_dir;
    long m_ticksPerSecond;
    bool m_gone = false;
    std::vector<Sample> m_samples;
    std::int64_t m_lastRssKb = 0, m_maxRssKb = 0, m_hwmKb = 0;
};

/// printf into a std::string (no fixed buffer, and a failing format gives "").
std::string formatted(const char* format, ...) __attribute__((format(printf, 1, 2)));
/// 12345678 -> "12,345,678".
std::string grouped(std::uint64_t n);
/// Milliseconds with a precision that suits them: "0.42", "3.1", "250".
std::string millis(double ms);
double seconds(Clock::duration d);

} // namespace regiebord::load

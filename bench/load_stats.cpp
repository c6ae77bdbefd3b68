#include "load_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <unistd.h>

namespace regiebord::load {

void LatencySeries::add(Clock::duration latency) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(latency).count();
    m_samples.push_back(static_cast<std::uint32_t>(
        std::clamp<std::int64_t>(us, 0, std::numeric_limits<std::uint32_t>::max())));
}

LatencySeries::Summary LatencySeries::summary() const {
    return summarise(m_samples);
}

LatencySeries::Summary LatencySeries::windowSummary() {
    const auto from = m_samples.begin() + static_cast<std::ptrdiff_t>(m_mark);
    m_mark = m_samples.size();
    return summarise({from, m_samples.end()});
}

LatencySeries::Summary LatencySeries::summarise(std::vector<std::uint32_t> samples) {
    Summary s;
    s.count = samples.size();
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    // Nearest rank: the smallest sample with at least q of all samples at or below it.
    auto at = [&](double q) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples.size())));
        return static_cast<double>(samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1]) / 1000.0;
    };
    s.p50 = at(0.50);
    s.p90 = at(0.90);
    s.p99 = at(0.99);
    s.max = static_cast<double>(samples.back()) / 1000.0;
    return s;
}

const char* describe(RequestKind kind) {
    switch (kind) {
    case RequestKind::Poll:
        return "poll";
    case RequestKind::Heartbeat:
        return "heartbeat";
    case RequestKind::Snapshot:
        return "snapshot";
    case RequestKind::Decision:
        return "decision";
    case RequestKind::Probe:
        return "probe";
    }
    return "?";
}

const char* describe(Failure failure) {
    switch (failure) {
    case Failure::ConnectRefused:
        return "connect refused";
    case Failure::ConnectTimeout:
        return "connect timeout";
    case Failure::ConnectOther:
        return "connect other";
    case Failure::Reset:
        return "reset";
    case Failure::Closed:
        return "closed before answer";
    case Failure::Timeout:
        return "timeout";
    case Failure::BadAnswer:
        return "bad answer";
    case Failure::Status:
        return "unexpected status";
    case Failure::Other:
        return "other";
    }
    return "?";
}

void Counters::fail(Failure failure, const std::string& detail) {
    ++failures.at(static_cast<std::size_t>(failure));
    if (!detail.empty()) ++details[detail];
}

std::uint64_t Counters::errors() const {
    std::uint64_t n = 0;
    for (const auto f : failures)
        n += f;
    return n;
}

std::uint64_t Counters::refused() const {
    return failures.at(static_cast<std::size_t>(Failure::ConnectRefused)) +
           failures.at(static_cast<std::size_t>(Failure::ConnectTimeout));
}

std::uint64_t Counters::requests() const {
    std::uint64_t n = 0;
    for (const auto s : sent)
        n += s;
    return n;
}

ProcessWatch::ProcessWatch(int pid)
    : m_pid(pid), m_dir("/proc/" + std::to_string(pid)), m_ticksPerSecond(::sysconf(_SC_CLK_TCK)) {}

bool ProcessWatch::sample(Clock::time_point now) {
    if (m_gone) return false;
    std::ifstream stat(m_dir + "/stat");
    std::string line;
    if (!stat || !std::getline(stat, line)) {
        m_gone = true;
        return false;
    }
    // The command name is in parentheses and may hold spaces: the fields count from the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) return true;
    std::istringstream fields(line.substr(close + 1));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; fields >> field && i <= 15; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
    }
    m_samples.push_back({now, (utime + stime) / static_cast<double>(m_ticksPerSecond)});

    std::ifstream status(m_dir + "/status");
    while (std::getline(status, line)) {
        std::istringstream fieldsOfLine(line);
        std::string name;
        std::int64_t kb = 0;
        if (!(fieldsOfLine >> name >> kb)) continue;
        if (name == "VmRSS:") {
            m_lastRssKb = kb;
            m_maxRssKb = std::max(m_maxRssKb, kb);
        } else if (name == "VmHWM:") {
            m_hwmKb = kb;
        }
    }
    return true;
}

std::optional<double> ProcessWatch::cpuPercent(Clock::time_point from, Clock::time_point to) const {
    const auto first =
        std::find_if(m_samples.begin(), m_samples.end(), [&](const Sample& s) { return s.at >= from; });
    const auto last =
        std::find_if(m_samples.rbegin(), m_samples.rend(), [&](const Sample& s) { return s.at <= to; });
    if (first == m_samples.end() || last == m_samples.rend() || last->at <= first->at) return std::nullopt;
    return 100.0 * (last->cpuSeconds - first->cpuSeconds) / seconds(last->at - first->at);
}

std::optional<double> ProcessWatch::peakCpuPercent(Clock::time_point from, Clock::time_point to,
                                                   Clock::duration window) const {
    std::optional<double> peak;
    for (const auto& s : m_samples) {
        if (s.at < from || s.at + window > to) continue;
        if (const auto p = cpuPercent(s.at, s.at + window)) peak = std::max(peak.value_or(0.0), *p);
    }
    return peak;
}

// C-style variadic on purpose: with the format attribute in the header, -Wformat checks every call.
std::string formatted(const char* format, ...) { // NOLINT(cert-dcl50-cpp)
    std::va_list args;
    va_start(args, format);
    std::va_list again;
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, format, args);
    va_end(args);
    std::string out;
    if (n > 0) {
        out.resize(static_cast<std::size_t>(n) + 1);
        if (std::vsnprintf(out.data(), out.size(), format, again) == n)
            out.resize(static_cast<std::size_t>(n));
        else
            out.clear();
    }
    va_end(again);
    return out;
}

std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

std::string millis(double ms) {
    return formatted(ms < 10 ? "%.2f" : ms < 100 ? "%.1f" : "%.0f", ms);
}

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

} // namespace regiebord::load

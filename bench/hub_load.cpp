// regiebord-hub-load: many simulated kiosks against a running hub, each on its own
// kept-alive connection, polling and sending heartbeats as the kiosk's sync engine does;
// meanwhile decisions and board changes, and how long each change takes to reach every
// kiosk. The benchmark of the hub-scaling issue; bench/hub_load.sh runs it at several
// sizes against a hub it starts. See docs/performance.md.
//
// One io_context on one thread: the kiosks are small state machines (load_kiosk.hpp),
// 10,000 of them at a 30 s poll are ~500 requests/s, a few percent of one core. The
// event loop's own lag is measured and reported, so a tool that falls behind shows.

#include "load_control.hpp"
#include "load_kiosk.hpp"
#include "load_report.hpp"
#include "load_stats.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sys/resource.h>
#include <system_error>
#include <unistd.h>

using namespace regiebord;
using namespace regiebord::load;
namespace asio = boost::asio;

namespace {

struct Options {
    std::string hub;
    std::string board = "demo-regio";
    std::string tokensFile;
    bool distinctTokens = false;
    std::size_t kiosks = 100;
    double poll = 30, heartbeat = 60, ramp = 10, duration = 120, timeout = 10, progress = 10;
    double decisionEvery = 0;
    std::string decisionKeys{};
    std::string changeCommand;
    std::vector<double> changeAt;
    int hubPid = 0;
    std::uint64_t seed = 0;
    std::vector<std::string> sources;
};

/// The local addresses kiosks connect from: as given, or for a hub on IPv4 loopback 64 of
/// 127.0.0.0/8 (each has its own local ports; see HttpLink::connect), or the kernel's choice.
std::vector<asio::ip::address> sourceAddresses(const Options& o, const asio::ip::tcp::endpoint& hub) {
    std::vector<asio::ip::address> out;
    for (const auto& s : o.sources)
        out.push_back(asio::ip::make_address(s));
    if (out.empty() && hub.address().is_v4() && hub.address().is_loopback())
        for (unsigned i = 1; i <= 64; ++i)
            out.emplace_back(asio::ip::address_v4((127U << 24U) | i));
    return out;
}

Clock::duration secondsOf(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

std::vector<std::string> readTokens(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot read the file");
    std::vector<std::string> tokens;
    std::string line;
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') continue;
        tokens.push_back(line.substr(first, line.find_last_not_of(" \t\r") + 1 - first));
    }
    if (tokens.empty()) throw std::runtime_error(path + ": no tokens in the file");
    return tokens;
}

/// Raises RLIMIT_NOFILE: the soft limit to the hard one, and as root the hard one too (up to
/// fs.nr_open). Returns the file descriptors still free.
std::size_t raiseFileLimit(std::size_t wanted) {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    const rlim_t before = limit.rlim_cur;
    if (geteuid() == 0 && limit.rlim_max < wanted) {
        rlim_t ceiling = wanted;
        std::ifstream nrOpen("/proc/sys/fs/nr_open");
        unsigned long long n = 0;
        if (nrOpen >> n) ceiling = std::min<rlim_t>(std::max<rlim_t>(wanted, 1U << 20U), n);
        const rlimit higher{ceiling, ceiling};
        if (setrlimit(RLIMIT_NOFILE, &higher) == 0)
            limit = higher;
        else
            std::printf("regiebord-hub-load: raising the hard limit to %s was refused: %s\n",
                        grouped(ceiling).c_str(), std::system_category().message(errno).c_str());
    }
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    std::size_t inUse = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++inUse;
    const std::size_t usable = limit.rlim_cur > inUse ? limit.rlim_cur - inUse : 0;
    std::printf("regiebord-hub-load: file descriptors: %s usable (soft limit %s -> %s, hard %s)\n",
                grouped(usable).c_str(), grouped(before).c_str(), grouped(limit.rlim_cur).c_str(),
                grouped(limit.rlim_max).c_str());
    return usable;
}

void checkLocalPorts(std::size_t kiosks, std::size_t sources) {
    std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
    unsigned low = 0, high = 0;
    if (!(range >> low >> high) || high < low) return;
    const std::size_t ports = (high - low + 1) * std::max<std::size_t>(sources, 1);
    if (kiosks + 1000 > ports)
        std::printf("regiebord-hub-load: WARNING: %s local ports (ip_local_port_range) for %s connections: "
                    "reconnects may run out of them\n",
                    grouped(ports).c_str(), grouped(kiosks).c_str());
}

/// The hub address from http://host:port (a trailing / allowed).
std::pair<std::string, std::string> parseHubUrl(const std::string& url) {
    const std::string scheme = "http://";
    if (url.rfind("https://", 0) == 0)
        throw std::runtime_error("--hub: https is not supported; load the hub on its plain-HTTP port");
    if (url.rfind(scheme, 0) != 0) throw std::runtime_error("--hub: expected http://host:port");
    std::string rest = url.substr(scheme.size());
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || rest.find('/') != std::string::npos || colon + 1 == rest.size())
        throw std::runtime_error("--hub: expected http://host:port");
    std::string host = rest.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return {host, rest.substr(colon + 1)};
}

/// The whole run: the kiosks, the control connection, the timers, the progress lines.
class LoadRun {
public:
    LoadRun(const Options& options, std::vector<std::string> tokens, std::vector<asio::ip::address> sources,
            const asio::ip::tcp::endpoint& hub, const std::string& hostHeader)
        : m_options(options), m_tokens(std::move(tokens)), m_sources(std::move(sources)),
          m_signals(m_io, SIGINT, SIGTERM), m_tick(m_io), m_progressTimer(m_io), m_decisionTimer(m_io),
          m_changeTimer(m_io), m_endTimer(m_io), m_rng(options.seed), m_self(static_cast<int>(::getpid())) {
        m_settings.link = {hub, hostHeader, secondsOf(options.timeout)};
        m_settings.boardId = options.board;
        m_settings.poll = secondsOf(options.poll);
        m_settings.heartbeat = secondsOf(options.heartbeat);
        if (options.hubPid > 0) m_hub.emplace(options.hubPid);
        m_control = std::make_unique<Control>(m_io, m_settings.link, options.board, m_stats, m_tokens.front(),
                                              options.decisionKeys);
    }

    int run() {
        m_signals.async_wait([this](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            std::printf("regiebord-hub-load: signal %d, ending the run\n", signal);
            if (!m_ending) finish();
        });
        m_control->setup([this](const std::string& problem) {
            if (!problem.empty()) {
                std::printf("regiebord-hub-load: cannot read board %s from the hub: %s\n",
                            m_options.board.c_str(), problem.c_str());
                m_exitCode = 1;
                m_io.stop();
                return;
            }
            begin();
        });
        m_io.run();
        return m_exitCode;
    }

private:
    void begin() {
        const auto& o = m_options;
        std::printf(
            "regiebord-hub-load: board %s at seq %lld; %zu escalation(s) open for decisions; %zu token(s)\n",
            o.board.c_str(), static_cast<long long>(m_control->startSeq()), m_control->escalations().size(),
            m_tokens.size());
        if (!m_sources.empty())
            std::printf("regiebord-hub-load: kiosks connect from %zu local address(es), %s first\n",
                        m_sources.size(), m_sources.front().to_string().c_str());
        std::printf(
            "regiebord-hub-load: %s kiosks, poll %.0f s, heartbeat %.0f s: %.1f polls/s + %.1f heartbeats/s "
            "expected; ramp-up %.0f s, run %.0f s\n",
            grouped(o.kiosks).c_str(), o.poll, o.heartbeat, static_cast<double>(o.kiosks) / o.poll,
            static_cast<double>(o.kiosks) / std::max(o.heartbeat, o.poll), o.ramp, o.duration);
        if (o.decisionEvery > 0 && m_control->escalations().empty())
            std::printf("regiebord-hub-load: WARNING: no open escalation on the board: no decisions\n");
        std::fflush(stdout);
        m_start = Clock::now();
        const auto ramp = secondsOf(o.ramp);
        const auto poll = secondsOf(o.poll);
        std::uniform_int_distribution<Clock::rep> spread(0, poll.count());
        m_kiosks.reserve(o.kiosks);
        for (std::size_t i = 0; i < o.kiosks; ++i) {
            const auto source = m_sources.empty() ? asio::ip::address() : m_sources[i % m_sources.size()];
            auto& k = m_kiosks.emplace_back(
                std::make_unique<LoadKiosk>(m_io, m_settings, m_stats, m_tokens[i % m_tokens.size()],
                                            m_control->startSeq(), m_rng(), source));
            // Connections spread over the ramp-up; each first round uniformly over one interval after it.
            const auto connectAt =
                m_start + ramp * static_cast<Clock::rep>(i) / static_cast<Clock::rep>(o.kiosks);
            k->start(connectAt, connectAt + Clock::duration(spread(m_rng)));
        }
        m_lastTick = m_start;
        tick();
        m_windowStart = m_start;
        m_progressTimer.expires_at(m_start + secondsOf(o.progress));
        m_progressTimer.async_wait([this](const boost::system::error_code& ec) { onProgress(ec); });
        if (o.decisionEvery > 0) {
            // After the ramp-up and one interval: every kiosk is in its rhythm.
            m_decisionTimer.expires_at(m_start + ramp + poll);
            m_decisionTimer.async_wait([this](const boost::system::error_code& ec) { onDecision(ec); });
        }
        m_changesAt = o.changeAt;
        std::sort(m_changesAt.begin(), m_changesAt.end(), std::greater<>());
        nextChange();
        m_endTimer.expires_at(m_start + secondsOf(o.duration));
        m_endTimer.async_wait([this](const boost::system::error_code& ec) {
            if (!ec && !m_ending) finish();
        });
    }

    /// Every 50 ms: the event loop's lag; every second: CPU and memory.
    void tick() {
        constexpr auto period = std::chrono::milliseconds(50);
        const auto now = Clock::now();
        // Not while ending: closing 10,000 sockets at once holds the loop, and is no part of the load.
        if (m_ticks > 0 && !m_ending)
            m_loopLag.add(std::max(Clock::duration::zero(), now - m_lastTick - period));
        if (m_ticks % 20 == 0) {
            if (m_hub && !m_hub->sample(now) && !m_hubGoneNoted) {
                m_hubGoneNoted = true;
                std::printf("regiebord-hub-load: the hub process %d is gone\n", m_hub->pid());
            }
            m_self.sample(now);
        }
        ++m_ticks;
        m_lastTick = now;
        m_tick.expires_at(now + period);
        m_tick.async_wait([this](const boost::system::error_code& ec) {
            if (!ec) tick();
        });
    }

    void onProgress(const boost::system::error_code& ec) {
        if (ec || m_ending) return;
        progress();
        m_progressTimer.expires_at(m_progressTimer.expiry() + secondsOf(m_options.progress));
        m_progressTimer.async_wait([this](const boost::system::error_code& e) { onProgress(e); });
    }

    void progress() {
        const auto now = Clock::now();
        const auto& c = m_stats.counters;
        const double window = seconds(now - m_windowStart);
        const auto requests = c.requests();
        const auto unchanged = m_stats.unchangedPoll.windowSummary();
        const auto changed = m_stats.changedPoll.windowSummary();
        const auto heartbeats = m_stats.heartbeat.windowSummary();
        const auto decisions = m_stats.decision.windowSummary();
        const auto lag = m_loopLag.windowSummary();
        std::int64_t latest = m_control->knownSeq();
        for (const auto& k : m_kiosks)
            latest = std::max(latest, k->seq());
        std::size_t atLatest = 0, started = 0;
        for (const auto& k : m_kiosks) {
            if (!k->startedBy(now)) continue;
            ++started;
            atLatest += k->seq() == latest ? 1 : 0;
        }
        m_maxOpen = std::max(m_maxOpen, c.open);
        std::string hub;
        if (m_hub) {
            hub =
                formatted(" | hub cpu %.0f%% rss %.0f MB", m_hub->cpuPercent(m_windowStart, now).value_or(0),
                          static_cast<double>(m_hub->lastRssKb()) / 1024.0);
        }
        auto ms = [](const LatencySeries::Summary& s, double v) {
            return s.count == 0 ? std::string("-") : millis(v);
        };
        std::printf(
            "[%5.0f s] open %s | %.0f req/s | 304 %s p50 %s p99 %s ms | 200 %s | hb %s | dec %s p99 %s ms | "
            "errors %s refused %s | seq %lld: %s/%s%s | tool cpu %.0f%% lag max %s ms\n",
            seconds(now - m_start), grouped(static_cast<std::uint64_t>(c.open)).c_str(),
            window > 0 ? static_cast<double>(requests - m_windowRequests) / window : 0.0,
            grouped(unchanged.count).c_str(), ms(unchanged, unchanged.p50).c_str(),
            ms(unchanged, unchanged.p99).c_str(), grouped(changed.count).c_str(),
            grouped(heartbeats.count).c_str(), grouped(decisions.count).c_str(),
            ms(decisions, decisions.p99).c_str(), grouped(c.errors()).c_str(), grouped(c.refused()).c_str(),
            static_cast<long long>(latest), grouped(atLatest).c_str(), grouped(started).c_str(), hub.c_str(),
            m_self.cpuPercent(m_windowStart, now).value_or(0), millis(lag.max).c_str());
        std::fflush(stdout);
        m_windowStart = now;
        m_windowRequests = requests;
    }

    void onDecision(const boost::system::error_code& ec) {
        if (ec || m_ending) return;
        m_control->decide();
        const auto next = m_decisionTimer.expiry() + secondsOf(m_options.decisionEvery);
        if (next >= m_start + secondsOf(m_options.duration)) return; // none at the very end
        m_decisionTimer.expires_at(next);
        m_decisionTimer.async_wait([this](const boost::system::error_code& e) { onDecision(e); });
    }

    void nextChange() {
        if (m_changesAt.empty()) return;
        const double at = m_changesAt.back();
        m_changesAt.pop_back();
        m_changeTimer.expires_at(m_start + secondsOf(at));
        m_changeTimer.async_wait([this](const boost::system::error_code& ec) {
            if (ec || m_ending) return;
            std::printf("regiebord-hub-load: [%.0f s] change command: %s\n", seconds(Clock::now() - m_start),
                        m_options.changeCommand.c_str());
            std::fflush(stdout);
            m_control->runCommand(m_options.changeCommand);
            nextChange();
        });
    }

    /// The run's end: no new rounds; what is out may finish within the timeout, then the report.
    void finish() {
        m_ending = true;
        m_end = Clock::now();
        if (m_end - m_windowStart >= std::chrono::seconds(1)) progress();
        m_openAtEnd = m_stats.counters.open;
        m_maxOpen = std::max(m_maxOpen, m_openAtEnd);
        for (auto& k : m_kiosks)
            k->stop();
        m_control->stop();
        m_progressTimer.cancel();
        m_decisionTimer.cancel();
        m_changeTimer.cancel();
        m_endTimer.cancel();
        drain(m_end + m_settings.link.timeout + std::chrono::seconds(1));
    }

    void drain(Clock::time_point deadline) {
        if ((m_stats.counters.activeRounds > 0 || m_control->busy()) && Clock::now() < deadline) {
            m_endTimer.expires_after(std::chrono::milliseconds(100));
            m_endTimer.async_wait([this, deadline](const boost::system::error_code&) { drain(deadline); });
            return;
        }
        if (m_stats.counters.activeRounds > 0 || m_control->busy())
            std::printf("regiebord-hub-load: %lld round(s) still out at the end\n",
                        static_cast<long long>(m_stats.counters.activeRounds));
        const auto now = Clock::now();
        if (m_hub) m_hub->sample(now);
        m_self.sample(now);
        for (auto& k : m_kiosks)
            k->close();
        m_control->close();
        RunFacts facts;
        facts.kiosks = m_options.kiosks;
        facts.poll = m_settings.poll;
        facts.heartbeat = m_settings.heartbeat;
        facts.ramp = secondsOf(m_options.ramp);
        facts.timeout = m_settings.link.timeout;
        facts.start = m_start;
        facts.end = m_end;
        facts.openAtEnd = m_openAtEnd;
        facts.maxOpen = m_maxOpen;
        facts.skippedDecisions = m_control->skippedDecisions();
        facts.decisionsAcknowledged = m_control->decisionsAcknowledged();
        facts.decisionRetries = m_control->decisionRetries();
        printReport(facts, m_stats, m_control->events(), m_kiosks, m_hub ? &*m_hub : nullptr, m_self,
                    m_loopLag);
        std::fflush(stdout);
        m_io.stop();
    }

    const Options& m_options;
    std::vector<std::string> m_tokens;
    std::vector<asio::ip::address> m_sources;
    KioskSettings m_settings;
    Stats m_stats;
    // Declared before what holds sockets and timers on it: destroyed after them.
    asio::io_context m_io{1};
    asio::signal_set m_signals;
    asio::steady_timer m_tick, m_progressTimer, m_decisionTimer, m_changeTimer, m_endTimer;
    std::unique_ptr<Control> m_control;
    std::vector<std::unique_ptr<LoadKiosk>> m_kiosks;
    std::mt19937_64 m_rng;
    std::optional<ProcessWatch> m_hub;
    ProcessWatch m_self;
    bool m_hubGoneNoted = false;
    LatencySeries m_loopLag;
    std::uint64_t m_ticks = 0;
    Clock::time_point m_lastTick, m_start, m_end, m_windowStart;
    std::uint64_t m_windowRequests = 0;
    std::vector<double> m_changesAt;
    bool m_ending = false;
    std::int64_t m_openAtEnd = 0, m_maxOpen = 0;
    int m_exitCode = 0;
};

} // namespace

namespace {

/// The command line and the run; returns the exit code.
int run(int argc, char** argv) {
    Options o;
    CLI::App cli{"regiebord-hub-load: simulated kiosks against a running regiebord-hub"};
    cli.add_option("--hub", o.hub, "The hub, http://HOST:PORT")->required();
    cli.add_option("--board", o.board, "Board id")->capture_default_str();
    cli.add_option("--tokens", o.tokensFile,
                   "File of device tokens, one a line; kiosks take them round-robin")
        ->required();
    cli.add_flag("--distinct-tokens", o.distinctTokens,
                 "Every kiosk its own token (the file must hold enough)");
    cli.add_option("-n,--kiosks", o.kiosks, "Simulated kiosks, each on its own connection")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}));
    cli.add_option("--poll", o.poll, "Poll interval, seconds")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cli.add_option("--heartbeat", o.heartbeat, "Heartbeat interval, seconds (sent in the round it falls due)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cli.add_option("--ramp", o.ramp, "Ramp-up: connections opened evenly over this many seconds")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--duration", o.duration, "Length of the run in seconds, ramp-up included")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cli.add_option("--timeout", o.timeout,
                   "Seconds for a connection, and for a whole answer, before it counts as an error")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cli.add_option(
           "--decision-every", o.decisionEvery,
           "Post a decision every this many seconds on a connection of its own (0: none); the first one "
           "after the ramp-up and one poll interval")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    cli.add_option(
        "--decision-keys", o.decisionKeys,
        "Write the Idempotency-Key of every decision acknowledged (201, or 200 for a replay) here, "
        "one per line with its status");
    cli.add_option("--change-command", o.changeCommand,
                   "A command (sh -c) that changes the board, e.g. \"regiebord-hub --db X import FILE\"");
    cli.add_option("--change-at", o.changeAt, "Seconds into the run at which to run --change-command")
        ->delimiter(',')
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--hub-pid", o.hubPid, "The hub's process id: its CPU and memory are sampled");
    cli.add_option("--progress", o.progress, "Seconds between progress lines")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cli.add_option("--source", o.sources,
                   "Local addresses the kiosks connect from, round-robin (default for a hub on 127.x: "
                   "127.0.0.1-127.0.0.64, so that the kernel finds local ports fast)")
        ->delimiter(',');
    cli.add_option("--seed", o.seed, "Random seed (when the kiosks' first rounds fall; their backoff)");
    CLI11_PARSE(cli, argc, argv);

    try {
        if (o.changeAt.empty() != o.changeCommand.empty())
            throw std::runtime_error("--change-command and --change-at go together");
        if (cli.count("--seed") == 0) o.seed = std::random_device{}();
        auto tokens = readTokens(o.tokensFile);
        if (o.distinctTokens && tokens.size() < o.kiosks)
            throw std::runtime_error("--distinct-tokens: " + std::to_string(tokens.size()) + " tokens for " +
                                     std::to_string(o.kiosks) + " kiosks");
        // One fd per kiosk, the control connection, /proc files, a command's pipes: a margin.
        const std::size_t wanted = o.kiosks + 64;
        if (raiseFileLimit(wanted) < wanted) {
            std::printf(
                "regiebord-hub-load: not enough file descriptors for %s kiosks: raise the limit (ulimit -n) "
                "or run fewer kiosks\n",
                grouped(o.kiosks).c_str());
            return 2;
        }
        const auto [host, port] = parseHubUrl(o.hub);
        asio::io_context resolving;
        asio::ip::tcp::resolver resolver(resolving);
        const auto endpoints = resolver.resolve(host, port);
        if (endpoints.empty()) throw std::runtime_error("--hub: cannot resolve " + host);
        const auto hub = endpoints.begin()->endpoint();
        std::printf("regiebord-hub-load: hub %s:%u%s\n", hub.address().to_string().c_str(), hub.port(),
                    o.hubPid > 0 ? (", pid " + std::to_string(o.hubPid)).c_str() : "");
        auto sources = sourceAddresses(o, hub);
        checkLocalPorts(o.kiosks, sources.size());
        LoadRun loadRun(o, std::move(tokens), std::move(sources), hub, host + ":" + port);
        return loadRun.run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "regiebord-hub-load: %s\n", e.what());
        return 2;
    }
}

} // namespace

int main(int argc, char** argv) {
    // What run() does not catch itself (out of memory, say) ends the tool with one line.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "regiebord-hub-load: error: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "regiebord-hub-load: error: unknown exception\n");
    }
    return 1;
}

// The kiosk as a systemd service: the real binary speaks the sd_notify
// protocol to a socket of ours, the way systemd would see it. READY=1 once the
// display is up; WATCHDOG=1 keeps coming while the screen sits idle (the loop
// is event-driven, so this proves it wakes for the watchdog); a stopped
// (hung) process stops the pings; STOPPING=1 on SIGTERM. Also the start-up
// self-check lines and the token handed over as a systemd credential.

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace regiebord::test;

namespace {

/// A datagram socket standing in for systemd's NOTIFY_SOCKET.
class NotifySocket {
public:
    explicit NotifySocket(const std::string& path) : m_path(path) {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof addr.sun_path);
        std::copy(path.begin(), path.end(), addr.sun_path);
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        timeval tv{0, 100'000};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    ~NotifySocket() { ::close(m_fd); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    /// Collects messages for the given time.
    std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>>
    collect(std::chrono::milliseconds duration) {
        std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>> out;
        const auto end = std::chrono::steady_clock::now() + duration;
        char buffer[4096];
        while (std::chrono::steady_clock::now() < end) {
            const auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0)
                out.emplace_back(std::chrono::steady_clock::now(),
                                 std::string(buffer, static_cast<std::size_t>(n)));
        }
        return out;
    }

private:
    std::string m_path;
    int m_fd = -1;
};

int count(const std::vector<std::pair<std::chrono::steady_clock::time_point, std::string>>& messages,
          const std::string& what) {
    return static_cast<int>(std::count_if(messages.begin(), messages.end(), [&](const auto& m) {
        return m.second.find(what) != std::string::npos;
    }));
}

} // namespace

TEST_CASE("as a systemd service the kiosk reports ready, feeds the watchdog while idle, and stops the pings "
          "when hung",
          "[e2e][service]") {
    TempDir dir;
    const std::string tokenFile = dir.path() + "/credentials/token";
    std::filesystem::create_directories(dir.path() + "/credentials");
    writeFile(tokenFile, "demo-token-not-secret\n", 0400);
    NotifySocket notify(dir.path() + "/notify");
    // No hub at all: the service must still come up, show its offline state, and stay alive.
    ChildProcess kiosk({REGIEBORD_KIOSK_BINARY, "--config", "/dev/null", "--hub", "http://127.0.0.1:9",
                        "--state-dir", dir.path() + "/state", "--windowed", "--size", "800x480", "--renderer",
                        "software"},
                       dir.path() + "/kiosk.log",
                       {{"SDL_VIDEODRIVER", "offscreen"},
                        {"NOTIFY_SOCKET", dir.path() + "/notify"},
                        {"WATCHDOG_USEC", "1000000"}, // WatchdogSec=1: pings due every 250 ms
                        {"CREDENTIALS_DIRECTORY", dir.path() + "/credentials"}});

    auto messages = notify.collect(std::chrono::milliseconds(4000));
    REQUIRE(count(messages, "READY=1") == 1);
    CHECK(count(messages, "STATUS=showing the board") == 1);
    // After READY the screen is idle (nothing changes), yet the pings keep coming well inside the interval.
    const auto ready = std::find_if(messages.begin(), messages.end(), [](const auto& m) {
        return m.second.find("READY=1") != std::string::npos;
    });
    std::vector<std::chrono::steady_clock::time_point> pings;
    for (auto it = ready; it != messages.end(); ++it)
        if (it->second == "WATCHDOG=1") pings.push_back(it->first);
    REQUIRE(pings.size() >= 4);
    for (std::size_t i = 1; i < pings.size(); ++i)
        CHECK(pings[i] - pings[i - 1] < std::chrono::milliseconds(700));

    // A hung UI (here: the whole process stopped) sends nothing: systemd's watchdog would fire.
    REQUIRE(::kill(kiosk.pid(), SIGSTOP) == 0);
    notify.collect(std::chrono::milliseconds(200)); // drain what was in flight
    CHECK(count(notify.collect(std::chrono::milliseconds(1500)), "WATCHDOG=1") == 0);
    REQUIRE(::kill(kiosk.pid(), SIGCONT) == 0);
    CHECK(count(notify.collect(std::chrono::milliseconds(1500)), "WATCHDOG=1") >= 2);

    REQUIRE(kiosk.stop(SIGTERM) == std::optional<int>(0));
    CHECK(count(notify.collect(std::chrono::milliseconds(300)), "STOPPING=1") == 1);

    // The journal lines of the start-up self-check; the token itself never appears.
    const std::string log = kiosk.log();
    CHECK_THAT(log, Catch::Contains("self-check: display opened: video driver offscreen"));
    CHECK_THAT(log, Catch::Contains("self-check: NO TOUCH DEVICE"));
    CHECK_THAT(log, Catch::Contains("self-check: cache"));
    CHECK_THAT(log, Catch::Contains("self-check: outbox"));
    CHECK_THAT(log, Catch::Contains("MB free in"));
    CHECK_THAT(log, !Catch::Contains("demo-token-not-secret"));
}

namespace {

/// The kiosk offscreen at 800x480 with the hub unreachable, state in state and the token
/// in dir/token, until --exit-after ends it (exit 0 required); returns its log (dir/<name>.log).
std::string runUntilExit(const TempDir& dir, const std::string& state, const std::string& exitAfter,
                         const std::string& name) {
    ChildProcess kiosk({REGIEBORD_KIOSK_BINARY, "--config", "/dev/null", "--hub", "http://127.0.0.1:9",
                        "--token-file", dir.path() + "/token", "--state-dir", state, "--windowed", "--size",
                        "800x480", "--renderer", "software", "--exit-after", exitAfter},
                       dir.path() + "/" + name + ".log", {{"SDL_VIDEODRIVER", "offscreen"}});
    REQUIRE(kiosk.wait(std::chrono::seconds(20)) == std::optional<int>(0));
    return kiosk.log();
}

} // namespace

TEST_CASE("a damaged cache is moved aside at start-up and a damaged outbox is kept aside, never deleted",
          "[e2e][service]") {
    TempDir dir;
    const std::string state = dir.path() + "/state";
    std::filesystem::create_directories(state);
    writeFile(state + "/cache.db", std::string(8192, 'x'));
    writeFile(state + "/outbox.db", "SQLite format 3" + std::string(8192, '\x7f'));
    writeFile(dir.path() + "/token", "demo-token-not-secret\n");
    const std::string log = runUntilExit(dir, state, "2", "kiosk");
    CHECK_THAT(log, Catch::Contains("self-check: cache " + state + "/cache.db failed its check"));
    CHECK(std::filesystem::exists(state + "/cache.db.damaged"));
    CHECK_THAT(log, Catch::Contains("self-check: OUTBOX " + state + "/outbox.db DAMAGED"));
    CHECK_THAT(log, Catch::Contains("regiebord --salvage-outbox"));
    std::string kept;
    for (const auto& entry : std::filesystem::directory_iterator(state))
        if (entry.path().filename().string().rfind("outbox.db.damaged-", 0) == 0)
            kept = entry.path().string() + "/outbox.db";
    REQUIRE_FALSE(kept.empty());
    CHECK(readFile(kept) == "SQLite format 3" + std::string(8192, '\x7f'));
    // The room keeps working: the kiosk ran on with a fresh outbox until asked to stop (exit 0 above).
    CHECK_THAT(log, Catch::Contains("stopped after"));
}

#pragma once
// Real child processes for integration tests: the hub, the kiosk, Xvfb.
// RAII: a process still running when its object dies gets SIGTERM, then SIGKILL.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::test {

class ChildProcess {
public:
    /// Starts argv[0] with the given arguments; stdout and stderr go to logPath.
    ChildProcess(std::vector<std::string> argv, const std::string& logPath,
                 const std::map<std::string, std::string>& env = {});
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&&) = delete;
    ~ChildProcess();

    int pid() const { return m_pid; }
    bool running();
    /// Sends a signal (SIGTERM by default) and waits up to timeout; returns the exit status
    /// (exit code, or 128 + signal) or nullopt if it did not end.
    std::optional<int> stop(int signal = 15, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// Waits for the process to end by itself.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    const std::string& logPath() const { return m_log; }
    std::string log() const;

private:
    int m_pid = -1;
    std::optional<int> m_status;
    std::string m_log;
};

/// Polls until pred() holds or timeout; returns pred()'s last value.
template <typename Pred> bool waitUntil(Pred pred, std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        struct timespec ts {
            0, 20'000'000
        };
        nanosleep(&ts, nullptr);
    }
    return pred();
}

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& text, unsigned mode = 0600);

/// The reference hub as a real process on a loopback port, with the demo board.
/// An X server of its own (Xvfb) of the given size, on a display number no other test uses.
class Xvfb {
public:
    Xvfb(const std::string& dir, int width, int height);
    const std::string& display() const { return m_display; }

private:
    std::string m_display;
    std::optional<ChildProcess> m_process;
};

class HubProcess {
public:
    /// dir: where the hub database and log go. The demo device token is kDemoToken.
    /// config: lines "section.key = value" for a hub.toml of its own (-c).
    /// The store: an SQLite file in dir, or, with REGIEBORD_TEST_POSTGRES set (a postgresql:// URL
    /// of a running server, see postgres.hpp), a new database of its own on that server.
    /// database: a store to use instead (another instance's postgresql:// URL, to share it).
    explicit HubProcess(const std::string& dir, bool demo = true, int port = 0,
                        const std::vector<std::string>& extraArgs = {}, const std::string& scheme = "http",
                        const std::vector<std::string>& config = {}, const std::string& database = {});
    const std::string& url() const { return m_url; }
    int port() const { return m_port; }
    ChildProcess& process() { return *m_process; }
    /// The hub's store as --db takes it: the SQLite file, or the postgresql:// URL.
    const std::string& dbPath() const { return m_db; }
    bool postgres() const { return m_db.rfind("postgresql://", 0) == 0; }
    /// Runs `regiebord-hub -c CONFIG --db STORE args...` on this hub's configuration file and
    /// store (e.g. {"device", "add", ...}) to completion; its exit code, stdout and stderr in *output.
    int command(const std::vector<std::string>& args, std::string* output = nullptr) const;
    /// `device add` for this hub's demo board with the given token; throws when it fails.
    void addDevice(const std::string& name, const std::string& token) const;

private:
    std::string m_db;
    std::string m_config;
    std::optional<ChildProcess> m_process;
    int m_port = 0;
    std::string m_url;
};

/// HAProxy (Debian's haproxy) in front of hub instances, from the shipped example
/// configuration packaging/hub/haproxy.cfg.example with its placeholders filled in.
class HaproxyProcess {
public:
    HaproxyProcess(const std::string& dir, const std::vector<int>& hubPorts);
    const std::string& url() const { return m_url; }
    int port() const { return m_port; }
    ChildProcess& process() { return *m_process; }

private:
    std::optional<ChildProcess> m_process;
    int m_port = 0;
    std::string m_url;
};

/// A TCP port on 127.0.0.1 that was free a moment ago (for programs that cannot report theirs).
int freePort();

inline constexpr const char* kDemoToken = "demo-token-not-secret";
inline constexpr const char* kDemoBoard = "demo-regio";

/// Runs a command to completion (for xdotool, sqlite3, openssl); returns its exit code.
int runCommand(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
               std::string* output = nullptr);

} // namespace regiebord::test

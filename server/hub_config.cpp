#include "hub_config.hpp"

#include <cctype>
#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace regiebord::hub {

namespace {

constexpr const char* kCommandLine = "(command line)";
constexpr const char* kListenForm = "HOST:PORT with a port from 0 to 65535, e.g. \"127.0.0.1:8080\"";

/// "" when `path` is a regular file this process can open for reading, else what is wrong.
std::string unreadable(const std::string& path) {
    // O_NONBLOCK: a FIFO in the wrong place must not hang --check-config.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return path + ": " + std::system_category().message(errno);
    struct stat st {};
    const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    ::close(fd);
    return regular ? std::string() : path + ": not a regular file";
}

/// The TLS pair rule and the files themselves, for keys read from the file.
void checkTls(ConfigReader& r, const HubConfig& c) {
    const bool hasCert = !c.tlsCert.empty();
    const bool hasKey = !c.tlsKey.empty();
    if (hasCert && !hasKey)
        r.problem("server", "tls_cert", "expected server.tls_key as well (both or neither)");
    if (hasKey && !hasCert)
        r.problem("server", "tls_key", "expected server.tls_cert as well (both or neither)");
    if (hasCert)
        if (const std::string why = unreadable(c.tlsCert); !why.empty())
            r.problem("server", "tls_cert", "expected a readable PEM certificate file; " + why);
    if (hasKey)
        if (const std::string why = unreadable(c.tlsKey); !why.empty())
            r.problem("server", "tls_key", "expected a readable PEM private key file; " + why);
}

} // namespace

std::string HubConfig::defaultDemoBoardFile() {
    std::error_code ec;
    if (std::filesystem::exists(REGIEBORD_INSTALLED_DEMO_BOARD, ec)) return REGIEBORD_INSTALLED_DEMO_BOARD;
    return REGIEBORD_DEMO_BOARD;
}

std::optional<ListenAddress> parseListen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    ListenAddress a;
    a.host = text.substr(0, colon);
    if (!a.host.empty() && a.host.front() == '[') { // [IPv6]:PORT
        if (a.host.back() != ']') return std::nullopt;
        a.host = a.host.substr(1, a.host.size() - 2);
    }
    const std::string port = text.substr(colon + 1);
    if (a.host.empty() || port.empty() || port.size() > 5) return std::nullopt;
    for (const char ch : port)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    a.port = std::stoi(port);
    if (a.port > 65535) return std::nullopt;
    return a;
}

HubConfig loadHubConfig(const std::string& path, std::vector<ConfigProblem>& problems) {
    HubConfig c;
    ConfigReader r(path, problems);
    if (!r.parsed()) return c;
    readHubConfig(r, c);
    r.unknownKeys();
    checkTls(r, c);
    // The demo board is read only when the demo is on; a wrong path should show before the service starts.
    if (c.demo && !c.demoBoardFile.empty())
        if (const std::string why = unreadable(c.demoBoardFile); !why.empty())
            r.problem("demo", "board_file", "expected a readable board file (regiebord.board.v1); " + why);
    return c;
}

void readHubConfig(ConfigReader& r, HubConfig& c) {
    const auto notEmpty = [](const std::string& v) { return !v.empty(); };
    r.checkedString(
        "server", "listen", c.listen, [](const std::string& v) { return parseListen(v).has_value(); },
        kListenForm);
    r.string("server", "tls_cert", c.tlsCert);
    r.string("server", "tls_key", c.tlsKey);
    int perAddress = static_cast<int>(c.limits.connectionsPerAddress);
    r.integer("server", "connections_per_address", perAddress, 1, 1000000);
    c.limits.connectionsPerAddress = static_cast<std::size_t>(perAddress);
    int maxConnections = static_cast<int>(c.limits.maxConnections);
    r.integer("server", "max_connections", maxConnections, 16, 10000000);
    c.limits.maxConnections = static_cast<std::size_t>(maxConnections);
    int headerTimeout = static_cast<int>(c.limits.headerTimeout.count());
    r.integer("server", "header_timeout_seconds", headerTimeout, 1, 300);
    c.limits.headerTimeout = std::chrono::seconds(headerTimeout);
    int idleTimeout = static_cast<int>(c.limits.idleTimeout.count());
    r.integer("server", "idle_timeout_seconds", idleTimeout, 5, 3600);
    c.limits.idleTimeout = std::chrono::seconds(idleTimeout);
    r.integer("server", "io_threads", c.limits.ioThreads, 0, 256);
    r.integer("server", "worker_threads", c.limits.workerThreads, 1, 256);
    r.checkedString(
        "storage", "database", c.database, notEmpty,
        "the database file's path, e.g. \"/var/lib/regiebord-hub/hub.db\", or a postgresql:// URL");
    r.integer("storage", "connections", c.connections, 1, 1000);
    r.integer("devices", "silent_after_seconds", c.silentAfterSeconds, 10, 604800);
    r.boolean("demo", "enabled", c.demo);
    r.string("demo", "board_file", c.demoBoardFile);
}

void applyHubFlags(HubConfig& c, const HubFlags& f, std::vector<ConfigProblem>& problems) {
    if (f.database) c.database = *f.database;
    if (f.listen) {
        if (parseListen(*f.listen))
            c.listen = *f.listen;
        else
            problems.push_back({kCommandLine, 0, "--listen",
                                std::string("expected ") + kListenForm + ", got \"" + *f.listen + "\""});
    }
    const auto file = [&](const std::optional<std::string>& value, std::string& out, const char* flag,
                          const char* what) {
        if (!value) return;
        out = *value;
        if (const std::string why = unreadable(out); !out.empty() && !why.empty())
            problems.push_back(
                {kCommandLine, 0, flag, std::string("expected a readable ") + what + "; " + why});
    };
    file(f.tlsCert, c.tlsCert, "--tls-cert", "PEM certificate file");
    file(f.tlsKey, c.tlsKey, "--tls-key", "PEM private key file");
    // Only judged here when a flag took part; a pair broken in the file alone is the file's problem.
    if ((f.tlsCert || f.tlsKey) && c.tlsCert.empty() != c.tlsKey.empty())
        problems.push_back({kCommandLine, 0, f.tlsCert ? "--tls-cert" : "--tls-key",
                            "expected --tls-cert and --tls-key together (both or neither)"});
    if (f.demo) c.demo = true;
    // Not checked here: as before, the demo file is read only when the database has no demo board.
    if (f.demoFile) c.demoBoardFile = *f.demoFile;
    if (f.silentAfterSeconds) c.silentAfterSeconds = *f.silentAfterSeconds;
}

} // namespace regiebord::hub

// regiebord-hub serve: the API on the configured address until SIGTERM/SIGINT, with
// systemd's readiness notification and the open-file limit raised for the connections.

#include "http_server.hpp"
#include "hub_api.hpp"
#include "hub_commands.hpp"
#include "hub_routes.hpp"
#include "web_site.hpp"

#include <systemd/sd-daemon.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <pthread.h>
#include <sys/resource.h>
#include <system_error>
#include <thread>

namespace regiebord::hub {

namespace {

constexpr const char* kDemoToken = "demo-token-not-secret";
constexpr const char* kDemoDevice = "demo-kiosk";

/// The demo board and device, when the database has none yet; false when the board cannot be imported.
bool loadDemo(HubStore& store, const HubConfig& config, std::ostream& out, std::ostream& err) {
    if (!store.hasBoard("demo-regio") && !importBoardFile(store, config.demoBoard(), out, err)) return false;
    if (!store.deviceByName(kDemoDevice)) {
        store.addDevice("demo-regio", kDemoDevice, kDemoToken);
        out << "regiebord-hub: demo device \"" << kDemoDevice << "\" with the public token \"" << kDemoToken
            << "\" (demo only)\n";
    }
    return true;
}

/// One file descriptor per connection: the soft limit goes up to the hard one (the unit's
/// LimitNOFILE), and the connection cap stays below it, so the hub answers 503 instead
/// of failing to accept.
HttpLimits limitsWithinOpenFiles(const HubConfig& config, std::ostream& out) {
    HttpLimits limits = config.limits;
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) != 0) return limits;
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
    getrlimit(RLIMIT_NOFILE, &files);
    const rlim_t reserve = 64 + static_cast<rlim_t>(config.connections);
    if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur > reserve &&
        limits.maxConnections > files.rlim_cur - reserve) {
        limits.maxConnections = static_cast<std::size_t>(files.rlim_cur - reserve);
        out << "regiebord-hub: at most " << limits.maxConnections << " connections (open-file limit "
            << static_cast<unsigned long long>(files.rlim_cur) << "; raise LimitNOFILE for more)\n";
    }
    return limits;
}

/// Writes the port through a temporary file and a rename (a reader never sees half a number);
/// "" or what went wrong.
std::string writePortFile(const std::string& path, int port) {
    const std::string tmp = path + ".tmp";
    std::error_code ec;
    {
        std::ofstream file(tmp);
        file << port << "\n";
        file.close();
        if (!file) ec = std::make_error_code(std::errc::io_error);
    }
    if (!ec) std::filesystem::rename(tmp, path, ec);
    if (!ec) return {};
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    return ec.message();
}

} // namespace

int serveCommand(const ServeOptions& options, HubStore& store, const CommandContext& context) {
    const HubConfig& config = context.config;
    std::ostream& out = context.out;
    std::ostream& err = context.err;
    if (!context.configFile.empty()) out << "regiebord-hub: configuration " << context.configFile << "\n";
    const auto address = parseListen(config.listen);
    if (!address) return 2; // checked with the configuration already
    const std::string& host = address->host;
    if (config.demo && !loadDemo(store, config, out, err)) return 1;
    // SIGTERM/SIGINT are taken by a watcher thread that stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const HttpLimits limits = limitsWithinOpenFiles(config, out);
    HubApi api(store);
    WebSite web(store, config.silentAfterSeconds);
    HubRoutes routes(api, web);
    std::unique_ptr<HttpServer> server;
    try {
        server = std::make_unique<HttpServer>(routes, limits, config.tlsCert, config.tlsKey);
    } catch (const std::exception& e) {
        err << "regiebord-hub: cannot load TLS certificate " << config.tlsCert << " / key " << config.tlsKey
            << ": " << e.what() << "\n";
        return 1;
    }
    const int bound = server->bind(host, address->port);
    if (bound < 0) {
        err << "regiebord-hub: cannot listen on " << config.listen << "\n";
        return 1;
    }
    const bool tls = !config.tlsCert.empty();
    if (!tls && host != "127.0.0.1" && host != "localhost" && host != "::1")
        out << "regiebord-hub: WARNING: plain HTTP on " << host << "; put a TLS proxy in front of it\n";
    out << "regiebord-hub listening on " << (tls ? "https" : "http") << "://" << host << ":" << bound << " ("
        << store.dialect() << " store)\n";
    out.flush();
    // After the line above (tests wait for the file, then read the log) and before any thread
    // runs: a port file that cannot be written ends the hub with a clear error.
    if (!options.portFile.empty()) {
        if (const std::string problem = writePortFile(options.portFile, bound); !problem.empty()) {
            err << "regiebord-hub: --port-file: cannot write " << options.portFile << ": " << problem << "\n";
            return 1;
        }
    }
    server->every(HubStore::kLastSeenResolution, [&store] { store.flushLastSeen(); });
    std::thread watcher([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        if (signal == SIGUSR1) return; // run() ended by itself
        sd_notify(0, "STOPPING=1");
        out << "regiebord-hub: signal " << signal << ", stopping\n";
        out.flush();
        server->stop();
    });
    // Type=notify units start their dependants only now; without systemd (no NOTIFY_SOCKET) a no-op.
    const std::string ready = "READY=1\nSTATUS=listening on " + host + ":" + std::to_string(bound);
    sd_notify(0, ready.c_str());
    server->run();
    pthread_kill(watcher.native_handle(), SIGUSR1); // in case no signal came
    watcher.join();
    server.reset(); // waits for handlers still running: no transaction is cut short
    store.flushLastSeen();
    out << "regiebord-hub: stopped\n";
    return 0;
}

} // namespace regiebord::hub

// regiebord-hub: the reference central server. Subcommands: serve, import,
// compact, device add, devices; --check-config checks the configuration file
// (default /etc/regiebord-hub/hub.toml) together with the flags.

#include "clock.hpp"
#include "http_server.hpp"
#include "hub_api.hpp"
#include "hub_config.hpp"
#include "hub_store.hpp"
#include "json_text.hpp"
#include "private_file.hpp"
#include "protocol.hpp"

#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>
#include <systemd/sd-daemon.h>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <pthread.h>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>

using namespace regiebord;

namespace {

constexpr const char* kDemoToken = "demo-token-not-secret";
constexpr const char* kDemoDevice = "demo-kiosk";
constexpr const char* kDefaultConfig = "/etc/regiebord-hub/hub.toml";
/// The database when no configuration file is read: as before packaging, next to where the hub runs.
constexpr const char* kDatabaseWithoutConfig = "regiebord-hub.db";

bool importFile(hub::HubStore& store, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "regiebord-hub: %s: cannot read the file\n", path.c_str());
        return false;
    }
    // Read straight into one string (a stringstream's str() would copy it: 80 MB at 100k agreements).
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    auto board = parseBoard(text, DocumentKind::Import);
    if (!board) {
        std::fprintf(stderr, "regiebord-hub: %s: rejected %s\n", path.c_str(),
                     board.error().describe().c_str());
        return false;
    }
    const auto& b = board.value();
    std::int64_t seq = 0;
    try {
        seq = store.importBoard(b);
    } catch (const hub::ImportRefused& e) {
        std::fprintf(stderr, "regiebord-hub: %s: refused, nothing imported: %s\n", path.c_str(), e.what());
        return false;
    }
    std::printf(
        "regiebord-hub: imported board %s (%zu parties, %zu agreements, %zu escalations, %zu meetings), "
        "sequence %lld\n",
        b.board.id.c_str(), b.parties.size(), b.agreements.size(), b.escalations.size(), b.meetings.size(),
        static_cast<long long>(seq));
    return true;
}

// Tokens travel in an HTTP header and in files: printable ASCII without spaces, long enough to guess at
// nothing.
std::string tokenProblem(const std::string& token) {
    if (token.size() < 16) return "expected at least 16 characters";
    if (token.size() > 256) return "expected at most 256 characters";
    for (const char c : token)
        if (c <= ' ' || c > '~') return "expected printable ASCII without spaces";
    return {};
}

/// Serves until SIGTERM/SIGINT. `config` has been checked: its listen address parses.
int serve(hub::HubStore& store, const hub::HubConfig& config, const std::string& portFile) {
    const auto address = hub::parseListen(config.listen);
    if (!address) return 2;
    const std::string& host = address->host;
    if (config.demo) {
        if (!store.hasBoard("demo-regio") && !importFile(store, config.demoBoard())) return 1;
        if (!store.deviceByName(kDemoDevice)) {
            store.addDevice("demo-regio", kDemoDevice, kDemoToken);
            std::printf("regiebord-hub: demo device \"%s\" with the public token \"%s\" (demo only)\n",
                        kDemoDevice, kDemoToken);
        }
    }
    // SIGTERM/SIGINT are taken by a watcher thread that stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // One file descriptor per connection: the soft limit goes up to the hard one (the unit's
    // LimitNOFILE), and the connection cap stays below it, so the hub answers 503 instead
    // of failing to accept.
    hub::HttpLimits limits = config.limits;
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
        getrlimit(RLIMIT_NOFILE, &files);
        const rlim_t reserve = 64 + static_cast<rlim_t>(config.connections);
        if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur > reserve &&
            limits.maxConnections > files.rlim_cur - reserve) {
            limits.maxConnections = static_cast<std::size_t>(files.rlim_cur - reserve);
            std::printf(
                "regiebord-hub: at most %zu connections (open-file limit %llu; raise LimitNOFILE for more)\n",
                limits.maxConnections, static_cast<unsigned long long>(files.rlim_cur));
        }
    }
    hub::HubApi api(store);
    std::unique_ptr<hub::HttpServer> server;
    try {
        server = std::make_unique<hub::HttpServer>(api, limits, config.tlsCert, config.tlsKey);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "regiebord-hub: cannot load TLS certificate %s / key %s: %s\n",
                     config.tlsCert.c_str(), config.tlsKey.c_str(), e.what());
        return 1;
    }
    const int bound = server->bind(host, address->port);
    if (bound < 0) {
        std::fprintf(stderr, "regiebord-hub: cannot listen on %s\n", config.listen.c_str());
        return 1;
    }
    const bool tls = !config.tlsCert.empty();
    if (!tls && host != "127.0.0.1" && host != "localhost" && host != "::1")
        std::printf("regiebord-hub: WARNING: plain HTTP on %s; put a TLS proxy in front of it\n",
                    host.c_str());
    std::printf("regiebord-hub listening on %s://%s:%d (%s store)\n", tls ? "https" : "http", host.c_str(),
                bound, store.dialect());
    std::fflush(stdout);
    // After the line above (tests wait for the file, then read the log) and before any thread
    // runs: a port file that cannot be written ends the hub with a clear error.
    if (!portFile.empty()) {
        const std::string tmp = portFile + ".tmp";
        std::error_code ec;
        {
            std::ofstream out(tmp);
            out << bound << "\n";
            out.close();
            if (!out) ec = std::make_error_code(std::errc::io_error);
        }
        if (!ec) std::filesystem::rename(tmp, portFile, ec);
        if (ec) {
            std::fprintf(stderr, "regiebord-hub: --port-file: cannot write %s: %s\n", portFile.c_str(),
                         ec.message().c_str());
            std::filesystem::remove(tmp, ec);
            return 1;
        }
    }
    server->every(hub::HubStore::kLastSeenResolution, [&store] { store.flushLastSeen(); });
    std::thread watcher([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        if (signal == SIGUSR1) return; // run() ended by itself
        sd_notify(0, "STOPPING=1");
        std::printf("regiebord-hub: signal %d, stopping\n", signal);
        std::fflush(stdout);
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
    std::printf("regiebord-hub: stopped\n");
    return 0;
}

/// Prints one line per device; SILENT when not heard from within silentAfter seconds.
int listDevices(hub::HubStore& store, int silentAfter) {
    std::printf("%-12s %-18s %-12s %-20s %-8s %-7s %-9s %-9s %s\n", "id", "name", "board", "last seen",
                "state", "version", "outbox", "data age", "last error");
    int silent = 0;
    for (const auto& d : store.devices()) {
        const auto seen = parseTimestamp(d.lastSeenAt);
        const bool quiet = !seen || std::chrono::system_clock::now() - *seen >
                                        std::chrono::seconds(std::max(silentAfter, 1));
        silent += quiet ? 1 : 0;
        const auto hb = nlohmann::json::parse(d.heartbeat.empty() ? "{}" : d.heartbeat, nullptr, false);
        auto field = [&](const char* key) {
            return hb.is_object() && hb.contains(key)
                       ? (hb[key].is_string() ? hb[key].get<std::string>() : jsonText(hb[key]))
                       : std::string("-");
        };
        std::printf("%-12s %-18s %-12s %-20s %-8s %-7s %-9s %-9s %s\n", d.id.c_str(), d.name.c_str(),
                    d.boardId.c_str(), d.lastSeenAt.empty() ? "never" : d.lastSeenAt.c_str(),
                    quiet ? "SILENT" : "ok", field("version").c_str(), field("outbox_depth").c_str(),
                    field("data_age_seconds").c_str(), field("last_error").c_str());
    }
    int lost = 0;
    for (const auto& d : store.devices()) {
        // What a heartbeat says beyond the table: the engine's faults and rebuilt caches.
        if (const auto hb = parseHeartbeat(d.heartbeat.empty() ? "{}" : d.heartbeat)) {
            if (!hb.value().fault.empty())
                std::printf("FAULT %s (%s): %s\n", d.name.c_str(), d.id.c_str(), hb.value().fault.c_str());
            if (hb.value().cacheRebuilds > 0)
                std::printf(
                    "CACHE %s (%s): damaged cache moved aside, cache rebuilt %lld time(s) since it started\n",
                    d.name.c_str(), d.id.c_str(), static_cast<long long>(hb.value().cacheRebuilds));
        }
        if (d.lostOutbox.empty()) continue;
        ++lost;
        std::printf("LOST OUTBOX %s (%s): %s\n", d.name.c_str(), d.id.c_str(), d.lostOutbox.c_str());
    }
    if (silent > 0) std::printf("%d device(s) silent for more than %d s\n", silent, silentAfter);
    if (lost > 0) std::printf("%d device(s) lost decisions from their outbox\n", lost);
    return 0;
}

/// The configuration file (the default one only if it exists) under the flags. Without a file the
/// database stays where it was before there were configuration files.
hub::HubConfig configure(const std::string& path, bool pathGiven, const hub::HubFlags& flags,
                         std::vector<ConfigProblem>& problems, bool& fileRead) {
    hub::HubConfig config;
    std::error_code statError;
    const auto type = std::filesystem::status(path, statError).type();
    fileRead = false;
    if (type == std::filesystem::file_type::not_found) {
        if (pathGiven) problems.push_back({path, 0, "", "file not found"});
        config.database = kDatabaseWithoutConfig;
    } else if (statError) {
        // E.g. /etc/regiebord-hub not readable by this user: say so rather than run without it.
        problems.push_back({path, 0, "", "cannot read the file: " + statError.message()});
    } else {
        config = hub::loadHubConfig(path, problems);
        fileRead = true;
    }
    hub::applyHubFlags(config, flags, problems);
    return config;
}

/// Prints every problem; true when there were none.
bool report(const std::vector<ConfigProblem>& problems) {
    for (const auto& p : problems)
        std::fprintf(stderr, "regiebord-hub: %s\n", p.describe().c_str());
    return problems.empty();
}

/// The command line: reads the configuration and runs the subcommand; returns the exit code.
int run(int argc, char** argv) {
    CLI::App cli{"regiebord-hub: reference central server for Regiebord kiosks"};
    cli.require_subcommand(0, 1); // none only with --check-config or --version (checked below)
    std::string configPath = kDefaultConfig;
    cli.add_option("-c,--config", configPath,
                   std::string("Configuration file (TOML); ") + kDefaultConfig + " is read if it exists");
    bool checkConfig = false;
    cli.add_flag("--check-config", checkConfig,
                 "Check the configuration file and the flags, print every problem, exit 2 on problems");
    std::string db;
    cli.add_option(
        "--db", db,
        std::string("Hub database: an SQLite file or a postgresql:// URL; overrides storage.database "
                    "(without a configuration file: ") +
            kDatabaseWithoutConfig + ")");
    bool version = false;
    cli.add_flag("--version", version, "Print the version and exit");

    auto* serveCmd = cli.add_subcommand("serve", "Serve the API");
    std::string listen, portFile;
    bool demo = false;
    std::string demoFile;
    serveCmd->add_option("--listen", listen, "HOST:PORT, overrides server.listen (port 0 picks a free port)");
    serveCmd->add_option("--port-file", portFile, "Write the port here once listening");
    serveCmd->add_flag("--demo", demo, "Load the demo board and demo device if the database has none");
    serveCmd->add_option("--demo-file", demoFile, "The demo board file (overrides demo.board_file)");
    std::string certFile, keyFile;
    serveCmd->add_option("--tls-cert", certFile, "Serve HTTPS with this certificate chain (PEM)");
    serveCmd->add_option("--tls-key", keyFile, "The certificate's private key (PEM)");

    auto* importCmd = cli.add_subcommand("import", "Import (replace) a board from a JSON file");
    std::string importPath;
    importCmd->add_option("file", importPath, "Board file (format regiebord.board.v1)")->required();

    auto* compactCmd =
        cli.add_subcommand("compact", "Drop a board's tombstones (older kiosk cursors then resync)");
    std::string compactBoard;
    compactCmd->add_option("--board", compactBoard, "Board id")->required();

    auto* deviceCmd = cli.add_subcommand("device", "Manage devices");
    deviceCmd->require_subcommand(1);
    auto* addCmd = deviceCmd->add_subcommand("add", "Add a device; prints its token once");
    std::string board, name, token, tokenFile;
    addCmd->add_option("--board", board, "Board the device may use")->required();
    addCmd->add_option("--name", name, "Device name, e.g. raadzaal-1")->required();
    addCmd->add_option("--token", token, "Use this token instead of a random one");
    addCmd->add_option("--token-file", tokenFile,
                       "Write the token to this file (mode 0600) instead of stdout");

    auto* resyncCmd = cli.add_subcommand(
        "resync-all", "After restoring a backup: every kiosk fetches its whole board again and re-sends "
                      "decisions the restored hub does not hold");

    auto* migrateCmd = cli.add_subcommand(
        "migrate-db", "Copy this hub's database (--db, usually SQLite) into another one, e.g. PostgreSQL");
    std::string migrateTo;
    migrateCmd
        ->add_option("--to", migrateTo, "The target: a postgresql:// URL (or an SQLite file); must be empty")
        ->required();

    auto* devicesCmd =
        cli.add_subcommand("devices", "List devices, their last heartbeat, and the silent ones");
    int silentAfter = 0;
    devicesCmd->add_option("--silent-after", silentAfter,
                           "Seconds without contact before a device counts as silent "
                           "(overrides devices.silent_after_seconds, default 300)");

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (version) {
            std::printf("regiebord-hub %s\n", REGIEBORD_VERSION);
            return 0;
        }
        return cli.exit(e);
    }
    if (version) {
        std::printf("regiebord-hub %s\n", REGIEBORD_VERSION);
        return 0;
    }
    if (cli.get_subcommands().empty() && !checkConfig)
        return cli.exit(CLI::RequiredError(
            "A subcommand (serve, import, compact, device, devices, migrate-db) or --check-config"));

    hub::HubFlags flags;
    if (cli.count("--db") > 0) flags.database = db;
    if (serveCmd->count("--listen") > 0) flags.listen = listen;
    if (serveCmd->count("--tls-cert") > 0) flags.tlsCert = certFile;
    if (serveCmd->count("--tls-key") > 0) flags.tlsKey = keyFile;
    flags.demo = demo;
    if (serveCmd->count("--demo-file") > 0) flags.demoFile = demoFile;
    if (devicesCmd->count("--silent-after") > 0) flags.silentAfterSeconds = silentAfter;
    std::vector<ConfigProblem> problems;
    bool configRead = false;
    const hub::HubConfig config =
        configure(configPath, cli.count("--config") > 0, flags, problems, configRead);
    const bool ok = report(problems);
    if (checkConfig && ok) std::printf("regiebord-hub: configuration ok\n");
    if (checkConfig || !ok) return ok ? 0 : 2;
    if (*serveCmd && configRead) std::printf("regiebord-hub: configuration %s\n", configPath.c_str());
    db = config.database;
    if (*migrateCmd) {
        try {
            const hub::CopyReport report = hub::copyStore(db, migrateTo);
            for (const auto& [table, rows] : report.rows)
                std::printf("regiebord-hub: migrate-db: %-16s %lld row(s)\n", table.c_str(),
                            static_cast<long long>(rows));
            std::printf(
                "regiebord-hub: migrate-db: copied %s into the target; point storage.database at it\n",
                db.c_str());
            return 0;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "regiebord-hub: migrate-db: nothing copied: %s\n", e.what());
            return 1;
        }
    }
    try {
        hub::HubStore store(db, static_cast<std::size_t>(config.connections));
        if (*serveCmd) return serve(store, config, portFile);
        if (*importCmd) return importFile(store, importPath) ? 0 : 1;
        if (*resyncCmd) {
            const auto boards = store.resyncAll();
            std::printf("regiebord-hub: resync-all: %lld board(s); every kiosk fetches its board again at "
                        "its next poll\n",
                        static_cast<long long>(boards));
            return 0;
        }
        if (*compactCmd) {
            if (!store.compact(compactBoard)) {
                std::fprintf(stderr, "regiebord-hub: --board: no board \"%s\"\n", compactBoard.c_str());
                return 1;
            }
            std::printf("regiebord-hub: compacted %s; kiosks with an older cursor will resync\n",
                        compactBoard.c_str());
            return 0;
        }
        if (*addCmd) {
            if (!store.hasBoard(board)) {
                std::fprintf(stderr, "regiebord-hub: --board: no board \"%s\" (import it first)\n",
                             board.c_str());
                return 1;
            }
            if (store.deviceByName(name)) {
                std::fprintf(stderr, "regiebord-hub: --name: a device \"%s\" exists already\n", name.c_str());
                return 1;
            }
            if (token.empty()) {
                token = hub::newToken();
            } else if (const std::string problem = tokenProblem(token); !problem.empty()) {
                std::fprintf(stderr, "regiebord-hub: --token: %s\n", problem.c_str());
                return 1;
            }
            // The file first: a device whose token could not be stored would be unusable.
            if (!tokenFile.empty()) {
                if (const std::string problem = writePrivateFile(tokenFile, token + "\n"); !problem.empty()) {
                    std::fprintf(stderr, "regiebord-hub: --token-file: %s: %s; no device added\n",
                                 tokenFile.c_str(), problem.c_str());
                    return 1;
                }
            }
            std::string id;
            try {
                id = store.addDevice(board, name, token);
            } catch (const std::exception&) {
                if (!tokenFile.empty()) ::unlink(tokenFile.c_str());
                throw;
            }
            if (!tokenFile.empty()) {
                std::printf("regiebord-hub: device %s (%s) added; token written to %s\n", id.c_str(),
                            name.c_str(), tokenFile.c_str());
            } else {
                std::printf("regiebord-hub: device %s (%s) added; its token (shown once):\n%s\n", id.c_str(),
                            name.c_str(), token.c_str());
            }
            return 0;
        }
        if (*devicesCmd) return listDevices(store, config.silentAfterSeconds);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "regiebord-hub: %s: %s\n", db.c_str(), e.what());
        return 1;
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // What run() does not catch itself (the command line, the configuration, out of memory)
    // ends the hub with one line and exit code 1 rather than std::terminate's abort.
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "regiebord-hub: error: %s\n", e.what());
    } catch (...) {
        std::fprintf(stderr, "regiebord-hub: error: unknown exception\n");
    }
    return 1;
}

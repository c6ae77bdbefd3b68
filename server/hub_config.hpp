#pragma once
// The hub's configuration: one TOML file (default /etc/regiebord-hub/hub.toml;
// every key with its default in packaging/hub/hub.toml), overridable by
// command-line flags. Every problem names the file, line, key and the expected
// form; `regiebord-hub --check-config` lists them all.

#include "http_server.hpp"
#include "toml_config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace regiebord::hub {

struct HubConfig {
    // [server]
    std::string listen = "127.0.0.1:8080"; ///< HOST:PORT; port 0 picks a free port
    std::string tlsCert;                   ///< PEM certificate chain; "" = plain HTTP
    std::string tlsKey;                    ///< the certificate's private key (PEM); both or neither
    HttpLimits limits;                     ///< connections, sizes and timeouts ([server])
    // [storage]
    std::string database = "/var/lib/regiebord-hub/hub.db"; ///< a file (SQLite) or postgresql://...
    int connections = 8; ///< database connections this instance opens at most
    // [devices]
    int silentAfterSeconds = 300; ///< a device not heard from for longer counts as silent
    // [demo]
    bool demo = false;         ///< load the demo board and demo device when the database has none
    std::string demoBoardFile; ///< "" = defaultDemoBoardFile()

    std::string demoBoard() const { return demoBoardFile.empty() ? defaultDemoBoardFile() : demoBoardFile; }
    /// The demo board installed with the package if it is there, else the one in the source tree.
    static std::string defaultDemoBoardFile();
};

/// Command-line values; each one that is set wins over the file.
struct HubFlags {
    std::optional<std::string> database;   ///< --db
    std::optional<std::string> listen;     ///< serve --listen
    std::optional<std::string> tlsCert;    ///< serve --tls-cert
    std::optional<std::string> tlsKey;     ///< serve --tls-key
    bool demo = false;                     ///< serve --demo (switches the demo on, never off)
    std::optional<std::string> demoFile;   ///< serve --demo-file
    std::optional<int> silentAfterSeconds; ///< devices --silent-after
};

struct ListenAddress {
    std::string host;
    int port = 0;
};

/// "HOST:PORT" (the port last, so "::1:8080" works; "[::1]:8080" too) with a port from 0 to 65535.
std::optional<ListenAddress> parseListen(const std::string& text);

/// Reads the file over the defaults and checks it: value forms, the TLS pair, and that the TLS
/// (and, with the demo on, demo board) files can be read. Problems are appended; a bad key keeps its default.
HubConfig loadHubConfig(const std::string& path, std::vector<ConfigProblem>& problems);

/// Every key the hub reads, from a parsed file: the one list of its keys.
void readHubConfig(ConfigReader& reader, HubConfig& config);

/// Puts the flags over `config`; problems in their values are reported as "(command line)".
void applyHubFlags(HubConfig& config, const HubFlags& flags, std::vector<ConfigProblem>& problems);

} // namespace regiebord::hub

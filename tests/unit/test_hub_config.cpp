// The hub's TOML configuration: defaults, the packaged example, problems that
// name file, line, key and expectation, the TLS pair, and flags over the file.

#include "hub_config.hpp"

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <set>

using namespace regiebord;
using namespace regiebord::hub;

namespace {

/// The problem about `key`, or nullptr.
const ConfigProblem* problemAbout(const std::vector<ConfigProblem>& problems, const std::string& key) {
    for (const auto& p : problems)
        if (p.key == key) return &p;
    return nullptr;
}

} // namespace

TEST_CASE("the packaged hub.toml passes and holds every default", "[hub][config]") {
    std::vector<ConfigProblem> problems;
    const HubConfig c = loadHubConfig(REGIEBORD_SOURCE_DIR "/packaging/hub/hub.toml", problems);
    for (const auto& p : problems)
        UNSCOPED_INFO(p.describe());
    CHECK(problems.empty());
    const HubConfig defaults;
    CHECK(c.listen == defaults.listen);
    CHECK(c.listen == "127.0.0.1:8080");
    CHECK(c.tlsCert.empty());
    CHECK(c.tlsKey.empty());
    CHECK(c.database == "/var/lib/regiebord-hub/hub.db");
    CHECK(c.silentAfterSeconds == 300);
    CHECK_FALSE(c.demo);
    CHECK(c.demoBoardFile.empty());
    CHECK_FALSE(c.demoBoard().empty());
}

TEST_CASE("a good hub config file is read over the defaults", "[hub][config]") {
    test::TempDir dir;
    test::writeFile(dir.file("hub.crt"), "certificate\n");
    test::writeFile(dir.file("hub.key"), "key\n");
    test::writeFile(dir.file("board.json"), "{}\n");
    test::writeFile(dir.file("hub.toml"), "[server]\nlisten = \"0.0.0.0:8443\"\ntls_cert = \"" +
                                              dir.file("hub.crt") + "\"\ntls_key = \"" + dir.file("hub.key") +
                                              "\"\n[storage]\ndatabase = \"/srv/hub.db\"\n"
                                              "[devices]\nsilent_after_seconds = 600\n"
                                              "[demo]\nenabled = true\nboard_file = \"" +
                                              dir.file("board.json") + "\"\n");
    std::vector<ConfigProblem> problems;
    const HubConfig c = loadHubConfig(dir.file("hub.toml"), problems);
    for (const auto& p : problems)
        UNSCOPED_INFO(p.describe());
    CHECK(problems.empty());
    CHECK(c.listen == "0.0.0.0:8443");
    CHECK(c.tlsCert == dir.file("hub.crt"));
    CHECK(c.tlsKey == dir.file("hub.key"));
    CHECK(c.database == "/srv/hub.db");
    CHECK(c.silentAfterSeconds == 600);
    CHECK(c.demo);
    CHECK(c.demoBoard() == dir.file("board.json"));
}

TEST_CASE("each bad hub config value names file, line, key and the expected form", "[hub][config]") {
    test::TempDir dir;
    const std::string path = dir.file("hub.toml");
    test::writeFile(path, "[server]\n"
                          "listen = \"localhost\"\n" // 2: no port
                          "[storage]\n"
                          "database = 5\n" // 4: not a string
                          "[devices]\n"
                          "silent_after_seconds = 5\n" // 6: below 10
                          "[demo]\n"
                          "enabled = \"yes\"\n"); // 8: not a boolean
    std::vector<ConfigProblem> problems;
    const HubConfig c = loadHubConfig(path, problems);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].describe() ==
          path +
              ":2: server.listen: expected HOST:PORT with a port from 0 to 65535, e.g. \"127.0.0.1:8080\"");
    CHECK(problems[1].describe() == path + ":4: storage.database: expected the database file's path, "
                                           "e.g. \"/var/lib/regiebord-hub/hub.db\", or a postgresql:// URL");
    CHECK(problems[2].describe() == path +
                                        ":6: devices.silent_after_seconds: expected a whole number from 10 "
                                        "to 604800");
    CHECK(problems[3].describe() == path + ":8: demo.enabled: expected true or false");
    // A bad value keeps the default.
    CHECK(c.listen == "127.0.0.1:8080");
    CHECK(c.silentAfterSeconds == 300);
    CHECK_FALSE(c.demo);

    for (const char* listen : {"127.0.0.1:65536", "127.0.0.1:", ":8080", "127.0.0.1:80a", "127.0.0.1:-1"}) {
        INFO(listen);
        test::writeFile(path, std::string("\n[server]\nlisten = \"") + listen + "\"\n");
        problems.clear();
        loadHubConfig(path, problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].file == path);
        CHECK(problems[0].line == 3);
        CHECK(problems[0].key == "server.listen");
    }

    test::writeFile(path, "[server]\nlisten = \"127.0.0.1:8080\n");
    problems.clear();
    loadHubConfig(path, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].file == path);
    CHECK(problems[0].line == 2);
}

TEST_CASE("unknown hub config sections and keys are problems", "[hub][config]") {
    test::TempDir dir;
    const std::string path = dir.file("hub.toml");
    test::writeFile(path, "[server]\nlisten = \"127.0.0.1:9000\"\nlisen = \"127.0.0.1:9001\"\n"
                          "[hub]\nurl = \"http://x\"\n");
    std::vector<ConfigProblem> problems;
    const HubConfig c = loadHubConfig(path, problems);
    CHECK(c.listen == "127.0.0.1:9000");
    REQUIRE(problems.size() == 2);
    const ConfigProblem* key = problemAbout(problems, "server.lisen");
    REQUIRE(key);
    CHECK(key->line == 3);
    CHECK(key->expected == "unknown key");
    const ConfigProblem* section = problemAbout(problems, "hub");
    REQUIRE(section);
    CHECK(section->line == 4);
    // The hub's own sections, not the kiosk's.
    CHECK(section->expected == "unknown section; expected one of [server], [storage], [devices], [demo]");
}

TEST_CASE("tls_cert and tls_key go together and must be readable files", "[hub][config]") {
    test::TempDir dir;
    const std::string path = dir.file("hub.toml");
    test::writeFile(dir.file("hub.crt"), "certificate\n");
    test::writeFile(dir.file("hub.key"), "key\n");

    test::writeFile(path, "[server]\ntls_cert = \"" + dir.file("hub.crt") + "\"\n");
    std::vector<ConfigProblem> problems;
    loadHubConfig(path, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].describe() ==
          path + ":2: server.tls_cert: expected server.tls_key as well (both or neither)");

    test::writeFile(path, "[server]\n\ntls_key = \"" + dir.file("hub.key") + "\"\n");
    problems.clear();
    loadHubConfig(path, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "server.tls_key");
    CHECK(problems[0].line == 3);

    // Both given; the key is missing and the certificate is a directory: each is named.
    test::writeFile(path, "[server]\ntls_cert = \"" + dir.path() + "\"\ntls_key = \"" + dir.file("nope.key") +
                              "\"\n");
    problems.clear();
    loadHubConfig(path, problems);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].describe() == path + ":2: server.tls_cert: expected a readable PEM certificate file; " +
                                        dir.path() + ": not a regular file");
    CHECK(problems[1].describe() == path + ":3: server.tls_key: expected a readable PEM private key file; " +
                                        dir.file("nope.key") + ": No such file or directory");

    test::writeFile(path, "[server]\ntls_cert = \"" + dir.file("hub.crt") + "\"\ntls_key = \"" +
                              dir.file("hub.key") + "\"\n");
    problems.clear();
    loadHubConfig(path, problems);
    CHECK(problems.empty());
}

TEST_CASE("the demo board file is checked only when the demo is on", "[hub][config]") {
    test::TempDir dir;
    const std::string path = dir.file("hub.toml");
    test::writeFile(path, "[demo]\nboard_file = \"" + dir.file("missing.json") + "\"\n");
    std::vector<ConfigProblem> problems;
    loadHubConfig(path, problems);
    CHECK(problems.empty());

    test::writeFile(path, "[demo]\nenabled = true\nboard_file = \"" + dir.file("missing.json") + "\"\n");
    loadHubConfig(path, problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "demo.board_file");
    CHECK(problems[0].line == 3);
}

TEST_CASE("command-line flags override the hub config file", "[hub][config]") {
    test::TempDir dir;
    test::writeFile(dir.file("a.crt"), "a\n");
    test::writeFile(dir.file("a.key"), "a\n");
    test::writeFile(dir.file("b.crt"), "b\n");
    const std::string path = dir.file("hub.toml");
    test::writeFile(path,
                    "[server]\nlisten = \"0.0.0.0:8443\"\ntls_cert = \"" + dir.file("a.crt") +
                        "\"\ntls_key = \"" + dir.file("a.key") +
                        "\"\n[storage]\ndatabase = \"/srv/hub.db\"\n"
                        "[devices]\nsilent_after_seconds = 600\n[demo]\nboard_file = \"/srv/demo.json\"\n");
    std::vector<ConfigProblem> problems;
    HubConfig c = loadHubConfig(path, problems);
    REQUIRE(problems.empty());

    HubFlags none;
    applyHubFlags(c, none, problems);
    CHECK(problems.empty());
    CHECK(c.listen == "0.0.0.0:8443");
    CHECK(c.database == "/srv/hub.db");

    HubFlags flags;
    flags.database = dir.file("other.db");
    flags.listen = "127.0.0.1:0";
    flags.tlsCert = dir.file("b.crt");
    flags.demo = true;
    flags.demoFile = dir.file("demo.json"); // not read here: only serve reads it, and only when needed
    flags.silentAfterSeconds = 30;
    applyHubFlags(c, flags, problems);
    CHECK(problems.empty());
    CHECK(c.database == dir.file("other.db"));
    CHECK(c.listen == "127.0.0.1:0");
    CHECK(c.tlsCert == dir.file("b.crt"));
    CHECK(c.tlsKey == dir.file("a.key")); // from the file
    CHECK(c.demo);
    CHECK(c.demoBoard() == dir.file("demo.json"));
    CHECK(c.silentAfterSeconds == 30);

    SECTION("bad flag values are the command line's problems") {
        HubFlags bad;
        bad.listen = "8080";
        bad.tlsKey = dir.file("missing.key");
        applyHubFlags(c, bad, problems);
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].describe() == "(command line): --listen: expected HOST:PORT with a port from 0 to "
                                        "65535, e.g. \"127.0.0.1:8080\", got \"8080\"");
        CHECK(problems[1].key == "--tls-key");
        CHECK_THAT(problems[1].expected, Catch::Contains(dir.file("missing.key")));
        CHECK(c.listen == "127.0.0.1:0"); // unchanged by the bad flag
    }
    SECTION("a TLS flag without its partner is a problem") {
        HubConfig plain;
        HubFlags certOnly;
        certOnly.tlsCert = dir.file("a.crt");
        applyHubFlags(plain, certOnly, problems);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].key == "--tls-cert");
        CHECK(problems[0].expected == "expected --tls-cert and --tls-key together (both or neither)");
    }
}

TEST_CASE("listen addresses are HOST:PORT with the port last", "[hub][config]") {
    const auto v4 = parseListen("127.0.0.1:8080");
    REQUIRE(v4);
    CHECK(v4->host == "127.0.0.1");
    CHECK(v4->port == 8080);
    const auto any = parseListen("0.0.0.0:0");
    REQUIRE(any);
    CHECK(any->port == 0);
    const auto v6 = parseListen("[::1]:443");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->port == 443);
    const auto bare6 = parseListen("::1:443");
    REQUIRE(bare6);
    CHECK(bare6->host == "::1");
    CHECK_FALSE(parseListen("localhost"));
    CHECK_FALSE(parseListen("localhost:65536"));
    CHECK_FALSE(parseListen("localhost:123456"));
    CHECK_FALSE(parseListen("localhost: 80"));
    CHECK_FALSE(parseListen("[]:80"));
}

TEST_CASE("every hub configuration key reaches the setting it controls", "[hub][config]") {
    test::TempDir dir;
    test::writeFile(dir.file("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
    test::writeFile(dir.file("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
    test::writeFile(dir.file("board.json"), "{}");
    struct KeyCase {
        std::string key;
        std::string toml; ///< the lines of its section (a pair where keys go together)
        std::function<bool(const HubConfig&)> applied;
    };
    const std::vector<KeyCase> table{
        {"server.listen", "listen = \"0.0.0.0:9090\"",
         [](const HubConfig& c) { return c.listen == "0.0.0.0:9090"; }},
        {"server.tls_cert",
         "tls_cert = \"" + dir.file("cert.pem") + "\"\ntls_key = \"" + dir.file("key.pem") + "\"",
         [&](const HubConfig& c) { return c.tlsCert == dir.file("cert.pem"); }},
        {"server.tls_key",
         "tls_cert = \"" + dir.file("cert.pem") + "\"\ntls_key = \"" + dir.file("key.pem") + "\"",
         [&](const HubConfig& c) { return c.tlsKey == dir.file("key.pem"); }},
        {"storage.database", "database = \"/srv/hub.db\"",
         [](const HubConfig& c) { return c.database == "/srv/hub.db"; }},
        {"storage.connections", "connections = 3", [](const HubConfig& c) { return c.connections == 3; }},
        {"server.connections_per_address", "connections_per_address = 5",
         [](const HubConfig& c) { return c.limits.connectionsPerAddress == 5; }},
        {"server.max_connections", "max_connections = 100",
         [](const HubConfig& c) { return c.limits.maxConnections == 100; }},
        {"server.header_timeout_seconds", "header_timeout_seconds = 3",
         [](const HubConfig& c) { return c.limits.headerTimeout == std::chrono::seconds(3); }},
        {"server.idle_timeout_seconds", "idle_timeout_seconds = 30",
         [](const HubConfig& c) { return c.limits.idleTimeout == std::chrono::seconds(30); }},
        {"server.io_threads", "io_threads = 3", [](const HubConfig& c) { return c.limits.ioThreads == 3; }},
        {"server.worker_threads", "worker_threads = 2",
         [](const HubConfig& c) { return c.limits.workerThreads == 2; }},
        {"devices.silent_after_seconds", "silent_after_seconds = 900",
         [](const HubConfig& c) { return c.silentAfterSeconds == 900; }},
        {"demo.enabled", "enabled = true", [](const HubConfig& c) { return c.demo; }},
        {"demo.board_file", "board_file = \"" + dir.file("board.json") + "\"",
         [&](const HubConfig& c) { return c.demoBoard() == dir.file("board.json"); }},
    };
    // The keys the hub's reader asks for, as it asks (not a hand-kept list).
    test::writeFile(dir.file("empty.toml"), "");
    std::vector<ConfigProblem> problems;
    ConfigReader reader(dir.file("empty.toml"), problems);
    HubConfig defaults;
    readHubConfig(reader, defaults);
    std::set<std::string> tabled;
    for (const auto& c : table)
        tabled.insert(c.key);
    for (const auto& key : reader.askedKeys()) {
        INFO("a hub configuration key without a row in this table: " << key);
        CHECK(tabled.count(key) == 1);
    }
    CHECK(tabled.size() == reader.askedKeys().size());
    for (const auto& c : table) {
        INFO(c.key);
        CHECK_FALSE(c.applied(defaults));
        test::writeFile(dir.file("hub.toml"), "[" + c.key.substr(0, c.key.find('.')) + "]\n" + c.toml + "\n");
        problems.clear();
        const HubConfig read = loadHubConfig(dir.file("hub.toml"), problems);
        for (const auto& p : problems)
            UNSCOPED_INFO(p.describe());
        CHECK(problems.empty());
        CHECK(c.applied(read));
    }
}

// The real hub binary with its configuration file: --check-config on the
// packaged example and on a broken file, serve where the file says (and where
// the flags say instead), and readiness reported over systemd's NOTIFY_SOCKET.

#include "http_client.hpp"

#include "support/hub_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

using namespace regiebord;
using namespace regiebord::test;

namespace {

/// Only the hub's stderr (runCommand merges both streams).
int runStderr(std::vector<std::string> hubArgs, std::string* err) {
    std::vector<std::string> argv{"sh", "-c", "exec \"$0\" \"$@\" > /dev/null"};
    // Cross-built tests run under qemu-user without binfmt: sh cannot start the hub by itself.
    if (const char* emulator = std::getenv("REGIEBORD_TEST_EMULATOR"); emulator && *emulator)
        argv.emplace_back(emulator);
    argv.emplace_back(REGIEBORD_HUB_BINARY);
    argv.insert(argv.end(), hubArgs.begin(), hubArgs.end());
    return runCommand(argv, {}, err);
}

/// Waits for the hub's --port-file; 0 when it did not come.
int waitForPort(ChildProcess& hub, const std::string& portFile) {
    waitUntil([&] { return !readFile(portFile).empty() || !hub.running(); }, std::chrono::seconds(20));
    const std::string text = readFile(portFile);
    return text.empty() ? 0 : std::stoi(text);
}

/// A datagram socket standing in for systemd's notify socket.
class NotifySocket {
public:
    explicit NotifySocket(const std::string& path) : m_fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof(addr.sun_path));
        path.copy(addr.sun_path, path.size());
        REQUIRE(m_fd >= 0);
        REQUIRE(::bind(m_fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0);
        const timeval timeout{10, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;
    ~NotifySocket() {
        if (m_fd >= 0) ::close(m_fd);
    }
    /// The next message; "" after 10 s without one.
    std::string receive() {
        char buffer[4096];
        const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

private:
    int m_fd;
};

} // namespace

TEST_CASE("the packaged hub.toml passes the hub's --check-config", "[hub][config]") {
    std::string out;
    CHECK(runCommand({REGIEBORD_HUB_BINARY, "--config", REGIEBORD_SOURCE_DIR "/packaging/hub/hub.toml",
                      "--check-config"},
                     {}, &out) == 0);
    CHECK(out == "regiebord-hub: configuration ok\n");
}

TEST_CASE("a bad hub config fails --check-config with exit 2, naming file, line and key", "[hub][config]") {
    TempDir dir;
    const std::string path = dir.file("hub.toml");
    writeFile(path, "[server]\nlisten = \"127.0.0.1\"\n[storage]\ndatabse = \"/tmp/x.db\"\n"
                    "[devices]\nsilent_after_seconds = 1\n");
    std::string err;
    CHECK(runStderr({"--config", path, "--check-config"}, &err) == 2);
    CHECK_THAT(err, Catch::Contains("regiebord-hub: " + path + ":2: server.listen: expected HOST:PORT"));
    CHECK_THAT(err, Catch::Contains("regiebord-hub: " + path + ":4: storage.databse: unknown key"));
    CHECK_THAT(err, Catch::Contains("regiebord-hub: " + path + ":6: devices.silent_after_seconds: expected"));

    // Every command refuses a bad file, not only --check-config.
    CHECK(runStderr({"--config", path, "--db", dir.file("hub.db"), "devices"}, &err) == 2);
    CHECK_THAT(err, Catch::Contains(path + ":2: server.listen"));

    // A config file that was asked for must be there.
    CHECK(runStderr({"--config", dir.file("missing.toml"), "--check-config"}, &err) == 2);
    CHECK_THAT(err, Catch::Contains(dir.file("missing.toml") + ": file not found"));
}

TEST_CASE("the hub needs a subcommand unless it only checks its config", "[hub][config]") {
    std::string out;
    CHECK(runCommand({REGIEBORD_HUB_BINARY}, {}, &out) != 0);
    CHECK_THAT(out, Catch::Contains("A subcommand") && Catch::Contains("--check-config"));
    CHECK(runCommand({REGIEBORD_HUB_BINARY, "--version"}, {}, &out) == 0);
    CHECK_THAT(out, Catch::StartsWith("regiebord-hub "));
}

TEST_CASE("serve listens where the hub config says and uses its database and demo", "[hub][config]") {
    TempDir dir;
    const std::string config = dir.file("hub.toml");
    writeFile(config, "[server]\nlisten = \"127.0.0.2:0\"\n[storage]\ndatabase = \"" +
                          dir.file("configured.db") + "\"\n[demo]\nenabled = true\n");
    {
        ChildProcess hub(
            {REGIEBORD_HUB_BINARY, "--config", config, "serve", "--port-file", dir.file("hub.port")},
            dir.file("hub.log"));
        const int port = waitForPort(hub, dir.file("hub.port"));
        INFO(hub.log());
        REQUIRE(port > 0);
        CHECK_THAT(hub.log(), Catch::Contains("listening on http://127.0.0.2:" + std::to_string(port)));
        CHECK(getSnapshot("http://127.0.0.2:" + std::to_string(port)).status == 200);
        CHECK(hub.stop() == 0);
    }
    CHECK(std::filesystem::exists(dir.file("configured.db")));
    // The admin commands find the same database through the same file.
    std::string out;
    CHECK(runCommand({REGIEBORD_HUB_BINARY, "--config", config, "devices"}, {}, &out) == 0);
    CHECK_THAT(out, Catch::Contains("demo-kiosk"));

    // Flags win over the file.
    ChildProcess hub({REGIEBORD_HUB_BINARY, "--config", config, "--db", dir.file("flag.db"), "serve",
                      "--listen", "127.0.0.1:0", "--port-file", dir.file("flag.port")},
                     dir.file("flag.log"));
    const int port = waitForPort(hub, dir.file("flag.port"));
    INFO(hub.log());
    REQUIRE(port > 0);
    CHECK_THAT(hub.log(), Catch::Contains("listening on http://127.0.0.1:" + std::to_string(port)));
    CHECK(getSnapshot("http://127.0.0.1:" + std::to_string(port)).status ==
          200); // demo still on from the file
    CHECK(std::filesystem::exists(dir.file("flag.db")));
}

TEST_CASE("the hub tells systemd when it is ready and when it stops", "[hub][systemd]") {
    TempDir dir;
    NotifySocket notify(dir.file("notify.sock"));
    ChildProcess hub({REGIEBORD_HUB_BINARY, "--db", dir.file("hub.db"), "serve", "--listen", "127.0.0.1:0",
                      "--port-file", dir.file("hub.port")},
                     dir.file("hub.log"), {{"NOTIFY_SOCKET", dir.file("notify.sock")}});
    const std::string ready = notify.receive();
    INFO(hub.log());
    const int port = waitForPort(hub, dir.file("hub.port"));
    REQUIRE(port > 0);
    CHECK(ready == "READY=1\nSTATUS=listening on 127.0.0.1:" + std::to_string(port));
    // Ready means listening: a request gets an answer (401 without a token).
    {
        HttpClient http({}); // closed before the stop, so no kept-alive connection delays it
        CHECK(http.perform({"GET",
                            "http://127.0.0.1:" + std::to_string(port) + "/v1/boards/demo-regio/snapshot",
                            {},
                            {}})
                  .status == 401);
    }
    kill(hub.pid(), SIGTERM);
    CHECK(notify.receive() == "STOPPING=1");
    CHECK(hub.wait(std::chrono::seconds(10)) == 0);
}

TEST_CASE("a port file the hub cannot write ends it with a clear error, not an abort", "[hub][config]") {
    TempDir dir;
    std::string out;
    const int rc =
        runCommand({REGIEBORD_HUB_BINARY, "--config", "/dev/null", "--db", dir.path() + "/hub.db", "serve",
                    "--listen", "127.0.0.1:0", "--port-file", dir.path() + "/missing/port"},
                   {}, &out);
    CHECK(rc == 1);
    CHECK_THAT(out, Catch::Contains("--port-file: cannot write " + dir.path() + "/missing/port"));
    CHECK_THAT(out, !Catch::Contains("terminate called"));
}

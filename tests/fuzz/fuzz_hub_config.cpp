// loadHubConfig: the hub's TOML file (/etc/regiebord-hub/hub.toml). The input is
// written to a file in the scratch directory and read from there. Every problem must
// describe itself in valid UTF-8, and the listen address must stay one the hub can use.
//
// loadHubConfig opens the files the config names (server.tls_cert, server.tls_key,
// demo.board_file) to check they are readable. Fuzzing runs as whoever starts it, often
// root, and opening a device (a watchdog, a tape) can act on its own: an input naming
// anything but a regular file or directory, or a path in /dev, /proc or /sys, is skipped.

#include "harness.hpp"

#include "hub_config.hpp"

#include <filesystem>

using namespace regiebord;

namespace {

bool harmless(const std::string& path) {
    if (path.empty()) return true;
    std::error_code ec;
    const auto real = std::filesystem::weakly_canonical(path, ec).string();
    if (ec) return false;
    for (const char* dir : {"/dev", "/proc", "/sys"})
        if (real == dir || real.rfind(std::string(dir) + "/", 0) == 0) return false;
    const auto status = std::filesystem::status(real, ec);
    return status.type() == std::filesystem::file_type::not_found ||
           status.type() == std::filesystem::file_type::regular ||
           status.type() == std::filesystem::file_type::directory;
}

/// The paths loadHubConfig would open, read with the same reader.
bool namesOnlyHarmlessFiles(const std::string& path) {
    std::vector<ConfigProblem> ignored;
    ConfigReader r(path, ignored);
    std::string cert, key, board;
    r.string("server", "tls_cert", cert);
    r.string("server", "tls_key", key);
    r.string("demo", "board_file", board);
    return harmless(cert) && harmless(key) && harmless(board);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = fuzz::scratchDir() + "/hub.toml";
    fuzz::writeFile(path, fuzz::asText(data, size));
    if (!namesOnlyHarmlessFiles(path)) return 0;
    std::vector<ConfigProblem> problems;
    const hub::HubConfig c = hub::loadHubConfig(path, problems);
    for (const auto& p : problems)
        fuzz::requireUtf8(p.describe(), "a config problem");
    fuzz::require(hub::parseListen(c.listen).has_value(), "server.listen is not HOST:PORT");
    fuzz::require(c.silentAfterSeconds >= 10 && c.silentAfterSeconds <= 604800,
                  "devices.silent_after_seconds");
    fuzz::require(!c.database.empty(), "storage.database is empty");
    return 0;
}

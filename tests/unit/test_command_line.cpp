// The kiosk's command line, step by step (app/command_line.hpp): every flag reaches
// the setting it names, the config file is laid under the flags, and the one-shot
// commands answer with the right exit code and text.

#include "chair.hpp"
#include "chair_ui.hpp"
#include "command_line.hpp"
#include "screens/registry.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <sstream>

using namespace regiebord::ui;
using regiebord::test::TempDir;
using regiebord::test::writeFile;

namespace {

/// Parses the arguments as a command line (argv[0] is added).
KioskFlags parse(std::vector<std::string> args) {
    args.insert(args.begin(), "regiebord");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    KioskFlags flags;
    flags.configPath = "/nonexistent/regiebord.toml"; // never the machine's own config
    const auto exit = parseCommandLine(static_cast<int>(argv.size()), argv.data(), flags);
    REQUIRE_FALSE(exit);
    return flags;
}

KioskConfig resolve(const KioskFlags& flags, std::vector<ConfigProblem>& problems,
                    const char* credentials = nullptr) {
    return resolveConfig(flags, credentials, problems);
}

} // namespace

TEST_CASE("every kiosk flag reaches the setting it names", "[ui][command_line]") {
    struct Row {
        std::vector<std::string> args;
        std::function<bool(const KioskConfig&)> holds;
    };
    const std::vector<Row> rows{
        {{"--hub", "https://hub.example.org"}, [](auto& c) { return c.hubUrl == "https://hub.example.org"; }},
        {{"--board", "regio-b"}, [](auto& c) { return c.boardId == "regio-b"; }},
        {{"--token-file", "/run/t"}, [](auto& c) { return c.tokenFile == "/run/t"; }},
        {{"--state-dir", "/srv/state"}, [](auto& c) { return c.stateDir == "/srv/state"; }},
        {{"--lang", "en"}, [](auto& c) { return c.language == "en"; }},
        {{"--renderer", "software"}, [](auto& c) { return c.renderer == "software"; }},
        {{"--poll-seconds", "7"}, [](auto& c) { return c.pollSeconds == 7; }},
        {{"--windowed"}, [](auto& c) { return !c.fullscreen; }},
        {{"--rotation", "270"}, [](auto& c) { return c.rotation == 270; }},
        {{"--size", "1280x720"}, [](auto& c) { return c.width == 1280 && c.height == 720; }},
        {{"--screenshot", "/tmp/x.png"}, [](auto& c) { return !c.fullscreen; }},
    };
    const KioskConfig defaults;
    for (const auto& row : rows) {
        INFO(row.args.front());
        std::vector<ConfigProblem> problems;
        const KioskConfig config = resolve(parse(row.args), problems);
        CHECK(problems.empty());
        CHECK(row.holds(config));
        CHECK_FALSE(row.holds(defaults)); // the flag changed something
    }
    // Flags that are not settings but run options or commands.
    const KioskFlags f =
        parse({"--screen", "escalaties:esc-1", "--wait-for-data", "3", "--ui-map", "/tmp/m.json",
               "--exit-after", "2.5", "--redraw-always", "--poll-ms", "40", "--check-config"});
    CHECK(f.run.screen == "escalaties:esc-1");
    CHECK(f.run.waitForDataSeconds == 3);
    CHECK(f.run.uiMapPath == "/tmp/m.json");
    CHECK(f.run.exitAfterSeconds == 2.5);
    CHECK(f.run.redrawAlways);
    CHECK(f.pollMs == 40);
    CHECK(f.checkConfig);
    CHECK(parse({"--set-pin"}).setPin);
    CHECK(parse({"--list-screens"}).listScreens);
    CHECK(parse({"--version"}).version);
    CHECK(parse({"--salvage-outbox", "/d"}).salvageDir == "/d");
}

TEST_CASE("a usage error ends the command line with CLI11's exit code", "[ui][command_line]") {
    std::vector<std::string> args{"regiebord", "--no-such-flag"};
    std::vector<char*> argv{args[0].data(), args[1].data()};
    KioskFlags flags;
    const auto exit = parseCommandLine(2, argv.data(), flags);
    REQUIRE(exit);
    CHECK(*exit != 0);
}

TEST_CASE("window sizes are WxH within 320x240 .. 8192x8192", "[ui][command_line]") {
    int w = 0, h = 0;
    CHECK(parseSize("800x480", w, h));
    CHECK((w == 800 && h == 480));
    for (const char* bad : {"", "1920", "x1080", "1920x", "1920x1080x", "1920x1080px", "100x100", "9000x100",
                            "-1920x1080", "axb"}) {
        INFO(bad);
        CHECK_FALSE(parseSize(bad, w, h));
    }
    std::vector<ConfigProblem> problems;
    resolve(parse({"--size", "huge"}), problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].key == "--size");
}

TEST_CASE("the config file lies under the flags; a named one must exist", "[ui][command_line]") {
    TempDir dir;
    const std::string path = dir.file("regiebord.toml");
    writeFile(path, "[hub]\nurl = \"https://from-file.example.org\"\nboard = \"uit-bestand\"\n", 0644);
    std::vector<ConfigProblem> problems;
    KioskConfig config = resolve(parse({"-c", path, "--board", "van-vlag"}), problems);
    CHECK(problems.empty());
    CHECK(config.hubUrl == "https://from-file.example.org"); // from the file
    CHECK(config.boardId == "van-vlag");                     // the flag wins

    problems.clear();
    resolve(parse({"-c", dir.file("missing.toml")}), problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].expected == "file not found");
}

TEST_CASE("the token comes from the flag, else systemd's credential", "[ui][command_line]") {
    TempDir dir;
    writeFile(dir.file("token"), "secret\n");
    std::vector<ConfigProblem> problems;
    CHECK(resolve(parse({}), problems, dir.path().c_str()).tokenFile == dir.file("token"));
    CHECK(resolve(parse({"--token-file", "/etc/x"}), problems, dir.path().c_str()).tokenFile == "/etc/x");
    TempDir empty;
    const std::string none = resolve(parse({}), problems, empty.path().c_str()).tokenFile;
    CHECK((none.empty() || none == "/etc/regiebord/token")); // the machine's own file, if it has one
    CHECK(problems.empty());
}

TEST_CASE("set-pin stores a salted hash of the PIN read from stdin", "[ui][command_line]") {
    TempDir dir;
    KioskConfig config;
    config.stateDir = dir.file("state");
    std::istringstream in("4821 \r\n");
    std::ostringstream out, err;
    CHECK(setPin(config, in, out, err) == 0);
    CHECK(out.str().find("chair PIN stored in " + config.pinFile()) != std::string::npos);
    const std::string hash = readPinHashFile(config.pinFile());
    CHECK(verifyPin("4821", hash));
    CHECK_FALSE(verifyPin("4822", hash));

    std::istringstream tooShort("12\n");
    std::ostringstream out2, err2;
    CHECK(setPin(config, tooShort, out2, err2) == 2);
    CHECK(err2.str().rfind("regiebord: --set-pin: ", 0) == 0);
    CHECK(verifyPin("4821", readPinHashFile(config.pinFile()))); // the old PIN stays
}

TEST_CASE("salvage-outbox of a directory without an outbox fails with a reason", "[ui][command_line]") {
    TempDir dir;
    KioskConfig config;
    config.stateDir = dir.path();
    std::ostringstream out, err;
    CHECK(salvageOutbox(config, dir.file("nothing-here"), out, err) == 1);
    CHECK(err.str().find("regiebord: --salvage-outbox: ") != std::string::npos);
}

TEST_CASE("the screens are registered once: unique ids, a carousel without chair screens",
          "[ui][command_line]") {
    const auto screens = makeScreens(DeviceInfo{});
    std::set<std::string> ids;
    int carousel = 0;
    for (const auto& entry : screens) {
        CHECK(ids.insert(entry.screen->id()).second);
        if (entry.carousel) {
            ++carousel;
            CHECK_FALSE(entry.screen->requiresChair()); // the carousel never shows a chair screen
        }
    }
    CHECK(carousel >= 1);
    CHECK(std::string(screens.front().screen->id()) == "overzicht"); // where the kiosk starts
    std::istringstream listed(describeScreens());
    std::string line;
    std::size_t lines = 0;
    while (std::getline(listed, line))
        CHECK(ids.count(line.substr(0, line.find(' '))) == (++lines, 1U));
    CHECK(lines == screens.size());
}

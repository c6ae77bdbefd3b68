// regiebord: the meeting-room kiosk. Reads its config, starts the sync engine
// and runs the screens until stopped.

#include "config.hpp"
#include "display.hpp"
#include "i18n.hpp"
#include "kiosk.hpp"
#include "sync_engine.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace {

bool parseSize(const std::string& text, int& w, int& h) {
    const auto x = text.find('x');
    if (x == std::string::npos) return false;
    try {
        w = std::stoi(text.substr(0, x));
        h = std::stoi(text.substr(x + 1));
    } catch (const std::exception&) {
        return false;
    }
    return w >= 320 && h >= 240 && w <= 8192 && h <= 8192;
}

} // namespace

int main(int argc, char** argv) {
    using namespace regiebord;
    CLI::App cli{"regiebord: meeting-room display for housing steering groups"};
    std::string configPath = "/etc/regiebord/regiebord.toml";
    std::string hub, board, tokenFile, stateDir, lang, size, renderer;
    bool windowed = false;
    bool checkConfig = false;
    bool version = false;
    int pollSeconds = 0;
    ui::RunOptions run;
    cli.add_option("-c,--config", configPath, "Configuration file (TOML)");
    cli.add_option("--hub", hub, "Hub URL (overrides hub.url)");
    cli.add_option("--board", board, "Board id (overrides hub.board)");
    cli.add_option("--token-file", tokenFile, "Device token file, mode 0600 (overrides hub.token_file)");
    cli.add_option("--state-dir", stateDir, "Where the cache and the decision outbox live");
    cli.add_option("--lang", lang, "nl or en");
    cli.add_flag("--windowed", windowed, "Run in a window instead of full screen");
    cli.add_option("--size", size, "Window size WxH (with --windowed or for screenshots)");
    cli.add_option("--renderer", renderer, "auto, software, or an SDL render driver name");
    int rotation = -1;
    cli.add_option("--rotation", rotation, "Turn picture and touch: 0, 90, 180 or 270 degrees clockwise");
    cli.add_option("--poll-seconds", pollSeconds, "Seconds between polls of the hub");
    cli.add_option("--screen", run.screen, "First screen: overzicht, afspraken, escalaties[:<id>]");
    cli.add_option("--screenshot", run.screenshotPath, "Render the screen to this PNG and exit");
    cli.add_option("--wait-for-data", run.waitForDataSeconds, "Screenshot mode: seconds to wait for data");
    cli.add_option("--ui-map", run.uiMapPath, "Test mode: write widget rectangles to this JSON file");
    cli.add_option("--exit-after", run.exitAfterSeconds, "Quit after this many seconds");
    cli.add_flag("--redraw-always", run.redrawAlways, "Draw every frame (for comparison only)");
    cli.add_flag("--check-config", checkConfig, "Check the configuration and exit");
    bool setPin = false;
    cli.add_flag("--set-pin", setPin,
                 "Read a new chair PIN (4-8 digits) from standard input, store its salted hash, and exit");
    cli.add_flag("--version", version, "Print the version and exit");
    CLI11_PARSE(cli, argc, argv);
    if (version) {
        std::printf("regiebord %s\n", REGIEBORD_VERSION);
        return 0;
    }

    std::vector<ui::ConfigProblem> problems;
    ui::KioskConfig config;
    const bool configGiven = cli.count("--config") > 0;
    if (std::filesystem::exists(configPath))
        config = ui::loadConfig(configPath, problems);
    else if (configGiven)
        problems.push_back({configPath, 0, "", "file not found"});
    if (!hub.empty()) config.hubUrl = hub;
    if (!board.empty()) config.boardId = board;
    if (!tokenFile.empty()) config.tokenFile = tokenFile;
    if (!stateDir.empty()) config.stateDir = stateDir;
    if (!lang.empty()) config.language = lang;
    if (!renderer.empty()) config.renderer = renderer;
    if (pollSeconds > 0) config.pollSeconds = pollSeconds;
    if (windowed) config.fullscreen = false;
    if (rotation >= 0) config.rotation = rotation;
    if (!size.empty() && !parseSize(size, config.width, config.height))
        problems.push_back({"(command line)", 0, "--size", "expected WxH, e.g. 1920x1080"});
    if (!run.screenshotPath.empty()) config.fullscreen = false;
    if (setPin && problems.empty()) {
        // From stdin, so the PIN stays out of the shell history and the process list.
        std::string pin;
        std::getline(std::cin, pin);
        while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' '))
            pin.pop_back();
        std::error_code dirError;
        std::filesystem::create_directories(std::filesystem::path(config.pinFile()).parent_path(), dirError);
        const std::string problem = ui::writePinHashFile(config.pinFile(), pin);
        if (!problem.empty()) {
            std::fprintf(stderr, "regiebord: --set-pin: %s\n", problem.c_str());
            return 2;
        }
        std::printf("regiebord: chair PIN stored in %s\n", config.pinFile().c_str());
        return 0;
    }
    ui::validateConfig(config, configPath, problems);
    const auto token = ui::readToken(config.tokenFile, problems);
    if (!problems.empty() || checkConfig) {
        for (const auto& p : problems)
            std::fprintf(stderr, "regiebord: %s\n", p.describe().c_str());
        if (problems.empty()) std::printf("regiebord: configuration ok\n");
        return problems.empty() ? 0 : 2;
    }
    ui::setLanguage(config.language == "en" ? ui::Language::English : ui::Language::Dutch);

    std::error_code ec;
    std::filesystem::create_directories(config.stateDir, ec);
    SyncSettings settings;
    settings.hubUrl = config.hubUrl;
    settings.boardId = config.boardId;
    settings.token = *token;
    settings.cachePath = (std::filesystem::path(config.stateDir) / "cache.db").string();
    settings.outboxPath = (std::filesystem::path(config.stateDir) / "outbox.db").string();
    settings.pollInterval = std::chrono::seconds(config.pollSeconds);
    settings.http.caFile = config.caFile;
    settings.http.pinnedPublicKey = config.pinnedKey;
    settings.http.userAgent = std::string("regiebord/") + REGIEBORD_VERSION;
    if (config.hubUrl.rfind("http://", 0) == 0)
        std::fprintf(
            stderr, "regiebord: WARNING: plain http to %s: only acceptable on loopback for demos and tests\n",
            config.hubUrl.c_str());

    try {
        ui::Display display({config.fullscreen, config.width, config.height, config.renderer, config.fontDir,
                             config.rotation});
        std::fprintf(stderr, "regiebord: %s\n", display.describe().c_str());
        std::unique_ptr<SyncEngine> engine;
        engine = std::make_unique<SyncEngine>(settings, [] { ui::requestWake(); });
        engine->start();
        // SIGTERM/SIGINT: SDL's own handlers turn them into SDL_QUIT, which ends the loop.
        run.staleAfter = std::chrono::minutes(config.staleMinutes);
        run.signage.idleBeforeCarousel = std::chrono::minutes(config.carouselAfterMinutes);
        run.signage.carouselStep = std::chrono::seconds(config.carouselSeconds);
        if (const auto hours = ui::parseOfficeHours(config.officeHours)) {
            run.signage.scheduleEnabled = true;
            run.signage.officeStartMinute = hours->first;
            run.signage.officeEndMinute = hours->second;
        }
        run.signage.weekdaysOnly = config.weekdaysOnly;
        run.signage.blackOutsideHours = config.outsideHours == "black";
        run.signage.pixelShift = config.pixelShift;
        ui::ChairSettings chair;
        chair.pinFile = config.pinFile();
        chair.guardFile = (std::filesystem::path(config.stateDir) / "chair.db").string();
        chair.idleTimeout = std::chrono::minutes(config.chairIdleMinutes);
        const ui::DeviceInfo device{REGIEBORD_VERSION, config.hubUrl, config.boardId, config.stateDir};
        ui::Kiosk kiosk(display, *engine, chair, device);
        const int rc = kiosk.run(run);
        engine->stop();
        std::fprintf(stderr, "regiebord: stopped after %ld frames\n", kiosk.framesDrawn());
        return rc;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "regiebord: %s\n", e.what());
        return 1;
    }
}

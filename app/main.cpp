// regiebord: the meeting-room kiosk. Reads its config, starts the sync engine
// and runs the screens until stopped.

#include "config.hpp"
#include "display.hpp"
#include "i18n.hpp"
#include "kiosk.hpp"
#include "log.hpp"
#include "outbox_files.hpp"
#include "self_check.hpp"
#include "service.hpp"
#include "settings.hpp"
#include "start_clock.hpp"
#include "sync_engine.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <malloc.h>

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

/// regiebord --salvage-outbox DIR: the readable decisions of a damaged outbox, queued again.
int salvage(const regiebord::ui::KioskConfig& config, const std::string& dir) {
    using namespace regiebord;
    try {
        Outbox outbox((std::filesystem::path(config.stateDir) / "outbox.db").string());
        const SalvageResult r = salvageOutbox(dir, outbox);
        for (const auto& problem : r.problems)
            std::fprintf(stderr, "regiebord: --salvage-outbox: not readable: %s\n", problem.c_str());
        std::printf(
            "regiebord: salvaged %s: %d decision(s) read, %d queued again, %d delivered before (kept), "
            "%d already in the outbox, %d held for attention (decided again since)\n",
            dir.c_str(), r.read, r.requeued, r.kept, r.present, r.held);
        return r.read == 0 && !r.problems.empty() ? 1 : 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "regiebord: --salvage-outbox: %s\n", e.what());
        return 1;
    }
}

} // namespace

int main(int argc, char** argv) {
    using namespace regiebord;
    // One malloc arena for all threads instead of one per thread (glibc's default, up to 8 per
    // core). The kiosk's threads rarely allocate at the same time: the UI thread draws while
    // the sync thread sleeps between polls. Every extra arena keeps its own free pages and
    // fragments on its own; with one, a 10k-agreement kiosk was ~0.7 MB smaller (noisy;
    // bench/bare_window.cpp sets the same, docs/performance.md).
    mallopt(M_ARENA_MAX, 1);
    traceStart("main");
    // No desktop session bus (a kiosk started by systemd or on the console has none): then
    // SDL_Init's D-Bus connection makes libdbus fork and exec dbus-launch to "autolaunch" one,
    // which fails here and costs ~6 ms of every start (or leaves a stray session bus where
    // dbus-x11 is installed). The kiosk needs nothing from a session bus (no IME, no desktop
    // screensaver to inhibit). Set before any thread exists; a real bus address is left alone.
    setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0);
    // On X11, SDL_Init opens an input method, and libX11 then parses the locale's compose table
    // (/usr/share/X11/locale/en_US.UTF-8/Compose, ~6,000 lines): ~8 ms of every start here,
    // more on a Pi. The kiosk takes no typed text (touch, keypad on screen), so no compose
    // sequences: an empty table. A table set by whoever starts the kiosk is left alone.
    setenv("XCOMPOSEFILE", "/dev/null", 0);
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
    int pollMs = 0;
    cli.add_option("--poll-ms", pollMs, "Milliseconds between polls (benchmarks only)")->group("");
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
    std::string salvageDir;
    cli.add_option("--salvage-outbox", salvageDir,
                   "Queue again every readable decision of a damaged outbox set aside in DIR "
                   "(<state_dir>/outbox.db.damaged-*), under its own key, and exit");
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
    // Under systemd the token comes as a credential (LoadCredential=token:...):
    // systemd reads the root-only file and hands the service a private copy.
    // Run by hand (e.g. `sudo regiebord --check-config`) the same file is read directly.
    if (tokenFile.empty() && config.tokenFile.empty()) {
        const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
        if (credentials && std::filesystem::exists(std::filesystem::path(credentials) / "token"))
            config.tokenFile = (std::filesystem::path(credentials) / "token").string();
        else if (std::filesystem::exists("/etc/regiebord/token"))
            config.tokenFile = "/etc/regiebord/token";
    }
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
    if (!salvageDir.empty() && problems.empty()) return salvage(config, salvageDir);
    ui::validateConfig(config, configPath, problems);
    auto settings = ui::kioskSettings(config, problems);
    if (!problems.empty() || checkConfig || !settings) {
        for (const auto& p : problems)
            std::fprintf(stderr, "%sregiebord: %s\n", ui::loggingToJournal() ? "<3>" : "",
                         p.describe().c_str());
        if (problems.empty()) std::printf("regiebord: configuration ok\n");
        return problems.empty() ? 0 : 2;
    }
    ui::setLanguage(settings->language);

    std::error_code ec;
    std::filesystem::create_directories(config.stateDir, ec);
    SyncSettings& sync = settings->sync;
    if (pollMs > 0) sync.pollInterval = std::chrono::milliseconds(pollMs);
    sync.log = [](int priority, const std::string& line) {
        ui::logLine(static_cast<ui::LogLevel>(priority), line);
    };
    using ui::LogLevel;
    ui::logf(LogLevel::Notice, "regiebord %s starting: hub %s, board %s, state in %s", REGIEBORD_VERSION,
             config.hubUrl.c_str(), config.boardId.c_str(), config.stateDir.c_str());
    if (config.hubUrl.rfind("http://", 0) == 0) {
        if (config.allowPlainHttp && !HttpClient::isLoopbackUrl(config.hubUrl))
            ui::logf(
                LogLevel::Warning,
                "PLAIN HTTP to %s allowed by hub.allow_plain_http: the device token goes over the network "
                "in clear text; for demos on a trusted network only",
                config.hubUrl.c_str());
        else
            ui::logf(LogLevel::Warning, "plain http to %s: only acceptable on loopback for demos and tests",
                     config.hubUrl.c_str());
    }
    const bool interactive = run.screenshotPath.empty() && run.uiMapPath.empty();
    auto report = [](const std::vector<ui::CheckLine>& lines) {
        for (const auto& line : lines)
            ui::logLine(line.level, line.text);
    };

    ui::ServiceNotifier service;
    try {
        // The stores are checked and opened, and the cached board loaded, on a helper
        // thread while SDL opens the display: neither needs the other, and the start
        // to the first frame is their longer one, not their sum. The first frame waits
        // for both (no "no data" flash before the cache is read).
        auto engine = std::make_unique<SyncEngine>(sync, [] { ui::requestWake(); });
        auto opening = std::async(std::launch::async, [&] {
            engine->start(); // never throws: a store that cannot be opened is a fault on screen
            if (interactive) {
                report(ui::checkStorage(engine->storeReport(), sync.cachePath, sync.outboxPath));
                report(ui::checkDisk(config.stateDir));
            }
            traceStart("stores open, cache loaded (helper thread)");
        });
        ui::Display display(settings->display);
        ui::logLine(LogLevel::Notice, "self-check: display opened: " + display.describe());
        if (interactive) report(ui::checkTouch());
        run.maxSleep = service.maxSleep();
        run.onLoop = [&service](std::chrono::steady_clock::time_point now) { service.ping(now); };
        run.onRunning = [&service, &display] { service.ready("showing the board: " + display.describe()); };
        opening.get(); // rethrows what the helper thread ran into
        traceStart("display and stores ready");
        // SIGTERM/SIGINT: SDL's own handlers turn them into SDL_QUIT, which ends the loop.
        run.staleAfter = settings->staleAfter;
        run.signage = settings->signage;
        const ui::DeviceInfo device{REGIEBORD_VERSION, config.hubUrl, config.boardId, config.stateDir};
        ui::Kiosk kiosk(display, *engine, settings->chair, device);
        const int rc = kiosk.run(run);
        service.stopping();
        engine->stop();
        ui::logf(LogLevel::Notice, "stopped after %ld frames and %llu sync rounds", kiosk.framesDrawn(),
                 static_cast<unsigned long long>(engine->rounds()));
        return rc;
    } catch (const std::exception& e) {
        // Most often the display: no DRM device, no permission on it, or no X/Wayland when asked for one.
        ui::logf(LogLevel::Error, "%s", e.what());
        return 1;
    }
}

#include "command_line.hpp"

#include "log.hpp"
#include "outbox_files.hpp"
#include "self_check.hpp"
#include "service.hpp"
#include "start_clock.hpp"
#include "startup_files.hpp"
#include "sync_engine.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <filesystem>
#include <future>
#include <istream>
#include <ostream>
#include <thread>

namespace regiebord::ui {

std::optional<int> parseCommandLine(int argc, char** argv, KioskFlags& f) {
    CLI::App cli{"regiebord: meeting-room display for housing steering groups"};
    cli.add_option("-c,--config", f.configPath, "Configuration file (TOML)");
    cli.add_option("--hub", f.hub, "Hub URL (overrides hub.url)");
    cli.add_option("--board", f.board, "Board id (overrides hub.board)");
    cli.add_option("--token-file", f.tokenFile, "Device token file, mode 0600 (overrides hub.token_file)");
    cli.add_option("--state-dir", f.stateDir, "Where the cache and the decision outbox live");
    cli.add_option("--lang", f.lang, "nl or en");
    cli.add_flag("--windowed", f.windowed, "Run in a window instead of full screen");
    cli.add_option("--size", f.size, "Window size WxH (with --windowed or for screenshots)");
    cli.add_option("--renderer", f.renderer, "auto, software, or an SDL render driver name");
    cli.add_option("--rotation", f.rotation, "Turn picture and touch: 0, 90, 180 or 270 degrees clockwise");
    cli.add_option("--screen-inches", f.screenInches,
                   "The screen's diagonal in inches (overrides room.screen_inches)")
        ->check(CLI::Range(7, 150));
    cli.add_option(
           "--viewing-distance", f.viewingDistanceCm,
           "Centimetres to the farthest seat that must read the screen (overrides room.viewing_distance_cm)")
        ->check(CLI::Range(50, 2000));
    cli.add_option("--poll-seconds", f.pollSeconds, "Seconds between polls of the hub");
    cli.add_option("--poll-ms", f.pollMs, "Milliseconds between polls (benchmarks only)")->group("");
    cli.add_option("--carousel-after-seconds", f.carouselAfterSeconds,
                   "Idle seconds before the carousel (tests only)")
        ->group("");
    cli.add_option("--carousel-seconds", f.carouselSeconds, "Seconds per carousel page (tests only)")
        ->group("");
    cli.add_option("--screen", f.run.screen,
                   "First screen: overzicht, afspraken, escalaties[:<id>] (--list-screens)");
    cli.add_option("--screenshot", f.run.screenshotPath, "Render the screen to this PNG and exit");
    cli.add_option("--wait-for-data", f.run.waitForDataSeconds, "Screenshot mode: seconds to wait for data");
    cli.add_option("--ui-map", f.run.uiMapPath, "Test mode: write widget rectangles to this JSON file");
    cli.add_option("--exit-after", f.run.exitAfterSeconds, "Quit after this many seconds");
    cli.add_flag("--redraw-always", f.run.redrawAlways, "Draw every frame (for comparison only)");
    cli.add_flag("--check-config", f.checkConfig, "Check the configuration and exit");
    cli.add_flag("--set-pin", f.setPin,
                 "Read a new chair PIN (4-8 digits) from standard input, store its salted hash, and exit");
    cli.add_option("--salvage-outbox", f.salvageDir,
                   "Queue again every readable decision of a damaged outbox set aside in DIR "
                   "(<state_dir>/outbox.db.damaged-*), under its own key, and exit");
    cli.add_flag("--list-screens", f.listScreens,
                 "Print the screens in tab order (id, and whether the carousel shows it or it needs chair "
                 "mode) and exit");
    cli.add_flag("--version", f.version, "Print the version and exit");
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    f.configGiven = cli.count("--config") > 0;
    return std::nullopt;
}

bool parseSize(const std::string& text, int& width, int& height) {
    const auto x = text.find('x');
    if (x == std::string::npos) return false;
    try {
        std::size_t used = 0;
        width = std::stoi(text.substr(0, x), &used);
        if (used != x) return false;
        height = std::stoi(text.substr(x + 1), &used);
        if (used != text.size() - x - 1) return false;
    } catch (const std::exception&) {
        return false;
    }
    return width >= 320 && height >= 240 && width <= 8192 && height <= 8192;
}

KioskConfig resolveConfig(const KioskFlags& f, const char* credentialsDirectory,
                          std::vector<ConfigProblem>& problems) {
    KioskConfig config;
    if (std::filesystem::exists(f.configPath))
        config = loadConfig(f.configPath, problems);
    else if (f.configGiven)
        problems.push_back({f.configPath, 0, "", "file not found"});
    if (!f.hub.empty()) config.hubUrl = f.hub;
    if (!f.board.empty()) config.boardId = f.board;
    if (!f.tokenFile.empty()) config.tokenFile = f.tokenFile;
    // Under systemd the token comes as a credential (LoadCredential=token:...):
    // systemd reads the root-only file and hands the service a private copy.
    // Run by hand (e.g. `sudo regiebord --check-config`) the same file is read directly.
    if (config.tokenFile.empty()) {
        const auto credential = credentialsDirectory ? std::filesystem::path(credentialsDirectory) / "token"
                                                     : std::filesystem::path();
        if (!credential.empty() && std::filesystem::exists(credential))
            config.tokenFile = credential.string();
        else if (std::filesystem::exists("/etc/regiebord/token"))
            config.tokenFile = "/etc/regiebord/token";
    }
    if (!f.stateDir.empty()) config.stateDir = f.stateDir;
    if (!f.lang.empty()) config.language = f.lang;
    if (!f.renderer.empty()) config.renderer = f.renderer;
    if (f.pollSeconds > 0) config.pollSeconds = f.pollSeconds;
    if (f.windowed) config.fullscreen = false;
    if (f.rotation >= 0) config.rotation = f.rotation;
    if (f.screenInches > 0) config.room.screenInches = f.screenInches;
    if (f.viewingDistanceCm > 0) config.room.viewingDistanceCm = f.viewingDistanceCm;
    if (!f.size.empty() && !parseSize(f.size, config.width, config.height))
        problems.push_back({"(command line)", 0, "--size", "expected WxH, e.g. 1920x1080"});
    if (!f.run.screenshotPath.empty()) config.fullscreen = false;
    return config;
}

int setPin(const KioskConfig& config, std::istream& in, std::ostream& out, std::ostream& err) {
    // From stdin, so the PIN stays out of the shell history and the process list.
    std::string pin;
    std::getline(in, pin);
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == ' '))
        pin.pop_back();
    std::error_code dirError;
    std::filesystem::create_directories(std::filesystem::path(config.pinFile()).parent_path(), dirError);
    const std::string problem = writePinHashFile(config.pinFile(), pin);
    if (!problem.empty()) {
        err << "regiebord: --set-pin: " << problem << '\n';
        return 2;
    }
    out << "regiebord: chair PIN stored in " << config.pinFile() << '\n';
    return 0;
}

int salvageOutbox(const KioskConfig& config, const std::string& dir, std::ostream& out, std::ostream& err) {
    try {
        Outbox outbox((std::filesystem::path(config.stateDir) / "outbox.db").string());
        const SalvageResult r = regiebord::salvageOutbox(dir, outbox);
        for (const auto& problem : r.problems)
            err << "regiebord: --salvage-outbox: not readable: " << problem << '\n';
        out << "regiebord: salvaged " << dir << ": " << r.read << " decision(s) read, " << r.requeued
            << " queued again, " << r.kept << " delivered before (kept), " << r.present
            << " already in the outbox, " << r.held << " held for attention (decided again since)\n";
        return r.read == 0 && !r.problems.empty() ? 1 : 0;
    } catch (const std::exception& e) {
        err << "regiebord: --salvage-outbox: " << e.what() << '\n';
        return 1;
    }
}

namespace {

void warnAboutPlainHttp(const KioskConfig& config) {
    if (config.hubUrl.rfind("http://", 0) != 0) return;
    if (config.allowPlainHttp && !HttpClient::isLoopbackUrl(config.hubUrl))
        logf(LogLevel::Warning,
             "PLAIN HTTP to %s allowed by hub.allow_plain_http: the device token goes over the network "
             "in clear text; for demos on a trusted network only",
             config.hubUrl.c_str());
    else
        logf(LogLevel::Warning, "plain http to %s: only acceptable on loopback for demos and tests",
             config.hubUrl.c_str());
}

void report(const std::vector<CheckLine>& lines) {
    for (const auto& line : lines)
        logLine(line.level, line.text);
}

} // namespace

namespace {

/// SIGUSR1 (`systemctl kill -s USR1 regiebord`): IT asks what the room sees. The signal is
/// blocked in every thread (set here, before any thread starts, and inherited) and taken by
/// one waiting thread, so that no handler runs inside the loop or libcurl.
void watchScreenshotSignal() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        int signal = 0;
        while (sigwait(&set, &signal) == 0)
            requestScreenshot();
    }).detach();
}

} // namespace

int runKiosk(const KioskConfig& config, KioskSettings& settings, const KioskFlags& flags) {
    setLanguage(settings.language);
    watchScreenshotSignal();
    std::error_code ec;
    std::filesystem::create_directories(config.stateDir, ec);
    SyncSettings& sync = settings.sync;
    if (flags.pollMs > 0) sync.pollInterval = std::chrono::milliseconds(flags.pollMs);
    sync.log = [](int priority, const std::string& line) { logLine(static_cast<LogLevel>(priority), line); };
    logf(LogLevel::Notice, "regiebord %s starting: hub %s, board %s, state in %s", REGIEBORD_VERSION,
         config.hubUrl.c_str(), config.boardId.c_str(), config.stateDir.c_str());
    warnAboutPlainHttp(config);
    RunOptions run = flags.run;
    // A screenshot run draws a few frames and ends: no self-check. A UI map alone is written
    // beside a running kiosk (the appliance test's), which checks itself as always.
    const bool interactive = run.screenshotPath.empty();

    // What the last start mapped (the GL driver, LLVM) is read ahead while the display opens.
    const std::string startupList = (std::filesystem::path(config.stateDir) / "startup-files.list").string();
    std::future<void> readingAhead;
    if (interactive) readingAhead = readAheadStartupFiles(startupList);

    ServiceNotifier service;
    try {
        // The stores are checked and opened, and the cached board loaded, on a helper
        // thread while SDL opens the display: neither needs the other. The first frame
        // waits for both (no "no data" flash before the cache is read).
        auto engine = std::make_unique<SyncEngine>(sync, [] { requestWake(); });
        auto opening = std::async(std::launch::async, [&] {
            engine->start(); // never throws: a store that cannot be opened is a fault on screen
            if (interactive) {
                report(checkStorage(engine->storeReport(), sync.cachePath, sync.outboxPath));
                report(checkDisk(config.stateDir));
            }
            traceStart("stores open, cache loaded (helper thread)");
        });
        Display display(settings.display);
        logLine(LogLevel::Notice, "self-check: display opened: " + display.describe());
        logLine(display.room().tooSmall ? LogLevel::Warning : LogLevel::Notice, display.describeType());
        if (interactive) report(checkTouch());
        run.maxSleep = service.maxSleep();
        run.onLoop = [&service](std::chrono::steady_clock::time_point now) { service.ping(now); };
        run.onRunning = [&service, &display] { service.ready("showing the board: " + display.describe()); };
        opening.get(); // rethrows what the helper thread ran into
        traceStart("display and stores ready");
        // The display is up: every file a start maps is mapped now. Remembered beside the
        // first frame, not before it.
        std::future<void> remembering;
        if (interactive)
            remembering = std::async(std::launch::async, [startupList] {
                const std::string problem = rememberStartupFiles(startupList);
                if (!problem.empty()) logLine(LogLevel::Info, "start-up files not remembered: " + problem);
            });
        // SIGTERM/SIGINT: SDL's own handlers turn them into SDL_QUIT, which ends the loop.
        run.staleAfter = settings.staleAfter;
        run.signage = settings.signage;
        if (flags.carouselAfterSeconds >= 0)
            run.signage.idleBeforeCarousel = std::chrono::seconds(flags.carouselAfterSeconds);
        if (flags.carouselSeconds > 0) run.signage.carouselStep = std::chrono::seconds(flags.carouselSeconds);
        const DeviceInfo device{REGIEBORD_VERSION, config.hubUrl, config.boardId, config.stateDir,
                                settings.supportContact};
        Kiosk kiosk(display, *engine, settings.chair, device);
        const int rc = kiosk.run(run);
        service.stopping();
        engine->stop();
        logf(LogLevel::Notice, "stopped after %ld frames and %llu sync rounds", kiosk.framesDrawn(),
             static_cast<unsigned long long>(engine->rounds()));
        return rc;
    } catch (const std::exception& e) {
        // Most often the display: no DRM device, no permission on it, or no X/Wayland when asked for one.
        logf(LogLevel::Error, "%s", e.what());
        return 1;
    }
}

} // namespace regiebord::ui

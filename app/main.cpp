// regiebord: the meeting-room kiosk. Reads its configuration, then either runs a
// one-shot command or starts the sync engine and the screens until stopped. The
// steps live in command_line.cpp, where they are tested; this is their order.

#include "command_line.hpp"
#include "log.hpp"
#include "screens/registry.hpp"
#include "start_clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <malloc.h>

int main(int argc, char** argv) {
    using namespace regiebord::ui;
    // One malloc arena for all threads instead of one per thread (glibc's default, up to 8 per
    // core). The kiosk's threads rarely allocate at the same time: the UI thread draws while
    // the sync thread sleeps between polls. Every extra arena keeps its own free pages and
    // fragments on its own; with one, a 10k-agreement kiosk was ~0.7 MB smaller (noisy;
    // bench/bare_window.cpp sets the same, docs/performance.md).
    mallopt(M_ARENA_MAX, 1);
    regiebord::traceStart("main");
    // No desktop session bus (a kiosk started by systemd or on the console has none): then
    // SDL_Init's D-Bus connection makes libdbus fork and exec dbus-launch to "autolaunch" one,
    // which fails here and costs ~6 ms of every start (or leaves a stray session bus where
    // dbus-x11 is installed). The kiosk needs nothing from a session bus (no IME, no desktop
    // screensaver to inhibit). Set before any thread exists; a real bus address is left alone.
    setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0);
    // On X11, SDL_Init opens an input method, and libX11 then parses the locale's compose table
    // (~6,000 lines): ~8 ms of every start here, more on a Pi. The kiosk takes no typed text
    // (touch, keypad on screen): an empty table. One set by whoever starts the kiosk is left alone.
    setenv("XCOMPOSEFILE", "/dev/null", 0);

    KioskFlags flags;
    if (const auto exit = parseCommandLine(argc, argv, flags)) return *exit;
    if (flags.version) {
        std::printf("regiebord %s\n", REGIEBORD_VERSION);
        return 0;
    }
    if (flags.listScreens) {
        std::cout << describeScreens();
        return 0;
    }
    std::vector<ConfigProblem> problems;
    const KioskConfig config = resolveConfig(flags, std::getenv("CREDENTIALS_DIRECTORY"), problems);
    if (flags.setPin && problems.empty()) return setPin(config, std::cin, std::cout, std::cerr);
    if (!flags.salvageDir.empty() && problems.empty())
        return salvageOutbox(config, flags.salvageDir, std::cout, std::cerr);
    validateConfig(config, flags.configPath, problems);
    auto settings = kioskSettings(config, problems);
    if (!problems.empty() || flags.checkConfig || !settings) {
        for (const auto& p : problems)
            std::fprintf(stderr, "%sregiebord: %s\n", loggingToJournal() ? "<3>" : "", p.describe().c_str());
        if (problems.empty()) std::printf("regiebord: configuration ok\n");
        return problems.empty() ? 0 : 2;
    }
    return runKiosk(config, *settings, flags);
}

#pragma once
// The kiosk's command line, as small steps main() wires together: the flags are
// parsed into KioskFlags, laid over the configuration file (resolveConfig), and
// the one-shot commands (--set-pin, --salvage-outbox, --check-config,
// --list-screens) run without a display. Each step is tested on its own
// (tests/unit/test_command_line.cpp); main.cpp only calls them in order.

#include "config.hpp"
#include "kiosk.hpp"
#include "settings.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::ui {

/// Every flag as given; an empty string or a negative/zero number is "not given".
struct KioskFlags {
    std::string configPath = "/etc/regiebord/regiebord.toml";
    bool configGiven = false; ///< -c/--config was on the command line (then it must exist)
    std::string hub, board, tokenFile, stateDir, lang, size, renderer;
    bool windowed = false;
    int rotation = -1;
    int screenInches = 0;
    int viewingDistanceCm = 0;
    int pollSeconds = 0;
    int pollMs = 0;                ///< benchmarks only (hidden)
    int carouselAfterSeconds = -1; ///< tests only (hidden): signage.carousel_after_minutes in seconds
    int carouselSeconds = 0;       ///< tests only (hidden): signage.carousel_seconds below its least of 5
    bool checkConfig = false;
    bool version = false;
    bool setPin = false;
    bool listScreens = false;
    std::string salvageDir;
    RunOptions run;
};

/// Parses argv. Returns an exit code when the process should end here (--help, a
/// usage error: CLI11 has printed it), nothing when it should go on.
std::optional<int> parseCommandLine(int argc, char** argv, KioskFlags& flags);

/// "1920x1080" → width and height (320x240 .. 8192x8192); false when malformed.
bool parseSize(const std::string& text, int& width, int& height);

/// The configuration file (when it exists, or must because --config named it) with
/// the flags laid over it. The device token file, when neither names one: systemd's
/// credential (`credentialsDirectory`/token, LoadCredential=token:...), else
/// /etc/regiebord/token when it exists. Problems are appended.
KioskConfig resolveConfig(const KioskFlags& flags, const char* credentialsDirectory,
                          std::vector<ConfigProblem>& problems);

/// --set-pin: reads the PIN from `in` (a line; trailing CR and spaces dropped) and
/// stores its salted hash in the configured PIN file. Returns the exit code.
int setPin(const KioskConfig& config, std::istream& in, std::ostream& out, std::ostream& err);

/// --salvage-outbox DIR: queues again every readable decision of a damaged outbox
/// set aside in DIR. Returns the exit code.
int salvageOutbox(const KioskConfig& config, const std::string& dir, std::ostream& out, std::ostream& err);

/// Runs the kiosk: the sync engine, the display and the loop, until stopped.
/// Returns the exit code (1 when the display cannot be opened).
int runKiosk(const KioskConfig& config, KioskSettings& settings, const KioskFlags& flags);

} // namespace regiebord::ui

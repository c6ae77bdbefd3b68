#pragma once
// The kiosk's configuration: one TOML file (default /etc/regiebord/regiebord.toml),
// overridable by command-line flags. Every problem names the file, line, key
// and the expected form.

#include "protocol.hpp"
#include "room_profile.hpp"
#include "toml_config.hpp"

#include <optional>
#include <string>
#include <vector>

namespace regiebord::ui {

struct KioskConfig {
    std::string hubUrl = "http://127.0.0.1:8080";
    std::string boardId = "demo-regio";
    std::string tokenFile;       ///< file holding the device token (mode 0600)
    std::string caFile;          ///< extra CA bundle for the hub's certificate
    std::string pinnedKey;       ///< "sha256//..." public key pin, optional
    bool allowPlainHttp = false; ///< plain http:// to a non-loopback hub (demos only; logged loudly)
    /// Whom the room calls when the hub disconnects this screen, e.g. "Servicedesk ICT, 030 000 0000".
    std::string supportContact;
    std::string stateDir = "/var/lib/regiebord";
    std::string language = "nl";
    bool fullscreen = true;
    int width = 1920;
    int height = 1080;
    int pollSeconds = 30;
    /// The largest board answer taken from the hub, in MiB; larger is refused as unusable.
    int maxBoardMb = static_cast<int>(kMaxBoardBytes >> 20U);
    std::string renderer = "auto";
    std::string fontDir = "/usr/share/fonts/truetype/dejavu";
    int rotation = 0; ///< degrees clockwise: 0, 90, 180, 270 (picture and touch together)
    RoomProfile room; ///< screen size and viewing distance: the type scale
    int carouselAfterMinutes =
        5;                    ///< signage: cycle the main screens after this long without touch (0 = never)
    int carouselSeconds = 30; ///< signage: per screen
    std::string officeHours;  ///< signage: "07:30-18:30" local time; "" = always on
    bool weekdaysOnly = true; ///< signage: weekends count as outside office hours
    std::string outsideHours = "dim"; ///< signage: "dim" or "black" outside office hours (a touch wakes)
    bool pixelShift = true;           ///< signage: move the picture a few pixels every few minutes (burn-in)
    int staleMinutes = 10;            ///< the freshness line turns amber when the data is older
    std::string chairPinFile;         ///< the chair PIN's hash; "" = <state_dir>/chair.pin
    int chairIdleMinutes = 3;         ///< chair mode ends after this long without touch
    /// Where the chair PIN hash lives.
    std::string pinFile() const { return chairPinFile.empty() ? stateDir + "/chair.pin" : chairPinFile; }
};

using ConfigProblem = regiebord::ConfigProblem; ///< shared with the hub (sync/toml_config.hpp)

/// Reads the file over the defaults; problems are appended (config unchanged for a bad key).
KioskConfig loadConfig(const std::string& path, std::vector<ConfigProblem>& problems);
/// Every key the kiosk reads, from a parsed file: the one list of its keys.
void readConfig(ConfigReader& reader, KioskConfig& config);
/// Checks values that flags may also have set (URL form, sizes, language).
void validateConfig(const KioskConfig& config, const std::string& source,
                    std::vector<ConfigProblem>& problems);
/// Reads the token file: trimmed; problems when missing, empty or readable by others.
std::optional<std::string> readToken(const std::string& path, std::vector<ConfigProblem>& problems);

} // namespace regiebord::ui

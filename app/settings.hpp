#pragma once
// From the kiosk's configuration to the settings of each of its parts, in one
// tested function: every configuration key reaches the part it controls
// (tests/unit/test_settings.cpp checks each key, so a key that does nothing
// cannot ship).

#include "chair_ui.hpp"
#include "config.hpp"
#include "display.hpp"
#include "i18n.hpp"
#include "signage.hpp"
#include "sync_engine.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace regiebord::ui {

struct KioskSettings {
    SyncSettings sync;
    DisplayOptions display;
    ChairSettings chair;
    SignageSettings signage;
    std::chrono::seconds staleAfter{std::chrono::minutes(10)};
    std::string supportContact; ///< whom to call when the hub disconnects this screen ("" = IT)
    Language language = Language::Dutch;
    std::string stateDir;
};

/// The parts' settings for a configuration whose values were checked (validateConfig);
/// the device token is read from its file. Nothing when the token cannot be read
/// (the problem is appended).
std::optional<KioskSettings> kioskSettings(const KioskConfig& config, std::vector<ConfigProblem>& problems);

} // namespace regiebord::ui

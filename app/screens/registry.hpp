#pragma once
// The one place where screens are registered: their tab order, which of them the
// unattended carousel shows, and the ids --screen, the ui map and the e2e tests use
// (`regiebord --list-screens` prints them). A new screen is its class and one row here.

#include "screen.hpp"
#include "screens/device_screen.hpp"

#include <memory>
#include <string>
#include <vector>

namespace regiebord::ui {

struct ScreenEntry {
    std::unique_ptr<Screen> screen;
    bool carousel = false; ///< shown by the carousel when nobody touches the screen
};

/// Every screen, in tab order.
std::vector<ScreenEntry> makeScreens(const DeviceInfo& device);

/// `--list-screens`: one line per screen, "<id>" plus " carousel" and/or " chair".
std::string describeScreens();

} // namespace regiebord::ui

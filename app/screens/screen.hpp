#pragma once
// The base of every screen: drawn only from the current snapshot plus its own
// UI state. Screens are registered in one list in kiosk.cpp.

#include "snapshot.hpp"
#include "theme.hpp"
#include "ui_map.hpp"

#include <chrono>
#include <string>

namespace regiebord::ui {

/// What a screen may ask of the app: commands, never direct I/O.
class Commands {
public:
    virtual ~Commands() = default;
    /// Hands a decision to the sync engine; returns its idempotency key.
    virtual std::string submitDecision(const DecisionRequest& request) = 0;
    virtual void showScreen(const std::string& id) = 0;
};

struct UiContext {
    const Snapshot& snapshot;
    std::chrono::system_clock::time_point now;
    float u = 1.0f; ///< px per design unit (1.0 on a 1080-line screen)
    Fonts fonts;
    Commands& commands;
    UiMap* uiMap = nullptr; ///< set in test mode
};

class Screen {
public:
    virtual ~Screen() = default;
    virtual const char* id() const = 0;       ///< stable name used by --screen and the ui map
    virtual const char* titleKey() const = 0; ///< i18n key of the tab
    virtual void draw(const UiContext& ctx) = 0;
    /// Opens a detail view by object id (e.g. --screen escalaties:esc-03); false if unknown.
    virtual bool openDetail(const std::string& /*objectId*/) { return false; }
    /// Called when the user taps the screen's tab again: back to the list.
    virtual void reset() {}
};

} // namespace regiebord::ui

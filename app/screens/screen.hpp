#pragma once
// The base of every screen: drawn only from the current snapshot plus its own
// UI state. Screens are registered in one list in screens/registry.cpp.

#include "snapshot.hpp"
#include "theme.hpp"
#include "ui_map.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace regiebord::ui {

/// What a screen may ask of the app: commands, never direct I/O.
class Commands {
public:
    virtual ~Commands() = default;
    /// A confirmed decision: it waits out the undo window, then goes to the outbox.
    virtual void holdDecision(const DecisionRequest& request) = 0;
    // A decision's subject is subjectOf(request): the escalation id, or <meeting>#<order>.
    /// Takes a held decision back; false when its window has passed.
    virtual bool undoDecision(const std::string& subject) = 0;
    /// Seconds left to undo the decision held for a subject, if any.
    virtual std::optional<int> heldSecondsLeft(const std::string& subject) const = 0;
    /// The idempotency key of the decision this kiosk sent to the outbox for a subject ("" if none).
    virtual std::string submittedKey(const std::string& subject) const = 0;
    /// Chair mode: only then can decisions be taken (and the device screen be seen).
    virtual bool chairActive() const = 0;
    virtual void requestChair() = 0;
    /// Chair mode: marks an agenda item of a meeting as under discussion for every kiosk
    /// and browser of the board (through the hub); nullopt marks none.
    virtual void setCurrentItem(const std::string& meetingId, std::optional<int> order) = 0;
    virtual void showScreen(const std::string& id) = 0;
    virtual void syncNow() = 0;
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
    /// Signage (nobody touches the screen): show page `page` of everything the screen
    /// lists, whole items only, with a page indicator, whatever filter, detail or scroll
    /// a person left; std::nullopt: back to exactly that. Screens that fit stay as they are.
    virtual void setSignagePage(std::optional<int> page) { (void)page; }
    /// The pages the screen needed when last drawn in signage mode (1 when it fits).
    virtual int signagePages() const { return 1; }
    /// Shown (and its tab listed) only in chair mode.
    virtual bool requiresChair() const { return false; }
};

} // namespace regiebord::ui

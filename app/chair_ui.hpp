#pragma once
// Chair mode on screen: the PIN keypad, the chair session that ends by itself
// after a few minutes without touch, and the undo window in front of the
// sync engine. The logic lives in chair.hpp; this is its UI and wiring.

#include "chair.hpp"
#include "screens/screen.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace regiebord::ui {

struct ChairSettings {
    std::string pinFile;   ///< the PIN hash (regiebord --set-pin writes it); missing = no chair mode
    std::string guardFile; ///< lockout state (SQLite), kept across restarts
    std::chrono::seconds idleTimeout{std::chrono::minutes(3)};
    std::chrono::seconds undoWindow{10};
};

class ChairMode {
public:
    explicit ChairMode(const ChairSettings& settings);

    bool active(SteadyTime now) const { return m_session.active(now); }
    /// Any touch keeps an open session alive.
    void touched(SteadyTime now) { m_session.touch(now); }
    void requestKeypad() { m_keypadRequested = true; }
    void close() { m_session.close(); }
    std::chrono::seconds secondsLeft(SteadyTime now) const { return m_session.secondsLeft(now); }

    /// A confirmed decision enters the undo window; nothing is recorded yet.
    void hold(const DecisionRequest& request, SteadyTime now);
    bool undo(const std::string& subject, SteadyTime now);
    /// Seconds left in the undo window for an escalation, if a decision is held.
    std::optional<int> heldSecondsLeft(const std::string& subject, SteadyTime now) const;
    /// The decisions whose undo window has passed: to be handed to the outbox now.
    std::vector<DecisionRequest> release(SteadyTime now) { return m_pending.release(now); }
    bool holding() const { return !m_pending.empty(); }

    /// The PIN keypad (a modal); call once per frame after the screen.
    void drawKeypad(const UiContext& ctx, SteadyTime now);

private:
    void tryPin(SteadyTime now, WallTime wall);

    ChairSettings m_settings;
    std::unique_ptr<PinGuard> m_guard;
    bool m_guardBroken = false; ///< the lockout file failed: no chair mode (the reason is in the journal)
    ChairSession m_session;
    PendingDecisions m_pending;
    std::map<std::string, PendingDecisions::Id> m_heldBySubject;
    bool m_keypadRequested = false;
    std::string m_entry;
    std::string m_message;
    bool m_messageIsError = false;
};

/// Reads a PIN hash file (first line); "" when it is missing or unreadable.
std::string readPinHashFile(const std::string& path);

} // namespace regiebord::ui

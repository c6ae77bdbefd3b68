#pragma once
// The chair's decision on an agenda item without an escalation (vaststellen verslag,
// een voorstel), drawn beside the agenda of the Vergadering screen: an outcome, an
// optional action (owner and due date from presets: no keyboard at the table), record,
// confirm, and the undo window; then where the decision stands. It goes through the
// same outbox as escalation decisions, exactly once. An item with an escalation is
// decided on the Escalaties screen, where its options are.

#include "screen.hpp"

#include <optional>
#include <string>

namespace regiebord::ui {

class AgendaDecision {
public:
    /// Draws the decision area for an item of meeting; chair-only controls in chair mode.
    void draw(const UiContext& ctx, const Meeting& meeting, const AgendaItem& item);
    /// Whether the last draw() showed the choices: then the screen keeps a row under the
    /// scrolling area for recordButton(), which never scrolls out of view.
    bool choosing() const { return m_choosing; }
    /// The record button, at the cursor, the full width (after draw() in the same frame).
    void drawRecordButton(const UiContext& ctx, float height);

private:
    void drawChoices(const UiContext& ctx, const BoardData& board, const Meeting& meeting,
                     const AgendaItem& item);
    void drawConfirm(const UiContext& ctx, const Meeting& meeting, const AgendaItem& item);

    std::optional<Outcome> m_outcome;
    std::string m_owner; ///< party id of the action; "" = no action
    int m_dueWeeks = 4;
    bool m_confirmRequested = false;
    bool m_choosing = false; ///< the last draw() showed the choices
    std::string m_subject;   ///< the item the choice above was made for
};

} // namespace regiebord::ui

#pragma once
#include "pager.hpp"
#include "screen.hpp"

#include <map>
#include <optional>
#include <string>

namespace regiebord::ui {

/// Escalaties: open escalations by severity and age; the detail shows the
/// question, options, history and level, and carries the chair's decision
/// flow: choose, confirm, then see it pending and confirmed by the hub.
class EscalationsScreen final : public Screen {
public:
    const char* id() const override { return "escalaties"; }
    const char* titleKey() const override { return "escalations"; }
    void draw(const UiContext& ctx) override;
    bool openDetail(const std::string& escalationId) override;
    void reset() override;
    void setSignagePage(std::optional<int> page) override { m_pager.setPage(page); }
    int signagePages() const override { return m_pager.pages(); }

private:
    struct Choice {
        Outcome outcome;
        std::optional<std::string> optionId;
        std::string label;
    };
    void drawList(const UiContext& ctx, const BoardData& board);
    void drawDetail(const UiContext& ctx, const BoardData& board, const Escalation& e);
    void drawDecisionArea(const UiContext& ctx, const BoardData& board, const Escalation& e);
    /// The options and standard outcomes (scrolling) above the record button (always on
    /// screen); heldOver: said first, for a follow-up decision.
    void drawChoices(const UiContext& ctx, const Escalation& e, bool heldOver = false);
    void drawConfirm(const UiContext& ctx, const BoardData& board, const Escalation& e);

    std::string m_openId;
    std::optional<Choice> m_choice;
    bool m_confirmRequested = false;
    int m_note = -1;                                ///< index of the chosen preset note phrase, -1 for none
    std::map<std::string, std::string> m_heldLabel; ///< escalation id -> label of the decision held for undo
    SignagePager m_pager;
};

/// The words the room sees for a decision's outcome.
std::string outcomeLabel(const Escalation& e, Outcome outcome, const std::optional<std::string>& optionId);

} // namespace regiebord::ui

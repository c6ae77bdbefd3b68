#pragma once
#include "agenda_decision.hpp"
#include "screen.hpp"
#include "view_model.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace regiebord::ui {

/// Vergadering: the current or next meeting with its agenda (the chair, in chair mode,
/// taps an item to mark it current for the whole room), the state of each item's escalation and
/// agreement, the decisions taken so far, and the besluitenlijst the chair
/// checks at the end of the meeting.
class MeetingScreen final : public Screen {
public:
    const char* id() const override { return "vergadering"; }
    const char* titleKey() const override { return "meeting"; }
    void draw(const UiContext& ctx) override;
    /// "3" marks agenda item 3 current; "besluitenlijst" opens the decision list.
    bool openDetail(const std::string& objectId) override;
    /// Back to the agenda; the current item stays marked.
    void reset() override { m_showList = false; }

private:
    void drawHeader(const UiContext& ctx, const Meeting& meeting, bool past);
    void drawAgenda(const UiContext& ctx, const BoardData& board, const Meeting& meeting, ImVec2 size,
                    bool past);
    /// A row after the opening of a meeting still to come: the open actions of earlier meetings.
    void drawActionReview(const UiContext& ctx, const Meeting& meeting, float numberWidth, float pad);
    /// Beside the agenda: the decision on the item marked current.
    void drawCurrentItemDecision(const UiContext& ctx, const Meeting& meeting);

    /// The agenda item under discussion is the board's (Meeting::current, set by the chair
    /// through the hub, followed by every kiosk); until the hub has it, the chair's own tap
    /// (or --screen vergadering:N) shows here: a value of its own that the board's next
    /// change replaces.
    std::optional<int> currentOrder() const { return m_localOrder ? *m_localOrder : m_boardOrder; }
    std::string m_meetingId;                        ///< the meeting the orders below belong to
    std::optional<int> m_boardOrder;                ///< the board's current item, as last drawn
    std::optional<std::optional<int>> m_localOrder; ///< set here, not yet on the board
    bool m_scrollToCurrent = false;
    bool m_showList = false;
    AgendaDecision m_itemDecision; ///< the chair's decision on the current item
    ActionReview m_review;         ///< the open actions to review, for the key below
    std::uint64_t m_reviewVersion = 0;
    std::int64_t m_reviewDay = -1;
    std::string m_reviewMeeting;
};

} // namespace regiebord::ui

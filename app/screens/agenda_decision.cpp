#include "agenda_decision.hpp"

#include "clock.hpp"
#include "dates.hpp"
#include "decision_widgets.hpp"
#include "format.hpp"
#include "i18n.hpp"
#include "panel.hpp"
#include "text.hpp"
#include "theme.hpp"
#include "view_model.hpp"

#include <array>

namespace regiebord::ui {

namespace {

constexpr std::array kItemOutcomes{Outcome::Vastgesteld, Outcome::Aangenomen, Outcome::Aangehouden,
                                   Outcome::Verworpen, Outcome::Doorverwezen};
constexpr std::array kDueWeeks{2, 4, 8};

std::string outcomeName(Outcome o) {
    return tr("outcome." + std::string(toWire(o)));
}

/// The due date `weeks` from now, as a date.
std::string dueIn(int weeks, std::chrono::system_clock::time_point now) {
    return formatUtc(now + std::chrono::hours(24 * 7 * weeks)).substr(0, 10);
}

/// What is to be done, in the board's language (Dutch), from the item: no typing.
std::string actionTitle(const AgendaItem& item) {
    return oneLine("Uitwerken: " + item.title, 200);
}

std::string partyName(const BoardData& board, const std::string& id) {
    const Party* p = board.findParty(id);
    return p ? p->name : id;
}

/// The decision on this subject the hub holds, newest last; null if none.
const Decision* hubDecision(const BoardData& board, const std::string& subject) {
    const Decision* found = nullptr;
    for (const auto& d : board.decisions)
        if (subjectOf(d.request) == subject) found = &d;
    return found;
}

} // namespace

void AgendaDecision::draw(const UiContext& ctx, const Meeting& meeting, const AgendaItem& item) {
    const float u = ctx.u;
    const BoardData& board = *ctx.snapshot.board;
    DecisionRequest probe;
    probe.meetingId = meeting.id;
    probe.agendaItem = item.order;
    const std::string subject = subjectOf(probe);
    m_choosing = false;
    if (subject != m_subject) { // another item: start afresh
        m_subject = subject;
        m_outcome.reset();
        m_owner.clear();
    }
    wrappedText(ctx.fonts.heading, color::kAccent,
                std::string(tr("decision_on_item")) + " " + std::to_string(item.order));
    if (const auto held = ctx.commands.heldSecondsLeft(subject)) {
        const std::string text = std::string(tr("held_for")) + " " + std::to_string(*held) + " s";
        wrappedText(ctx.fonts.heading, color::kWarn, text);
        mark(ctx.uiMap, "item.decision.state.held", text);
        ImGui::PushFont(ctx.fonts.heading);
        const bool undo =
            ImGui::Button((std::string(tr("undo")) + " (" + std::to_string(*held) + " s)").c_str(),
                          ImVec2(ImGui::GetContentRegionAvail().x, tapSize(96, u)));
        ImGui::PopFont();
        mark(ctx.uiMap, "item.decision.undo");
        if (tapped(undo, u)) ctx.commands.undoDecision(subject);
        return;
    }
    // Where the last decision on the item stands: in this kiosk's outbox, or on the hub.
    const OutboxItem* queued = ctx.snapshot.outboxFor(subject);
    const Decision* onHub = hubDecision(board, subject);
    const DecisionRequest* last = queued ? &queued->request : onHub ? &onHub->request : nullptr;
    const bool confirmed = onHub && (!queued || onHub->idempotencyKey == queued->idempotencyKey);
    if (last) {
        wrappedText(ctx.fonts.big, color::kText, outcomeName(last->outcome));
        const char* state = confirmed ? tr("confirmed") : outboxStateText(queued->state);
        wrappedText(ctx.fonts.body, confirmed ? color::kGood : color::kWarn, state);
        mark(ctx.uiMap, std::string("item.decision.state.") + (confirmed ? "confirmed" : "pending"), state);
        if (last->action)
            wrappedText(ctx.fonts.body, color::kTextDim,
                        std::string(tr("action")) + ": " + last->action->title + " \u00B7 " +
                            partyName(board, last->action->owner) + " \u00B7 " +
                            formatDate(last->action->due));
        if (closesSubject(*last) || (queued && queued->state != OutboxState::Confirmed)) return;
        ImGui::Spacing(); // held over: the follow-up decision can be taken
    }
    if (!ctx.commands.chairActive()) return; // outside chair mode: read, never decide
    m_choosing = true;
    drawChoices(ctx, board, meeting, item);
    drawConfirm(ctx, meeting, item);
}

void AgendaDecision::drawRecordButton(const UiContext& ctx, float height) {
    if (recordButton(ctx, m_outcome.has_value(), height, "item.decision.record")) m_confirmRequested = true;
}

void AgendaDecision::drawChoices(const UiContext& ctx, const BoardData& board, const Meeting& meeting,
                                 const AgendaItem& item) {
    (void)meeting;
    (void)item;
    const float u = ctx.u;
    const float w = columnWidth(2);
    ImGui::PushFont(ctx.fonts.body);
    for (std::size_t i = 0; i < kItemOutcomes.size(); ++i) {
        const Outcome o = kItemOutcomes[i];
        const bool chosen = m_outcome == o;
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::ColorConvertU32ToFloat4(chosen ? color::kAccent : color::kPanelHigh));
        const bool clicked = ImGui::Button(outcomeName(o).c_str(), ImVec2(w, tapSize(72, u)));
        ImGui::PopStyleColor();
        mark(ctx.uiMap, "item.outcome." + std::string(toWire(o)), outcomeName(o));
        if (tapped(clicked, u)) m_outcome = o;
        if (i % 2 == 0 && i + 1 < kItemOutcomes.size()) ImGui::SameLine();
    }
    // An optional action: who (a party of the board), and by when (in weeks).
    ImGui::Spacing();
    wrappedText(ctx.fonts.body, color::kTextDim, tr("action_optional"));
    float rowEnd = 0;
    for (const auto& party : board.parties) {
        const std::string label = party.shortName.empty() ? party.name : party.shortName;
        const float needed = ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (rowEnd > 0 && rowEnd + ImGui::GetStyle().ItemSpacing.x + needed <= ImGui::GetContentRegionMax().x)
            ImGui::SameLine();
        const bool chosen = m_owner == party.id;
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::ColorConvertU32ToFloat4(chosen ? color::kAccent : color::kPanelHigh));
        const bool clicked = ImGui::Button(label.c_str(), ImVec2(0, tapSize(64, u)));
        ImGui::PopStyleColor();
        rowEnd = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
        mark(ctx.uiMap, "item.action.owner." + party.id, label);
        if (tapped(clicked, u)) m_owner = chosen ? std::string() : party.id;
    }
    if (!m_owner.empty()) {
        for (std::size_t i = 0; i < kDueWeeks.size(); ++i) {
            if (i > 0) ImGui::SameLine();
            const bool chosen = m_dueWeeks == kDueWeeks[i];
            const std::string label = std::to_string(kDueWeeks[i]) + " " + tr("weeks");
            ImGui::PushStyleColor(
                ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(chosen ? color::kAccent : color::kPanelHigh));
            const bool clicked = ImGui::Button(label.c_str(), ImVec2(0, tapSize(64, u)));
            ImGui::PopStyleColor();
            mark(ctx.uiMap, "item.action.due." + std::to_string(kDueWeeks[i]), label);
            if (tapped(clicked, u)) m_dueWeeks = kDueWeeks[i];
        }
    }
    ImGui::PopFont();
}

void AgendaDecision::drawConfirm(const UiContext& ctx, const Meeting& meeting, const AgendaItem& item) {
    if (!beginConfirmDialog("confirm-item-decision", m_confirmRequested, ctx.u)) return;
    const BoardData& board = *ctx.snapshot.board;
    wrappedText(ctx.fonts.heading, color::kAccent, tr("confirm_title"));
    wrappedText(ctx.fonts.body, color::kTextDim, std::to_string(item.order) + ". " + item.title);
    ImGui::Spacing();
    wrappedText(ctx.fonts.big, color::kText, m_outcome ? outcomeName(*m_outcome) : std::string());
    const std::string due = dueIn(m_dueWeeks, ctx.now);
    if (!m_owner.empty())
        wrappedText(ctx.fonts.body, color::kText,
                    std::string(tr("action")) + ": " + actionTitle(item) + " \u00B7 " +
                        partyName(board, m_owner) + " \u00B7 " + formatDate(due));
    ImGui::Spacing();
    if (confirmButtons(ctx, "item.confirm.") == ConfirmAnswer::Confirm && m_outcome &&
        ctx.commands.chairActive()) {
        DecisionRequest request;
        request.meetingId = meeting.id;
        request.agendaItem = item.order;
        request.outcome = *m_outcome;
        request.decidedBy = meeting.chair;
        request.decidedAt = utcNow();
        if (!m_owner.empty()) request.action = NewAction{actionTitle(item), m_owner, due};
        ctx.commands.holdDecision(request);
        m_outcome.reset();
        m_owner.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace regiebord::ui

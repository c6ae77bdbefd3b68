#include "actions_screen.hpp"

#include "format.hpp"
#include "i18n.hpp"
#include "panel.hpp"
#include "text_flow.hpp"
#include "touch_scroll.hpp"
#include "view_model.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

namespace regiebord::ui {

namespace {

/// "Stuurgroep 15 okt · agendapunt 3", "escalatie: <title>": where an action was agreed.
std::string origin(const BoardData& board, const Action& a) {
    std::string text;
    if (a.meeting) {
        const Meeting* m = board.findMeeting(*a.meeting);
        text = m ? m->title + ", " + formatDate(m->startsAt.substr(0, 10)) : *a.meeting;
        if (a.agendaItem)
            text += " \u00B7 " + std::string(tr("agenda_item")) + " " + std::to_string(*a.agendaItem);
    }
    if (a.escalation) {
        const Escalation* e = board.findEscalation(*a.escalation);
        if (!text.empty()) text += " \u00B7 ";
        text += std::string(tr("escalation")) + ": " + (e ? e->title : *a.escalation);
    }
    return text;
}

/// The due date as the room reads it: "uiterlijk 15 jan 2027 · nog 12 dagen", or in red with
/// "⚠ 3 dagen over de deadline".
std::vector<TextRun> dueRuns(const UiContext& ctx, const OpenAction& a) {
    std::vector<TextRun> runs{{ctx.fonts.body, a.overdue() ? color::kBad : color::kText,
                               std::string(tr("due")) + " " + formatDate(a.action.due)}};
    if (a.daysLeft) {
        runs.push_back({ctx.fonts.body, color::kTextDim, "\u00B7"});
        runs.push_back(
            {ctx.fonts.body, a.overdue() ? color::kBad : color::kTextDim,
             (a.overdue() ? std::string("\u26A0 ") : std::string()) + formatDaysLeft(*a.daysLeft)});
    }
    if (a.pending) {
        runs.push_back({ctx.fonts.body, color::kTextDim, "\u00B7"});
        runs.push_back({ctx.fonts.body, color::kWarn, tr("action_pending")});
    }
    return runs;
}

/// One action as a card row; returns nothing, advances the cursor.
void actionRow(const UiContext& ctx, const BoardData& board, const OpenAction& a) {
    const float u = ctx.u;
    const float pad = 14 * u;
    const float gap = 8 * u;
    const float width = ImGui::GetContentRegionAvail().x;
    const float inner = width - 2 * pad - 10 * u;
    const std::vector<TextRun> due = dueRuns(ctx, a);
    const std::string from = origin(board, a.action);
    const float titleHeight = paragraph(nullptr, {}, inner, ctx.fonts.body, 0, a.action.title);
    const float dueHeight = flowRuns(nullptr, {}, inner, due, 10 * u);
    const float fromHeight =
        from.empty() ? 0.0f : gap + paragraph(nullptr, {}, inner, ctx.fonts.small, 0, from);
    const float height = 2 * pad + titleHeight + gap + dueHeight + fromHeight;

    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 tone = a.overdue() ? color::kBad : a.pending ? color::kWarn : color::kAccent;
    dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height), color::kPanel, 12 * u);
    dl->AddRectFilled(pos, ImVec2(pos.x + 10 * u, pos.y + height), tone, 12 * u,
                      ImDrawFlags_RoundCornersLeft);
    const float x = pos.x + pad + 10 * u;
    float y = pos.y + pad;
    y += paragraph(dl, ImVec2(x, y), inner, ctx.fonts.body, color::kText, a.action.title) + gap;
    flowRuns(dl, ImVec2(x, y), inner, due, 10 * u);
    y += dueHeight;
    if (!from.empty()) paragraph(dl, ImVec2(x, y + gap), inner, ctx.fonts.small, color::kTextDim, from);
    ImGui::Dummy(ImVec2(width, height));
    std::string text = a.action.title + " | " + a.action.due;
    if (a.overdue()) text += " | overdue";
    if (a.pending) text += " | pending";
    mark(ctx.uiMap, "action." + a.action.id, text);
}

} // namespace

void ActionsScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    const auto day = std::chrono::floor<std::chrono::days>(ctx.now).time_since_epoch().count();
    if (m_version != ctx.snapshot.version || m_day != day) {
        m_groups = openActionsByOwner(ctx.snapshot, ctx.now);
        m_version = ctx.snapshot.version;
        m_day = day;
    }
    const auto& groups = m_groups;
    if (groups.empty()) {
        wrappedText(ctx.fonts.heading, color::kGood, std::string("\u2713 ") + tr("no_open_actions"));
        mark(ctx.uiMap, "actions.none", tr("no_open_actions"));
        return;
    }
    const bool signage = m_pager.active();
    if (signage) m_pager.drawIndicator(ctx);
    m_pager.beginList("action-list", "action-pages");
    const float u = ctx.u;
    // Signage pages: an owner's heading stays with its first action.
    std::vector<Span> spans;
    for (const auto& group : groups) {
        const float groupTop = ImGui::GetCursorPosY();
        // The owner, big, with its count; overdue in red: who has to act is read first.
        const std::string owner = group.party ? group.party->name : group.owner;
        std::vector<TextRun> head{
            {ctx.fonts.heading, color::kText, owner},
            {ctx.fonts.body, color::kTextDim, std::to_string(group.actions.size()) + " " + tr("open_lower")}};
        if (group.overdue > 0)
            head.push_back({ctx.fonts.body, color::kBad,
                            "\u26A0 " + std::to_string(group.overdue) + " " + tr("overdue_lower")});
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float width = ImGui::GetContentRegionAvail().x;
        if (group.party) {
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + 6 * u),
                                                      ImVec2(at.x + 10 * u, at.y + 46 * u),
                                                      partyColor(group.party->color), 4 * u);
        }
        const float h =
            flowRuns(ImGui::GetWindowDrawList(), ImVec2(at.x + 24 * u, at.y), width - 24 * u, head, 16 * u);
        ImGui::Dummy(ImVec2(width, h));
        mark(ctx.uiMap, "actions.owner." + group.owner,
             owner + " | " + std::to_string(group.actions.size()) + " | " + std::to_string(group.overdue));
        bool first = true;
        for (const auto& a : group.actions) {
            const float top = ImGui::GetCursorPosY();
            actionRow(ctx, board, a);
            spans.push_back({first ? groupTop : top,
                             ImGui::GetItemRectMax().y - ImGui::GetWindowPos().y + ImGui::GetScrollY()});
            first = false;
        }
        ImGui::Spacing();
        ImGui::Spacing();
    }
    if (signage) m_pager.apply(spans);
    ImGui::EndChild();
}

} // namespace regiebord::ui

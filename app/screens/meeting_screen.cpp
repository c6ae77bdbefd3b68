#include "meeting_screen.hpp"

#include "escalations_screen.hpp"
#include "format.hpp"
#include "i18n.hpp"
#include "panel.hpp"
#include "text_flow.hpp"
#include "touch_scroll.hpp"
#include "view_model.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

namespace regiebord::ui {

namespace {

std::string outcomeText(const MeetingDecision& d) {
    if (d.escalation) return outcomeLabel(*d.escalation, d.request.outcome, d.request.optionId);
    if (d.request.outcome == Outcome::Option && d.request.optionId) return *d.request.optionId;
    return tr("outcome." + std::string(toWire(d.request.outcome)));
}

std::string decisionTitle(const MeetingDecision& d) {
    if (d.escalation) return d.escalation->title;
    if (d.item) return d.item->title;
    return d.request.escalationId + " (" + tr("unknown_escalation") + ")";
}

std::string decisionTime(const MeetingDecision& d) {
    const auto at = parseTimestamp(d.request.decidedAt);
    return at ? formatClock(*at) : d.request.decidedAt;
}

/// Where a decision stands when the hub does not list it yet; null when it does.
const char* outboxText(const MeetingDecision& d) {
    return d.outboxState ? outboxStateText(*d.outboxState) : nullptr;
}

ImU32 outboxColor(const MeetingDecision& d) {
    return d.outboxState ? outboxStateColor(*d.outboxState) : color::kGood;
}

/// Open: its severity; decided: a check; deferred: a hollow circle; withdrawn: a cross.
const char* escalationIcon(const Escalation& e) {
    switch (e.status) {
    case EscalationStatus::Open:
        return look(e.severity).icon;
    case EscalationStatus::Besloten:
        return "\u2713";
    case EscalationStatus::Aangehouden:
        return "\u25CB";
    case EscalationStatus::Ingetrokken:
        return "\u2715";
    }
    return "?";
}

ImU32 escalationIconColor(const Escalation& e) {
    switch (e.status) {
    case EscalationStatus::Open:
        return look(e.severity).color;
    case EscalationStatus::Besloten:
        return color::kGood;
    case EscalationStatus::Aangehouden:
        return color::kWarn;
    case EscalationStatus::Ingetrokken:
        return color::kMuted;
    }
    return color::kMuted;
}

/// The status line under an agenda item: its escalation and agreement, each as icon + word.
std::vector<TextRun> itemStatus(const UiContext& ctx, const BoardData& board, const AgendaItem& item) {
    std::vector<TextRun> runs;
    ImFont* f = ctx.fonts.small;
    if (item.escalation) {
        if (const Escalation* e = board.findEscalation(*item.escalation)) {
            const StatusLook sev = look(e->severity);
            const bool open = e->status == EscalationStatus::Open;
            runs.push_back({f, color::kTextDim, std::string(tr("escalation")) + ":"});
            runs.push_back({f, escalationIconColor(*e), escalationIcon(*e)});
            runs.push_back({f, color::kText,
                            std::string(tr("escstatus." + std::string(toWire(e->status)))) +
                                (open ? std::string(" \u00B7 ") + sev.word : std::string())});
        }
    }
    if (item.agreement) {
        if (const Agreement* a = board.findAgreement(*item.agreement)) {
            const StatusLook l = look(a->status);
            if (!runs.empty()) runs.push_back({f, color::kTextDim, "   "});
            runs.push_back({f, color::kTextDim, std::string(tr("agreement")) + ":"});
            runs.push_back({f, l.color, l.icon});
            runs.push_back({f, color::kText, l.word});
        }
    }
    return runs;
}

void drawDecisionLines(const UiContext& ctx, const std::vector<MeetingDecision>& decisions, bool full) {
    const float u = ctx.u;
    const float numberWidth = 64 * u;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        const MeetingDecision& d = decisions[i];
        const float width = ImGui::GetContentRegionAvail().x;
        const float textWidth = width - numberWidth;
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const float x = pos.x + numberWidth;
        float y = pos.y;
        ImFont* titleFont = full ? ctx.fonts.heading : ctx.fonts.body;
        dl->AddText(titleFont, titleFont->FontSize, pos, color::kTextDim,
                    (std::to_string(i + 1) + ".").c_str());
        y += paragraph(dl, ImVec2(x, y), textWidth, titleFont, color::kText, decisionTitle(d));
        std::vector<TextRun> line{
            {full ? ctx.fonts.heading : ctx.fonts.body, color::kAccent, outcomeText(d)}};
        if (full) y += 4 * u;
        ImFont* meta = full ? ctx.fonts.body : ctx.fonts.small;
        line.push_back(
            {meta, color::kTextDim,
             full ? std::string(tr("decided_by")) + " " + d.request.decidedBy + " \u00B7 " + decisionTime(d)
                  : "\u00B7 " + decisionTime(d)});
        if (const char* state = outboxText(d))
            line.push_back({meta, outboxColor(d), std::string("\u00B7 ") + state});
        y += flowRuns(dl, ImVec2(x, y), textWidth, line, 12 * u);
        if (full && !d.request.note.empty())
            y += paragraph(dl, ImVec2(x, y), textWidth, ctx.fonts.body, color::kTextDim, d.request.note);
        ImGui::Dummy(ImVec2(width, y - pos.y));
        mark(ctx.uiMap, std::string(full ? "decision_list." : "meeting.decision.") + std::to_string(i + 1),
             decisionTitle(d) + " | " + outcomeText(d));
        if (full && i + 1 < decisions.size()) ImGui::Separator();
    }
}

} // namespace

bool MeetingScreen::openDetail(const std::string& objectId) {
    if (objectId == "besluitenlijst") {
        m_showList = true;
        return true;
    }
    int order = 0;
    const auto [end, ec] = std::from_chars(objectId.data(), objectId.data() + objectId.size(), order);
    if (ec != std::errc() || end != objectId.data() + objectId.size()) return false;
    m_localOrder = std::optional<int>(order);
    m_scrollToCurrent = true;
    m_showList = false;
    return true;
}

void MeetingScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    const Meeting* meeting = meetingToShow(board, ctx.now);
    if (!meeting) {
        wrappedText(ctx.fonts.heading, color::kTextDim, tr("no_meeting"));
        mark(ctx.uiMap, "meeting.none", tr("no_meeting"));
        return;
    }
    if (m_meetingId != meeting->id) {
        // A marked item belongs to one meeting; one set before any data (--screen) is kept.
        if (!m_meetingId.empty()) m_localOrder.reset();
        m_meetingId = meeting->id;
        m_boardOrder = meeting->current ? std::optional<int>(meeting->current->order) : std::nullopt;
    }
    // The room follows the board: a current item set by the chair (here or on another kiosk)
    // replaces what was shown, and the agenda scrolls to it.
    if (const auto order = meeting->current ? std::optional<int>(meeting->current->order) : std::nullopt;
        order != m_boardOrder) {
        m_boardOrder = order;
        m_localOrder.reset();
        m_scrollToCurrent = order.has_value();
    }
    const bool past = nextMeeting(board, ctx.now) != meeting;
    drawHeader(ctx, *meeting, past);
    const auto decisions = meetingDecisions(ctx.snapshot, *meeting);

    if (m_showList) {
        ImGui::BeginChild("decision-list", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        dragToScroll();
        wrappedText(ctx.fonts.heading, color::kAccent, tr("decision_list"));
        ImGui::Spacing();
        if (decisions.empty()) wrappedText(ctx.fonts.body, color::kTextDim, tr("no_decisions_yet"));
        drawDecisionLines(ctx, decisions, true);
        ImGui::EndChild();
        return;
    }

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool portrait = avail.y > avail.x;
    const ImGuiStyle& style = ImGui::GetStyle();
    // The agenda gets most of the room while the decisions pane has nothing to show yet,
    // and half of it while the chair decides the current item.
    const bool quiet = decisions.empty() && !currentOrder();
    const bool choosing = currentOrder() && m_itemDecision.choosing(); // as in the last frame
    const float share = choosing ? 0.5f : quiet ? 0.72f : 0.6f;
    const ImVec2 agendaSize = portrait
                                  ? ImVec2(avail.x, (avail.y - style.ItemSpacing.y) * (quiet ? 0.78f : share))
                                  : ImVec2((avail.x - style.ItemSpacing.x) * share, avail.y);
    drawAgenda(ctx, board, *meeting, agendaSize, past);
    if (!portrait) ImGui::SameLine();
    // While the chair chooses, the record button sits under the scrolling choices, never
    // scrolled out of view.
    const float recordHeight = tapSize(96, ctx.u);
    ImVec2 paneSize = ImGui::GetContentRegionAvail();
    if (choosing) paneSize.y -= recordHeight + style.ItemSpacing.y;
    const ImVec2 paneAt = ImGui::GetCursorPos();
    ImGui::BeginChild("meeting-decisions", paneSize, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    dragToScroll();
    drawCurrentItemDecision(ctx, *meeting);
    wrappedText(ctx.fonts.heading, color::kText, tr("decisions_in_meeting"));
    mark(ctx.uiMap, "meeting.decisions.title", tr("decisions_in_meeting"));
    ImGui::Spacing();
    if (decisions.empty()) wrappedText(ctx.fonts.body, color::kTextDim, tr("no_decisions_yet"));
    drawDecisionLines(ctx, decisions, false);
    ImGui::EndChild();
    if (choosing && m_itemDecision.choosing()) {
        ImGui::SetCursorPos(ImVec2(paneAt.x, paneAt.y + paneSize.y + style.ItemSpacing.y));
        m_itemDecision.drawRecordButton(ctx, recordHeight); // as wide as the pane: to the right edge
    }
}

void MeetingScreen::drawCurrentItemDecision(const UiContext& ctx, const Meeting& meeting) {
    const AgendaItem* item = nullptr;
    for (const auto& i : meeting.agenda)
        if (currentOrder() == i.order) item = &i;
    if (!item) return;
    if (item->escalation) {
        // Decided where its options are; in chair mode one tap away.
        if (!ctx.commands.chairActive()) return;
        ImGui::PushFont(ctx.fonts.body);
        const bool go = ImGui::Button(tr("decide_escalation"),
                                      ImVec2(ImGui::GetContentRegionAvail().x, tapSize(72, ctx.u)));
        ImGui::PopFont();
        mark(ctx.uiMap, "item.escalation.open", tr("decide_escalation"));
        if (tapped(go, ctx.u)) ctx.commands.showScreen("escalaties:" + *item->escalation);
    } else {
        m_itemDecision.draw(ctx, meeting, *item);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
}

void MeetingScreen::drawHeader(const UiContext& ctx, const Meeting& meeting, bool past) {
    const float u = ctx.u;
    const ImGuiStyle& style = ImGui::GetStyle();
    const char* toggle = m_showList ? tr("show_agenda") : tr("decision_list");
    ImGui::PushFont(ctx.fonts.body);
    const float buttonWidth = ImGui::CalcTextSize(toggle).x + 2 * style.FramePadding.x;
    ImGui::PopFont();
    const float textWidth = ImGui::GetContentRegionAvail().x - buttonWidth - style.ItemSpacing.x;
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(left + textWidth);
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::TextUnformatted(meeting.title.c_str());
    ImGui::PopFont();
    mark(ctx.uiMap, "meeting.title", meeting.title);
    ImGui::PushFont(ctx.fonts.body);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kTextDim);
    const std::string meta = (past ? std::string(tr("last_meeting")) + ": " : std::string()) +
                             formatDateTime(meeting.startsAt) + "  \u00B7  " + meeting.location +
                             "  \u00B7  " + tr("chair") + ": " + meeting.chair;
    ImGui::TextUnformatted(meta.c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    mark(ctx.uiMap, "meeting.meta", meta);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SameLine(left + textWidth + style.ItemSpacing.x);
    ImGui::PushFont(ctx.fonts.body);
    ImGui::PushStyleColor(ImGuiCol_Button, m_showList ? color::kAccent : color::kPanelHigh);
    const bool clicked = ImGui::Button(toggle, ImVec2(buttonWidth, tapSize(72, u)));
    ImGui::PopStyleColor();
    ImGui::PopFont();
    mark(ctx.uiMap, "meeting.toggle_list", toggle);
    if (tapped(clicked, u)) m_showList = !m_showList;
    ImGui::Spacing();
}

void MeetingScreen::drawAgenda(const UiContext& ctx, const BoardData& board, const Meeting& meeting,
                               ImVec2 size, bool past) {
    const float u = ctx.u;
    ImGui::BeginChild("agenda", size, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    dragToScroll();
    wrappedText(ctx.fonts.heading, color::kText, tr("agenda"));
    wrappedText(ctx.fonts.small, color::kTextDim,
                ctx.commands.chairActive() ? tr("tap_current") : tr("current_by_chair"));
    ImGui::Spacing();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = 14 * u;
    const float numberWidth = 70 * u;
    const float gap = 8 * u;
    // The open actions of earlier meetings are reviewed right after the opening, as
    // besluitenlijst and actielijst usually are: an item of their own after the first.
    bool reviewed = past;
    for (const AgendaItem& item : meeting.agenda) {
        if (!reviewed && &item != &meeting.agenda.front()) {
            drawActionReview(ctx, meeting, numberWidth, pad);
            reviewed = true;
        }
        const bool current = currentOrder() == item.order;
        const float width = ImGui::GetContentRegionAvail().x;
        const float textWidth = width - numberWidth - 2 * pad;
        ImFont* titleFont = current ? ctx.fonts.heading : ctx.fonts.body;
        std::vector<TextRun> status = itemStatus(ctx, board, item);
        if (current)
            status.insert(status.begin(),
                          {ctx.fonts.small, color::kAccent, "\u25B6 " + std::string(tr("now"))});
        const float titleHeight = paragraph(nullptr, {}, textWidth, titleFont, 0, item.title);
        const float statusHeight =
            status.empty() ? 0.0f : gap + flowRuns(nullptr, {}, textWidth, status, 10 * u);
        const float height = std::max(tapSize(72, u), 2 * pad + titleHeight + statusHeight);

        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::PushID(item.order);
        const bool clicked = ImGui::InvisibleButton("item", ImVec2(width, height));
        ImGui::PopID();
        mark(ctx.uiMap, "agenda." + std::to_string(item.order) + (current ? ".current" : ""), item.title);
        if (tapped(clicked, u) && ctx.commands.chairActive()) {
            // The chair marks it for the room (a second tap: none); others only look.
            m_localOrder = current ? std::nullopt : std::optional<int>(item.order);
            ctx.commands.setCurrentItem(meeting.id, *m_localOrder);
        }
        if (current && m_scrollToCurrent) {
            ImGui::SetScrollHereY(0.3f);
            m_scrollToCurrent = false;
        }
        const ImVec2 end(pos.x + width, pos.y + height);
        const bool held = ImGui::IsItemActive();
        dl->AddRectFilled(pos, end, current || held ? color::kPanelHigh : color::kBackground, 12 * u);
        if (current) {
            dl->AddRect(pos, end, color::kAccent, 12 * u, 0, 4 * u);
            dl->AddRectFilled(pos, ImVec2(pos.x + 12 * u, end.y), color::kAccent, 12 * u,
                              ImDrawFlags_RoundCornersLeft);
        }
        ImFont* numberFont = ctx.fonts.heading;
        const std::string number = std::to_string(item.order);
        dl->AddText(numberFont, numberFont->FontSize, ImVec2(pos.x + pad + 8 * u, pos.y + pad),
                    current ? color::kText : color::kTextDim, number.c_str());
        const float x = pos.x + pad + numberWidth;
        paragraph(dl, ImVec2(x, pos.y + pad), textWidth, titleFont, color::kText, item.title);
        if (!status.empty())
            flowRuns(dl, ImVec2(x, pos.y + pad + titleHeight + gap), textWidth, status, 10 * u);
    }
    if (!reviewed) drawActionReview(ctx, meeting, numberWidth, pad);
    ImGui::EndChild();
}

void MeetingScreen::drawActionReview(const UiContext& ctx, const Meeting& meeting, float numberWidth,
                                     float pad) {
    // A tap shows them on Acties.
    const auto day = std::chrono::floor<std::chrono::days>(ctx.now).time_since_epoch().count();
    if (m_reviewVersion != ctx.snapshot.version || m_reviewDay != day || m_reviewMeeting != meeting.id) {
        m_review = actionsToReview(ctx.snapshot, meeting, ctx.now); // not per frame
        m_reviewVersion = ctx.snapshot.version;
        m_reviewDay = day;
        m_reviewMeeting = meeting.id;
    }
    const ActionReview review = m_review;
    if (review.open == 0) return;
    const float u = ctx.u;
    const float width = ImGui::GetContentRegionAvail().x;
    const float textWidth = width - numberWidth - 2 * pad;
    const std::string title = tr("review_actions");
    std::vector<TextRun> status{
        {ctx.fonts.small, color::kTextDim, std::to_string(review.open) + " " + tr("open_lower")}};
    if (review.overdue > 0)
        status.push_back({ctx.fonts.small, color::kBad,
                          "\u26A0 " + std::to_string(review.overdue) + " " + tr("overdue_lower")});
    const float titleHeight = paragraph(nullptr, {}, textWidth, ctx.fonts.body, 0, title);
    const float height = std::max(tapSize(72, u), 2 * pad + titleHeight + 8 * u +
                                                      flowRuns(nullptr, {}, textWidth, status, 10 * u));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool clicked = ImGui::InvisibleButton("open-actions", ImVec2(width, height));
    mark(ctx.uiMap, "agenda.actions",
         title + " | " + std::to_string(review.open) + " | " + std::to_string(review.overdue));
    if (tapped(clicked, u)) ctx.commands.showScreen("acties");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(pos.x + width, pos.y + height);
    dl->AddRectFilled(pos, end, ImGui::IsItemActive() ? color::kPanelHigh : color::kBackground, 12 * u);
    dl->AddRect(pos, end, color::kPanelHigh, 12 * u, 0, 2 * u);
    dl->AddText(ctx.fonts.heading, ctx.fonts.heading->FontSize, ImVec2(pos.x + pad + 8 * u, pos.y + pad),
                color::kTextDim, "A");
    const float x = pos.x + pad + numberWidth;
    paragraph(dl, ImVec2(x, pos.y + pad), textWidth, ctx.fonts.body, color::kText, title);
    flowRuns(dl, ImVec2(x, pos.y + pad + titleHeight + 8 * u), textWidth, status, 10 * u);
}

} // namespace regiebord::ui

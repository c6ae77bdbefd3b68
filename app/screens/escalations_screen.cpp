#include "escalations_screen.hpp"

#include "clock.hpp"
#include "decision_widgets.hpp"
#include "format.hpp"
#include "i18n.hpp"
#include "meetings.hpp"
#include "panel.hpp"
#include "text_flow.hpp"
#include "touch_scroll.hpp"
#include "view_model.hpp"

#include <array>

namespace regiebord::ui {

std::string outcomeLabel(const Escalation& e, Outcome outcome, const std::optional<std::string>& optionId) {
    if (outcome == Outcome::Option && optionId) {
        for (const auto& o : e.options)
            if (o.id == *optionId) return o.label;
        return *optionId;
    }
    return tr("outcome." + std::string(toWire(outcome)));
}

namespace {
struct NotePhrase {
    const char* key;
    const char* stored;
};
constexpr std::array<NotePhrase, 4> kNotePhrases{{
    {trKey("note.conditions"), "Onder voorwaarden; uitwerking door de ambtelijke werkgroep."},
    {trKey("note.next_meeting"), "Terug op de agenda van de volgende vergadering."},
    {trKey("note.inform_councils"), "Raden en besturen worden schriftelijk geïnformeerd."},
    {trKey("note.tenants"), "Na advies van de huurdersorganisaties."},
}};
} // namespace

bool EscalationsScreen::openDetail(const std::string& escalationId) {
    m_openId = escalationId;
    m_choice.reset();
    m_confirmRequested = false;
    return true;
}

void EscalationsScreen::reset() {
    m_openId.clear();
    m_choice.reset();
    m_confirmRequested = false;
}

void EscalationsScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    if (!m_openId.empty() && !m_pager.active()) {
        if (const Escalation* e = board.findEscalation(m_openId)) {
            drawDetail(ctx, board, *e);
            return;
        }
        reset(); // it left the board: back to the list
    }
    drawList(ctx, board);
}

namespace {

std::string ageText(const UiContext& ctx, const std::string& timestamp) {
    const auto at = parseTimestamp(timestamp);
    if (!at) return {};
    return formatAgo(std::chrono::duration_cast<std::chrono::seconds>(ctx.now - *at));
}

ImU32 viewColor(DecisionView v) {
    switch (v) {
    case DecisionView::Confirmed:
    case DecisionView::DecidedElsewhere:
        return color::kGood;
    case DecisionView::Conflict:
    case DecisionView::NeedsAttention:
    case DecisionView::Refused:
        return color::kBad;
    default:
        return color::kWarn;
    }
}

const char* viewText(DecisionView v) {
    switch (v) {
    case DecisionView::Recording:
        return tr("recording");
    case DecisionView::Pending:
        return tr("pending");
    case DecisionView::Sending:
        return tr("sending");
    case DecisionView::Confirmed:
        return tr("confirmed");
    case DecisionView::Conflict:
        return tr("conflict");
    case DecisionView::NeedsAttention:
        return tr("needs_attention");
    case DecisionView::Refused:
        return tr("refused");
    case DecisionView::DecidedElsewhere:
        return tr("decided_elsewhere");
    case DecisionView::HeldOver:
        return tr("held_over");
    case DecisionView::Open:
        return "";
    }
    return "";
}

std::string viewName(DecisionView v) {
    constexpr std::array<const char*, 10> names{"open",      "recording", "pending",         "sending",
                                                "confirmed", "conflict",  "needs_attention", "refused",
                                                "decided",   "held_over"};
    return names.at(static_cast<std::size_t>(v));
}

} // namespace

void EscalationsScreen::drawList(const UiContext& ctx, const BoardData& board) {
    const float u = ctx.u;
    const bool signage = m_pager.active();
    const auto sorted = unresolvedEscalationsSorted(board);
    if (signage && !sorted.empty()) m_pager.drawIndicator(ctx);
    m_pager.beginList("escalation-list", "escalation-pages");
    if (sorted.empty()) wrappedText(ctx.fonts.heading, color::kGood, tr("none_open"));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImGuiStyle& style = ImGui::GetStyle();
    std::vector<Span> spans;
    for (const Escalation* e : sorted) {
        const float width = ImGui::GetContentRegionAvail().x;
        const float pad = 28 * u;
        const StatusLook sev = look(e->severity);
        const std::string badgeText = std::string(sev.icon) + " " + sev.word;
        const float badgeW =
            ctx.fonts.heading->CalcTextSizeA(ctx.fonts.heading->FontSize, FLT_MAX, 0, badgeText.c_str()).x;
        // The title wraps to two lines beside the severity before it is cut (with "…").
        const float titleWidth = std::max(1.0f, width - 2 * pad - badgeW - 20 * u);
        const auto [title1, title2] = splitTitle(ctx.fonts.heading, e->title, titleWidth);
        const float titleHeight = ctx.fonts.heading->FontSize * (title2.empty() ? 1.0f : 2.0f);
        const Party* raiser = board.findParty(e->raisedBy);
        std::string meta = std::string(tr("level." + std::string(toWire(e->level)))) + "  ·  " +
                           tr("raised_by") + " " + (raiser ? raiser->shortName : e->raisedBy) + "  ·  " +
                           ageText(ctx, e->raisedAt);
        const DecisionView view = decisionView(*e, ctx.snapshot, {});
        if (view != DecisionView::Open) meta += "  ·  " + std::string(viewText(view));
        const float metaY = 16 * u + titleHeight + style.ItemSpacing.y;
        const float metaHeight = paragraph(nullptr, {}, width - 2 * pad, ctx.fonts.body, 0, meta);
        const float height = metaY + metaHeight + 16 * u;
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        spans.push_back({ImGui::GetCursorPosY(), ImGui::GetCursorPosY() + height});
        ImGui::PushID(e->id.c_str());
        const bool clicked = ImGui::InvisibleButton("card", ImVec2(width, height));
        ImGui::PopID();
        mark(ctx.uiMap, "escalation.open." + e->id, e->title);
        if (tapped(clicked, u) && !signage) openDetail(e->id);
        const bool held = ImGui::IsItemActive();
        dl->AddRectFilled(pos, ImVec2(pos.x + width, pos.y + height),
                          held ? color::kPanelHigh : color::kPanel, 14 * u);
        dl->AddRectFilled(pos, ImVec2(pos.x + 10 * u, pos.y + height), sev.color, 14 * u,
                          ImDrawFlags_RoundCornersLeft);
        const ImVec2 badgePos(pos.x + width - pad - badgeW, pos.y + 16 * u);
        dl->AddText(ctx.fonts.heading, ctx.fonts.heading->FontSize, badgePos, sev.color, badgeText.c_str());
        ImGui::PushFont(ctx.fonts.heading);
        ImGui::SetCursorScreenPos(ImVec2(pos.x + pad, pos.y + 16 * u));
        ellipsisText(title1, titleWidth);
        if (!title2.empty()) {
            ImGui::SetCursorScreenPos(ImVec2(pos.x + pad, pos.y + 16 * u + ctx.fonts.heading->FontSize));
            ellipsisText(title2, titleWidth);
        }
        ImGui::PopFont();
        mark(ctx.uiMap, "escalation.title." + e->id, e->title);
        paragraph(dl, ImVec2(pos.x + pad, pos.y + metaY), width - 2 * pad, ctx.fonts.body,
                  view == DecisionView::Open ? color::kTextDim : viewColor(view), meta);
        ImGui::SetCursorScreenPos(ImVec2(pos.x, pos.y + height + style.ItemSpacing.y));
    }
    if (signage) m_pager.apply(spans);
    ImGui::EndChild();
}

void EscalationsScreen::drawDetail(const UiContext& ctx, const BoardData& board, const Escalation& e) {
    const float u = ctx.u;
    ImGui::PushFont(ctx.fonts.body);
    if (ImGui::Button((std::string("\u2190 ") + tr("back")).c_str(), ImVec2(0, tapSize(64, u)))) reset();
    ImGui::PopFont();
    mark(ctx.uiMap, "escalation.back");
    if (m_openId.empty()) return;
    ImGui::SameLine();
    badge(look(e.severity), ctx.fonts.body, u);
    ImGui::SameLine();
    badge({color::kPanelHigh, "\u25A0", tr("level." + std::string(toWire(e.level)))}, ctx.fonts.body, u);
    wrappedText(ctx.fonts.heading, color::kText, e.title);
    mark(ctx.uiMap, "escalation.detail." + e.id, e.title);

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool portrait = avail.y > avail.x;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 left =
        portrait ? ImVec2(avail.x, avail.y * 0.45f) : ImVec2((avail.x - gap) * 0.55f, avail.y);
    const ImVec2 right = portrait ? ImVec2(avail.x, avail.y * 0.55f - ImGui::GetStyle().ItemSpacing.y)
                                  : ImVec2(avail.x - left.x - gap, avail.y);

    ImGui::BeginChild("context", left, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    dragToScroll();
    const Party* raiser = board.findParty(e.raisedBy);
    wrappedText(ctx.fonts.body, color::kTextDim,
                std::string(tr("raised_by")) + " " + (raiser ? raiser->name : e.raisedBy) + " · " +
                    formatDateTime(e.raisedAt));
    if (e.agreement) {
        if (const Agreement* a = board.findAgreement(*e.agreement))
            wrappedText(ctx.fonts.body, color::kTextDim, std::string(tr("agreements")) + ": " + a->title);
    }
    // The escalation ladder, this escalation's step lit: where "doorverwezen" takes it next.
    ImGui::Spacing();
    ImGui::PushFont(ctx.fonts.body);
    for (const auto name : EnumNames<EscalationLevel>::names) {
        const bool here = name == toWire(e.level);
        if (name != EnumNames<EscalationLevel>::names.front()) {
            ImGui::SameLine();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color::kTextDim), "\u203A");
            ImGui::SameLine();
        }
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(here ? color::kAccent : color::kTextDim), "%s",
                           tr("level." + std::string(name)));
        if (here) mark(ctx.uiMap, "escalation.ladder.current", tr("level." + std::string(name)));
    }
    ImGui::PopFont();
    ImGui::Spacing();
    wrappedText(ctx.fonts.heading, color::kAccent, tr("question"));
    wrappedText(ctx.fonts.body, color::kText, e.question);
    mark(ctx.uiMap, "escalation.question");
    if (!e.history.empty()) {
        ImGui::Spacing();
        wrappedText(ctx.fonts.heading, color::kAccent, tr("history"));
        for (const auto& h : e.history)
            wrappedText(ctx.fonts.small, color::kTextDim, formatDate(h.at.substr(0, 10)) + "  " + h.text);
    }
    ImGui::EndChild();
    if (!portrait) ImGui::SameLine();
    ImGui::BeginChild("decision", right, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    drawDecisionArea(ctx, board, e);
    ImGui::EndChild();
    drawConfirm(ctx, board, e);
}

void EscalationsScreen::drawDecisionArea(const UiContext& ctx, const BoardData& board, const Escalation& e) {
    const float u = ctx.u;
    if (const auto held = ctx.commands.heldSecondsLeft(e.id)) {
        // In the undo window: nothing is recorded yet, and the room can see that.
        wrappedText(ctx.fonts.heading, color::kAccent, tr("decision"));
        if (m_heldLabel.count(e.id)) wrappedText(ctx.fonts.big, color::kText, m_heldLabel[e.id]);
        ImGui::Spacing();
        const std::string text = std::string(tr("held_for")) + " " + std::to_string(*held) + " s";
        wrappedText(ctx.fonts.heading, color::kWarn, text);
        mark(ctx.uiMap, "decision.state.held", text);
        ImGui::Spacing();
        ImGui::PushFont(ctx.fonts.heading);
        const bool undo =
            ImGui::Button((std::string(tr("undo")) + " (" + std::to_string(*held) + " s)").c_str(),
                          ImVec2(ImGui::GetContentRegionAvail().x, tapSize(96, u)));
        ImGui::PopFont();
        mark(ctx.uiMap, "decision.undo");
        if (tapped(undo, u)) ctx.commands.undoDecision(e.id);
        return;
    }
    const std::string submitted = ctx.commands.submittedKey(e.id);
    const DecisionView view = decisionView(e, ctx.snapshot, submitted);
    if (view == DecisionView::Open) {
        drawChoices(ctx, e);
        return;
    }
    if (view == DecisionView::HeldOver) {
        // Held over (aangehouden): said so, then the choices again for the follow-up decision.
        drawChoices(ctx, e, true);
        return;
    }
    wrappedText(ctx.fonts.heading, color::kAccent, tr("decision"));
    std::string label;
    if (const OutboxItem* item = ctx.snapshot.outboxFor(e.id)) {
        label = outcomeLabel(e, item->request.outcome, item->request.optionId);
    } else {
        for (const auto& d : board.decisions)
            if (d.request.escalationId == e.id)
                label = outcomeLabel(e, d.request.outcome, d.request.optionId);
        if (label.empty()) label = tr("escstatus." + std::string(toWire(e.status)));
    }
    wrappedText(ctx.fonts.big, color::kText, label);
    mark(ctx.uiMap, "decision.label", label);
    ImGui::Spacing();
    wrappedText(ctx.fonts.heading, viewColor(view), viewText(view));
    mark(ctx.uiMap, "decision.state." + viewName(view), viewText(view));
    // What went wrong, in the room's words; the technical detail is on the device
    // screen (chair mode) and in the journal.
    if (const OutboxItem* item = ctx.snapshot.outboxFor(e.id);
        item && !item->lastError.empty() && view != DecisionView::Confirmed) {
        const char* sentence =
            item->state == OutboxState::NeedsAttention || item->state == OutboxState::Conflict
                ? tr("hub_declined_decision")
                : tr("send_retrying");
        wrappedText(ctx.fonts.body, color::kTextDim, sentence);
        mark(ctx.uiMap, "decision.problem", sentence);
    }
    if (view == DecisionView::Refused && !submitted.empty() && ctx.snapshot.refusalFor(submitted)) {
        wrappedText(ctx.fonts.body, color::kTextDim, tr("not_recorded_hint"));
        mark(ctx.uiMap, "decision.problem", tr("not_recorded_hint"));
    }
}

void EscalationsScreen::drawChoices(const UiContext& ctx, const Escalation& e, bool heldOver) {
    const float u = ctx.u;
    if (heldOver) {
        wrappedText(ctx.fonts.heading, color::kWarn, tr("held_over"));
        mark(ctx.uiMap, "decision.state.held_over", tr("held_over"));
        wrappedText(ctx.fonts.body, color::kTextDim, tr("held_over_hint"));
    }
    wrappedText(ctx.fonts.heading, color::kAccent, tr("options"));
    // The options (and outcomes) scroll; the button below them stays on screen.
    const float buttonHeight = tapSize(88, u);
    const float choicesHeight =
        std::max(ImGui::GetContentRegionAvail().y - buttonHeight - ImGui::GetStyle().ItemSpacing.y, 72 * u);
    if (!ctx.commands.chairActive()) {
        // Outside chair mode the options are read, never chosen: a stray touch decides nothing.
        m_choice.reset();
        ImGui::BeginChild("choices", ImVec2(0, choicesHeight), false, ImGuiWindowFlags_NoBackground);
        dragToScroll();
        for (const auto& option : e.options)
            wrappedText(ctx.fonts.body, color::kText, "\xE2\x80\xA2 " + option.label); // bullet
        ImGui::Spacing();
        wrappedText(ctx.fonts.body, color::kTextDim, tr("chair_needed"));
        ImGui::EndChild();
        ImGui::PushFont(ctx.fonts.heading);
        const bool open =
            ImGui::Button(tr("chair_open"), ImVec2(ImGui::GetContentRegionAvail().x, buttonHeight));
        ImGui::PopFont();
        mark(ctx.uiMap, "chair.open");
        if (tapped(open, u)) ctx.commands.requestChair();
        return;
    }
    ImGui::BeginChild("choices", ImVec2(0, choicesHeight), false, ImGuiWindowFlags_NoBackground);
    dragToScroll();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float pad = 22 * u;
    for (const auto& option : e.options) {
        const float width = ImGui::GetContentRegionAvail().x;
        const float textWidth = width - 2 * pad;
        const float height = wrappedHeight(ctx.fonts.body, option.label.c_str(), textWidth) + 2 * pad;
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        const bool chosen = m_choice && m_choice->optionId == option.id;
        ImGui::PushID(option.id.c_str());
        const bool clicked =
            ImGui::InvisibleButton("option", ImVec2(width, std::max(height, tapSize(72, u))));
        ImGui::PopID();
        mark(ctx.uiMap, "option." + option.id, option.label);
        if (tapped(clicked, u)) m_choice = Choice{Outcome::Option, option.id, option.label};
        dl->AddRectFilled(pos, ImGui::GetItemRectMax(), chosen ? color::kAccent : color::kPanelHigh, 12 * u);
        if (chosen) dl->AddRect(pos, ImGui::GetItemRectMax(), color::kText, 12 * u, 0, 4 * u);
        dl->AddText(ctx.fonts.body, ctx.fonts.body->FontSize, ImVec2(pos.x + pad, pos.y + pad), color::kText,
                    option.label.c_str(), nullptr, textWidth);
    }
    ImGui::Spacing();
    wrappedText(ctx.fonts.body, color::kTextDim, tr("standard_outcomes"));
    constexpr std::array kStandard{Outcome::Akkoord, Outcome::Afgewezen, Outcome::Aangehouden,
                                   Outcome::Doorverwezen};
    const float w = columnWidth(2);
    ImGui::PushFont(ctx.fonts.body);
    for (std::size_t i = 0; i < kStandard.size(); ++i) {
        const Outcome o = kStandard[i];
        std::string label = outcomeLabel(e, o, std::nullopt);
        if (o == Outcome::Doorverwezen) {
            // Referring moves it up the ladder: say where to; at the top there is no higher step.
            const auto next = nextLevel(e.level);
            if (!next) continue;
            label += " \u2192 " + std::string(tr("level." + std::string(toWire(*next))));
        }
        const bool chosen = m_choice && m_choice->outcome == o;
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::ColorConvertU32ToFloat4(chosen ? color::kAccent : color::kPanelHigh));
        const bool clicked = ImGui::Button(label.c_str(), ImVec2(w, tapSize(72, u)));
        ImGui::PopStyleColor();
        mark(ctx.uiMap, "outcome." + std::string(toWire(o)), label);
        if (tapped(clicked, u)) m_choice = Choice{o, std::nullopt, label};
        if (i % 2 == 0) ImGui::SameLine();
    }
    ImGui::PopFont();
    ImGui::EndChild();
    if (recordButton(ctx, m_choice.has_value(), buttonHeight, "decision.record")) m_confirmRequested = true;
}

void EscalationsScreen::drawConfirm(const UiContext& ctx, const BoardData& board, const Escalation& e) {
    const float u = ctx.u;
    if (!beginConfirmDialog("confirm-decision", m_confirmRequested, u)) return;
    wrappedText(ctx.fonts.heading, color::kAccent, tr("confirm_title"));
    wrappedText(ctx.fonts.body, color::kTextDim, e.title);
    ImGui::Spacing();
    wrappedText(ctx.fonts.big, color::kText, m_choice ? m_choice->label : std::string());
    ImGui::Spacing();
    // An optional short note, chosen from preset phrases (no typing at the table).
    wrappedText(ctx.fonts.body, color::kTextDim, tr("note_optional"));
    ImGui::PushFont(ctx.fonts.body);
    for (std::size_t i = 0; i < kNotePhrases.size(); ++i) {
        const char* label = tr(kNotePhrases[i].key);
        if (i > 0) {
            const float needed = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + needed <=
                ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
                ImGui::SameLine();
        }
        const bool chosen = m_note == static_cast<int>(i);
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::ColorConvertU32ToFloat4(chosen ? color::kAccent : color::kPanelHigh));
        const bool clicked = ImGui::Button(label, ImVec2(0, tapSize(64, u)));
        ImGui::PopStyleColor();
        mark(ctx.uiMap, "note." + std::to_string(i), label);
        if (tapped(clicked, u)) m_note = chosen ? -1 : static_cast<int>(i);
    }
    ImGui::PopFont();
    ImGui::Spacing();
    ImGui::Spacing();
    if (confirmButtons(ctx, "confirm.") == ConfirmAnswer::Confirm && m_choice && ctx.commands.chairActive()) {
        DecisionRequest request;
        request.escalationId = e.id;
        request.outcome = m_choice->outcome;
        request.optionId = m_choice->optionId;
        // The note is stored in the board's language (Dutch), whatever the screen shows.
        if (m_note >= 0) request.note = kNotePhrases[static_cast<std::size_t>(m_note)].stored;
        m_note = -1;
        request.decidedAt = utcNow();
        // Filed under the meeting in session (whatever its agenda says), else the meeting
        // the escalation is on the agenda of.
        const Meeting* meeting = meetingInSession(board, std::chrono::system_clock::now());
        if (!meeting && e.meeting) meeting = board.findMeeting(*e.meeting);
        if (meeting) request.meetingId = meeting->id;
        request.decidedBy = meeting ? meeting->chair : std::string("Voorzitter");
        m_heldLabel[e.id] = m_choice->label;
        ctx.commands.holdDecision(request);
        m_choice.reset();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace regiebord::ui

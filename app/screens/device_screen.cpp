#include "device_screen.hpp"

#include "format.hpp"
#include "i18n.hpp"
#include "panel.hpp"
#include "touch_scroll.hpp"

#include <imgui.h>

#include <algorithm>

namespace regiebord::ui {

namespace {

/// One "label  value" row: the label in a column of its own, the value wrapping beside it.
void row(const UiContext& ctx, const char* label, const std::string& value, const std::string& mapName,
         ImU32 tone = color::kText) {
    const float labelWidth = std::min(300 * ctx.u, ImGui::GetContentRegionAvail().x * 0.4f);
    const float y = ImGui::GetCursorPosY();
    ImGui::PushFont(ctx.fonts.small);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + labelWidth - 12 * ctx.u);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color::kTextDim));
    ImGui::SetCursorPosY(y + (ctx.fonts.body->FontSize - ctx.fonts.small->FontSize) * 0.5f);
    ImGui::TextWrapped("%s", label);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    const float labelBottom = ImGui::GetCursorPosY();
    ImGui::SameLine(labelWidth + ImGui::GetStyle().WindowPadding.x);
    ImGui::SetCursorPosY(y);
    wrappedText(ctx.fonts.body, tone, value.empty() ? std::string("\xE2\x80\x94") : value); // em dash
    mark(ctx.uiMap, "device." + mapName, value);
    if (ImGui::GetCursorPosY() < labelBottom) ImGui::SetCursorPosY(labelBottom);
}

std::string when(const UiContext& ctx, const std::optional<WallClock::time_point>& at) {
    if (!at) return tr("never");
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(ctx.now - *at);
    return formatClock(*at) + " (" + formatAgo(age) + ")";
}

} // namespace

void DeviceScreen::draw(const UiContext& ctx) {
    const float u = ctx.u;
    const SyncStatus& s = ctx.snapshot.status;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool narrow = avail.x < avail.y;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 left(narrow ? avail.x : (avail.x - spacing) * 0.55f, narrow ? avail.y * 0.6f : avail.y);
    const ImVec2 right(narrow ? avail.x : avail.x - left.x - spacing,
                       narrow ? avail.y - left.y - spacing : avail.y);

    ImGui::BeginChild("device-info", left, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    wrappedText(ctx.fonts.heading, color::kAccent, tr("device"));
    ImGui::PushFont(ctx.fonts.heading);
    const bool syncNow =
        ImGui::Button(tr("device.sync_now"), ImVec2(ImGui::GetContentRegionAvail().x, tapSize(72, u)));
    ImGui::PopFont();
    mark(ctx.uiMap, "device.sync_now");
    if (tapped(syncNow, u)) ctx.commands.syncNow();
    ImGui::Spacing();
    row(ctx, tr("device.version"), m_info.version, "version");
    row(ctx, tr("device.id"), s.deviceId, "id");
    row(ctx, tr("device.hub"), m_info.hubUrl + "  (" + m_info.boardId + ")", "hub");
    if (!m_info.supportContact.empty()) row(ctx, tr("device.support"), m_info.supportContact, "support");
    row(ctx, tr("device.last_success"), when(ctx, s.lastSuccess), "last_success");
    row(ctx, tr("device.last_attempt"), when(ctx, s.lastAttempt), "last_attempt");
    row(ctx, tr("device.last_error"), s.lastError, "last_error",
        s.lastError.empty() ? color::kText : color::kBad);
    std::string clock = s.clockTrusted ? tr("device.clock_ok") : tr("clock_untrusted");
    if (s.clockOffset) clock += " (" + std::to_string(s.clockOffset->count()) + " s)";
    row(ctx, tr("device.clock"), clock, "clock", s.clockTrusted ? color::kText : color::kWarn);
    row(ctx, tr("device.state_dir"), m_info.stateDir, "state_dir");
    if (!s.cacheNotice.empty()) row(ctx, tr("device.cache"), s.cacheNotice, "cache", color::kWarn);
    if (!s.fault.empty()) row(ctx, tr("device.fault"), s.fault, "fault", color::kBad);
    dragToScroll();
    ImGui::EndChild();
    if (!narrow) ImGui::SameLine();

    ImGui::BeginChild("device-outbox", right, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
    wrappedText(ctx.fonts.heading, color::kAccent, tr("device.outbox"));
    if (ctx.snapshot.outbox.empty()) wrappedText(ctx.fonts.body, color::kTextDim, tr("device.outbox_empty"));
    const BoardData* board = ctx.snapshot.board.get();
    // Newest first: what the chair just did is on top.
    for (auto it = ctx.snapshot.outbox.rbegin(); it != ctx.snapshot.outbox.rend(); ++it) {
        const OutboxItem& item = *it;
        const Escalation* e = board ? board->findEscalation(item.request.escalationId) : nullptr;
        wrappedText(ctx.fonts.body, color::kText, e ? e->title : item.request.escalationId);
        wrappedText(ctx.fonts.small, outboxStateColor(item.state),
                    std::string(outboxStateText(item.state)) + " \xC2\xB7 " +
                        formatDateTime(item.request.decidedAt));
        if (!item.lastError.empty() && item.state != OutboxState::Confirmed)
            wrappedText(ctx.fonts.small, color::kTextDim, item.lastError);
        mark(ctx.uiMap, "device.outbox." + item.idempotencyKey, outboxStateText(item.state));
        ImGui::Spacing();
    }
    dragToScroll();
    ImGui::EndChild();
}

} // namespace regiebord::ui

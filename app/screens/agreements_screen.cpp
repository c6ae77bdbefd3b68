#include "agreements_screen.hpp"

#include "format.hpp"
#include "i18n.hpp"
#include "view_model.hpp"

#include <string>

namespace regiebord::ui {

void dragToScroll() {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows |
                               ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        ImGui::IsMouseDragging(ImGuiMouseButton_Left, 8.0f)) {
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
    }
}

namespace {

void agreementCard(const UiContext& ctx, const BoardData& board, const Agreement& a) {
    const float u = ctx.u;
    const StatusLook l = look(a.status);
    const float height = ctx.fonts.heading->FontSize + ctx.fonts.body->FontSize * 2 + 76 * u;
    ImGui::PushID(a.id.c_str());
    ImGui::BeginChild("card", ImVec2(0, height), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                          ImGuiWindowFlags_AlwaysUseWindowPadding);
    const ImVec2 origin = ImGui::GetWindowPos();
    ImGui::GetWindowDrawList()->AddRectFilled(origin, ImVec2(origin.x + 10 * u, origin.y + height), l.color,
                                              14 * u, ImDrawFlags_RoundCornersLeft);
    const float right = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(ctx.fonts.heading);
    const float badgeWidth = ImGui::CalcTextSize((std::string(l.icon) + " " + l.word).c_str()).x + 24 * u;
    ImGui::PopFont();
    ImGui::PushFont(ctx.fonts.heading);
    ImGui::PushClipRect(
        ImGui::GetCursorScreenPos(),
        ImVec2(ImGui::GetCursorScreenPos().x + right - badgeWidth - 20 * u, origin.y + height), true);
    ImGui::TextUnformatted(a.title.c_str());
    ImGui::PopClipRect();
    ImGui::PopFont();
    mark(ctx.uiMap, "agreement." + a.id, a.title);
    ImGui::SameLine(right - badgeWidth + ImGui::GetStyle().WindowPadding.x);
    badge(l, ctx.fonts.heading, u);

    const Party* owner = board.findParty(a.owner);
    const std::string meta = std::string(tr("theme." + std::string(toWire(a.theme)))) + "  ·  " +
                             tr("owner") + ": " + (owner ? owner->shortName : a.owner) + "  ·  " +
                             tr("mandate." + std::string(toWire(a.mandate))) + "  ·  " + tr("deadline") +
                             " " + formatDate(a.target.deadline);
    ImGui::PushFont(ctx.fonts.body);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(color::kTextDim), "%s", meta.c_str());
    const float barWidth = right * 0.55f;
    const float q = a.target.quantity > 0 ? static_cast<float>(a.target.quantity) : 1.0f;
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + 6 * u);
    progressBar(static_cast<float>(a.progress.realised) / q, static_cast<float>(a.progress.inProgress) / q,
                ImVec2(barWidth, 26 * u), l.color);
    ImGui::SameLine();
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() - 6 * u);
    const std::string figures = formatNumber(a.progress.realised) + " " + tr("realised") + " + " +
                                formatNumber(a.progress.inProgress) + " " + tr("in_progress") + " / " +
                                formatNumber(a.target.quantity) + " " + a.target.unit;
    ImGui::TextUnformatted(figures.c_str());
    ImGui::PopFont();
    ImGui::EndChild();
    ImGui::PopID();
}

} // namespace

void AgreementsScreen::draw(const UiContext& ctx) {
    const BoardData& board = *ctx.snapshot.board;
    ImGui::BeginChild("agreement-list", ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);
    dragToScroll();
    for (const auto& a : board.agreements)
        agreementCard(ctx, board, a);
    ImGui::EndChild();
}

} // namespace regiebord::ui

#include "decision_widgets.hpp"

#include "i18n.hpp"
#include "panel.hpp"

#include <algorithm>

namespace regiebord::ui {

namespace {
constexpr ImU32 kOnGood = IM_COL32(0x10, 0x14, 0x20, 0xFF); ///< text on a green button
}

bool recordButton(const UiContext& ctx, bool ready, float height, const std::string& mapName) {
    ImGui::PushFont(ctx.fonts.body);
    ImGui::PushStyleColor(ImGuiCol_Button,
                          ImGui::ColorConvertU32ToFloat4(ready ? color::kGood : color::kPanelHigh));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ready ? kOnGood : color::kTextDim));
    const bool record = ImGui::Button(ready ? tr("record_decision") : tr("choose_first"),
                                      ImVec2(ImGui::GetContentRegionAvail().x, height));
    ImGui::PopStyleColor(2);
    ImGui::PopFont();
    mark(ctx.uiMap, mapName);
    return ready && tapped(record, ctx.u);
}

bool beginConfirmDialog(const char* id, bool& open, float u) {
    if (open) {
        ImGui::OpenPopup(id);
        open = false;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.9f, 1100 * u), 0));
    return ImGui::BeginPopupModal(
        id, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize);
}

ConfirmAnswer confirmButtons(const UiContext& ctx, const std::string& mapPrefix) {
    const float u = ctx.u;
    const float w = columnWidth(2);
    ImGui::PushFont(ctx.fonts.heading);
    const bool cancel = ImGui::Button(tr("cancel"), ImVec2(w, tapSize(96, u)));
    mark(ctx.uiMap, mapPrefix + "cancel");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::ColorConvertU32ToFloat4(color::kGood));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(kOnGood));
    const bool confirm = ImGui::Button(tr("confirm"), ImVec2(w, tapSize(96, u)));
    ImGui::PopStyleColor(2);
    ImGui::PopFont();
    mark(ctx.uiMap, mapPrefix + "ok");
    if (tapped(cancel, u)) {
        ImGui::CloseCurrentPopup();
        return ConfirmAnswer::Cancel;
    }
    return tapped(confirm, u) ? ConfirmAnswer::Confirm : ConfirmAnswer::None;
}

} // namespace regiebord::ui

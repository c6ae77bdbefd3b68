#include "theme.hpp"

#include "i18n.hpp"
#include "imgui_adapter.hpp"
#include "ui_map.hpp"

#include <algorithm>

namespace regiebord::ui {

StatusLook look(AgreementStatus status) {
    switch (status) {
    case AgreementStatus::OpKoers:
        return {color::kGood, "\u2713", tr("status.op_koers")};
    case AgreementStatus::Risico:
        return {color::kWarn, "\u26A0", tr("status.risico")};
    case AgreementStatus::Achter:
        return {color::kBad, "\u25BC", tr("status.achter")};
    case AgreementStatus::Gerealiseerd:
        return {color::kDone, "\u2605", tr("status.gerealiseerd")};
    case AgreementStatus::Vervallen:
        return {color::kMuted, "\u2715", tr("status.vervallen")};
    }
    return {color::kMuted, "?", "?"};
}

const char* outboxStateText(OutboxState state) {
    switch (state) {
    case OutboxState::Queued:
        return tr("pending");
    case OutboxState::Sending:
        return tr("sending");
    case OutboxState::Confirmed:
        return tr("confirmed");
    case OutboxState::Conflict:
        return tr("conflict");
    case OutboxState::NeedsAttention:
        return tr("needs_attention");
    }
    return "?";
}

ImU32 outboxStateColor(OutboxState state) {
    if (state == OutboxState::Confirmed) return color::kGood;
    if (state == OutboxState::Conflict || state == OutboxState::NeedsAttention) return color::kBad;
    return color::kWarn;
}

StatusLook look(Severity severity) {
    switch (severity) {
    case Severity::Laag:
        return {color::kMuted, "\u25CB", tr("severity.laag")};
    case Severity::Midden:
        return {color::kWarn, "\u25D0", tr("severity.midden")};
    case Severity::Hoog:
        return {color::kBad, "\u25CF", tr("severity.hoog")};
    case Severity::Kritiek:
        return {IM_COL32(0xFF, 0x2D, 0x55, 0xFF), "\u25B2", tr("severity.kritiek")};
    }
    return {color::kMuted, "?", "?"};
}

void applyStyle(float u) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = ImVec2(24 * u, 20 * u);
    style.FramePadding = ImVec2(20 * u, 14 * u);
    style.ItemSpacing = ImVec2(16 * u, 14 * u);
    style.ItemInnerSpacing = ImVec2(12 * u, 10 * u);
    style.ScrollbarSize = 28 * u;
    style.GrabMinSize = 40 * u;
    style.FrameRounding = 10 * u;
    style.ChildRounding = 14 * u;
    style.WindowRounding = 0;
    style.ScrollbarRounding = 14 * u;
    style.WindowBorderSize = 0;
    style.PopupBorderSize = 2;
    style.ChildBorderSize = 0;
    style.TouchExtraPadding = ImVec2(4 * u, 4 * u);
    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(color::kBackground);
    c[ImGuiCol_ChildBg] = ImGui::ColorConvertU32ToFloat4(color::kPanel);
    // Dialogs a shade darker than their buttons, with an outline, so every key reads as a key.
    c[ImGuiCol_PopupBg] = ImGui::ColorConvertU32ToFloat4(color::kPanel);
    c[ImGuiCol_Border] = ImGui::ColorConvertU32ToFloat4(color::kAccent);
    c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(color::kText);
    c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(color::kTextDim);
    c[ImGuiCol_Button] = ImGui::ColorConvertU32ToFloat4(color::kPanelHigh);
    c[ImGuiCol_ButtonHovered] = ImGui::ColorConvertU32ToFloat4(IM_COL32(0x36, 0x46, 0x6B, 0xFF));
    c[ImGuiCol_ButtonActive] = ImGui::ColorConvertU32ToFloat4(color::kAccent);
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0, 0, 0, 0.6f);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Separator] = ImGui::ColorConvertU32ToFloat4(color::kPanelHigh);
}

float badge(const StatusLook& l, ImFont* font, float u) {
    ImGui::PushFont(font);
    const std::string text = std::string(l.icon) + " " + l.word;
    const ImVec2 textSize = ImGui::CalcTextSize(text.c_str());
    const ImVec2 pad(12 * u, 4 * u);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size(textSize.x + 2 * pad.x, textSize.y + 2 * pad.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), l.color, 8 * u);
    // Dark text on the light amber/green, white on the rest, for contrast.
    const bool lightFill = l.color == color::kWarn || l.color == color::kGood;
    dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y),
                lightFill ? IM_COL32(0x10, 0x14, 0x20, 0xFF) : color::kText, text.c_str());
    ImGui::Dummy(size);
    noteTextFont(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), font, ImGui::GetFontSize());
    ImGui::PopFont();
    return size.x;
}

void progressBar(float realised, float inProgress, ImVec2 size, ImU32 fill) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float r = size.y * 0.5f;
    dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), color::kBackground, r);
    const float a = std::clamp(realised, 0.0f, 1.0f);
    const float b = std::clamp(realised + inProgress, 0.0f, 1.0f);
    if (b > a) {
        const ImVec4 f = ImGui::ColorConvertU32ToFloat4(fill);
        dl->AddRectFilled(pos, ImVec2(pos.x + size.x * b, pos.y + size.y),
                          ImGui::ColorConvertFloat4ToU32(ImVec4(f.x, f.y, f.z, 0.35f)), r);
    }
    if (a > 0) dl->AddRectFilled(pos, ImVec2(pos.x + std::max(size.x * a, size.y), pos.y + size.y), fill, r);
    ImGui::Dummy(size);
}

void wrappedText(ImFont* font, ImU32 c, const std::string& text) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str(), text.c_str() + text.size());
    noteTextFont(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), font, ImGui::GetFontSize());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopFont();
}

void ellipsisText(const std::string& text, float maxWidth) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float height = ImGui::GetTextLineHeight();
    const float right = pos.x + maxWidth;
    imgui_adapter::renderTextEllipsis(ImGui::GetWindowDrawList(), pos, ImVec2(right, pos.y + height), right,
                                      right, text.c_str(), text.c_str() + text.size());
    ImGui::Dummy(ImVec2(maxWidth, height));
    noteTextFont(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFont(), ImGui::GetFontSize());
}

ImU32 partyColor(std::uint32_t rgb) {
    return IM_COL32((rgb >> 16U) & 0xFFU, (rgb >> 8U) & 0xFFU, rgb & 0xFFU, 0xFF);
}

} // namespace regiebord::ui

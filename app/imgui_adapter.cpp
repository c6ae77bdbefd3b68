#include "imgui_adapter.hpp"

#include <imgui_internal.h>

namespace regiebord::ui::imgui_adapter {

namespace {
WindowState stateOf(const ImGuiWindow& w) {
    WindowState s;
    s.id = w.ID;
    s.name = w.Name;
    s.active = w.Active;
    s.wasActive = w.WasActive;
    s.child = (w.Flags & ImGuiWindowFlags_ChildWindow) != 0;
    s.pos = w.Pos;
    s.size = w.Size;
    s.scroll = w.Scroll;
    s.scrollMax = w.ScrollMax;
    s.contentSize = w.ContentSize;
    return s;
}
} // namespace

std::vector<WindowState> windows() {
    std::vector<WindowState> out;
    out.reserve(static_cast<std::size_t>(GImGui->Windows.Size));
    for (const ImGuiWindow* w : GImGui->Windows)
        out.push_back(stateOf(*w));
    return out;
}

std::optional<WindowState> activeChild(const std::string& name) {
    const std::string part = "/" + name + "_";
    for (const ImGuiWindow* w : GImGui->Windows)
        if (w->Active && std::string(w->Name).find(part) != std::string::npos) return stateOf(*w);
    return std::nullopt;
}

ImGuiID currentWindowId() {
    return ImGui::GetCurrentWindow()->ID;
}

std::pair<ImVec2, ImVec2> currentVisibleRect() {
    const ImRect r = ImGui::GetCurrentWindow()->InnerClipRect;
    return {r.Min, r.Max};
}

ImGuiID lastItemId() {
    return ImGui::GetItemID();
}

std::vector<ImGuiID> currentWindowChain() {
    std::vector<ImGuiID> chain;
    for (const ImGuiWindow* w = ImGui::GetCurrentWindow(); w; w = w->ParentWindow)
        chain.push_back(w->ID);
    return chain;
}

bool currentWindowHidden() {
    for (const ImGuiWindow* w = ImGui::GetCurrentWindow(); w; w = w->ParentWindow)
        if (w->Hidden) return true;
    return false;
}

float currentContentHeight() {
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    return window->DC.CursorMaxPos.y - window->DC.CursorStartPos.y;
}

bool modalPopupOpen() {
    return ImGui::GetTopMostPopupModal() != nullptr;
}

std::optional<std::array<float, 4>> modalPopupRect() {
    const ImGuiWindow* modal = ImGui::GetTopMostPopupModal();
    if (modal == nullptr) return std::nullopt;
    return std::array<float, 4>{modal->Pos.x, modal->Pos.y, modal->Size.x, modal->Size.y};
}

void setScrollY(ImGuiID window, float y) {
    if (ImGuiWindow* w = ImGui::FindWindowByID(window)) ImGui::SetScrollY(w, y);
}

void renderTextEllipsis(ImDrawList* drawList, ImVec2 min, ImVec2 max, float clipMaxX, float ellipsisMaxX,
                        const char* text, const char* textEnd) {
    ImGui::RenderTextEllipsis(drawList, min, max, clipMaxX, ellipsisMaxX, text, textEnd, nullptr);
}

} // namespace regiebord::ui::imgui_adapter

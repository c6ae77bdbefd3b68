#include "panel.hpp"

#include "imgui_adapter.hpp"

#include <algorithm>

namespace regiebord::ui {

namespace {
bool g_relayout = false;
} // namespace

void requestRelayout() {
    g_relayout = true;
}

bool takeRelayout() {
    const bool was = g_relayout;
    g_relayout = false;
    return was;
}

void endPanel() {
    const float content = imgui_adapter::currentContentHeight();
    const float room = ImGui::GetWindowContentRegionMax().y - ImGui::GetWindowContentRegionMin().y;
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID("##fit");
    const float scale = storage->GetFloat(key, 1.0f);
    float next = scale;
    if (content > room + 0.5f && scale > 0.5f)
        next = std::max(0.5f, scale * std::min(0.95f, room / content)); // shrink until it fits
    else if (content < room * 0.85f && scale < 1.0f)
        next = std::min(1.0f, scale * 1.05f); // grow back when there is room again
    if (next != scale) {
        storage->SetFloat(key, next);
        requestRelayout();
    }
    ImGui::EndChild();
}

} // namespace regiebord::ui

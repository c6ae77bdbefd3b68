#include "panel.hpp"

#include "imgui_adapter.hpp"
#include "room_profile.hpp"
#include "screen.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace regiebord::ui {

namespace {
bool g_relayout = false;
std::vector<std::string> g_panels;                ///< the panels begun and not yet ended
std::map<std::string, float, std::less<>> g_need; ///< the height each panel needed
float g_leftOut = 0;                              ///< what the current panel left out, px
} // namespace

void notePanelBegin(const char* id) {
    g_panels.emplace_back(id);
    g_leftOut = 0;
}

void panelLeftOut(float height) {
    g_leftOut += std::max(0.0f, height);
}

float panelNeed(const char* id) {
    const auto it = g_need.find(std::string_view(id));
    return it == g_need.end() ? 0.0f : it->second;
}

std::vector<float> splitByNeed(float total, float spacing, const std::vector<float>& needs,
                               const std::vector<bool>& flexible) {
    const std::size_t n = needs.size();
    std::vector<float> out(n, 0.0f);
    if (n == 0) return out;
    const float room = std::max(0.0f, total - spacing * float(n - 1));
    float known = 0;
    std::size_t unknown = 0;
    for (const float need : needs) {
        known += need;
        if (need <= 0) ++unknown;
    }
    if (unknown > 0) { // not measured yet: equal parts, for one frame
        std::fill(out.begin(), out.end(), room / float(n));
        return out;
    }
    if (known >= room) {
        for (std::size_t i = 0; i < n; ++i)
            out[i] = needs[i] * room / known;
        return out;
    }
    std::size_t flexibleParts = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (flexible[i]) ++flexibleParts;
    const float spare = room - known;
    for (std::size_t i = 0; i < n; ++i)
        out[i] = needs[i] + (flexibleParts == 0 ? spare / float(n)
                             : flexible[i]      ? spare / float(flexibleParts)
                                                : 0.0f);
    return out;
}

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
    if (!g_panels.empty()) {
        // At full text size it would need this much; a screen that sizes its grid by it
        // draws again when it changed.
        // (with what it left out for want of room: it would draw that with the room)
        const float need =
            std::ceil((content + g_leftOut) / scale + 2 * ImGui::GetStyle().WindowPadding.y) + 2; // whole px
        float& known = g_need[g_panels.back()];
        if (std::abs(known - need) > 1.0f) {
            known = need;
            requestRelayout();
        }
        g_panels.pop_back();
        g_leftOut = 0;
    }
    float next = scale;
    // The small text at this scale is still kMinTextShare of the body text (at scale 1).
    constexpr float kLeast = kMinTextShare * kBodyFontUnits / kSmallFontUnits;
    if (content > room + 0.5f && scale > kLeast)
        next = std::max(kLeast, scale * std::min(0.95f, room / content)); // shrink until it fits
    else if (content < room * 0.85f && scale < 1.0f)
        next = std::min(1.0f, scale * 1.05f); // grow back when there is room again
    if (next != scale) {
        storage->SetFloat(key, next);
        requestRelayout();
    }
    ImGui::EndChild();
}

bool chip(const UiContext& ctx, const std::string& label, bool selected, const std::string& mapName) {
    const float u = ctx.u;
    ImGui::PushStyleColor(ImGuiCol_Button,
                          ImGui::ColorConvertU32ToFloat4(selected ? color::kAccent : color::kPanelHigh));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, 30 * u);
    const bool clicked = ImGui::Button(label.c_str(), ImVec2(0, tapSize(64, u)));
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    mark(ctx.uiMap, mapName, label);
    return tapped(clicked, u);
}

void flow(float w) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float lastEnd = ImGui::GetItemRectMax().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    if (lastEnd + spacing + w <= right) ImGui::SameLine();
}

float chipWidth(const UiContext& ctx, const std::string& label) {
    return ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x + 0 * ctx.u;
}

} // namespace regiebord::ui

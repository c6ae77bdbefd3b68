#pragma once
// A titled panel (an ImGui child region) used by the screens' grids.

#include "theme.hpp"
#include "touch_scroll.hpp"

#include <imgui.h>

#include <string>
#include <vector>

namespace regiebord::ui {

/// Asks for one more frame because a panel changed its text size to fit.
void requestRelayout();
/// True (once) when a panel asked for another frame since the last call.
bool takeRelayout();

/// Begins a panel of the given size with a heading; always pair with endPanel().
/// A panel never scrolls: when its content does not fit (a small or portrait
/// screen), its text is drawn smaller on the next frame until it does, but never
/// so small that its small text falls under the room's minimum (kMinTextShare of
/// the body text): what still does not fit, the panel's content must leave out.
void notePanelBegin(const char* id);
inline void beginPanel(const char* id, ImVec2 size, const char* title, const Fonts& fonts) {
    notePanelBegin(id);
    ImGui::BeginChild(id, size, false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                          ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImGui::SetWindowFontScale(ImGui::GetStateStorage()->GetFloat(ImGui::GetID("##fit"), 1.0f));
    ImGui::PushFont(fonts.heading);
    ImGui::PushTextWrapPos(0.0f); // a narrow panel wraps its title, never cuts it
    ImGui::TextUnformatted(title);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
}
void endPanel();
/// Inside a panel: a part of height px (at the panel's current text size) was left out for
/// want of room. It still counts in panelNeed(), so that the grid gives it the room back.
void panelLeftOut(float height);

/// The height the panel `id` needed when it was last drawn, its padding included, at
/// its full text size (0 before it was first drawn): what a screen sizes its grid by.
float panelNeed(const char* id);

/// Splits `total` (minus spacing between parts) over parts that need `needs`: each gets
/// what it needs, and what is left goes to the parts marked flexible (lists that show
/// more in more room), in equal shares. When the needs do not fit, each gets the same
/// share of its need. A need of 0 (not measured yet) counts as an equal share.
std::vector<float> splitByNeed(float total, float spacing, const std::vector<float>& needs,
                               const std::vector<bool>& flexible);
struct UiContext;
/// A touch chip: a rounded button 64 units tall, highlighted when selected; true when tapped.
bool chip(const UiContext& ctx, const std::string& label, bool selected, const std::string& mapName);
/// Flow layout: SameLine unless the next item of width w would not fit.
void flow(float w);
/// The width of a chip with this label, in the current font.
float chipWidth(const UiContext& ctx, const std::string& label);

/// Splits the remaining content width into n columns with item spacing.
inline float columnWidth(int n) {
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    return (ImGui::GetContentRegionAvail().x - spacing * float(n - 1)) / float(n);
}

} // namespace regiebord::ui

namespace regiebord::ui {

/// True when the last item was tapped: pressed and released on it without a
/// drag (so scrolling a list never opens or chooses anything), and not by the
/// press that stopped a gliding list (touch_scroll.hpp).
inline bool tapped(bool clicked, float u) {
    const float limit = kTapSlopUnits * u;
    return clicked && ImGui::GetIO().MouseDragMaxDistanceSqr[0] < limit * limit && !pressCaughtFling();
}

/// Height of text wrapped at width in font.
inline float wrappedHeight(ImFont* font, const char* text, float width) {
    return font->CalcTextSizeA(font->FontSize, width, width, text).y;
}

} // namespace regiebord::ui

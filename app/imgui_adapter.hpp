#pragma once
// The few things the kiosk and its UI tests need from Dear ImGui's internals
// (imgui_internal.h, which changes between releases without notice). Only
// imgui_adapter.cpp includes that header (tests/lint/run.sh checks it), so an
// ImGui upgrade is checked and fixed here, in one file.

#include <imgui.h>

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace regiebord::ui::imgui_adapter {

/// A window as ImGui holds it now (a copy: the next frame may change the window).
struct WindowState {
    ImGuiID id = 0;
    std::string name;       ///< a child window's is "<parent>/<name>_<id in hex>"
    bool active = false;    ///< begun in the current frame
    bool wasActive = false; ///< begun in the frame before
    bool child = false;     ///< made by BeginChild
    ImVec2 pos;
    ImVec2 size;
    ImVec2 scroll;
    ImVec2 scrollMax;
    ImVec2 contentSize;
};

/// Every window of the current context, in ImGui's order.
std::vector<WindowState> windows();
/// The active child window made by BeginChild(name) in the last frame, if any.
std::optional<WindowState> activeChild(const std::string& name);
/// The id of the window being drawn.
ImGuiID currentWindowId();
/// The part of the current window its content shows in (inside its scrollbars), screen px.
std::pair<ImVec2, ImVec2> currentVisibleRect();
/// The last item's id: 0 for text and spacing, which cannot be pressed.
ImGuiID lastItemId();
/// The current window's id, then its parents' (a child window's chain up to the top).
std::vector<ImGuiID> currentWindowChain();
/// True when the current window, or one it sits in, is not shown this frame: ImGui lays a
/// new auto-sized window out once unseen, at a provisional place, before it shows it.
bool currentWindowHidden();
/// How tall the current window's content is so far: from where its cursor started to
/// the lowest point anything was placed.
float currentContentHeight();
/// True while a modal popup is open.
bool modalPopupOpen();
/// The topmost modal popup's place and size (x, y, width, height); none while no modal is open.
std::optional<std::array<float, 4>> modalPopupRect();
/// Scrolls a window vertically from the next frame on; no effect when no window has that id.
void setScrollY(ImGuiID window, float y);
/// Draws text (up to textEnd, or its NUL when textEnd is null) in [min, max], cut with an
/// ellipsis at ellipsisMaxX when it is wider (ImGui's own RenderTextEllipsis).
void renderTextEllipsis(ImDrawList* drawList, ImVec2 min, ImVec2 max, float clipMaxX, float ellipsisMaxX,
                        const char* text, const char* textEnd);

} // namespace regiebord::ui::imgui_adapter

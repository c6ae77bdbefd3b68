#pragma once
// Test mode: the rectangles of named widgets in the last drawn frame, written
// as JSON so that end-to-end tests can click by name (xdotool) and check that
// text stays inside its region. Off (and free) in normal runs.

#include <imgui.h>

#include <string>
#include <vector>

namespace regiebord::ui {

class UiMap {
public:
    explicit UiMap(std::string path) : m_path(std::move(path)) {}
    void beginFrame();
    /// Records the last ImGui item under name (with optional visible text).
    void markLastItem(const std::string& name, const std::string& text = {});
    void mark(const std::string& name, ImVec2 min, ImVec2 max, const std::string& text = {});
    /// Writes the file (atomically: temp + rename) when it changed. Child windows
    /// whose content does not fit and that are not scrolling lists are written as
    /// "overflow.<window>" items: text there is clipped.
    void endFrame(int frameNumber, const std::string& screen);

private:
    struct Item {
        std::string name;
        ImVec2 min;
        ImVec2 max;
        std::string text;
    };
    std::string m_path;
    std::vector<Item> m_items;
    std::string m_lastWritten;
};

/// Declares the current window a scrolling list (drag to scroll): content taller
/// than the window is then intended, not clipped text. Free when no map is active.
void noteScrollable();

/// Marks the last item when a map is active (map may be null).
inline void mark(UiMap* map, const std::string& name, const std::string& text = {}) {
    if (map) map->markLastItem(name, text);
}
/// Marks a rectangle drawn without an ImGui item when a map is active.
inline void mark(UiMap* map, const std::string& name, ImVec2 min, ImVec2 max, const std::string& text = {}) {
    if (map) map->mark(name, min, max, text);
}

} // namespace regiebord::ui

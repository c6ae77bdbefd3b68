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
    /// Records a rectangle under name; not when the current window is not shown this frame
    /// (returns false then).
    bool mark(const std::string& name, ImVec2 min, ImVec2 max, const std::string& text = {});
    /// Writes the file (atomically: temp + rename) when it changed. Child windows
    /// whose content does not fit and that are not scrolling lists are written as
    /// "overflow.<window>" items: text there is clipped.
    void endFrame(int frameNumber, const std::string& screen);
    /// What the map's readers check the text against: the body text's and the smallest
    /// allowed capitals, in px (room_profile.hpp).
    void setTypeScale(float bodyCap, float minCap, float scale) {
        m_bodyCap = bodyCap;
        m_minCap = minCap;
        m_scale = scale;
    }

private:
    struct Item {
        std::string name;
        ImVec2 min;
        ImVec2 max;
        std::string text;
        float cap = 0;       ///< px height of the capitals of its text; 0 when it has none
        bool inList = false; ///< in a scrolling list (or a window inside one): reachable by scrolling
        bool target = false; ///< a button: something to tap
        ImVec2 viewMin{};    ///< where its window shows content: outside, it is scrolled out of view
        ImVec2 viewMax{};
    };
    float m_bodyCap = 0;
    float m_minCap = 0;
    float m_scale = 0;
    std::string m_path;
    std::vector<Item> m_items;
    std::string m_lastWritten;
};

/// The height of a capital H in pixels as font draws it at size px (the glyph's real
/// bitmap, so what the room sees, not a nominal size).
float capHeight(const ImFont* font, float size);

/// Our text helpers (theme.hpp) say which font and size drew the text in [min, max]:
/// a mark of that same rectangle records its capitals' height. Free when no map is active.
void noteTextFont(ImVec2 min, ImVec2 max, const ImFont* font, float size);

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

#include "ui_map.hpp"

#include "imgui_adapter.hpp"
#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <set>

#include <cstdio>
#include <fstream>

namespace regiebord::ui {

namespace {
bool g_mapActive = false;
std::set<ImGuiID> g_scrollable; ///< windows that declared themselves lists, this frame
struct TextFont {
    ImVec2 min, max;
    float cap = 0;
};
TextFont g_lastText; ///< the last text our helpers drew
} // namespace

float capHeight(const ImFont* font, float size) {
    const ImFontGlyph* h = font ? font->FindGlyphNoFallback('H') : nullptr;
    if (!h || font->FontSize <= 0) return 0;
    return (h->Y1 - h->Y0) * size / font->FontSize;
}

void noteTextFont(ImVec2 min, ImVec2 max, const ImFont* font, float size) {
    if (g_mapActive) g_lastText = {min, max, capHeight(font, size)};
}

void noteScrollable() {
    if (g_mapActive) g_scrollable.insert(imgui_adapter::currentWindowId());
}

void UiMap::beginFrame() {
    m_items.clear();
    g_mapActive = true;
    g_scrollable.clear();
    g_lastText = {};
}

void UiMap::markLastItem(const std::string& name, const std::string& text) {
    if (!mark(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), text)) return;
    // Buttons (and the invisible ones of cards and rows) have an id; text and spacing do not.
    m_items.back().target = imgui_adapter::lastItemId() != 0;
}

bool UiMap::mark(const std::string& name, ImVec2 min, ImVec2 max, const std::string& text) {
    // The map is what the room sees: not a window laid out unseen. A dialog opened for the
    // first time is placed at ImGui's default spot in that frame and centred in the next; a
    // test tapping where the unseen frame put its button missed it (docs/appliance.md).
    if (imgui_adapter::currentWindowHidden()) return false;
    // The font that drew it: our helper's, when it drew this very rectangle; else the
    // font in use (ImGui's own widgets draw their label in it).
    const bool helper = g_lastText.min.x == min.x && g_lastText.min.y == min.y && g_lastText.max.x == max.x &&
                        g_lastText.max.y == max.y;
    const float cap = text.empty() ? 0.0f
                      : helper     ? g_lastText.cap
                                   : capHeight(ImGui::GetFont(), ImGui::GetFontSize());
    bool inList = false;
    for (const ImGuiID id : imgui_adapter::currentWindowChain())
        inList = inList || g_scrollable.contains(id);
    const auto [viewMin, viewMax] = imgui_adapter::currentVisibleRect();
    m_items.push_back({name, min, max, text, cap, inList, false, viewMin, viewMax});
    return true;
}

void UiMap::endFrame(int frameNumber, const std::string& screen) {
    for (const auto& window : imgui_adapter::windows()) {
        // Drawn in this frame and the one before: a window's scroll range is measured from
        // the frame before, so a window that just appeared or went away has none to judge.
        if (!window.active || !window.wasActive || !window.child) continue;
        if (g_scrollable.contains(window.id)) continue;
        if (window.scrollMax.y > 0.5f || window.scrollMax.x > 0.5f)
            m_items.push_back(
                {"overflow." + window.name, window.pos,
                 ImVec2(window.pos.x + window.size.x, window.pos.y + window.size.y),
                 "x " + std::to_string(window.scrollMax.x) + ", y " + std::to_string(window.scrollMax.y)});
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : m_items)
        items.push_back({{"name", item.name},
                         {"x", item.min.x},
                         {"y", item.min.y},
                         {"w", item.max.x - item.min.x},
                         {"h", item.max.y - item.min.y},
                         {"text", item.text},
                         {"cap", item.cap},
                         {"list", item.inList},
                         {"view",
                          {item.viewMin.x, item.viewMin.y, item.viewMax.x - item.viewMin.x,
                           item.viewMax.y - item.viewMin.y}},
                         {"target", item.target}});
    nlohmann::json doc{{"screen", screen},
                       {"type", {{"body_cap", m_bodyCap}, {"min_cap", m_minCap}, {"scale", m_scale}}},
                       {"items", items}};
    std::string text = jsonText(doc);
    if (text == m_lastWritten) return;
    doc["frame"] = frameNumber;
    const std::string tmp = m_path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << jsonText(doc, 1);
        out.close();
        // A map written only in part is not put in place: the test reads the previous one.
        if (!out) return;
    }
    if (std::rename(tmp.c_str(), m_path.c_str()) != 0) return;
    m_lastWritten = std::move(text);
}

} // namespace regiebord::ui

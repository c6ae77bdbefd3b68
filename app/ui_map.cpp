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
} // namespace

void noteScrollable() {
    if (g_mapActive) g_scrollable.insert(imgui_adapter::currentWindowId());
}

void UiMap::beginFrame() {
    m_items.clear();
    g_mapActive = true;
    g_scrollable.clear();
}

void UiMap::markLastItem(const std::string& name, const std::string& text) {
    mark(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), text);
}

void UiMap::mark(const std::string& name, ImVec2 min, ImVec2 max, const std::string& text) {
    m_items.push_back({name, min, max, text});
}

void UiMap::endFrame(int frameNumber, const std::string& screen) {
    for (const auto& window : imgui_adapter::windows()) {
        if (!window.wasActive || !window.child) continue;
        if (g_scrollable.contains(window.id)) continue;
        if (window.scrollMax.y > 0.5f || window.scrollMax.x > 0.5f)
            m_items.push_back({"overflow." + window.name, window.pos,
                               ImVec2(window.pos.x + window.size.x, window.pos.y + window.size.y),
                               std::to_string(window.scrollMax.y)});
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : m_items)
        items.push_back({{"name", item.name},
                         {"x", item.min.x},
                         {"y", item.min.y},
                         {"w", item.max.x - item.min.x},
                         {"h", item.max.y - item.min.y},
                         {"text", item.text}});
    nlohmann::json doc{{"screen", screen}, {"items", items}};
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

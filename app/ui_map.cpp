#include "ui_map.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace regiebord::ui {

void UiMap::markLastItem(const std::string& name, const std::string& text) {
    mark(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), text);
}

void UiMap::mark(const std::string& name, ImVec2 min, ImVec2 max, const std::string& text) {
    m_items.push_back({name, min, max, text});
}

void UiMap::endFrame(int frameNumber, const std::string& screen) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : m_items)
        items.push_back({{"name", item.name},
                         {"x", item.min.x},
                         {"y", item.min.y},
                         {"w", item.max.x - item.min.x},
                         {"h", item.max.y - item.min.y},
                         {"text", item.text}});
    nlohmann::json doc{{"screen", screen}, {"items", items}};
    std::string text = doc.dump();
    if (text == m_lastWritten) return;
    doc["frame"] = frameNumber;
    const std::string tmp = m_path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << doc.dump(1);
    }
    std::rename(tmp.c_str(), m_path.c_str());
    m_lastWritten = std::move(text);
}

} // namespace regiebord::ui

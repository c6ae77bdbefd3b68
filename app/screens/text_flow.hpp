#pragma once
// Text laid out with ImDrawList so that a card can be measured before it is
// drawn: runs of mixed fonts that wrap between runs, and wrapped paragraphs.

#include <imgui.h>

#include <string>
#include <vector>

namespace regiebord::ui {

struct TextRun {
    ImFont* font = nullptr;
    ImU32 color = 0;
    std::string text;
};

/// Lays runs out left to right on shared baselines, starting a new line when
/// the next run does not fit (a run wider than the whole line wraps inside
/// itself). Draws when dl is not null; returns the height used.
float flowRuns(ImDrawList* dl, ImVec2 pos, float width, const std::vector<TextRun>& runs, float gap);

/// A paragraph wrapped at width; draws when dl is not null; returns its height.
float paragraph(ImDrawList* dl, ImVec2 pos, float width, ImFont* font, ImU32 color, const std::string& text);

} // namespace regiebord::ui

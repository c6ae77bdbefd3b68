#pragma once
// Text laid out with ImDrawList so that a card can be measured before it is
// drawn: runs of mixed fonts that wrap between runs, and wrapped paragraphs.

#include <imgui.h>

#include <string>
#include <utility>
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

/// A title that fits width on one line, or its first line and the rest (the rest is
/// drawn cut with "…" when it does not fit a second line).
std::pair<std::string, std::string> splitTitle(ImFont* font, const std::string& title, float width);

} // namespace regiebord::ui
